"""Translation catalogs, checked before any build: each mistake at its ``.po`` file and line.

Sphinx reads a broken catalog without a word (an invalid escape, a duplicate entry, a file cut short),
and a translation that changes the Markdown of its entry (a paragraph turned into a code block, a lost
link) is reported, if at all, against the English source.  Here every catalog of every translated
language is checked with GNU gettext's ``msgfmt --check`` (everything it checks: syntax, escapes,
duplicates, format strings, headers), and each translated entry must keep the Markdown structure of its
English text: the same code fences, links, roles and list markers.

The problems are ``(path, line, message)``, as the front-matter checks give them.  With a cache file
(``tools/build.py`` keeps one in the doctree folder), a catalog found without problems is not checked
again until it changes: a rebuild of a site with a thousand posts does not start msgfmt two thousand
times.  A catalog with problems is checked, and its problems reported, on every build.

msgfmt compiles while it checks, so the check keeps what it compiled: the ``.mo`` file beside the
``.po``, where Sphinx looks for it.  Sphinx compiles only the catalogs whose ``.mo`` is older than
their ``.po`` (``gettext_auto_build``), so a checked catalog is not compiled a second time, by Babel,
in the build of its language.  The catalogs are checked on every core at once (msgfmt is a program of
its own; the threads wait for it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from . import stamps

# Each kind of Markdown structure a translation must keep, with how to find it and what to say.
STRUCTURE = {
    "code fences": (re.compile(r"^\s*(```|~~~|:::)", re.M), "```"),
    "links": (re.compile(r"\]\("), "[text](address)"),
    "roles": (re.compile(r"\{[a-z][\w:-]*\}`"), "{doc}`...`"),
    "list items": (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s", re.M), "- item"),
}

MSGFMT_LINE = re.compile(r"^(?P<path>.+?\.po):(?P<line>\d+):(?:\d+:)?\s*(?P<message>.*)$")


def catalogs(srcdir: Path, languages) -> list[Path]:
    """Every ``.po`` file of every translated language, in ``locales/``."""
    source = next(iter(languages))
    found = []
    for code in languages:
        if code != source:
            found += sorted(Path(srcdir, "locales", code, "LC_MESSAGES").rglob("*.po"))
    return found


def msgfmt_problems(srcdir: Path, path: Path, *, use_fuzzy: bool = False) -> list[tuple[str, int, str]]:
    """What ``msgfmt --check`` finds in one catalog; without problems, its ``.mo`` is written beside it.

    The ``.mo`` is written under another name and then renamed, so a build never reads half of one;
    that name ends in ``.mo`` too, so what ignores compiled catalogs (``make livehtml``'s watcher, a
    build's fingerprint, git) ignores it as well.  *use_fuzzy*: translations marked fuzzy are compiled
    too (Sphinx's ``gettext_allow_fuzzy_translations``).
    """
    rel = path.relative_to(srcdir).as_posix()
    compiled = path.with_suffix(".mo")
    partial = compiled.with_name(f".{path.stem}.{os.getpid()}.mo")
    proc = subprocess.run(
        ["msgfmt", "--check", *(["--use-fuzzy"] if use_fuzzy else []), "--output-file", str(partial), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    if proc.returncode == 0:
        os.replace(partial, compiled)
        return []
    partial.unlink(missing_ok=True)
    problems = []
    for line in proc.stderr.splitlines():
        match = MSGFMT_LINE.match(line)
        if match and not match["message"].startswith("found "):
            message = match["message"].rstrip(".")
            if "...this is the location of the first definition" in message:
                continue
            problems.append((rel, int(match["line"]), f"{message}; correct this entry of the catalog"))
    return problems or [(rel, 1, f"msgfmt rejects this catalog ({proc.stderr.strip()})")]


def structure_problems(srcdir: Path, path: Path) -> list[tuple[str, int, str]]:
    """Translated entries whose Markdown structure differs from their English text."""
    rel = path.relative_to(srcdir).as_posix()
    with path.open("rb") as source:
        try:
            catalog = read_po(source, abort_invalid=True)
        except (PoFileError, ValueError, UnicodeDecodeError) as exc:
            return [(rel, 1, f"the catalog cannot be read ({exc}); correct the file")]
    problems = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy or isinstance(message.id, tuple):
            continue
        for kind, (pattern, example) in STRUCTURE.items():
            english, translated = len(pattern.findall(message.id)), len(pattern.findall(message.string))
            if english != translated:
                what = (
                    f"the translation has {translated} {kind} where the English has {english} ({example}); "
                    "keep the Markdown of the English text and translate only the words"
                )
                problems.append((rel, message.lineno, what))
    return problems


def check(
    srcdir: str | os.PathLike, languages, cache: Path | None = None, *, use_fuzzy: bool = False
) -> list[tuple[str, int, str]]:
    """Every problem of every catalog (msgfmt's, then the Markdown structure's), in the catalogs' order.

    *cache*: a memo (catalyst/stamps.py) of the catalogs found without problems;
    *use_fuzzy*: as Sphinx's ``gettext_allow_fuzzy_translations``, for the ``.mo`` files msgfmt writes.
    """
    srcdir = Path(srcdir)
    have_msgfmt = shutil.which("msgfmt") is not None
    clean = stamps.Memo(cache, stamps.digest(Path(__file__).read_bytes(), str(have_msgfmt), str(use_fuzzy)))

    def problems_of(path: Path) -> list[tuple[str, int, str]]:
        found = msgfmt_problems(srcdir, path, use_fuzzy=use_fuzzy) if have_msgfmt else []
        return found or structure_problems(srcdir, path)

    unchecked = [
        path for path in catalogs(srcdir, languages) if not clean.get(path, path.relative_to(srcdir).as_posix())
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = list(pool.map(problems_of, unchecked))
    problems = []
    for path, its_problems in zip(unchecked, found, strict=True):
        problems += its_problems
        if not its_problems:
            clean.put(path, True, path.relative_to(srcdir).as_posix())
    clean.save()
    return problems
