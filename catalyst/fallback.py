"""Pages not fully translated: a polite notice, and English marked as English.

When a catalog lacks some translations, Sphinx shows those paragraphs in the
source language.  This transform tells the reader so, at the top of the page,
with the share that is translated, and marks every untranslated paragraph
with the source language (``lang="en"``), so screen readers pronounce it
correctly.  Posts written in one language have no catalog and no notice.
"""

from __future__ import annotations

import html
import math
from typing import Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import NodeMatcher

from .state import build_state

_ = get_translation("catalyst")


class UntranslatedFallback(SphinxTransform):
    default_priority = 960  # after Sphinx counts the translated nodes (25) and adds classes (950)

    def apply(self, **kwargs: Any) -> None:
        source = next(iter(self.config.catalyst_languages))
        if self.config.language == source:
            return
        if "translation_progress" not in self.document:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        # Sphinx's own count includes the front matter (docinfo), which is
        # metadata, never translated and never shown: count the page's text.
        counted = [
            node
            for node in NodeMatcher(nodes.Element, translated=Any).findall(self.document)
            if not any(isinstance(parent, nodes.docinfo) for parent in _ancestors(node))
        ]
        untranslated = [node for node in counted if not node["translated"]]
        if not counted:
            # No catalog at all (a new page or post nobody has translated
            # yet), unless the post is written in this build's language.
            post = build_state(self.config).posts.get(self.env.docname)
            if post is not None and post.language == self.config.language:
                return
            section["classes"].append(f"language-{source}")
            percent = 0
        elif not untranslated:
            return
        else:
            for node in untranslated:
                node["classes"].append(f"language-{source}")  # written out as lang="en"
            percent = math.floor(100 * (len(counted) - len(untranslated)) / len(counted))
        message = _(
            "This page is not fully translated yet (%(percent)d%% translated). "
            "The paragraphs still missing are shown in the original language."
        ) % {"percent": percent}
        notice = nodes.raw(
            "",
            f'<div class="catalyst-translation-notice" role="note" lang="{self.config.language}">'
            f"<p>{html.escape(message)}</p></div>",
            format="html",
        )
        title = section.first_child_matching_class(nodes.title)
        section.insert(0 if title is None else title + 1, notice)


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def setup_fallback(app):
    app.add_transform(UntranslatedFallback)
