"""Start a new blog post with correct front matter: ``make post``.

    make post
    make post TITLE="Our hub in numbers" TAGS="News, Community Partners" AUTHORS="Jenny Wong"
    make post TITLE='Costs of a "hub": $5 a day' TAGS=News AUTHORS="Jenny Wong" DATE=2026-12-24
    python -m tools.newpost --title ... --tags ... --authors ... [--language es] [--date 2026-12-01]

Anything not given on the command line is asked for; when a given answer is
wrong (an unknown tag, a date that does not exist), only that one is asked
again.  Without a terminal (standard input closed or not a terminal) nothing
is asked: a missing or wrong answer is reported, and nothing is written.
The date is today's (in UTC) unless ``DATE=`` gives another; a later date
schedules the post (see CONTRIBUTING.md).  Tags and authors are
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


def interactive() -> bool:
    """Whether answers can be asked for (a terminal on standard input)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed
        return False


class AnswerError(Exception):
    """A missing or wrong answer, said plainly."""


def _ask(prompt: str, default: str | None = None) -> str:
    suffix = f" [{default}]" if default else ""
    try:
        answer = input(f"{prompt}{suffix}: ").strip()
    except EOFError:
        raise AnswerError(f"no answer for {prompt.lower()}") from None
    return answer or (default or "")


def _answer(label: str, given: str | None, check, option: str):
    """The checked value of one answer: *given*, else asked; asked again while wrong (interactively)."""
    value = given
    while True:
        if value is None:
            if not interactive():
                raise AnswerError(f"missing {label}: give it as {option}=... (see `make help` and CONTRIBUTING.md)")
            value = _ask(label[0].upper() + label[1:])
        try:
            return check(value)
        except ValueError as exc:
            if not interactive():
                raise AnswerError(f"{option}: {exc}") from None
            print(f"  {exc}; try again", file=sys.stderr)
            value = None


def write_post(
    srcdir: Path, title: str, tags: list[str], authors: list[str], date: dt.date, language: str | None = None
) -> Path:
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


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, for example 2026-12-01") from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--title")
    parser.add_argument("--tags", help="comma-separated, from data/tags.yaml")
    parser.add_argument("--authors", help="comma-separated, from data/people.yaml")
    parser.add_argument("--language", help="the language the post is written in, when not English (e.g. es)")
    parser.add_argument("--date", help="YYYY-MM-DD (default: today, in UTC)")
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    srcdir = args.srcdir
    known_tags = [t["name"] for t in data.load(srcdir, "tags")]
    known_people = [p["name"] for p in data.load(srcdir, "people")]

    def title(value):
        if not value.strip():
            raise ValueError("the title is empty")
        return value.strip()

    def names(kind, known):
        def check(value):
            values = _split(value)
            if not values:
                raise ValueError(f"give at least one {kind}")
            problems = _check(kind, values, known)
            if problems:
                raise ValueError("; ".join(problems))
            return values

        return check

    today = dt.datetime.now(dt.UTC).date()
    try:
        checked_title = _answer("title", args.title, title, "TITLE")
        tags = _answer("tags (comma-separated)", args.tags, names("tag", known_tags), "TAGS")
        authors = _answer("authors (comma-separated)", args.authors, names("author", known_people), "AUTHORS")
        date = today if args.date is None else _answer("date", args.date, _date, "DATE")
    except AnswerError as exc:
        print(f"Nothing written: {exc}", file=sys.stderr)
        return 1
    try:
        path = write_post(srcdir, checked_title, tags, authors, date, args.language or None)
    except ValueError as exc:
        print(f"Nothing written:\n{exc}", file=sys.stderr)
        return 1
    rel = path.relative_to(srcdir)
    when = "" if date <= today else f" It is scheduled: it appears on the site on {date.isoformat()} (UTC)."
    print(f"Wrote {rel}.{when} Preview it with: make livehtml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
