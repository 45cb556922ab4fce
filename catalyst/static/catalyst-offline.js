// Registers the site's service worker (sw.js at the root of this language's
// pages; see catalyst/serviceworker.js), which keeps the pages a reader opens
// so that they open again without a connection.  Only on http(s): a preview
// opened from disk (file://) has no service workers, and works as before.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  navigator.serviceWorker.register(new URL(root + "sw.js", location.href).href).catch(function () {
    // No worker (private mode, storage full...): the site works online as before.
  });
})();
