"""Pages not fully translated: a polite notice, and the original marked with its language.

When a catalog lacks some translations, Sphinx shows those paragraphs in the
document's original language.  This transform tells the reader so, at the top
of the page, with the share that is translated, and marks every untranslated
paragraph with the original's language (``lang="en"`` for a page written in
English, ``lang="es"`` for one written in Spanish), so screen readers
pronounce it correctly.  A document shown in its own language has no notice.

What it finds is recorded for the post lists and feeds (``catalyst.origin``),
which mark the posts that are not translated yet.
"""

from __future__ import annotations

import math
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import NodeMatcher

from . import fragments
from .origin import Translation, note_translation, source_language


class UntranslatedFallback(SphinxTransform):
    default_priority = 960  # after Sphinx counts the translated nodes (25) and adds classes (950)

    def apply(self, **kwargs: Any) -> None:
        source = source_language(self.config, self.env.srcdir, self.env.docname)
        if self.config.language == source:
            return
        if "translation_progress" not in self.document:
            return  # the gettext builder: nothing is translated
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        title = section.next_node(nodes.title)
        # Sphinx's own count includes the front matter (docinfo), which is
        # metadata, never translated and never shown: count the page's text.
        # Sphinx's own count includes toctrees, which are navigation, not text
        # (one with no title to translate is marked untranslated): left out.
        counted = [
            node
            for node in NodeMatcher(nodes.Element, translated=Any).findall(self.document)
            if not isinstance(node, addnodes.toctree)
            and not any(isinstance(parent, nodes.docinfo) for parent in _ancestors(node))
        ]
        untranslated = [node for node in counted if not node["translated"]]
        note_translation(
            self.env,
            self.env.docname,
            Translation(
                source=source,
                title=bool(counted) and title is not None and bool(title.get("translated")),
                complete=bool(counted) and not untranslated,
            ),
        )
        if not counted:
            # No catalog at all: a new page or post nobody has translated yet.
            section["classes"].append(f"language-{source}")
            percent = 0
        elif not untranslated:
            return
        else:
            for node in untranslated:
                node["classes"].append(f"language-{source}")  # written out as lang="en"
            percent = math.floor(100 * (len(counted) - len(untranslated)) / len(counted))
        notice = fragments.render("translation-notice.html", language=self.config.language, percent=percent)
        section.insert(
            0 if (index := section.first_child_matching_class(nodes.title)) is None else index + 1,
            nodes.raw("", notice, format="html"),
        )


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def setup_fallback(app):
    app.add_transform(UntranslatedFallback)
