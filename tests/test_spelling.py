"""Spanish spelling: every msgstr, every source written in Spanish and every Spanish label in data/.

Debian's hunspell with hunspell-es (`apt-get install hunspell hunspell-es`)
checks the text once markup, addresses, code and placeholders are taken out.
The names in data/*.yaml and the words of locales/es/wordlist.txt are known
words; anything else the dictionaries do not know fails the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from spanish import (
    DICTIONARIES,
    ROOT,
    WORDLIST,
    catalogs,
    data_labels,
    entries,
    glossary,
    plain,
    source_text,
    spanish_sources,
    unknown_words,
    wordlist,
)


def test_hunspell_and_its_spanish_dictionaries_are_installed():
    assert shutil.which("hunspell"), "install hunspell: apt-get install hunspell hunspell-es"
    listed = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True).stderr
    for name in DICTIONARIES.split(","):
        assert f"/{name}" in listed, f"hunspell has no {name} dictionary: apt-get install hunspell-es"


def _where(word: str, texts: list[tuple[str, str]]) -> str:
    for where, text in texts:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            return where
    return "?"


def _report(texts: list[tuple[str, str]]) -> list[str]:
    unknown = unknown_words([text for _, text in texts])
    return [f"{word!r} in {_where(word, texts)}" for word in sorted(unknown)]


@pytest.mark.parametrize("path", catalogs(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_catalog_spelling(path):
    texts = [(entry.where, plain(entry.msgstr)) for entry in entries(path)]
    problems = _report(texts)
    assert not problems, (
        f"{len(problems)} unknown words (fix the spelling, or add a name or kept term to "
        f"{WORDLIST.relative_to(ROOT)}):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("path", spanish_sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_spanish_source_spelling(path):
    problems = _report([(path.relative_to(ROOT).as_posix(), source_text(path))])
    assert not problems, f"{len(problems)} unknown words:\n" + "\n".join(problems)


def test_spanish_data_labels_spelling():
    problems = _report(data_labels())
    assert not problems, f"{len(problems)} unknown words:\n" + "\n".join(problems)


def test_there_are_spanish_texts_to_check():
    assert catalogs() and spanish_sources() and data_labels()


def test_a_planted_misspelling_is_found():
    """Swap two letters of one word of a real msgstr: the check names that word."""
    path = next(p for p in catalogs() if p.name != "sphinx.po")
    entry = next(e for e in entries(path) if re.search(r"\b[a-zñáéíóú]{8,}\b", plain(e.msgstr)))
    word = re.search(r"\b[a-zñáéíóú]{8,}\b", plain(entry.msgstr))[0]
    misspelt = word[:2] + word[3] + word[2] + word[4:]
    planted = replace(entry, msgstr=entry.msgstr.replace(word, misspelt, 1))
    assert misspelt in unknown_words([plain(planted.msgstr)])
    assert not unknown_words([plain(entry.msgstr)]) - unknown_words([plain(planted.msgstr)])


def test_markup_is_not_checked():
    text = plain(
        "Vea {doc}`la lista <blog/posts-archive>`, `make htmlx`, [el sitio](https://exmaple.org/xyzzy) "
        "y <qwfp@exmaple.org>."
    )
    assert unknown_words([text]) == set(), text


def test_the_word_list_holds_only_needed_words(tmp_path):
    """Every listed word is one the dictionaries lack, and none is a rendering the glossary rules out."""
    words = wordlist()
    assert len(words) == len(set(words)), "a word is listed twice"
    # unknown to hunspell on its own (without the list): otherwise it needs no entry
    known = subprocess.run(
        ["hunspell", "-G", "-i", "utf-8", "-d", DICTIONARIES],
        input="\n".join(words),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not known, f"the dictionaries already know {known}: remove them from {WORDLIST.name}"
    ruled_out = [w for w in words for term in glossary() for p in term.avoid if p.fullmatch(w)]
    assert not ruled_out, f"{ruled_out} are ruled out by the glossary; they cannot be known words"
