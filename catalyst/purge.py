"""Unused CSS removed from the built site, so a first visit downloads little.

The theme's stylesheet (``pydata-sphinx-theme.css``, 64 KB gzip) carries all
of Bootstrap and every component the theme offers; the site's pages use a
small part of it.  After each HTML build, PurgeCSS (from npm, installed by
``make html`` into ``node_modules/``) reads every built page and script and
keeps only the rules whose selectors appear in them.  Classes that scripts
add while a reader uses a page, and that appear in no file as a whole word,
are kept by the safelist below.

The purged files replace Sphinx's copies in ``_static/``; the sources in the
theme package are not touched, and Sphinx copies them again on every build,
so each build purges from the full stylesheet.

What PurgeCSS keeps depends only on the stylesheets, the safelist and which
of the stylesheets' names occur in the pages and scripts (it splits them into
words, as :data:`WORDS` does).  The result is kept under a digest of those
three in the user's cache folder (``$XDG_CACHE_HOME/catalyst-site/purged-css``,
``~/.cache`` unless set), the last :data:`KEEP` of them: a build whose pages use
the same names (a rebuild with nothing changed, an edit to a post's text, a
build after ``make clean``, the preview, another copy of the checkout) copies
it instead of starting Node.js and PurgeCSS again.  The names each page uses
are remembered too, in the doctree folder (``catalyst/stamps.py``), under a
digest of the stylesheets, so that digest is made from the pages this build
wrote and the names of the others, without reading every page again.

Only the names that can change what PurgeCSS keeps go into the digest.
PurgeCSS removes a selector whose classes (outside any parentheses) are not
all in the pages, whatever else they hold (``shouldKeepSelector`` in
PurgeCSS 8): a word that occurs only in such selectors (``added``, of
``.versionmodified.added``, in a sentence of a post) changes nothing.  Any
selector with parentheses (``:is()``, ``:not()``...) or matched by the greedy
safelist always counts, with every word in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

from . import config, stamps

logger = logging.getLogger(__name__)

# Stylesheets to purge, relative to the output's _static/.
STYLESHEETS = ["styles/pydata-sphinx-theme.css", "basic.css", "pygments.css"]

# Scripts that are in _static/ but that no page loads (see the layout's
# scripts_end block): their class names must not keep rules alive.
UNUSED_SCRIPTS = {"scripts/bootstrap.js", "scripts/fontawesome.js"}

# Selectors kept whatever the pages contain (regular expressions, matched by
# PurgeCSS against each class, id or element of a selector):
SAFELIST = {
    # set by scripts while a reader uses the page: the dropdown menus ("More"
    # in the navigation bar, the colour-mode menu), the phone menu and the
    # page's table of contents (dialogs), the search dialog, the tag filter
    "standard": [
        r"^show$",
        r"^dropdown",
        r"^collaps",
        r"^offcanvas",
        r"^fade$",
        r"^search",
        r"^sidebar",
        r"^pst-",
        r"^catalyst-",
        r"^highlighted$",
        r"^active$",
    ],
    # attribute selectors: the colour mode on <html>, the dropdown's placement
    "greedy": [r"data-theme", r"data-mode", r"data-bs-popper", r"aria-expanded", r"open"],
}

# PurgeCSS's API, driven with one JSON document on standard input.
RUNNER = r"""
import { PurgeCSS } from "purgecss";
import { readFileSync, writeFileSync } from "node:fs";
const job = JSON.parse(readFileSync(0, "utf8"));
const re = (list) => list.map((source) => new RegExp(source));
const results = await new PurgeCSS().purge({
  content: job.content,
  css: job.css,
  safelist: { standard: re(job.safelist.standard), greedy: re(job.safelist.greedy) },
});
for (const result of results) writeFileSync(result.file, result.css);
console.log(JSON.stringify(results.map((result) => result.file)));
"""


# PurgeCSS's default extractor: the words its selectors are matched against.
WORDS = re.compile(r"[A-Za-z0-9_-]+")
# the same words in a page's bytes (UTF-8: no byte of a non-ASCII character is a word's)
WORD_BYTES = re.compile(rb"[A-Za-z0-9_-]+")
# a CSS escape (``\32 xl``, ``\:``), undone before the stylesheets' names are listed
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)
KEEP = 8  # results kept in the cache folder (about 60 KB each), the most recently used
MEMO = "purge-names.json"  # the stylesheets' names each page uses, in the doctree folder
SELECTORS = "purge-selectors.json"  # the stylesheets' selectors: the classes each needs, its words


def _unescape(css: str) -> str:
    return CSS_ESCAPE.sub(lambda m: chr(min(int(m[1], 16), 0x10FFFF)) if m[1] else m[2], css)


COMMENT = re.compile(r"/\*.*?\*/", re.S)
RULE = re.compile(r"([^{}]*)\{[^{}]*\}")  # the selectors of a rule, before its block of declarations
CLASS = re.compile(r"\.((?:\\[0-9a-fA-F]{1,6}\s?|\\.|[\w-]|[^\x00-\x7f])+)")
BRACKETS = re.compile(r"\[[^\]]*\]|\"[^\"]*\"|'[^']*'")
GREEDY = re.compile("|".join(f"(?:{pattern})" for pattern in SAFELIST["greedy"]))
STANDARD = re.compile("|".join(f"(?:{pattern})" for pattern in SAFELIST["standard"]))


def _split_list(prelude: str) -> list[str]:
    """A selector list split at its commas (not those inside parentheses or brackets)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts if part.strip()]


def selectors(css: str) -> list[str]:
    """Each selector of the stylesheet's rules (a rule's list split at its commas), as written."""
    found = []
    for match in RULE.finditer(COMMENT.sub("", css)):
        prelude = match[1].rsplit(";", 1)[-1].strip()
        if prelude and not prelude.startswith("@"):
            found += _split_list(prelude)
    return found


def _needs(selector: str) -> tuple[tuple[str, ...], list[str]] | None:
    """The classes *selector* needs to be kept, and its words; None for its words when it always counts."""
    words = WORDS.findall(_unescape(selector))
    if "(" in selector or GREEDY.search(selector):
        return None, words
    classes = {_unescape(name).strip() for name in CLASS.findall(BRACKETS.sub(" ", selector))}
    return tuple(sorted(name for name in classes if not STANDARD.search(name))), words


def analyse(css_texts: list[str]) -> list[list]:
    """For each distinct selector of the stylesheets: ``[classes it needs or None, its words]``."""
    found = set()
    for text in css_texts:
        for selector in selectors(text):
            classes, words = _needs(selector)
            found.add((classes, tuple(sorted(set(words)))))
    return sorted(([list(classes) if classes is not None else None, list(words)] for classes, words in found), key=str)


def live_names(analysis: list[list], used: set[str]) -> set[str]:
    """The words of the selectors PurgeCSS may keep when the pages use *used*: a selector with a
    class the pages do not have is removed, so its other words do not matter."""
    live = set()
    for classes, words in analysis:
        if classes is None or all(name in used for name in classes):
            live.update(words)
    return live


def _analysis(css_texts: list[str], version: str, kept: Path | None) -> list[list]:
    """The stylesheets' :func:`analyse`, kept in *kept* under *version* (their digest): Sphinx
    copies the same stylesheets on every build, and they are analysed once."""
    if kept is not None:
        try:
            saved = json.loads(kept.read_text(encoding="utf-8"))
            if isinstance(saved, dict) and saved.get("version") == version:
                return saved["selectors"]
        except (OSError, ValueError, KeyError):
            pass
    analysis = analyse(css_texts)
    if kept is not None:
        stamps.write_text(kept, json.dumps({"version": version, "selectors": analysis}))
    return analysis


def cache_key(css: list[str], content: list[str], memo: Path | None = None) -> str:
    """A digest of what PurgeCSS's result depends on: the stylesheets, the safelist, the runner,
    and which words of the stylesheets' live selectors occur in the pages and scripts.

    *memo*: where the names each page and script uses are remembered, for the next build.
    """
    digest = hashlib.sha256(json.dumps([SAFELIST, RUNNER]).encode())
    names, texts = set(), []
    for path in css:
        text = Path(path).read_bytes()
        digest.update(hashlib.sha256(text).digest())
        texts.append(text.decode("utf-8", "replace"))
        names.update(WORDS.findall(_unescape(texts[-1])))
    version = stamps.digest(Path(__file__).read_bytes(), digest.hexdigest())
    known = stamps.Memo(memo, version)
    used = set()
    name_bytes = {name.encode("ascii") for name in names}
    for path in content:
        kept = known.get(Path(path))
        if kept is None:
            words = WORD_BYTES.findall(Path(path).read_bytes())
            kept = sorted(name.decode("ascii") for name in name_bytes.intersection(words))
            known.put(Path(path), kept)
        used.update(kept)
    known.save()
    analysis = _analysis(texts, version, memo.with_name(SELECTORS) if memo is not None else None)
    digest.update("\n".join(sorted(used & live_names(analysis, used))).encode())
    return digest.hexdigest()


def cache_folder() -> Path:
    """Where purged stylesheets are kept (see the module's docstring)."""
    return config.user_cache("purged-css")


def node_modules(srcdir: Path) -> Path | None:
    """The ``node_modules`` folder that holds PurgeCSS: the site's, else the one beside this package.

    The second is the checkout's own when the sources being built are a copy
    (the tests build copies of the site).
    """
    for folder in (srcdir / "node_modules", Path(__file__).resolve().parent.parent / "node_modules"):
        if (folder / "purgecss" / "package.json").is_file():
            return folder
    return None


def purge(srcdir: Path, outdir: Path, cachedir: Path | None = None, memo: Path | None = None) -> list[Path]:
    """Purge :data:`STYLESHEETS` in *outdir* against its pages and scripts; return the files written.

    With *cachedir*, a result kept there for the same :func:`cache_key` is copied instead
    (*memo*: where the names each page uses are remembered, see :func:`cache_key`).
    """
    static = outdir / "_static"
    if not (static / STYLESHEETS[0]).is_file():  # another theme (a test's small site): nothing to purge
        return []
    css = [str(static / name) for name in STYLESHEETS if (static / name).is_file()]
    scripts = [
        str(path) for path in sorted(static.rglob("*.js")) if path.relative_to(static).as_posix() not in UNUSED_SCRIPTS
    ]
    pages = [str(path) for path in sorted(outdir.rglob("*.html")) if "_static" not in path.parts]
    if cachedir is None:
        return _run_purgecss(srcdir, css, pages + scripts)
    key = cache_key(css, pages + scripts, memo)
    kept = cachedir / key
    names = [Path(path).relative_to(static).as_posix() for path in css]
    if all((kept / name).is_file() for name in names):
        try:
            for name in names:
                shutil.copyfile(kept / name, static / name)
            os.utime(kept)  # recently used
            return [static / name for name in names]
        except OSError:  # removed meanwhile by another build: purge (PurgeCSS gives a purged file back as it is)
            pass
    written = _run_purgecss(srcdir, css, pages + scripts)
    _keep(cachedir, key, static, names)
    return written


def _keep(cachedir: Path, key: str, static: Path, names: list[str]) -> None:
    """Keep this result under *key*, written aside and renamed into place (another build may be
    reading or writing the folder), then forget all but the :data:`KEEP` most recently used."""
    cachedir.mkdir(parents=True, exist_ok=True)
    partial = cachedir / f".{key}.{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    for name in names:
        (partial / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(static / name, partial / name)
    try:
        partial.rename(cachedir / key)
    except OSError:  # the same result, kept by another build meanwhile
        shutil.rmtree(partial, ignore_errors=True)
    results = sorted((p for p in cachedir.iterdir() if not p.name.startswith(".")), key=_last_used, reverse=True)
    for old in results[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _run_purgecss(srcdir: Path, css: list[str], content: list[str]) -> list[Path]:
    modules = node_modules(srcdir)
    node = shutil.which("node")
    if node is None or modules is None:
        missing = "Node.js (the `node` command)" if node is None else f"PurgeCSS in {srcdir / 'node_modules'}"
        raise ExtensionError(
            f"the build removes unused CSS with PurgeCSS and needs {missing}: run `make html`, which installs it "
            "with npm (install Node.js and npm first: `apt-get install nodejs npm`)"
        )
    job = {"content": content, "css": css, "safelist": SAFELIST}
    proc = subprocess.run(
        [node, "--input-type=module", "-e", RUNNER],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=modules.parent,  # where `import "purgecss"` resolves
    )
    if proc.returncode != 0:
        raise ExtensionError(f"PurgeCSS failed:\n{proc.stderr.strip()}")
    return [Path(name) for name in json.loads(proc.stdout)]


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in purge(Path(app.srcdir), Path(app.outdir), cache_folder(), Path(app.doctreedir) / MEMO):
        logger.verbose("purged unused CSS: %s", path)


def setup_purge(app):
    # The dropdown menus without Bootstrap's script (see templates/layout.html).
    app.add_js_file("catalyst-dropdown.js", loading_method="defer")
    # Last, once every page and feed is written.
    app.connect("build-finished", on_build_finished, priority=config.PRIORITY["build-finished:purge"])
