"""The translators' tools: update the catalogs and see what is left to translate.

    python -m tools.translations update          # extract English, update locales/*/LC_MESSAGES
    python -m tools.translations status          # per document: translated, fuzzy, untranslated
    python -m tools.translations status --check  # exit 1 unless everything is translated
    python -m tools.translations extract         # only extract the English text (make gettext)

Every language of conf.py but the first (the sources' language) has its own
catalogs; nothing here names a language.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from . import commands
from .build import ROOT, languages

LOCALES = "locales"
GETTEXT_DIR = Path("_build") / "gettext"


def targets(srcdir: Path) -> list[str]:
    """The languages that are translated from the sources."""
    return list(languages(srcdir))[1:]


def extract(srcdir: Path, potdir: Path) -> None:
    subprocess.run(commands.gettext(srcdir, potdir), check=True)


def update_extension_catalogs(srcdir: Path) -> None:
    """The site's own interface strings (templates, extension) in catalyst/locales/."""
    package = srcdir / "catalyst"
    pot = package / "locales" / "catalyst.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    babel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [*babel, "extract", "-F", str(package / "babel.cfg"), "-k", "t", "-k", "_", "--no-location",
         "--sort-output", "--project", "Catalyst Project website", "-o", str(pot), str(package)],
        check=True,
    )  # fmt: skip
    for code in targets(srcdir):
        po = package / "locales" / code / "LC_MESSAGES" / "catalyst.po"
        command = "update" if po.exists() else "init"
        subprocess.run(
            [*babel, command, "-i", str(pot), "-d", str(package / "locales"), "-D", "catalyst",
             "-l", code, *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else [])],
            check=True,
        )  # fmt: skip


def update(srcdir: Path) -> None:
    potdir = srcdir / GETTEXT_DIR
    extract(srcdir, potdir)
    update_extension_catalogs(srcdir)
    for code in targets(srcdir):
        subprocess.run(
            [sys.executable, "-m", "sphinx_intl", "update", "-p", str(potdir), "-d", str(srcdir / LOCALES),
             "-l", code, "--no-obsolete"],
            check=True,
        )  # fmt: skip


@dataclass
class Progress:
    document: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalog_progress(path: Path) -> tuple[int, int, int]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    translated = fuzzy = untranslated = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        if message.fuzzy:
            fuzzy += 1
        elif message.string if isinstance(message.string, str) else all(message.string):
            translated += 1
        else:
            untranslated += 1
    return translated, fuzzy, untranslated


def catalogs(srcdir: Path, code: str) -> dict[str, Path]:
    """Every catalog of one language: the pages' and the site interface's."""
    base = srcdir / LOCALES / code / "LC_MESSAGES"
    found = {path.relative_to(base).with_suffix("").as_posix(): path for path in sorted(base.rglob("*.po"))}
    interface = srcdir / "catalyst" / "locales" / code / "LC_MESSAGES" / "catalyst.po"
    if interface.exists():
        found["(site interface)"] = interface
    return found


def progress(srcdir: Path, code: str) -> list[Progress]:
    """Per document progress of one language, worst first."""
    rows = [Progress(name, *catalog_progress(path)) for name, path in catalogs(srcdir, code).items()]
    return sorted(rows, key=lambda r: (r.percent, r.document))


def status(srcdir: Path, check: bool) -> int:
    complete = True
    for code in targets(srcdir):
        rows = progress(srcdir, code)
        width = max((len(r.document) for r in rows), default=10)
        print(f"{code}: {'document':<{width}}  translated  fuzzy  untranslated      %")
        for r in rows:
            print(f"{code}: {r.document:<{width}}  {r.translated:>10}  {r.fuzzy:>5}  {r.untranslated:>12}  {r.percent:5.1f}")
        done = sum(r.translated for r in rows)
        total = sum(r.total for r in rows)
        print(f"{code}: {'TOTAL':<{width}}  {done:>10}  {sum(r.fuzzy for r in rows):>5}  "
              f"{sum(r.untranslated for r in rows):>12}  {100.0 * done / total if total else 100:5.1f}")
        complete = complete and done == total
    return 1 if check and not complete else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "status", "extract"))
    parser.add_argument("--check", action="store_true", help="status: exit 1 unless 100%% translated")
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    if args.command == "extract":  # make gettext
        extract(args.srcdir, args.srcdir / GETTEXT_DIR)
        return 0
    if args.command == "update":
        update(args.srcdir)
        return status(args.srcdir, check=False)
    return status(args.srcdir, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
