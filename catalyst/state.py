"""What the extension knows during a build, in one place.

Two objects, instead of attributes scattered over Sphinx's application and
environment:

- ``BuildState`` (``build_state(app)``), for one run of Sphinx: the checked
  posts, the tag labels of the build's language, which parts of the blog an
  incremental build must write again, the rendered excerpts and post-list headers;
- ``EnvState`` (``env_state(env)``), kept in the saved environment between
  runs: the blog's listing at the last build and the pages that list posts.

Each is created with its defaults the first time it is asked for, so a handler
that runs before the posts are known (or in another builder) reads defaults.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .frontmatter import Post


@dataclass
class BuildState:
    # frontmatter: the posts published in this build, by docname ...
    posts: dict[str, Post] = field(default_factory=dict)
    # ... and the posts published in each language (for links between languages)
    published: dict[str, list[Post]] = field(default_factory=dict)
    # frontmatter: in a writer's preview, the posts scheduled for a later day, by docname
    scheduled: dict[str, Post] = field(default_factory=dict)
    # frontmatter: tag name -> label in the build's language
    tag_labels: dict[str, str] = field(default_factory=dict)
    # incremental: what changed since the last build (True until known: write everything)
    listing_changed: bool = True
    blog_changed: bool = True
    changed_posts: set[str] = field(default_factory=set)
    # blog: rendered excerpts, by (post, the addresses of its links from the page that shows it,
    # or that page's folder), and each post's link targets (None: rendered per folder)
    excerpts: dict[tuple, str] = field(default_factory=dict)
    excerpt_links: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    # blog: rendered post headers of post lists, by (post, folder or page that shows it)
    post_meta: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class EnvState:
    # incremental: the blog's listing (title, date, tags... of each post) at the last build
    listing: tuple | None = None
    # incremental: the documents that list posts ({postlist}, {tagfilter})
    listing_docs: set[str] = field(default_factory=set)
    # incremental: a digest of the inputs every page may show (tag labels, people, templates,
    # interface catalogs), and every document's title, at the last build
    site_wide_inputs: str | None = None
    titles: dict[str, str] | None = None
    # origin: how much of each document this language's build translated (catalyst.origin.Translation)
    translations: dict[str, Any] = field(default_factory=dict)
    # incremental: a digest of what the lists show of each post (excerpt, title, translation)
    shown: dict[str, str] = field(default_factory=dict)


# One per run, keyed by the run's configuration object: the application, its
# environment and every transform (``self.config``) reach the same one, and
# transforms need not use their deprecated ``self.app``.
_BUILDS: weakref.WeakKeyDictionary[Any, BuildState] = weakref.WeakKeyDictionary()


def build_state(owner) -> BuildState:
    """The state of this run: *owner* is the application, or its configuration (``self.config`` in a transform)."""
    config = getattr(owner, "config", owner)
    state = _BUILDS.get(config)
    if state is None:
        state = _BUILDS[config] = BuildState()
    return state


_ENV_FIELDS = fields(EnvState)


def env_state(env) -> EnvState:
    """The extension's part of the saved environment *env*.

    An environment saved before a field was added gets that field with its
    default (so adding one needs no new ``env_version``, which would also
    change the search index of every page).
    """
    state = getattr(env, "catalyst_state", None)
    if state is None:
        state = env.catalyst_state = EnvState()
    elif len(vars(state)) < len(_ENV_FIELDS):
        for missing in (f for f in _ENV_FIELDS if f.name not in vars(state)):
            setattr(
                state, missing.name, missing.default_factory() if callable(missing.default_factory) else missing.default
            )
    return state
