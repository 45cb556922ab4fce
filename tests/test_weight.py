"""What a visit costs a reader: little to download, and nothing from anyone else.

Weight: a reader's first visit, the home page then a blog post, is loaded in
a fresh browser (empty cache, service worker allowed, so what it fetches to
keep for offline reading is counted too), in every language; every response
(HTML, CSS, JavaScript, fonts, images) is counted once, at its
gzip-compressed size, as a server would send it.  The per-resource table is
printed (``pytest -s``) and written to the session's temporary folder.

Privacy: no page asks another host for anything (no third-party fonts,
scripts, styles or images), checked both in the browser (every request the
pages of each kind make, a search included) and in the built files (every
address a page or stylesheet would load).
"""

from __future__ import annotations

import gzip
import re
import time
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["browser"]

# The home page then a post, on a first visit, in each language.
FIRST_VISIT_KB = 90

# -- weight ---------------------------------------------------------------------


def first_visit(browse, server, paths: list[str]) -> list[tuple[str, str, int, int]]:
    """(address, kind, bytes, gzip bytes) of every response while a new reader opens *paths* in turn.

    The pages share one browser context, as one reader's tabs do: what the
    first page loaded comes from the browser's cache for the second, so each
    address is counted once.
    """
    current = browse(service_workers="allow")
    responses = []
    rows = []
    try:
        current.context.on("response", lambda response: responses.append(response))
        for path in paths:
            current.page.goto(server(path))
            current.page.wait_for_load_state("networkidle")
            # Bodies are read before the next page replaces this one.
            for response in responses:
                if response.url.startswith("data:") or response.status >= 300 or response.from_service_worker:
                    continue
                address = response.url.removeprefix(server.url).split("?")[0]
                if any(row[0] == address for row in rows):
                    continue
                body = response.body()
                if not body and (server.root / address).is_file():
                    # A worker's precache request, whose body the browser does not report.
                    body = (server.root / address).read_bytes()
                packed = len(gzip.compress(body, mtime=0))
                # What the service worker fetches for a page is marked "(worker)".
                kind = response.request.resource_type + (" (worker)" if response.request.service_worker else "")
                rows.append((address, kind, len(body), packed))
            responses.clear()
    finally:
        current.close()
    return rows


def table(title: str, rows) -> str:
    lines = [title, f"{'gzip':>8} {'raw':>9}  {'kind':<17} resource"]
    for address, kind, raw, packed in sorted(rows, key=lambda r: (-r[3], r[0])):
        lines.append(f"{packed:>8} {raw:>9}  {kind:<17} {address}")
    total_raw = sum(r[2] for r in rows)
    total = sum(r[3] for r in rows)
    lines.append(f"{total:>8} {total_raw:>9}  total: {total / 1024:.1f} KB gzip, {len(rows)} responses")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def weights(browse, server, page_kinds, languages, tmp_path_factory):
    """Per language: the responses of a first visit to the home page then a post."""
    found = {
        language: first_visit(browse, server, [f"{language}/{page_kinds[language][kind]}" for kind in ("home", "post")])
        for language in languages
    }
    report = "\n\n".join(
        table(f"First visit, {language}: {language}/index.html then {language}/{page_kinds[language]['post']}", rows)
        for language, rows in found.items()
    )
    path = tmp_path_factory.mktemp("weight") / "weight.txt"
    path.write_text(report + "\n", encoding="utf-8")
    print(f"\n{report}\n(written to {path})")
    return found


def test_first_visit_weight(weights, languages, page_kinds):
    over = []
    for language in languages:
        rows = weights[language]
        kinds = {r[1] for r in rows}
        assert {"document", "stylesheet", "script"} <= kinds, f"{language}: resources not all recorded: {kinds}"
        pages = {f"{language}/{page_kinds[language][kind]}" for kind in ("home", "post")}
        assert pages <= {r[0] for r in rows}, f"{language}: the two pages were not both recorded"
        total = sum(r[3] for r in rows)
        if total > FIRST_VISIT_KB * 1024:
            over.append(f"{language}: {total / 1024:.1f} KB gzip\n" + table(language, rows))
    assert not over, f"a first visit (home, then a post) is over its {FIRST_VISIT_KB} KB budget:\n" + "\n".join(over)


# -- privacy ----------------------------------------------------------------------

# <link rel=...> values whose target the browser fetches while showing the page.
LOADED_LINKS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest", "prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


def is_remote(address: str) -> bool:
    """An address on another host (``//host/x``, ``https://host/x``); relative, rooted and data: ones are not."""
    parts = urlsplit(address.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_pages_request_nothing_from_other_hosts(browse, server, languages, page_kinds):
    current = browse()
    tabs = []
    try:
        for language in languages:
            for path in [*page_kinds[language].values(), "search.html?q=training"]:
                tab = current.context.new_page()
                tab.goto(server(f"{language}/{path}"), wait_until="commit")
                tabs.append(tab)
        for tab in tabs:  # the pages load side by side; wait until each is quiet
            tab.wait_for_load_state("networkidle")
        foreign = current.foreign(server)
        local = len(current.requests) - len(foreign)
    finally:
        current.close()
    assert local > 3 * len(tabs), "the pages made almost no requests: is the recording working?"
    assert not foreign, "requests to other hosts:\n" + "\n".join(sorted(set(foreign)))


def test_a_request_to_another_host_is_recorded_and_refused(visit, server):
    """The recording the privacy test relies on: a page (here one without the site's content
    policy, which refuses such requests itself) that asks other hosts, by name or by address, has
    each request recorded as foreign, and the browser refuses it (the proxy of
    ``browser.CHROMIUM_ARGS``) before any of it reaches the network."""
    remote = ["https://example.org/a.png", "http://192.0.2.1/b.png", "http://cdn.example.com/c.png"]
    failed = {}
    visit.context.on("requestfailed", lambda request: failed.setdefault(request.url, request.failure))
    visit.page.set_content("".join(f'<img src="{url}" alt="">' for url in remote))
    deadline = time.monotonic() + 5
    while len(failed) < len(remote) and time.monotonic() < deadline:
        visit.page.wait_for_timeout(50)
    assert sorted(visit.foreign(server)) == sorted(remote)
    assert failed == dict.fromkeys(remote, "net::ERR_PROXY_CONNECTION_FAILED")


def loaded_addresses(html: str) -> list[str]:
    """Every address a browser would fetch to show this HTML (not the links a reader may follow)."""
    soup = BeautifulSoup(html, "html.parser")
    tags = ["script", "img", "iframe", "audio", "video", "source", "embed", "input"]
    addresses = [tag["src"] for tag in soup.find_all(tags, src=True)]
    addresses += [
        candidate.split()[0]
        for tag in soup.find_all(["img", "source"], srcset=True)
        for candidate in tag["srcset"].split(",")
        if candidate.strip()
    ]
    addresses += [tag["data"] for tag in soup.find_all("object", data=True)]
    addresses += [
        link["href"]
        for link in soup.find_all("link", href=True)
        if LOADED_LINKS & {rel.lower() for rel in link.get("rel", [])}
    ]
    styles = " ".join(style.get_text() for style in soup.find_all("style"))
    styles += " ".join(tag["style"] for tag in soup.find_all(style=True))
    return addresses + CSS_URL.findall(styles) + CSS_IMPORT.findall(styles)


def test_built_files_load_nothing_from_other_hosts(site, languages):
    problems = []
    pages = [site.root / "index.html"] + [site.root / lang / page for lang in languages for page in site.pages(lang)]
    for path in pages:
        name = path.relative_to(site.root).as_posix()
        problems += [f"{name}: {a}" for a in loaded_addresses(path.read_text(encoding="utf-8")) if is_remote(a)]
    for path in sorted(site.root.rglob("*.css")):
        css = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(site.root).as_posix()
        problems += [f"{name}: {a}" for a in CSS_URL.findall(css) + CSS_IMPORT.findall(css) if is_remote(a)]
    assert not problems, "addresses on other hosts that a page would load:\n" + "\n".join(problems)


def test_remote_addresses_are_recognised():
    found = loaded_addresses(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Lato">'
        '<link rel="alternate" hreflang="es" href="https://catalystproject.cloud/es/">'
        '<script src="//cdn.example.org/x.js"></script><img src="../_static/x.svg" alt="">'
        "<div style=\"background: url('https://example.org/bg.png')\"></div>"
        '<a href="https://example.org/">a link a reader may follow</a>'
    )
    assert [a for a in found if is_remote(a)] == [
        "//cdn.example.org/x.js",
        "https://fonts.googleapis.com/css2?family=Lato",
        "https://example.org/bg.png",
    ]
    assert not is_remote("/en/_static/x.css") and not is_remote("data:image/svg+xml;base64,AAAA")


# -- the look, after the unused CSS is removed -------------------------------------


def background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_menus_open_and_keep_their_look(browse, server, languages, dark):
    """The dropdowns and the phone menu, opened with the mouse, on the purged stylesheet and without Bootstrap."""
    for language in languages:
        current = browse(dark=dark)
        try:
            page = current.page
            page.goto(server(f"{language}/index.html"))
            assert page.evaluate("() => document.documentElement.dataset.theme") == ("dark" if dark else "light")
            assert page.evaluate("() => typeof window.bootstrap") == "undefined", "Bootstrap's script is loaded"
            page_colour = background(page, "body")
            toggles = (".navbar-header-items__center .dropdown-toggle", ".navbar-header-items .theme-switch-button")
            for toggle in toggles:
                menu = page.locator(toggle).locator("xpath=..").locator(".dropdown-menu")
                assert menu.is_hidden(), f"{toggle}: the menu shows before it is opened"
                page.click(toggle)
                assert menu.is_visible(), f"{language}: a click on {toggle} does not open its menu"
                box, below = menu.bounding_box(), page.locator(toggle).bounding_box()
                assert box["y"] >= below["y"] + below["height"] - 1, f"{toggle}: the menu is not under its button"
                assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP_WIDTH, f"{toggle}: the menu leaves the page"
                colour = menu.evaluate("e => getComputedStyle(e).backgroundColor")
                assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), f"{toggle}: the menu has no background"
                assert menu.locator(".dropdown-item").first.is_visible()
                page.mouse.click(5, 400)  # elsewhere on the page
                assert menu.is_hidden(), f"{toggle}: a click elsewhere does not close the menu"
        finally:
            current.close()
        current = browse(viewport={"width": 360, "height": 740}, dark=dark)
        try:
            page = current.page
            page.goto(server(f"{language}/index.html"))
            drawer = page.locator("#pst-primary-sidebar-modal")
            assert drawer.is_hidden()
            page.click("button.primary-toggle")
            assert drawer.is_visible(), f"{language}: the phone menu does not open"
            links = drawer.locator("a.nav-link")
            assert links.count() >= 5 and links.first.is_visible()
            assert background(page, "#pst-primary-sidebar-modal") not in ("rgba(0, 0, 0, 0)", "transparent")
            assert background(page, "body") == page_colour, "the phone page's background is not the desktop one's"
        finally:
            current.close()


DESKTOP_WIDTH = 1280
