"""A build whose inputs are as they were at the last successful build does not start Sphinx (tools/build.py).

Every kind of input the fingerprint covers is changed in turn, in the way that is hardest to see (a
file's time alone, one environment variable, one option), and each must make the next build run.  The
builds here are the driver's own, with a stand-in for Sphinx that records each run and writes a page,
so that a failed build, a site changed after publishing and an interrupted build can be shown too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tools import build as site_build

CONF = (
    'catalyst_languages = {"en": {"name": "English", "locale": "en_GB"}}\ncatalyst_site_url = "https://example.org/"\n'
)
ENV = {"SOURCE_DATE_EPOCH": "1767225600", "CATALYST_TODAY": "2026-01-01"}
# The stand-in for one language's Sphinx: records the run, writes a page, fails when the sources say so.
FAKE_SPHINX = """
import pathlib, sys
src, out, runs = map(pathlib.Path, sys.argv[1:4])
with runs.open("a") as log:
    log.write(out.name + "\\n")
if (src / "broken").exists():
    print(f"{src}/index.md:1: WARNING: broken", file=sys.stderr)
    sys.exit(1)
out.mkdir(parents=True, exist_ok=True)
(out / "index.html").write_text((src / "index.md").read_text())
"""


@pytest.fixture
def sources(tmp_path, monkeypatch):
    src = tmp_path / "src"
    for name, text in {
        "conf.py": CONF,
        "index.md": "# Home\n",
        "blog/2024/2024-01-01-a-post.md": "# A post\n",
        "data/tags.yaml": "- name: News\n",
        "locales/es/LC_MESSAGES/index.po": 'msgid ""\nmsgstr ""\n',
    }.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    # the copy of the package and the tools this program runs, when the sources are elsewhere
    root = tmp_path / "checkout"
    for name in ("catalyst/__init__.py", "catalyst/templates/layout.html", "tools/build.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("# code\n", encoding="utf-8")
    monkeypatch.setattr(site_build, "ROOT", root)
    runs = tmp_path / "runs.txt"

    def sphinx_command(srcdir, outdir, doctreedir, language, builder="html", extra=(), quiet=True):
        return [sys.executable, "-c", FAKE_SPHINX, str(srcdir), str(outdir / language), str(runs), *extra]

    monkeypatch.setattr(site_build, "sphinx_command", sphinx_command)
    for key in ("SOURCE_DATE_EPOCH", "CATALYST_TODAY", "CATALYST_SITE_URL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    return src


def later(path: Path) -> None:
    """The same bytes, a later modification time."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def fingerprint(src: Path, langs=("en",), extra=(), env=None) -> str | None:
    out = src.parent / "build" / "html"
    return site_build.fingerprint(src, out, src.parent / "build" / "doctrees", list(langs), list(extra), env or ENV)


def build(src: Path, capsys) -> tuple[bool, list[str], str]:
    """One build by the driver: whether it succeeded, the languages Sphinx ran for, what it printed."""
    runs = src.parent / "runs.txt"
    runs.unlink(missing_ok=True)
    out = src.parent / "build"
    ok = site_build.build(src, out / "html", out / "doctrees", {"en": {}})
    printed = capsys.readouterr()
    ran = runs.read_text(encoding="utf-8").split() if runs.exists() else []
    return ok, ran, printed.out + printed.err


# -- what the fingerprint covers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "conf.py",
        "index.md",
        "blog/2024/2024-01-01-a-post.md",
        "data/tags.yaml",
        "locales/es/LC_MESSAGES/index.po",
    ],
)
def test_a_source_file_touched_changes_the_fingerprint(sources, name):
    before = fingerprint(sources)
    later(sources / name)
    assert fingerprint(sources) != before


def test_a_new_or_removed_source_file_changes_the_fingerprint(sources):
    before = fingerprint(sources)
    (sources / "blog" / "2024" / "2024-02-01-another.md").write_text("# Another\n", encoding="utf-8")
    assert fingerprint(sources) != before
    (sources / "blog" / "2024" / "2024-02-01-another.md").unlink()
    assert fingerprint(sources) == before


@pytest.mark.parametrize("name", ["catalyst/__init__.py", "catalyst/templates/layout.html", "tools/build.py"])
def test_the_code_that_builds_changes_the_fingerprint(sources, name):
    before = fingerprint(sources)
    later(site_build.ROOT / name)
    assert fingerprint(sources) != before


def test_the_themes_templates_change_the_fingerprint(sources, monkeypatch, tmp_path):
    theme = tmp_path / "theme_package"
    (theme / "theme").mkdir(parents=True)
    (theme / "__init__.py").write_text("", encoding="utf-8")
    (theme / "theme" / "layout.html").write_text("<html>", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(site_build, "TEMPLATE_PACKAGES", {"theme_package": "theme"})
    before = fingerprint(sources)
    later(theme / "theme" / "layout.html")
    assert fingerprint(sources) != before


@pytest.mark.parametrize(
    "env",
    [
        {**ENV, "SOURCE_DATE_EPOCH": "1767225601"},
        {**ENV, "CATALYST_TODAY": "2026-01-02"},  # which scheduled posts are published
        {**ENV, "CATALYST_SITE_URL": "https://example.net/"},
        {**ENV, "SOMETHING_ELSE": "1"},
    ],
)
def test_the_environment_changes_the_fingerprint(sources, env):
    assert fingerprint(sources, env=env) != fingerprint(sources)


def test_the_languages_and_options_change_the_fingerprint(sources):
    plain = fingerprint(sources)
    assert fingerprint(sources, langs=("en", "es")) != plain
    assert fingerprint(sources, extra=("-D", "catalyst_preview=1")) != plain


def test_what_no_build_depends_on_leaves_the_fingerprint(sources):
    before = fingerprint(sources)
    (sources / "locales" / "es" / "LC_MESSAGES" / "index.mo").write_bytes(b"compiled")  # the build writes it
    (sources / "_build").mkdir()
    (sources / "_build" / "page.html").write_text("output", encoding="utf-8")
    assert fingerprint(sources, env={**ENV, "OLDPWD": "/elsewhere", "SHLVL": "3"}) == before


def test_without_a_fixed_date_every_build_runs(sources):
    assert fingerprint(sources, env={"CATALYST_TODAY": "2026-01-01"}) is None


# -- builds ------------------------------------------------------------------------------------------


def test_a_build_with_nothing_changed_does_not_start_sphinx(sources, capsys):
    assert build(sources, capsys)[:2] == (True, ["en"])
    ok, ran, printed = build(sources, capsys)
    assert (ok, ran) == (True, []) and "Up to date" in printed
    later(sources / "index.md")
    assert build(sources, capsys)[:2] == (True, ["en"])
    assert build(sources, capsys)[:2] == (True, [])


def test_a_failed_build_is_never_skipped_and_reports_its_problem_every_time(sources, capsys):
    assert build(sources, capsys)[:2] == (True, ["en"])
    (sources / "broken").write_text("", encoding="utf-8")
    for _attempt in range(3):
        ok, ran, printed = build(sources, capsys)
        assert (ok, ran) == (False, ["en"]) and "WARNING: broken" in printed
    (sources / "broken").unlink()  # back to the inputs of the last good build
    assert build(sources, capsys)[:2] == (True, ["en"])
    assert build(sources, capsys)[:2] == (True, [])


def test_a_published_site_changed_or_removed_is_built_again(sources, capsys):
    out = sources.parent / "build" / "html"
    assert build(sources, capsys)[:2] == (True, ["en"])
    (out / "en" / "index.html").write_text("edited by hand", encoding="utf-8")
    assert build(sources, capsys)[:2] == (True, ["en"])
    assert (out / "en" / "index.html").read_text(encoding="utf-8") == "# Home\n"
    (out / "en" / "index.html").unlink()
    assert build(sources, capsys)[:2] == (True, ["en"])
    assert (out / "en" / "index.html").is_file()


def test_an_interrupted_build_is_never_skipped(sources, capsys):
    assert build(sources, capsys)[:2] == (True, ["en"])
    staging = site_build.staging_dir(sources.parent / "build" / "html")
    (staging / site_build.INCOMPLETE).write_text("a build is writing this folder\n", encoding="utf-8")
    assert build(sources, capsys)[:2] == (True, ["en"])


def test_a_build_starting_afresh_keeps_the_checks_memos_and_nothing_else(sources, capsys):
    doctrees = sources.parent / "build" / "doctrees"
    assert build(sources, capsys)[:2] == (True, ["en"])
    for name in site_build.CHECK_MEMOS:
        (doctrees / name).write_text('{"version": "v", "clean": {}}', encoding="utf-8")
    (doctrees / "en").mkdir(parents=True, exist_ok=True)
    (doctrees / "en" / "environment.pickle").write_bytes(b"Sphinx's state")
    staging = site_build.staging_dir(sources.parent / "build" / "html")
    (staging / site_build.INCOMPLETE).write_text("a build is writing this folder\n", encoding="utf-8")
    assert build(sources, capsys)[:2] == (True, ["en"])
    assert sorted(p.name for p in doctrees.iterdir()) == sorted([*site_build.CHECK_MEMOS, site_build.LAST_BUILD])
