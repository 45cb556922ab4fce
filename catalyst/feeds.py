"""Atom feeds that work in a feed reader, in the build's language.

ablog writes one feed for the blog and one per tag, author and year.  Once it
has, each feed is corrected here:

- titles in the build's language ("Entradas con la etiqueta «Novedades»");
- every author of a post (ablog keeps only the last one);
- category labels in the build's language;
- the feed's ``updated`` date is its newest post's, not the time of the
  build, so two builds of the same sources are identical.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from sphinx.locale import get_translation

from .blog import registered_blog, tag_label
from .interface import brand

_ = get_translation("catalyst")

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}


def feed_title(app, folder: str) -> str:
    """The title of the feed in ``<folder>/atom.xml`` (folder relative to the output)."""
    blog_title = app.config.blog_title
    parts = folder.split("/")
    the_blog = registered_blog(app)
    if len(parts) == 3 and parts[1] == "tag":
        name = next((str(c.name) for c in the_blog.tags if posixpath.basename(c.docname) == parts[2]), parts[2])
        return f"{blog_title}: " + _("Posts tagged “%(tag)s”") % {"tag": tag_label(app, name)}
    if len(parts) == 3 and parts[1] == "author":
        name = next((str(c.name) for c in the_blog.author if posixpath.basename(c.docname) == parts[2]), parts[2])
        return f"{blog_title}: " + _("Posts by %(author)s") % {"author": name}
    if len(parts) == 2 and parts[1].isdigit():
        return f"{blog_title}: " + _("Posts from %(year)s") % {"year": parts[1]}
    return blog_title


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
        for category in entry.findall("atom:category", NS):
            category.set("label", tag_label(app, category.get("label", "")))
        updated = entry.find("atom:updated", NS).text
        newest = max(newest, updated)
    if not newest and os.environ.get("SOURCE_DATE_EPOCH"):
        # a feed with no post yet: the build's fixed date, not the clock
        newest = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC).isoformat()
    if newest:
        feed.find("atom:updated", NS).text = newest
    tree.write(path, encoding="UTF-8", xml_declaration=True)


def fix_feeds(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not getattr(app, "catalyst_blog_changed", True):
        return  # the feeds on disk were not written again, and are already right
    for path in sorted(Path(app.outdir, app.config.blog_path).rglob("atom.xml")):
        fix_feed(app, path)


def localize_blog_title(app, config) -> None:
    # TRANSLATORS: %(brand)s is the project's name in your language (`brand` in conf.py).
    config.blog_title = _("%(brand)s blog") % {"brand": brand(config)}


def setup_feeds(app):
    app.connect("config-inited", localize_blog_title, priority=500)
    app.connect("build-finished", fix_feeds)
