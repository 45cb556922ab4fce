"""The build's speed-ups change no output.

Sphinx's i18n transform parses every translated string on its own; the site
parses them with one Markdown parser per build and turns plain-text strings
into a text node without parsing them (catalyst/_compat.py, turned on by
catalyst/doctrees.py), and stems each word once per build for the search
index (catalyst/searchindex.py); pages are read with libyaml and one docutils
option parser per build (catalyst/reading.py).  These tests check that a
plain-text string is exactly what MyST would have made of it, that pages are
read into the same doctrees either way, and that the Spanish site is byte for
byte the same with the speed-ups on and off.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from docutils import nodes
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
from myst_parser.parsers.mdit import create_md_parser

from benchmarks import bench
from catalyst import _compat, data
from catalyst.frontmatter import FILENAME
from conftest import ROOT, copy_sources
from tools.build import site_config

SITE_EXTENSIONS = set(site_config(ROOT).get("myst_enable_extensions", []))
# Every MyST extension that gives no meaning to plain prose: with them, plain text must stay plain.
SYNTAX_EXTENSIONS = {
    "colon_fence",
    "deflist",
    "substitution",
    "dollarmath",
    "strikethrough",
    "attrs_inline",
    "attrs_block",
    "fieldlist",
    "tasklist",
    "amsmath",
    "html_image",
    "html_admonition",
    "alert",
}

# Strings at the edge of plain text: markup at the start of a line, inline
# markup, escapes, entities, whitespace.  Whatever is_plain_text accepts among
# them must be exactly what MyST makes of it.
EDGE_CASES = [
    "Plain words.",
    "¿Qué es un hub?",
    "¡Bienvenida!",
    '"Quoted" words',
    "(In brackets) words",
    "Ends with a colon:",
    "Ends with two colons::",
    "50 % of the hubs",
    "Hubs, notebooks; data: done?",
    "Words with – dashes — and … ellipses",
    "«Comillas» latinas",
    "E-mail: team@example.org",
    "C# and F#",
    "a+b=c",
    "Some *emphasis* here",
    "Some **strong** here",
    "snake_case word",
    "_under_",
    "Use `code` here",
    "A [link](https://example.org)",
    "A {doc}`role </about>`",
    "Escaped \\* star",
    "Fish &amp; chips",
    "Fish & chips",
    "A <b>tag</b>",
    "Math $x$ here",
    "Strike ~~this~~",
    "Sub {{ name }}",
    "Pipe | table",
    "Caret ^ here",
    "1. An ordered item",
    "1) Another",
    "2024 was the year",
    "- A bullet",
    "+ A bullet",
    "* A bullet",
    "# A heading",
    "> A quote",
    "    indented code",
    " leading space",
    "trailing space ",
    "two  spaces",
    "tab\there",
    "line\nbreak",
    "---",
    "***",
    ":::{note}",
    "% comment",
    "(target)=",
    "+++",
    ": definition",
    ":field: value",
    "",
    "x",
    "A_",
    "Word_",
    "https://example.org/page",
    "www.example.org",
    "Title\n" + "=" * 10,
]


def _po_strings() -> list[str]:
    """Every msgstr and msgid of the site's Spanish catalogs."""
    strings = []
    for po in sorted((ROOT / "locales").rglob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    strings += [message.id, message.string]
    return [s for s in strings if isinstance(s, str)]


def _describe(node) -> tuple:
    """A node's whole tree: type, text, attributes, line and source of every node."""
    if isinstance(node, nodes.Text):
        return ("Text", str(node), node.line, node.source)
    return (
        type(node).__name__,
        node.rawsource,
        dict(node.attributes),
        node.line,
        node.source,
        tuple(_describe(child) for child in node.children),
    )


@functools.cache
def _md_parser(extensions: frozenset):
    config = MdParserConfig(enable_extensions=set(extensions))
    return config, create_md_parser(config, DocutilsRenderer)


def _parsed(source: str, extensions: frozenset, path: str):
    document = make_document(path)
    _config, md = _md_parser(extensions)
    md.options["document"] = document
    env: dict = {}
    md.render(source, env)
    return document, env


@pytest.mark.parametrize("extensions", [SITE_EXTENSIONS, SYNTAX_EXTENSIONS], ids=["site", "every-syntax"])
def test_plain_text_is_what_myst_makes_of_it(extensions):
    config, _md = _md_parser(frozenset(extensions))
    path = "blog/post.md:12:<translated>"
    candidates = EDGE_CASES + _po_strings()
    plain = [s for s in candidates if _compat.is_plain_text(s, config)]
    assert plain and len(plain) < len(candidates)  # both ways are taken
    for source in plain:
        document, env = _parsed(source, frozenset(extensions), path)
        assert len(document.children) == 1, source
        assert _describe(_compat.plain_paragraph(source, path)) == _describe(document[0]), source
        assert _compat.plain_wordcount(source, config) == env["wordcount"], source


@pytest.mark.parametrize("extension", ["linkify", "smartquotes", "replacements", "gfm_autolink"])
def test_extensions_that_change_text_turn_the_shortcut_off(extension):
    config = MdParserConfig(enable_extensions=SITE_EXTENSIONS | {extension})
    assert not any(_compat.is_plain_text(s, config) for s in EDGE_CASES)


def test_the_speedup_applies_to_the_pinned_stack():
    """The guards recognise the installed Sphinx and MyST-Parser (else the build falls back to upstream code)."""
    assert _compat.fast_i18n_supported()
    assert _compat.node_matcher_supported()
    assert _compat.settings_reuse_supported()


def _matcher_tree() -> nodes.section:
    section = nodes.section()
    for index in range(3):
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(f"text {index}")
        paragraph += nodes.reference("", "a link", refname=f"name-{index % 2}")
        paragraph += nodes.footnote_reference("", "1", auto=1, refname=f"note-{index}")
        paragraph += nodes.target("", refname=f"name-{index % 2}")
        section += paragraph
    section += nodes.target("", refid="x")
    return section


@pytest.mark.parametrize(
    ("classes", "attrs"),
    [
        ((nodes.target,), {"refname": "name-1"}),
        ((nodes.footnote_reference,), {"auto": Any}),
        ((nodes.reference, nodes.target), {"refname": Any}),
        ((), {"refname": "name-0"}),
    ],
)
def test_node_matcher_finds_the_same_nodes_in_the_same_order(classes, attrs):
    """Sphinx's i18n transform runs NodeMatcher walks for every translated string: the fast one finds what upstream finds."""
    from sphinx.util.nodes import NodeMatcher

    tree = _matcher_tree()
    matcher = NodeMatcher(*classes, **attrs)
    expected = list(tree.findall(matcher))  # upstream's walk: the matcher as a condition
    assert expected
    assert list(_compat._node_matcher_findall(matcher, tree)) == expected


def test_a_string_parsed_and_thrown_away_is_not_parsed_again():
    """Sphinx's Locale transform parses each string in both its passes: the second gets the first's unused result."""
    from types import SimpleNamespace

    from myst_parser.parsers.sphinx_ import MystParser

    _compat.install_fast_i18n(True)
    env = SimpleNamespace(docname="post", metadata={}, myst_config=MdParserConfig(enable_extensions=SITE_EXTENSIONS))
    context = {
        "config": SimpleNamespace(source_suffix={".md": "markdown"}, rst_prolog=None),
        "env": env,
        "registry": SimpleNamespace(get_source_parsers=lambda: {"markdown": MystParser}),
        "settings": object(),
    }

    def upstream(*args, **kwargs):
        raise AssertionError("a plain MyST string is parsed by the site")

    def publish():
        return _compat._publish_once(upstream, "Una frase corta.", "post.md", 3, **context)

    first = publish()
    env.metadata["post"]["wordcount"] = "set by another string"
    assert publish() is first  # the first pass's result, not a second parse
    assert env.metadata["post"]["wordcount"] == {"words": 3, "minutes": 0}  # as the parse stores it
    third = publish()  # handed back once only
    assert third is not first
    assert third.astext() == first.astext()
    taken = nodes.paragraph()
    taken.children = third.children  # what Sphinx's update_leaves does with a patch it uses
    for child in taken.children:
        child.parent = taken
    assert publish() is not third  # used since: parsed again
    env.docname = "other"
    fifth = publish()
    env.docname = "post"
    assert publish() is not fifth  # kept for one document only


def test_node_matcher_tests_only_nodes_of_its_class():
    """The translation step's walks ask docutils for the matcher's class, instead of testing every node."""
    from sphinx.util.nodes import NodeMatcher

    _compat.install_fast_i18n(True)
    tested = []

    class Counting(NodeMatcher):
        def match(self, node):
            tested.append(node)
            return super().match(node)

    tree = _matcher_tree()
    found = list(Counting(nodes.target, refname="name-0").findall(tree))
    assert [node["refname"] for node in found] == ["name-0", "name-0"]
    assert all(isinstance(node, nodes.target) for node in tested)
    assert len(tested) == 4


# -- the Spanish site with and without the speed-up ---------------------------------

EXTRA_CONF = """
# test_translation_speed: page substitutions in translated text
myst_enable_extensions = [*myst_enable_extensions, "substitution"]
myst_substitutions = {"hub_count": "seven"}
"""

RICH_POST = """\
---
blogpost: true
date: 2024-03-05
author:
  - {author}
tags:
  - {tag}
---

# Rich markup in a translated post

A plain sentence about the hubs and the training.

Some *emphasis*, some **strong** words, `inline code` and {{{{ hub_count }}}} hubs.

- A first item with a [link to the website of 2i2c](https://2i2c.org/)
- A second item that links to {{doc}}`the about page </about>`
- A third item, plain

1. Read the lesson.
2. Open the notebooks.

```python
print("hello")
```

## A second section

Read the whole story on [the website of 2i2c](https://2i2c.org/).
"""


def _generated_corpus(src: Path) -> list[str]:
    """A few synthetic posts (the benchmark's generator) and one with every kind of markup; their docnames."""
    people = [p["name"] for p in data.load(src, "people")]
    tags = [t["name"] for t in data.load(src, "tags")]
    taken = {FILENAME.match(p.name)["slug"] for p in (src / "blog").glob("*/*.md") if FILENAME.match(p.name)}
    posts = [p for p in bench.generate_posts(8, people, tags, taken) if p.language is None]
    for post in posts:
        (src / post.path).parent.mkdir(parents=True, exist_ok=True)
        (src / post.path).write_text(post.text(), encoding="utf-8")
    rich = src / "blog" / "2024" / "2024-03-05-rich-markup.md"
    rich.write_text(RICH_POST.format(author=people[0], tag=tags[0]), encoding="utf-8")
    return [post.docname for post in posts] + ["blog/2024/2024-03-05-rich-markup"]


def _sphinx(src: Path, *args: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "--no-color", *args],
        capture_output=True,
        text=True,
        cwd=src,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _translate(src: Path, potdir: Path, docnames: list[str]) -> int:
    """A complete Spanish catalog (the benchmark's pseudo-translation) for each of *docnames*."""
    count = 0
    for docname in docnames:
        with (potdir / f"{docname}.pot").open("rb") as handle:
            template = read_po(handle)
        catalog = Catalog(locale="es", fuzzy=False)
        for message in template:
            if message.id:
                catalog.add(message.id, bench.pseudo_translate(message.id), context=message.context)
                count += 1
        po = src / "locales" / "es" / "LC_MESSAGES" / f"{docname}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalog)
    return count


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.site  # builds the Spanish site twice
def test_spanish_site_is_identical_with_and_without_the_speedups(tmp_path):
    src = copy_sources(tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(textwrap.dedent(EXTRA_CONF))
    docnames = _generated_corpus(src)
    _sphinx(src, "-b", "gettext", "-d", str(tmp_path / "gettext-doctrees"), ".", str(tmp_path / "pot"))
    assert _translate(src, tmp_path / "pot", docnames)

    built = {}
    for switch in ("1", "0"):
        out = tmp_path / f"fast-{switch}"
        switches = [f"catalyst_fast_{name}={switch}" for name in ("i18n", "search", "read")]
        switches = [arg for value in switches for arg in ("-D", value)]
        _sphinx(src, "-b", "html", "-D", "language=es", *switches, "-d", str(out / "doctrees"), ".", str(out / "html"))
        built[switch] = _files(out / "html")
    rich = built["1"]["blog/2024/2024-03-05-rich-markup.html"].decode()
    assert "<em>" in rich and "<code" in rich and "seven" in rich  # markup and substitutions translated
    assert built["1"].keys() == built["0"].keys()
    different = [name for name in built["1"] if built["1"][name] != built["0"][name]]
    assert not different, f"{len(different)} files differ, e.g. {different[:5]}"


def _doctrees(folder: Path) -> dict[str, tuple[str, dict]]:
    """Each pickled doctree: its nodes, and its settings (what can be pickled of them)."""
    import pickle

    read = {}
    for path in sorted(folder.rglob("*.doctree")):
        doctree = pickle.loads(path.read_bytes())
        settings = {k: repr(v) for k, v in vars(doctree.settings).items()}
        read[path.relative_to(folder).as_posix()] = (doctree.pformat(), settings)
    return read


def test_pages_are_read_fast_into_the_same_doctrees(tmp_path, rootdir, monkeypatch):
    """With catalyst_fast_read, MyST reads front matter with libyaml and Sphinx makes one docutils
    option parser per build: the doctrees (nodes and settings) are those of upstream's way."""
    import shutil

    import yaml
    from docutils.frontend import OptionParser
    from sphinx.testing.util import SphinxTestApp

    from conftest import FIXTURE_EPOCH

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-blog", srcdir)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(FIXTURE_EPOCH))
    libyaml_reads, option_parsers = [], []

    def counting_load(stream):
        libyaml_reads.append(stream)
        return yaml.load(stream, Loader=yaml.CSafeLoader)

    upstream_init = OptionParser.__init__

    def counting_init(self, *args, **kwargs):
        option_parsers.append(kwargs.get("components"))
        upstream_init(self, *args, **kwargs)

    monkeypatch.setattr(_compat, "_libyaml_safe_load", counting_load)
    monkeypatch.setattr(OptionParser, "__init__", counting_init)
    python_safe_load = yaml.safe_load
    read = {}
    for switch in (True, False):
        libyaml_reads.clear()
        app = SphinxTestApp(
            "dummy",
            srcdir=srcdir,
            builddir=tmp_path / f"fast-{switch}",
            confoverrides={"language": "en", "catalyst_fast_read": switch},
            status=None,
            warning=None,
        )
        option_parsers.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                app.build()
            finally:
                app.cleanup()
        ours = [str(w.message) for w in caught if Path(w.filename).is_relative_to(ROOT / "catalyst")]
        assert not ours, ours  # e.g. a deprecated Sphinx name used by the site's code
        read[switch] = _doctrees(Path(app.doctreedir))
        pages = [name for name in app.env.found_docs if name in app.env.all_docs]
        with_front_matter = [
            name for name in pages if app.env.doc2path(name).read_text(encoding="utf-8").startswith("---")
        ]
        assert with_front_matter
        # MyST reads each page's front matter twice; with libyaml only with the switch on
        assert len(libyaml_reads) >= 2 * len(with_front_matter) if switch else not libyaml_reads
        assert yaml.safe_load is python_safe_load  # PyYAML's own again once MyST has parsed
        # one option parser per page upstream; with the switch, one for them all
        per_page = [c for c in option_parsers if c and len(c) == 2]
        assert len(per_page) == (1 if switch else len(pages)), len(per_page)
    assert read[True] and read[True] == read[False]
