"""A writer's loops, as a writer runs them: `make post`, then `make html`; a post for a later day.

Each test works in a small git checkout of the site (the last commit is old, as on a writer's machine
when they start a post), runs `make post` with standard input closed or on a terminal, and builds with
``tools.build`` as `make html` does, without any date given: the build decides what "today" is.
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup

from conftest import ROOT

# builds copies of the site's sources
pytestmark = pytest.mark.site

PAGES = [p.name for p in ROOT.glob("*.md") if p.name not in ("README.md", "CONTRIBUTING.md")]
VENV = Path(sys.executable).parent.parent


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("loops") / "src"
    src.mkdir()
    for name in ("conf.py", "Makefile", "pyproject.toml", "constraints.txt", *PAGES):
        shutil.copy2(ROOT / name, src / name)  # copy2: the venv's stamp stays newer than pyproject.toml
    for folder in ("data", "blog", "locales"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("*.mo"))
    (src / "catalyst").symlink_to(ROOT / "catalyst", target_is_directory=True)
    (src / "tools").symlink_to(ROOT / "tools", target_is_directory=True)
    env = {**clean_env(), "GIT_AUTHOR_DATE": "2025-01-01T12:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T12:00:00Z"}
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=Writer", "-c", "user.email=w@example.org", "commit", "-qm", "Start"],
    ):
        subprocess.run(command, cwd=src, check=True, env=env)
    return src


@pytest.fixture
def src(pristine, tmp_path) -> Path:
    return shutil.copytree(pristine, tmp_path / "src", symlinks=True)


def clean_env() -> dict:
    """The environment of a writer's shell: no dates fixed."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "CATALYST_TODAY")}
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def first(src: Path, name: str) -> str:
    return yaml.safe_load((src / "data" / f"{name}.yaml").read_text(encoding="utf-8"))[0]["name"]


def make_post(src: Path, stdin_closed=True, **answers) -> subprocess.CompletedProcess:
    args = " ".join(f"{key}={shell_quote(value)}" for key, value in answers.items())
    closing = "exec 0<&-; " if stdin_closed else ""
    return subprocess.run(
        ["bash", "-c", f"{closing}make --no-print-directory post {args}"],
        cwd=src,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
    )


def shell_quote(value: str) -> str:
    return "'" + value.replace("'", "'\"'\"'") + "'"


def build(src: Path, *extra: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "tools.build", "--srcdir", str(src), *extra],
        cwd=src,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def plain(text: str) -> str:
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


def written_post(src: Path) -> Path:
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=src, capture_output=True, text=True, check=True
    ).stdout
    new = [line[3:] for line in status.splitlines() if line.startswith("??") and line.endswith(".md")]
    assert len(new) == 1, status
    return src / new[0]


def test_make_post_then_make_html_shows_the_post_today_uncommitted(src):
    title = 'What a "hub" costs: $5 a day, it\'s true'
    tag, person = first(src, "tags"), first(src, "people")
    proc = make_post(src, TITLE=title, TAGS=tag, AUTHORS=person)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    post = written_post(src)
    today = dt.datetime.now(dt.UTC).date()
    assert post.name.startswith(today.isoformat())
    assert f"# {title}\n" in post.read_text(encoding="utf-8")
    build(src, "--language", "en")
    site = src / "_build" / "html" / "en"
    page = site / post.relative_to(src).with_suffix(".html")
    assert page.is_file(), "a post dated today is not on the site"
    # (Sphinx typesets the quotes as curly quotes)
    assert plain(soup(page).h1.get_text().rstrip("#")) == title
    assert title in plain(soup(site / "blog" / "index.html").get_text())
    assert title in plain(BeautifulSoup((site / "blog" / "atom.xml").read_text(encoding="utf-8"), "xml").get_text())


def test_a_post_for_a_later_day_is_only_in_previews_with_a_banner(src):
    tag, person = first(src, "tags"), first(src, "people")
    later = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)
    proc = make_post(src, TITLE="Next week's workshop", TAGS=tag, AUTHORS=person, DATE=later.isoformat())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "scheduled" in proc.stdout
    post = written_post(src)
    page = post.relative_to(src).with_suffix(".html").as_posix()
    slug = post.stem
    build(src)
    built = src / "_build" / "html"
    assert not list(built.rglob(Path(page).name)), "a scheduled post was published"
    for path in built.rglob("*"):
        if path.suffix in (".html", ".xml", ".js", ".txt"):
            assert slug not in path.read_text(encoding="utf-8"), f"{path} mentions the scheduled post"
    build(src, "--preview")
    preview = src / "_build" / "preview"
    languages = [p.name for p in preview.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(languages) >= 2
    from tools.build import languages as site_languages

    for code, info in site_languages(src).items():
        html = soup(preview / code / page)
        banner = html.select_one(".catalyst-scheduled")
        assert banner is not None, code
        assert format_date(later, format="long", locale=info["locale"]) in banner.get_text(), banner
        assert html.find("meta", attrs={"name": "robots", "content": "noindex"}), code
        for path in (preview / code).rglob("*"):
            if path.suffix in (".xml",) or path.name in ("index.html",):
                assert slug not in path.read_text(encoding="utf-8"), f"{path} lists the scheduled post"
    assert "programada" in soup(preview / "es" / page).select_one(".catalyst-scheduled").get_text()


def test_make_post_without_a_terminal_says_what_is_missing(src):
    proc = make_post(src, TAGS=first(src, "tags"))
    assert proc.returncode != 0
    assert "Nothing written: missing title: give it as TITLE=..." in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    proc = make_post(src, TITLE="A title", TAGS=first(src, "tags"), AUTHORS=first(src, "people"), DATE="2026-02-30")
    assert "Nothing written: DATE: '2026-02-30' is not a date: write it as YYYY-MM-DD" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    status = subprocess.run(["git", "status", "--porcelain"], cwd=src, capture_output=True, text=True).stdout
    assert ".md" not in status


def test_make_post_on_a_terminal_asks_again_only_the_wrong_answer(src):
    tag, person = first(src, "tags"), first(src, "people")
    primary, replica = pty.openpty()
    os.write(primary, f"A post typed in\n{tag}x\n{tag}\n{person}\n".encode())
    proc = subprocess.run(
        [sys.executable, "-m", "tools.newpost", "--srcdir", str(src)],
        stdin=replica,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
    )
    os.close(replica)
    os.close(primary)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("Title") == 1 and proc.stdout.count("Tags") == 2 and proc.stdout.count("Authors") == 1
    assert f"unknown tag '{tag}x'; did you mean '{tag}'?; try again" in proc.stderr
    assert written_post(src).read_text(encoding="utf-8").count(f"  - {tag}\n") == 1
