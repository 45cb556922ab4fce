"""The site in a real browser: the blog's tag filter, keyboard use, script errors.

- The tag filter (``catalyst/static/catalyst-tagfilter.js`` over the chips that
  ``catalyst/blog.py`` renders) is checked against the tag pages themselves: a
  chip must show exactly the posts its tag page lists.
- The header's controls (navbar, language switcher, theme switcher, search)
  are reached with Tab and work with Enter and Space, on a desktop and in the
  phone menu; a search finds a word of the site in every language.
- No page runs into a script error.

How pages fit the screens readers use is ``test_layout.py``.
"""

from __future__ import annotations

import pytest

from conftest import ROOT
from tools.build import languages as site_languages

pytest_plugins = ["browser"]

LANGUAGES = list(site_languages(ROOT))

SHOWN_TITLES = """els => els.filter(e => e.checkVisibility()).map(e => e.href)"""
TITLE_LINKS = ".catalyst-postlist__item .catalyst-postlist__title a"


def shown_posts(page) -> list[str]:
    """Absolute addresses of the posts the list shows (hidden items left out)."""
    return page.eval_on_selector_all(TITLE_LINKS, SHOWN_TITLES)


def chip(page, slug: str):
    return page.locator(f'.catalyst-tagfilter a[data-tag="{slug}"]')


def status(page) -> str:
    return page.locator('.catalyst-tagfilter [role="status"]').inner_text().strip()


def tag_query(page) -> list[str]:
    return page.evaluate("() => new URLSearchParams(location.search).getAll('tag')")


@pytest.fixture(scope="module")
def tag_pages(browse, server, languages):
    """For each language, each tag's posts as its tag page lists them (absolute addresses)."""
    current = browse()
    found = {}
    try:
        page = current.page
        for language in languages:
            page.goto(server(f"{language}/blog/index.html"))
            slugs = page.eval_on_selector_all(".catalyst-tagfilter a[data-tag]", "els => els.map(e => e.dataset.tag)")
            assert len(slugs) >= 2, f"{language}: the blog index has fewer than two tag chips"
            found[language] = {}
            for slug in slugs:
                page.goto(server(f"{language}/blog/tag/{slug}.html"))
                found[language][slug] = set(shown_posts(page))
                assert found[language][slug], f"{language}: tag page {slug} lists no post"
    finally:
        current.close()
    return found


def expected_count_text(page, count: int) -> str:
    nav = page.locator(".catalyst-tagfilter")
    template = nav.get_attribute("data-one") if count == 1 else nav.get_attribute("data-many")
    return template.replace("{count}", str(count))


def two_tags_sharing_posts(tags: dict[str, set[str]]) -> tuple[str, str]:
    """Two tags whose intersection is smaller than the first tag's posts but not empty."""
    for first, first_posts in tags.items():
        for second, second_posts in tags.items():
            if first != second and 0 < len(first_posts & second_posts) < len(first_posts):
                return first, second
    pytest.fail(f"no two tags share some but not all posts: {sorted(tags)}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_tag_filter_click_intersection_back_and_clear(visit, server, tag_pages, language):
    page = visit.page
    tags = tag_pages[language]
    first, second = two_tags_sharing_posts(tags)
    page.goto(server(f"{language}/blog/index.html"))
    everything = shown_posts(page)
    assert set(everything) >= set().union(*tags.values())
    clear = page.locator(".catalyst-tagfilter__clear")
    assert clear.is_hidden(), "the clear button shows before any tag is chosen"

    chip(page, first).click()
    assert set(shown_posts(page)) == tags[first], f"{language}: chip {first} does not show its tag page's posts"
    assert tag_query(page) == [first]
    assert status(page) == expected_count_text(page, len(tags[first]))
    assert chip(page, first).get_attribute("aria-pressed") == "true"
    assert clear.is_visible()

    chip(page, second).click()
    both = tags[first] & tags[second]
    assert set(shown_posts(page)) == both, f"{language}: {first} + {second} is not the intersection"
    assert tag_query(page) == [first, second]
    assert status(page) == expected_count_text(page, len(both))

    page.go_back()
    page.wait_for_function(f"() => new URLSearchParams(location.search).getAll('tag').join() === {first!r}")
    assert set(shown_posts(page)) == tags[first], "Back does not restore the previous filter"
    assert chip(page, second).get_attribute("aria-pressed") == "false"

    clear.click()
    assert shown_posts(page) == everything
    assert tag_query(page) == []
    assert clear.is_hidden(), "the clear button stays after clearing"
    assert all(chip(page, slug).get_attribute("aria-pressed") == "false" for slug in tags)


@pytest.mark.parametrize("language", LANGUAGES)
def test_tag_filter_from_the_address(visit, server, tag_pages, language):
    page = visit.page
    page.goto(server(f"{language}/blog/index.html?tag=training"))
    assert set(shown_posts(page)) == tag_pages[language]["training"]
    assert chip(page, "training").get_attribute("aria-pressed") == "true"
    assert status(page) == expected_count_text(page, len(tag_pages[language]["training"]))
    assert page.locator(".catalyst-tagfilter__clear").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_tag_filter_by_keyboard(visit, server, tag_pages, language):
    page = visit.page
    tags = tag_pages[language]
    first, second = two_tags_sharing_posts(tags)
    page.goto(server(f"{language}/blog/index.html"))
    # Tab reaches the chips (from the one before the first, to stay independent of the page's other links).
    chips = page.locator(".catalyst-tagfilter a[data-tag]")
    chips.first.focus()
    for _ in range(chips.count()):
        if page.evaluate("() => document.activeElement.dataset.tag") == first:
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.tag") == first, "Tab does not reach the chip"
    page.keyboard.press("Space")
    assert set(shown_posts(page)) == tags[first], "Space on a chip does not filter"
    assert page.url.startswith(server(f"{language}/blog/index.html")), "Space followed the link"
    chip(page, second).focus()
    page.keyboard.press("Enter")
    assert set(shown_posts(page)) == tags[first] & tags[second], "Enter on a chip does not filter"
    assert page.url.startswith(server(f"{language}/blog/index.html")), "Enter followed the link"
    page.keyboard.press("Enter")
    assert set(shown_posts(page)) == tags[first], "Enter on a chosen chip does not unchoose it"


@pytest.mark.parametrize("language", LANGUAGES)
def test_tag_filter_without_javascript_chips_are_links(browse, server, tag_pages, language):
    current = browse(javascript=False)
    try:
        page = current.page
        page.goto(server(f"{language}/blog/index.html"))
        everything = shown_posts(page)
        assert set(everything) >= set().union(*tag_pages[language].values())
        assert page.locator(".catalyst-tagfilter__clear").is_hidden()
        chips = page.locator(".catalyst-tagfilter a[data-tag]")
        assert chips.count() == len(tag_pages[language])
        for index in range(chips.count()):
            assert chips.nth(index).get_attribute("role") is None, "a chip is a button without JavaScript"
        chip(page, "training").click()
        page.wait_for_url(server(f"{language}/blog/tag/training.html"))
        assert set(shown_posts(page)) == tag_pages[language]["training"]
    finally:
        current.close()


# -- the header by keyboard -----------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  return {tag: e.tagName, cls: e.className || "", href: e.getAttribute("href") || "", text: (e.innerText || "").trim(),
          mode: e.dataset.mode || "", visible: e.checkVisibility()};
}"""
# A word of the site in each language, and a page a search for it finds.
SEARCH_WORDS = {"en": ("training", "training.html"), "es": ("formación", "training.html")}


def tab_to(page, matches, limit: int = 40) -> dict:
    """Press Tab until the focused element satisfies *matches*; fail if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(f"{focused['tag']}.{focused['cls']} {focused['href'] or focused['text'][:30]}")
        if matches(focused):
            assert focused["visible"], f"the focused element is invisible: {seen[-1]}"
            return focused
    pytest.fail("Tab never reached the control; focus went through:\n" + "\n".join(seen))


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_is_reached_in_order_by_tab(visit, server, language):
    page = visit.page
    page.goto(server(f"{language}/index.html"))
    nav_links = page.eval_on_selector_all(
        ".navbar-header-items__center a.nav-link:not(.dropdown-item)",
        "els => els.filter(e => e.checkVisibility()).map(e => e.getAttribute('href'))",
    )
    assert nav_links, "the navbar has no links"
    order = []
    for _ in range(len(nav_links) + 8):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"Tab reached an invisible element: {focused}"
        order.append(focused)
    classes = [f["cls"] for f in order]
    hrefs = [f["href"] for f in order]
    assert "Skip" in order[0]["text"] or order[0]["href"] == "#main-content", "the first Tab stop is not the skip link"
    positions = [hrefs.index(href) for href in nav_links]
    assert positions == sorted(positions), "the navbar links are not reached in order"
    for control in ("search-button__button", "catalyst-language-switcher__link", "theme-switch-button"):
        assert any(control in c for c in classes), f"Tab does not reach {control}: {classes}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_navbar_links_and_more_menu_by_keyboard(visit, server, language):
    page = visit.page
    page.goto(server(f"{language}/index.html"))
    first = tab_to(page, lambda f: "nav-link" in f["cls"] and f["href"] not in ("", "#"))
    page.keyboard.press("Enter")
    page.wait_for_url(server(f"{language}/{first['href']}"))

    page.goto(server(f"{language}/index.html"))
    more = page.locator(".navbar-header-items__center .dropdown-toggle")
    if more.count():
        tab_to(page, lambda f: "dropdown-toggle" in f["cls"] and "nav-item" in f["cls"])
        page.keyboard.press("Space")
        assert more.get_attribute("aria-expanded") == "true", "Space does not open the navbar's menu"
        page.keyboard.press("ArrowDown")
        item = page.evaluate(FOCUSED)
        assert "dropdown-item" in item["cls"] and item["visible"], f"ArrowDown does not reach the menu: {item}"
        page.keyboard.press("Enter")
        page.wait_for_url(server(f"{language}/{item['href']}"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_by_keyboard(visit, server, languages, language):
    page = visit.page
    page.goto(server(f"{language}/about.html"))
    other = next(code for code in languages if code != language)
    link = tab_to(page, lambda f: "catalyst-language-switcher__link" in f["cls"])
    assert link["href"].endswith(f"/{other}/about.html"), link
    page.keyboard.press("Enter")
    page.wait_for_url(server(f"{other}/about.html"))  # relative: the same server, not the published site
    assert page.evaluate("() => document.documentElement.lang") == other
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_theme_switcher_by_keyboard(visit, server, language):
    page = visit.page
    page.goto(server(f"{language}/index.html"))
    assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
    for key, mode in (("Enter", "dark"), ("Space", "auto"), ("Enter", "light")):
        page.goto(server(f"{language}/index.html"))  # focus starts from the top again
        tab_to(page, lambda f: "theme-switch-button" in f["cls"])
        page.keyboard.press(key)
        button = page.locator(".navbar-header-items .theme-switch-button")
        assert button.get_attribute("aria-expanded") == "true", f"{key} does not open the menu"
        tab_to(page, lambda f, mode=mode: f["mode"] == mode and "theme-change-button" in f["cls"], limit=4)
        page.keyboard.press(key)
        assert page.evaluate("() => document.documentElement.dataset.mode") == mode, f"{key} did not choose {mode}"
        assert page.evaluate("() => localStorage.getItem('mode')") == mode


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_by_keyboard(visit, server, language):
    page = visit.page
    word, expected = SEARCH_WORDS[language]
    for key in ("Space", "Enter"):
        page.goto(server(f"{language}/about.html"))  # focus starts from the top again
        tab_to(page, lambda f: "search-button__button" in f["cls"])
        page.keyboard.press(key)
        field = page.locator("#pst-search-dialog input[name=q]")
        assert field.is_visible(), f"{key} on the search button does not open the search"
        assert page.evaluate("() => document.activeElement.name") == "q", "the search field is not focused"
        if key == "Space":
            page.keyboard.press("Escape")
            assert field.is_hidden(), "Escape does not close the search"
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_function("() => document.querySelector('#search-results .search-summary')?.textContent.trim()")
    results = page.eval_on_selector_all("#search-results ul.search li > a", "els => els.map(e => e.href)")
    summary = page.locator("#search-results .search-summary").inner_text()
    assert str(len(results)) in summary, f"the summary does not give the {len(results)} results: {summary!r}"
    assert any(href.split("#")[0].endswith(f"/{language}/{expected}") for href in results), (
        f"searching {word!r} does not find {expected}: {results}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_menu_by_keyboard(browse, server, language):
    current = browse(viewport={"width": 360, "height": 740})
    try:
        page = current.page
        page.goto(server(f"{language}/about.html"))
        tab_to(page, lambda f: "primary-toggle" in f["cls"], limit=3)
        page.keyboard.press("Enter")
        drawer = page.locator("#pst-primary-sidebar-modal")
        assert drawer.is_visible(), "Enter on the menu button does not open the menu"
        for control in ("a.nav-link", ".theme-switch-button"):
            assert drawer.locator(control).first.is_visible(), f"the phone menu has no {control}"
        # The language switch is in the phone header itself, next to the search button.
        assert page.locator("#pst-header .navbar-persistent--mobile .catalyst-language-switcher a").is_visible()
        link = tab_to(page, lambda f: "nav-link" in f["cls"] and f["href"] not in ("", "#"))
        page.keyboard.press("Enter")
        page.wait_for_url(server(f"{language}/{link['href']}"))
    finally:
        current.close()


# Every Content-Security-Policy violation, as the page sees it (Chromium also logs each one).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_pages_run_without_script_errors_or_policy_violations(browse, server, languages, page_kinds):
    """Every kind of page in every language, the root language chooser and a search: no script error,
    no console error or warning, nothing refused by the page's Content-Security-Policy (tests/test_csp.py
    checks the policies themselves).  A script the policy does not allow, planted at the end, is caught."""
    # As in a reader's browser: the site's service worker runs (a blocked one would log a warning).
    visit = browse(service_workers="allow")
    visit.context.add_init_script(RECORD_VIOLATIONS)
    errors = []
    visit.page.on("pageerror", lambda error: errors.append(f"{visit.page.url}: {error}"))
    visit.page.on(
        "console",
        lambda message: (
            errors.append(f"{visit.page.url}: console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )

    def violations() -> list[str]:
        return [f"{visit.page.url}: refused {v}" for v in visit.page.evaluate("window.__violations || []")]

    try:
        paths = ["index.html"]
        for language in languages:
            paths += [f"{language}/{path}" for path in [*page_kinds[language].values(), "search.html?q=training"]]
        for path in paths:
            visit.page.goto(server(path))  # after "load": every script has run
            if "?q=" in path:  # the search loads its index and the pages it finds
                visit.page.wait_for_function("() => document.querySelector('.search-summary')?.textContent")
            errors += violations()
        assert not errors, "\n".join(errors)
        visit.page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = '1'; document.head.append(s); }"
        )
        planted = violations()
    finally:
        visit.close()
    assert planted and any("Content Security Policy" in e for e in errors), "a refused script went unnoticed"
