"""How long the site takes to build as the blog grows, and what the site's own code costs.

    python -m benchmarks.bench                          # 100 and 1000 synthetic posts, 3 runs each
    python -m benchmarks.bench --posts 100 --runs 1     # one corpus size, one run (about a minute)
    python -m benchmarks.bench --workdir /tmp/bench     # keep the corpora there
    make bench N=100                                  # the same as --posts 100

The site has a handful of posts today; the question is whether the build stays
usable with hundreds or thousands.  This benchmark writes a synthetic corpus
outside the source tree (a temporary folder unless ``--workdir`` is given): a
copy of the real site (``conf.py``, pages, ``data/``, ``locales/``, ``blog/``
and the ``catalyst`` package that ``conf.py`` loads) plus N generated posts
in ``blog/<year>/``.  The posts are deterministic (seeded) and look like real
ones: ISO dates over several years, one to three authors from
``data/people.yaml``, one to three tags from ``data/tags.yaml``, now and then
``language: es``; 300 to 900 words in three to six sections, with lists, a
``{doc}`` link to a page, one to another post and one to another site.  Every
post published in both languages gets a complete Spanish catalog: the msgids
come from the gettext builder run on the corpus, and each is given a
deterministic word-for-word pseudo-translation that keeps roles, links, URLs
and inline code as they are.

The same corpus is also built as the *plain stack*: a separate copy with a
minimal ``conf.py`` that loads the same extensions (myst_parser, ablog,
pydata_sphinx_theme, sphinxext.opengraph, notfound.extension), sets
``fontawesome_included = True`` (the known fix that stops the theme from
invalidating the environment on every build) and no project code.  The
site's own directives (``{organisations}``, ``{people}``, ``{partners}``,
``{hubs}``, ``{tagfilter}``) become a sentence of plain text, front matter is
rewritten in ablog's own comma-separated form (``author: A, B``), and
``language:`` and ``translators:`` are dropped (plain ablog cannot keep a post
out of one language, so there every post is built in both).  It is built the
plain way: ``sphinx-build`` for English, then for Spanish.  With MyST and
translations, that Spanish build pickles a copy of the whole environment into
every doctree (what ``catalyst/doctrees.py`` fixes), so it grows with the
square of the number of pages: a plain build still running after
``--plain-limit`` seconds (240 unless told) is stopped, shown as ``> 240``
with the memory it had reached, and neither repeated nor rebuilt.

Three builds are measured on each, every measurement in a fresh process, and
each figure is the median of ``--runs`` runs:

- **full cold bilingual**: no output and no doctrees, no compiled ``.mo``
  catalogs (as a fresh CI checkout); the site is built by ``tools.build``
  (front-matter check, then both languages at once, as ``make html`` and the
  test suite build it);
- **no-op rebuild**: the same build again, nothing changed;
- **edit one post**: one sentence appended to one synthetic post, then the
  same build (the sentence is new text, so the Spanish page shows it in
  English until it is translated).

How to read a table (one per N):

- ``site s``: wall-clock seconds of the whole build (both languages);
- ``site MiB``: peak resident memory of the largest single ``sphinx`` process
  of the build (``getrusage(RUSAGE_CHILDREN)`` of the process that ran it), so
  the two concurrent processes of the site need up to twice that together;
- ``re-read en/es``: documents Sphinx read (added + changed, from its
  "updating environment" line) in English / Spanish.  A cold build reads
  every document; a no-op rebuild should read none, an edit one.  A build
  that ``tools.build`` finds up to date (every input as at the last
  successful build) starts no Sphinx process and reads none;
- ``plain s``, ``plain MiB``, ``plain re-read``: the same for the plain stack
  (its languages are built one after the other, so its seconds are the sum);
- ``s ratio``, ``MiB ratio``: site / plain.  Below 1, the site is faster or
  smaller than the stack it is made of; above 1, its own code costs that
  much.  ``< 0.40``: the plain build was stopped, so the true ratio is lower;
- ``-``: not measured (the build before it was stopped).

Last, the real site (a copy of this repository's sources, no synthetic
posts) is built cold the same way, for scale.  Builds are removed once
measured (they can take gigabytes); ``--workdir`` keeps the corpora.  The
progress lines on stderr add each language's seconds, the CPU seconds of all
build processes (steadier than wall-clock time on a busy machine) and the
size of the doctrees after a cold build.  Numbers depend on the machine and
on what else runs on it: compare runs made on the same, quiet machine, and
give its number of CPUs with them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from catalyst.frontmatter import FILENAME
from tools import commands

ROOT = Path(__file__).resolve().parent.parent
SEED = "catalyst-bench-1"
# Every build of the corpora happens "on" this day, so every generated post
# (dated up to the end of 2025) is published and two runs build the same site.
EPOCH = str(int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()))
FIRST_DATE, LAST_DATE = dt.date(2019, 1, 1), dt.date(2025, 12, 31)
DEFAULT_POSTS = (100, 1000)
# A plain-stack build still running after this many seconds is stopped (see the docstring).
PLAIN_LIMIT = 240.0

# What a copy of the site consists of (pages are the top-level *.md files).
COPIED_DIRS = ("data", "locales", "blog", "catalyst")
NOT_PAGES = {"README.md", "CONTRIBUTING.md"}
COPY_IGNORE = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")

# Real pages a synthetic post may link to.
PAGES = ("about", "training", "community-partnership", "current-community-partners", "faq", "team", "people")
EXTERNAL = (
    ("2i2c", "https://2i2c.org/"),
    ("The Carpentries", "https://carpentries.org/"),
    ("MetaDocencia", "https://www.metadocencia.org/"),
    ("CSCCE", "https://www.cscce.org/"),
    ("Open Life Science", "https://openlifesci.org/"),
    ("the JupyterHub documentation", "https://jupyterhub.readthedocs.io/en/stable/"),
)
SITE_DIRECTIVES = ("organisations", "people", "partners", "hubs", "tagfilter")


# -- the synthetic corpus --------------------------------------------------------
# English text is made from a small vocabulary in which every word has a
# Spanish counterpart, so the pseudo-translation is a word-for-word lookup.

GLOSSARY = {
    # determiners, prepositions, connectors
    "the": "la",
    "a": "una",
    "our": "nuestra",
    "each": "cada",
    "every": "toda",
    "this": "esta",
    "of": "de",
    "in": "en",
    "for": "para",
    "with": "con",
    "across": "entre",
    "during": "durante",
    "and": "y",
    "while": "mientras",
    "because": "porque",
    "so": "así",
    "after": "después",
    "also": "también",
    "together": "juntas",
    "again": "otra",
    "more": "más",
    "first": "primera",
    "read": "lee",
    "about": "sobre",
    "it": "esto",
    "on": "en",
    "website": "sitio",
    "page": "página",
    # nouns
    "community": "comunidad",
    "partners": "socias",
    "hub": "hub",
    "hubs": "hubs",
    "cloud": "nube",
    "training": "formación",
    "champions": "campeonas",
    "team": "equipo",
    "data": "datos",
    "workshop": "taller",
    "workshops": "talleres",
    "researchers": "investigadoras",
    "notebooks": "cuadernos",
    "lesson": "lección",
    "lessons": "lecciones",
    "project": "proyecto",
    "instructors": "instructoras",
    "learners": "estudiantes",
    "questions": "preguntas",
    "feedback": "comentarios",
    "session": "sesión",
    "sessions": "sesiones",
    "region": "región",
    "infrastructure": "infraestructura",
    "budget": "presupuesto",
    "grants": "microbecas",
    "documentation": "documentación",
    "meetings": "reuniones",
    "students": "estudiantes",
    "analysis": "análisis",
    "genomics": "genómica",
    "pipelines": "flujos",
    "tools": "herramientas",
    "access": "acceso",
    "support": "apoyo",
    "course": "curso",
    "courses": "cursos",
    "year": "año",
    "month": "mes",
    "network": "red",
    "laboratory": "laboratorio",
    "university": "universidad",
    "servers": "servidores",
    "computing": "cómputo",
    "ideas": "ideas",
    "stories": "historias",
    "goals": "objetivos",
    # verbs
    "shares": "comparte",
    "shared": "compartieron",
    "runs": "gestiona",
    "ran": "gestionaron",
    "supports": "apoya",
    "supported": "apoyaron",
    "improves": "mejora",
    "improved": "mejoraron",
    "builds": "construye",
    "built": "construyeron",
    "uses": "usa",
    "used": "usaron",
    "teaches": "enseña",
    "taught": "enseñaron",
    "reviews": "revisa",
    "reviewed": "revisaron",
    "plans": "planifica",
    "planned": "planificaron",
    "welcomes": "recibe",
    "welcomed": "recibieron",
    "connects": "conecta",
    "connected": "conectaron",
    "documents": "documenta",
    "documented": "documentaron",
    "opens": "abre",
    "opened": "abrieron",
    "explores": "explora",
    "explored": "exploraron",
    # adjectives
    "new": "nueva",
    "open": "abierta",
    "local": "local",
    "online": "en línea",
    "small": "pequeña",
    "large": "grande",
    "practical": "práctica",
    "regional": "regional",
    "reproducible": "reproducible",
    "collaborative": "colaborativa",
    "bilingual": "bilingüe",
    "weekly": "semanal",
    "monthly": "mensual",
    "useful": "útil",
    "careful": "cuidadosa",
    "biomedical": "biomédica",
    "friendly": "amable",
    "clear": "clara",
    "stable": "estable",
}
DETERMINERS = ("the", "our", "each", "this", "a", "every")
PREPOSITIONS = ("of", "in", "for", "with", "across", "during")
CONNECTORS = ("and", "while", "because", "so", "after")
NOUNS = (
    "community",
    "partners",
    "hub",
    "hubs",
    "cloud",
    "training",
    "champions",
    "team",
    "data",
    "workshop",
    "workshops",
    "researchers",
    "notebooks",
    "lesson",
    "lessons",
    "project",
    "instructors",
    "learners",
    "questions",
    "feedback",
    "session",
    "sessions",
    "region",
    "infrastructure",
    "budget",
    "grants",
    "documentation",
    "meetings",
    "students",
    "analysis",
    "genomics",
    "pipelines",
    "tools",
    "access",
    "support",
    "course",
    "courses",
    "year",
    "month",
    "network",
    "laboratory",
    "university",
    "servers",
    "computing",
    "ideas",
    "stories",
    "goals",
)
VERBS = (
    "shares",
    "shared",
    "runs",
    "ran",
    "supports",
    "supported",
    "improves",
    "improved",
    "builds",
    "built",
    "uses",
    "used",
    "teaches",
    "taught",
    "reviews",
    "reviewed",
    "plans",
    "planned",
    "welcomes",
    "welcomed",
    "connects",
    "connected",
    "documents",
    "documented",
    "opens",
    "opened",
    "explores",
    "explored",
)
ADJECTIVES = (
    "new",
    "open",
    "shared",
    "local",
    "online",
    "small",
    "large",
    "practical",
    "regional",
    "reproducible",
    "collaborative",
    "bilingual",
    "weekly",
    "monthly",
    "useful",
    "careful",
    "biomedical",
    "friendly",
    "clear",
    "stable",
)
ADVERBS = ("also", "together", "again", "first")

# What the pseudo-translation leaves alone: roles ({doc}`text <target>`),
# inline code, link targets, URLs, e-mail addresses.
PROTECTED = re.compile(
    r"\{[a-z:-]+\}`[^`]*`|`[^`]*`|\]\([^)\s]*\)|<[^<>\s]*>|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
WORD = re.compile(r"[A-Za-z]+")


def pseudo_translate(text: str) -> str:
    """A deterministic Spanish stand-in for *text*: known words are swapped,
    everything MyST gives a meaning to is kept as it is."""

    def words(chunk: str) -> str:
        def swap(match):
            word = match.group(0)
            spanish = GLOSSARY.get(word.lower())
            if spanish is None:
                return word
            return spanish[0].upper() + spanish[1:] if word[0].isupper() else spanish

        return WORD.sub(swap, chunk)

    out, last = [], 0
    for match in PROTECTED.finditer(text):
        out.append(words(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(words(text[last:]))
    return "".join(out)


@dataclass
class Post:
    """A generated post: where it goes and what it says."""

    date: dt.date
    slug: str
    title: str
    authors: list[str]
    tags: list[str]
    language: str | None
    body: str = ""
    words: int = 0

    @property
    def path(self) -> str:
        return f"blog/{self.date.year}/{self.date.isoformat()}-{self.slug}.md"

    @property
    def docname(self) -> str:
        return self.path.removesuffix(".md")

    def text(self) -> str:
        front = {"blogpost": True, "date": self.date, "author": self.authors, "tags": self.tags}
        if self.language:
            front["language"] = self.language
        meta = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False, indent=2)
        meta = re.sub(r"^(- )", r"  \1", meta, flags=re.M)  # lists indented, as the site writes them
        return f"---\n{meta}---\n\n# {self.title}\n\n{self.body}"


class Writer:
    """Deterministic English prose from the vocabulary above."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def phrase(self) -> str:
        r = self.rng
        words = [r.choice(DETERMINERS)]
        if r.random() < 0.6:
            words.append(r.choice(ADJECTIVES))
        words.append(r.choice(NOUNS))
        return " ".join(words)

    def clause(self) -> str:
        r = self.rng
        words = [self.phrase()]
        if r.random() < 0.25:
            words.append(r.choice(ADVERBS))
        words += [r.choice(VERBS), self.phrase()]
        if r.random() < 0.7:
            words += [r.choice(PREPOSITIONS), self.phrase()]
        return " ".join(words)

    def sentence(self) -> str:
        text = self.clause()
        if self.rng.random() < 0.4:
            text += f", {self.rng.choice(CONNECTORS)} {self.clause()}"
        if self.rng.random() < 0.08:
            first, _, rest = text.partition(" ")
            text = f"{first} **{rest.split(' ')[0]}** {' '.join(rest.split(' ')[1:])}".rstrip()
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def heading(self) -> str:
        r = self.rng
        text = f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(PREPOSITIONS)} {r.choice(NOUNS)}"
        return text[0].upper() + text[1:]

    def item(self) -> str:
        text = self.clause()
        return text[0].upper() + text[1:]


def generate_posts(n: int, people: list[str], tags: list[str], taken_slugs: set[str]) -> list[Post]:
    """*n* posts with realistic front matter and bodies, the same every time."""
    rng = random.Random(f"{SEED}-{n}")
    writer = Writer(rng)
    span = (LAST_DATE - FIRST_DATE).days
    posts = []
    for index in range(n):
        date = FIRST_DATE + dt.timedelta(days=rng.randrange(span + 1))
        title_words = [rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(VERBS), rng.choice(NOUNS)]
        slug = "-".join(title_words[:2] + title_words[3:]) + f"-{index + 1:04d}"
        if slug in taken_slugs:  # cannot happen with the number in it; a real post would be replaced
            raise ValueError(f"a real post already uses the name {slug!r}")
        title = " ".join(title_words)
        posts.append(
            Post(
                date=date,
                slug=slug,
                title=title[0].upper() + title[1:],
                authors=rng.sample(people, rng.randint(1, 3)),
                tags=rng.sample(tags, rng.randint(1, min(3, len(tags)))),
                language="es" if rng.random() < 0.1 else None,
            )
        )
    both = [p for p in posts if p.language is None]
    for post in posts:
        post.body, post.words = write_body(writer, post, [p for p in both if p is not post])
        if post.language == "es":  # written in Spanish: no catalog, Spanish text
            post.title = pseudo_translate(post.title)
            post.body = pseudo_translate(post.body)
    return posts


def write_body(writer: Writer, post: Post, others: list[Post]) -> tuple[str, int]:
    """300 to 900 words in 3 to 6 sections, with lists and links."""
    rng = writer.rng
    target = rng.randint(300, 900)
    sections = rng.randint(3, 6)
    blocks = [writer.paragraph(rng.randint(2, 3))]  # the excerpt
    per_section = (target - len(blocks[0].split())) // sections - 8  # less the heading and the overshoot
    page = rng.choice(PAGES)
    other = rng.choice(others) if others else None
    site, url = rng.choice(EXTERNAL)
    link_section = rng.randrange(sections)
    headings = set()
    for number in range(sections):
        heading = writer.heading()
        while heading in headings:
            heading = writer.heading()
        headings.add(heading)
        blocks.append(f"## {heading}")
        words = 0
        if number == link_section:
            links = f"Read more about it on {{doc}}`the {page} page </{page}>`"
            if other is not None:
                links += f", in {{doc}}`{other.title.lower()} </{other.docname}>`"
            links += f" and on [the website of {site}]({url})."
            blocks.append(f"{writer.paragraph(1)} {links}")
            words += len(blocks[-1].split())
        while words < per_section:
            # about 13 words a sentence and 9 a list item: stop near the budget
            left = per_section - words
            if rng.random() < 0.2 and left >= 27:
                marker = "-" if rng.random() < 0.7 else "1."
                items = [f"{marker} {writer.item()}" for _ in range(min(rng.randint(3, 5), left // 9))]
                blocks.append("\n".join(items))
            else:
                blocks.append(writer.paragraph(max(1, min(rng.randint(3, 6), round(left / 13)))))
            words += len(blocks[-1].split())
    body = "\n\n".join(blocks) + "\n"
    return body, len(body.split())


def copy_site(dest: Path) -> None:
    """A copy of the real site's sources (no build output, no compiled catalogs)."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "conf.py", dest / "conf.py")
    for page in ROOT.glob("*.md"):
        if page.name not in NOT_PAGES:
            shutil.copy2(page, dest / page.name)
    for name in COPIED_DIRS:
        shutil.copytree(ROOT / name, dest / name, ignore=COPY_IGNORE)
    if (ROOT / "node_modules").is_dir():  # PurgeCSS, which the build runs (catalyst/purge.py)
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def run_gettext(src: Path, potdir: Path) -> None:
    """The msgids of every document, as ``make gettext`` extracts them."""
    proc = subprocess.run(
        commands.gettext(src, potdir, potdir / ".doctrees"), capture_output=True, text=True, env=build_env(), cwd=src
    )
    if proc.returncode:
        raise SystemExit(f"gettext failed on {src}:\n{proc.stdout}{proc.stderr}")


def write_catalogs(src: Path, potdir: Path, posts: list[Post], language: str = "es") -> int:
    """A complete catalog for every post published in both languages; returns the messages written."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    count = 0
    for post in posts:
        if post.language is not None:
            continue
        pot = potdir / f"{post.docname}.pot"
        with pot.open("rb") as handle:
            template = read_po(handle)
        catalog = Catalog(
            locale=language,
            project="The Catalyst Project",
            fuzzy=False,
            last_translator="Catalyst Project translators",
            language_team="Catalyst Project",
        )
        for message in template:
            if message.id:
                catalog.add(message.id, pseudo_translate(message.id), context=message.context)
                count += 1
        po = src / "locales" / language / "LC_MESSAGES" / f"{post.docname}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=76, omit_header=False)
    return count


# -- the plain stack -------------------------------------------------------------

# The plain stack's configuration: the site's extensions and settings, none of its code.
PLAIN_CONF = Path(__file__).resolve().parent / "plain" / "conf.py"

DIRECTIVE_BLOCK = re.compile(r"^```\{(" + "|".join(SITE_DIRECTIVES) + r")\}[^\n]*\n.*?^```[ \t]*$", re.M | re.S)


def plain_page(text: str) -> str:
    """A page without the site's directives: each block becomes a sentence."""
    return DIRECTIVE_BLOCK.sub(lambda m: f"The list of {m.group(1)} is on the site.", text)


def plain_post(text: str) -> str:
    """A post whose front matter is in ablog's own form (comma-separated lists)."""
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    lines = ["blogpost: true", f"date: {meta['date']}"]
    for key in ("author", "tags"):
        value = meta[key]
        lines.append(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def make_plain(site: Path, dest: Path) -> None:
    """The plain-stack copy of a corpus: same pages, posts and catalogs."""
    dest.mkdir(parents=True)
    shutil.copy2(PLAIN_CONF, dest / "conf.py")
    for page in site.glob("*.md"):
        (dest / page.name).write_text(plain_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    for path in sorted((site / "blog").rglob("*.md")):
        rel = path.relative_to(site)
        text = path.read_text(encoding="utf-8")
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        is_post = len(rel.parts) == 3
        (dest / rel).write_text(plain_post(text) if is_post else plain_page(text), encoding="utf-8")
    shutil.copytree(site / "locales", dest / "locales", ignore=COPY_IGNORE)


# -- measuring -------------------------------------------------------------------

UPDATING = re.compile(r"^\[(\w+)\] updating environment: (?:\[.*?\] )?(\d+) added, (\d+) changed, (\d+) removed", re.M)
FINISHED = re.compile(r"^\[(\w+)\] (?:ok|FAILED \(exit \d+\)) in ([\d.]+) s", re.M)
UP_TO_DATE = re.compile(r"^Up to date: nothing changed since the last build", re.M)


def build_env() -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def _measure(argv: list[str]) -> int:
    """In a fresh process: one build, then its time, peak memory and counts as JSON.

    ``site`` builds through ``tools.build`` exactly as ``make html`` does,
    but with ``--verbose``, so that Sphinx says how many documents it read;
    ``plain`` runs ``sphinx-build`` once per language, one after the other,
    and stops (kills) the build still running after *limit* seconds (0: never).
    """
    mode, limit, src, out, doctrees, *langs = argv
    limit, src, out, doctrees = float(limit), Path(src), Path(out), Path(doctrees)
    printed = io.StringIO()
    per_language: dict[str, float] = {}
    stopped = False
    start = time.perf_counter()
    if mode == "site":
        from tools import build as site_build

        argv = ["--srcdir", str(src), "--outdir", str(out), "--doctreedir", str(doctrees), "--verbose"]
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            ok = site_build.main(argv) == 0
        per_language = {code: float(seconds) for code, seconds in FINISHED.findall(printed.getvalue())}
    else:
        ok = True
        for code in langs:
            began = time.perf_counter()
            left = limit - (began - start) if limit else None
            try:
                if left is not None and left <= 0:
                    raise subprocess.TimeoutExpired("sphinx", 0)
                command = commands.sphinx(
                    src, out / code, language=code, doctreedir=doctrees / code, options=["--no-color"]
                )
                proc = subprocess.run(command, capture_output=True, text=True, timeout=left)
            except subprocess.TimeoutExpired:  # subprocess.run has killed and reaped it
                per_language[code] = time.perf_counter() - began
                stopped = True
                break
            per_language[code] = time.perf_counter() - began
            printed.write("".join(f"[{code}] {line}\n" for line in (proc.stdout + proc.stderr).splitlines()))
            ok = ok and proc.returncode == 0
    seconds = time.perf_counter() - start
    log = printed.getvalue()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # every build process, reaped
    print(
        json.dumps(
            {
                "ok": ok,
                "stopped": stopped,
                "seconds": seconds,
                "cpu": usage.ru_utime + usage.ru_stime,
                "mib": usage.ru_maxrss / 1024,  # KiB on Linux
                "languages": per_language,
                "counts": (
                    {code: [0, 0, 0] for code in langs}
                    if ok and UP_TO_DATE.search(log)  # no Sphinx process started: nothing read
                    else {code: [int(a), int(c), int(r)] for code, a, c, r in UPDATING.findall(log)}
                ),
                "log": "" if ok else log[-6000:],
            }
        )
    )
    return 0


@dataclass
class Result:
    seconds: float
    mib: float  # peak of the largest build process
    cpu: float  # user + system seconds of every build process
    languages: dict[str, float]  # seconds per language
    reread: dict[str, int]  # language -> documents read (added + changed)
    stopped: bool = False  # stopped at the time limit: seconds and MiB are lower bounds

    def describe(self, langs) -> str:
        per = ", ".join(f"{code} {self.languages[code]:.1f}" for code in langs if code in self.languages)
        reread = "/".join(str(self.reread.get(code, "-")) for code in langs)
        stopped = " STOPPED at the limit" if self.stopped else ""
        return f"{self.seconds:7.1f} s ({per}), CPU {self.cpu:6.1f} s, {self.mib:5.0f} MiB, re-read {reread}{stopped}"


def measure(mode: str, src: Path, build_dir: Path, langs: list[str], limit: float = 0) -> Result:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from benchmarks.bench import _measure; sys.exit(_measure(sys.argv[1:]))",
            mode,
            str(limit),
            str(src),
            str(build_dir / "html"),
            str(build_dir / "doctrees"),
            *langs,
        ],
        capture_output=True,
        text=True,
        # the build's caches outside the checkout (purged CSS) live with this build's output,
        # so a cold build finds none
        env={**build_env(), "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(build_dir / "cache")},
        cwd=src,
    )
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise SystemExit(f"the {mode} measurement of {src} failed:\n{proc.stdout}{proc.stderr}") from None
    if not report["ok"]:
        raise SystemExit(f"the {mode} build of {src} failed:\n{report['log']}")
    counts = report["counts"]
    if not report["stopped"] and set(langs) - set(counts):
        raise SystemExit(
            f"no 'updating environment' line for {', '.join(sorted(set(langs) - set(counts)))} "
            f"in the {mode} build of {src}"
        )
    reread = {code: counts[code][0] + counts[code][1] for code in langs if code in counts}
    return Result(report["seconds"], report["mib"], report["cpu"], report["languages"], reread, report["stopped"])


def make_cold(src: Path, build_dir: Path) -> None:
    """As a fresh checkout: no output, no doctrees, no caches, no compiled catalogs."""
    shutil.rmtree(build_dir, ignore_errors=True)
    for mo in src.rglob("*.mo"):
        mo.unlink()


def size_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20 if folder.exists() else 0.0


@dataclass
class Series:
    """Every run of one scenario on one stack."""

    results: list[Result] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return any(r.stopped for r in self.results)

    @property
    def seconds(self) -> float | None:
        return statistics.median(r.seconds for r in self.results) if self.results else None

    @property
    def mib(self) -> float | None:
        if not self.results:
            return None
        if self.stopped:
            return max(r.mib for r in self.results)
        return statistics.median(r.mib for r in self.results)

    def cells(self, langs, limit: float) -> list[str]:
        """Seconds, MiB and documents re-read, as the table shows them."""
        if not self.results:
            return ["-", "-", "-"]
        if self.stopped:
            return [f"> {limit:.0f}", f">= {self.mib:.0f}", "-"]
        seen = sorted({tuple(r.reread[code] for code in langs) for r in self.results})
        reread = " | ".join("/".join(str(n) for n in counts) for counts in seen)
        return [f"{self.seconds:.1f}", f"{self.mib:.0f}", reread]


SCENARIOS = (("cold", "full cold bilingual"), ("noop", "no-op rebuild"), ("edit", "edit one post"))


def run_scenarios(
    mode: str, src: Path, build_dir: Path, langs: list[str], edited: Path, runs: int, log, limit: float = 0
) -> dict[str, Series]:
    """Cold build, no-op rebuild, edit-one-post rebuild; *runs* times.

    A cold build stopped at the time limit is not repeated, and nothing is
    rebuilt after it.
    """
    series = {name: Series() for name, _ in SCENARIOS}
    original = edited.read_text(encoding="utf-8")
    try:
        for run in range(1, runs + 1):
            make_cold(src, build_dir)
            for name, label in SCENARIOS:
                if name == "edit":
                    edited.write_text(original + f"\nOne more sentence, added in run {run}.\n", encoding="utf-8")
                result = measure(mode, src, build_dir, langs, limit)
                series[name].results.append(result)
                doctrees = f", doctrees {size_mib(build_dir / 'doctrees'):.0f} MiB" if name == "cold" else ""
                log(f"  {mode:<5} {label:<20} run {run}/{runs}: {result.describe(langs)}{doctrees}")
                if result.stopped:
                    log(f"  {mode} build stopped after {limit:.0f} s (--plain-limit): not repeated")
                    return series
    finally:
        edited.write_text(original, encoding="utf-8")
        shutil.rmtree(build_dir, ignore_errors=True)  # builds can be large; the sources stay
    return series


# -- the report ------------------------------------------------------------------


def ratio(site: Series, plain: Series, value: str, limit: float) -> str:
    mine, theirs = getattr(site, value), getattr(plain, value)
    if mine is None or theirs is None or site.stopped:
        return "-"
    if plain.stopped:  # the plain figure is a lower bound
        return f"< {mine / (limit if value == 'seconds' else theirs):.2f}"
    return f"{mine / theirs:.2f}"


def table(
    n: int, summary: str, site: dict[str, Series], plain: dict[str, Series], langs, runs: int, limit: float
) -> str:
    codes = "/".join(langs)
    head = [
        "build",
        "site s",
        "site MiB",
        f"re-read {codes}",
        "plain s",
        "plain MiB",
        f"plain re-read {codes}",
        "s ratio",
        "MiB ratio",
    ]
    rows = [
        [
            label,
            *site[name].cells(langs, limit),
            *plain[name].cells(langs, limit),
            ratio(site[name], plain[name], "seconds", limit),
            ratio(site[name], plain[name], "mib", limit),
        ]
        for name, label in SCENARIOS
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]

    def line(cells):
        return (
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    rule = "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    title = f"N = {n} synthetic posts ({summary}); median of {runs} run{'s' if runs > 1 else ''}"
    lines = [title, "", line(head), rule, *(line(r) for r in rows)]
    if any(s.stopped for s in plain.values()):
        lines.append(
            f"\n> {limit:.0f}: the plain build was stopped after {limit:.0f} s (--plain-limit), "
            "once; its rebuilds could not be measured."
        )
    return "\n".join(lines)


def document_counts(src: Path, langs) -> dict[str, int]:
    """How many documents each language's build has (pages + published posts).

    Every language shows every published post: one written in another language,
    and not translated, is shown in its original (catalyst/frontmatter.py).
    """
    from catalyst.frontmatter import collect_posts, today

    posts, _problems = collect_posts(src, langs)
    pages = len([p for p in src.glob("*.md") if p.name not in NOT_PAGES]) + 1  # + blog/index
    return {code: pages + sum(1 for p in posts.values() if p.published_in(code, today())) for code in langs}


def bench_corpus(n: int, workdir: Path, runs: int, limit: float, log) -> str:
    from catalyst import data
    from tools.build import languages

    langs = list(languages(ROOT))
    base = workdir / f"posts-{n}"
    site_src = base / "site"
    log(f"[N={n}] writing the corpus in {base}")
    copy_site(site_src)
    people = [p["name"] for p in data.load(site_src, "people")]
    tags = [t["name"] for t in data.load(site_src, "tags")]
    taken = {FILENAME.match(p.name)["slug"] for p in (site_src / "blog").glob("*/*.md") if FILENAME.match(p.name)}
    posts = generate_posts(n, people, tags, taken)
    for post in posts:
        path = site_src / post.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post.text(), encoding="utf-8")
    log(f"[N={n}] extracting the messages (gettext builder) and writing complete catalogs")
    run_gettext(site_src, base / "gettext")
    messages = sum(write_catalogs(site_src, base / "gettext", posts, code) for code in langs[1:])
    plain_src = base / "plain"
    make_plain(site_src, plain_src)
    edited = next(p for p in posts if p.language is None)
    docs = document_counts(site_src, langs)
    summary = (
        f"median {statistics.median(p.words for p in posts):.0f} words, "
        f"{sum(1 for p in posts if p.language)} written in Spanish (no catalog), {messages} messages translated; "
        "documents " + ", ".join(f"{code} {count}" for code, count in docs.items())
    )
    log(f"[N={n}] {summary}; the edited post is {edited.path}")
    site = run_scenarios("site", site_src, base / "site-build", langs, site_src / edited.path, runs, log)
    plain = run_scenarios("plain", plain_src, base / "plain-build", langs, plain_src / edited.path, runs, log, limit)
    return table(n, summary, site, plain, langs, runs, limit)


def bench_real_site(workdir: Path, runs: int, log) -> str:
    from tools.build import languages

    langs = list(languages(ROOT))
    src, build_dir = workdir / "real-site" / "site", workdir / "real-site" / "build"
    copy_site(src)
    series = Series()
    try:
        for run in range(1, runs + 1):
            make_cold(src, build_dir)
            series.results.append(measure("site", src, build_dir, langs))
            log(f"  real site full cold bilingual run {run}/{runs}: {series.results[-1].describe(langs)}")
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    seconds, mib, reread = series.cells(langs, 0)
    docs = ", ".join(f"{code} {count}" for code, count in document_counts(src, langs).items())
    return (
        f"Real site, as it is ({docs} documents): full cold bilingual build {seconds} s, {mib} MiB, "
        f"re-read {reread}; median of {runs} run{'s' if runs > 1 else ''}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--posts",
        type=int,
        action="append",
        metavar="N",
        help=f"synthetic posts in a corpus (repeatable; default: {' and '.join(map(str, DEFAULT_POSTS))})",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the corpora go, kept afterwards (default: a temporary "
        "folder, removed afterwards); builds are always removed once measured",
    )
    parser.add_argument(
        "--plain-limit",
        type=float,
        default=PLAIN_LIMIT,
        metavar="SECONDS",
        help=f"stop a plain-stack build after this long (default {PLAIN_LIMIT:.0f}; 0: never)",
    )
    args = parser.parse_args(argv)
    sizes = args.posts or list(DEFAULT_POSTS)
    if any(n < 1 for n in sizes) or args.runs < 1 or args.plain_limit < 0:
        parser.error("--posts and --runs must be at least 1, --plain-limit at least 0")
    if args.workdir:
        workdir = args.workdir.resolve()
        if workdir == ROOT or ROOT in workdir.parents:
            parser.error("--workdir must be outside the source tree")
        if workdir.exists() and any(workdir.iterdir()):
            parser.error(f"--workdir {workdir} is not empty")
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="catalyst-bench-"))

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    import sphinx

    started = time.perf_counter()
    try:
        tables = [bench_corpus(n, workdir, args.runs, args.plain_limit, log) for n in sizes]
        real = bench_real_site(workdir, args.runs, log)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\nBuild benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Sphinx {sphinx.__version__}; "
        f"{time.perf_counter() - started:.0f} s in all\n"
    )
    for text in tables:
        print(text + "\n")
    print(real)
    return 0


if __name__ == "__main__":
    sys.exit(main())
