"""The blog's archive pages (per tag, author and year): their names, titles and languages.

ablog writes ``blog/tag/<tag>``, ``blog/author/<author>`` and ``blog/<year>``
pages and a feed in each of their folders.  The archive pages, their feeds,
the language switcher and the sitemap all need to know which archive an
address is, what it is called in the build's language, and whether the other
language has it too (an archive that only one-language posts fill exists only
in that language); it is worked out here, once.
"""

from __future__ import annotations

from sphinx.locale import get_translation

from .state import build_state

_ = get_translation("catalyst")

# ablog's catalogs: the folder of their pages under blog/ -> ablog's catalog name
FOLDERS = {"tag": "tags", "author": "author"}


def parse(pagename: str) -> tuple[str, str] | None:
    """``("tags", slug)``, ``("author", slug)`` or ``("archive", year)`` for an
    archive page (or its folder) under ``blog/``; None for any other page."""
    parts = pagename.split("/")
    if len(parts) == 3 and parts[0] == "blog" and parts[1] in FOLDERS:
        return FOLDERS[parts[1]], parts[2]
    if len(parts) == 2 and parts[0] == "blog" and parts[1].isdigit():
        return "archive", parts[1]
    return None


def title(app, kind: str, name: str) -> str | None:
    """The title of the archive of *name* (a tag, an author, a year) in the build's language."""
    if kind == "tags":
        label = build_state(app).tag_labels.get(name, name)
        return _("Posts tagged “%(tag)s”") % {"tag": label}
    if kind == "author":
        return _("Posts by %(author)s") % {"author": name}
    if kind == "archive":
        return _("Posts from %(year)s") % {"year": name}
    return None  # categories, locations, languages: not used by the site


def page_exists_in(app, pagename: str, language: str) -> bool:
    """Whether *pagename* of this build also exists in *language*'s build.

    Pages and most posts exist in every language; a post written in one
    language, and the archive pages (author, tag, year) that only such posts
    fill, exist only where those posts are published.
    """
    from ablog.blog import slugify

    state = build_state(app)
    published = state.published[language]
    if pagename in state.posts:
        return any(post.docname == pagename for post in published)
    archive = parse(pagename)
    if archive is None:
        return True
    kind, key = archive
    if kind == "author":
        return any(slugify(a) == key for post in published for a in post.authors)
    if kind == "tags":
        return any(slugify(t) == key for post in published for t in post.tags)
    return any(str(post.date.year) == key for post in published)
