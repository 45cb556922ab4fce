"""What the browser checks share: the built site on 127.0.0.1 and one chromium.

The tests that drive a real browser (tag filter, accessibility, privacy,
weight, keyboard) load the site exactly as a reader would, from a local HTTP
server.  A test module uses these fixtures with ``pytest_plugins = ["browser"]``
(and imports nothing from here), so the server and the browser are started
once per session, whichever modules run.

Chromium is Debian's (``/usr/bin/chromium``); without it the browser tests
fail and say how to install it, rather than being skipped unnoticed.  Every
request to another host is recorded by the page and then refused by the
browser itself (a proxy that does not exist), so no test ever reaches the
network, and the local server's answers are cached by the browser as a
reader's would be.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tools.build import _Handler

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Every address but the loopback ones (which chromium never proxies) goes to a proxy on a port
    # where nothing listens, so a request to another host fails at once, whatever its name or
    # address.  Refusing them with a Playwright route instead would send every request of every
    # page through the driver and switch the browser's cache off (a fifth more browser CPU).
    "--proxy-server=127.0.0.1:9",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


class QuietHandler(_Handler):
    """The ``--serve`` handler (404 page for unknown paths), without a log line per request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@dataclass
class Server:
    root: Path  # the built site, holding <language>/ and index.html
    url: str  # http://127.0.0.1:<port>/

    def __call__(self, path: str) -> str:
        """The address of *path* (``en/blog/index.html``) on this server."""
        return self.url + path.lstrip("/")


@pytest.fixture(scope="session")
def server(site) -> Iterator[Server]:
    handler = functools.partial(QuietHandler, directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(root=site.root, url=f"http://127.0.0.1:{httpd.server_address[1]}/")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM}: run `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """A browser context and its page, with every request the page made."""

    context: object
    page: object
    requests: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()

    def foreign(self, server: Server) -> list[str]:
        """Requests to any host but the local server."""
        return [url for url in self.requests if not url.startswith(server.url) and not url.startswith("data:")]


def open_context(
    browser, server: Server, *, viewport=DESKTOP, dark=False, javascript=True, service_workers="block"
) -> Visit:
    """A fresh context (own storage, own cache) whose page records its requests.

    The site's service worker is blocked unless *service_workers* is "allow"
    (the offline and weight tests), so that other tests see the network.

    The theme's mode is stored the way its switcher stores it (``localStorage``
    "mode" and "theme"): light, or dark with *dark*.
    """
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript, service_workers=service_workers)
    context.set_default_timeout(10_000)  # a local page that takes longer is a failure
    mode = "dark" if dark else "light"
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    visit = Visit(context=context, page=None)
    context.on("request", lambda request: visit.requests.append(request.url))
    visit.page = context.new_page()
    return visit


@pytest.fixture(scope="session")
def browse(browser, server):
    """``browse(viewport=..., dark=..., javascript=..., service_workers=...)``: a new :class:`Visit`; the caller closes it."""
    return functools.partial(open_context, browser, server)


@pytest.fixture
def visit(browser, server) -> Iterator[Visit]:
    """A desktop-sized page with JavaScript, closed after the test."""
    current = open_context(browser, server)
    try:
        yield current
    finally:
        current.context.close()


@pytest.fixture(scope="session")
def page_kinds(site, languages) -> dict[str, dict[str, str]]:
    """For each language, one page of every kind: {"home": "index.html", "post": ...}."""
    return {language: page_types(site, language) for language in languages}


def page_types(site, language: str) -> dict[str, str]:
    """One page of every kind the site has, as paths under the language."""
    post = sorted(site.posts(language))[0]
    pages = site.pages(language)

    def first(prefix: str) -> str:
        return next(p for p in pages if p.startswith(prefix))

    return {
        "home": "index.html",
        "page": "about.html",
        "post": f"{post}.html",
        "blog index": "blog/index.html",
        "tag archive": first("blog/tag/"),
        "author archive": first("blog/author/"),
        "year archive": next(p for p in pages if p.startswith("blog/2") and p.count("/") == 1),
        "catalog": "blog/tag.html",
        "search": "search.html",
        "404": "404.html",
    }
