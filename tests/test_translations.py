"""The translators' workflow, run as translators run it: `make update-po`, `make i18n-status`, powrap.

- updating the catalogs after an edit changes that document's catalog only,
  keeps the previous text of a changed entry (``#|``), and leaves headers alone;
- the report names every catalog by its path, and lists a change's new and
  fuzzy entries (with the previous text);
- a post written in Spanish is translated into English the same way, through
  ``locales/en/``, with translator credit on the English page;
- every catalog is as powrap writes it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

from catalyst.frontmatter import collect_posts
from conftest import ROOT, build_copy, copy_sources
from tools.build import languages as site_languages
from tools.translations import read_catalog

LANGUAGES = list(site_languages(ROOT))
pytestmark = pytest.mark.site  # they build or update copies of the real site


def _tool(src: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.translations", *args, "--srcdir", str(src), "--base", "none"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def _snapshot(src: Path) -> dict[str, bytes]:
    return {
        p.relative_to(src).as_posix(): p.read_bytes()
        for p in [*src.glob("locales/**/*.po"), *src.glob("catalyst/locales/**/*.po*")]
    }


def _read(path: Path):
    return read_catalog(path)  # with the previous text of fuzzy entries, which Babel alone misses


def _first_paragraph(path: Path) -> str:
    """The first paragraph after the title of a Markdown page."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    title = next(i for i, block in enumerate(blocks) if block.lstrip().startswith("# "))
    return blocks[title + 1].strip()


def test_update_po_changes_only_the_edited_document_and_keeps_the_previous_text(tmp_path):
    src = copy_sources(tmp_path / "src")
    first = _tool(src, "update")
    assert first.returncode == 0, first.stdout + first.stderr
    before = _snapshot(src)
    # a second run with nothing changed writes nothing
    assert _tool(src, "update").returncode == 0
    assert _snapshot(src) == before, "update-po rewrote catalogs whose text did not change"

    page = src / "about.md"
    old = _first_paragraph(page)
    page.write_text(page.read_text(encoding="utf-8").replace(old, old + " And more.", 1), encoding="utf-8")
    result = _tool(src, "update")
    assert result.returncode == 0, result.stdout + result.stderr
    after = _snapshot(src)
    changed = {path for path in after if after[path] != before.get(path)}
    translated = {f"locales/{code}/LC_MESSAGES/about.po" for code in LANGUAGES[1:]}
    assert changed == translated, f"only the edited page's catalogs change: {sorted(changed)}"
    header = lambda data: data.decode().split("\n\n", 1)[0]  # noqa: E731
    for path in translated:
        previous_ids = {m.id for m in read_po(io.BytesIO(before[path])) if m.id}
        catalog = _read(src / path)
        added = [m for m in catalog if m.id and m.id not in previous_ids]
        removed = previous_ids - {m.id for m in catalog if m.id}
        assert len(added) == 1 and len(removed) == 1, (added, removed)
        entry = added[0]
        assert entry.fuzzy and entry.string, "the old translation stays, marked fuzzy"
        assert entry.previous_id == [removed.pop()], "the previous English is kept (#| msgid)"
        assert "#| msgid" in (src / path).read_text(encoding="utf-8")
        assert header(after[path]) == header(before[path]), "the header is the one before, line for line"
    # the report shows the fuzzy entry with its previous text and the catalog's path
    status = _tool(src, "status")
    assert status.returncode == 0
    assert all(path in status.stdout for path in translated)


def test_a_post_written_in_spanish_is_translated_into_english_the_same_way(tmp_path):
    src = copy_sources(tmp_path / "src")
    people = list(collect_posts(src, LANGUAGES)[0].values())
    author, translator = people[0].authors[0], people[-1].authors[0]
    name = "2024-12-29-notas-de-fin-de-ano"
    doc = f"blog/2024/{name}"
    (src / f"{doc}.md").write_text(
        f"---\nblogpost: true\ndate: 2024-12-29\nauthor:\n  - {author}\ntags:\n  - News\nlanguage: es\n"
        f"translators:\n  en:\n    - {translator}\n---\n\n# Notas de fin de año\n\n"
        "Un resumen del año para las comunidades asociadas.\n\n## Lo que viene\n\nMás entradas en enero.\n",
        encoding="utf-8",
    )
    update = _tool(src, "update")
    assert update.returncode == 0, update.stdout + update.stderr
    english = src / "locales" / "en" / "LC_MESSAGES" / f"{doc}.po"
    assert english.is_file(), "a Spanish-first post gets an English catalog"
    assert not (src / "locales" / "es" / "LC_MESSAGES" / f"{doc}.po").exists(), "never into its own language"
    assert "Notas de fin de año" in {m.id for m in _read(english)}
    assert f"locales/en/LC_MESSAGES/{doc}.po" in _tool(src, "status").stdout

    # not translated yet: the English site shows it in Spanish, marked
    out = tmp_path / "html"
    result = build_copy(src, tmp_path, "en")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((out / "en" / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "en" and page.select_one(".catalyst-translation-notice")["lang"] == "en"
    assert page.find("h1")["lang"] == "es"
    listing = BeautifulSoup((out / "en" / "blog/index.html").read_text(encoding="utf-8"), "html.parser")
    item = next(i for i in listing.select("li.catalyst-postlist__item") if name in str(i))
    assert item.select_one(".catalyst-untranslated")["data-source-language"] == "es"

    # the translator's work: the English build uses it, and credits them
    catalog = _read(english)
    for message in catalog:
        if message.id:
            message.string = {"Notas de fin de año": "Notes at the end of the year"}.get(message.id, f"EN {message.id}")
    with english.open("wb") as handle:
        write_po(handle, catalog)
    result = build_copy(src, tmp_path, "en", "es")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((out / "en" / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text(" ", strip=True).startswith("Notes at the end of the year")
    assert page.select_one(".catalyst-translation-notice") is None
    assert translator in page.select_one(".catalyst-post-translators").get_text()
    listing = BeautifulSoup((out / "en" / "blog/index.html").read_text(encoding="utf-8"), "html.parser")
    item = next(i for i in listing.select("li.catalyst-postlist__item") if name in str(i))
    assert item.select_one(".catalyst-untranslated") is None
    # the Spanish site shows the original: no notice, no credit, and each page links to the other
    spanish = BeautifulSoup((out / "es" / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    assert spanish.find("h1").get_text(" ", strip=True).startswith("Notas de fin de año")
    assert spanish.select_one(".catalyst-translation-notice") is None
    assert spanish.select_one(".catalyst-post-translators") is None
    assert spanish.select_one('.catalyst-language-switcher a[hreflang="en"]')["href"].endswith(f"en/{doc}.html")
    assert page.select_one('link[rel="alternate"][hreflang="es"]')["href"].endswith(f"es/{doc}.html")
    assert f"en/{doc}.html" in (out / "en" / "sitemap.xml").read_text(encoding="utf-8")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_a_pull_requests_report_lists_its_entries_with_their_catalogs(tmp_path):
    """What CI writes to the job summary: the branch's new and fuzzy entries, drafts, changed pages, the preview."""
    src = copy_sources(tmp_path / "src")
    _git(src, "init", "-q", "-b", "main")
    _git(src, "add", "-A")
    _git(src, "commit", "-q", "-m", "base")
    _git(src, "checkout", "-q", "-b", "writer")
    # a writer's pull request: a new post, a draft, and an edited paragraph
    post = collect_posts(src, LANGUAGES)[0]["blog/2024/2024-04-24-welcome"]
    front = f"---\nblogpost: true\ndate: 2024-12-28\nauthor:\n  - {post.authors[0]}\ntags:\n  - News\n"
    (src / "blog/2024/2024-12-28-a-new-post.md").write_text(
        front + "---\n\n# A new post\n\nIts only paragraph.\n", encoding="utf-8"
    )
    (src / "blog/2024/2024-12-27-a-draft.md").write_text(
        front.replace("2024-12-28", "2024-12-27") + "draft: true\n---\n\n# A draft\n\nNot ready.\n", encoding="utf-8"
    )
    page = src / "about.md"
    old = _first_paragraph(page)
    page.write_text(page.read_text(encoding="utf-8").replace(old, old + " And more.", 1), encoding="utf-8")
    assert _tool(src, "update").returncode == 0
    _git(src, "add", "-A")
    _git(src, "commit", "-q", "-m", "writer")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.translations",
            "status",
            "--srcdir",
            str(src),
            "--base",
            "main",
            "--markdown",
            "--preview",
            "https://example.org/artifact",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    summary = result.stdout
    pr = summary.split("### This pull request", 1)[1].split("### The whole site", 1)[0]
    for code in LANGUAGES[1:]:
        assert f"`locales/{code}/LC_MESSAGES/blog/2024/2024-12-28-a-new-post.po`: 2 new" in pr
        assert "new: `` A new post ``" in pr and "new: `` Its only paragraph. ``" in pr
        assert f"`locales/{code}/LC_MESSAGES/about.po`: 0 new, 1 fuzzy" in pr
        assert f"(previously: `` {' '.join(old.split())[:99]}" in pr
        assert f"`{code}/blog/2024/2024-12-28-a-new-post.html`" in pr
    assert "`blog/2024/2024-12-27-a-draft.md`: draft" in pr
    assert "https://example.org/artifact" in pr
    # nothing of the branch is "new" once it is the base
    again = subprocess.run(
        [sys.executable, "-m", "tools.translations", "status", "--srcdir", str(src), "--base", "writer"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "touches no page" in again.stdout


def test_catalogs_are_as_powrap_writes_them():
    """Every catalog is normalized (`powrap`, gettext's msgcat): translators' diffs show only their changes."""
    assert shutil.which("msgcat"), "powrap needs gettext's msgcat: apt-get install gettext"
    files = sorted(str(p) for p in [*ROOT.glob("locales/**/*.po"), *ROOT.glob("catalyst/locales/*/LC_MESSAGES/*.po")])
    result = subprocess.run(
        [sys.executable, "-m", "powrap", "--check", "--quiet", *files], capture_output=True, text=True
    )
    assert result.returncode == 0, f"run `make wrap` (powrap):\n{result.stderr[-2000:]}"
