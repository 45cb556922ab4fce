"""The partners on a map: ``{partners-map}`` draws them as an inline SVG.

Two panels, Latin America and Africa, with each community partner of
``data/partners.yaml`` marked in its country (at the centre of the country's
largest part; the data gives a city for some partners only) and labelled
with its short name.  A partner that covers a whole region (``scope:``) has
no point; the description says so.  The outlines are Natural Earth's, made
once by ``tools/partners_map.py`` into ``data/partners-map.json``.

The drawing is made while the page is read, so it needs no script, loads
nothing and is in the page's language: each panel is an ``<svg role="img">``
with a ``<title>`` and a ``<desc>`` (the partners and their countries, in
words), and the figure's caption leads to the partner list, which remains
the text equivalent.  Colours follow the page's text colour, so the map reads
in light and dark mode; its stylesheet (``catalyst-map.css``) is added only
to the pages that have a map, and stacks the panels on a phone.

Options: ``:size: small`` (the home page: dots without labels, and a link to
the partners page in the caption).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from babel import Locale
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import data, fragments

_ = get_translation("catalyst")

MAP_FILE = "partners-map.json"
PARTNERS_PAGE = "current-community-partners"
FONT = 13  # label size, in map units (a panel is 400 wide)
CSS = "catalyst-map.css"


@functools.cache
def territory_codes() -> dict[str, str]:
    """English country name -> ISO code, from Babel's English names."""
    return {name: code for code, name in Locale("en").territories.items() if code.isalpha()}


def country_name(english: str, language: str) -> str:
    code = territory_codes().get(english)
    if code is None:
        return english
    return Locale.parse(language).territories.get(code, english)


def label_of(partner: dict) -> str:
    return partner.get("short") or partner["name"]


def place_labels(places: list[dict], width: int, height: int) -> None:
    """Put each place's label where it overlaps no other label nor leaves the panel (greedy)."""
    # The points themselves are in the way of every label.
    taken = [(p["x"] - r, p["y"] - r, p["x"] + r, p["y"] + r) for p in places for r in [radius(p) + 1]]
    offsets = [(10, 4), (-10, 4), (0, -10), (0, 19)]
    offsets += [(dx, dy) for step in (16, 30, 44) for dx, dy in ((9, step), (9, -step), (-9, step), (-9, -step))]
    for place in sorted(places, key=lambda p: (p["y"], p["x"])):
        text_width = 0.62 * FONT * len(place["label"])
        for dx, dy in offsets:
            anchor = "end" if dx < 0 else ("middle" if dx == 0 else "start")
            left = place["x"] + dx - (text_width if anchor == "end" else text_width / 2 if anchor == "middle" else 0)
            top = place["y"] + dy - FONT
            box = (left, top, left + text_width, top + FONT + 2)
            inside = box[0] >= 2 and box[2] <= width - 2 and box[1] >= 2 and box[3] <= height - 2
            if inside and not any(overlaps(box, other) for other in taken):
                break
        taken.append(box)
        place.update(
            label_x=round(place["x"] + dx, 1),
            label_y=round(place["y"] + dy, 1),
            anchor=anchor,
            leader=abs(dy) > 12,
        )


def radius(place: dict) -> int:
    """A point's size grows with the number of partners it stands for."""
    return 4 + place["count"]


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class PartnersMap(SphinxDirective):
    has_content = False
    option_spec = {"size": lambda value: directives.choice(value, ("full", "small"))}

    def run(self):
        srcdir = Path(self.env.srcdir)
        partners = data.load(srcdir, "partners")
        self.env.note_dependency(data.data_path(srcdir, "partners"))
        map_path = srcdir / data.DATA_DIR / MAP_FILE
        self.env.note_dependency(str(map_path))
        outlines = json.loads(map_path.read_text(encoding="utf-8"))["panels"]
        language = self.config.language or "en"
        small = self.options.get("size") == "small"

        panels, regional = [], []
        for region, panel in outlines.items():
            centres = {country["name"]: country["centre"] for country in panel["countries"]}
            members = [p for p in partners if p["region"] == region]
            regional += [p for p in members if not p.get("country")]
            by_country: dict[str, list[dict]] = {}
            for partner in members:
                if partner.get("country"):
                    if partner["country"] not in centres:
                        raise ExtensionError(
                            f"data/partners.yaml: {partner['id']}: {partner['country']} is not on the partners map "
                            f"({region}); widen the panel in tools/partners_map.py and run it again"
                        )
                    by_country.setdefault(partner["country"], []).append(partner)
            places = [
                {
                    "x": centres[country][0],
                    "y": centres[country][1],
                    "label": ", ".join(label_of(p) for p in group),
                    "count": len(group),
                    "country": country_name(country, language),
                }
                for country, group in by_country.items()
            ]
            for place in places:
                place["radius"] = radius(place)
            if not small:
                place_labels(places, panel["width"], panel["height"])
            names = [f"{label_of(p)} ({country_name(p['country'], language)})" for p in members if p.get("country")]
            title = (
                _("Community partners in Africa") if region == "africa" else _("Community partners in Latin America")
            )
            panels.append(
                {
                    "id": f"catalyst-map-{self.env.new_serialno('catalyst-map')}",
                    "title": title,
                    "desc": _("Map with a point for each country that has community partners: %(names)s.")
                    % {"names": "; ".join(names)},
                    "width": panel["width"],
                    "height": panel["height"],
                    "countries": [
                        {"path": country["path"], "partner": country["name"] in by_country}
                        for country in panel["countries"]
                    ],
                    "places": places,
                }
            )
        countries = {p["country"] for p in partners if p.get("country")}
        caption = _("The %(partners)d community partners in %(countries)d countries.") % {
            "partners": len(partners),
            "countries": len(countries),
        }
        regional_note = [
            _("%(name)s works across the whole of %(region)s, so it has no point on the map.")
            % {"name": label_of(p), "region": _("Latin America") if p["region"] == "latin-america" else _("Africa")}
            for p in regional
        ]
        link = None
        if small and self.env.docname != PARTNERS_PAGE:
            link = self.env.app.builder.get_relative_uri(self.env.docname, PARTNERS_PAGE)
        html = fragments.render(
            "partners-map.html",
            panels=panels,
            caption=caption,
            notes=regional_note,
            small=small,
            link=link,
            font=FONT,
        )
        self.env.metadata[self.env.docname]["catalyst_map"] = True
        return [nodes.raw("", html, format="html")]


def add_map_stylesheet(app, pagename, templatename, context, doctree) -> None:
    if app.env.metadata.get(pagename, {}).get("catalyst_map"):
        app.add_css_file(CSS)


def setup_partnersmap(app):
    app.add_directive("partners-map", PartnersMap)
    app.connect("html-page-context", add_map_stylesheet)
