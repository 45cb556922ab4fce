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
