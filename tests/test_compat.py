"""Private names of the projects the site builds on appear only in ``catalyst/_compat.py``.

Each private touch there is guarded and says which upstream change would remove it; anywhere else it
would break silently on the next upgrade.  This test reads the code (no build).
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

pytestmark = pytest.mark.fast

UPSTREAM = r"(?:ablog|sphinx|docutils|myst_parser|pydata_sphinx_theme|sphinx_autobuild|sphinxext|notfound)"
PRIVATE = [
    # names the site has needed, by name
    re.compile(r"\bBlog\._dict\b"),
    re.compile(r"\bevents\.listeners\b"),
    re.compile(r"\blistener\._replace\b"),
    re.compile(r"\b_update_post_node\b"),
    re.compile(r"\bhtml_builder_write_doc\b"),
    re.compile(r"\._document\b"),
    re.compile(r"\[\"doctree\"\]\s*=\s*None"),
    re.compile(r"\b_create_app\b"),
    re.compile(r"\bCheckFrontMatter\b"),
    # Sphinx's search scripts, from a template or a script
    re.compile(r"\bDocumentation\.TRANSLATIONS\b"),
    re.compile(r"\bSearch\.htmlToText\b"),
    # any other underscore name imported from, or reached through, an upstream module
    re.compile(rf"\bfrom\s+{UPSTREAM}[\w.]*\s+import\s+(?:\([^)]*)?\b_[A-Za-z]\w*"),
    re.compile(rf"\b{UPSTREAM}(?:\.\w+)*\._[A-Za-z]\w*"),
]
ALLOWED = {ROOT / "catalyst" / "_compat.py", ROOT / "tests" / "test_compat.py"}


def code_files():
    """The site's code: Python, and the templates and scripts of the extension."""
    for folder in ("catalyst", "tools", "benchmarks", "tests"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "conf.py"
    for pattern in ("*.html", "*.js"):
        yield from sorted((ROOT / "catalyst").rglob(pattern))


def private_touches(text: str) -> list[str]:
    return [match.group(0) for pattern in PRIVATE for match in pattern.finditer(text)]


def test_private_upstream_names_only_in_the_compatibility_module():
    found = {
        path.relative_to(ROOT).as_posix(): touches
        for path in code_files()
        if path not in ALLOWED and (touches := private_touches(path.read_text(encoding="utf-8")))
    }
    assert not found, f"private upstream names outside catalyst/_compat.py: {found}"


@pytest.mark.parametrize(
    "line",
    [
        "Blog._dict.clear()",
        "from ablog.post import PostNode, _update_post_node",
        "from sphinx_autobuild.__main__ import _create_app",
        "listeners = app.events.listeners['html-collect-pages']",
        "node._document = None",
        "x = sphinx.util._private_helper()",
        "var T = Documentation.TRANSLATIONS;",
        "Search.htmlToText = function (htmlString, anchor) {",
    ],
)
def test_the_check_sees_a_private_touch(line):
    assert private_touches(line)


def test_every_shim_names_its_upstream_fix():
    """Each section of the module (``# -- name ---``) that defines a shim says what would remove it."""
    text = (ROOT / "catalyst" / "_compat.py").read_text(encoding="utf-8")
    sections = re.split(r"^# -- ", text, flags=re.M)[1:]
    assert len(sections) >= 4
    for section in sections:
        for function in re.findall(r"^def ([a-z]\w*)\(", section, re.M):
            body = section.split(f"def {function}(", 1)[1].split("\ndef ", 1)[0]
            head = section.split("\ndef ", 1)[0]
            assert any(re.search(r"Upstream fix|upstream/[\w.-]+\.md", part) for part in (body, head)), function


def test_translated_doctrees_belong_to_their_own_document(fixture_blog):
    """Sphinx's i18n transform leaves MyST's nodes tied to a throwaway document (upstream/sphinx-i18n-document.md)."""
    import pickle

    doctrees = fixture_blog["es"].outdir.parent / "doctrees"
    checked = 0
    for path in sorted((doctrees / "blog").rglob("*.doctree")):
        doctree = pickle.loads(path.read_bytes())
        others = {id(node._document) for node in doctree.findall()} - {id(None), id(doctree)}
        assert not others, f"{path.name}: nodes of {len(others)} other document(s)"
        checked += 1
    assert checked
