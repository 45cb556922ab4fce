"""Live preview for writers: rebuild every language on each save, reload the browser.

    python -m catalyst.live [--port 8000]

sphinx-autobuild watches the sources and serves the site with automatic
reloading; its build step is replaced by ``catalyst.build``, which rebuilds
both languages at once (incrementally: only what changed is read again) and
serves them together under ``/en/`` and ``/es/``.
"""

from __future__ import annotations

import argparse
import sys

import uvicorn
from sphinx_autobuild.__main__ import _create_app
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.utils import show_message

from . import build

IGNORED = [".git", ".venv", "node_modules", ".pytest_cache", "_build", "__pycache__"]


class Rebuilder:
    """Rebuild every language; picklable, as sphinx-autobuild runs it in a worker process."""

    def __init__(self, srcdir, outdir, doctreedir, langs, url):
        self.srcdir, self.outdir, self.doctreedir, self.langs, self.url = srcdir, outdir, doctreedir, langs, url

    def __call__(self, *, changed_paths=()):
        if changed_paths:
            show_message("Changed: " + ", ".join(str(p.relative_to(self.srcdir)) for p in changed_paths[:5]))
        if build.check_posts(self.srcdir, self.langs):
            build.build(self.srcdir, self.outdir, self.doctreedir, self.langs, preview=True)
        show_message(f"Serving on {self.url}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    srcdir = build.ROOT
    # a writer's preview: scheduled posts too, kept apart from the site `make html` builds
    outdir = srcdir / "_build" / "preview"
    doctreedir = srcdir / "_build" / "doctrees-preview"
    langs = build.languages(srcdir)
    url = f"http://{args.host}:{args.port}/"

    rebuild = Rebuilder(srcdir, outdir, doctreedir, langs, url)
    outdir.mkdir(parents=True, exist_ok=True)
    ignore = IgnoreFilter([str(srcdir / d) for d in IGNORED], [r".*\.mo$", r".*~$", r".*\.swp$"])
    app = _create_app([srcdir], ignore, rebuild, outdir, f"{args.host}:{args.port}")
    rebuild()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
