"""Screenshots of the built site, for review: ``make screenshots`` (not part of ``make test``).

Every page kind and the pages a reader opens most, in every language, on a
phone and a desktop screen, in light and dark mode, whole pages, into
``_build/screenshots/<language>-<page>-<screen>-<mode>.png``.  The pictures
are for people to look at; what the layout must do is checked by
``test_layout.py``, ``test_browser.py`` and ``test_accessibility.py``.
"""

from __future__ import annotations

import pytest
from test_layout import EXTRA_PAGES

from conftest import ROOT

pytest_plugins = ["browser"]

SCREENS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
FOLDER = ROOT / "_build" / "screenshots"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_take_screenshots(browse, server, languages, page_kinds, screen, dark):
    FOLDER.mkdir(parents=True, exist_ok=True)
    current = browse(viewport=SCREENS[screen], dark=dark)
    try:
        for language in languages:
            pages = [*page_kinds[language].items(), *((p.removesuffix(".html"), p) for p in EXTRA_PAGES)]
            for kind, path in pages:
                name = f"{language}-{kind.replace(' ', '-')}-{screen}-{'dark' if dark else 'light'}.png"
                current.page.goto(server(f"{language}/{path}"))
                current.page.screenshot(path=FOLDER / name, full_page=True)
                assert (FOLDER / name).stat().st_size, name
    finally:
        current.close()
