"""Offline re-reading: a service worker per language, and its offline page.

After each HTML build, ``sw.js`` is written at the root of the language's
output (``/en/sw.js``, ``/es/sw.js``) from ``serviceworker.js``, with the
build's figures filled in: the names of its two caches carry a hash of the
build's assets (everything under ``_static/``) and of its pages, and it
precaches the offline page and the assets that page loads (the stylesheets,
scripts and logos of every page).

Why one worker per language, at the language's root: a worker's scope is the
folder it is served from, and each language is a separate Sphinx build, so
its own build writes the worker that covers exactly its pages, without a step
outside Sphinx; a language added to ``conf.py`` gets its worker with no other
change.  The site's root page (the language chooser) is not kept offline: it
only sends readers on to their language.

The offline page is the document ``offline.md`` (translated like any page),
shown by the worker for a page that was never opened on the device.

The worker is a small script of the site's own rather than Workbox: the
site needs two strategies and a versioned cache, about 80 lines, while
Workbox's runtime is either loaded from its CDN (another host) or bundled by
a build step of its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.util import logging

from . import config

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
OFFLINE_DOC = "offline"
WORKER = "sw.js"
ADDRESS = re.compile(r"""(?:href|src)="(_static/[^"#]+)\"""")


def tree_hash(paths: list[Path], base: Path) -> str:
    """A short hash of the files' names and contents."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def worker_source(outdir: Path, language: str) -> str:
    """The worker for the build in *outdir*, with its caches' names and precache list."""
    static = outdir / "_static"
    assets = [p for p in static.rglob("*") if p.is_file() and not p.name.endswith(".map")]
    pages = [p for p in outdir.rglob("*") if p.is_file() and static not in p.parents and p.name != WORKER]
    # Sphinx's build record, and the copy of it Sphinx keeps when the configuration changed: not pages
    pages = [p for p in pages if p.name not in {".buildinfo", ".buildinfo.bak"}]
    offline = f"{OFFLINE_DOC}.html"
    precache = sorted(set(ADDRESS.findall((outdir / offline).read_text(encoding="utf-8"))))
    build = {
        "prefix": f"catalyst-{language}",
        "assets": tree_hash(assets, outdir),
        "pages": tree_hash(pages, outdir),
        "offline": offline,
        "precache": precache,
    }
    source = (HERE / "serviceworker.js").read_text(encoding="utf-8")
    return source.replace("__BUILD__", json.dumps(build, sort_keys=True))


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if not (outdir / f"{OFFLINE_DOC}.html").is_file():
        # A site without an offline page (a test's small site) gets no worker.
        logger.info("no %s.html page: no service worker written", OFFLINE_DOC)
        return
    (outdir / WORKER).write_text(worker_source(outdir, app.config.language), encoding="utf-8")


def setup_offline(app):
    app.add_js_file("catalyst-offline.js", loading_method="defer")
    # After catalyst/purge.py (900): the assets' hash is that of the purged files.
    app.connect("build-finished", on_build_finished, priority=config.PRIORITY["build-finished:offline"])
