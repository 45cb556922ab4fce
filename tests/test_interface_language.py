"""No English in the interface of a translated page.

Every attribute a reader or a screen reader meets (``title``, ``aria-label``,
``alt``, ``placeholder``, the ``content`` of link-preview meta tags), every
page title, the interface text around the article (header, sidebars, footer)
and the search scripts' string table (``_static/translations.js``) are held
against the English interface strings of Sphinx, ablog, the theme and the site:
the msgids of their installed catalogs.  None may appear untranslated, and the
English brand may not appear at all.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import ablog
import pydata_sphinx_theme
import pytest
import sphinx
from babel.messages.pofile import read_po

from catalyst._compat import translation_messages
from conftest import ROOT

# Words that read the same in Spanish, so an English msgid equal to them is no leftover.
# ("Error" is also the Spanish word.)
NAMES = {"Blog", "GitHub", "Atom", "Twitter", "Mastodon", "CSS", "JSON", "PDF", "HTML", "Error"}

ATTRIBUTES = ("title", "aria-label", "aria-description", "aria-roledescription", "alt", "placeholder", "label")
# Link-preview and page meta tags whose ``content`` is text for readers.
META_TEXT = {
    "description",
    "og:title",
    "og:description",
    "og:site_name",
    "og:image:alt",
    "twitter:title",
    "twitter:description",
    "twitter:image:alt",
}

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\$\{[A-Za-z_]+\}|\{[A-Za-z_]*\}")


def english_catalogs() -> list[Path]:
    """The installed English message templates of Sphinx, ablog and the theme, and the site's."""
    return [
        Path(sphinx.__file__).parent / "locale" / "sphinx.pot",
        Path(ablog.__file__).parent / "locales" / "sphinx.pot",
        Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot",
        ROOT / "catalyst" / "locales" / "catalyst.pot",
    ]


# What a placeholder stands for in the interface: names, numbers, dates, quoted labels.
NAME = r"[A-Z0-9ÁÉÍÓÚÑ“«\"'(\[][^\s]*(?:\s+[A-Z0-9ÁÉÍÓÚÑ][^\s]*)*"


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()


@cache
def english_patterns() -> list[tuple[str, re.Pattern]]:
    """One pattern per English interface string; placeholders match any text."""
    patterns = {}
    for path in english_catalogs():
        assert path.is_file(), f"no catalog template at {path}"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            for msgid in message.id if isinstance(message.id, (list, tuple)) else [message.id]:
                if not msgid or msgid in NAMES:
                    continue
                text = _normal(msgid).rstrip(" .:…")
                literal = PLACEHOLDER.sub(" ", text)
                if not re.search(r"[A-Za-z]{2}", literal):
                    continue  # only placeholders and signs ("%(filename)s — %(docstitle)s")
                parts = [f"(?i:{re.escape(part)})" if part else "" for part in PLACEHOLDER.split(text)]
                patterns[msgid] = re.compile(NAME.join(parts).replace(r"\ ", r"\s+"))
    return sorted(patterns.items())


def english_in(text: str) -> str | None:
    """The English interface string *text* is (untranslated), if any."""
    value = _normal(text).rstrip(" .:…")
    if not value:
        return None
    for msgid, pattern in english_patterns():
        if pattern.fullmatch(value):
            return msgid
    return None


def interface_texts(soup):
    """(where, text) for every attribute, page title and interface text outside the article."""
    for element in soup.find_all(True):
        for name in ATTRIBUTES:
            if element.has_attr(name):
                yield f"<{element.name} {name}>", element[name]
        if element.name == "meta" and (element.get("name") or element.get("property")) in META_TEXT:
            yield f"<meta {element.get('name') or element.get('property')}>", element.get("content", "")
    if soup.title:
        yield "<title>", soup.title.get_text()
    for text in soup.find_all(string=True):
        if text.parent.name in ("script", "style") or text.find_parent("article") or not text.strip():
            continue
        yield f"<{text.parent.name}> text", str(text)


def translated_languages(site):
    return list(site.languages)[1:]


def leftovers(site, language: str, page: str) -> list[str]:
    english_brand = next(iter(site.languages.values()))["brand"]
    found = []
    for where, text in interface_texts(site.soup(language, page)):
        # A page's description and title come from its own text: a paragraph not yet translated is
        # shown in English, marked so, and the catalogs' completeness tests report it.
        from_page_text = where in ("<meta description>", "<meta og:description>", "<meta og:title>")
        if english_brand.casefold() in text.casefold() and not from_page_text:
            found.append(f"{where}: {text!r} has the English brand")
        elif msgid := english_in(text):
            found.append(f"{where}: {text!r} is English ({msgid!r})")
    return found


def test_the_english_list_comes_from_the_catalogs():
    patterns = dict(english_patterns())
    # One string of each source, as the packages ship them today.
    assert english_in("Link to this heading")
    assert len(patterns) > 500, "the installed catalogs gave too few English strings"
    assert english_in("Posts by Ada Lovelace"), "placeholders should match any text"
    assert not english_in("Proyecto Catalyst")


def test_no_english_in_the_interface_of_translated_pages(site):
    problems = []
    for language in translated_languages(site):
        for page in site.pages(language):
            problems += [f"{language}/{page}: {p}" for p in leftovers(site, language, page)]
    kinds = sorted({problem.split(": ", 1)[1] for problem in problems})
    assert not problems, (
        f"{len(problems)} English interface texts, of these kinds:\n"
        + "\n".join(kinds)
        + "\nfirst pages:\n"
        + "\n".join(problems[:10])
    )


def test_every_page_names_the_project_in_its_language(site):
    for language, info in site.languages.items():
        for page in ("index.html", "blog/index.html"):
            soup = site.soup(language, page)
            assert soup.title.get_text().endswith(info["brand"]), f"{language}/{page}: {soup.title}"
            assert soup.find("meta", property="og:site_name")["content"] == info["brand"]
            logos = soup.select("img.logo__image")
            assert logos and all(img["alt"] == info["brand"] for img in logos)
            for img in logos:  # the wordmark drawn in the logo says the same name
                svg = (site.root / language / page).parent.joinpath(img["src"]).resolve().read_text(encoding="utf-8")
                drawn = " ".join(re.findall(r"<text[^>]*>([^<]+)</text>", svg)).casefold().split()
                assert sorted(drawn) == sorted(info["brand"].casefold().split()[-2:]), f"{img['src']}: {drawn}"


def search_table(site, language: str) -> dict:
    """The messages of the built ``translations.js`` (as catalyst/csp.py rewrites it)."""
    text = (site.root / language / "_static" / "translations.js").read_text(encoding="utf-8")
    messages = translation_messages(text)
    assert messages is not None, f"{language}/_static/translations.js: no string table found"
    return messages


def test_search_scripts_speak_the_page_language(site):
    problems = []
    for language in translated_languages(site):
        for key, value in search_table(site, language).items():
            if not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", key)) or key in NAMES:
                continue
            for form in value if isinstance(value, list) else [value]:
                if not form.strip():
                    problems.append(f"{language}: {key!r} has no translation (the script shows English)")
                elif english_in(form):
                    problems.append(f"{language}: {key!r} is {form!r}, English")
    assert not problems, "\n".join(problems)


def test_a_planted_english_attribute_is_found(site, tmp_path):
    """The scan fails on an English tooltip: plant one in a copy of a built page."""
    language = translated_languages(site)[0]
    page = site.root / language / "index.html"
    planted = page.read_text(encoding="utf-8").replace("<h1>", '<h1 title="Link to this heading">', 1)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(planted, "html.parser")
    found = [text for where, text in interface_texts(soup) if english_in(text)]
    assert "Link to this heading" in found
    # and a string only the site's catalog has, with a placeholder
    assert english_in("Posts tagged “Novedades”") or english_in("Posts tagged Novedades")


@pytest.mark.parametrize("text", ["Su búsqueda no coincide", "Buscar", "Enlace a este encabezado"])
def test_spanish_is_not_taken_for_english(text):
    assert not english_in(text)


def test_links_to_other_sites_go_to_their_spanish_version(site):
    """Where data/links.yaml lists a version in the page's language, a link goes there (unless it says English)."""
    import yaml
    from babel import Locale

    links = yaml.safe_load((ROOT / "data" / "links.yaml").read_text(encoding="utf-8"))
    source = next(iter(site.languages))
    problems, localized = [], 0
    for language in translated_languages(site):
        english = Locale.parse(source).get_language_name(site.languages[language]["locale"]).casefold()
        for page in site.pages(language):
            for a in site.soup(language, page).find_all("a", href=True):
                for entry in links:
                    version = entry["versions"].get(language)
                    if not version:
                        continue
                    if a["href"].startswith(version):
                        localized += 1
                    elif a["href"].startswith(entry["url"]) and english not in a.get_text().casefold():
                        problems.append(f"{language}/{page}: {a['href']} ({a.get_text()!r}) has a version at {version}")
    assert not problems, "\n".join(problems)
    assert localized, "no link goes to a Spanish version: data/links.yaml matches nothing"


def test_pronouns_are_written_in_the_page_language(site):
    import yaml

    labels = {p["name"]: p["labels"] for p in yaml.safe_load((ROOT / "data" / "pronouns.yaml").read_text("utf-8"))}
    people = [p for p in yaml.safe_load((ROOT / "data" / "people.yaml").read_text("utf-8")) if p.get("pronouns")]
    assert people, "nobody in data/people.yaml shows pronouns"
    for language in translated_languages(site):
        cards = {
            c.strong.get_text(): c.get_text(" ", strip=True)
            for c in site.soup(language, "people.html").select(".catalyst-card__name")
            if c.strong
        }
        for person in people:
            card = cards[person["name"]]
            assert f"({labels[person['pronouns']][language]})" in card, card
            assert f"({person['pronouns']})" not in card, card


def test_switcher_names_the_language_a_post_is_missing_in(site):
    """On a post written in one language only, the link to the other language says which language it lacks."""
    from babel import Locale

    checked = 0
    for language, info in site.languages.items():
        for page in site.pages(language):
            for link in site.soup(language, page).select(".catalyst-language-switcher a[title]"):
                missing = Locale.parse(link["hreflang"]).get_language_name(info["locale"])
                assert missing.casefold() in link["title"].casefold(), f"{language}/{page}: {link['title']!r}"
                checked += 1
    if not checked:
        pytest.skip("every post exists in every language")
