"""Accessibility: axe-core finds no serious or critical WCAG 2.1 A/AA problem.

In light mode on a desktop screen, every page of every language is checked,
except a page each of whose elements already appeared, in the same place, on
a page checked before it, in the same language or the first: same tag,
classes, attributes (and the values of those that change what a screen
reader says, such as ``role``, ``aria-*`` and ``alt``), whether it holds
text, and the same for every ancestor.  axe would judge such a page as it
judged those (the pages of one author or one tag, for instance, are the
year's list under another heading; a translated page whose labels are all
already seen is its original in other words).  The home page of every
language is always checked, so each language's own ``lang`` value is too.

Dark mode and a phone screen change colours and the header's layout, not the
pages' text, so there one page of every kind is checked (home, page, post,
blog index, archives, catalog, search, 404), in the first language and, in
the others, where it differs by more than the language its text is marked
in.  The search page is also checked showing results, in every language.
Set ``CATALYST_A11Y=all`` to check every page in every combination (about
four times as long).

No rule is switched off.  A failure lists the page, the rule, what it asks for
and the offending elements' selectors.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import axe_playwright_python
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from tools.build import languages as site_languages

pytest_plugins = ["browser"]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# A third faster: no selectors are computed (a page with problems is checked again to name them).
QUICK = OPTIONS | {"selectors": False, "ancestry": False, "xpath": False, "elementRef": False}
BLOCKING = {"serious", "critical"}
EVERY_PAGE_IN_EVERY_MODE = os.environ.get("CATALYST_A11Y") == "all"
PHONE = {"width": 360, "height": 740}
SEARCH = "search.html?q=training"  # the search page, with results
LANGUAGES = list(site_languages(ROOT))


def axe_problems(page, address: str) -> list[str]:
    """Run axe on the loaded page; one line per serious or critical violation."""
    page.evaluate(AXE)
    results = page.evaluate("options => axe.run(document, options)", QUICK)
    ran = {rule["id"] for kind in ("violations", "passes", "incomplete", "inapplicable") for rule in results[kind]}
    assert "color-contrast" in ran and "list" in ran, f"axe did not run the WCAG rules on {address}"
    if not any(v["impact"] in BLOCKING for v in results["violations"]):
        return []
    results = page.evaluate("options => axe.run(document, options)", OPTIONS)
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = len(violation["nodes"]) - 5
        problems.append(
            f"{address}: {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
            + (f" (+{more} more)" if more > 0 else "")
        )
    return problems


def check_pages(browse, server, paths, **context) -> list[str]:
    current = browse(**context)
    problems = []
    try:
        for path in paths:
            current.page.goto(server(path))
            if "?q=" in path:  # wait for the results
                current.page.wait_for_function("() => document.querySelector('.search-summary')?.textContent")
            problems += axe_problems(current.page, path)
    finally:
        current.close()
    return problems


# Attributes whose values change what axe finds; of the others only the name counts.  ``lang``
# counts by name only: its values are the site's language codes, and the page's own is checked on
# every language's home page.  In the head, axe reads only the title, the language and the
# viewport and refresh settings.
SPOKEN = re.compile(r"^(role|aria-.*|alt|type|tabindex|hidden|title|style|scope|for)$")
SPOKEN_IN_HEAD = re.compile(r"^(lang|name|http-equiv)$")
SETTINGS = ({"name": "viewport"}, {"http-equiv": "refresh"})  # <meta> whose content axe reads


def shapes(soup) -> set[tuple]:
    """Each element of the page as axe sees it: its attributes and whether it holds text, below
    the same of its ancestors (text itself, addresses and which language an element is marked in
    left out)."""
    found = set()

    def own(element, in_head: bool) -> tuple:
        spoken = SPOKEN_IN_HEAD if in_head else SPOKEN
        setting = element.name == "meta" and any(element.get(k) == v for s in SETTINGS for k, v in s.items())
        attributes = tuple(
            sorted(
                (name, str(value) if spoken.match(name) or (setting and name == "content") else None)
                for name, value in element.attrs.items()
                if name not in ("id", "class")
            )
        )
        text = any(isinstance(child, str) and child.strip() for child in element.children)
        return (element.name, tuple(element.get("class", ())), "id" in element.attrs, attributes, text)

    def walk(element, above: tuple) -> None:
        here = (*above, own(element, in_head=any(shape[0] == "head" for shape in above)))
        found.add(here)
        for child in element.find_all(recursive=False):
            walk(child, here)

    walk(soup.html, ())
    return found


def new_looks(site, pages: list[tuple[str, str]]) -> list[str]:
    """Those of *pages* (language, page) with an element no page before them had (see the
    module's docstring), as paths under the site."""
    seen: set[tuple] = set()
    paths = []
    for language, page in pages:
        page_shapes = shapes(site.soup(language, page))
        if EVERY_PAGE_IN_EVERY_MODE or not page_shapes <= seen:
            paths.append(f"{language}/{page}")
            seen |= page_shapes
    return paths


def test_pages_like_others_are_told_apart(site, languages):
    """A page is skipped only if it is like pages checked before: one element of a post changed
    in what axe reads (its text gone, a role, an attribute's value, a part marked in another
    language) makes it new; other text, other addresses and the page's language do not."""
    language = languages[0]
    html = next(
        str(soup)
        for soup in (site.soup(language, page) for page in site.pages(language) if page.startswith("blog/20"))
        if soup.select_one("main p a[href]") and soup.select_one("main [aria-label]")
    )
    looks = shapes(BeautifulSoup(html, "html.parser"))

    def changed(change) -> set[tuple]:
        soup = BeautifulSoup(html, "html.parser")
        change(soup)
        return shapes(soup)

    def link(soup):
        return soup.select_one("main p a[href]")

    changes = {
        "a link without text": lambda soup: link(soup).clear(),
        "a role": lambda soup: link(soup).attrs.update(role="button"),
        "an aria value": lambda soup: soup.select_one("main [aria-label]").attrs.update({"aria-label": ""}),
        "a part in another language": lambda soup: link(soup).attrs.update(lang="fr"),
        "a new attribute": lambda soup: link(soup).attrs.update(tabindex="-1"),
    }
    for name, change in changes.items():
        assert not changed(change) <= looks, name

    assert changed(lambda soup: soup.html.attrs.update(lang="fr")) == looks
    assert changed(lambda soup: link(soup).attrs.update(href="elsewhere.html")) == looks
    assert changed(lambda soup: link(soup).string.replace_with("other words")) == looks


def light_desktop_pages(site, language: str) -> list[str]:
    """The pages checked in light mode on a desktop in *language*: its home page, and those of
    its pages that have an element no page checked before had, in it or in the first language."""
    first, home = LANGUAGES[0], f"{language}/index.html"
    before = [(first, page) for page in site.pages(first)] if language != first else []
    found = new_looks(site, [*before, *((language, page) for page in site.pages(language))])
    return [home, *(path for path in found if path.startswith(f"{language}/") and path != home)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_light_mode_on_a_desktop(browse, server, site, language):
    paths = [*light_desktop_pages(site, language), f"{language}/{SEARCH}"]
    if language == LANGUAGES[0]:
        paths.append("404.html")  # the root page not found, in every language
    problems = check_pages(browse, server, paths)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("dark", "viewport"),
    [(True, None), (False, PHONE), (True, PHONE)],
    ids=["dark-desktop", "light-phone", "dark-phone"],
)
def test_dark_mode_and_phone_screens(browse, server, site, languages, page_kinds, dark, viewport):
    if EVERY_PAGE_IN_EVERY_MODE:
        paths = [f"{language}/{page}" for language in languages for page in site.pages(language)]
    else:  # the colours and the layout do not depend on the language of the text
        kinds = [(language, page) for language in languages for page in page_kinds[language].values()]
        paths = new_looks(site, kinds)
    paths += [f"{language}/{SEARCH}" for language in languages]
    context = {"dark": dark} | ({"viewport": viewport} if viewport else {})
    problems = check_pages(browse, server, paths, **context)
    assert not problems, "\n".join(problems)


def test_axe_reports_what_it_finds(visit, server):
    """The check itself: an image without text and an empty link are reported, with their selectors."""
    visit.page.goto(server("en/about.html"))
    visit.page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML(
               "beforeend", '<img id="no-alt" src="_static/catalyst-mark.svg"><a id="no-name" href="#"></a>')"""
    )
    problems = "\n".join(axe_problems(visit.page, "en/about.html"))
    assert "image-alt (critical)" in problems and "#no-alt" in problems
    assert "link-name (serious)" in problems and "#no-name" in problems
