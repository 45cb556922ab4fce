"""The layout at the widths readers use: 320, 360 and 390 px phones, a 768 px tablet, 1024 and 1280 px desktops.

At every width, in every language, on one page of every kind (and the pages
with tables, cards and questions), each loaded once at the narrowest width and
then widened step by step, as a reader turning a phone or widening a window
does, with every check run at each width:

- nothing runs past the window's right edge, the page never scrolls sideways,
  and no heading is clipped (a wide table may scroll inside its own labelled
  region on a phone, which itself fits; from 1024 px every table fits its
  column);
- the header's buttons and links are at least 44 x 44 px (icon-only ones) or
  44 px tall, with icons of at least 16 px;
- from 1024 px up, the header is one row; the "More" and theme menus open
  inside the window; no empty sidebar column is shown;
- on phones the language switch is in the header, and the menu has a Home item
  and marks the current page.

Each check is also run once against a page with a planted fault (a clipped
heading, a page wider than the window, a small button, a second header row, a menu off the edge, an empty
sidebar), so a check that could never fail would be noticed.

Screenshots of every page kind, for people to look at, are ``make screenshots``
(``tests/screenshots.py``), not part of the suite.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from tools.build import languages as site_languages

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

LANGUAGES = list(site_languages(ROOT))
WIDTHS = (320, 360, 390, 768, 1024, 1280)
DESKTOPS = tuple(w for w in WIDTHS if w >= 1024)
PHONES = tuple(w for w in WIDTHS if w < 960)  # the theme's phone header is below 960 px
HEIGHT = 800
EXTRA_PAGES = ("faq.html", "contact.html", "people.html", "current-community-partners.html", "team.html")

# Everything visible that ends past the right edge, except inside a scrolling table region;
# headings whose text is wider than their box (clipped or running out of it).
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth;
  const shown = e => e.checkVisibility() && e.getBoundingClientRect().width > 1
    && getComputedStyle(e).clipPath !== "inset(50%)" && !e.closest(".visually-hidden, .sr-only");
  const found = [];
  for (const e of document.body.querySelectorAll("*")) {
    if (e.closest(".catalyst-table-scroll") && !e.classList.contains("catalyst-table-scroll")) continue;
    if (getComputedStyle(e).position === "fixed" || e.closest("dialog")) continue;
    const box = e.getBoundingClientRect();
    if (box.right > width + 1 && shown(e)) found.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")} ends at ${Math.round(box.right)}`);
  }
  // On a desktop every table fits its column (its region never needs to scroll).
  for (const region of document.querySelectorAll(".catalyst-table-scroll")) {
    if (width >= 1024 && shown(region) && region.scrollWidth > region.clientWidth + 1) found.push(`the table in "${region.getAttribute("aria-label")}" is wider than its column (${region.scrollWidth} > ${region.clientWidth})`);
  }
  for (const h of document.querySelectorAll("h1, h2, h3, h4, summary")) {
    if (shown(h) && h.scrollWidth > h.clientWidth + 1) found.push(`${h.tagName.toLowerCase()} "${h.textContent.trim().slice(0, 40)}" is clipped (${h.scrollWidth} > ${h.clientWidth})`);
  }
  // and the page itself never scrolls sideways (hidden content counts too)
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width + 1) found.push(`the page scrolls sideways: ${scroll} px wide in ${width} px`);
  return {width, found: found.slice(0, 10)};
}"""

# The header's controls: size of each visible button and link, and of its icon.
HEADER_CONTROLS = """() => [...document.querySelectorAll("#pst-header :is(button, a)")]
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 1)
  .map(e => {
    const box = e.getBoundingClientRect();
    const icon = [...e.querySelectorAll("i, span.fa-solid, svg")].find(i => i.checkVisibility());
    const iconBox = icon ? icon.getBoundingClientRect() : null;
    return {name: (e.getAttribute("aria-label") || e.textContent).trim().slice(0, 30) || e.className,
            width: box.width, height: box.height, iconOnly: !e.textContent.trim(), brand: e.classList.contains("navbar-brand"),
            icon: iconBox ? Math.min(iconBox.width, iconBox.height) : null};
  })"""

# The header's visible items (logo, links, buttons): on one row if their vertical extents all overlap.
HEADER_ROWS = """() => {
  const items = [...document.querySelectorAll("#pst-header .navbar-brand, #pst-header .navbar-nav > li, #pst-header .navbar-header-items__end .navbar-item, #pst-header .bd-header__inner > button")]
    .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 1)
    .map(e => ({name: (e.textContent.trim() || e.className).slice(0, 30), top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom}));
  return {items, top: Math.max(...items.map(i => i.top)), bottom: Math.min(...items.map(i => i.bottom))};
}"""

# The primary sidebar, when it takes room on a desktop: does it hold anything but the theme's collapse button?
SIDEBAR = """() => {
  const bar = document.querySelector("#pst-primary-sidebar");
  if (!bar || !bar.checkVisibility() || bar.getBoundingClientRect().width < 2) return null;
  // The theme's own furniture ("Collapse Sidebar", "Section Navigation") is not content.
  const content = [...bar.querySelectorAll("a, li, p:not(.bd-links__title)")].filter(e => e.checkVisibility()
    && e.getBoundingClientRect().width > 1 && !e.closest(".pst-sidebar-collapse, .sidebar-header-items") && e.textContent.trim());
  return {width: Math.round(bar.getBoundingClientRect().width), content: content.length};
}"""

INSIDE = """async selector => {
  const e = document.querySelector(selector);
  // Measure where it comes to rest (a menu may slide in).
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  const box = e.getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          width: document.documentElement.clientWidth, height: window.innerHeight, shown: e.checkVisibility()};
}"""


def pages(page_kinds, language: str) -> list[str]:
    return [*page_kinds[language].values(), *EXTRA_PAGES]


@pytest.fixture(scope="module")
def at_width(browse):
    """``at_width(width)``: a page of that width (one browser context per width, closed with the module)."""
    opened = {}

    def get(width: int):
        if width not in opened:
            opened[width] = browse(viewport={"width": width, "height": HEIGHT})
        return opened[width].page

    yield get
    for visit in opened.values():
        visit.close()


def past_the_edge(page) -> list[str]:
    return page.evaluate(PAST_THE_EDGE)["found"]


def small_controls(page) -> list[str]:
    problems = []
    for c in page.evaluate(HEADER_CONTROLS):
        if c["brand"]:
            continue
        if c["height"] < 44 or (c["iconOnly"] and c["width"] < 44):
            problems.append(f"{c['name']!r} is {c['width']:.0f} x {c['height']:.0f} px")
        if c["icon"] is not None and c["icon"] < 16:
            problems.append(f"{c['name']!r} has a {c['icon']:.0f} px icon")
    return problems


def header_rows(page) -> str | None:
    """None when the header is one row, otherwise what is on which row."""
    rows = page.evaluate(HEADER_ROWS)
    if rows["top"] < rows["bottom"]:
        return None
    return "; ".join(f"{i['name']!r} at {i['top']:.0f}-{i['bottom']:.0f}" for i in rows["items"])


def outside_window(page, selector: str) -> str | None:
    box = page.evaluate(INSIDE, selector)
    if not box["shown"]:
        return f"{selector} is not shown"
    if box["left"] < 0 or box["right"] > box["width"] + 1 or box["top"] < 0 or box["bottom"] > box["height"] + 1:
        return f"{selector} spans x {box['left']:.0f}-{box['right']:.0f}, y {box['top']:.0f}-{box['bottom']:.0f}"
    return None


# -- every width, every language ---------------------------------------------------------------


def layout_problems(page, width: int) -> list[str]:
    """What is wrong with the loaded page's layout at *width* px (every check of this module's list)."""
    problems = past_the_edge(page) + small_controls(page)
    if width in DESKTOPS:
        rows = header_rows(page)
        if rows:
            problems.append(f"the header is more than one row: {rows}")
        bar = page.evaluate(SIDEBAR)
        if bar is not None and not bar["content"]:
            problems.append(f"an empty {bar['width']} px sidebar")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_page_fits_every_width(browse, server, page_kinds, language):
    """Each page is loaded once, at the narrowest width, then widened through the others; every
    check runs at each width."""
    visit = browse(viewport={"width": WIDTHS[0], "height": HEIGHT})
    page, problems = visit.page, []
    try:
        for path in pages(page_kinds, language):
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            page.goto(server(f"{language}/{path}"))
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                problems += [f"{language}/{path} at {width} px: {found}" for found in layout_problems(page, width)]
    finally:
        visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", DESKTOPS)
def test_desktop_menus_open_inside_the_window(at_width, server, languages, width):
    page = at_width(width)
    problems = []
    for language in languages:
        page.goto(server(f"{language}/index.html"))
        for button, menu in (
            (
                "#pst-header .navbar-header-items__center .dropdown-toggle",
                "#pst-header .navbar-header-items__center .dropdown-menu",
            ),
            (
                "#pst-header .navbar-header-items .theme-switch-button",
                "#pst-header .navbar-header-items .theme-switch-container .dropdown-menu",
            ),
        ):
            page.locator(button).click()
            found = outside_window(page, menu)
            if found:
                problems.append(f"{language}: {found}")
            page.keyboard.press("Escape")
    assert not problems, f"menus outside the window at {width} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", PHONES)
def test_phone_header_and_menu(at_width, server, languages, width):
    page = at_width(width)
    for language in languages:
        page.goto(server(f"{language}/faq.html"))
        switch = page.locator("#pst-header .catalyst-language-switcher a[hreflang]").filter(visible=True)
        assert switch.count() == 1, f"{language}: no language switch in the phone header at {width} px"
        assert outside_window(page, "#pst-header .navbar-persistent--mobile .catalyst-language-switcher") is None
        page.locator("#pst-header .primary-toggle").click()
        drawer = page.locator("#pst-primary-sidebar-modal")
        assert drawer.is_visible(), "the menu button does not open the menu"
        assert outside_window(page, "#pst-primary-sidebar-modal") is None
        home = drawer.locator(".catalyst-nav-home a")
        assert home.is_visible() and home.get_attribute("href") == "index.html", "the phone menu has no Home item"
        current = drawer.locator('a.nav-link[aria-current="page"]')
        assert current.count() == 1 and current.is_visible(), "the phone menu does not mark the current page"
        weight = current.evaluate("e => getComputedStyle(e).fontWeight")
        assert int(weight) >= 600, "the current page is marked for screen readers only"
        page.keyboard.press("Escape")


# -- search --------------------------------------------------------------------------------------

SEARCH_WORDS = {"en": "training", "es": "formación"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_results_read_well_and_leave_no_highlight_behind(visit, server, language):
    page = visit.page
    page.goto(server(f"{language}/search.html?q={SEARCH_WORDS[language]}"))
    page.wait_for_function("() => document.querySelector('#search-results .search-summary')?.textContent.trim()")
    # Sphinx fills in the snippets one result after another: wait for a post's
    page.wait_for_function(
        """() => [...document.querySelectorAll('#search-results li')].some(
               (li) => li.querySelector('a')?.href.includes('/blog/20') && li.querySelector('p.context')?.textContent)"""
    )
    heading = page.locator("#search-results h2").inner_text()
    assert heading != "Search Results", "the results are headed in Sphinx's words, not the site's"
    # Snippets of posts: the text of the post, not its date, authors and tags run together.
    results = page.eval_on_selector_all(
        "#search-results li",
        "els => els.map(e => ({href: e.querySelector('a').href, text: e.querySelector('p.context')?.textContent || ''}))",
    )
    posts = [r for r in results if "/blog/20" in r["href"] and r["text"]]
    assert posts, f"no post among the results: {[r['href'] for r in results]}"
    for result in posts[:3]:
        tab = visit.context.new_page()
        tab.goto(result["href"])
        meta = tab.locator(".catalyst-post-meta").first.inner_text().split("\n")[0].strip()
        tab.close()
        assert meta and meta not in result["text"], (
            f"the snippet of {result['href']} starts with its metadata: {result['text'][:80]!r}"
        )
    # The page a result opens carries no highlight and no "Hide Search Matches" button.
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state("load")
    assert page.locator(".highlight-link, #searchbox").count() == 0
    assert page.locator("span.highlighted").count() == 0


# -- the checks find what they look for -------------------------------------------------------------

FAULTS = {
    "clipped heading": "h1 { white-space: nowrap; overflow: hidden; font-size: 4rem !important; }",
    "sideways scroll": "main::after { content: ''; display: block; width: 2000px; height: 1px; visibility: hidden; }",
    "small control": "#pst-header .primary-toggle, #pst-header .search-button__button { min-width: 0 !important; min-height: 0 !important; width: 30px !important; height: 30px !important; }",
    "second row": "#pst-header .navbar-header-items { flex-wrap: wrap !important; } #pst-header .navbar-header-items__end { flex-basis: 100% !important; }",
    "menu off the edge": "#pst-header .navbar-header-items__center .dropdown-menu { left: 900px !important; right: auto !important; }",
    "empty sidebar": "#pst-primary-sidebar.hide-on-wide { display: flex !important; width: 20rem !important; }",
}


def test_the_checks_find_planted_faults(browser, server):
    # The pages' content security policy forbids added styles; this context lets the faults in.
    contexts = [browser.new_context(viewport={"width": w, "height": HEIGHT}, bypass_csp=True) for w in (320, 1280)]
    try:
        check_planted_faults(*(context.new_page() for context in contexts), server)
    finally:
        for context in contexts:
            context.close()


def check_planted_faults(phone, desktop, server):
    phone.goto(server("en/faq.html"))
    assert not past_the_edge(phone) and not small_controls(phone)
    phone.add_style_tag(content=FAULTS["clipped heading"])
    assert any("is clipped" in found for found in past_the_edge(phone))
    phone.goto(server("en/faq.html"))
    phone.add_style_tag(content=FAULTS["sideways scroll"])
    assert any("scrolls sideways" in found for found in past_the_edge(phone))
    phone.goto(server("en/faq.html"))
    phone.add_style_tag(content=FAULTS["small control"])
    assert small_controls(phone)
    # a fault of the wide layout only: found once the loaded page is widened, as the width test does
    phone.goto(server("en/faq.html"))
    phone.add_style_tag(content=f"@media (min-width: 1000px) {{ {FAULTS['sideways scroll']} }}")
    assert not past_the_edge(phone)
    phone.set_viewport_size({"width": 1280, "height": HEIGHT})
    assert any("scrolls sideways" in found for found in past_the_edge(phone))

    desktop.goto(server("en/faq.html"))
    assert header_rows(desktop) is None and desktop.evaluate(SIDEBAR) is None
    desktop.add_style_tag(content=FAULTS["second row"])
    assert header_rows(desktop) is not None
    desktop.goto(server("en/faq.html"))
    desktop.add_style_tag(content=FAULTS["empty sidebar"])
    bar = desktop.evaluate(SIDEBAR)
    assert bar is not None and bar["content"] == 0
    desktop.goto(server("en/index.html"))
    desktop.add_style_tag(content=FAULTS["menu off the edge"])
    desktop.locator("#pst-header .navbar-header-items__center .dropdown-toggle").click()
    assert outside_window(desktop, "#pst-header .navbar-header-items__center .dropdown-menu") is not None
