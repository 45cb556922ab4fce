"""The built site as a reviewer gets it: a folder opened from disk (file://), no server.

A pull request's preview is the built site to download and unzip; opening its
``index.html`` must lead to a language, and every link, the language switcher
included, must stay inside that folder.  (hreflang and canonical links stay
absolute: they are for search engines.)
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from tools.build import site_config

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

SITE_URL = site_config(ROOT)["catalyst_site_url"].rstrip("/") + "/"


def test_links_to_the_site_itself_are_relative(site, languages):
    """No <a> points at the published site's pages or at the root of a server."""
    found = []
    for code in languages:
        for page in site.pages(code):
            if page == "404.html":
                continue  # served at any address, so its links start at the server's root on purpose
            for a in site.soup(code, page).select("a[href]"):
                href = a["href"]
                if href.startswith("/") or any(href.startswith(f"{SITE_URL}{c}/") for c in languages):
                    found.append(f"{code}/{page}: {href}")
    assert not found, "\n".join(found[:20])


def _from_disk(browser, *, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB", service_workers="block")
    context.set_default_timeout(10_000)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())  # nothing but the folder
    return context, context.new_page(), requests


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_preview_opened_from_disk_switches_language_on_the_same_page(browser, site, languages, javascript):
    context, page, requests = _from_disk(browser, javascript=javascript)
    try:
        page.goto((site.root / "index.html").as_uri())
        if not javascript:
            page.click(f'main a[hreflang="{languages[0]}"]')  # the plain link
        page.wait_for_url(re.compile(rf"/{languages[0]}/index\.html$"))
        assert page.locator("h1").count() == 1, "the root page did not lead to a page (a folder listing?)"
        # follow a link to a post, then the switcher to every other language
        post = page.locator(".catalyst-postlist__title a").first
        post.click()
        page.wait_for_load_state()
        path = urlsplit(page.url).path
        relative = path.split(f"/{languages[0]}/", 1)[1]
        assert relative.startswith("blog/"), page.url
        for code in languages[1:]:
            page.goto((site.root / languages[0] / relative).as_uri())
            page.click(f'.catalyst-language-switcher a[hreflang="{code}"]')
            page.wait_for_url(re.compile(rf"/{code}/{re.escape(relative)}$"))
            assert page.evaluate("document.documentElement.lang") == code
            assert page.url == (site.root / code / relative).as_uri(), "the switcher left the preview"
        assert all(url.startswith("file:") for url in requests), [u for u in requests if not u.startswith("file:")]
    finally:
        context.close()
