"""The blog: ablog's posts and archives, made right for a bilingual site.

ablog collects the posts and writes the archive pages and Atom feeds.  This
module fixes what the site needs on top of it:

- ablog keeps its state on a class; it is cleared at the start of every
  build so two builds in one process never share it (``_compat``);
- ``{doc}`` links in posts are made absolute while the post is read, so that
  an excerpt shown on an archive page links to the same page as the post;
- post lists, post headers and archive titles show dates through Babel
  ("24 de abril de 2024") and tags by their label in the build's language;
- ablog's unfiltered "all posts" page and its drafts page are not written:
  the blog index lists every post, and drafts never reach the site.
"""

from __future__ import annotations

import math
import posixpath

from babel.dates import format_date
from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective, new_document

from . import _compat, archives, fragments
from .config import PRIORITY
from .origin import translation
from .state import build_state

_ = get_translation("catalyst")

WORDS_PER_MINUTE = 200


def blog(app):
    from ablog.blog import Blog

    return Blog(app)


def locale(app) -> str:
    return app.config.catalyst_languages[app.config.language]["locale"]


def date_text(app, date) -> str:
    return format_date(date, format="long", locale=locale(app))


def tag_label(app, name: str) -> str:
    return build_state(app).tag_labels.get(str(name), str(name))


# -- reading -------------------------------------------------------------------


def absolute_doc_links(app, doctree) -> None:
    """Make ``{doc}`` targets in posts absolute, before ablog copies excerpts."""
    docname = app.env.docname
    if docname not in build_state(app).posts:
        return
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("reftype") == "doc" and not ref["reftarget"].startswith("/"):
            base = posixpath.dirname(docname)
            ref["reftarget"] = "/" + posixpath.normpath(posixpath.join(base, ref["reftarget"]))


# -- writing -------------------------------------------------------------------


def post_meta_html(app, fromdoc: str, post, *, with_reading_time: bool = False, doctree=None) -> str:
    """The line under a post's title: date, authors, reading time, tags (``fragments/post-meta.html``).

    In a post list (no reading time) it is rendered once per post and folder of the pages that show
    it, as excerpts are: a relative link depends only on that folder, unless it leads to the page
    itself (a tag's page, for its own tag), which has a header of its own.
    """
    if not with_reading_time:
        targets = {a.docname for a in post.author} | {t.docname for t in post.tags}
        key = (post.docname, fromdoc if fromdoc in targets else posixpath.dirname(fromdoc) + "/")
        cache = build_state(app).post_meta
        if key not in cache:
            cache[key] = _render_post_meta(app, fromdoc, post, None)
        return cache[key]
    minutes = None
    if doctree is not None:
        minutes = max(1, math.ceil(len(doctree.astext().split()) / WORDS_PER_MINUTE))
    return _render_post_meta(app, fromdoc, post, minutes)


def _render_post_meta(app, fromdoc: str, post, minutes: int | None) -> str:
    uri = app.builder.get_relative_uri
    return fragments.render(
        "post-meta.html",
        date_iso=post.date.date().isoformat(),
        date=date_text(app, post.date),
        authors=[{"href": uri(fromdoc, a.docname), "name": a.name} for a in post.author],
        tags=[{"href": uri(fromdoc, t.docname), "label": tag_label(app, t.name)} for t in post.tags],
        minutes=minutes,
    )


def decorate_post(app, doctree, docname) -> None:
    """Add the post header (meta, translators) and previous/next links to a post page."""
    if app.builder.format != "html" or docname not in build_state(app).posts:
        return
    post = registered_blog(app)[docname]
    if post is None:
        return
    info = build_state(app).posts[docname]
    header = post_meta_html(app, docname, post, with_reading_time=True, doctree=doctree)
    translators = info.translators.get(app.config.language)
    if translators:
        header += fragments.render("post-translators.html", names=", ".join(translators))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title_index = section.first_child_matching_class(nodes.title)
    section.insert((title_index or 0) + 1, nodes.raw("", header, format="html"))
    # a scheduled post in a preview is a draft to ablog: it has no neighbours yet
    neighbours = (
        ()
        if docname in build_state(app).scheduled
        else (("prev", _("Previous post"), post.prev), ("next", _("Next post"), post.next))
    )
    links = [
        {
            "kind": kind,
            "label": label,
            "href": app.builder.get_relative_uri(docname, other.docname),
            "title": other.title,
        }
        for kind, label, other in neighbours
        if other
    ]
    if links:
        section.append(nodes.raw("", fragments.render("post-nav.html", links=links), format="html"))


def excerpt_html(app, fromdoc: str, post) -> str:
    """A post's excerpt, with its links resolved from *fromdoc*.

    The page that shows an excerpt changes its HTML only through the addresses
    of its links.  When they all are ``{doc}`` links (or there are none) and it
    has no image or download, each excerpt is rendered once per build and set
    of addresses (once, for most: the same address from every list); else once
    per folder of the pages that show it.
    """
    state = build_state(app)
    if post.docname not in state.excerpt_links:
        state.excerpt_links[post.docname] = _doc_link_targets(post)
    targets = state.excerpt_links[post.docname]
    if targets is None:
        key = (post.docname, "folder", posixpath.dirname(fromdoc))
    else:
        key = (post.docname, "links", *(app.builder.get_relative_uri(fromdoc, target) for target in targets))
    if key not in state.excerpts:
        state.excerpts[key] = _render_excerpt(app, fromdoc, post)
    return state.excerpts[key]


# What in an excerpt, other than a {doc} link, depends on the page that shows it:
# references Sphinx resolves from that page, and paths to images and downloads.
_PAGE_DEPENDENT = (addnodes.pending_xref, nodes.image, addnodes.download_reference)


def _doc_link_targets(post) -> tuple[str, ...] | None:
    """The documents the ``{doc}`` links of *post*'s excerpt lead to (made absolute by
    ``absolute_doc_links``), or None if it has anything else that depends on the page that shows it."""
    targets = []
    for part in post.excerpt:
        for node in part.findall(nodes.Element):
            if not isinstance(node, _PAGE_DEPENDENT):
                continue
            if not (isinstance(node, addnodes.pending_xref) and node.get("reftype") == "doc"):
                return None
            if not node["reftarget"].startswith("/"):
                return None
            targets.append(docname_join(post.docname, node["reftarget"]))
    return tuple(targets)


def _render_excerpt(app, fromdoc: str, post) -> str:
    doctree = new_document("")
    for node in post.excerpt:
        doctree.append(node.deepcopy())
    state = translation(app, post.docname)
    if not state.complete:
        # the untranslated paragraphs, in the original's language (lang="en")
        marked = [n for n in doctree.findall(nodes.Element) if "translated" in n]
        for node in [n for n in marked if not n["translated"]] if marked else list(doctree.children):
            node["classes"].append(f"language-{state.source}")
    for ref in doctree.findall(addnodes.pending_xref):
        ref["refdoc"] = fromdoc
    app.env.resolve_references(doctree, fromdoc, app.builder)
    return _compat.render_fragment(app.builder, fromdoc, doctree)


def postlist_html(app, fromdoc: str, posts, *, excerpts: bool, heading_level: int = 2) -> str:
    """A list of posts (``fragments/postlist.html``), each with its header and, if *excerpts*, its excerpt."""
    items = []
    for post in posts:
        state = translation(app, post.docname)
        items.append(
            {
                "href": app.builder.get_relative_uri(fromdoc, post.docname),
                "title": post.title,
                # the title's language, when it is still the original's
                "lang": "" if state.complete or state.title else state.source,
                "translation": "" if state.complete else "partial" if state.title else "missing",
                "source": state.source,
                "slugs": " ".join(posixpath.basename(t.docname) for t in post.tags),
                "tag_names": " ".join(str(t.name) for t in post.tags),
                # HTML rendered (and escaped) already
                "meta": Markup(post_meta_html(app, fromdoc, post)),
                "excerpt": Markup(excerpt_html(app, fromdoc, post)) if excerpts else "",
            }
        )
    return fragments.render("postlist.html", posts=items, level=heading_level)


def registered_blog(app):
    """ablog's Blog, with the posts of the environment registered."""
    from ablog.post import register_posts

    the_blog = blog(app)
    if not the_blog:
        register_posts(app)
    return the_blog


def archive_docnames(app) -> list[str]:
    """The archive pages the site publishes: tag, author and year pages and their indexes."""
    the_blog = registered_blog(app)
    names = []
    for catalog in (the_blog.tags, the_blog.author, the_blog.archive):
        names.append(catalog.docname)
        names.extend(coll.docname for coll in catalog if len(coll))
    return names


def render_postlists(app, doctree, docname) -> None:
    """Render ablog's ``{postlist}`` directives with localized dates and tags."""
    from ablog.post import PostList

    if app.builder.format != "html":
        return
    the_blog = registered_blog(app)
    for node in list(doctree.findall(PostList)):
        posts = [p for p in the_blog.posts if p.docname != docname]
        if node["tags"]:
            posts = [p for p in posts if set(node["tags"]) & {str(t.name) for t in p.tags}]
        posts = posts[: node["length"]] if node["length"] else posts
        level = 2 if _section_depth(node) <= 1 else 3
        node.replace_self(
            nodes.raw(
                "", postlist_html(app, docname, posts, excerpts=node["excerpts"], heading_level=level), format="html"
            )
        )


def _section_depth(node) -> int:
    depth = 0
    while node is not None:
        if isinstance(node, nodes.section):
            depth += 1
        node = node.parent
    return depth


def archive_pages(app):
    """ablog's archive pages, minus the ones the site does not publish, with
    titles in the build's language."""
    from ablog.post import generate_archive_pages

    the_blog = blog(app)
    skipped = {the_blog.posts.docname, the_blog.drafts.docname}
    for docname, context, template in generate_archive_pages(app):
        if docname in skipped or template == "ablog/redirect.html":
            continue
        collection = context.get("collection")
        catalog = context.get("catalog")
        if collection is not None:
            kind = collection.catalog.name
            title = archives.title(app, kind, str(collection.name))
            if title is None:
                continue  # categories, locations, languages: not used by the site
            context["title"] = context["feed_title"] = title
            context["catalyst_kind"] = kind
        elif catalog is not None:
            kind = catalog.name
            titles = {"tags": _("Tags"), "author": _("Authors"), "archive": _("Archive")}
            if kind not in titles:
                continue
            context["title"] = titles[kind]
            context["catalyst_kind"] = kind
        yield docname, context, template


class TagFilterNode(nodes.General, nodes.Element):
    """Where the tag chips go; filled in when the blog's counts are known."""


class TagFilterDirective(SphinxDirective):
    """``{tagfilter}``: chips for every tag, with post counts, above a post list.

    Without JavaScript each chip is a link to its tag page; with it, chips
    filter the list on the page and the address records the choice
    (``?tag=training``), so a filtered view can be shared and bookmarked.
    """

    def run(self):
        return [TagFilterNode()]


def render_tagfilters(app, doctree, docname) -> None:
    if app.builder.format != "html":
        for node in list(doctree.findall(TagFilterNode)):
            node.replace_self([])
        return
    for node in list(doctree.findall(TagFilterNode)):
        chips = [
            {
                "href": app.builder.get_relative_uri(docname, coll.docname),
                "slug": posixpath.basename(coll.docname),
                "label": tag_label(app, coll.name),
                "count": len(coll),
            }
            for coll in blog(app).tags
            if len(coll)
        ]
        node.replace_self(nodes.raw("", fragments.render("tagfilter.html", chips=chips), format="html"))


def add_tagfilter_script(app, pagename, templatename, context, doctree) -> None:
    if 'class="catalyst-tagfilter"' in context.get("body", ""):
        app.add_js_file("catalyst-tagfilter.js", loading_method="defer")


def on_builder_inited(app) -> None:
    build_state(app).excerpts.clear()
    build_state(app).post_meta.clear()
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    env = app.builder.templates.environment
    env.filters["catalyst_date"] = lambda date: date_text(app, date)
    env.filters["tag_label"] = lambda name: tag_label(app, name)
    # HTML built (and escaped) by postlist_html: Markup, so autoescaping templates keep it as it is
    env.globals["catalyst_postlist"] = lambda fromdoc, posts: Markup(postlist_html(app, fromdoc, posts, excerpts=True))


def replace_ablog_archive_pages(app) -> None:
    from ablog.post import generate_archive_pages

    _compat.disconnect_handler(app, "html-collect-pages", generate_archive_pages)
    app.connect("html-collect-pages", archive_pages)


def setup_blog(app):
    # ablog's state is reset first by catalyst.on_config_inited
    app.connect("doctree-read", absolute_doc_links, priority=PRIORITY["doctree-read:absolute-links"])
    app.connect("doctree-resolved", render_postlists, priority=PRIORITY["doctree-resolved:postlists"])
    app.connect("doctree-resolved", decorate_post, priority=PRIORITY["doctree-resolved:post-header"])
    app.connect("builder-inited", on_builder_inited)
    app.add_node(TagFilterNode)
    app.add_directive("tagfilter", TagFilterDirective)
    app.connect("doctree-resolved", render_tagfilters, priority=PRIORITY["doctree-resolved:tagfilters"])
    app.connect("html-page-context", add_tagfilter_script)
    replace_ablog_archive_pages(app)
