"""Build the whole site: every language at once, plus the root pages.

    python -m tools.build            # build into _build/html/<language>/
    python -m tools.build --serve    # build, then serve on http://127.0.0.1:8000/
    python -m tools.build --preview  # also show posts scheduled for a later date

Each language is a separate ``sphinx-build`` process (ablog keeps state per
process, and two processes use both cores).  Blog posts are checked first, so
a mistake in a post's front matter is reported once, plainly, before any
build starts.  The root ``index.html`` sends a reader to their language.

A build is a transaction:

- Sphinx builds (incrementally) into a staging folder next to the output,
  ``_build/.html.staging``; only when every language succeeded is a copy of it
  swapped in place of ``_build/html`` in one step, so a failed or interrupted
  build leaves the last good site exactly as it was.
- While a build runs, the staging folder holds an ``.incomplete`` mark.  A
  build that finds it (the last one failed, or was killed) starts from
  nothing: every document is read again, so every warning of the failed
  build is reported again until its cause is fixed, and nothing half-written
  survives.
- One build at a time per output folder: a lock (``_build/.build.lock``) is
  held by the build and its Sphinx processes; a second build is refused.

A build whose inputs are all as they were at the last successful build
(:func:`fingerprint` says what that covers) finds the published site up to
date and does not start Sphinx; the checks of the posts, data and catalogs
still run first.  A failed build leaves no fingerprint, so the next one runs
in full and reports every problem again.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import filecmp
import functools
import http.server
import os
import re
import runpy
import shutil
import socket
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
    return commands.sphinx(
        srcdir,
        outdir / language,
        builder=builder,
        language=language,
        doctreedir=doctreedir / language,
        options=opts,
        extra=extra,
    )


def check_posts(srcdir: Path, langs, cache: Path | None = None, memo: Path | None = None) -> bool:
    """Check every input before building: data files, posts, pages, catalogs.

    Each problem is printed as ``path:line: what is wrong; what to do``.
    *cache*: where the catalog checks remember the catalogs they found correct;
    *memo*: where the front-matter checks remember the posts and pages they found correct.
    """
    from catalyst import catalogs, data
    from catalyst.frontmatter import collect_posts, format_problem, summary

    try:
        for name in data.SCHEMAS:
            data.load(srcdir, name)
        data.check_references(srcdir)
    except data.DataError as exc:
        print(str(exc), file=sys.stderr)
        print("\nThe data files have mistakes; nothing was built. Fix them and build again.", file=sys.stderr)
        return False
    _posts, problems = collect_posts(srcdir, langs, memo)
    for problem in problems:
        print(format_problem(problem), file=sys.stderr)
    if problems:
        print(f"\n{summary(problems)}", file=sys.stderr)
        return False
    fuzzy = bool(site_config(srcdir).get("gettext_allow_fuzzy_translations", False))
    catalog_problems = catalogs.check(srcdir, langs, cache, use_fuzzy=fuzzy)
    for problem in catalog_problems:
        print(format_problem(problem), file=sys.stderr)
    if catalog_problems:
        print(
            f"\n{len(catalog_problems)} problem(s) in translation catalogs; nothing was built. "
            "Fix them and build again.",
            file=sys.stderr,
        )
        return False
    return True


# Where the checks remember the catalogs, posts and pages they found correct (in the doctree folder);
# kept when a build starts afresh, since they hold no problem and no state of Sphinx.
CATALOG_CHECKS, FRONTMATTER_CHECKS = "catalog-checks.json", "frontmatter-checks.json"
CHECK_MEMOS = {CATALOG_CHECKS, FRONTMATTER_CHECKS}


class BuildLockedError(RuntimeError):
    """Another build of the same output folder is running."""


@contextlib.contextmanager
def build_lock(outdir: Path):
    """Hold ``<outdir's parent>/.build.lock`` for the duration of a build.

    Yields the lock's file descriptor: the Sphinx processes inherit it, so the
    lock stays held until the last of them has exited, even if this process
    is killed.
    """
    outdir.parent.mkdir(parents=True, exist_ok=True)
    path = outdir.parent / ".build.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            raise BuildLockedError(
                f"another build is already writing {outdir}"
                + (f" (process {holder})" if holder else "")
                + "; wait for it to finish (or stop it), then build again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield fd
    finally:
        os.close(fd)


def staging_dir(outdir: Path) -> Path:
    """Where Sphinx builds before the result replaces *outdir*."""
    return outdir.parent / f".{outdir.name}.staging"


INCOMPLETE = ".incomplete"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2``); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(staging: Path, outdir: Path) -> None:
    """Replace *outdir* by a copy of *staging*, in one step.

    Top-level folders of *outdir* that this build did not make (a language
    built on its own earlier) are carried over unchanged.  When *outdir*
    already holds exactly what *staging* holds (a rebuild that changed
    nothing), it is left as it is: the copy would be the same site.
    """
    if outdir.is_dir() and same_tree(staging, outdir, skip={INCOMPLETE}):
        return
    new = outdir.parent / f".{outdir.name}.new"
    shutil.rmtree(new, ignore_errors=True)
    _copy_tree(staging, new, outdir if outdir.is_dir() else None, skip={INCOMPLETE})
    if outdir.is_dir():
        for entry in outdir.iterdir():
            if not (new / entry.name).exists() and entry.is_dir():
                shutil.copytree(entry, new / entry.name, copy_function=os.link)
        if not _exchange(new, outdir):
            old = outdir.parent / f".{outdir.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.rename(outdir, old)
            os.rename(new, outdir)
            new = old
        shutil.rmtree(new, ignore_errors=True)
    else:
        os.rename(new, outdir)


def same_tree(source: Path, published: Path, skip=frozenset()) -> bool:
    """Whether publishing *source* would give *published* as it is, byte for byte.

    A file with the same size and time as its published copy is that copy (see
    :func:`_copy_tree`); one that Sphinx wrote again (every build writes the
    search index, the search page...) is compared byte for byte.  *published*
    may have top-level folders that *source* has not (``publish`` keeps them),
    nothing else.
    """
    for folder, dirs, files in os.walk(source, followlinks=True):
        here = Path(folder)
        there = published / here.relative_to(source)
        try:
            present = set(os.listdir(there))
        except OSError:
            return False
        names = {*dirs, *files} - (skip if here == source else set())
        extra = present - names
        if extra and (here != source or not all((there / name).is_dir() for name in extra)):
            return False
        for name in dirs:
            if not (there / name).is_dir():
                return False
        for name in names & set(files):
            mine, theirs = here / name, there / name
            try:
                a, b = mine.stat(), theirs.stat()
            except OSError:
                return False
            if not stat.S_ISREG(b.st_mode) or a.st_size != b.st_size:
                return False
            if a.st_mtime_ns != b.st_mtime_ns and not filecmp.cmp(mine, theirs, shallow=False):
                return False
    return True


def _copy_tree(source: Path, target: Path, previous: Path | None, skip=frozenset()) -> None:
    """Copy *source* to the new folder *target*; a file the *previous* copy already has
    (same size, same time: this build did not write it) is linked to that copy, not copied.

    Sphinx writes its files in place, so the published site never shares a file
    with *source*: only with the earlier published copy, which nothing writes.
    A no-op rebuild of a large site then copies a few files, not every page.
    """
    for folder, _dirs, files in os.walk(source, followlinks=True):
        here = Path(folder)
        rel = here.relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            if here == source and name in skip:
                continue
            src, dst = here / name, target / rel / name
            old = previous / rel / name if previous is not None else None
            try:
                a, b = src.stat(), old.stat() if old is not None else None
                if b is not None and (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns):
                    os.link(old, dst)
                    continue
            except OSError:  # no earlier copy, or no hard links here
                pass
            shutil.copy2(src, dst)


def build_dates(srcdir: Path) -> dict[str, str]:
    """The environment variables that fix the build's dates.

    ``SOURCE_DATE_EPOCH`` (the time stamps in the output) is the last commit's
    time, so two builds of one commit are identical; ``CATALYST_TODAY`` (which
    posts are published) is today's date in UTC, so a post dated today appears
    as soon as it is saved.  A ``SOURCE_DATE_EPOCH`` given by the caller fixes
    both.
    """
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given:
        dates = {
            "SOURCE_DATE_EPOCH": given,
            "CATALYST_TODAY": dt.datetime.fromtimestamp(int(given), dt.UTC).date().isoformat(),
        }
    else:
        dates = {"CATALYST_TODAY": dt.datetime.now(dt.UTC).date().isoformat()}
        epoch = source_date_epoch(srcdir)
        if epoch:
            dates["SOURCE_DATE_EPOCH"] = epoch
    # an explicit publication date (tests; a rehearsal of a later day)
    if os.environ.get("CATALYST_TODAY"):
        dates["CATALYST_TODAY"] = os.environ["CATALYST_TODAY"]
    return dates


# -- the inputs of a build, to know when nothing changed -------------------------------------------

LAST_BUILD = "last-build.json"  # the fingerprint of the last successful build, in the doctree folder
# Never part of a build's inputs: version control, caches, compiled files, the build's own output.
NOT_INPUTS = {".git", "_build", "node_modules", "__pycache__", ".venv", ".pytest_cache", ".ruff_cache"}
# Variables that change between two shells without changing a build.
VOLATILE_ENVIRONMENT = {"OLDPWD", "SHLVL", "_"}
# The templates Sphinx renders pages with, outside the sources: the theme's, Sphinx's, ablog's.
TEMPLATE_PACKAGES = {
    "pydata_sphinx_theme": "theme",
    "sphinx": "themes",
    "ablog": "templates",
}


def _files(folder: Path, skip: set[Path]):
    """The files under *folder* that are inputs of a build.

    Not the ones a build writes into the sources, made from others that are
    inputs: the compiled catalogs (``.mo``, from the ``.po`` beside them) and
    Sphinx's interface table corrected by the site (``sphinx.js``, from
    ``sphinx.po``: ``catalyst/interface.py``).
    """
    for here, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d not in NOT_INPUTS and Path(here, d) not in skip)
        for name in sorted(files):
            if name.endswith((".mo", ".pyc")) or (name == "sphinx.js" and here.endswith("LC_MESSAGES")):
                continue
            yield Path(here, name)


def fingerprint(srcdir: Path, outdir: Path, doctreedir: Path, langs, extra, env: dict) -> str | None:
    """A digest of everything a build's output depends on, or None when there is no telling.

    It covers: every file of the sources by path, size and modification time
    (``conf.py``, the pages, the posts, ``data/``, ``locales/``, the ``catalyst``
    package with its templates, static files and interface catalogs, and these
    tools), and the same of the copy of ``catalyst`` and ``tools`` this program
    runs when the sources are elsewhere; the templates of the theme, Sphinx and
    ablog; the Python that runs Sphinx and the folders of its installed packages
    (an install, removal or upgrade changes them); PurgeCSS's ``node_modules``
    and the ``node`` program; every environment variable the build runs with
    (``SOURCE_DATE_EPOCH``, ``CATALYST_TODAY`` -- the date that decides which
    scheduled posts are published --, ``CATALYST_SITE_URL``...), but for a few
    that every shell changes; the languages built, the options (a writer's
    preview among them) and the Sphinx command lines; the folders written.
    Without ``SOURCE_DATE_EPOCH`` the output holds the time of the build, so
    there is no fingerprint: every build runs.
    """
    if not env.get("SOURCE_DATE_EPOCH"):
        return None
    import hashlib
    import importlib.util
    import json

    from catalyst.purge import node_modules

    skip = {outdir, doctreedir, staging_dir(outdir), outdir.parent / f".{outdir.name}.new"}
    digest = hashlib.sha256()

    def add(*parts) -> None:
        digest.update(json.dumps(parts, default=str).encode() + b"\n")

    def add_file(path: Path) -> None:
        try:
            st = path.stat()
        except OSError:
            add(str(path), None)
            return
        add(str(path), st.st_size, st.st_mtime_ns)

    add(sys.executable, sys.version, sys.path)
    add([(code, sphinx_command(srcdir, staging_dir(outdir), doctreedir, code, extra=extra)) for code in langs])
    add(sorted((k, v) for k, v in env.items() if k not in VOLATILE_ENVIRONMENT))
    folders = [srcdir]
    folders += [folder for folder in (ROOT / "catalyst", ROOT / "tools") if srcdir not in folder.parents]
    for package, templates in TEMPLATE_PACKAGES.items():
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            folders += [Path(location, templates) for location in spec.submodule_search_locations]
    for folder in folders:
        for path in _files(folder, skip):
            add_file(path)
    for entry in sys.path:
        if entry and Path(entry).is_dir():
            add_file(Path(entry))
    modules = node_modules(srcdir)
    if modules is not None:
        add_file(modules / ".package-lock.json")
        add_file(modules / "purgecss" / "package.json")
    node = shutil.which("node")
    add_file(Path(node) if node else Path("/nonexistent/node"))
    return digest.hexdigest()


def up_to_date(record: Path, current: str | None, staging: Path, outdir: Path) -> bool:
    """Whether the last successful build had these inputs and its site is published, untouched."""
    if current is None or (staging / INCOMPLETE).exists() or not outdir.is_dir():
        return False
    try:
        if record.read_text(encoding="utf-8").strip() != current:
            return False
    except OSError:
        return False
    return same_tree(staging, outdir, skip={INCOMPLETE})


WARNING_LINE = re.compile(
    r"^(?P<path>\S+?\.md):(?P<line>\d+):(?:<translated>:\d+:)? (?:WARNING|ERROR): (?P<message>.*)$"
)


def name_catalog_entries(srcdir: Path, language: str, output: str) -> str:
    """After each warning of a translated build, the catalog entry that causes it.

    Sphinx reports a translation's mistakes (a link to a page that does not
    exist, references that differ from the English) at the English source;
    the entry whose translation names what the warning quotes, and whose
    English text does not, is the translator's to fix.
    """
    from babel.messages.pofile import read_po

    lines = []
    for line in output.splitlines():
        lines.append(line)
        match = WARNING_LINE.match(line)
        if not match:
            continue
        try:
            doc = Path(match["path"]).resolve().relative_to(srcdir).with_suffix("")
        except ValueError:
            continue
        po = srcdir / "locales" / language / "LC_MESSAGES" / f"{doc.as_posix()}.po"
        quoted = [q for q in re.findall(r"'([^']+)'|<([^<>]+)>", match["message"]) for q in q if len(q) > 1]
        if not po.is_file() or not quoted:
            continue
        with po.open("rb") as source:
            try:
                catalog = read_po(source)
            except Exception:  # unreadable catalogs are the catalog checks' to report
                continue
        for message in catalog:
            translated = message.id and isinstance(message.string, str) and message.string and not message.fuzzy
            if translated and any(q in message.string and q not in message.id for q in quoted):
                lines.append(
                    f"{po.relative_to(srcdir).as_posix()}:{message.lineno}: this translation causes "
                    "the warning above; compare it with its English text and correct it"
                )
    return "\n".join(lines)


def build(srcdir: Path, outdir: Path, doctreedir: Path, langs, extra=(), preview=False, quiet=True) -> bool:
    """Build *langs* into *outdir* as one transaction (see the module's docstring)."""
    try:
        with build_lock(outdir) as lock:
            return _build(srcdir, outdir, doctreedir, langs, extra, preview, quiet, lock)
    except BuildLockedError as exc:
        print(f"Not built: {exc}.", file=sys.stderr)
        return False


def _build(srcdir, outdir, doctreedir, langs, extra, preview, quiet, lock) -> bool:
    env = dict(os.environ, **build_dates(srcdir))
    if preview:
        extra = [*extra, "-D", "catalyst_preview=1"]
    staging = staging_dir(outdir)
    mark = staging / INCOMPLETE
    record = doctreedir / LAST_BUILD
    inputs = fingerprint(srcdir, outdir, doctreedir, list(langs), list(extra), env)
    if up_to_date(record, inputs, staging, outdir):
        print(f"Up to date: nothing changed since the last build; {outdir} is as it built it.")
        return True
    record.unlink(missing_ok=True)  # a build that fails leaves none: the next one runs in full
    if mark.exists() or not staging.is_dir():
        # The last build failed or was interrupted (or there was none): start
        # from nothing, so its warnings come again and no stale page survives.
        # The checks' memos stay: they keep only the files found correct.
        shutil.rmtree(staging, ignore_errors=True)
        for entry in doctreedir.iterdir() if doctreedir.is_dir() else ():
            if entry.name in CHECK_MEMOS:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    staging.mkdir(parents=True, exist_ok=True)
    mark.write_text("a build is writing this folder; the next one starts afresh unless it finishes\n")

    def run(code):
        start = time.perf_counter()
        proc = subprocess.run(
            sphinx_command(srcdir, staging, doctreedir, code, extra=extra, quiet=quiet),
            env=env,
            capture_output=True,
            text=True,
            pass_fds=(lock,),
        )
        return code, proc, time.perf_counter() - start

    ok = True
    source_language = next(iter(languages(srcdir)))
    with ThreadPoolExecutor(max_workers=len(langs)) as pool:
        for code, proc, seconds in pool.map(run, langs):
            # sphinxext-opengraph prints this on import; the site makes its own
            # preview image (ogp_social_cards is off), so it is noise for writers.
            output = "\n".join(
                line for line in (proc.stdout + proc.stderr).strip().splitlines() if line != OPENGRAPH_NOTICE
            )
            status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
            print(f"[{code}] {status} in {seconds:.1f} s")
            if output:
                if code != source_language:
                    output = name_catalog_entries(srcdir, code, output)
                print("\n".join(f"[{code}] {line}" for line in output.splitlines()))
            ok = ok and proc.returncode == 0
    if not ok:
        print(
            f"Nothing was published: {outdir} is still the last good build. "
            "The next build reports every problem again until it is fixed."
        )
        return False
    # the root pages list every language the published site will hold: the
    # ones just built, and the ones an earlier build left that publish() keeps
    published = {
        code: info
        for code, info in languages(srcdir).items()
        if code in langs or (outdir / code / "index.html").is_file()
    }
    from catalyst.notfound import write_root_404

    write_root_pages(staging, published, site_config(srcdir)["catalyst_site_url"])
    write_root_404(staging, published, site_config(srcdir)["catalyst_site_url"])
    publish(staging, outdir)
    mark.unlink()
    if inputs is not None:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(inputs + "\n", encoding="utf-8")
    print(f"Published -> {outdir}")
    return True


def write_root_pages(outdir: Path, langs, site_url: str) -> None:
    """The root pages: index.html (a language chooser that also redirects by
    script), the sitemap index and robots.txt, from ``catalyst/templates/root/``."""
    import jinja2

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
    from catalyst.csp import with_policy

    for name in ("index.html", "sitemap.xml", "robots.txt"):
        text = templates.get_template(name).render(context)
        (outdir / name).write_text(with_policy(text) if name.endswith(".html") else text, encoding="utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; unknown paths get the language's 404 page."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        # the language folders that have a 404 page (never a name taken from the address as a path)
        languages = sorted(p.name for p in root.iterdir() if (p / "404.html").is_file())
        if not languages:
            return super().send_error(code, message, explain)
        first = self.path.split("?", 1)[0].lstrip("/").split("/", 1)[0]
        page = root / (first if first in languages else languages[0]) / "404.html"
        if first not in languages and (root / "404.html").is_file():
            page = root / "404.html"  # outside every language: the bilingual page, as GitHub Pages serves it
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


def port_in_use_message(port: int, target: str) -> str:
    return (
        f"Port {port} is already in use (another `make serve` or `make livehtml` may be running); "
        f"stop it, or choose another port: make {target} PORT={port + 1}"
    )


def serve(outdir: Path, port: int) -> int:
    handler = functools.partial(_Handler, directory=str(outdir))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(port_in_use_message(port, "serve"), file=sys.stderr)
        return 1
    with server:
        print(f"Serving the site at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    parser.add_argument("--outdir", type=Path, default=None, help="default: <srcdir>/_build/html")
    parser.add_argument("--doctreedir", type=Path, default=None, help="default: <srcdir>/_build/doctrees")
    parser.add_argument("--language", action="append", help="build only this language (repeatable)")
    parser.add_argument("--serve", action="store_true", help="serve the site after building it")
    parser.add_argument(
        "--preview",
        action="store_true",
        help="a writer's preview: also the posts scheduled for a later date, marked as such "
        "(default output: <srcdir>/_build/preview)",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress (documents read, written)")
    parser.add_argument(
        "--watching",
        action="store_true",
        help="run by `make livehtml` after each save: a failure is reported, then the watcher keeps going",
    )
    args = parser.parse_args(argv)
    status = run(parser, args)
    if status and args.watching:
        # sphinx-autobuild would add a Python traceback of this exit status to
        # the messages above; the writer needs only them, and the next save.
        print("Fix what is named above and save the file: the preview rebuilds by itself.", file=sys.stderr)
        return 0
    return status


def run(parser, args) -> int:
    """Build as *args* say; 0 when every language built."""
    srcdir = args.srcdir.resolve()
    name = "preview" if args.preview else "html"
    outdir = (args.outdir or srcdir / "_build" / name).resolve()
    doctreedir = (args.doctreedir or srcdir / "_build" / ("doctrees-preview" if args.preview else "doctrees")).resolve()
    langs = languages(srcdir)
    if args.language:
        unknown = set(args.language) - set(langs)
        if unknown:
            parser.error(f"unknown language(s) {', '.join(sorted(unknown))}; conf.py lists {', '.join(langs)}")
        selected = {code: langs[code] for code in args.language}
    else:
        selected = langs
    if args.serve:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", args.port))
            except OSError:
                print(port_in_use_message(args.port, "serve"), file=sys.stderr)
                return 1
    if not check_posts(srcdir, langs, doctreedir / CATALOG_CHECKS, doctreedir / FRONTMATTER_CHECKS):
        return 1
    start = time.perf_counter()
    ok = build(srcdir, outdir, doctreedir, selected, preview=args.preview, quiet=not args.verbose)
    print(f"{'Built' if ok else 'Build failed'} in {time.perf_counter() - start:.1f} s")
    if ok and args.serve:
        return serve(outdir, args.port)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
