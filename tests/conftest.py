"""Shared fixtures: the real site, built once per test session in every language.

The build runs exactly as `make html` runs it (``tools.build``), into a
temporary folder, so the tests assert on the HTML a reader would get.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tools import build as site_build
from catalyst.frontmatter import collect_posts, today

ROOT = Path(__file__).resolve().parent.parent


@dataclass(eq=False)
class Site:
    root: Path  # the built site: <root>/<language>/...
    output: str  # everything the build printed
    languages: dict
    srcdir: Path = ROOT

    @cache  # noqa: B019 - one Site per session
    def soup(self, language: str, page: str) -> BeautifulSoup:
        path = self.root / language / page
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def pages(self, language: str) -> list[str]:
        """Every HTML page of one language, as paths relative to its root."""
        base = self.root / language
        return sorted(
            p.relative_to(base).as_posix()
            for p in base.rglob("*.html")
            if not p.relative_to(base).as_posix().startswith(("_static/", "_sources/"))
        )

    def posts(self, language: str):
        """The posts published in *language*, as checked from their front matter."""
        posts, problems = collect_posts(self.srcdir, self.languages)
        assert not problems
        return {d: p for d, p in posts.items() if p.published_in(language, today())}


def copy_sources(dest: Path) -> Path:
    """A copy of the site's sources (no build output, no environments) at *dest*."""
    ignore = shutil.ignore_patterns("_build", ".venv", ".git", "*.mo", "__pycache__", ".pytest_cache", "node_modules")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def build_copy(src: Path, out: Path, *languages: str) -> subprocess.CompletedProcess:
    """Build a copy made by copy_sources with the site's build driver, into *out*."""
    return subprocess.run(
        [sys.executable, "-m", "tools.build", "--srcdir", str(src), "--outdir", str(out / "html"),
         "--doctreedir", str(out / "doctrees"), *(f"--language={code}" for code in languages)],
        capture_output=True, text=True, cwd=src,
    )  # fmt: skip


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    out = tmp_path_factory.mktemp("site")
    languages = site_build.languages(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        ok = site_build.check_posts(ROOT, languages) and site_build.build(
            ROOT, out / "html", out / "doctrees", languages
        )
    assert ok, f"the site did not build:\n{printed.getvalue()}"
    return Site(root=out / "html", output=printed.getvalue(), languages=languages)


@pytest.fixture(scope="session")
def languages(site) -> list[str]:
    return list(site.languages)
