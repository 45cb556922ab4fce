"""Build the whole site: every language at once, plus the root pages.

    python -m tools.build            # build into _build/html/<language>/
    python -m tools.build --serve    # build, then serve on http://127.0.0.1:8000/

Each language is a separate ``sphinx-build`` process (ablog keeps state per
process, and two processes use both cores).  Blog posts are checked first, so
a mistake in a post's front matter is reported once, plainly, before any
build starts.  The root ``index.html`` sends a reader to their language.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import runpy
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jinja2

from . import commands

ROOT = Path(__file__).resolve().parent.parent
ROOT_TEMPLATES = ROOT / "catalyst" / "templates" / "root"  # the pages outside every language
SPHINX_OPTS = list(commands.SPHINX_OPTS)
OPENGRAPH_NOTICE = "matplotlib is not installed, social cards will not be generated"


def site_config(srcdir: Path = ROOT) -> dict:
    """The values of conf.py (read once per process)."""
    return runpy.run_path(str(srcdir / "conf.py"))


def languages(srcdir: Path = ROOT) -> dict[str, dict]:
    """The site's languages, as conf.py lists them."""
    return site_config(srcdir)["catalyst_languages"]


def source_date_epoch(srcdir: Path) -> str | None:
    """The time of the last commit, so two builds of one commit are identical."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=srcdir, capture_output=True, text=True, check=True
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def sphinx_command(srcdir: Path, outdir: Path, doctreedir: Path, language: str, builder="html", extra=(), quiet=True):
    opts = SPHINX_OPTS if quiet else [opt for opt in SPHINX_OPTS if opt != "-q"]
    return commands.sphinx(srcdir, outdir / language, builder=builder, language=language,
                           doctreedir=doctreedir / language, options=opts, extra=extra)  # fmt: skip


def check_posts(srcdir: Path, langs) -> bool:
    """Check every post before building; print problems as file:line: message."""
    from catalyst.frontmatter import collect_posts, format_problem, summary

    _posts, problems = collect_posts(srcdir, langs)
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    if problems:
        print(f"\n{summary(problems)}", file=sys.stderr)
    return not problems


def build(srcdir: Path, outdir: Path, doctreedir: Path, langs, extra=(), quiet=True) -> bool:
    env = dict(os.environ)
    epoch = env.get("SOURCE_DATE_EPOCH") or source_date_epoch(srcdir)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch

    def run(code):
        start = time.perf_counter()
        proc = subprocess.run(
            sphinx_command(srcdir, outdir, doctreedir, code, extra=extra, quiet=quiet),
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        return code, proc, time.perf_counter() - start

    ok = True
    with ThreadPoolExecutor(max_workers=len(langs)) as pool:
        for code, proc, seconds in pool.map(run, langs):
            # sphinxext-opengraph prints this on import; the site makes its own
            # preview image (ogp_social_cards is off), so it is noise for writers.
            output = "\n".join(
                line for line in (proc.stdout + proc.stderr).strip().splitlines() if line != OPENGRAPH_NOTICE
            )
            status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
            print(f"[{code}] {status} in {seconds:.1f} s -> {outdir / code}")
            if output:
                print("\n".join(f"[{code}] {line}" for line in output.splitlines()))
            ok = ok and proc.returncode == 0
    if ok:
        write_root_pages(outdir, langs, site_config(srcdir)["catalyst_site_url"])
    return ok


def write_root_pages(outdir: Path, langs, site_url: str) -> None:
    """The root pages: index.html (a language chooser that also redirects by
    script), the sitemap index and robots.txt, from ``catalyst/templates/root/``."""
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT_TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    context = {
        "site_url": site_url.rstrip("/") + "/",
        "codes": list(langs),
        "default": next(iter(langs)),
        "languages": [{"code": code, "name": info["name"]} for code, info in langs.items()],
    }
    for name in ("index.html", "sitemap.xml", "robots.txt"):
        (outdir / name).write_text(templates.get_template(name).render(context), encoding="utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; unknown paths get the language's 404 page."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang = self.path.lstrip("/").split("/", 1)[0]
        root = Path(self.directory)
        page = root / lang / "404.html"
        if not page.is_file():
            page = root / next(p.name for p in sorted(root.iterdir()) if (p / "404.html").is_file()) / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


def serve(outdir: Path, port: int) -> None:
    handler = functools.partial(_Handler, directory=str(outdir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving the site at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    parser.add_argument("--outdir", type=Path, default=None, help="default: <srcdir>/_build/html")
    parser.add_argument("--doctreedir", type=Path, default=None, help="default: <srcdir>/_build/doctrees")
    parser.add_argument("--language", action="append", help="build only this language (repeatable)")
    parser.add_argument("--serve", action="store_true", help="serve the site after building it")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress (documents read, written)")
    args = parser.parse_args(argv)
    srcdir = args.srcdir.resolve()
    outdir = (args.outdir or srcdir / "_build" / "html").resolve()
    doctreedir = (args.doctreedir or srcdir / "_build" / "doctrees").resolve()
    langs = languages(srcdir)
    if args.language:
        unknown = set(args.language) - set(langs)
        if unknown:
            parser.error(f"unknown language(s) {', '.join(sorted(unknown))}; conf.py lists {', '.join(langs)}")
        selected = {code: langs[code] for code in args.language}
    else:
        selected = langs
    if not check_posts(srcdir, langs):
        return 1
    outdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    ok = build(srcdir, outdir, doctreedir, selected, quiet=not args.verbose)
    print(f"{'Built' if ok else 'Build failed'} in {time.perf_counter() - start:.1f} s")
    if ok and args.serve:
        serve(outdir, args.port)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
