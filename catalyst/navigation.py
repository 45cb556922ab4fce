"""The site's navigation labels, translated like the pages' text.

The home page's toctree gives the navigation its short labels ("About",
"Partners"), which are extracted into the home page's catalog.  Sphinx
translates them, but leaves the toctree node marked as untranslated (its i18n
transform never sets ``translated`` on ``addnodes.translatable`` nodes), so a
fully translated home page would be counted as partly English and get the
"not fully translated" notice (``catalyst/fallback.py``).  This transform marks
a toctree translated when every label it has was replaced by a translation.
"""

from __future__ import annotations

from typing import Any

from sphinx import addnodes
from sphinx.transforms import SphinxTransform


class TranslatedToctreeLabels(SphinxTransform):
    default_priority = 21  # right after Sphinx's Locale transform (20), before the counts are used

    def apply(self, **kwargs: Any) -> None:
        if self.config.language == next(iter(self.config.catalyst_languages)):
            return
        for node in self.document.findall(addnodes.toctree):
            originals = set(node.get("rawentries", []))
            titles = [title for title, _docname in node["entries"] if title]
            if originals and node.get("translated") is False and not originals & set(titles):
                node["translated"] = True


def setup_navigation(app):
    app.add_transform(TranslatedToctreeLabels)
