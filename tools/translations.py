"""The translators' tools: update the catalogs and see what is left to translate.

    python -m tools.translations extract         # the text of every document, into _build/gettext/<language>/
    python -m tools.translations update          # extract, then update every catalog
    python -m tools.translations status          # what is left, with each catalog's path
    python -m tools.translations status --check  # exit 1 unless everything is translated
    python -m tools.translations status --base main --markdown   # a pull request's report

Any language of conf.py can be a document's original (its front matter's
``language:``, by default the first language); every other language gets a
catalog for it in ``locales/<language>/LC_MESSAGES/``, and none is ever made
in the document's own language.  The site's interface strings have their own
catalogs in ``catalyst/locales/``.

Updating keeps translators' diffs small: a catalog is written only when its
entries changed (no new dates in headers), an entry whose text changed keeps
the previous text (``#|`` lines, as gettext's ``msgmerge --previous``), and
written catalogs are normalized by powrap, as ``make test`` checks.

Translation is never a blocker for writing: ``status`` reports, and fails
only with ``--check`` (``make i18n-status CHECK=1``, before a release).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from catalyst.origin import file_language

from . import commands
from .build import OPENGRAPH_NOTICE, ROOT, languages, site_config

LOCALES = "locales"
GETTEXT_DIR = Path("_build") / "gettext"
INTERFACE = "(site interface)"


# -- catalogs ----------------------------------------------------------------


def targets(srcdir: Path) -> list[str]:
    """The languages that catalogs translate into: every language of the site.

    (The interface is written in the first one, so only the others have an
    interface catalog.)
    """
    return list(languages(srcdir))


def document_language(srcdir: Path, docname: str) -> str:
    return file_language(srcdir / f"{docname}.md", languages(srcdir))


def extract(srcdir: Path, potdir: Path) -> dict[str, Path]:
    """Extract every document's text, by original language: ``<potdir>/<language>/<document>.pot``.

    Return the templates by document.  (``_build/gettext/en/`` holds what is
    translated from English, ``_build/gettext/es/`` what is translated from
    Spanish: a translation platform reads one of them as its sources.)
    """
    if potdir.exists():
        shutil.rmtree(potdir)  # no template of a deleted page survives
    everything = potdir / ".all"
    proc = subprocess.run(commands.gettext(srcdir, everything), capture_output=True, text=True)
    output = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines() if line != OPENGRAPH_NOTICE)
    if proc.returncode != 0:
        raise SystemExit(f"extracting the text failed:\n{output}")
    if output:
        print(output, file=sys.stderr)
    templates = {}
    for pot in sorted(everything.rglob("*.pot")):
        doc = pot.relative_to(everything).with_suffix("").as_posix()
        target = potdir / document_language(srcdir, doc) / f"{doc}.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        pot.replace(target)
        templates[doc] = target
    shutil.rmtree(everything)
    return templates


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    return _parse(path.read_bytes(), locale)


def _parse(data: bytes, locale: str | None = None) -> Catalog:
    """A catalog, with the previous text of fuzzy entries (``#|``) that Babel 2.18
    does not read when it spans several lines (polib does)."""
    import polib

    catalog = read_po(io.BytesIO(data), locale=locale)
    if b"#| " in data:
        for entry in polib.pofile(data.decode("utf-8")):
            if entry.previous_msgid:
                message = catalog.get(entry.msgid, context=entry.msgctxt)
                if message is not None:
                    message.previous_id = [entry.previous_msgid]
    return catalog


def _entries(catalog: Catalog) -> list[tuple]:
    """What a translator sees of a catalog, header left out."""
    return [
        (m.id, m.context, m.string, sorted(m.flags), m.previous_id, m.auto_comments, m.user_comments)
        for m in catalog
        if m.id
    ]


def _serialize(catalog: Catalog) -> bytes:
    """The catalog as a ``.po`` file, fuzzy entries with their previous text (``#|``).

    Babel computes the previous text but writes long ones broken across
    lines (python-babel/babel#1049, not fixed in 2.18), so polib writes them.
    """
    import polib

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79, no_location=True, include_previous=False, ignore_obsolete=True)
    previous = {(_text(m.id), m.context): _text(m.previous_id) for m in catalog if m.id and m.fuzzy and m.previous_id}
    if not previous:
        return buffer.getvalue()
    po = polib.pofile(buffer.getvalue().decode("utf-8"), wrapwidth=79)
    for entry in po:
        found = previous.get((entry.msgid, entry.msgctxt))
        if found is not None:
            entry.previous_msgid = found
    return str(po).encode("utf-8")


def merge_catalog(template: Catalog, po: Path, language: str, config: dict, *, fuzzy: bool = True) -> bool:
    """Bring *po* in line with *template*; return whether the file was written.

    New entries come in empty, entries whose text changed become fuzzy with
    their previous text, entries gone from the sources are dropped.  A
    catalog whose entries are unchanged is not written at all.
    """
    if po.exists():
        old = read_catalog(po, language)
        catalog = read_catalog(po, language)
        catalog.update(template, no_fuzzy_matching=not fuzzy, update_header_comment=False, update_creation_date=False)
        catalog.obsolete.clear()
        # Babel forgets the previous text of an entry that was already fuzzy: keep it
        for message in catalog:
            before = old.get(message.id, context=message.context) if message.id else None
            if message.fuzzy and not message.previous_id and before is not None and before.previous_id:
                message.previous_id = before.previous_id
        if _entries(catalog) == _entries(old):
            return False
    else:
        catalog = Catalog(
            locale=language,
            project=config.get("project"),
            copyright_holder=config.get("author"),
            last_translator=config.get("gettext_last_translator"),
            language_team=config.get("gettext_language_team"),
            creation_date=template.creation_date,
            fuzzy=False,
        )
        for message in template:
            if message.id:
                catalog[message.id] = message
    data = _serialize(catalog)
    if po.exists():
        # the header exactly as it was: no new dates, versions or spacing
        data = _header(po.read_bytes()) + data[len(_header(data)) :]
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_bytes(data)
    return True


def _header(data: bytes) -> bytes:
    """The leading comments and the header entry of a ``.po`` file."""
    start = data.find(b'msgid ""')
    end = data.find(b"\n\n", start)
    return data if start < 0 or end < 0 else data[: end + 1]


def normalize(paths: list[Path]) -> None:
    """powrap (gettext's msgcat) over the catalogs just written."""
    if not paths:
        return
    if shutil.which("msgcat") is None:
        print("warning: msgcat (gettext) is not installed; run `powrap` on the changed catalogs", file=sys.stderr)
        return
    subprocess.run([sys.executable, "-m", "powrap", "--quiet", *map(str, paths)], check=True)


def update_interface_catalogs(srcdir: Path, config: dict) -> list[Path]:
    """The site's own interface strings (templates, extension) in catalyst/locales/."""
    package = srcdir / "catalyst"
    pot = package / "locales" / "catalyst.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "catalyst.pot"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "extract",
                "-F",
                str(package / "babel.cfg"),
                "-k",
                "t",
                "-k",
                "_",
                "--no-location",
                "--sort-output",
                "--project",
                "Catalyst Project website",
                "-o",
                str(fresh),
                str(package),
            ],
            check=True,
            capture_output=True,
        )
        template = read_catalog(fresh)
        if pot.exists():
            old = read_catalog(pot)
            template.creation_date = old.creation_date  # no new date when nothing changed
            if _entries(old) != _entries(template):
                pot.write_bytes(_serialize(template))
        else:
            pot.write_bytes(_serialize(template))
    written = []
    for code in list(languages(srcdir))[1:]:
        po = package / "locales" / code / "LC_MESSAGES" / "catalyst.po"
        # interface strings are short: a near match would offer a wrong translation
        if merge_catalog(template, po, code, config, fuzzy=False):
            written.append(po)
    return written


def update(srcdir: Path) -> list[Path]:
    """Extract, then update every catalog; return the catalogs written or removed."""
    config = site_config(srcdir)
    templates = extract(srcdir, srcdir / GETTEXT_DIR)
    written = update_interface_catalogs(srcdir, config)
    removed = []
    for code in targets(srcdir):
        base = srcdir / LOCALES / code / "LC_MESSAGES"
        wanted = {doc for doc in templates if document_language(srcdir, doc) != code}
        for doc in sorted(wanted):
            po = base / f"{doc}.po"
            if merge_catalog(read_catalog(templates[doc]), po, code, config):
                written.append(po)
        for po in sorted(base.rglob("*.po")) if base.exists() else ():
            doc = po.relative_to(base).with_suffix("").as_posix()
            if doc not in wanted:
                why = "it is written in this language" if doc in templates else "its document is gone"
                print(f"removed {po.relative_to(srcdir)} ({why})")
                po.unlink()
                po.with_suffix(".mo").unlink(missing_ok=True)
                removed.append(po)
    normalize(written)
    for po in written:
        print(f"updated {po.relative_to(srcdir)}")
    return written + removed


# -- status ------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    previous: str | None = None  # the text before it changed (fuzzy entries)


@dataclass
class CatalogStatus:
    language: str
    document: str
    path: str  # relative to the source directory
    translated: int = 0
    fuzzy: list[Entry] = field(default_factory=list)
    untranslated: list[Entry] = field(default_factory=list)
    new: list[Entry] = field(default_factory=list)  # untranslated, and not in the base's catalog

    @property
    def total(self) -> int:
        return self.translated + len(self.fuzzy) + len(self.untranslated) + len(self.new)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def _text(value) -> str:
    return value if isinstance(value, str) else " / ".join(value)


def catalog_status(srcdir: Path, language: str, document: str, path: Path, base_ids=None) -> CatalogStatus:
    status = CatalogStatus(language, document, path.relative_to(srcdir).as_posix())
    for message in read_catalog(path):
        if not message.id:
            continue  # the header
        done = message.string if isinstance(message.string, str) else all(message.string)
        if message.fuzzy:
            previous = _text(message.previous_id) if message.previous_id else None
            status.fuzzy.append(Entry(_text(message.id), previous))
        elif done:
            status.translated += 1
        elif base_ids is not None and message.id not in base_ids:
            status.new.append(Entry(_text(message.id)))
        else:
            status.untranslated.append(Entry(_text(message.id)))
    return status


def catalogs(srcdir: Path, code: str) -> dict[str, Path]:
    """Every catalog of one language: the documents' and the site interface's."""
    base = srcdir / LOCALES / code / "LC_MESSAGES"
    found = {path.relative_to(base).with_suffix("").as_posix(): path for path in sorted(base.rglob("*.po"))}
    interface = srcdir / "catalyst" / "locales" / code / "LC_MESSAGES" / "catalyst.po"
    if interface.exists():
        found[INTERFACE] = interface
    return found


def progress(srcdir: Path, code: str) -> list[CatalogStatus]:
    """Every catalog of one language, least translated first."""
    rows = [catalog_status(srcdir, code, name, path) for name, path in catalogs(srcdir, code).items()]
    return sorted(rows, key=lambda r: (r.percent, r.document))


def _git(srcdir: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=srcdir, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout


def default_base(srcdir: Path) -> str | None:
    """The branch a pull request goes into: origin/main, else main (None outside git)."""
    for ref in ("origin/main", "main"):
        if _git(srcdir, "rev-parse", "--verify", "--quiet", ref) is not None:
            return ref
    return None


def changed_files(srcdir: Path, base: str) -> list[str] | None:
    """Files that differ from where this branch left *base*, uncommitted changes included."""
    fork = _git(srcdir, "merge-base", base, "HEAD")
    if fork is None:
        return None
    diff = _git(srcdir, "diff", "--name-only", "--no-renames", fork.strip(), "--", ".") or ""
    untracked = _git(srcdir, "ls-files", "--others", "--exclude-standard") or ""
    return sorted(set(diff.split()) | set(untracked.split()))


def _base_ids(srcdir: Path, base: str, path: str) -> set[str]:
    fork = (_git(srcdir, "merge-base", base, "HEAD") or "").strip()
    text = _git(srcdir, "show", f"{fork}:{path}") if fork else None
    if text is None:
        return set()
    return {m.id for m in _parse(text.encode("utf-8")) if m.id}


def touched_documents(srcdir: Path, files: list[str]) -> dict[str, set[str]]:
    """Documents a change touches, each with the languages whose catalog it touched (or all)."""
    codes = list(languages(srcdir))
    touched: dict[str, set[str]] = {}
    for name in files:
        parts = name.split("/")
        if name.endswith(".md") and (srcdir / name).is_file() and name not in ("README.md", "CONTRIBUTING.md"):
            touched.setdefault(name.removesuffix(".md"), set()).update(codes)
        elif len(parts) > 3 and parts[0] == LOCALES and parts[2] == "LC_MESSAGES" and name.endswith(".po"):
            doc = "/".join(parts[3:]).removesuffix(".po")
            touched.setdefault(doc, set()).add(parts[1])
        elif name.startswith("catalyst/locales/") and name.endswith("catalyst.po"):
            touched.setdefault(INTERFACE, set()).add(parts[2])
    return touched


@dataclass
class Report:
    base: str | None
    touched: dict[str, set[str]]  # document -> languages
    pr: list[CatalogStatus]  # the catalogs of the documents the change touches
    missing: list[tuple[str, str]]  # (language, document) touched with no catalog at all: run update-po
    site: list[CatalogStatus]  # every catalog
    waiting: list[tuple[str, str]]  # (post, why) drafts and scheduled posts in the change

    @property
    def complete(self) -> bool:
        return not self.missing and all(r.complete for r in self.site)


def report(srcdir: Path, base: str | None) -> Report:
    from catalyst.frontmatter import collect_posts, today

    langs = languages(srcdir)
    files = changed_files(srcdir, base) if base else None
    touched = touched_documents(srcdir, files) if files is not None else {}
    site = [row for code in targets(srcdir) for row in progress(srcdir, code)]
    pr, missing = [], []
    for doc in sorted(touched):
        source = next(iter(langs)) if doc == INTERFACE else document_language(srcdir, doc)
        for code in targets(srcdir):
            if code == source:
                continue
            path = catalogs(srcdir, code).get(doc)
            if path is None:
                if doc != INTERFACE:
                    missing.append((code, doc))
                continue
            rel = path.relative_to(srcdir).as_posix()
            pr.append(catalog_status(srcdir, code, doc, path, _base_ids(srcdir, base, rel)))
    posts, _problems = collect_posts(srcdir, langs)
    now = today()
    waiting = []
    for doc in sorted(touched):
        post = posts.get(doc)
        if post is not None and post.draft:
            waiting.append((post.path, "draft: not published"))
        elif post is not None and post.date > now:
            waiting.append((post.path, f"scheduled: published on {post.date.isoformat()}"))
    return Report(base, touched, pr, missing, site, waiting)


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_text(rep: Report, out) -> None:
    if rep.base is not None:
        print(f"This change (against {rep.base}):", file=out)
        if not rep.touched:
            print("  touches no page, post or catalog", file=out)
        for row in rep.pr:
            state = (
                "complete"
                if row.complete
                else (f"{len(row.new)} new, {len(row.fuzzy)} fuzzy, {len(row.untranslated)} untranslated")
            )
            print(f"  {row.path}: {state}", file=out)
            for entry in row.new:
                print(f"    new:          {_short(entry.msgid)}", file=out)
            for entry in row.fuzzy:
                print(f"    fuzzy:        {_short(entry.msgid)}", file=out)
                if entry.previous:
                    print(f"      previously: {_short(entry.previous)}", file=out)
            for entry in row.untranslated:
                print(f"    untranslated: {_short(entry.msgid)}", file=out)
        for code, doc in rep.missing:
            print(f"  {LOCALES}/{code}/LC_MESSAGES/{doc}.po: missing (run `make update-po`)", file=out)
        for path, why in rep.waiting:
            print(f"  {path}: {why}", file=out)
        print(file=out)
    width = max((len(r.path) for r in rep.site), default=10)
    print(f"{'catalog':<{width}}  translated  fuzzy  untranslated      %", file=out)
    for r in rep.site:
        left = len(r.untranslated) + len(r.new)
        print(f"{r.path:<{width}}  {r.translated:>10}  {len(r.fuzzy):>5}  {left:>12}  {r.percent:5.1f}", file=out)
    for code in dict.fromkeys(r.language for r in rep.site):
        rows = [r for r in rep.site if r.language == code]
        done, total = sum(r.translated for r in rows), sum(r.total for r in rows)
        print(
            f"{code}: {done} of {total} entries translated ({100.0 * done / total if total else 100:.1f} %)", file=out
        )
    left = [r for r in rep.site if not r.complete]
    if left:
        print("\nLeft to translate:", file=out)
    for row in left:
        print(f"  {row.path}", file=out)
        for kind, entry in _listed(row, SITE_LIMIT):
            print(f"    {kind + ':':<14}{_short(entry.msgid) if entry else '…'}", file=out)
            if entry and entry.previous:
                print(f"      previously: {_short(entry.previous)}", file=out)


SITE_LIMIT = 20  # entries listed per catalog in the whole-site part of the report


def _listed(row: CatalogStatus, limit: int):
    """(kind, entry) for a catalog's entries left to do, at most *limit*, then ("and N more", None)."""
    every = (
        [("new", e) for e in row.new]
        + [("fuzzy", e) for e in row.fuzzy]
        + [("untranslated", e) for e in row.untranslated]
    )
    yield from every[:limit]
    if len(every) > limit:
        yield f"and {len(every) - limit} more", None


def _md(text: str) -> str:
    """An entry's text as inline code: its Markdown shows as written."""
    text = _short(text).replace("``", "` `")
    return f"`` {text} ``"


def print_markdown(rep: Report, out, preview: str | None = None) -> None:
    print("## Translations", file=out)
    print(file=out)
    print(
        "Translation is a separate step: this pull request can be merged without it. "
        "What is left appears on the translated site in the original language, marked.",
        file=out,
    )
    print(file=out)
    if rep.base is not None:
        print(f"### This pull request (against `{rep.base}`)", file=out)
        print(file=out)
        if not rep.pr and not rep.missing:
            print("Nothing to translate.", file=out)
        for row in rep.pr:
            if row.complete:
                print(f"- `{row.path}`: complete", file=out)
                continue
            print(
                f"- `{row.path}`: {len(row.new)} new, {len(row.fuzzy)} fuzzy, {len(row.untranslated)} untranslated",
                file=out,
            )
            for entry in row.new:
                print(f"  - new: {_md(entry.msgid)}", file=out)
            for entry in row.fuzzy:
                was = f" (previously: {_md(entry.previous)})" if entry.previous else ""
                print(f"  - fuzzy: {_md(entry.msgid)}{was}", file=out)
            for entry in row.untranslated:
                print(f"  - untranslated: {_md(entry.msgid)}", file=out)
        for code, doc in rep.missing:
            print(f"- `{LOCALES}/{code}/LC_MESSAGES/{doc}.po`: missing; run `make update-po` and commit it", file=out)
        if rep.waiting:
            print(file=out)
            print("Posts not on the site yet:", file=out)
            for path, why in rep.waiting:
                print(f"- `{path}`: {why}", file=out)
        print(file=out)
    if preview is not None or rep.touched:
        print("### Preview", file=out)
        print(file=out)
        if preview:
            print(f"Download the built site: [site-preview]({preview}). Unzip it and open `index.html`.", file=out)
        pages = [
            f"`{code}/{doc}.html`"
            for doc in sorted(rep.touched)
            if doc != INTERFACE
            for code in sorted(rep.touched[doc])
        ]
        if pages:
            print(f"Pages this pull request changes: {', '.join(pages)}", file=out)
        print(file=out)
    print("### The whole site", file=out)
    print(file=out)
    print("| Catalog | Translated | Fuzzy | Untranslated |", file=out)
    print("| --- | ---: | ---: | ---: |", file=out)
    for r in rep.site:
        if not r.complete:
            print(f"| `{r.path}` | {r.translated} | {len(r.fuzzy)} | {len(r.untranslated) + len(r.new)} |", file=out)
    for code in dict.fromkeys(r.language for r in rep.site):
        rows = [r for r in rep.site if r.language == code]
        done, total = sum(r.translated for r in rows), sum(r.total for r in rows)
        print(
            f"| **{code}: all {len(rows)} catalogs** | {done} of {total} | "
            f"{sum(len(r.fuzzy) for r in rows)} | {sum(len(r.untranslated) + len(r.new) for r in rows)} |",
            file=out,
        )
    for row in (r for r in rep.site if not r.complete):
        print(f"\n<details><summary><code>{row.path}</code></summary>\n", file=out)
        for kind, entry in _listed(row, SITE_LIMIT):
            if entry is None:
                print(f"- {kind}", file=out)
                continue
            was = f" (previously: {_md(entry.previous)})" if entry.previous else ""
            print(f"- {kind}: {_md(entry.msgid)}{was}", file=out)
        print("\n</details>", file=out)


def status(
    srcdir: Path, check: bool, base: str | None = None, markdown: bool = False, preview: str | None = None
) -> int:
    rep = report(srcdir, base)
    if check:
        with tempfile.TemporaryDirectory() as tmp:
            templates = extract(srcdir, Path(tmp))
        for code in targets(srcdir):
            have = catalogs(srcdir, code)
            rep.missing.extend(
                (code, doc) for doc in templates if document_language(srcdir, doc) != code and doc not in have
            )
    (print_markdown(rep, sys.stdout, preview) if markdown else print_text(rep, sys.stdout))
    if check and not rep.complete:
        print("\nNot every catalog is complete (see above).", file=sys.stderr)
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("extract", "update", "status"))
    parser.add_argument("--check", action="store_true", help="status: exit 1 unless everything is translated")
    parser.add_argument(
        "--base",
        help="status: also report what this branch changed since BASE "
        "(default: origin/main or main; 'none' to leave it out)",
    )
    parser.add_argument("--markdown", action="store_true", help="status: Markdown, for a CI job summary")
    parser.add_argument("--preview", help="status: the address where the built site can be downloaded")
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    srcdir = args.srcdir.resolve()
    base = None if args.base == "none" else (args.base or default_base(srcdir))
    if args.command == "extract":
        for pot in extract(srcdir, srcdir / GETTEXT_DIR).values():
            print(pot.relative_to(srcdir))
        return 0
    if args.command == "update":
        update(srcdir)
        print()
        return status(srcdir, check=False, base=base)
    return status(srcdir, check=args.check, base=base, markdown=args.markdown, preview=args.preview)


if __name__ == "__main__":
    sys.exit(main())
