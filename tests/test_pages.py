"""Every page and post is built, titled, and reachable, in every language."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SITE_URL

PAGES = [
    "index",
    "about",
    "team",
    "people",
    "community-partnership",
    "current-community-partners",
    "training",
    "contact",
    "faq",
    "privacy",
    "blog/index",
]


def source_title(docname: str) -> str:
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()


def expected_title(language: str, docname: str) -> str:
    """The source title, or its translation from the page's catalog."""
    title = source_title(docname)
    po = ROOT / "locales" / language / "LC_MESSAGES" / f"{docname}.po"
    if po.exists():
        from babel.messages.pofile import read_po

        with po.open("rb") as handle:
            message = read_po(handle).get(title)
        if message is not None and message.string:
            return message.string
    return title


@pytest.mark.parametrize("docname", PAGES)
def test_page_exists_with_its_title(site, languages, docname):
    for language in languages:
        soup = site.soup(language, f"{docname}.html")
        title = expected_title(language, docname)
        assert soup.find("h1").get_text(" ", strip=True).rstrip("#").strip() == title
        assert title in soup.title.get_text()


@pytest.mark.parametrize("docname", PAGES)
def test_page_exists_in_every_language(site, languages, docname):
    for language in languages:
        soup = site.soup(language, f"{docname}.html")
        assert soup.find("h1"), f"{language}/{docname}.html has no <h1>"
        assert soup.html["lang"] == language


def test_every_post_is_built_with_its_title(site, languages):
    for language in languages:
        posts = site.posts(language)
        assert len(posts) >= (12 if language == "en" else 14)
        for docname in posts:
            soup = site.soup(language, f"{docname}.html")
            assert soup.find("h1").get_text(" ", strip=True).rstrip("#").strip() == expected_title(language, docname)


def test_at_least_fourteen_posts_in_the_project(site):
    assert len(list((ROOT / "blog").glob("*/*.md"))) >= 14


def _listed_posts(soup) -> set[str]:
    """Docnames of the posts listed on a page (post list items)."""
    found = set()
    for item in soup.select("li.catalyst-postlist__item h2 a, li.catalyst-postlist__item h3 a"):
        href = item["href"].split("#")[0]
        found.add(re.sub(r"^(\.\./)+", "", href).removesuffix(".html"))
    return found


def _relative_to(page_dir: str, href: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(page_dir, href.split("#")[0])).removesuffix(".html")


def test_blog_index_lists_every_post(site, languages):
    for language in languages:
        soup = site.soup(language, "blog/index.html")
        listed = {_relative_to("blog", a["href"]) for a in soup.select(".catalyst-postlist__title a")}
        assert listed == set(site.posts(language)), language


def test_every_tag_page_lists_exactly_its_posts(site, languages):
    from ablog.blog import slugify

    for language in languages:
        posts = site.posts(language)
        tags = {tag for post in posts.values() for tag in post.tags}
        assert tags, "no tags at all"
        for tag in tags:
            page = f"blog/tag/{slugify(tag)}.html"
            soup = site.soup(language, page)
            listed = {_relative_to("blog/tag", a["href"]) for a in soup.select(".catalyst-postlist__title a")}
            expected = {d for d, p in posts.items() if tag in p.tags}
            assert listed == expected, f"{language}/{page}"


def test_author_and_year_archives_exist(site, languages):
    from ablog.blog import slugify

    for language in languages:
        posts = site.posts(language)
        for post in posts.values():
            for author in post.authors:
                assert (site.root / language / f"blog/author/{slugify(author)}.html").is_file()
            assert (site.root / language / f"blog/{post.date.year}.html").is_file()


def test_home_page_shows_latest_posts(site, languages):
    for language in languages:
        posts = sorted(site.posts(language).values(), key=lambda p: p.date, reverse=True)
        soup = site.soup(language, "index.html")
        listed = [_relative_to("", a["href"]) for a in soup.select(".catalyst-postlist__title a")]
        assert listed[0] == posts[0].docname


def test_atom_feed_lists_posts(site, languages):
    import xml.etree.ElementTree as ET

    ns = {"atom": "http://www.w3.org/2005/Atom"}
    for language in languages:
        feed = ET.parse(site.root / language / "blog" / "atom.xml").getroot()
        entries = feed.findall("atom:entry", ns)
        assert len(entries) == len(site.posts(language))
        for entry in entries:
            assert entry.find("atom:link", ns).get("href").startswith(f"{SITE_URL}{language}/")


def test_root_page_offers_every_language(site, languages):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site.root / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["hreflang"]: a["href"] for a in soup.select("main a")}
    assert links == {code: f"{code}/index.html" for code in languages}  # a file, also from disk
    for href in links.values():
        assert (site.root / href).is_file()


def test_root_404_page_in_every_language(site, languages):
    """GitHub Pages serves /404.html for any missing address: it speaks every language, with a search and links."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site.root / "404.html").read_text(encoding="utf-8"), "html.parser")
    parts = soup.select("main section[lang]")
    assert [part["lang"] for part in parts] == languages
    for part in parts:
        code = part["lang"]
        form = part.select_one('form[role="search"]')
        assert form["action"] == f"/{code}/search.html" and form.select_one('input[name="q"]') is not None
        assert form.select_one("label")["for"] == form.select_one("input")["id"]
        hrefs = [a["href"] for a in part.select("nav a")]
        assert f"/{code}/index.html" in hrefs and len(hrefs) >= 4
        for href in hrefs:  # every link starts at the root and leads to a built page of that language
            assert href.startswith(f"/{code}/") and (site.root / href.lstrip("/")).is_file(), href
    # Each part in its own language: the Spanish one is not the English text.
    assert len({part.select_one("h1").get_text() for part in parts}) == len(languages)


def test_footer_on_every_page(site, languages):
    for language in languages:
        for page in site.pages(language):
            footer = site.soup(language, page).select_one(".catalyst-footer")
            assert footer is not None, f"{language}/{page} has no footer"
            assert "2022-316595" in footer.get_text()
            # a link to the page itself is "#" (Sphinx's pathto)
            hrefs = [a["href"] if a["href"] != "#" else page for a in footer.find_all("a")]
            assert any(h.endswith("privacy.html") for h in hrefs)
            assert any(h.endswith("contact.html") for h in hrefs)
            assert any("creativecommons.org/licenses/by/4.0" in h for h in hrefs)


# The theme's wrappers of the header, footer and sidebar items (one per template of conf.py's lists).
ITEM_WRAPPERS = (
    "navbar-item",
    "navbar-persistent--container",
    "navbar-persistent--mobile",
    "footer-item",
    "sidebar-primary-item",
)


def empty_items(soup) -> list[str]:
    """The theme's item wrappers with nothing in them: an item template that rendered empty."""
    return [
        " ".join(element["class"])
        for element in soup.find_all(class_=ITEM_WRAPPERS)
        if element.find(True) is None and not element.get_text(strip=True)
    ]


def test_no_header_footer_or_sidebar_item_is_empty(site, languages):
    """conf.py's ``templates_skip_empty_check`` lists templates the theme then keeps even if they render
    empty: that is right only while none of them ever does, on any page (an empty item would leave its
    wrapper behind, where without the option the theme drops it)."""
    from bs4 import BeautifulSoup

    planted = BeautifulSoup('<div class="navbar-item"> </div><div class="footer-item"><p>x</p></div>', "html.parser")
    assert empty_items(planted) == ["navbar-item"]
    for language in languages:
        for page in site.pages(language):
            empty = empty_items(site.soup(language, page))
            assert not empty, f"{language}/{page}: {empty}"
