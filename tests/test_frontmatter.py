"""Blog post front matter: every mistake a writer can make is reported at its place.

Each test adds one post to a fresh copy of the site's sources and checks the
problem found: its message, its file and its line.  Posts that are not
mistakes but stay off the site (a draft, a later date) are checked too.
Two English-only builds (site tier) run through ``tools.build`` as ``make
html`` runs it: a bad front matter stops the build before anything is
written, and a broken link in a post's text fails it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from catalyst import data
from catalyst.frontmatter import FrontMatterError, check_posts, collect_posts, tag_labels, today
from conftest import ROOT

LANGUAGES = {"en": {}, "es": {}}
PAGES = [p.name for p in ROOT.glob("*.md") if p.name not in ("README.md", "CONTRIBUTING.md")]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of the site's sources, made once for this module and never changed."""
    src = tmp_path_factory.mktemp("pristine") / "src"
    src.mkdir()
    shutil.copy(ROOT / "conf.py", src / "conf.py")
    for page in PAGES:
        shutil.copy(ROOT / page, src / page)
    for folder in ("data", "blog", "locales"):
        shutil.copytree(ROOT / folder, src / folder)
    # The package itself is importable from the virtual environment; conf.py
    # also names files inside it (the favicon), so the copy links to it.
    (src / "catalyst").symlink_to(ROOT / "catalyst", target_is_directory=True)
    return src


@pytest.fixture
def srcdir(pristine, tmp_path) -> Path:
    """A fresh copy of the sources for one test, to add one bad post to."""
    return shutil.copytree(pristine, tmp_path / "src", symlinks=True)


def front(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# A correct post; each bad post below differs from it in one place.
GOOD = front("""
    ---
    blogpost: true
    date: 2024-05-01
    author:
      - Katie Pratt
      - Lou Woodley
    tags:
      - News
    ---

    # A post about the hubs

    The first paragraph says what the post is about.
""")


def add_post(srcdir: Path, text: str, name: str = "2024-05-01-about-the-hubs.md") -> str:
    """Write a post into blog/<year of its file name>/; return its path in the sources."""
    folder = srcdir / "blog" / name[:4]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return f"blog/{folder.name}/{name}"


def line_of(text: str, needle: str) -> int:
    """The number of the first line of *text* that contains *needle*."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def problems_in(srcdir: Path, path: str) -> list[tuple[int, str]]:
    """The (line, message) problems of one post; no other post may have any."""
    _posts, problems = collect_posts(srcdir, LANGUAGES)
    others = [p for p in problems if p[0] != path]
    assert not others, f"problems outside {path}: {others}"
    return [(line, message) for _path, line, message in problems]


def single_problem(srcdir: Path, path: str) -> tuple[int, str]:
    problems = problems_in(srcdir, path)
    assert len(problems) == 1, problems
    return problems[0]


# -- the good site ---------------------------------------------------------------


def test_the_real_posts_have_no_problem_and_the_copy_matches_them(pristine):
    real, real_problems = collect_posts(ROOT, LANGUAGES)
    copied, copied_problems = collect_posts(pristine, LANGUAGES)
    assert real_problems == [] and copied_problems == []
    assert len(real) >= 10 and real == copied


def test_a_correct_post_is_accepted(srcdir):
    path = add_post(srcdir, GOOD)
    assert problems_in(srcdir, path) == []
    posts, _ = collect_posts(srcdir, LANGUAGES)
    post = posts["blog/2024/2024-05-01-about-the-hubs"]
    assert post.title == "A post about the hubs" and post.slug == "about-the-hubs"
    assert post.authors == ["Katie Pratt", "Lou Woodley"] and post.tags == ["News"]
    assert post.date == dt.date(2024, 5, 1) and post.published_in("en", today())


# -- mistakes, each at its file and line -------------------------------------------


def test_unknown_tag_is_reported_with_the_closest_tag(srcdir):
    text = GOOD.replace("  - News", "  - Trainig")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "- Trainig")
    assert message.startswith("unknown tag 'Trainig'; did you mean 'Training'?")
    assert "new tags go in data/tags.yaml" in message


def test_unknown_tag_further_down_the_list_is_reported_on_its_own_line(srcdir):
    text = GOOD.replace("  - News", "  - News\n  - Community Partners\n  - Trainig")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert message.startswith("unknown tag 'Trainig'; did you mean 'Training'?")
    assert line == line_of(text, "- Trainig")


def test_date_that_is_not_iso_is_reported_with_the_iso_form(srcdir):
    text = GOOD.replace("date: 2024-05-01", "date: Apr 24, 2024")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "date:")
    assert message == ("date 'Apr 24, 2024' is not an ISO date: write it as YYYY-MM-DD, for example 2024-04-24")


def test_post_without_a_title_is_reported(srcdir):
    text = GOOD.replace("# A post about the hubs", "A post about the hubs")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == 2  # the post's first detail
    assert message.startswith("no title:") and "starting with `# `" in message


@pytest.mark.parametrize(
    ("right", "wrong"),
    [("tags:", "tag:"), ("date: 2024-05-01", "dat: 2024-05-01")],
    ids=["tag", "dat"],
)
def test_misspelt_key_is_reported_on_its_line_with_the_right_key(srcdir, right, wrong):
    text = GOOD.replace(right, wrong)
    path = add_post(srcdir, text)
    problems = problems_in(srcdir, path)
    typo, key = wrong.split(":")[0], right.split(":")[0]
    unknown = [p for p in problems if p[1].startswith(f"unknown key {typo!r}")]
    assert len(unknown) == 1, problems
    line, message = unknown[0]
    assert f"did you mean {key!r}?" in message and "allowed keys: blogpost, date, author, tags" in message
    assert line == line_of(text, wrong)
    # The right key is then missing, and said so too.
    assert any(m.startswith(f"missing key {key!r}") for _, m in problems), problems


@pytest.mark.parametrize("key", ["blogpost", "date", "author", "tags"])
def test_missing_required_key_is_reported(srcdir, key):
    lines = GOOD.splitlines(keepends=True)
    start = line_of(GOOD, f"{key}:") - 1
    end = start + 1
    while lines[end].startswith("  "):  # the key's list, if any
        end += 1
    text = "".join(lines[:start] + lines[end:])
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == 2
    assert message.startswith(f"missing key {key!r}: add a line `{key}: ...`")


def test_name_already_used_by_a_post_of_another_year_is_reported(srcdir):
    assert (srcdir / "blog/2024/2024-04-24-welcome.md").is_file()
    text = GOOD.replace("date: 2024-05-01", "date: 2025-01-10")
    path = add_post(srcdir, text, name="2025-01-10-welcome.md")
    line, message = single_problem(srcdir, path)
    assert path == "blog/2025/2025-01-10-welcome.md" and line == 1
    assert message == (
        "another post already uses the name 'welcome' (blog/2024/2024-04-24-welcome.md): "
        "choose a different name after the date"
    )


def test_authors_written_as_one_line_with_commas_are_reported_as_a_list(srcdir):
    text = GOOD.replace("author:\n  - Katie Pratt\n  - Lou Woodley", "author: Katie Pratt, Lou Woodley")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "author:")
    assert message == (
        "author: write one author per line, as a list:\n    author:\n      - Katie Pratt\n      - Lou Woodley\n"
    )


def test_author_with_an_affiliation_is_reported(srcdir):
    text = GOOD.replace("  - Katie Pratt", "  - Katie Pratt (CSCCE)")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "(CSCCE)")
    assert message == (
        "author: 'Katie Pratt (CSCCE)' is not a plain name; write only the name "
        "(affiliations come from data/people.yaml)"
    )


def test_unknown_author_is_reported_with_the_closest_name(srcdir):
    text = GOOD.replace("  - Katie Pratt", "  - Katie Prat")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "Katie Prat")
    assert message == (
        "author: unknown author 'Katie Prat'; did you mean 'Katie Pratt'? (add new people to data/people.yaml)"
    )


@pytest.mark.parametrize(("language", "hint"), [("fr", ""), ("esp", "; did you mean 'es'?")])
def test_language_that_the_site_does_not_have_is_reported(srcdir, language, hint):
    text = GOOD.replace("tags:", f"language: {language}\ntags:")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "language:")
    assert message == f"language {language!r} is not one of the site's languages (en, es){hint}"


def test_file_name_and_date_that_disagree_are_reported(srcdir):
    text = GOOD.replace("date: 2024-05-01", "date: 2024-05-02")
    path = add_post(srcdir, text)
    line, message = single_problem(srcdir, path)
    assert line == line_of(text, "date:")
    assert message == (
        "the file name starts with 2024-05-01 but the date is 2024-05-02: rename the file or fix the date"
    )


# -- posts that are correct but stay off the site -----------------------------------


def test_post_dated_later_is_accepted_but_left_out_until_its_date(srcdir):
    later = today() + dt.timedelta(days=400)
    text = GOOD.replace("date: 2024-05-01", f"date: {later.isoformat()}")
    path = add_post(srcdir, text, name=f"{later.isoformat()}-coming-soon.md")
    assert problems_in(srcdir, path) == []
    posts, _ = collect_posts(srcdir, LANGUAGES)
    post = posts[path.removesuffix(".md")]
    for language in LANGUAGES:
        assert not post.published_in(language, today())
        assert post.published_in(language, later)
    # the site's own posts are all published, each in its language(s)
    assert all(p.published_in(p.language or "en", today()) for d, p in posts.items() if d != post.docname)


def test_draft_is_accepted_but_left_out(srcdir):
    text = GOOD.replace("tags:", "draft: true\ntags:")
    path = add_post(srcdir, text)
    assert problems_in(srcdir, path) == []
    posts, _ = collect_posts(srcdir, LANGUAGES)
    post = posts[path.removesuffix(".md")]
    assert post.draft is True
    assert not any(post.published_in(language, today()) for language in LANGUAGES)


def test_post_written_in_another_language_is_on_every_site(srcdir):
    """`language:` says which language a post is written in; every language shows it (translated or marked)."""
    text = GOOD.replace("tags:", f"language: {list(LANGUAGES)[-1]}\ntags:")
    path = add_post(srcdir, text)
    assert problems_in(srcdir, path) == []
    post = collect_posts(srcdir, LANGUAGES)[0][path.removesuffix(".md")]
    assert post.language == list(LANGUAGES)[-1]
    assert all(post.published_in(language, today()) for language in LANGUAGES)


# -- the tag vocabulary ----------------------------------------------------------------


def test_tag_without_a_spanish_label_is_reported_at_its_line(srcdir):
    tags = srcdir / "data" / "tags.yaml"
    text = tags.read_text(encoding="utf-8") + "\n- name: Events\n  labels:\n    fr: Événements\n"
    tags.write_text(text, encoding="utf-8")
    assert tag_labels(srcdir, "en")["Events"] == "Events"
    with pytest.raises(data.DataError) as error:
        tag_labels(srcdir, "es")
    assert str(error.value) == (
        f"data/tags.yaml:{line_of(text, '- name: Events')}: tag 'Events' has no "
        "label in 'es': add `es: <label>` under its `labels:`"
    )


def test_every_real_tag_has_a_label_in_every_language(pristine):
    tags = data.load(pristine, "tags")
    for language in LANGUAGES:
        labels = tag_labels(pristine, language)
        assert set(labels) == {tag["name"] for tag in tags}
        if language != "en":
            assert labels == {tag["name"]: tag["labels"][language] for tag in tags}


# -- the memo of posts found correct (a rebuild does not read them again) ----------------


def test_posts_found_correct_are_not_read_again_until_they_change(srcdir, tmp_path, monkeypatch):
    from catalyst import frontmatter

    memo = tmp_path / "doctrees" / "frontmatter-checks.json"
    path = add_post(srcdir, GOOD)
    first, problems = collect_posts(srcdir, LANGUAGES, memo)
    assert problems == [] and memo.is_file()

    read = []
    check_post = frontmatter.check_post
    monkeypatch.setattr(
        frontmatter, "check_post", lambda srcdir, path, *a: read.append(path) or check_post(srcdir, path, *a)
    )
    again, problems = collect_posts(srcdir, LANGUAGES, memo)
    assert problems == [] and again == first and read == []

    # The same number of bytes, a tag that does not exist: only the file's time says it changed.
    post = srcdir / path
    before = post.stat()
    post.write_text(GOOD.replace("- News", "- Nows"), encoding="utf-8")
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert post.stat().st_size == before.st_size
    _posts, problems = collect_posts(srcdir, LANGUAGES, memo)
    assert read == [post]
    assert [(p, message.split(" (")[0]) for p, _line, message in problems] == [
        (path, "unknown tag 'Nows'; did you mean 'News'?")
    ]


def test_a_post_with_a_problem_is_reported_on_every_build(srcdir, tmp_path):
    memo = tmp_path / "doctrees" / "frontmatter-checks.json"
    path = add_post(srcdir, GOOD.replace("- News", "- Nows"))
    for _build in range(2):
        _posts, problems = collect_posts(srcdir, LANGUAGES, memo)
        assert [p[0] for p in problems] == [path]


def test_a_tag_removed_from_the_data_files_is_reported_in_a_post_found_correct_before(srcdir, tmp_path):
    memo = tmp_path / "doctrees" / "frontmatter-checks.json"
    tags = srcdir / "data" / "tags.yaml"
    text = tags.read_text(encoding="utf-8")
    tags.write_text(text + "\n- name: Events\n  labels:\n    es: Eventos\n", encoding="utf-8")
    path = add_post(srcdir, GOOD.replace("- News", "- Events"))
    assert collect_posts(srcdir, LANGUAGES, memo)[1] == []
    tags.write_text(text, encoding="utf-8")
    _posts, problems = collect_posts(srcdir, LANGUAGES, memo)
    assert [(p[0], p[2].split(" (")[0]) for p in problems] == [(path, "unknown tag 'Events'")]


def test_an_unreadable_memo_is_an_empty_one(srcdir, tmp_path):
    memo = tmp_path / "frontmatter-checks.json"
    add_post(srcdir, GOOD)
    expected = collect_posts(srcdir, LANGUAGES)[0]
    memo.write_text("{not json", encoding="utf-8")
    assert collect_posts(srcdir, LANGUAGES, memo) == (expected, [])
    assert collect_posts(srcdir, LANGUAGES, memo) == (expected, [])


# -- through the build, as `make html` runs it -----------------------------------------


def run_build(srcdir: Path, out: Path) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "tools.build",
        "--srcdir",
        str(srcdir),
        "--outdir",
        str(out / "html"),
        "--doctreedir",
        str(out / "doctrees"),
        "--language",
        "en",
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.site
def test_bad_front_matter_stops_the_build_before_anything_is_written(srcdir, tmp_path):
    text = GOOD.replace("  - News", "  - Trainig")
    path = add_post(srcdir, text)
    proc = run_build(srcdir, tmp_path)
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    where = f"{path}:{line_of(text, '- Trainig')}"
    assert first.startswith(f"{where}: unknown tag 'Trainig'; did you mean 'Training'?")
    assert path == "blog/2024/2024-05-01-about-the-hubs.md"
    assert "1 problem(s) in blog posts; nothing was built." in proc.stderr
    assert not (tmp_path / "html").exists() or not list((tmp_path / "html").rglob("*.html"))
    # Sphinx run on its own stops in the same way.
    with pytest.raises(FrontMatterError, match=r"1 problem\(s\) in blog posts"):
        check_posts(srcdir, LANGUAGES)


@pytest.mark.site
def test_broken_link_in_a_post_fails_the_build_at_its_line(srcdir, tmp_path):
    text = GOOD + "\nSee {doc}`our hubs </no-such-page>` for more.\n"
    path = add_post(srcdir, text)
    proc = run_build(srcdir, tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    expected = f"{srcdir / path}:{line_of(text, '{doc}')}: WARNING: unknown document: '/no-such-page'"
    assert expected in output
    warnings = [line for line in output.splitlines() if "WARNING" in line]
    assert warnings and all(expected in line for line in warnings), warnings
