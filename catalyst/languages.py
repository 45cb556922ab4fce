"""Per-language settings, derived from the one list of languages in conf.py.

Each language is a separate build of the same sources (``-D language=es``).
``conf.py`` cannot see that option, so the values that depend on the language
(addresses, search language, feed address, OpenGraph locale) are set here when
the configuration is ready.  The language switcher and the ``hreflang`` links
use the same list, so every page links to itself in every language; the
switcher's links are relative, so they work wherever the site is opened.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.errors import ConfigError
from sphinx.locale import get_translation

from .archives import page_exists_in

MESSAGE_CATALOG = "catalyst"
_ = get_translation(MESSAGE_CATALOG)


def language_url(config, code: str) -> str:
    return f"{config.catalyst_site_url.rstrip('/')}/{code}/"


def on_config_inited(app, config) -> None:
    languages = config.catalyst_languages
    if config.language not in languages:
        raise ConfigError(
            f"language {config.language!r} is not in catalyst_languages in conf.py "
            f"({', '.join(languages)}): add it there first"
        )
    url = language_url(config, config.language)
    config.html_baseurl = url
    config.blog_baseurl = url
    # Sphinx's search has stemmers for both; a language without one falls back
    # to English stemming rather than failing.
    config.html_search_language = config.language
    # Link previews: this language's address, locale and the other locales.
    locales = {code: info["locale"] for code, info in languages.items()}
    config.ogp_site_url = url
    config.ogp_image = url + "_static/catalyst-card.png"
    config.ogp_custom_meta_tags = [
        f'<meta property="og:locale" content="{locales[config.language]}">',
        *(
            f'<meta property="og:locale:alternate" content="{locale}">'
            for code, locale in locales.items()
            if code != config.language
        ),
        '<meta name="twitter:card" content="summary_large_image">',
    ]
    # The "page not found" page is served for any address, so its links are
    # absolute from the site's root.
    config.notfound_urls_prefix = f"/{config.language}/"
    config.notfound_context = {
        "title": _("Page not found"),
        "body": '<h1>{}</h1><p>{}</p><p><a href="{}">{}</a></p>'.format(
            _("Page not found"),
            _("Sorry, there is no page at this address. It may have moved, or the link may be mistyped."),
            f"/{config.language}/index.html",
            _("Go to the home page"),
        ),
    }


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """Everything the templates need to link a page to its other languages."""
    config = app.config
    current = config.language
    target = app.builder.get_target_uri(pagename)
    alternates = []
    languages_locale = config.catalyst_languages[current]["locale"]
    for code, info in config.catalyst_languages.items():
        # A page that exists in one language only (a post written in that
        # language, or an archive only such posts fill) has its counterpart
        # in the other language's blog index.
        exists = code == current or page_exists_in(app, pagename, code)
        page = target if exists else app.builder.get_target_uri("blog/index")
        alternates.append(
            {
                "code": code,
                "name": info["name"],
                # the language's name in the page's language ("inglés")
                "name_here": Locale.parse(code).get_language_name(languages_locale),
                # absolute, for hreflang links (search engines want them so)
                "url": language_url(config, code) + page,
                # relative, for the switcher: the same site wherever it is
                # opened (a preview downloaded and opened from disk included)
                "href": "../" * (target.count("/") + 1) + code + "/" + page,
                "current": code == current,
                "exists": exists,
            }
        )
    context["catalyst_alternates"] = alternates
    context["catalyst_language"] = current
    context["catalyst_default_language"] = next(iter(config.catalyst_languages))
    context["t"] = _
    # The theme's configurable labels are not in its catalogs.
    context["theme_search_bar_text"] = _("Search this site…")
    context["theme_header_dropdown_text"] = _("More")


def compile_catalogs(locale_dir: Path) -> None:
    """Compile the extension's own ``.po`` files into the ``.mo`` files gettext reads.

    Sphinx compiles the catalogs in ``locale_dirs`` itself, but not those of
    an extension's message catalog; ``.mo`` files are build output, not kept
    in git.
    """
    for po in locale_dir.glob(f"*/LC_MESSAGES/{MESSAGE_CATALOG}.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)


def setup_languages(app):
    locale_dir = Path(__file__).parent / "locales"
    compile_catalogs(locale_dir)
    app.add_message_catalog(MESSAGE_CATALOG, str(locale_dir))
    # the configuration values are declared in catalyst/config.py; on_config_inited
    # is called by catalyst.on_config_inited
    app.connect("html-page-context", on_html_page_context)
