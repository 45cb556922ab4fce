"""Which language each document is written in, and what each build translated.

Any of the site's languages can be a document's original: a page or post says
so once, in its front matter (``language: es``); without it, the document is
written in the site's first language (``catalyst_languages`` in conf.py).
Every other language translates it through its own catalog,
``locales/<language>/LC_MESSAGES/<document>.po``, so a post written in Spanish
gets its English text from ``locales/en/`` and one written in English gets its
Spanish text from ``locales/es/``.  Sphinx reads one language per build and
looks for catalogs only in that language's folder, so the English build
translates exactly the documents that have an English catalog; the catalog
tools (``tools/translations.py``) never write a catalog into the
folder of the document's own language.

While a build reads a document, this module records whether its title and
text were translated (``env.catalyst_translation``): post lists and feeds mark
the posts that are not, in the language they are shown in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .state import build_state, env_state

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_language(config) -> str:
    return next(iter(config.catalyst_languages))


@cache
def _front_matter_language(path: Path, mtime: float) -> str | None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            try:
                meta = yaml.load("\n".join(lines[1:number]), Loader=LOADER)  # noqa: S506 - a safe loader
            except yaml.YAMLError:
                return None  # reported by the front-matter checks (posts) or by MyST (pages)
            value = meta.get("language") if isinstance(meta, dict) else None
            return value if isinstance(value, str) else None
    return None


def file_language(path: Path, languages) -> str:
    """The language a source file is written in: its ``language:`` or the first language."""
    first = next(iter(languages))
    if path.suffix != ".md" or not path.is_file():
        return first
    value = _front_matter_language(path, path.stat().st_mtime)
    return value if value in languages else first


def source_language(config, srcdir, docname: str) -> str:
    """The language *docname* is written in (*config*: the build's, ``self.config`` in a transform)."""
    post = build_state(config).posts.get(docname)
    if post is not None:
        return post.language or default_language(config)
    return file_language(Path(srcdir, f"{docname}.md"), config.catalyst_languages)


@dataclass(frozen=True)
class Translation:
    """How much of one document this build shows in its own language."""

    source: str  # the language the document is written in
    title: bool  # the title is in the build's language
    complete: bool  # every paragraph is


def translation(app, docname: str) -> Translation:
    """How *docname* was translated in this build (complete when it is the original)."""
    found = env_state(app.env).translations.get(docname)
    if found is not None:
        return found
    source = source_language(app.config, app.srcdir, docname)
    original = source == app.config.language
    return Translation(source=source, title=original, complete=original)


def note_translation(env, docname: str, state: Translation) -> None:
    env_state(env).translations[docname] = state


def purge(app, env, docname) -> None:
    env_state(env).translations.pop(docname, None)


def setup_origin(app):
    app.connect("env-purge-doc", purge)
