"""A Content-Security-Policy and a referrer policy on every page, as meta tags.

The host (GitHub Pages) sets no response headers, so each page carries its own policy: scripts, styles,
images, fonts and requests only from the site itself, nothing embedded, no plugins, forms only to the
site.  The few inline scripts and styles of the theme and the site (the colour-scheme script in the head,
``DOCUMENTATION_OPTIONS.pagename``...) are allowed by their SHA-256 digests, computed from each page as
written, so nothing else inline can run.  The referrer policy sends no referrer to other sites.

The policy is added once every page is written (``build-finished``); a page already carrying one gets it
recomputed, so the result does not depend on how many builds wrote the folder.  The pages given their
policy are remembered in the doctree folder (``catalyst/stamps.py``), so a rebuild reads only the pages
it wrote, not every page of the site.  Sphinx's interface catalog (``translations.js``) is rewritten so
that it needs no ``eval``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from sphinx.util import logging

from . import _compat, stamps

logger = logging.getLogger(__name__)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?:\s[^>]*)?>(.*?)</script>", re.S | re.I)
INLINE_STYLE = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style>", re.S | re.I)
OURS = re.compile(
    r'\n?<meta http-equiv="Content-Security-Policy" content="[^"]*">'
    r'\n?<meta name="referrer" content="[^"]*">'
)
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
REFERRER = "no-referrer"


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(page: str) -> str:
    """The policy for *page* (its HTML): its own inline scripts and styles, by digest."""
    scripts = sorted({_digest(m.group(1)) for m in INLINE_SCRIPT.finditer(page) if m.group(1).strip()})
    styles = sorted({_digest(m.group(1)) for m in INLINE_STYLE.finditer(page)})
    return "; ".join(
        [
            "default-src 'none'",
            " ".join(["script-src 'self'", *scripts]),
            " ".join(["style-src 'self'", *styles]),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def with_policy(page: str) -> str:
    """*page* with the policy and referrer meta tags right after its charset (before any script)."""
    page = OURS.sub("", page)
    match = CHARSET.search(page)
    if match is None:
        return page
    tags = (
        f'\n<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
        f'\n<meta name="referrer" content="{REFERRER}">'
    )
    return page[: match.end()] + tags + page[match.end() :]


MEMO = "csp-pages.json"  # the pages that have their policy, in the doctree folder


def add_policies(folder: Path, memo: Path | None = None) -> None:
    """Add (or renew) the policy of every HTML page under *folder*.

    *memo*: where the pages that have their policy are remembered; a page not
    written again since then is not read.
    """
    done = stamps.Memo(memo, stamps.digest(Path(__file__).read_bytes()))
    for path in folder.rglob("*.html"):
        rel = path.relative_to(folder)
        if "_static" in rel.parts or done.get(path, rel.as_posix()):
            continue
        text = path.read_text(encoding="utf-8")
        new = with_policy(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
        done.put(path, True, rel.as_posix())
    done.save()


def compile_plural(folder: Path) -> None:
    """Sphinx's ``translations.js`` without ``new Function`` (which the policy forbids): its
    plural rule written as code in the file itself (``_compat.translations_without_eval``)."""
    path = folder / "_static" / "translations.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    try:
        rewritten = _compat.translations_without_eval(text)
    except ValueError as error:
        logger.warning("%s", error, type="catalyst", subtype="csp")
        return
    if rewritten is not None:
        path.write_text(rewritten, encoding="utf-8")


def on_build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        compile_plural(Path(app.outdir))
        add_policies(Path(app.outdir), Path(app.doctreedir, MEMO))


def setup_csp(app):
    app.connect("build-finished", on_build_finished, priority=900)
