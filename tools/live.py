"""Live preview for writers: rebuild every language on each save, reload the browser.

    python -m tools.live [--port 8000]

sphinx-autobuild watches the sources and serves ``_build/preview/`` with automatic
reloading: a writer's preview, which also shows the posts scheduled for a later
date (with a banner), kept apart from the site ``make html`` builds.  Its ``--pre-build`` command is the site's own build
(``python -m tools.build``), which checks the posts and rebuilds both languages
at once (incrementally: only what changed is read again), so the preview has
``/en/`` and ``/es/`` side by side, as the published site has.

sphinx-autobuild always runs one ``sphinx-build`` after its pre-build commands;
here that is Sphinx's ``dummy`` builder, quiet, in a doctree folder of its own:
it re-reads what changed and writes nothing.  (sphinx-autobuild has no option
to run another command in place of ``sphinx-build``; its maintainers suggest
``--pre-build`` for this, sphinx-doc/sphinx-autobuild#99.)
"""

from __future__ import annotations

import argparse
import shlex
import socket
import subprocess
import sys

from .build import ROOT, port_in_use_message

# Never watched: the build's own output, environments, caches, editors' files.
IGNORED = [".git", ".venv", "node_modules", ".pytest_cache", ".ruff_cache", "_build", "__pycache__"]
IGNORED_PATTERNS = [r".*\.mo$", r".*~$", r".*\.swp$"]


def command(srcdir, host: str, port: int) -> list[str]:
    """The sphinx-autobuild command line that serves *srcdir*'s build."""
    build = srcdir / "_build"
    return [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(srcdir),
        str(build / "preview"),
        "-b",
        "dummy",
        "-Q",
        "-d",
        str(build / "doctrees-live"),
        "--pre-build",
        shlex.join([sys.executable, "-m", "tools.build", "--preview", "--watching", "--srcdir", str(srcdir)]),
        "--host",
        host,
        "--port",
        str(port),
        *(arg for name in IGNORED for arg in ("--ignore", str(srcdir / name))),
        *(arg for pattern in IGNORED_PATTERNS for arg in ("--re-ignore", pattern)),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    with socket.socket() as probe:
        try:
            probe.bind((args.host, args.port))
        except OSError:
            print(port_in_use_message(args.port, "livehtml"), file=sys.stderr)
            return 1
    (ROOT / "_build" / "preview").mkdir(parents=True, exist_ok=True)
    try:
        return subprocess.run(command(ROOT, args.host, args.port), cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
