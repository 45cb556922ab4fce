"""The site's structured facts, read from the YAML files in ``data/``.

Organisations, people, community partners and the blog's tag vocabulary each
live in one file, so that adding a partner or a person is one entry in one
file.  Every file is checked when it is loaded: a mistake stops the build with
a message that names the file, the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sphinx.errors import ExtensionError

DATA_DIR = "data"


class DataError(ExtensionError):
    """A data file has a mistake; the message says where and how to fix it."""

    category = "Catalyst data error"


@dataclass(frozen=True)
class Field:
    """One field of a data-file entry."""

    required: bool = False
    type: type | tuple[type, ...] = str
    choices: tuple[str, ...] = ()
    url: bool = False  # a web address: https:// (http:// only with `http_allowed: true`)


# One schema per file: field name -> Field.  Unknown fields are errors, so a
# typo ("contry:") never silently drops a fact.
SCHEMAS: dict[str, dict[str, Field]] = {
    "organisations": {
        "id": Field(True),
        "name": Field(True),
        "short": Field(True),
        "url": Field(True, url=True),
        "summary": Field(True),
        "role": Field(True),
    },
    "people": {
        "name": Field(True),
        "org": Field(True),
        "group": Field(True, choices=("core", "extended", "past", "author")),
        "role": Field(),
        "place": Field(),
        "bio": Field(),
        "pronouns": Field(),
    },
    "partners": {
        "id": Field(True),
        "name": Field(True),
        "short": Field(),
        "region": Field(True, choices=("africa", "latin-america")),
        "city": Field(),
        "country": Field(),
        "scope": Field(),
        "website": Field(url=True),
        "joined": Field(True, dt.date),
        "hub": Field(),
        "hub_url": Field(url=True),
        "focus": Field(),
        # the partner's website has no https:// address (say so next to it)
        "http_allowed": Field(type=bool),
    },
    "tags": {
        "name": Field(True),
        "labels": Field(True, dict),
    },
    "pronouns": {
        "name": Field(True),
        "labels": Field(True, dict),
    },
    "links": {
        "url": Field(True),
        "versions": Field(True, dict),
    },
}


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe YAML loader that remembers the line of every mapping.

    libyaml's parser when PyYAML has it (its wheels do): every build process
    loads every data file, and the pure-Python parser is ten times slower.
    """

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        # the line of each field, for messages about one field
        mapping["__lines__"] = {key.value: key.start_mark.line + 1 for key, _value in node.value}
        return mapping


def did_you_mean(word, options) -> str:
    """``"; did you mean 'x'?"`` for the option closest to *word*, or ``""``
    (every checker of the site words its suggestions so)."""
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


_suggest = did_you_mean


def load(srcdir: str | Path, name: str) -> list[dict[str, Any]]:
    """Load and check ``data/<name>.yaml``; return its entries (with ``__line__``).

    A page may render the same file several times (one ``{people}`` per
    organisation): the checked entries are kept until the file changes.
    Callers only read them.
    """
    path = Path(srcdir, DATA_DIR, f"{name}.yaml")
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError(f"{DATA_DIR}/{name}.yaml: file not found") from None
    return _load(path, name, stamp)


@functools.lru_cache(maxsize=32)
def _load(path: Path, name: str, stamp: int) -> list[dict[str, Any]]:
    rel = f"{DATA_DIR}/{name}.yaml"
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        entries = yaml.load(text, Loader=_LineLoader)  # noqa: S506
    except FileNotFoundError:
        raise DataError(f"{rel}: file not found") from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(f"{rel}:{line}: this line is not UTF-8 text; save the file with the UTF-8 encoding") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError(
            f"{rel}:{line}: this line is not valid YAML ({exc.problem}); check its indentation "
            "(two spaces per level, no tabs) and put a value containing `: ` in quotes"
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"{rel}:1: not valid YAML ({exc}); check the file's indentation") from None
    except ValueError as exc:  # a date that is not on the calendar
        raise DataError(f"{rel}:1: {exc}: check the dates (YYYY-MM-DD)") from None
    if not isinstance(entries, list):
        raise DataError(f"{rel}: expected a list of entries, each starting with '- '")
    schema = SCHEMAS[name]
    key = "id" if "id" in schema else "name"
    seen: dict[str, int] = {}
    errors = []
    for entry in entries:
        line = entry.get("__line__", 0) if isinstance(entry, dict) else 0
        where = f"{rel}:{line}"
        if not isinstance(entry, dict):
            errors.append(f"{rel}: every entry must be a set of 'field: value' lines")
            continue
        for field, value in entry.items():
            if field in ("__line__", "__lines__"):
                continue
            where = f"{rel}:{entry['__lines__'].get(field, line)}"
            spec = schema.get(field)
            if spec is None:
                errors.append(
                    f"{where}: unknown field {field!r}{_suggest(field, schema)} (allowed: {', '.join(schema)})"
                )
            elif not isinstance(value, spec.type):
                errors.append(f"{where}: field {field!r} should be a {spec.type.__name__}")
            elif spec.choices and value not in spec.choices:
                errors.append(
                    f"{where}: {field} {value!r} is not one of {', '.join(spec.choices)}{_suggest(value, spec.choices)}"
                )
            elif spec.url:
                problem = url_problem(value, entry.get("http_allowed") is True)
                if problem:
                    errors.append(f"{where}: {field} {value!r} {problem}")
            elif isinstance(value, str) and MARKUP.search(value):
                errors.append(
                    f"{where}: {field} contains markup ({MARKUP.search(value).group(0)!r}); "
                    "write plain text (the site adds the formatting)"
                )
            elif isinstance(value, dict):
                for sub, text in value.items():
                    if isinstance(text, str) and MARKUP.search(text):
                        errors.append(
                            f"{where}: {field} {sub} contains markup ({MARKUP.search(text).group(0)!r}); "
                            "write plain text (the site adds the formatting)"
                        )
        where = f"{rel}:{line}"
        for field, spec in schema.items():
            if spec.required and field not in entry:
                errors.append(f"{where}: missing required field {field!r}")
        ident = entry.get(key)
        if ident in seen:
            errors.append(f"{where}: {key} {ident!r} is already used at line {seen[ident]}")
        elif ident:
            seen[ident] = line
    if errors:
        raise DataError("\n".join(errors))
    return entries


# HTML where plain text is expected: a tag, a comment, or a character reference.
MARKUP = re.compile(r"<[A-Za-z/!?][^>]*>?|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def url_problem(value: str, http_allowed: bool = False) -> str | None:
    """What is wrong with a web address in a data file, or None."""
    parts = urlsplit(value.strip())
    if parts.scheme == "http" and parts.netloc:
        if http_allowed:
            return None
        return (
            "is a plain http:// address: use its https:// address; if the site has none, "
            "add `http_allowed: true` to this entry"
        )
    if parts.scheme != "https" or not parts.netloc or value != value.strip() or " " in value:
        return "is not a web address: write the full address, starting with https://"
    return None


def by_id(entries, key: str = "id") -> dict[str, dict[str, Any]]:
    return {entry[key]: entry for entry in entries}


def check_references(srcdir: str | Path) -> None:
    """Check links between files: each person's ``org`` must exist."""
    orgs = by_id(load(srcdir, "organisations"))
    partners = by_id(load(srcdir, "partners"))
    errors = []
    for person in load(srcdir, "people"):
        if person["org"] not in orgs and person["org"] not in partners:
            errors.append(
                f"{DATA_DIR}/people.yaml:{person['__line__']}: org {person['org']!r} of "
                f"{person['name']} is neither an organisation id nor a partner id"
                f"{_suggest(person['org'], [*orgs, *partners])}"
            )
    if errors:
        raise DataError("\n".join(errors))


def data_path(srcdir: str | Path, name: str) -> str:
    return str(Path(srcdir, DATA_DIR, f"{name}.yaml"))
