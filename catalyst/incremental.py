"""Incremental builds that do only the work an edit needs.

ablog writes every archive page and Atom feed on every build, and leaves
post lists and sidebars of unchanged pages stale when a post is added.  Here:

- the blog's *listing* (each post's title, date, tags, authors, language)
  is known before reading, from the checked front matter, and kept in the
  environment;
- when a post changed what the lists show of it (its excerpt, its title, how
  much of it is translated), the pages that list posts (home page, blog
  index) are written again, without being re-read, and so are the archive
  pages and feeds that show it; when the listing itself changed (a post
  added, removed, retitled, retagged...), every post page is written again
  too, since its sidebar counts and previous/next links depend on it;
- when no post changed what the lists show (nothing changed, or a post's
  text after its excerpt), the lists, archive pages and feeds are not written
  again: the ones on disk are still right.

So a no-op rebuild reads nothing and writes nothing, and editing the text of
one post re-reads that post alone and writes its page (and, when the edit
reaches what the lists show of it, the pages that show that).

What every page shows but Sphinx does not track is followed here too: a
changed title (in a source or a catalog) rewrites every page (each page's
navigation shows the top-level titles), and a change to the tag labels,
the people, the templates or the interface catalogs re-reads every page.

The output folder never keeps a page that a clean build would not write:
the page of a removed (deleted, renamed, unpublished) document is deleted,
and so are archive pages and feeds that no post fills any more; the search
index keeps no word that no page has.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import _compat
from .config import PRIORITY
from .state import build_state, env_state


def listing(app) -> tuple:
    return tuple(
        (p.docname, p.title, p.date.isoformat(), tuple(p.tags), tuple(p.authors), p.language)
        for p in sorted(build_state(app).posts.values(), key=lambda p: p.docname)
    )


PACKAGE = Path(__file__).resolve().parent


def site_wide_inputs(app) -> str:
    """A digest of the inputs that every page may show but Sphinx does not track.

    The tag labels and people (every blog page's sidebar and post headers, the
    archive pages, the feeds), the site's templates (the archive pages, which
    Sphinx does not know to be made from them) and the interface catalogs.
    """
    digest = hashlib.sha256()
    files = [Path(app.srcdir, "data", name) for name in ("tags.yaml", "people.yaml")]
    files += sorted((PACKAGE / "templates").rglob("*.html"))
    files += sorted((PACKAGE / "locales").rglob("*.po"))
    for path in files:
        digest.update(path.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def shown_digest(app, post) -> str:
    """A digest of what the lists, archive pages and feeds show of *post* beyond
    its listing: its excerpt (with the marks of its untranslated paragraphs),
    its title in this build, and how much of it this build translated."""
    from .origin import translation

    shown = [post.title, repr(translation(app, post.docname)), *(node.pformat() for node in post.excerpt)]
    return hashlib.sha256("\0".join(str(part) for part in shown).encode()).hexdigest()


def changed_what_lists_show(app, env, docnames) -> set[str]:
    """The documents of *docnames* that change a list: posts whose shown digest
    changed (or that are gone), and any other document of the blog."""
    from .blog import registered_blog

    state, saved = build_state(app), env_state(env)
    posts = {post.docname: post for post in registered_blog(app).posts if post.docname in state.posts}
    changed = set()
    for docname in docnames:
        post = posts.get(docname)
        if post is None:
            changed.add(docname)
            saved.shown.pop(docname, None)
            continue
        digest = shown_digest(app, post)
        if saved.shown.get(docname) != digest:
            changed.add(docname)
            saved.shown[docname] = digest
    # posts never digested (the first build, a post added): known from now on
    for docname in posts.keys() - saved.shown.keys():
        saved.shown[docname] = shown_digest(app, posts[docname])
    for docname in saved.shown.keys() - posts.keys():
        del saved.shown[docname]
    return changed


def remove_outputs(app, docnames) -> None:
    """Delete the pages of documents that are no longer part of the site."""
    if app.builder.format != "html":
        return
    for docname in docnames:
        Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)


def on_env_get_outdated(app, env, added, changed, removed):
    remove_outputs(app, removed)
    new = listing(app)
    state, saved = build_state(app), env_state(env)
    inputs = site_wide_inputs(app)
    everything = saved.site_wide_inputs not in (None, inputs)
    saved.site_wide_inputs = inputs
    state.listing_changed = everything or saved.listing != new
    saved.listing = new
    state.changed_posts = {d for d in added | changed | removed if d in state.posts or d.startswith("blog/")}
    state.blog_changed = state.listing_changed or bool(state.changed_posts)
    return sorted(env.found_docs - added - changed) if everything else []


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
    state, saved = build_state(app), env_state(env)
    # a post whose text changed after its excerpt changes no list, archive page or feed
    # (the digests are brought up to date on every build, whatever is written)
    state.changed_posts = changed_what_lists_show(app, env, state.changed_posts)
    state.blog_changed = state.listing_changed or bool(state.changed_posts)
    # Every page's navigation bar shows the titles of the top-level pages,
    # which Sphinx does not count as a dependency: a changed title (in the
    # source, or in a catalog) rewrites every page.
    titles = {docname: title.astext() for docname, title in env.titles.items()}
    titles_changed = saved.titles not in (None, titles)
    saved.titles = titles
    if titles_changed:
        state.listing_changed = state.blog_changed = True
        return sorted(env.found_docs)
    if not state.blog_changed:
        return []
    pages = set(env_state(env).listing_docs)
    if state.listing_changed:
        pages |= set(state.posts)
    return sorted(pages & env.found_docs)


def only_when_blog_changed(handler, outputs, writes_feeds=False):
    """Wrap an ``html-collect-pages`` handler to run only when the blog changed.

    When posts changed but the listing did not (an edit to a post's text),
    only the archive pages that show one of those posts are written again.
    """

    def collect(app):
        state = build_state(app)
        record = Path(app.doctreedir, f"catalyst-pages-{getattr(handler, '__name__', 'collect')}.json")
        complete = all(Path(app.outdir, out).exists() for out in outputs(app))
        if not state.blog_changed and complete:
            return
        if state.listing_changed or not complete:
            # Every page (and feed) of the handler is written again: the ones
            # it wrote last time and not now belong to no post any more.
            before = set(json.loads(record.read_text(encoding="utf-8"))) if record.exists() else set()
            if writes_feeds:
                for feed in Path(app.outdir).rglob("atom.xml"):
                    feed.unlink()
            written = set()
            for page in handler(app) or ():
                if isinstance(page, tuple):
                    written.add(app.builder.get_target_uri(page[0]))
                yield page
            for stale in before - written:
                Path(app.outdir, stale).unlink(missing_ok=True)
            record.write_text(json.dumps(sorted(written)), encoding="utf-8")
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
        wrapped = only_when_blog_changed(handler, _blog_outputs, writes_feeds=handler is generate_atom_feeds)
        _compat.replace_handler(app, "html-collect-pages", handler, wrapped)


def drop_post_doctree_copies(app, doctree) -> None:
    """Keep ablog's part of the environment small.

    ablog keeps a copy of every post's doctree in the environment, for
    full-text feeds, which the site does not publish; and its copies of each
    excerpt still point at the whole document, so pickling an excerpt saves
    the post again.  Both only make the environment slow to save and load.
    """
    _compat.drop_ablog_doctree_copies(app)


def prune_search_index(app, exception) -> None:
    """Drop the words of the search index that no page has any more.

    When Sphinx updates its index, it removes the pages that changed from each
    word's list but keeps the words, with empty lists: an edited or removed
    page's old words stay in ``searchindex.js``, which a clean build would not
    contain.  (Sphinx's ``IndexBuilder.prune`` keeps emptied words.)
    """
    if exception is not None or app.builder.format != "html" or getattr(app.builder, "indexer", None) is None:
        return
    from sphinx.search import js_index

    path = Path(app.outdir, app.builder.searchindex_filename)
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    index = js_index.loads(text)
    for key in ("terms", "titleterms"):
        index[key] = {word: docs for word, docs in index.get(key, {}).items() if docs != []}
    pruned = js_index.dumps(index)
    if pruned != text:
        path.write_text(pruned, encoding="utf-8")


def setup_incremental(app):
    app.connect("build-finished", prune_search_index)
    app.connect("doctree-read", drop_post_doctree_copies, priority=PRIORITY["doctree-read:drop-copies"])
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
    app.connect("doctree-read", note_listing_pages)
    app.connect("env-purge-doc", purge)
    wrap_archive_generation(app)
