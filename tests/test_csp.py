"""Every kind of page carries a Content-Security-Policy and a strict referrer policy, and breaks none of it.

In Chromium, every page kind in every language, plus the root language chooser, is opened with its
policy; any violation (a blocked inline script or style, a file from elsewhere) shows as a
``securitypolicyviolation`` event or a console message, and fails the test.  A search runs too, since
the search page loads its index and the pages it finds.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

# drives chromium
pytestmark = pytest.mark.browser

pytest_plugins = ["browser"]

RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def pages(site, page_kinds):
    yield "index.html"
    for language, kinds in page_kinds.items():
        for path in kinds.values():
            yield f"{language}/{path}"


def test_every_page_has_the_policies(site, page_kinds):
    for page in pages(site, page_kinds):
        soup = BeautifulSoup((site.root / page).read_text(encoding="utf-8"), "html.parser")
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None, page
        directives = dict(d.strip().split(" ", 1) for d in csp["content"].split(";"))
        assert directives["default-src"] == "'none'", page
        for name in ("script-src", "style-src", "img-src"):
            sources = directives[name].split()
            assert sources[0] == "'self'" and all(s.startswith("'sha256-") or s == "data:" for s in sources[1:]), page
        assert soup.find("meta", attrs={"name": "referrer"})["content"] in ("no-referrer", "same-origin"), page
        # before any script or style: the policy applies to all of them
        head = str(soup.head)
        assert head.index("Content-Security-Policy") < min(
            (head.index(tag) for tag in ("<script", "<style", "<link") if tag in head), default=len(head)
        ), page


def test_no_page_breaks_its_policy_in_chromium(browse, server, site, page_kinds):
    visit = browse()
    try:
        console = []
        visit.page.on("console", lambda message: console.append(message.text))
        visit.context.add_init_script(RECORD)
        for page in pages(site, page_kinds):
            console.clear()
            visit.page.goto(server(page))
            visit.page.wait_for_load_state("load")
            if page.endswith("search.html"):
                visit.page.goto(server(page) + "?q=hub")
                visit.page.wait_for_selector("#search-results li, #search-results p", state="attached")
            violations = visit.page.evaluate("window.__violations || []")
            blocked = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
            assert not violations and not blocked, (page, violations, blocked)
            assert not [text for text in console if "invalid theme mode" in text], page
    finally:
        visit.context.close()
