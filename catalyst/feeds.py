"""Atom feeds that work in a feed reader, in the build's language.

ablog writes one feed for the blog and one per tag, author and year.  Once it
has, each feed is corrected here:

- titles in the build's language ("Entradas con la etiqueta «Novedades»");
- every author of a post (ablog keeps only the last one);
- category labels in the build's language;
- an entry whose post is not translated yet keeps its original title, marked
  with the original's language (``xml:lang="en"``);
- the feed's ``updated`` date is its newest post's, not the time of the
  build, so two builds of the same sources are identical.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from sphinx.locale import get_translation

from . import archives
from .blog import registered_blog, tag_label
from .frontmatter import source_date
from .interface import brand
from .origin import translation
from .state import build_state

_ = get_translation("catalyst")

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_title(app, folder: str) -> str:
    """The title of the feed in ``<folder>/atom.xml`` (folder relative to the output)."""
    blog_title = app.config.blog_title
    archive = archives.parse(folder)
    if archive is None:
        return blog_title
    kind, key = archive
    name = key
    if kind != "archive":
        catalog = getattr(registered_blog(app), kind)
        name = next((str(c.name) for c in catalog if posixpath.basename(c.docname) == key), key)
    return f"{blog_title}: " + archives.title(app, kind, name)


def fix_feed(app, path: Path) -> None:
    ET.register_namespace("", ATOM)
    tree = ET.parse(path)
    feed = tree.getroot()
    folder = path.parent.relative_to(app.outdir).as_posix()
    baseurl = app.config.blog_baseurl
    feed.find("atom:title", NS).text = feed_title(app, folder)
    # every feed is its own: its id is its address (ablog gives all the site's)
    feed.find("atom:id", NS).text = urljoin(baseurl, f"{folder}/atom.xml")
    the_blog = registered_blog(app)
    newest = ""
    for entry in feed.findall("atom:entry", NS):
        url = entry.find("atom:id", NS).text
        docname = url.removeprefix(baseurl).removesuffix(".html")
        post = the_blog[docname]
        if post is not None:
            for author in entry.findall("atom:author", NS):
                entry.remove(author)
            position = list(entry).index(entry.find("atom:title", NS)) + 1
            for offset, author in enumerate(post.author):
                element = ET.Element(f"{{{ATOM}}}author")
                ET.SubElement(element, f"{{{ATOM}}}name").text = author.name
                entry.insert(position + offset, element)
            state = translation(app, docname)
            if not state.title:
                entry.set(XML_LANG, state.source)
        for category in entry.findall("atom:category", NS):
            category.set("label", tag_label(app, category.get("label", "")))
        updated = entry.find("atom:updated", NS).text
        newest = max(newest, updated)
    fixed = source_date()
    if not newest and fixed:
        # a feed with no post yet: the build's fixed date, not the clock
        newest = fixed.isoformat()
    if newest:
        feed.find("atom:updated", NS).text = newest
    tree.write(path, encoding="UTF-8", xml_declaration=True)


def fix_feeds(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not build_state(app).blog_changed:
        return  # the feeds on disk were not written again, and are already right
    for path in sorted(Path(app.outdir, app.config.blog_path).rglob("atom.xml")):
        fix_feed(app, path)


def localize_blog_title(app, config) -> None:
    # TRANSLATORS: %(brand)s is the project's name in your language (`brand` in conf.py).
    config.blog_title = _("%(brand)s blog") % {"brand": brand(config)}


def setup_feeds(app):
    # localize_blog_title is called by catalyst.on_config_inited
    app.connect("build-finished", fix_feeds)
