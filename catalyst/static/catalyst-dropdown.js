// The site's dropdown menus ("More" in the navigation bar, the colour-mode
// menu), in place of Bootstrap's script (24 KB gzip), which the site used
// for nothing else.  Same markup and classes as Bootstrap's: a button with
// data-bs-toggle="dropdown" shows the .dropdown-menu next to it by adding
// .show; a click elsewhere, Escape or a choice closes it.  Arrow keys move
// between the menu's items.  The buttons' title attributes remain as the
// browser's own tooltips.
(function () {
  "use strict";
  var SELECTOR = '[data-bs-toggle="dropdown"]';

  function menuOf(toggle) {
    var parent = toggle.parentElement;
    return parent && parent.querySelector(".dropdown-menu");
  }

  function close(toggle) {
    var menu = menuOf(toggle);
    if (!menu || !menu.classList.contains("show")) return;
    menu.classList.remove("show");
    toggle.classList.remove("show");
    toggle.setAttribute("aria-expanded", "false");
    toggle.parentElement.dispatchEvent(new Event("hide.bs.dropdown"));
  }

  function closeAll(except) {
    document.querySelectorAll(SELECTOR).forEach(function (toggle) {
      if (toggle !== except) close(toggle);
    });
  }

  function open(toggle) {
    var menu = menuOf(toggle);
    if (!menu) return;
    closeAll(toggle);
    // As Bootstrap does in a navigation bar: placed by the stylesheet.
    menu.setAttribute("data-bs-popper", "static");
    menu.classList.add("show");
    toggle.classList.add("show");
    toggle.setAttribute("aria-expanded", "true");
  }

  function items(menu) {
    return Array.prototype.slice.call(menu.querySelectorAll(".dropdown-item:not(.disabled):not(:disabled)"));
  }

  document.querySelectorAll(SELECTOR).forEach(function (toggle) {
    if (!toggle.hasAttribute("aria-expanded")) toggle.setAttribute("aria-expanded", "false");
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(SELECTOR);
    if (toggle) {
      event.preventDefault();
      var menu = menuOf(toggle);
      if (menu && menu.classList.contains("show")) close(toggle);
      else open(toggle);
      return;
    }
    var item = event.target.closest && event.target.closest(".dropdown-menu .dropdown-item");
    // A choice in a menu, or a click outside any menu, closes the menus.
    if (item || !(event.target.closest && event.target.closest(".dropdown-menu"))) closeAll(null);
  });

  document.addEventListener("keydown", function (event) {
    var open = document.querySelector(".dropdown-menu.show");
    if (!open) return;
    var toggle = open.parentElement.querySelector(SELECTOR);
    if (event.key === "Escape") {
      close(toggle);
      toggle.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var list = items(open);
      if (!list.length) return;
      event.preventDefault();
      var index = list.indexOf(document.activeElement);
      index = event.key === "ArrowDown" ? (index + 1) % list.length : (index - 1 + list.length) % list.length;
      list[index].focus();
    }
  });

  // Focus leaving an open menu (Tab past its last item) closes it.
  document.addEventListener("focusin", function (event) {
    var open = document.querySelector(".dropdown-menu.show");
    if (open && !open.parentElement.contains(event.target)) close(open.parentElement.querySelector(SELECTOR));
  });
})();
