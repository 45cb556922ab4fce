"""Offline re-reading: pages a reader has opened open again without a connection.

In Chromium, with the site's service worker allowed: a reader opens the home
page and a post, the network goes off, and the pages are reloaded; a page
never opened shows the offline page, in the page's language.  A new build
(a deploy) replaces the worker and deletes the old caches.  Opened from disk,
where browsers have no service workers, the pages register nothing and raise
no error.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading

import pytest

from browser import QuietHandler, Server, open_context

pytest_plugins = ["browser"]

READY = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"


def heading(site, language: str, page: str) -> str:
    return site.soup(language, page).find("h1").get_text(" ", strip=True).rstrip("#").strip()


def read_online(page, server, paths) -> None:
    """Open *paths* in turn, the first one twice: the worker controls the page from then on."""
    page.goto(server(paths[0]))
    page.wait_for_function(READY)
    for path in paths:
        page.goto(server(path))
        page.wait_for_load_state("networkidle")


def shown_heading(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("#").strip()


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_read_open_again_offline(browse, server, site, page_kinds, language):
    post = page_kinds[language]["post"]
    unread = page_kinds[language]["page"]
    current = browse(service_workers="allow")
    try:
        page = current.page
        read_online(page, server, [f"{language}/index.html", f"{language}/{post}"])
        current.context.set_offline(True)
        for path in (post, "index.html"):
            page.goto(server(f"{language}/{path}"))
            assert shown_heading(page) == heading(site, language, path), f"{language}/{path} is not there offline"
            page.reload()
            assert shown_heading(page) == heading(site, language, path), f"{language}/{path}: reload offline fails"
        # Styles come from the cache too: the theme's header is laid out as online.
        assert page.locator(".bd-header").evaluate("e => getComputedStyle(e).position") == "sticky"

        page.goto(server(f"{language}/{unread}"))
        assert shown_heading(page) == heading(site, language, "offline.html"), "an unread page: no offline page"
        assert page.evaluate("() => document.documentElement.lang") == language
        assert page.locator(".bd-header").evaluate("e => getComputedStyle(e).position") == "sticky", (
            "the offline page has lost its styles"
        )
        home = page.locator("article a[href$='index.html']").first
        home.click()
        assert shown_heading(page) == heading(site, language, "index.html"), "the offline page's link home fails"
    finally:
        current.close()


def test_offline_page_is_translated(site, languages):
    titles = {language: heading(site, language, "offline.html") for language in languages}
    assert len(set(titles.values())) == len(languages), f"the offline page is not translated: {titles}"


def worker_build(root, language: str) -> dict:
    source = (root / language / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const BUILD = (\{.*\});", source, re.M).group(1))


def test_a_new_deploy_replaces_the_old_caches(browser, site, tmp_path):
    """A copy of the site is served; then a post and an asset change, as in a deploy."""
    root = shutil.copytree(site.root, tmp_path / "html")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = Server(root=root, url=f"http://127.0.0.1:{httpd.server_address[1]}/")
    language = next(iter(site.languages))
    post = sorted(site.posts(language))[0] + ".html"
    try:
        current = open_context(browser, server, service_workers="allow")
        page = current.page
        read_online(page, server, [f"{language}/index.html", f"{language}/{post}"])
        old = worker_build(root, language)
        names = page.evaluate("() => caches.keys()")
        assert f"catalyst-{language}-pages-{old['pages']}" in names, names

        # The deploy: the post's title changes, and so do the worker's hashes.
        path = root / language / post
        text = path.read_text(encoding="utf-8")
        title = heading(site, language, post)
        path.write_text(text.replace(title, title + " (updated)"), encoding="utf-8")
        worker = root / language / "sw.js"
        worker.write_text(
            worker.read_text(encoding="utf-8").replace(old["pages"], "0" * 12).replace(old["assets"], "1" * 12),
            encoding="utf-8",
        )
        page.goto(server(f"{language}/{post}"))
        assert shown_heading(page).endswith("(updated)"), "online, the reader gets an old page"
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        page.wait_for_function(
            "names => caches.keys().then(keys => keys.length === 2 && names.every(n => keys.includes(n)))",
            arg=[f"catalyst-{language}-pages-" + "0" * 12, f"catalyst-{language}-assets-" + "1" * 12],
        )
        current.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


# Records the pages' calls to navigator.serviceWorker.register().
SPY = """
window.catalystRegistered = [];
if (window.ServiceWorkerContainer) {
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (url, options) {
    window.catalystRegistered.push(String(url));
    return register.call(this, url, options);
  };
}
"""


def test_preview_from_disk_registers_nothing(browser, site, page_kinds):
    language = next(iter(site.languages))
    # A plain context: the other tests' one refuses every address but the local server's.
    context = browser.new_context(service_workers="allow")
    context.add_init_script(SPY)
    context.add_init_script("localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');")
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.goto((site.root / language / page_kinds[language]["post"]).as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.catalystRegistered") == [], "a worker is registered from disk"
        assert shown_heading(page) == heading(site, language, page_kinds[language]["post"])
    finally:
        context.close()
    assert not errors, errors
