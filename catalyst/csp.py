"""A Content-Security-Policy and a referrer policy on every page, as meta tags.

The host (GitHub Pages) sets no response headers, so each page carries its own policy: scripts, styles,
images, fonts and requests only from the site itself, nothing embedded, no plugins, forms only to the
site.  The few inline scripts and styles of the theme and the site (the colour-scheme script in the head,
``DOCUMENTATION_OPTIONS.pagename``...) are allowed by their SHA-256 digests, computed from each page as
written, so nothing else inline can run.  The referrer policy sends no referrer to other sites.

The policy is added once every page is written (``build-finished``); a page already carrying one gets it
recomputed, so the result does not depend on how many builds wrote the folder.  Sphinx's interface
catalog (``translations.js``) is rewritten so that it needs no ``eval``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from sphinx.util import logging

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


def add_policies(folder: Path) -> None:
    """Add (or renew) the policy of every HTML page under *folder*."""
    for path in folder.rglob("*.html"):
        if "_static" in path.relative_to(folder).parts:
            continue
        text = path.read_text(encoding="utf-8")
        new = with_policy(text)
        if new != text:
            path.write_text(new, encoding="utf-8")


PLURAL = re.compile(r"^[n0-9\s=!<>%?:&|()]+$")
CATALOG_CALL = "Documentation.addTranslations("


def compile_plural(folder: Path) -> None:
    """Sphinx's ``translations.js`` without ``new Function`` (which the policy forbids).

    Its ``addTranslations`` turns the catalog's plural rule, a string, into code at run time; here the
    rule (only ``n``, digits and operators) is written as code in the file itself, and the messages
    and locale are set as ``addTranslations`` sets them.
    """
    path = folder / "_static" / "translations.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8").strip()
    if not text.startswith(CATALOG_CALL):
        return  # already rewritten, or another format: left as it is
    catalog = json.loads(text[len(CATALOG_CALL) :].rstrip(";").rstrip().removesuffix(")"))
    rule = catalog.get("plural_expr", "")
    if not PLURAL.match(rule):
        logger.warning("unexpected plural rule in translations.js: %r", rule, type="catalyst", subtype="csp")
        return
    path.write_text(
        "// The interface catalog (from Sphinx's), with its plural rule as code: no eval.\n"
        f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(catalog['messages'], indent=1, sort_keys=True)});\n"
        f"Documentation.PLURAL_EXPR = (n) => ({rule});\n"
        f"Documentation.LOCALE = {json.dumps(catalog['locale'])};\n",
        encoding="utf-8",
    )


def on_build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        compile_plural(Path(app.outdir))
        add_policies(Path(app.outdir))


def setup_csp(app):
    app.connect("build-finished", on_build_finished, priority=900)
