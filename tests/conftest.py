"""Shared fixtures, and the tiers of the suite.

- fast (``make test-fast``): behaviour tests on small fixture sites in
  ``tests/roots/test-*/`` (built in this process with ``sphinx.testing``, as
  ablog's and Sphinx's own suites do) and tests of the code; no browser.
- site (``make test-site``): the real site, built once per session in every
  language exactly as ``make html`` builds it (``tools.build``), into a
  temporary folder, so the tests assert on the HTML a reader would get.
- browser (``make test-browser``): chromium (axe, keyboard, layout) and
  the Nu HTML checker on that build.

A test's tier follows from what it uses (see ``pytest_collection_modifyitems``);
``@pytest.mark.site`` on a test that builds a copy of the real site says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalyst._compat import reset_ablog_state
from catalyst.frontmatter import collect_posts, today
from tools import build as site_build

pytest_plugins = ["sphinx.testing.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
# Where the site is published (conf.py), with a final slash: tests derive addresses from it.
SITE_URL = site_build.site_config(ROOT)["catalyst_site_url"].rstrip("/") + "/"
LANGUAGES = site_build.languages(ROOT)
# Builds of copies that are compared with each other agree on the dates.
FIXED_DATES = {"SOURCE_DATE_EPOCH": "1733011200", "CATALYST_TODAY": "2026-12-01"}


def _edited_post() -> str:
    """The post the writer's-loop tests edit: the newest one written in the source language and
    published on the tests' fixed date (so the home page's list shows it)."""
    posts, problems = collect_posts(ROOT, LANGUAGES)
    assert not problems, problems
    source = next(iter(LANGUAGES))
    fixed = dt.date.fromisoformat(FIXED_DATES["CATALYST_TODAY"])
    written = [p for p in posts.values() if p.language in (None, source) and p.published_in(source, fixed)]
    return max(written, key=lambda p: (p.date, p.path)).path


EDITED_POST = _edited_post()


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


# What a build of the site needs: conf.py, the pages, and these folders.
SOURCES = ("blog", "data", "locales", "catalyst", "tools")
NOT_PAGES = {"README.md", "CONTRIBUTING.md"}


def copy_sources(dest: Path) -> Path:
    """A copy of what a build of the site needs (no tests, no build output, no environments) at *dest*."""
    ignore = shutil.ignore_patterns("_build", "*.mo", "__pycache__")
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "conf.py", dest / "conf.py")
    for page in ROOT.glob("*.md"):
        if page.name not in NOT_PAGES:
            shutil.copy2(page, dest / page.name)
    for folder in SOURCES:
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    if (ROOT / "node_modules").is_dir():  # the build's PurgeCSS (make html installs it): linked, not copied
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def build_copy(src: Path, out: Path, *languages: str, env=None, popen=False, timeout=600):
    """Build a copy made by copy_sources with the site's build driver (``make html``'s), into
    ``<out>/html`` and ``<out>/doctrees``; every language unless *languages* are given.

    *env*: variables added to the environment (the tests' fixed dates).  With *popen*, the build
    is started and its :class:`subprocess.Popen` returned (output on its stdout), in a session of
    its own so that a test can stop it and its Sphinx processes together.
    """
    command = [
        sys.executable,
        "-m",
        "tools.build",
        "--srcdir",
        str(src),
        "--outdir",
        str(out / "html"),
        "--doctreedir",
        str(out / "doctrees"),
        *(f"--language={code}" for code in languages),
    ]
    environment = {**os.environ, **(env or {})}
    if popen:
        return subprocess.Popen(
            command, cwd=src, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
    return subprocess.run(command, capture_output=True, text=True, cwd=src, env=environment, timeout=timeout)


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory, worker_id) -> Path:
    """The run's temporary folder, shared by the workers of ``pytest -n``."""
    return tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent


@pytest.fixture(scope="session", autouse=True)
def _run_cache(shared_tmp):
    """The builds' cache outside the checkout (catalyst/purge.py) is the run's own, shared by its builds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(shared_tmp / "cache"))
        yield


@pytest.fixture(scope="session")
def site(shared_tmp) -> Site:
    """The real site, built once per run: with ``pytest -n`` (``make test``), the first worker
    that needs it builds it into the run's shared temporary folder while the others wait."""
    shared = shared_tmp
    out = shared / "site"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = out / "build-output.txt"
        if not result.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                ok = site_build.check_posts(ROOT, LANGUAGES) and site_build.build(
                    ROOT, out / "html", out / "doctrees", LANGUAGES
                )
            assert ok, f"the site did not build:\n{printed.getvalue()}"
            result.write_text(printed.getvalue(), encoding="utf-8")
    return Site(root=out / "html", output=result.read_text(encoding="utf-8"), languages=LANGUAGES)


@pytest.fixture(scope="session")
def languages(site) -> list[str]:
    return list(site.languages)


# -- tiers -----------------------------------------------------------------------

TIERS = ("fast", "site", "browser")
BROWSER_MODULES = {"test_browser", "test_accessibility", "test_html_valid", "test_weight", "test_offline"}
# they build copies of the real site (each a full build, or several)
SITE_MODULES = {"test_incremental", "test_reproducible", "test_transaction", "test_escaping", "test_writer_loops"}


# Modules whose tests share an expensive module fixture (a build of their own), or build on each
# other's state: with ``pytest -n`` their tests stay together in one process; other tests go
# wherever a process is free.
TOGETHER = {"test_escaping", "test_i18n", "test_incremental", "test_reproducible", "test_transaction", "test_weight"}


def pytest_itemcollected(item):
    """Mark the groups while collecting: pytest-xdist reads them in its own collection hook."""
    module = item.module.__name__.rsplit(".", 1)[-1]
    if module in TOGETHER:
        item.add_marker(pytest.mark.xdist_group(module))


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        elif module in SITE_MODULES or "site" in item.fixturenames:
            item.add_marker(pytest.mark.site)
        else:
            item.add_marker(pytest.mark.fast)


# -- fixture sites (tests/roots/test-*/), built in this process ---------------------


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its sites (sphinx.testing)."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(autouse=True)
def _fresh_ablog_state():
    """ablog keeps its blog on a class: no build may see the previous one's (see catalyst/_compat.py)."""
    reset_ablog_state()
    yield
    reset_ablog_state()


@dataclass(eq=False)
class FixtureBuild:
    """One language of a fixture site, built in this process."""

    outdir: Path
    srcdir: Path
    status: str
    warnings: str

    @cache  # noqa: B019 - a handful per session
    def soup(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")

    def text(self, path: str) -> str:
        return (self.outdir / path).read_text(encoding="utf-8")


def build_fixture(srcdir: Path, language: str, builddir: Path | None = None, **overrides) -> FixtureBuild:
    """Build *srcdir* in *language* with ``sphinx.testing`` (into ``<builddir>/html``); fail on any warning."""
    from sphinx.testing.util import SphinxTestApp

    status, warning = io.StringIO(), io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        builddir=builddir or srcdir / "_build" / language,
        confoverrides={"language": language, **overrides},
        status=status,
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    assert not warning.getvalue(), warning.getvalue()
    return FixtureBuild(Path(app.outdir), srcdir, status.getvalue(), warning.getvalue())


@pytest.fixture(scope="session")
def fixture_blog(tmp_path_factory, rootdir) -> dict[str, FixtureBuild]:
    """``tests/roots/test-blog`` built once per session in each of its languages, on a fixed date."""
    srcdir = tmp_path_factory.mktemp("fixture-blog") / "src"
    shutil.copytree(rootdir / "test-blog", srcdir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(FIXTURE_EPOCH))
        return {code: build_fixture(srcdir, code) for code in ("en", "es")}


# 2025-06-01: every dated fixture post is published, the draft is not.
FIXTURE_EPOCH = 1748736000
