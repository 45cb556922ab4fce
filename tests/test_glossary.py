"""Every Spanish catalog follows the terminology of data/glossary.yaml.

A msgid that uses a glossary term needs a msgstr with the term's Spanish
rendering (any of the inflections the glossary lists) and none of the
renderings it rules out, unless the entry's translator comment says why not:
``# glossary: <term>: <reason>``.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import yaml
from spanish import GLOSSARY, ROOT, Entry, catalogs, entries, glossary, glossary_problems, plain


def test_glossary_is_complete_and_consistent():
    raw = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    assert len({item["term"].casefold() for item in raw}) == len(raw), "a term is listed twice"
    for item in raw:
        assert {"term", "es", "en", "forms"} <= set(item), f"{item.get('term')}: term, es, en and forms are needed"
    for term in glossary():
        # the rendering the glossary gives is one of its own accepted forms, and not one it rules out
        assert any(p.search(term.es) for p in term.forms), f"{term.term}: {term.es!r} matches none of its forms"
        assert not any(p.search(term.es) for p in term.avoid), f"{term.term}: {term.es!r} is in its own avoid list"
        assert any(p.search(term.term) for p in term.en), f"{term.term}: its English patterns miss the term itself"


@pytest.mark.parametrize("path", catalogs(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_catalog_follows_the_glossary(path):
    problems = [problem for entry in entries(path) for problem in glossary_problems(entry)]
    assert not problems, f"{len(problems)} departures from data/glossary.yaml:\n" + "\n".join(problems)


def _planted():
    """A real translated entry that uses the glossary's rendering of "blog post"."""
    term = next(t for t in glossary() if t.term == "blog post")
    for path in catalogs():
        for entry in entries(path):
            if any(p.search(plain(entry.msgid)) for p in term.en) and re.search(r"\bentradas?\b", entry.msgstr):
                return term, entry
    pytest.skip("no catalog entry translates 'post' yet")


def test_a_planted_drift_is_found_and_a_comment_allows_it():
    term, entry = _planted()
    assert not glossary_problems(entry, [term])
    drifted = replace(entry, msgstr=re.sub(r"\bentrada(s?)\b", r"publicación\1", entry.msgstr))
    assert glossary_problems(drifted, [term]), f"'publicación' for 'post' was not found in {drifted.msgstr!r}"
    allowed = replace(drifted, comments=["glossary: blog post: quoting the title of an article"])
    assert not glossary_problems(allowed, [term])


def test_markup_is_not_terminology():
    """A term inside a link target, code or an address is not text to translate."""
    term = next(t for t in glossary() if t.term == "blog post")
    entry = Entry(ROOT / "x.po", "See [the list](https://example.org/posts/) and `posts.py`.", "Vea la lista.", [])
    assert not glossary_problems(entry, [term])


def test_every_allowance_names_a_glossary_term():
    """A ``# glossary: <term>: <reason>`` comment names a term of the glossary and gives a reason."""
    terms = {term.term.casefold() for term in glossary()}
    problems = []
    for path in catalogs():
        for entry in entries(path):
            for comment in entry.comments:
                if not comment.strip().startswith("glossary:"):
                    continue
                match = re.match(r"\s*glossary:\s*([^:]+?)\s*:\s*\S", comment)
                if not match or match[1].casefold() not in terms:
                    problems.append(f"{entry.where}: {comment.strip()!r} (write `glossary: <term>: <reason>`)")
    assert not problems, "\n".join(problems)
