"""Every kind of page carries a Content-Security-Policy and a strict referrer policy.

That no page breaks its policy in a browser (a blocked inline script or style, a file from
elsewhere) is checked in Chromium with the pages' script errors, in one visit of every page kind:
``tests/test_browser.py::test_pages_run_without_script_errors_or_policy_violations``.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

pytest_plugins = ["browser"]  # page_kinds


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
