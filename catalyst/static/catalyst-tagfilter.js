// Tag filter for post lists: chips toggle tags, the list shows the posts that
// carry every chosen tag, and the address records the choice (?tag=news), so
// the back button, bookmarks and shared links all work. Without JavaScript
// the chips are plain links to the tag pages.
(function () {
  "use strict";
  var nav = document.querySelector(".catalyst-tagfilter");
  var list = document.querySelector(".catalyst-postlist");
  if (!nav || !list) return;
  var chips = Array.prototype.slice.call(nav.querySelectorAll("a[data-tag]"));
  var items = Array.prototype.slice.call(list.querySelectorAll(".catalyst-postlist__item"));
  var clear = nav.querySelector(".catalyst-tagfilter__clear");
  var status = nav.querySelector(".catalyst-tagfilter__status");
  var known = chips.map(function (chip) { return chip.getAttribute("data-tag"); });

  function chosenFromUrl() {
    var params = new URLSearchParams(window.location.search);
    return params.getAll("tag").filter(function (tag) { return known.indexOf(tag) >= 0; });
  }

  function apply(chosen, announce) {
    var shown = 0;
    items.forEach(function (item) {
      var tags = (item.getAttribute("data-tags") || "").split(" ");
      var match = chosen.every(function (tag) { return tags.indexOf(tag) >= 0; });
      item.hidden = !match;
      if (match) shown += 1;
    });
    chips.forEach(function (chip) {
      chip.setAttribute("aria-pressed", chosen.indexOf(chip.getAttribute("data-tag")) >= 0 ? "true" : "false");
    });
    clear.hidden = chosen.length === 0;
    if (announce || chosen.length) {
      var text = shown === 1 ? nav.getAttribute("data-one") : nav.getAttribute("data-many");
      status.textContent = text.replace("{count}", String(shown));
    } else {
      status.textContent = "";
    }
  }

  function go(chosen) {
    var params = new URLSearchParams(window.location.search);
    params.delete("tag");
    chosen.forEach(function (tag) { params.append("tag", tag); });
    var query = params.toString();
    history.pushState({ tags: chosen }, "", window.location.pathname + (query ? "?" + query : ""));
    apply(chosen, true);
  }

  chips.forEach(function (chip) {
    chip.setAttribute("role", "button");
    chip.addEventListener("click", function (event) {
      event.preventDefault();
      var tag = chip.getAttribute("data-tag");
      var chosen = chosenFromUrl();
      var at = chosen.indexOf(tag);
      if (at >= 0) chosen.splice(at, 1); else chosen.push(tag);
      go(chosen);
    });
    chip.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); chip.click(); }
    });
  });
  clear.addEventListener("click", function () { go([]); chips[0] && chips[0].focus(); });
  window.addEventListener("popstate", function () { apply(chosenFromUrl(), true); });
  apply(chosenFromUrl(), false);
})();
