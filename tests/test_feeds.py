"""Atom feeds: one per language and per tag, valid, absolute, localized."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ablog.blog import slugify

from conftest import SITE_URL

NS = {"atom": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _feed(site, language, folder):
    return ET.parse(site.root / language / folder / "atom.xml").getroot()


def _check_feed(root, language, expected_docnames):
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get(XML_LANG) == language
    for required in ("id", "title", "updated"):
        assert root.find(f"atom:{required}", NS) is not None and root.find(f"atom:{required}", NS).text
    self_link = root.find('atom:link[@rel="self"]', NS).get("href")
    assert root.find("atom:id", NS).text == self_link
    entries = root.findall("atom:entry", NS)
    base = f"{SITE_URL}{language}/"
    urls = {e.find("atom:link", NS).get("href") for e in entries}
    assert urls == {f"{base}{d}.html" for d in expected_docnames}
    for entry in entries:
        for required in ("id", "title", "updated", "published", "author/atom:name", "summary"):
            assert entry.find(f"atom:{required}", NS) is not None, required
        assert entry.find("atom:summary", NS).text.strip()
        content = entry.find("atom:content", NS)
        for url in re.findall(r'(?:href|src)="([^"]+)"', content.text if content is not None else ""):
            assert re.match(r"^(https?|mailto):", url), f"relative URL {url!r} in a feed entry"
    updated = max(e.find("atom:updated", NS).text for e in entries)
    assert root.find("atom:updated", NS).text == updated  # not the build time: reproducible


def test_blog_feed_per_language(site, languages):
    for language in languages:
        root = _feed(site, language, "blog")
        _check_feed(root, language, site.posts(language))
        brand = site.languages[language]["brand"]
        title = root.find("atom:title", NS).text
        assert brand in title and title != brand, f"the blog's feed is titled {title!r}, not after {brand!r}"


def test_feed_per_tag_per_language(site, languages):
    labels = {"es": {"News": "Novedades", "Training": "Formación"}}
    for language in languages:
        posts = site.posts(language)
        for tag in {t for p in posts.values() for t in p.tags}:
            root = _feed(site, language, f"blog/tag/{slugify(tag)}")
            _check_feed(root, language, {d for d, p in posts.items() if tag in p.tags})
            label = labels.get(language, {}).get(tag)
            if label:
                assert label in root.find("atom:title", NS).text
                assert tag not in root.find("atom:title", NS).text


def test_all_authors_are_in_the_feed(site):
    root = _feed(site, "en", "blog")
    entry = next(
        e for e in root.findall("atom:entry", NS) if e.find("atom:link", NS).get("href").endswith("welcome.html")
    )
    assert [a.text for a in entry.findall("atom:author/atom:name", NS)] == ["Katie Pratt", "Lou Woodley"]


def test_feeds_are_advertised(site, languages):
    for language in languages:
        for page in ("index.html", "blog/index.html", "blog/2024/2024-04-24-welcome.html"):
            links = site.soup(language, page).select('link[rel="alternate"][type="application/atom+xml"]')
            assert links, f"{language}/{page} does not advertise the feed"


def test_tag_pages_advertise_their_own_feed(site, languages):
    for language in languages:
        links = site.soup(language, "blog/tag/training.html").select(
            'link[rel="alternate"][type="application/atom+xml"]'
        )
        hrefs = {link["href"] for link in links}
        assert "training/atom.xml" in hrefs, hrefs
        assert (site.root / language / "blog/tag/training/atom.xml").is_file()
