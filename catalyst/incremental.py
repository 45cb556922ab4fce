"""Incremental builds that do only the work an edit needs.

ablog writes every archive page and Atom feed on every build, and leaves
post lists and sidebars of unchanged pages stale when a post is added.  Here:

- the blog's *listing* (each post's title, date, tags, authors, language)
  is known before reading, from the checked front matter, and kept in the
  environment;
- when a post changed, the pages that list posts (home page, blog index) are
  written again, without being re-read; when the listing itself changed (a
  post added, removed, retitled, retagged...), every post page is written
  again too, since its sidebar counts and previous/next links depend on it;
- when no post changed, the archive pages and feeds are not generated again:
  the ones on disk are still right.

So a no-op rebuild reads nothing and writes nothing, and editing one post's
text re-reads that post alone.
"""

from __future__ import annotations

from pathlib import Path

from . import _compat
from .config import PRIORITY
from .state import build_state, env_state


def listing(app) -> tuple:
    return tuple(
        (p.docname, p.title, p.date.isoformat(), tuple(p.tags), tuple(p.authors), p.language)
        for p in sorted(build_state(app).posts.values(), key=lambda p: p.docname)
    )


def on_env_get_outdated(app, env, added, changed, removed):
    new = listing(app)
    state, saved = build_state(app), env_state(env)
    state.listing_changed = saved.listing != new
    saved.listing = new
    state.changed_posts = {d for d in added | changed | removed if d in state.posts or d.startswith("blog/")}
    state.blog_changed = state.listing_changed or bool(state.changed_posts)
    return []


def note_listing_pages(app, doctree) -> None:
    """Remember which documents list posts (``{postlist}``, ``{tagfilter}``)."""
    from ablog.post import PostList

    from .blog import TagFilterNode

    env = app.env
    if any(True for _ in doctree.findall(lambda n: isinstance(n, (PostList, TagFilterNode)))):
        env_state(env).listing_docs.add(env.docname)
    else:
        env_state(env).listing_docs.discard(env.docname)


def purge(app, env, docname) -> None:
    env_state(env).listing_docs.discard(docname)


def on_env_updated(app, env):
    """Pages to write again although they were not re-read."""
    state = build_state(app)
    if not state.blog_changed:
        return []
    pages = set(env_state(env).listing_docs)
    if state.listing_changed:
        pages |= set(state.posts)
    return sorted(pages & env.found_docs)


def only_when_blog_changed(handler, outputs):
    """Wrap an ``html-collect-pages`` handler to run only when the blog changed.

    When posts changed but the listing did not (an edit to a post's text),
    only the archive pages that show one of those posts are written again.
    """

    def collect(app):
        state = build_state(app)
        complete = all(Path(app.outdir, out).exists() for out in outputs(app))
        if not state.blog_changed and complete:
            return
        if state.listing_changed or not complete:
            yield from handler(app) or ()
            return
        changed = state.changed_posts
        for page in handler(app) or ():
            collection = page[1].get("collection") if isinstance(page, tuple) else None
            if collection is not None and any(post.docname in changed for post in collection):
                yield page

    collect.__name__ = getattr(handler, "__name__", "collect")
    collect.__wrapped__ = handler
    return collect


def _blog_outputs(app):
    return ["blog/atom.xml", "blog/tag.html", "blog/archive.html"]


def wrap_archive_generation(app) -> None:
    from ablog.post import generate_atom_feeds

    from .blog import archive_pages

    for handler in (archive_pages, generate_atom_feeds):
        _compat.replace_handler(app, "html-collect-pages", handler, only_when_blog_changed(handler, _blog_outputs))


def drop_post_doctree_copies(app, doctree) -> None:
    """Keep ablog's part of the environment small.

    ablog keeps a copy of every post's doctree in the environment, for
    full-text feeds, which the site does not publish; and its copies of each
    excerpt still point at the whole document, so pickling an excerpt saves
    the post again.  Both only make the environment slow to save and load.
    """
    _compat.drop_ablog_doctree_copies(app)


def setup_incremental(app):
    app.connect("doctree-read", drop_post_doctree_copies, priority=PRIORITY["doctree-read:drop-copies"])
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
    app.connect("doctree-read", note_listing_pages)
    app.connect("env-purge-doc", purge)
    wrap_archive_generation(app)
