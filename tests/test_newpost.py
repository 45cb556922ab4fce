"""`make post` writes a correctly named post with front matter that passes the checks."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from catalyst.frontmatter import collect_posts
from conftest import ROOT
from tools import newpost


@pytest.fixture
def srcdir(tmp_path):
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_new_post_is_named_by_date_and_title_and_passes_checks(srcdir):
    path = newpost.write_post(
        srcdir, "Año nuevo: our hubs, one year on", ["News", "Training"], ["Jenny Wong"], dt.date(2026, 12, 1)
    )
    assert path == srcdir / "blog/2026/2026-12-01-ano-nuevo-our-hubs-one-year-on.md"
    posts, problems = collect_posts(srcdir, {"en": {}, "es": {}})
    assert problems == []
    post = posts["blog/2026/2026-12-01-ano-nuevo-our-hubs-one-year-on"]
    assert post.tags == ["News", "Training"] and post.authors == ["Jenny Wong"]
    assert post.date == dt.date(2026, 12, 1) and post.language is None


def test_language_only_post(srcdir):
    path = newpost.write_post(srcdir, "Solo en español", ["News"], ["Sabrina López"], dt.date(2026, 12, 2), "es")
    posts, problems = collect_posts(srcdir, {"en": {}, "es": {}})
    assert problems == [] and posts[path.relative_to(srcdir).with_suffix("").as_posix()].language == "es"


def test_unknown_tag_and_author_are_refused_with_suggestions(srcdir):
    with pytest.raises(ValueError) as error:
        newpost.write_post(srcdir, "A post", ["Trainig"], ["Jeny Wong"], dt.date(2026, 12, 1))
    assert "unknown tag 'Trainig'; did you mean 'Training'?" in str(error.value)
    assert "unknown author 'Jeny Wong'; did you mean 'Jenny Wong'?" in str(error.value)
    assert not (srcdir / "blog").exists()


def test_command_line_writes_the_file(srcdir, capsys):
    code = newpost.main(
        [
            "--srcdir",
            str(srcdir),
            "--title",
            "Hello",
            "--tags",
            "News",
            "--authors",
            "Katie Pratt, Lou Woodley",
            "--date",
            "2026-12-03",
        ]
    )
    assert code == 0
    text = (srcdir / "blog/2026/2026-12-03-hello.md").read_text(encoding="utf-8")
    assert "author:\n  - Katie Pratt\n  - Lou Woodley\n" in text
    assert "Wrote blog/2026/2026-12-03-hello.md" in capsys.readouterr().out
