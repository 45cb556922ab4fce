"""The extension's configuration: every ``catalyst_*`` value, declared once.

Each value has its default, the rebuild it needs when it changes (Sphinx's
``rebuild`` argument: ``"env"`` re-reads every page, ``"html"`` only writes
them again), its types and a check run when the configuration is ready, so a
mistake in ``conf.py`` stops the build with a message that says what to write.
``conf.py`` documents the values the site sets.

The order in which the extension's handlers run is declared here too
(``PRIORITY``), against the other extensions' (Sphinx's default is 500).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.errors import ConfigError

# The address the site is published at; the build tool and the tests read it
# from conf.py, which may take it from the environment (CATALYST_SITE_URL).
DEFAULT_SITE_URL = "https://catalystproject.cloud/"


def _check_languages(value: Any) -> None:
    if not isinstance(value, dict) or not value:
        raise ConfigError("catalyst_languages must list at least one language: {code: {name: ..., locale: ...}}")
    for code, info in value.items():
        missing = {"name", "locale"} - set(info if isinstance(info, dict) else ())
        if missing:
            raise ConfigError(
                f"catalyst_languages[{code!r}] needs {' and '.join(sorted(missing))} "
                "(its own name, shown in the language switcher, and its Babel/OpenGraph locale)"
            )


def _check_site_url(value: Any) -> None:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ConfigError(f"catalyst_site_url must be an absolute address (https://...), not {value!r}")


@dataclass(frozen=True)
class Option:
    """One configuration value of the extension."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    check: Callable[[Any], None]
    doc: str


def _check_bool(name: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be True or False, not {value!r}")

    return check


def _check_preview(value: Any) -> None:
    if str(value).lower() not in ("0", "1", "true", "false", "yes", "no", ""):
        raise ConfigError(f"catalyst_preview must be 0 or 1 (-D catalyst_preview=1), not {value!r}")


def user_cache(name: str) -> Path:
    """The folder *name* of the builds' caches outside the checkout, in the user's cache folder
    (``$XDG_CACHE_HOME/catalyst-site/``, else ``~/.cache/catalyst-site/``): what they hold is
    checked against its sources, so every build and checkout of the user can share it."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "catalyst-site" / name


def is_preview(config) -> bool:
    """Whether this build is a writer's preview (``-D catalyst_preview=1``)."""
    return str(config.catalyst_preview).lower() in ("1", "true", "yes")


OPTIONS = (
    Option(
        "catalyst_preview",
        False,
        "env",
        (bool, int, str),
        _check_preview,
        "a writer's preview (-D catalyst_preview=1): posts scheduled for a later day are shown, marked",
    ),
    Option(
        "catalyst_languages",
        {"en": {"name": "English", "locale": "en"}},
        "env",
        (dict,),
        _check_languages,
        "the site's languages, source language first: code -> {name, locale, brand}",
    ),
    Option(
        "catalyst_site_url",
        DEFAULT_SITE_URL,
        "html",
        (str,),
        _check_site_url,
        "where the site is published; each language lives under <url><code>/",
    ),
    Option(
        "catalyst_fast_i18n",
        True,
        "",  # the output does not depend on it: switching it needs no re-read
        (bool,),
        _check_bool("catalyst_fast_i18n"),
        "translated strings parsed with one Markdown parser per build (-D catalyst_fast_i18n=0: Sphinx's way)",
    ),
    Option(
        "catalyst_fast_search",
        True,
        "",  # the search index does not depend on it: switching it needs no re-read
        (bool,),
        _check_bool("catalyst_fast_search"),
        "the search index stems each word once per build (-D catalyst_fast_search=0: Sphinx's way)",
    ),
    Option(
        "catalyst_fast_read",
        True,
        "",  # the doctrees do not depend on it: switching it needs no re-read
        (bool,),
        _check_bool("catalyst_fast_read"),
        "pages read with libyaml and one docutils option parser per build (-D catalyst_fast_read=0: upstream's way)",
    ),
)

# Handler priorities (lower runs first), in one place.  ablog copies each post
# into the environment at doctree-read 500, and turns front matter into a post
# node in a transform (see _compat.ablog_frontmatter_priority).
PRIORITY = {
    # config-inited: the extension's one handler (catalyst.on_config_inited)
    # runs before the other extensions' (500), so the values it sets per
    # language (notfound_urls_prefix, blog_baseurl...) are in place for them.
    "config-inited": 400,
    # doctree-read: translated nodes reattached after every transform and
    # before ablog copies the post ...
    "doctree-read:reattach-nodes": 100,
    # ... {doc} links made absolute before ablog copies the excerpts ...
    "doctree-read:absolute-links": 400,
    # ... and ablog's copies made small once it has made them.
    "doctree-read:drop-copies": 600,
    # doctree-resolved: post lists and tag filters rendered, then the post's header added.
    "doctree-resolved:postlists": 400,
    "doctree-resolved:tagfilters": 400,
    "doctree-resolved:post-header": 600,
    # build-finished: once every page, feed and sitemap is written, the unused
    # CSS is removed, then the service worker is written with the hash of the
    # purged assets.
    "build-finished:purge": 900,
    "build-finished:offline": 950,
}


def register(app) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, option.rebuild, option.types, description=option.doc)


def check(config) -> None:
    """Check every value of the extension (at config-inited)."""
    for option in OPTIONS:
        option.check(config[option.name])
