"""The build benchmark's corpus (``make bench``): deterministic, valid, and translated without breaking markup.

The benchmark itself takes minutes; these check what its figures rest on, without building.
"""

from __future__ import annotations

import runpy
import shutil

import pytest

from benchmarks import bench
from catalyst import data
from catalyst.frontmatter import collect_posts
from conftest import ROOT

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def vocabulary():
    people = [p["name"] for p in data.load(ROOT, "people")]
    tags = [t["name"] for t in data.load(ROOT, "tags")]
    return people, tags


def test_the_corpus_is_the_same_every_time(vocabulary):
    first = [p.text() for p in bench.generate_posts(12, *vocabulary, set())]
    again = [p.text() for p in bench.generate_posts(12, *vocabulary, set())]
    assert first == again and len(set(first)) == 12


def test_every_generated_post_passes_the_sites_front_matter_checks(vocabulary, tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    posts = bench.generate_posts(30, *vocabulary, set())
    for post in posts:
        path = tmp_path / post.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post.text(), encoding="utf-8")
    found, problems = collect_posts(tmp_path, {"en": {}, "es": {}})
    assert not problems
    assert sorted(found) == sorted(p.docname for p in posts)
    assert any(p.language == "es" for p in posts) and any(p.language is None for p in posts)


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ("{doc}`the training page </training>`", "{doc}`the training page </training>`"),
        ("`make html`", "`make html`"),
        ("[the training page](training.md)", "](training.md)"),  # the text is translated, not the target
        ("<https://catalystproject.cloud/>", "<https://catalystproject.cloud/>"),
        ("hello@example.org", "hello@example.org"),
    ],
)
def test_the_pseudo_translation_keeps_what_myst_gives_a_meaning_to(markup, kept):
    translated = bench.pseudo_translate(f"The community shares {markup} with the team.")
    assert kept in translated and translated.startswith("La comunidad comparte")


def test_the_plain_stack_has_the_sites_extensions_and_none_of_its_code():
    conf = runpy.run_path(str(bench.PLAIN_CONF))
    site = runpy.run_path(str(ROOT / "conf.py"))
    assert "catalyst" not in conf["extensions"]
    assert set(site["extensions"]) - {"catalyst"} <= set(conf["extensions"])


def test_a_plain_post_has_ablogs_comma_separated_lists(vocabulary):
    post = bench.generate_posts(1, *vocabulary, set())[0]
    plain = bench.plain_post(post.text())
    assert f"author: {', '.join(post.authors)}" in plain
    assert f"tags: {', '.join(post.tags)}" in plain
