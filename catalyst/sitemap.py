"""A sitemap per language, each page listed with its other-language versions.

Search engines read ``<language>/sitemap.xml``; every URL carries
``xhtml:link rel="alternate"`` entries for the languages that have the same
page (a post written in one language has none) plus ``x-default``.  The build
driver writes the root ``sitemap.xml`` index and ``robots.txt``.
sphinx-sitemap was not used: it lists alternates for every page, including
those that exist in one language only.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .archives import page_exists_in
from .blog import archive_docnames
from .languages import language_url
from .state import build_state

SKIPPED = {"search", "404", "genindex"}


def write_sitemap(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config = app.config
    codes = list(config.catalyst_languages)
    pages = sorted(set(app.env.found_docs) | set(archive_docnames(app)))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    scheduled = build_state(app).scheduled  # a preview's posts for a later day
    for page in pages:
        if page in SKIPPED or page in scheduled or "nosearch" in app.env.metadata.get(page, {}):  # nosearch: offline
            continue
        uri = app.builder.get_target_uri(page)
        lines.append(f"  <url><loc>{escape(language_url(config, config.language) + uri)}</loc>")
        present = [c for c in codes if c == config.language or page_exists_in(app, page, c)]
        if len(present) > 1:
            for code in present:
                href = quoteattr(language_url(config, code) + uri)
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{code}" href={href}/>')
            default = quoteattr(language_url(config, codes[0]) + uri)
            if codes[0] in present:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={default}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    Path(app.outdir, "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def setup_sitemap(app):
    app.connect("build-finished", write_sitemap)
