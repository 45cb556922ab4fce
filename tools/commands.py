"""The command lines of the programs the tools run, assembled in one place.

Every Sphinx run of the site (``make html``, ``make gettext``, ``make
update-po``, the tests, the benchmark) uses the same options, so a page that
builds in one builds in all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

# Warnings are errors, every one of them is shown (--keep-going), every
# cross-reference must resolve (-n), only problems are printed (-q); no colour
# codes, since the output is captured and prefixed with its language (and CI
# environments make Sphinx colour it even when it is not a terminal).
SPHINX_OPTS = ("-W", "--keep-going", "-n", "-q", "--no-color")


def sphinx(
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "html",
    language: str | None = None,
    doctreedir: Path | None = None,
    options: Iterable[str] = SPHINX_OPTS,
    extra: Iterable[str] = (),
) -> list[str]:
    """``python -m sphinx`` with the site's options (``options=()`` for a plain run)."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        *options,
        *extra,
        *(["-D", f"language={language}"] if language else []),
        *(["-d", str(doctreedir)] if doctreedir else []),
        str(srcdir),
        str(outdir),
    ]


def gettext(srcdir: Path, potdir: Path, doctreedir: Path | None = None) -> list[str]:
    """Extract the English text into ``.pot`` templates, as ``make gettext`` does."""
    return sphinx(srcdir, potdir, builder="gettext", doctreedir=doctreedir)
