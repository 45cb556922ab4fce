"""Values from data files and front matter are text everywhere: never markup, never a broken attribute.

Quotes, apostrophes and ampersands are planted in every text field of every data file, every tag label,
every person's name (and so every post's authors), and a post's title and description; the site is
built in every language, and no page, feed, sitemap or meta tag may carry an element or attribute that
the values made (the checks refuse tags such as ``<b>`` in data text: see test_checks.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from catalyst.data import SCHEMAS
from conftest import FIXED_DATES, build_copy, copy_sources

# builds copies of the site's sources
pytestmark = pytest.mark.site

PAYLOAD = """ Q" data-injected="1" x='y & z"""
# (country is a key: the partners map places each partner by its country)
TEXT_FIELDS = {"name", "short", "summary", "role", "city", "scope", "focus", "bio", "place", "pronouns"}


def plant(src: Path) -> dict[str, str]:
    """Put the payload in every text value; return what was planted where (for the test's own check)."""
    renamed = {}
    for name in SCHEMAS:
        path = src / "data" / f"{name}.yaml"
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in entries:
            if name == "tags":
                entry["labels"] = {code: label + PAYLOAD for code, label in entry["labels"].items()}
                continue
            for field in TEXT_FIELDS & set(entry) & set(SCHEMAS[name]):
                if isinstance(entry[field], str):
                    if name == "people" and field == "name":
                        renamed[entry["name"]] = entry["name"] + PAYLOAD
                    entry[field] = entry[field] + PAYLOAD
        path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    quoted = {
        old: yaml.safe_dump(new, allow_unicode=True).strip().removesuffix("...").strip() for old, new in renamed.items()
    }
    posts = sorted((src / "blog").glob("*/*.md"))
    for post in posts:
        text = post.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        for old, new in quoted.items():
            front = re.sub(rf"^(\s+- ){re.escape(old)}$", lambda m, new=new: m.group(1) + new, front, flags=re.M)
        post.write_text(front + "\n---\n" + body, encoding="utf-8")
    first = posts[0]
    text = first.read_text(encoding="utf-8")
    description = yaml.safe_dump("About" + PAYLOAD, allow_unicode=True).strip().removesuffix("...").strip()
    text = text.replace("blogpost: true\n", f"blogpost: true\ndescription: {description}\n", 1)
    text = re.sub(r"^# (.+)$", lambda m: "# " + m.group(1) + PAYLOAD, text, count=1, flags=re.M)
    first.write_text(text, encoding="utf-8")
    return {"post": first.relative_to(src).with_suffix(".html").as_posix()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = copy_sources(tmp_path_factory.mktemp("escaping") / "src")
    planted = plant(src)
    out = src / "_build"
    proc = build_copy(src, out, env=FIXED_DATES, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "html", planted


def test_no_value_becomes_markup_in_any_page(built):
    site, planted = built
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    assert pages
    seen = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        injected = soup.find_all(attrs={"data-injected": True})
        assert not injected, f"{page.relative_to(site)}: {injected[0]}"
        seen += "data-injected" in soup.get_text() or any(
            "data-injected" in str(value) for tag in soup.find_all(True) for value in tag.attrs.values()
        )
    assert seen > len(pages) // 2, "the values were not shown at all"
    # the post's description reaches its meta tags as text
    for code in ("en", "es"):
        soup = BeautifulSoup((site / code / planted["post"]).read_text(encoding="utf-8"), "html.parser")
        metas = [m for m in soup.find_all("meta") if "data-injected" in (m.get("content") or "")]
        assert metas, code
        assert all(m.get("content").startswith('About Q"') for m in metas if "description" in str(m))


def test_no_value_breaks_a_feed_or_a_sitemap(built):
    site, _planted = built
    files = [*site.rglob("atom.xml"), *site.rglob("sitemap.xml")]
    assert len(files) > 4
    for path in files:
        root = ET.parse(path).getroot()  # fails on a broken document
        for element in root.iter():
            assert "data-injected" not in element.attrib and not element.tag.endswith("}i"), path
    assert any(
        PAYLOAD.strip()
        in path.read_text(encoding="utf-8")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        for path in site.rglob("atom.xml")
    )
