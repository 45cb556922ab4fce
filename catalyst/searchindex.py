"""The search index, with each word's stem computed once per build.

Sphinx's indexer (``sphinx.search.IndexBuilder.feed``) remembers stems only
within one page, and the Snowball stemmers are pure Python: on a blog whose
pages share most of their words, stemming was about a sixth of the time spent
writing the pages.  Here the build language's search class is registered
again (``app.add_search_language``) as a subclass that remembers every stem
for the whole build.  A stem depends only on the word, so the index is the
same.  ``-D catalyst_fast_search=0`` turns it off.
"""

from __future__ import annotations

import functools
from importlib import import_module

from sphinx import search


def _language_class(language: str):
    """The search class Sphinx would use for *language*, as ``IndexBuilder`` looks it up."""
    found = search.languages.get(language)
    if found is None and "_" in language:
        found = search.languages.get(language.partition("_")[0])
    if isinstance(found, str):
        module, name = found.rsplit(".", 1)
        found = getattr(import_module(module), name)
    return found


def remember_stems(app, config) -> None:
    if not config.catalyst_fast_search:
        return
    language = config.html_search_language or config.language
    upstream = _language_class(language)
    if upstream is None or getattr(upstream, "_catalyst_stems", False):
        return  # no search language (Sphinx falls back to English, unmemoised), or done already

    class Remembering(upstream):
        _catalyst_stems = True

        def __init__(self, options) -> None:
            super().__init__(options)
            self.stem = functools.lru_cache(maxsize=None)(self.stem)

    Remembering.__name__ = Remembering.__qualname__ = upstream.__name__
    Remembering.__module__ = upstream.__module__
    app.add_search_language(Remembering)


def setup_searchindex(app) -> None:
    # catalyst_fast_search is declared in catalyst/config.py; remember_stems is
    # called by catalyst.on_config_inited
    pass
