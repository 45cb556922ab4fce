// Remember the language a reader chooses in the language switcher, so the
// site's root address sends them to it next time.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".catalyst-language-switcher a[hreflang]");
  if (!link) return;
  try {
    localStorage.setItem("catalyst-language", link.getAttribute("hreflang"));
  } catch (e) {
    // Storage may be disabled; the switcher still works.
  }
});
