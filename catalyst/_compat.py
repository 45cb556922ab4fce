"""Every use of another project's private names, in one place.

The site builds on Sphinx, docutils, ablog, MyST and pydata-sphinx-theme.  Where
their public API does not reach, the site touches their internals; each such
touch lives here and nowhere else (``tests/test_compat.py`` greps the tree for
them), behind a feature test or version check, with the upstream change that
would remove it.  When an upstream release breaks a shim, the weekly workflow
``.github/workflows/upstream.yml`` (newest releases of the whole stack) fails on
it before anyone upgrades.

The patches that would make most of these unnecessary are written up in
``upstream/``, ready to send.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

# -- ablog ---------------------------------------------------------------------


def reset_ablog_state() -> None:
    """Forget ablog's blog of the previous build in this process.

    ``ablog.blog.Blog`` keeps its whole state in a class attribute (``_dict``,
    shared by every instance), built once from the first application's
    configuration; a second build in the same process (tests, ``sphinx-build``
    called twice) would see the first build's posts and settings (the Spanish
    feed got the English base URL).  ablog's own tests reset it the same way.
    Upstream fix: keep the state on the application (``upstream/ablog-blog-state.md``).
    """
    from ablog.blog import Blog

    state = getattr(Blog, "_dict", None)
    if isinstance(state, dict):
        state.clear()


def ablog_frontmatter_priority() -> int:
    """The priority of ablog's ``CheckFrontMatter`` transform (800 in ablog 0.11).

    It turns front matter into a post node, and the site's own transform
    (``frontmatter.PostFromFrontMatter``) must run just before it.  The number
    is not documented, so it is read, not copied.  Upstream fix: ablog accepting
    YAML lists in front matter (then the site's transform is not needed).
    """
    from ablog.post import CheckFrontMatter

    return int(getattr(CheckFrontMatter, "default_priority", 800))


def fill_post_node(node, *, tags: list[str], authors: list[str]):
    """Give ablog's post node the fields ablog's own directive gives it.

    ablog fills the node in ``ablog.post._update_post_node``, which has no
    public counterpart; without it the site would have to know every field.
    Upstream fix: a public constructor (``PostNode.from_options``) or making
    ``CheckFrontMatter`` accept YAML lists (then the site needs no post node).
    """
    from ablog import post as ablog_post

    update = getattr(ablog_post, "_update_post_node", None)
    if update is None:  # feature test: the fields ablog 0.11 reads
        for key in ("category", "location", "language", "redirect", "canonical_link", "external_link"):
            node[key] = []
        node.update_all_atts({"title": None, "image": None, "excerpt": None, "exclude": False, "nocomments": False})
        node["tags"], node["author"], node["date"] = tags, authors, None
        return node
    return update(node, {"tags": tags, "author": authors}, [])


def render_fragment(builder, docname: str, doctree) -> str:
    """A doctree rendered to HTML as if it were part of page *docname*.

    ablog renders excerpts with ``ablog.blog.html_builder_write_doc``, a copy of
    part of ``StandaloneHTMLBuilder.write_doc`` that sets the builder's current
    page (image and download paths); the site uses the same helper so that its
    excerpts are exactly ablog's.  It resets builder state (``secnumbers``,
    ``fignumbers``), which is why it runs only while archive pages are written.
    Upstream fix: a public ``builder.render_fragment(docname, doctree)`` in Sphinx.
    """
    from ablog.blog import html_builder_write_doc

    return html_builder_write_doc(builder, docname, doctree)


def drop_ablog_doctree_copies(app) -> None:
    """Keep ablog's copies of a post small in the saved environment.

    ablog stores a deep copy of every post's doctree (``env.ablog_posts[...]
    ["doctree"]``) for full-text feeds; the site publishes title-and-excerpt
    feeds only (``blog_feed_fulltext`` off), so the copy is dropped: ablog's
    ``Post.to_html`` deep-copies it and would fail on ``None`` if full-text feeds
    were turned on, hence the check.  Each excerpt node also keeps a reference
    to the whole post (docutils' ``node._document``), so pickling an excerpt
    saved the post again.  Upstream fix: ablog keeps the copy only when
    ``blog_feed_fulltext`` is on.
    """
    infos = getattr(app.env, "ablog_posts", {}).get(app.env.docname, ())
    for info in infos:
        if not app.config.blog_feed_fulltext and "doctree" in info:
            info["doctree"] = None
        for excerpt in info.get("excerpt", ()):
            for node in excerpt.findall():
                node.document = None  # the public setter


# -- Sphinx's events -----------------------------------------------------------
# Sphinx has ``app.connect``/``app.disconnect(listener_id)``, but no way to find
# the id of a handler another extension connected (ablog drops the ids).  The
# site replaces two of ablog's ``html-collect-pages`` handlers, so it reads
# ``app.events.listeners`` (a dict of lists of ``EventListener`` named tuples).
# Upstream fix: ablog returns/stores its listener ids, or a config value to turn
# its archive pages off; or Sphinx offers ``app.events.listeners_for(event)``.


def _listeners(app, event: str) -> list:
    listeners = getattr(getattr(app, "events", None), "listeners", None)
    if not isinstance(listeners, dict):
        raise RuntimeError("sphinx.events.EventManager.listeners has changed; see catalyst/_compat.py")
    return listeners[event]


def replace_handler(app, event: str, handler, replacement) -> bool:
    """Put *replacement* where *handler* was connected to *event* (same priority)."""
    listeners = _listeners(app, event)
    for index, listener in enumerate(listeners):
        if listener.handler is handler:
            listeners[index] = listener._replace(handler=replacement)
            return True
    return False


def handlers(app, event: str) -> list:
    """The handlers connected to *event*, in connection order."""
    return [listener.handler for listener in _listeners(app, event)]


def disconnect_handler(app, event: str, handler) -> bool:
    """Disconnect a handler another extension connected, through the public ``app.disconnect``."""
    for listener in _listeners(app, event):
        if listener.handler is handler:
            app.disconnect(listener.id)
            return True
    return False


# -- docutils and Sphinx's i18n transform ---------------------------------------


# docutils keeps a node's own document in ``Node._document`` (the public
# ``node.document`` walks up to the parent's when it is None).  Feature test:
# without the attribute there is nothing to reattach.
_OWN_DOCUMENT = hasattr(nodes.Node, "_document")


def reattach_nodes(doctree: nodes.document) -> None:
    """Point every node of *doctree* that belongs to another document back at *doctree*.

    Sphinx's i18n transform (``sphinx.transforms.i18n.Locale``) parses each
    translated string into a throwaway document tied to the environment, and
    MyST's inline nodes keep that document as their own; every pickled
    translated doctree then carries a copy of the environment.  Only those
    nodes are changed (setting every node's document would make the copies
    other extensions keep, such as the table of contents, carry the page).
    Upstream fix: the same loop at the end of ``Locale.apply``
    (``upstream/sphinx-i18n-document.md``).
    """
    if not _OWN_DOCUMENT:
        return
    for node in doctree.findall():
        if node._document is not None and node._document is not doctree:
            node._document = doctree


# -- translated strings: one Markdown parser per build, plain text not parsed ---
#
# Sphinx's i18n transform (``sphinx.transforms.i18n.Locale``) publishes every
# translated string through the private ``_publish_msgstr``: a new document,
# a new source parser, a parse.  With MyST each parse also builds a new
# markdown-it parser (every plugin set up again) and, in the renderer's
# ``setup_render``, a default docutils document that is thrown away unused
# (``options.get("document", make_document())`` evaluates the default first:
# a whole docutils option parser per string).  Most translated strings are a
# sentence of plain text, for which all that work returns one ``Text`` node.
#
# Upstream-ready patch: upstream/i18n-parser-reuse.md.  Turned on per build by
# catalyst/doctrees.py (``catalyst_fast_i18n``, on unless ``-D catalyst_fast_i18n=0``).

# The upstream code this was written against (Sphinx 9.0, MyST-Parser 5.2):
# a digest of its source.  Any other version keeps upstream behaviour.
_PUBLISH_MSGSTR_PARAMS = ("source", "source_path", "source_line", "config", "env", "registry", "settings")
_SETUP_RENDER_SHA256 = "09ae3e2fe89715fd2d705d1dd13e941631e5e3a104214f3f2145d0d7f213ab8c"

# Extensions that give plain text a meaning (links, quotes, dashes): with any
# of them, every string is parsed.
_TEXT_EXTENSIONS = {"linkify", "gfm_autolink", "smartquotes", "replacements", "section_ref"}

# A line of prose in which Markdown (CommonMark and every MyST extension) sees
# nothing but text: it starts with a letter or opening punctuation (no list,
# heading, fence, comment, target or field marker can start it), has no line
# break and no character that starts inline syntax (``* _ ` [ ] < > & \ { } $
# ~ ^ | = #``), and no leading or trailing space.
_ALLOWED = r"""(?:[^\W_]|[ ,.;:?!¿¡"“”«»‘’'()/%+@–—…-])"""
_FIRST = r"""(?:[^\W\d_]|[¿¡"“«‘'(])"""
_LAST = r"""(?:[^\W_]|[,.;:?!"”»’')%…])"""
_PLAIN_TEXT = re.compile(f"{_FIRST}(?:{_ALLOWED}*{_LAST})?")

# "unused": the strings parsed here and not yet handed back, for the document "unused_for"
_state = {"enabled": False, "parser": None, "busy": False, "parsed_here": False, "unused": {}, "unused_for": None}


def _source_digest(function) -> str | None:
    try:
        return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    except (OSError, TypeError):
        return None


@functools.cache  # before install_fast_i18n replaces what it checks
def fast_i18n_supported() -> bool:
    """Whether the installed Sphinx and MyST-Parser are the ones the speed-up was written for."""
    try:
        import sphinx.transforms.i18n as sphinx_i18n
        from myst_parser.mdit_to_docutils.base import DocutilsRenderer
        from myst_parser.parsers.mdit import create_md_parser  # noqa: F401
        from myst_parser.parsers.sphinx_ import MystParser  # noqa: F401
    except ImportError:
        return False
    publish = getattr(sphinx_i18n, "_publish_msgstr", None)
    if publish is None or tuple(inspect.signature(publish).parameters) != _PUBLISH_MSGSTR_PARAMS:
        return False
    return _source_digest(DocutilsRenderer.setup_render) == _SETUP_RENDER_SHA256


def install_fast_i18n(enabled: bool) -> None:
    """Turn the translated-string speed-up on or off for the build about to run.

    The replacements are installed once per process; each checks the switch
    at every call and falls back to upstream code when it is off.
    """
    _state["enabled"] = enabled and fast_i18n_supported()
    if not _state["enabled"]:
        return
    import sphinx.transforms.i18n as sphinx_i18n
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    if not getattr(sphinx_i18n._publish_msgstr, "_catalyst", False):
        upstream = sphinx_i18n._publish_msgstr

        def _publish_msgstr(source, source_path, source_line, *, config, env, registry, settings):
            return _publish_once(
                upstream,
                source,
                source_path,
                source_line,
                config=config,
                env=env,
                registry=registry,
                settings=settings,
            )

        _publish_msgstr._catalyst = True
        sphinx_i18n._publish_msgstr = _publish_msgstr
    if not getattr(DocutilsRenderer.setup_render, "_catalyst", False):
        upstream_setup = DocutilsRenderer.setup_render

        def setup_render(self, options, env):
            if _state["enabled"] and "document" in options:
                return _setup_render(self, options, env)
            return upstream_setup(self, options, env)

        setup_render._catalyst = True
        DocutilsRenderer.setup_render = setup_render
    if node_matcher_supported():
        from sphinx.util.nodes import NodeMatcher

        if not getattr(NodeMatcher.findall, "_catalyst", False):
            upstream_findall = NodeMatcher.findall

            def findall(self, node):
                if _state["enabled"]:
                    return _node_matcher_findall(self, node)
                return upstream_findall(self, node)

            findall._catalyst = True
            NodeMatcher.findall = findall


# Sphinx 9.0's NodeMatcher.findall and NodeMatcher.match, as digests of their source.
_NODE_MATCHER_SHA256 = (
    "c0a45be11dcc8808690b9ae77ad2ca4b95116723abb8fb3aa28bc1654867af2a",
    "677ea13e9fd52e68ba29087498a3a9431bd483e0c7d2bc2d9aed833c352e6233",
)


@functools.cache  # before install_fast_i18n replaces what it checks
def node_matcher_supported() -> bool:
    """Whether the installed Sphinx's ``NodeMatcher`` is the one ``_node_matcher_findall`` was written for."""
    try:
        from sphinx.util.nodes import NodeMatcher
    except ImportError:
        return False
    digests = (_source_digest(NodeMatcher.findall), _source_digest(NodeMatcher.match))
    return digests == _NODE_MATCHER_SHA256


def _node_matcher_findall(matcher, node):
    """Sphinx 9.0's ``NodeMatcher.findall``, walking the tree with docutils' fast class test.

    Upstream hands the matcher to ``Node.findall`` as a function, and docutils
    then calls it, through its generic path, on every node of the tree.  A
    matcher for one node class can only match instances of it: asking docutils
    for those (its ``isinstance``-only walk) and testing only them yields the
    same nodes in the same order.  Sphinx's ``Locale`` transform runs four such
    matchers over every translated string and one over the whole document for
    every translated section title.  Upstream: sphinx-doc/sphinx, the patch in
    ``upstream/sphinx-node-matcher.md``.
    """
    classes = matcher.classes
    if len(classes) != 1 or not isinstance(classes[0], type):
        return node.findall(matcher)
    match = matcher.match
    return (found for found in node.findall(classes[0]) if match(found))


def _setup_render(self, options, env) -> None:
    """MyST-Parser 5.2's ``DocutilsRenderer.setup_render``, with the document taken from *options*
    instead of a default one built first and thrown away (upstream: make the default lazy)."""
    from docutils.parsers.rst.languages import get_language as get_language_rst

    self.md_env = env
    self.md_options = options
    self.md_config = options["myst_config"]
    self.document = options["document"]
    self.current_node = options.get("current_node", self.document)
    self.reporter = self.document.reporter
    self.language_module_rst = get_language_rst(self.document.settings.language_code)
    self._heading_offset = 0
    self._level_to_section = {0: self.document}
    self._heading_slugs = {}


def is_plain_text(source: str, myst_config) -> bool:
    """Whether MyST, configured as *myst_config*, parses *source* into one paragraph of one ``Text``."""
    if myst_config.gfm_only or myst_config.html_meta or _TEXT_EXTENSIONS & set(myst_config.enable_extensions):
        return False
    return _PLAIN_TEXT.fullmatch(source) is not None


def plain_paragraph(source: str, source_path: str) -> nodes.paragraph:
    """The paragraph MyST makes of a plain-text *source* (see ``is_plain_text``) in a document at *source_path*."""
    paragraph = nodes.paragraph(source)
    paragraph.line = 1
    paragraph.source = source_path
    text = nodes.Text(source)
    paragraph.append(text)
    text.source, text.line = source_path, 1  # as docutils stamps them in a parsed document
    return paragraph


def plain_wordcount(source: str, myst_config) -> dict:
    """What MyST's word-count plugin stores for a plain-text *source*."""
    from mdit_py_plugins.wordcount import basic_count

    words = basic_count(source)
    return {"words": words, "minutes": int(round(words / myst_config.words_per_minute))}  # noqa: RUF046 (as MyST)


def _publish_once(upstream, source, source_path, source_line, *, config, env, registry, settings):
    """``_publish_translated``, with a string the ``Locale`` transform parsed and threw away handed back to it.

    Sphinx 9.0's ``Locale.apply`` parses every translated string twice: in its
    first pass, only to see whether it is a section title or a glossary term
    whose name changes, throwing the result away for every other node; then
    again in its second pass, which uses it.  A string parsed here (not by
    upstream code) and not used since (its children still belong to it) is
    handed back, once, for the same string, source and line of the same
    document, with the word count the parse stored in the document's metadata
    (MyST's side effect) stored again.  Upstream: sphinx-doc/sphinx, the patch
    in ``upstream/sphinx-i18n-parse-once.md``.
    """
    unused = _state["unused"]
    if _state["unused_for"] != (env.docname, id(settings)):
        unused.clear()
        _state["unused_for"] = (env.docname, id(settings))
    key = (source, source_path, source_line)
    if _state["enabled"] and not _state["busy"]:
        kept = unused.pop(key, None)
        if kept is not None and all(child.parent is kept[0] for child in kept[0].children):
            patch, wordcount = kept
            if wordcount is not None:
                env.metadata.setdefault(env.docname, {})["wordcount"] = wordcount
            return patch
    before = env.metadata.get(env.docname, {}).get("wordcount")
    patch = _publish_translated(
        upstream, source, source_path, source_line, config=config, env=env, registry=registry, settings=settings
    )
    if _state["parsed_here"] and _state["enabled"]:
        after = env.metadata.get(env.docname, {}).get("wordcount")
        unused[key] = (patch, after if after is not before else None)
    return patch


def _publish_translated(upstream, source, source_path, source_line, *, config, env, registry, settings):
    """``sphinx.transforms.i18n._publish_msgstr`` for MyST sources, with one markdown-it parser per build."""
    import docutils.utils
    from myst_parser.config.main import TopmatterReadError, read_topmatter
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from myst_parser.parsers.mdit import create_md_parser
    from myst_parser.parsers.sphinx_ import MystParser
    from sphinx.util import get_filetype
    from sphinx.util.docutils import LoggingReporter

    def fallback():
        _state["parsed_here"] = False
        return upstream(source, source_path, source_line, config=config, env=env, registry=registry, settings=settings)

    if not _state["enabled"] or _state["busy"]:
        return fallback()
    _state["parsed_here"] = True  # unless fallback() is called below
    filetype = get_filetype(config.source_suffix, source_path)
    parser = registry.get_source_parsers().get(filetype)
    if not (isinstance(parser, type) and issubclass(parser, MystParser)):
        return fallback()
    myst_config = env.myst_config
    translated_path = f"{source_path}:{source_line}:<translated>"
    if is_plain_text(source, myst_config):
        # MyST stores the word count of every parse in the metadata of the
        # document being read (each translated string replaces the figure of
        # the one before): kept as it is.
        env.metadata.setdefault(env.docname, {})["wordcount"] = plain_wordcount(source, myst_config)
        return plain_paragraph(source, translated_path)
    try:
        if read_topmatter(source):  # MystParser.parse would merge it into the configuration
            return fallback()
    except TopmatterReadError:
        return fallback()

    cached = _state["parser"]
    if cached is None or cached[0] is not myst_config:
        cached = _state["parser"] = (myst_config, create_md_parser(myst_config, SphinxRenderer))
    md = cached[1]

    doc = docutils.utils.new_document(translated_path, settings)
    doc.reporter = LoggingReporter.from_reporter(doc.reporter)
    rst_prolog = config.rst_prolog
    config.rst_prolog = None
    _state["busy"] = True
    try:
        md.options["document"] = doc
        md.render(source)
        doc.current_source = doc.current_line = None
    finally:
        md.options.pop("document", None)
        _state["busy"] = False
        config.rst_prolog = rst_prolog
    try:
        return doc[0]
    except IndexError:  # empty node
        return doc


# -- reading pages: MyST's front matter with libyaml, docutils' settings once ------
#
# Installed by catalyst/reading.py (``catalyst_fast_read``, on unless
# ``-D catalyst_fast_read=0``); both change how fast a page is read, not what
# is read (tests/test_translation_speed.py compares the doctrees).
#
# MyST-Parser reads a document's front matter twice, with ``yaml.safe_load``
# both times (``read_topmatter`` for the file's own ``myst`` options, then
# ``DocutilsRenderer.render_front_matter`` for its fields): PyYAML's parser
# written in Python, several times slower than its libyaml one
# (``yaml.CSafeLoader``), which builds the same data with the same constructor
# and resolvers.  The site checks every post's front matter with libyaml
# before Sphinx starts (catalyst/frontmatter.py), so MyST only meets YAML that
# libyaml accepts.  Public names only: the parser is a subclass registered
# through ``app.add_source_parser``, and while it parses, ``yaml.safe_load`` is
# PyYAML's own function with libyaml's loader.  Feature test: PyYAML built
# without libyaml (no ``CSafeLoader``) keeps MyST's way.  Upstream-ready patch:
# upstream/myst-libyaml.md.
#
# Sphinx 9 reads each document through ``sphinx.util.docutils._parse_str_to_doctree``,
# which calls the private ``_get_settings`` for its docutils settings: a new
# ``OptionParser`` per document (every component's settings gathered into
# option objects, docutils' configuration files looked for and read) to make
# the same default values every time.  The parser is made once per kind of
# document and build here, and each document gets fresh values from it, as
# ``OptionParser.get_default_values`` makes them.  Guard: the source of
# ``_get_settings`` is Sphinx 9.0's; and when a docutils configuration file
# was read (its list settings are then extended in place), upstream's way.
# Upstream-ready patch: upstream/sphinx-settings-once.md.

_reading = {"enabled": False, "parsers": {}}


def _libyaml_safe_load(stream):
    import yaml

    return yaml.load(stream, Loader=yaml.CSafeLoader)


def register_libyaml_parser(app) -> None:
    """Register MyST's parser for Markdown, reading front matter with libyaml while ``catalyst_fast_read`` is on."""
    import yaml
    from myst_parser.parsers.sphinx_ import MystParser

    if not hasattr(yaml, "CSafeLoader"):
        return
    app.setup_extension("myst_parser")  # its parser registered first, then replaced
    python_safe_load = yaml.safe_load

    class LibyamlMystParser(MystParser):
        __doc__ = MystParser.__doc__

        def parse(self, inputstring, document):
            if not _reading["enabled"] or yaml.safe_load is not python_safe_load:
                return super().parse(inputstring, document)
            yaml.safe_load = _libyaml_safe_load
            try:
                return super().parse(inputstring, document)
            finally:
                yaml.safe_load = python_safe_load

    app.add_source_parser(LibyamlMystParser, override=True)


# Sphinx 9.0's sphinx.util.docutils._get_settings, as a digest of its source.
_GET_SETTINGS_SHA256 = "98f6827c105d911272f760e08635c8a28c5d67b3560027c9af85294e235ff545"
# What a docutils component gives the option parser (class attributes in docutils, Sphinx and MyST).
_COMPONENT_SETTINGS = (
    "settings_spec",
    "settings_defaults",
    "settings_default_overrides",
    "relative_path_settings",
    "config_section",
    "config_section_dependencies",
)
_IMMUTABLE = (str, bytes, int, float, bool, type(None))


@functools.cache  # before install_fast_reading replaces what it checks
def settings_reuse_supported() -> bool:
    """Whether the installed Sphinx reads documents with the ``_get_settings`` this was written for."""
    import sphinx.util.docutils as sphinx_docutils

    # _source_digest gives None for a missing function
    return _source_digest(getattr(sphinx_docutils, "_get_settings", None)) == _GET_SETTINGS_SHA256


def install_fast_reading(enabled: bool) -> None:
    """Turn the reading speed-ups on or off for the build about to run (see the section's comment)."""
    _reading["enabled"] = enabled
    _reading["parsers"].clear()  # a build's settings are not the next one's
    if not (enabled and settings_reuse_supported()):
        return
    import sphinx.util.docutils as sphinx_docutils

    if getattr(sphinx_docutils._get_settings, "_catalyst", False):
        return
    upstream = sphinx_docutils._get_settings

    def _get_settings(*components, defaults, read_config_files=False):
        if _reading["enabled"]:
            values = _settings_once(components, defaults, read_config_files)
            if values is not None:
                return values
        return upstream(*components, defaults=defaults, read_config_files=read_config_files)

    _get_settings._catalyst = True
    sphinx_docutils._get_settings = _get_settings


def _settings_once(components, defaults, read_config_files):
    """Fresh default settings from the option parser made for the same components and defaults,
    or None where upstream's way is needed."""
    import warnings

    from docutils.frontend import OptionParser

    classes = []
    for component in components:
        if not isinstance(component, type):
            if set(getattr(component, "__dict__", ())) & set(_COMPONENT_SETTINGS):  # the instance's own settings
                return None
            component = type(component)
        classes.append(component)
    # values by identity unless immutable; the cache keeps them, so no identity is reused
    key = (
        tuple(classes),
        read_config_files,
        tuple((k, v if isinstance(v, _IMMUTABLE) else id(v)) for k, v in defaults.items()),
    )
    parsers = _reading["parsers"]
    if key not in parsers:
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):  # as upstream
            parser = OptionParser(components=components, defaults=defaults, read_config_files=read_config_files)
        parsers[key] = (None if parser.config_files else parser, dict(defaults))
    parser = parsers[key][0]
    return None if parser is None else parser.get_default_values()


# -- pydata-sphinx-theme ---------------------------------------------------------
# ``catalyst/templates/layout.html`` replaces the theme's ``css`` block (without
# its ``head_js_preload()`` macro) and its ``extrahead`` block (without the
# search-as-you-type scripts): the theme has no option for either.  The copies
# follow this version of the theme's ``layout.html``; a newer theme must be
# compared with them before the site upgrades.  Upstream fix: FontAwesome's
# script loaded late or not at all (pydata/pydata-sphinx-theme#2115, #2494) and
# the search scripts only where search-as-you-type is on.
THEME_LAYOUT_FROM = (0, 24)


def check_theme_layout(app) -> None:
    """Warn when the theme is not the one whose head blocks the site's layout copies."""
    try:
        from pydata_sphinx_theme import __version__ as theme_version
    except ImportError:
        return
    release = tuple(int(part) for part in theme_version.split(".")[:2] if part.isdigit())
    if release != THEME_LAYOUT_FROM:
        logger.warning(
            "catalyst/templates/layout.html copies the css and extrahead blocks of pydata-sphinx-theme %s; "
            "this is %s: compare them with its layout.html, then update THEME_LAYOUT_FROM in catalyst/_compat.py",
            ".".join(map(str, THEME_LAYOUT_FROM)),
            theme_version,
            type="catalyst",
            subtype="compat",
        )


# -- Sphinx's search page ----------------------------------------------------------
# searchtools.js has no option for its wording or for what a result's snippet
# leaves out: it reads its strings from ``Documentation.TRANSLATIONS`` (the
# language's translations.js, or nothing in English) and makes each snippet
# with ``Search.htmlToText``, which removes only ``.headerlink``, ``script`` and
# ``style`` (sphinx-doc/sphinx#12057), so a post's snippet would begin with its
# date, authors and reading time run together.  This script, on the search page
# only, sets the site's strings and drops the site's own page furniture from
# snippets.  Upstream fix: a documented configuration value for the selectors a
# snippet leaves out (the list #12057 made), and English strings read from the
# same table as every other language's (upstream/sphinx-search-page.md).
_SEARCH_PAGE_SCRIPT = """(function (strings, skip) {
  for (var key in strings) Documentation.TRANSLATIONS[key] = strings[key];
  document.addEventListener("DOMContentLoaded", function () {
    // before the search starts: searchtools.js registers its own start later
    if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
    var toText = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(skip).forEach(function (element) { element.remove(); });
      return toText(doc.documentElement.outerHTML, anchor);
    };
  });
})(%s, %s);"""


@functools.cache
def _searchtools_supported() -> bool:
    """Whether the installed searchtools.js has the two names the script replaces."""
    from sphinx import package_dir

    static = Path(package_dir, "themes", "basic", "static")
    try:
        search = (static / "searchtools.js").read_text(encoding="utf-8")
        doctools = (static / "doctools.js").read_text(encoding="utf-8")
    except OSError:
        return False
    return "htmlToText: (htmlString, anchor)" in search and "TRANSLATIONS: {}" in doctools


def add_search_page_script(app, strings: dict, skip: list[str]) -> None:
    """On the search page (from ``html-page-context``): Sphinx's *strings* replaced, and the
    elements matching *skip* left out of result snippets."""
    if not _searchtools_supported():
        logger.warning(
            "Sphinx's searchtools.js no longer has Search.htmlToText(htmlString, anchor) or "
            "Documentation.TRANSLATIONS: update add_search_page_script in catalyst/_compat.py",
            type="catalyst",
            subtype="compat",
        )
        return
    body = _SEARCH_PAGE_SCRIPT % (json.dumps(strings, ensure_ascii=False), json.dumps(", ".join(skip)))
    app.add_js_file(None, body=body)


# -- Sphinx's translations.js ------------------------------------------------------
# A language's ``translations.js`` calls ``Documentation.addTranslations``, which
# turns the catalog's plural rule, a string, into code with ``new Function``:
# the site's content security policy forbids that (no ``unsafe-eval``).  The
# table is written instead as ``addTranslations`` would set it, with the rule
# (only ``n``, digits and operators) as code.  Upstream fix: Sphinx writing the
# plural rule as a function in ``translations.js`` (upstream/sphinx-search-page.md).
_CATALOG_CALL = "Documentation.addTranslations("
_PLURAL = re.compile(r"^[n0-9\s=!<>%?:&|()]+$")


def sphinx_js_table(text: str) -> dict | None:
    """The table of a ``translations.js`` (or of a ``sphinx.js`` catalog) as Sphinx writes it;
    None for another format."""
    text = text.strip()
    if not text.startswith(_CATALOG_CALL):
        return None
    return json.loads(text[len(_CATALOG_CALL) :].rstrip(";").rstrip().removesuffix(")"))


def sphinx_js_text(table: dict) -> str:
    """*table* in the format of Sphinx's ``sphinx.js`` catalogs (what :func:`sphinx_js_table` reads)."""
    return f"{_CATALOG_CALL}{json.dumps(table, ensure_ascii=False, indent=4, sort_keys=True)});\n"


def translations_without_eval(text: str) -> str | None:
    """*text* (a ``translations.js``) rewritten without ``new Function``; None if it is not
    Sphinx's format (already rewritten). ValueError for a plural rule that is not arithmetic."""
    catalog = sphinx_js_table(text)
    if catalog is None:
        return None
    rule = catalog.get("plural_expr", "")
    if not _PLURAL.match(rule):
        raise ValueError(f"unexpected plural rule in translations.js: {rule!r}")
    return (
        "// The interface catalog (from Sphinx's), with its plural rule as code: no eval.\n"
        f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(catalog['messages'], indent=1, sort_keys=True)});\n"
        f"Documentation.PLURAL_EXPR = (n) => ({rule});\n"
        f"Documentation.LOCALE = {json.dumps(catalog['locale'])};\n"
    )


def translation_messages(text: str) -> dict | None:
    """The messages of a ``translations.js``, in Sphinx's format or in the one written above."""
    if (catalog := sphinx_js_table(text)) is not None:
        return catalog["messages"]
    marker = "Object.assign(Documentation.TRANSLATIONS,"
    if marker not in text:
        return None
    return json.JSONDecoder().raw_decode(text, text.index("{", text.index(marker)))[0]
