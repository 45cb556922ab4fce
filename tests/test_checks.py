"""Every input is checked before anything is built; each mistake is one plain `path:line: what; fix` message.

Each case plants one mistake in a small copy of the sources and runs the build as `make html` runs it:
the build stops before Sphinx starts (so these builds are fast), prints the message at the file and line
of the mistake, and never a traceback.  The expected lines are derived from the planted text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from conftest import build_copy, copy_sources

DATE = "2024-05-01"


def good_post(src: Path) -> str:
    person = yaml.safe_load((src / "data/people.yaml").read_text(encoding="utf-8"))[0]["name"]
    tag = yaml.safe_load((src / "data/tags.yaml").read_text(encoding="utf-8"))[0]["name"]
    return (
        f"---\nblogpost: true\ndate: {DATE}\nauthor:\n  - {person}\ntags:\n  - {tag}\n---\n\n"
        "# About the hubs\n\nA first paragraph.\n\n## A section\n\nMore text.\n"
    )


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def write(src: Path, rel: str, text: str | bytes) -> tuple[str, str | bytes]:
    path = src / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return rel, text


POST = f"blog/2024/{DATE}-about-the-hubs.md"


# Each mistake: plant it in *src*, return the line the writer must see (without the message's tail).
def in_a_subfolder(src):
    rel, text = write(src, f"blog/2024/drafts/{DATE}-about-the-hubs.md", good_post(src))
    return f"{rel}:{line_of(text, 'date:')}: a post dated 2024 belongs in blog/2024/ (not in a subfolder)"


def at_the_top_of_blog(src):
    rel, _ = write(src, f"blog/{DATE}-about-the-hubs.md", good_post(src))
    return f"{rel}:1: posts go in a folder named after their year"


def impossible_date(src):
    rel, text = write(src, "blog/2024/2024-02-30-about-the-hubs.md", good_post(src).replace(DATE, "2024-02-30"))
    return f"{rel}:{line_of(text, 'date:')}: date 2024-02-30 is not a day of the calendar"


def tab_in_front_matter(src):
    rel, text = write(src, POST, good_post(src).replace("tags:\n  - ", "tags:\n\t- "))
    return f"{rel}:{line_of(text, chr(9))}: this line of the front matter has a tab character; replace it with spaces"


def trailing_tab(src):
    rel, text = write(src, POST, good_post(src).replace("blogpost: true", "blogpost: true\t"))
    return f"{rel}:{line_of(text, chr(9))}: this line of the front matter has a tab character"


def colon_in_a_value(src):
    rel, text = write(
        src, POST, good_post(src).replace("blogpost: true", "blogpost: true\ndescription: Hubs: a review")
    )
    return f"{rel}:{line_of(text, 'description')}: a `:` in a value: put the value in quotes"


def unclosed_quote(src):
    rel, text = write(src, POST, good_post(src).replace("blogpost: true", 'blogpost: true\ndescription: "Hubs'))
    return f"{rel}:{line_of(text, 'description')}: a quotation mark is not closed"


def post_not_utf8(src):
    text = good_post(src).replace("A first paragraph.", "A first paragraph, café.")
    rel, _ = write(src, POST, text.encode("latin-1"))
    return f"{rel}:{line_of(text, 'café')}: this line is not UTF-8 text"


def page_not_utf8(src):
    text = (src / "about.md").read_text(encoding="utf-8") + "\nOne more line: señal.\n"
    rel, _ = write(src, "about.md", text.encode("latin-1", errors="replace"))
    raw = text.encode("latin-1", errors="replace")
    first_bad = next(i for i, byte in enumerate(raw) if byte >= 0x80)
    line = raw.count(b"\n", 0, first_bad) + 1
    return f"{rel}:{line}: this line is not UTF-8 text"


def two_titles_in_a_post(src):
    rel, text = write(src, POST, good_post(src) + "\n# Another title\n\nText.\n")
    return f"{rel}:{line_of(text, '# Another')}: a second `# ` title (the first is on line {line_of(text, '# About')})"


def two_titles_in_a_page(src):
    text = (src / "privacy.md").read_text(encoding="utf-8") + "\n# Another title\n"
    rel, _ = write(src, "privacy.md", text)
    return f"{rel}:{len(text.splitlines())}: a second `# ` title"


def data_mistake(field, value, expected):
    def plant(src):
        path = src / "data" / "partners.yaml"
        text = path.read_text(encoding="utf-8")
        entry = yaml.safe_load(text)[0]
        old = f"  {field}: {entry[field]}\n" if field in entry else None
        assert old is None or old in text
        new = f"  {field}: {value}\n"
        text = (
            text.replace(old, new, 1)
            if old
            else text.replace(f"  id: {entry['id']}\n", f"  id: {entry['id']}\n{new}", 1)
        )
        path.write_text(text, encoding="utf-8")
        return f"data/partners.yaml:{line_of(text, new.rstrip())}: {expected}"

    return plant


def catalog_mistake(edit, expected):
    def plant(src):
        path = src / "locales" / "es" / "LC_MESSAGES" / "about.po"
        text = path.read_text(encoding="utf-8")
        text, line = edit(text)
        path.write_text(text, encoding="utf-8")
        return f"locales/es/LC_MESSAGES/about.po:{line}: {expected}"

    return plant


def translated(text: str, predicate=lambda m: True):
    """The first translated entry of a catalog's text (and its msgid line) for which *predicate* holds."""
    import io

    catalog = read_po(io.BytesIO(text.encode("utf-8")))
    return next(m for m in catalog if m.id and m.string and not m.fuzzy and predicate(m))


def invalid_escape(text):
    message = translated(text)
    first = f'msgstr "{message.string[:10]}'.replace("\n", "\\n")
    assert first in text
    at = text.index(first)
    line = text.count("\n", 0, at) + 1
    return text[:at] + 'msgstr "\\q' + text[at + len('msgstr "') :], line


def duplicate_msgid(text):
    message = translated(text, lambda m: "\n" not in m.id and '"' not in m.id and "\\" not in m.id)
    entry = f'\nmsgid "{message.id}"\nmsgstr "Otra traducción."\n'
    return text + entry, text.count("\n") + 2


def truncated(text):
    cut = text.rindex('msgstr "') + len('msgstr "') + 3
    return text[:cut], text[:cut].count("\n") + 1


def link_dropped(text):
    message = translated(text, lambda m: "](" in m.id and m.id.count("](") == m.string.count("]("))
    string = message.string
    import re

    unlinked = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", string)
    lines = [f'"{part}"' for part in unlinked.replace('"', '\\"').split("\n")]
    catalog_text = text
    # replace the whole msgstr block of that entry
    start = catalog_text.index(f'msgid "{message.id[:20]}') if f'msgid "{message.id[:20]}' in catalog_text else None
    if start is None:
        first_line = message.id.split("\n")[0][:20]
        start = catalog_text.index(first_line)
        start = catalog_text.rindex("msgid", 0, start)
    msgstr_at = catalog_text.index("msgstr", start)
    end = catalog_text.find("\n\n", msgstr_at)
    end = len(catalog_text) if end < 0 else end
    new = "msgstr " + "\n".join(['""', *lines]) if len(lines) > 1 or len(unlinked) > 70 else f"msgstr {lines[0]}"
    return catalog_text[:msgstr_at] + new + catalog_text[end:], catalog_text.count("\n", 0, start) + 1


MISTAKES = {
    "post in a subfolder": in_a_subfolder,
    "post at the top of blog/": at_the_top_of_blog,
    "impossible date": impossible_date,
    "tab in front matter": tab_in_front_matter,
    "trailing tab": trailing_tab,
    "colon in a value": colon_in_a_value,
    "unclosed quote": unclosed_quote,
    "post not UTF-8": post_not_utf8,
    "page not UTF-8": page_not_utf8,
    "two titles in a post": two_titles_in_a_post,
    "two titles in a page": two_titles_in_a_page,
    "javascript: URL": data_mistake(
        "website", "javascript:alert(1)", "website 'javascript:alert(1)' is not a web address"
    ),
    "plain http URL": data_mistake(
        "website", "http://example.org/", "website 'http://example.org/' is a plain http:// address"
    ),
    "markup in a name": data_mistake(
        "name", "'<b>Bold</b> University'", "name contains markup ('<b>'); write plain text"
    ),
    "wrong type": data_mistake("joined", "soon", "field 'joined' should be a date"),
    "invalid escape": catalog_mistake(invalid_escape, "invalid control sequence"),
    "duplicate msgid": catalog_mistake(duplicate_msgid, "duplicate message definition"),
    "truncated catalog": catalog_mistake(truncated, "end-of-file within string"),
    "link dropped in a translation": catalog_mistake(link_dropped, "the translation has"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_sources(tmp_path_factory.mktemp("checks") / "src")


@pytest.mark.fast  # the builds stop at the checks, before Sphinx runs
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_mistake_is_one_plain_message_at_its_place(pristine, tmp_path, mistake):
    import shutil

    src = shutil.copytree(pristine, tmp_path / "src", symlinks=True)
    expected = MISTAKES[mistake](src)
    proc = build_copy(src, tmp_path, "en")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output, output
    assert expected in output, output
    assert not (tmp_path / "html").exists(), "something was published"


@pytest.mark.site
def test_a_translators_broken_link_is_reported_at_the_catalog_entry(pristine, tmp_path):
    """Sphinx reports it at the English page; the build names the .po file and line to fix."""
    import io
    import re
    import shutil

    src = shutil.copytree(pristine, tmp_path / "src", symlinks=True)
    for po in sorted((src / "locales" / "es" / "LC_MESSAGES").glob("*.po")):
        catalog = read_po(io.BytesIO(po.read_bytes()))
        message = next(
            (m for m in catalog if m.string and not m.fuzzy and re.search(r"\{doc\}`[^`]*</?([\w/-]+)>`", m.string)),
            None,
        )
        if message:
            break
    target = re.search(r"\{doc\}`[^`]*<(/?[\w/-]+)>`", message.string).group(1)
    wrong = target + "-missing"
    from babel.messages.pofile import write_po

    message.string = message.string.replace(f"<{target}>", f"<{wrong}>")
    with po.open("wb") as out:
        write_po(out, catalog, width=76)
    proc = build_copy(src, tmp_path, "es")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert wrong in output, output
    rel = po.relative_to(src).as_posix()
    assert re.search(rf"\[es\] {re.escape(rel)}:\d+: this translation causes the warning above", output), output


@pytest.mark.fast
def test_a_checked_catalog_is_not_checked_again_until_it_changes(pristine, tmp_path, monkeypatch):
    """The catalog checks' cache (catalyst/catalogs.py): correct catalogs once, a mistake on every build."""
    import shutil

    from catalyst import catalogs
    from tools.build import languages

    src = shutil.copytree(pristine, tmp_path / "src", symlinks=True)
    langs, cache = languages(src), tmp_path / "doctrees" / "catalog-checks.json"
    assert catalogs.check(src, langs, cache) == []
    runs = []
    real = catalogs.msgfmt_problems
    monkeypatch.setattr(catalogs, "msgfmt_problems", lambda *args, **kw: runs.append(args) or real(*args, **kw))
    assert catalogs.check(src, langs, cache) == []
    assert runs == [], "unchanged catalogs were checked again"

    po = sorted(catalogs.catalogs(src, langs))[0]
    broken, line = truncated(po.read_text(encoding="utf-8"))
    po.write_text(broken, encoding="utf-8")
    for attempt in (1, 2):
        problems = catalogs.check(src, langs, cache)
        assert [(p, n) for p, n, _ in problems] == [(po.relative_to(src).as_posix(), line)], (attempt, problems)
    assert len(runs) == 2


@pytest.mark.fast
def test_the_checked_catalogs_are_compiled_as_sphinx_compiles_them(pristine, tmp_path):
    """The check keeps msgfmt's ``.mo`` of every correct catalog: the same translations as the one
    Sphinx compiles with Babel (fuzzy entries left out unless allowed), newer than its ``.po``, so
    Sphinx does not compile it again; a catalog msgfmt rejects gets none."""
    import io
    import shutil

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import write_po
    from sphinx.util.i18n import CatalogInfo

    from catalyst import catalogs
    from tools.build import languages

    src = shutil.copytree(pristine, tmp_path / "src", symlinks=True)
    langs = languages(src)
    found = catalogs.catalogs(src, langs)
    # one translated entry marked fuzzy: Sphinx leaves it out unless told otherwise
    po = next(p for p in found if sum(1 for m in read_po(io.BytesIO(p.read_bytes())) if m.id and m.string) >= 2)
    with po.open("rb") as source:
        catalog = read_po(source)
    fuzzy = next(m for m in catalog if m.id and m.string)
    fuzzy.flags.add("fuzzy")
    with po.open("wb") as out:
        write_po(out, catalog, width=76)

    def translations(mo: Path) -> dict:
        """Every translation of a compiled catalog, but for its header (each tool writes its own)."""
        with mo.open("rb") as file:
            return {(m.context, m.id): m.string for m in read_mo(file) if m.id}

    for use_fuzzy in (False, True):
        assert catalogs.check(src, langs, None, use_fuzzy=use_fuzzy) == []
        for path in found:
            babel = tmp_path / f"babel-{use_fuzzy}"
            babel.mkdir(exist_ok=True)
            shutil.copy(path, babel / path.name)
            sphinxs = CatalogInfo(babel, path.stem, "utf-8")
            sphinxs.write_mo("es", use_fuzzy)
            assert translations(path.with_suffix(".mo")) == translations(sphinxs.mo_path), path
            assert not CatalogInfo(path.parent, path.stem, "utf-8").is_outdated(), path
        assert ((fuzzy.context, fuzzy.id) in translations(po.with_suffix(".mo"))) is use_fuzzy

    po.with_suffix(".mo").unlink()
    broken, _line = truncated(po.read_text(encoding="utf-8"))
    po.write_text(broken, encoding="utf-8")
    assert catalogs.check(src, langs, None)
    assert not po.with_suffix(".mo").exists()
