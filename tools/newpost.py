"""Start a new blog post with correct front matter: ``make post``.

    make post
    make post TITLE="Our hub in numbers" TAGS="News, Community Partners" AUTHORS="Jenny Wong"
    python -m tools.newpost --title ... --tags ... --authors ... [--language es] [--date 2026-12-01]

Anything not given on the command line is asked for.  Tags and authors are
checked against data/tags.yaml and data/people.yaml (with a suggestion for a
near miss), and the file is written as ``blog/<year>/<date>-<slug>.md`` with a
short how-to comment, ready to be filled in and previewed with
``make livehtml``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from catalyst import data

from .build import ROOT, languages

TEMPLATE = """---
blogpost: true
date: {date}
author:
{authors}
tags:
{tags}
{language}---

% How to write this post (lines starting with % are not published):
% - The first paragraph is the summary shown in lists of posts: say what the post is about.
% - Use ## for section headings. Link to a page with {{doc}}`text </training>`.
% - Images: put the file next to this one and write ![what the image shows](file.png).
% - Preview both languages with `make livehtml`; see CONTRIBUTING.md for the rest.

# {title}

Write the first paragraph here.
"""


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-") or "post"


def _split(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]


def _check(kind: str, values: list[str], known: list[str]) -> list[str]:
    problems = []
    for value in values:
        if value not in known:
            hint = data.did_you_mean(value, known) or f" (known: {', '.join(known)})"
            problems.append(f"unknown {kind} {value!r}{hint}")
    return problems


def _ask(prompt: str, default: str | None = None) -> str:
    if not sys.stdin.isatty():
        raise SystemExit(f"missing {prompt.lower()}: give it on the command line (see --help)")
    suffix = f" [{default}]" if default else ""
    answer = input(f"{prompt}{suffix}: ").strip()
    return answer or (default or "")


def write_post(srcdir: Path, title: str, tags: list[str], authors: list[str],
               date: dt.date, language: str | None = None) -> Path:
    """Write the new post's file and return its path; raise ValueError on bad input."""
    known_tags = [t["name"] for t in data.load(srcdir, "tags")]
    known_people = [p["name"] for p in data.load(srcdir, "people")]
    langs = list(languages(srcdir))
    problems = []
    if not title.strip():
        problems.append("the title is empty")
    if not tags:
        problems.append("give at least one tag")
    if not authors:
        problems.append("give at least one author")
    problems += _check("tag", tags, known_tags)
    problems += _check("author", authors, known_people)
    if language and language not in langs:
        problems.append(f"unknown language {language!r} (the site's languages: {', '.join(langs)})")
    if problems:
        raise ValueError("\n".join(problems))
    path = srcdir / "blog" / str(date.year) / f"{date.isoformat()}-{slugify(title)}.md"
    if path.exists():
        raise ValueError(f"{path.relative_to(srcdir)} already exists: choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        TEMPLATE.format(
            date=date.isoformat(),
            authors="\n".join(f"  - {a}" for a in authors),
            tags="\n".join(f"  - {t}" for t in tags),
            language=f"language: {language}\n" if language else "",
            title=title.strip(),
        ),
        encoding="utf-8",
    )
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--title")
    parser.add_argument("--tags", help="comma-separated, from data/tags.yaml")
    parser.add_argument("--authors", help="comma-separated, from data/people.yaml")
    parser.add_argument("--language", help="only for a post written in one language (e.g. es)")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD")
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    title = args.title or _ask("Title")
    tags = _split(args.tags if args.tags is not None else _ask("Tags (comma-separated)"))
    authors = _split(args.authors if args.authors is not None else _ask("Authors (comma-separated)"))
    try:
        path = write_post(args.srcdir, title, tags, authors, args.date, args.language or None)
    except ValueError as exc:
        print(f"Nothing written:\n{exc}", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(args.srcdir)}. Preview it with: make livehtml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
