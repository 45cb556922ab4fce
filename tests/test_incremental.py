"""Rebuilds do only what an edit needs, in every language (no timing: counts)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from catalyst.frontmatter import collect_posts, today
from conftest import EDITED_POST, copy_sources
from tools import commands
from tools.build import languages as site_languages


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return copy_sources(tmp_path_factory.mktemp("incremental") / "src")


def build(src, language):
    # the site's options, but not quiet: the output says what was read and written
    options = [opt for opt in commands.SPHINX_OPTS if opt != "-q"]
    command = commands.sphinx(
        src,
        src / "_build" / "html" / language,
        language=language,
        doctreedir=src / "_build" / "doctrees" / language,
        options=options,
    )
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    counts = re.search(r"updating environment: (?:\[.*?\] )?(\d+) added, (\d+) changed, (\d+) removed", result.stdout)
    written = re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", result.stdout)
    return tuple(int(n) for n in counts.groups()), written, result.stdout


@pytest.mark.parametrize("language", ["en", "es"])
def test_rebuilds_read_and_write_only_what_changed(tree, language):
    build(tree, language)  # cold
    counts, written, log = build(tree, language)
    assert counts == (0, 0, 0), log
    assert written == [], f"a no-op rebuild wrote {written}"

    post = EDITED_POST.removesuffix(".md")
    lists = lists_showing(tree, language, EDITED_POST)  # the pages that show the post's excerpt
    assert lists, "no list shows the edited post"
    path = tree / EDITED_POST
    original = path.read_text(encoding="utf-8")
    try:
        # a sentence after the excerpt: no list shows it ...
        path.write_text(original + "\nOne more sentence.\n", encoding="utf-8")
        counts, written, log = build(tree, language)
        assert counts == (0, 1, 0), log
        if language == "en":
            assert written == [post], written
        else:  # ... but the Spanish lists mark the post as partly translated now
            assert set(written) == {post, *lists}, written
        counts, written, log = build(tree, language)
        assert (counts, written) == ((0, 0, 0), []), log

        # a sentence in the excerpt (the first paragraph): every list that shows it
        first = next(line for line in original.split("\n\n") if line and not line.startswith(("---", "#")))
        path.write_text(original.replace(first, first + " One more sentence in the excerpt."), encoding="utf-8")
        counts, written, log = build(tree, language)
        assert counts == (0, 1, 0), log
        assert set(written) == {post, *lists}, written
    finally:  # back to the original (each test starts with a build that brings the output up to date)
        path.write_text(original, encoding="utf-8")


def lists_showing(tree, language: str, post: str) -> set[str]:
    """The documents with a list of posts (a ``postlist`` directive in their source) whose last
    build shows *post*."""
    page_name = Path(post).with_suffix(".html").name
    found = set()
    for source in tree.glob("**/*.md"):
        doc = source.relative_to(tree).with_suffix("").as_posix()
        page = tree / "_build" / "html" / language / f"{doc}.html"
        if doc.startswith("_build/") or "{postlist}" not in source.read_text(encoding="utf-8") or not page.is_file():
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if any(a["href"].endswith(page_name) for a in soup.select(".catalyst-postlist a[href]")):
            found.add(doc)
    return found


def test_adding_a_post_updates_every_list_and_sidebar(tree):
    build(tree, "en")
    new = tree / "blog/2024/2024-12-01-a-new-post.md"
    new.write_text(
        "---\nblogpost: true\ndate: 2024-12-01\nauthor:\n  - Jenny Wong\ntags:\n  - Training\n---\n\n"
        "# A new post\n\nIts first paragraph links {doc}`the project <../../about>` relatively.\n",
        encoding="utf-8",
    )
    try:
        counts, _written, log = build(tree, "en")
        assert counts[0] == 1, log
        html = tree / "_build" / "html" / "en"

        def soup(page):
            return BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")

        assert "A new post" in soup("blog/index.html").select_one(".catalyst-postlist").get_text()
        assert "A new post" in soup("blog/tag/training.html").get_text()
        # a relative link in an excerpt leads to the same page from every list (the home page's
        # list among them when it shows excerpts)
        lists = [
            ("blog/index.html", "../about.html"),
            ("blog/tag/training.html", "../../about.html"),
            ("blog/2024/2024-12-01-a-new-post.html", "../../about.html"),
        ]
        home = (tree / "index.md").read_text(encoding="utf-8").split("{postlist}", 1)[-1].split("```", 1)[0]
        if ":excerpts:" in home:
            lists.append(("index.html", "about.html"))
        for page, href in lists:
            links = [a["href"] for a in soup(page).find_all("a") if a.get_text() == "the project"]
            assert links and set(links) == {href}, (page, links)
        # an unchanged post's sidebar counts the new post
        posts, _problems = collect_posts(tree, site_languages(tree))
        other = soup(next(p.docname for p in posts.values() if p.path != new.relative_to(tree).as_posix()) + ".html")
        training = [li.get_text(" ", strip=True) for li in other.select(".catalyst-blog-sidebar li")]
        # (counted from the posts' front matter, never from words their text may contain)
        expected = sum(1 for p in posts.values() if "Training" in p.tags and p.published_in("en", today()))
        assert f"Training ({expected})" in training, training
    finally:
        new.unlink()


# The directives that show the partners of data/partners.yaml (catalyst/cards.py, catalyst/partnersmap.py).
PARTNER_DIRECTIVES = ("partners", "partners-map", "keyfigures", "hubs")


def test_editing_a_data_file_rebuilds_the_pages_that_show_it(tree):
    build(tree, "en")
    path = tree / "data" / "partners.yaml"
    original = path.read_text(encoding="utf-8")
    city = next(p["city"] for p in yaml.safe_load(original) if p.get("city"))
    path.write_text(original.replace(f"city: {city}\n", f"city: {city} City\n", 1), encoding="utf-8")
    showing = {
        source.relative_to(tree).with_suffix("").as_posix()
        for source in tree.glob("*.md")
        if any(f"{{{name}}}" in source.read_text(encoding="utf-8") for name in PARTNER_DIRECTIVES)
    }
    try:
        counts, _written, log = build(tree, "en")
        html = (tree / "_build" / "html" / "en" / "current-community-partners.html").read_text(encoding="utf-8")
    finally:
        path.write_text(original, encoding="utf-8")
    assert counts == (0, len(showing), 0), (showing, log)  # the pages that show partners, nothing else
    assert f"{city} City" in html
