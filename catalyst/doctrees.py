"""The translation step of a translated build: fast, and doctrees kept small.

Two things happen here for every language other than the source's:

- Sphinx's i18n transform parses every translated string on its own.  With
  ``catalyst_fast_i18n`` on (the default; ``-D catalyst_fast_i18n=0`` turns it
  off), the strings are parsed with one Markdown parser per build, and plain
  text (most sentences) becomes a text node without being parsed; a string
  Sphinx parses in both its passes (the first throws it away) is parsed once; and the
  node searches the transform runs for every string (and over the whole
  document for every translated title) test only nodes of the class they look
  for: see ``catalyst/_compat.py``.  The output is the same either way.
- Each parse happens in a throwaway document that holds a reference to the
  whole build environment, and MyST's nodes keep a reference to it, so every
  pickled doctree would carry a copy of the environment and the translated
  build would grow with the square of the number of pages.  Here every node
  is pointed back at the document it belongs to, before the doctree is
  pickled.

Upstream-ready patches for both: upstream/i18n-parser-reuse.md,
upstream/sphinx-i18n-parse-once.md and upstream/sphinx-node-matcher.md.
"""

from __future__ import annotations

from docutils import nodes

from . import _compat
from .config import PRIORITY


def reattach_nodes(app, doctree: nodes.document) -> None:
    _compat.reattach_nodes(doctree)


def turn_on_fast_i18n(app, config) -> None:
    _compat.install_fast_i18n(bool(config.catalyst_fast_i18n))


def setup_doctrees(app):
    # catalyst_fast_i18n is declared in catalyst/config.py; turn_on_fast_i18n is
    # called by catalyst.on_config_inited
    # after every transform has run, and before ablog copies posts into the
    # environment (doctree-read, priority 500)
    app.connect("doctree-read", reattach_nodes, priority=PRIORITY["doctree-read:reattach-nodes"])
