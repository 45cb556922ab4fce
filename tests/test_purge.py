"""Unused CSS is removed (catalyst/purge.py), and a rebuild that uses the same names reuses the result."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest

from catalyst import purge

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
PAGE = '<!doctype html><html><body><main class="bd-main"><p class="{cls}">Words {words}.</p></main></body></html>'


@pytest.fixture
def outdir(tmp_path) -> Path:
    static = tmp_path / "html" / "_static"
    (static / "styles").mkdir(parents=True)
    shutil.copy(THEME_STATIC / "styles" / "pydata-sphinx-theme.css", static / "styles")
    (tmp_path / "html" / "index.html").write_text(PAGE.format(cls="lead", words="one"), encoding="utf-8")
    return tmp_path / "html"


def stylesheet(outdir: Path) -> str:
    return (outdir / "_static" / purge.STYLESHEETS[0]).read_text(encoding="utf-8")


def counted_purge(outdir: Path, cache: Path | None, monkeypatch) -> tuple[str, int]:
    """Purge *outdir* (with its memo beside *cache*); the CSS, and how many times PurgeCSS ran."""
    runs = []
    real = purge._run_purgecss
    monkeypatch.setattr(purge, "_run_purgecss", lambda *args: runs.append(1) or real(*args))
    purge.purge(outdir.parent, outdir, cache, cache.parent / purge.MEMO if cache else None)
    return stylesheet(outdir), len(runs)


def rerun(outdir: Path, cache: Path, monkeypatch) -> tuple[str, int]:
    """Sphinx copies the full stylesheet again on every build; then purge."""
    shutil.copy(THEME_STATIC / "styles" / "pydata-sphinx-theme.css", outdir / "_static" / "styles")
    return counted_purge(outdir, cache, monkeypatch)


def test_a_rebuild_with_the_same_names_reuses_the_purged_css(outdir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first, runs = rerun(outdir, cache, monkeypatch)
    assert runs == 1
    assert ".lead" in first and ".btn-primary" not in first
    full = (THEME_STATIC / "styles" / "pydata-sphinx-theme.css").stat().st_size
    assert len(first.encode()) < full / 2

    # nothing changed, then only prose: the kept result, byte for byte
    assert rerun(outdir, cache, monkeypatch) == (first, 0)
    (outdir / "index.html").write_text(PAGE.format(cls="lead", words="two new words"), encoding="utf-8")
    assert rerun(outdir, cache, monkeypatch) == (first, 0)

    # a name the stylesheet uses appears: PurgeCSS runs again and keeps its rules
    (outdir / "index.html").write_text(PAGE.format(cls="lead btn-primary", words="two"), encoding="utf-8")
    second, runs = rerun(outdir, cache, monkeypatch)
    assert runs == 1 and ".btn-primary" in second

    # the same as PurgeCSS gives without a cache
    shutil.rmtree(cache)
    assert rerun(outdir, cache, monkeypatch) == (second, 1)


def test_escaped_names_in_a_stylesheet_count_as_names():
    assert purge.WORDS.findall(purge._unescape(r".\32xl\:flex{}")) == ["2xl", "flex"]


def test_the_cache_keeps_the_most_recently_used_results(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / purge.STYLESHEETS[0]).write_text(".a{}", encoding="utf-8")
    cache = tmp_path / "cache"
    keys = [f"{n:064x}" for n in range(purge.KEEP + 2)]
    for age, key in enumerate(keys):
        purge._keep(cache, key, static, [purge.STYLESHEETS[0]])
        os.utime(cache / key, (1000 + age, 1000 + age))
    assert {p.name for p in cache.iterdir()} == set(keys[2:])  # the two oldest are gone
    # a result used again stays; the oldest of the others goes
    os.utime(cache / keys[2], (5000, 5000))
    purge._keep(cache, "f" * 64, static, [purge.STYLESHEETS[0]])
    assert {p.name for p in cache.iterdir()} == {keys[2], *keys[4:], "f" * 64}
    assert (cache / keys[2] / purge.STYLESHEETS[0]).read_text(encoding="utf-8") == ".a{}"


def test_a_page_written_again_is_read_again_even_with_as_many_bytes(outdir, tmp_path, monkeypatch):
    """The names each page uses are remembered by size and time: a later time alone makes them read again."""
    cache = tmp_path / "cache"
    page = outdir / "index.html"
    page.write_text(PAGE.format(cls="lead", words="xyz"), encoding="utf-8")
    first, runs = rerun(outdir, cache, monkeypatch)
    assert runs == 1 and ".btn{" not in first.replace(" ", "")

    read = []
    words = purge.WORDS

    class Counted:
        def findall(self, text):
            read.append(text)
            return words.findall(text)

    monkeypatch.setattr(purge, "WORDS", Counted())
    assert rerun(outdir, cache, monkeypatch) == (first, 0)
    assert not [text for text in read if text.startswith("<!doctype")]  # the stylesheet, not the page

    before = page.stat().st_mtime_ns
    page.write_text(PAGE.format(cls="lead", words="btn"), encoding="utf-8")
    os.utime(page, ns=(before + 1_000_000, before + 1_000_000))
    second, runs = rerun(outdir, cache, monkeypatch)
    assert runs == 1 and ".btn{" in second.replace(" ", "")


SMALL_CSS = (
    ".lead{color:red}\n"
    ".versionmodified.added:before{content:'+'}\n"  # needs both classes
    ":is(.note,.tip) p{color:green}\n"  # parentheses: PurgeCSS keeps the part that is used
)


def purge_small(outdir: Path, cache: Path | None, words: str, monkeypatch) -> tuple[str, int]:
    """The small stylesheet, written afresh as Sphinx would, purged against one page of *words*."""
    (outdir / "_static" / purge.STYLESHEETS[0]).write_text(SMALL_CSS, encoding="utf-8")
    (outdir / "index.html").write_text(PAGE.format(cls="lead", words=words), encoding="utf-8")
    return counted_purge(outdir, cache, monkeypatch)


def test_words_of_selectors_no_page_can_keep_do_not_run_purgecss_again(outdir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first, runs = purge_small(outdir, cache, "words", monkeypatch)
    assert runs == 1 and ".lead" in first and "added" not in first and "note" not in first

    # a class inside :is() counts on its own, though the other one is not in the page
    note, runs = purge_small(outdir, cache, "words note", monkeypatch)
    assert runs == 1 and ".note" in note and note == purge_small(outdir, None, "words note", monkeypatch)[0]
    assert purge_small(outdir, cache, "words", monkeypatch) == (first, 0)  # the first result, kept

    # `added` alone: its selector also needs `versionmodified`, so PurgeCSS would keep the same rules
    again, runs = purge_small(outdir, cache, "words added", monkeypatch)
    assert (again, runs) == (first, 0)
    assert purge_small(outdir, None, "words added", monkeypatch) == (first, 1)

    # both classes: the rule is kept
    both, runs = purge_small(outdir, cache, "words added versionmodified", monkeypatch)
    assert runs == 1 and ".versionmodified.added" in both
