"""What the Spanish checks share: the catalogs, their text without markup, the glossary.

Used by test_glossary.py and test_spelling.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "es"
GLOSSARY = ROOT / "data" / "glossary.yaml"


def catalogs(root: Path = ROOT, language: str = LANGUAGE) -> list[Path]:
    """Every Spanish catalog: the pages' (locales/) and the interface's (catalyst/locales/)."""
    return sorted((root / "locales" / language).rglob("*.po")) + sorted(
        (root / "catalyst" / "locales" / language).rglob("*.po")
    )


@dataclass
class Entry:
    path: Path
    msgid: str
    msgstr: str
    comments: list[str]

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path}: {self.msgid[:70]!r}"


def entries(path: Path) -> list[Entry]:
    """The translated, non-fuzzy entries of a catalog (each plural form on its own)."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
        strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
        for index, string in enumerate(strings):
            if string:
                msgid = ids[min(index, len(ids) - 1)]
                found.append(Entry(path, msgid, string, list(message.user_comments) + list(message.auto_comments)))
    return found


_MARKUP = [
    (re.compile(r"\{[a-z:-]+\}`([^`<]*?)\s*(?:<[^>`]*>)?`"), r"\1"),  # {doc}`text <target>` -> text
    (re.compile(r"```.*?```|`[^`]*`", re.S), " "),  # code
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"<https?://[^>]*>|https?://\S+|www\.\S+"), " "),  # addresses
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), " "),  # email addresses
    (re.compile(r"</?[a-zA-Z][^>]*>|&#?\w+;"), " "),  # HTML tags and entities
    (re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\$\{\w+\}|\{\w*\}"), " "),  # placeholders
    (re.compile(r"^\s*(:::+|```+)\s*\{?[\w-]*\}?.*$", re.M), " "),  # MyST fences and directives
    (re.compile(r"^:[\w-]+:.*$", re.M), " "),  # directive options
    (re.compile(r"\(\w[\w-]*\)="), " "),  # MyST targets (label)=
    (re.compile(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}"), ""),  # emphasis markers
]


def plain(text: str) -> str:
    """*text* without MyST/Markdown markup, addresses, code and placeholders."""
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Term:
    term: str
    es: str
    en: list[re.Pattern]
    forms: list[re.Pattern]
    avoid: list[re.Pattern]
    notes: str = ""


@cache
def glossary(path: Path = GLOSSARY) -> list[Term]:
    terms = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        terms.append(
            Term(
                term=item["term"],
                es=item["es"],
                en=[re.compile(p, re.I) for p in item["en"]],
                forms=[re.compile(p, re.I) for p in item["forms"]],
                avoid=[re.compile(p, re.I) for p in item.get("avoid", [])],
                notes=item.get("notes", ""),
            )
        )
    return terms


def allowed(entry: Entry, term: Term) -> bool:
    """The entry's translator comment says this term takes another form here (``glossary: <term>: why``)."""
    for comment in entry.comments:
        match = re.match(r"\s*glossary:\s*([^:]+?)\s*:\s*\S", comment)
        if match and match[1].casefold() == term.term.casefold():
            return True
    return False


def glossary_problems(entry: Entry, terms: list[Term] | None = None) -> list[str]:
    """Where *entry* departs from the glossary."""
    english, spanish = plain(entry.msgid), plain(entry.msgstr)
    problems = []
    for term in terms or glossary():
        if not any(p.search(english) for p in term.en) or allowed(entry, term):
            continue
        if not any(p.search(spanish) for p in term.forms):
            problems.append(f"{entry.where}: {term.term!r} should be rendered as {term.es!r}")
        for pattern in term.avoid:
            if found := pattern.search(spanish):
                problems.append(f"{entry.where}: {found[0]!r} for {term.term!r}; the glossary says {term.es!r}")
    return problems


# -- spelling ------------------------------------------------------------------

DICTIONARIES = "es_MX,es_AR"  # Debian's hunspell-es: Latin American Spanish
WORDLIST = ROOT / "locales" / LANGUAGE / "wordlist.txt"


def source_text(path: Path) -> str:
    """A Markdown source without its front matter, code blocks and MyST directive lines."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return plain(text)


def spanish_sources(root: Path = ROOT) -> list[Path]:
    """The sources written in Spanish: posts whose front matter says ``language: es``."""
    found = []
    for path in sorted((root / "blog").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        if re.search(rf"^language:\s*{LANGUAGE}\s*$", head, re.M):
            found.append(path)
    return found


def data_labels(root: Path = ROOT) -> list[tuple[str, str]]:
    """(where, text) for every Spanish label in data/ (tags, pronouns, glossary renderings)."""
    found = []
    for path in sorted((root / "data").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(item, dict):
                if isinstance(item.get("labels"), dict) and LANGUAGE in item["labels"]:
                    found.append((f"data/{path.name}: {item.get('name')}", str(item["labels"][LANGUAGE])))
                if path.name == "glossary.yaml":
                    found.append((f"data/{path.name}: {item['term']}", item[LANGUAGE]))
    return found


def names(root: Path = ROOT) -> set[str]:
    """The words of every name the data files give (people, partners, organisations, places)."""
    words = set()
    fields = {
        "people": ("name", "place"),
        "partners": ("name", "short", "city", "country", "hub"),
        "organisations": ("name", "short", "id"),
    }
    for name, keys in fields.items():
        for item in yaml.safe_load((root / "data" / f"{name}.yaml").read_text(encoding="utf-8")):
            for key in keys:
                words.update(re.findall(r"[^\W\d_]+", str(item.get(key, ""))))
    return words


def wordlist(path: Path = WORDLIST) -> list[str]:
    """The project's own words: one a line; ``#`` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def unknown_words(texts: list[str], extra_words: set[str] | None = None, tmp: Path | None = None) -> set[str]:
    """The words of *texts* that hunspell's Spanish dictionaries and the project's words do not know."""
    import subprocess
    import tempfile

    words = set(wordlist()) | names() | (extra_words or set())
    # identifiers such as cloud regions (af-south-1) and version numbers are not words
    texts = [re.sub(r"[\w.-]*\d[\w.-]*", " ", text) for text in texts]
    with tempfile.TemporaryDirectory(dir=tmp) as folder:
        personal = Path(folder, "words")
        personal.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
        result = subprocess.run(
            ["hunspell", "-l", "-i", "utf-8", "-d", DICTIONARIES, "-p", str(personal)],
            input="\n".join(texts),
            capture_output=True,
            text=True,
            check=True,
        )
    return set(result.stdout.split())
