"""Keep translated doctrees small: reattach nodes to their own document.

With MyST sources, Sphinx's i18n transform parses every translated string into
a throwaway document that holds a reference to the whole build environment,
and MyST's inline nodes keep a reference to that throwaway document.  Every
pickled doctree of a translated build then carries a copy of the environment,
so the translated build grows with the square of the number of pages.  Here
every node that points at another document is pointed back at the document it
belongs to, before the doctree is pickled.  Output is unchanged.

Upstream-ready: the same three lines belong at the end of
``sphinx.transforms.i18n.Locale.apply`` (or in MyST's inline parsing).
"""

from __future__ import annotations

from docutils import nodes

from . import _compat
from .config import PRIORITY


def reattach_nodes(app, doctree: nodes.document) -> None:
    _compat.reattach_nodes(doctree)


def setup_doctrees(app):
    # after every transform has run, and before ablog copies posts into the
    # environment (doctree-read, priority 500)
    app.connect("doctree-read", reattach_nodes, priority=PRIORITY["doctree-read:reattach-nodes"])
