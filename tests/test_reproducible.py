"""Robustness: the same sources give the same site, offline, with a real 404.

- Two builds of the same sources with the same ``SOURCE_DATE_EPOCH`` (the
  session's build and one more, into another folder) are byte-identical,
  file for file; the second one runs with every proxy pointing at a closed
  port, so a build that needed the network would fail.
- Each language has a "page not found" page, and the server of
  ``python -m tools.build --serve`` answers unknown addresses with it and
  status 404.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import http.server
import io
import os
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from tools import build as site_build


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    try:
        lines = difflib.unified_diff(
            a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines(), lineterm="", n=0
        )
        return "\n".join(list(lines)[2:8])
    except UnicodeDecodeError:
        return f"binary, {a.stat().st_size} and {b.stat().st_size} bytes"


@pytest.fixture(scope="module")
def second_build(site, tmp_path_factory):
    """The site built again, into another folder, with the network out of reach."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or site_build.source_date_epoch(ROOT)
    assert epoch, "the sources have no commit time to build from"
    dead = f"http://127.0.0.1:{closed_port()}"
    out = tmp_path_factory.mktemp("second-build")
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            patch.setenv(name, dead)
        for name in ("no_proxy", "NO_PROXY"):
            patch.delenv(name, raising=False)
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            ok = site_build.build(ROOT, out / "html", out / "doctrees", site.languages)
    assert ok, f"the site does not build without the network:\n{printed.getvalue()}"
    return out / "html", printed.getvalue()


def test_two_builds_are_byte_identical(site, second_build):
    first, second = files(site.root), files(second_build[0])
    only = sorted(set(first) ^ set(second))
    assert not only, "files in one build only:\n" + "\n".join(only)
    different = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    report = "\n\n".join(f"{name}:\n{first_difference(first[name], second[name])}" for name in different[:10])
    assert not different, f"{len(different)} files differ between two builds of the same sources:\n{report}"


def test_build_fetches_nothing(site, second_build):
    for output in (site.output, second_build[1]):
        fetches = [
            line
            for line in output.splitlines()
            if "intersphinx" in line.lower() or "http://" in line or "https://" in line
        ]
        assert not fetches, "the build reached for the network:\n" + "\n".join(fetches)


# -- page not found ------------------------------------------------------------------


@pytest.fixture(scope="module")
def serve_handler(site):
    """tools.build's own --serve handler, on a free port."""

    class Handler(site_build._Handler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # no line per request in the test output

    handler = functools.partial(Handler, directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, method: str = "GET") -> tuple[int, bytes]:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    try:
        with direct.open(urllib.request.Request(url, method=method)) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_404_page_per_language(site, languages):
    for language in languages:
        page = site.root / language / "404.html"
        assert page.is_file(), f"{language} has no 404 page"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == language
        assert soup.find("h1"), f"{language}/404.html has no heading"
        # Served at any depth, so its own addresses start from the site's root.
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for node in soup.find_all(tag, **{attribute: True}):
                address = node[attribute]
                if "://" not in address and not address.startswith(("data:", "#")):
                    assert address.startswith(f"/{language}/"), f"{language}/404.html: relative {address}"


@pytest.mark.parametrize("path", ["{lang}/no-such-page.html", "{lang}/blog/2099/missing.html", "{lang}/nothing/"])
def test_server_answers_unknown_addresses_with_404(site, languages, serve_handler, path):
    for language in languages:
        url = f"{serve_handler}/{path.format(lang=language)}"
        status, body = fetch(url)
        assert status == 404, f"{url}: status {status}"
        assert body == (site.root / language / "404.html").read_bytes(), f"{url} is not the {language} 404 page"
        status, body = fetch(url, method="HEAD")
        assert (status, body) == (404, b""), f"HEAD {url}"
    status, _ = fetch(f"{serve_handler}/{languages[0]}/index.html")
    assert status == 200
    status, body = fetch(f"{serve_handler}/no-such-language/page.html")
    # outside every language folder: the bilingual 404 page at the root
    assert status == 404 and body == (site.root / "404.html").read_bytes()
