"""What a visit costs a reader: little to download, and nothing from anyone else.

Weight: the first view of the home page and of a blog post is loaded in a
fresh browser (empty cache); every response (HTML, CSS, JavaScript, fonts,
images) is counted at its gzip-compressed size, as a server would send it.
The per-resource table is printed (``pytest -s``) and written to the session's
temporary folder.

Privacy: no page asks another host for anything (no third-party fonts,
scripts, styles or images), checked both in the browser (every request the
pages of each kind make, a search included) and in the built files (every
address a page or stylesheet would load).
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["browser"]

BUDGETS_KB = {"post": 120, "home": 200}

# -- weight ---------------------------------------------------------------------


def first_view(browse, server, path: str) -> list[tuple[str, str, int, int]]:
    """(address, kind, bytes, gzip bytes) of every response of a first visit to *path*."""
    current = browse()
    responses = []
    try:
        current.page.on("response", lambda response: responses.append(response))
        current.page.goto(server(path))
        current.page.wait_for_load_state("networkidle")
        rows = []
        for response in responses:
            if response.url.startswith("data:") or response.status >= 300:
                continue
            body = response.body()
            address = response.url.removeprefix(server.url).split("?")[0]
            rows.append((address, response.request.resource_type, len(body), len(gzip.compress(body))))
    finally:
        current.close()
    return rows


def table(title: str, rows) -> str:
    lines = [title, f"{'gzip':>8} {'raw':>9}  {'kind':<11} resource"]
    for address, kind, raw, packed in sorted(rows, key=lambda r: -r[3]):
        lines.append(f"{packed:>8} {raw:>9}  {kind:<11} {address}")
    total_raw = sum(r[2] for r in rows)
    total = sum(r[3] for r in rows)
    lines.append(f"{total:>8} {total_raw:>9}  total: {total / 1024:.1f} KB gzip, {len(rows)} responses")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def weights(browse, server, page_kinds, languages, tmp_path_factory):
    """Per page kind: the first view's responses, in the first language."""
    language = languages[0]
    found = {kind: first_view(browse, server, f"{language}/{page_kinds[language][kind]}") for kind in BUDGETS_KB}
    report = "\n\n".join(
        table(f"First view of the {kind} ({language}/{page_kinds[language][kind]})", rows)
        for kind, rows in found.items()
    )
    path = tmp_path_factory.mktemp("weight") / "weight.txt"
    path.write_text(report + "\n", encoding="utf-8")
    print(f"\n{report}\n(written to {path})")
    return found


@pytest.mark.parametrize("kind", list(BUDGETS_KB))
def test_first_view_weight(weights, kind):
    rows = weights[kind]
    kinds = {r[1] for r in rows}
    assert {"document", "stylesheet", "script"} <= kinds, f"the {kind}'s resources were not all recorded: {kinds}"
    total = sum(r[3] for r in rows)
    assert total <= BUDGETS_KB[kind] * 1024, (
        f"the {kind}'s first view weighs {total / 1024:.1f} KB gzip, over its {BUDGETS_KB[kind]} KB budget:\n"
        + table(kind, rows)
    )


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


def loaded_addresses(html: str) -> list[str]:
    """Every address a browser would fetch to show this HTML (not the links a reader may follow)."""
    soup = BeautifulSoup(html, "html.parser")
    tags = ["script", "img", "iframe", "audio", "video", "source", "embed", "input"]
    addresses = [tag["src"] for tag in soup.find_all(tags, src=True)]
    addresses += [candidate.split()[0] for tag in soup.find_all(["img", "source"], srcset=True)
                  for candidate in tag["srcset"].split(",") if candidate.strip()]  # fmt: skip
    addresses += [tag["data"] for tag in soup.find_all("object", data=True)]
    addresses += [
        link["href"] for link in soup.find_all("link", href=True)
        if LOADED_LINKS & {rel.lower() for rel in link.get("rel", [])}
    ]  # fmt: skip
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
        '<div style="background: url(\'https://example.org/bg.png\')"></div>'
        '<a href="https://example.org/">a link a reader may follow</a>'
    )
    assert [a for a in found if is_remote(a)] == [
        "//cdn.example.org/x.js", "https://fonts.googleapis.com/css2?family=Lato", "https://example.org/bg.png",
    ]  # fmt: skip
    assert not is_remote("/en/_static/x.css") and not is_remote("data:image/svg+xml;base64,AAAA")
