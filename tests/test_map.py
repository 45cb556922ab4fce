"""The partners map: every partner of data/partners.yaml is on it, in each language, described in words.

Expected values come from the data (partners, their countries) and from
Babel's country names; the map's title and description must be in the page's
language, and its labels must not cover each other, on a desktop or a phone.
"""

from __future__ import annotations

import pytest
from babel import Locale

from catalyst import data
from conftest import ROOT

pytest_plugins = ["browser"]

PAGES = {"current-community-partners.html": "full", "index.html": "small"}


def partners():
    return data.load(ROOT, "partners")


def label(partner) -> str:
    return partner.get("short") or partner["name"]


def country(partner, language: str) -> str:
    code = next(code for code, name in Locale("en").territories.items() if name == partner["country"])
    return Locale.parse(language).territories[code]


@pytest.mark.parametrize("page", list(PAGES))
def test_every_partner_is_on_the_map(site, languages, page):
    for language in languages:
        figure = site.soup(language, page).select_one("figure.catalyst-map")
        assert figure is not None, f"{language}/{page}: no partners map"
        on_map = [name for g in figure.select(".catalyst-map__place") for name in g["data-partners"].split(", ")]
        caption = figure.find("figcaption").get_text(" ", strip=True)
        for partner in partners():
            if partner.get("country"):
                assert on_map.count(label(partner)) == 1, f"{language}/{page}: {label(partner)} is not on the map once"
            else:
                assert label(partner) in caption, (
                    f"{language}/{page}: {label(partner)} (regional) is not in the caption"
                )
        if PAGES[page] == "full":
            texts = [t.get_text() for t in figure.select(".catalyst-map__place text")]
            assert texts == [g["data-partners"] for g in figure.select(".catalyst-map__place")], "labels missing"


def test_map_is_described_in_the_page_language(site, languages):
    titles = {}
    for language in languages:
        figure = site.soup(language, "current-community-partners.html").select_one("figure.catalyst-map")
        panels = figure.select("svg")
        assert len(panels) == 2
        for svg in panels:
            assert svg["role"] == "img"
            title, desc = svg.find("title"), svg.find("desc")
            assert title and desc and title.get_text().strip() and desc.get_text().strip()
            assert set(svg["aria-labelledby"].split()) == {title["id"], desc["id"]}
            titles.setdefault(language, []).append(title.get_text())
        descriptions = " ".join(svg.find("desc").get_text() for svg in panels)
        for partner in partners():
            if partner.get("country"):
                expected = f"{label(partner)} ({country(partner, language)})"
                assert expected in descriptions, f"{language}: the description lacks {expected}"
    assert len({tuple(t) for t in titles.values()}) == len(languages), f"titles not translated: {titles}"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}])
def test_labels_are_readable(browse, server, languages, viewport):
    for language in languages:
        current = browse(viewport=viewport, dark=True)
        try:
            page = current.page
            page.goto(server(f"{language}/current-community-partners.html"))
            boxes = page.eval_on_selector_all(
                ".catalyst-map__place text, .catalyst-map__place circle",
                "els => els.map(e => { const r = e.getBoundingClientRect();"
                " return [e.tagName, e.textContent, r.left, r.top, r.right, r.bottom]; })",
            )
            labels = [b for b in boxes if b[0] == "text"]
            assert labels, "no labels"
            for a in labels:
                for b in boxes:
                    if b is a:
                        continue
                    overlap = a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]
                    assert not overlap, f"{language} at {viewport['width']} px: {a[1]!r} covers {b[0]} {b[1]!r}"
            sizes = page.eval_on_selector_all(
                ".catalyst-map__place text",
                "els => els.map(e => parseFloat(getComputedStyle(e).fontSize) *"
                " e.ownerSVGElement.getBoundingClientRect().width / e.ownerSVGElement.viewBox.baseVal.width)",
            )
            assert min(sizes) >= 9, f"labels too small at {viewport['width']} px: {min(sizes):.1f} px"
            svg = page.locator("figure.catalyst-map svg").first.bounding_box()
            assert svg["x"] + svg["width"] <= viewport["width"], "the map is wider than the screen"
            colours = page.eval_on_selector(
                ".catalyst-map__place text",
                "e => [getComputedStyle(e).fill, getComputedStyle(document.body).backgroundColor]",
            )
            assert colours[0] != colours[1], "the labels have the page's background colour"
        finally:
            current.close()
