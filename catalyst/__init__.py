"""The Catalyst Project website's own Sphinx behaviour.

This package is the site's Sphinx extension and nothing else; the programs
that build, preview and translate the site are in ``tools/`` at the top of the
repository.  One module per feature, each saying in its docstring why it exists:

Blog
  - ``frontmatter``: blog post front matter, checked before Sphinx reads a page;
    which posts each language's build contains
  - ``blog``:        ablog's posts and archives, localized (dates, tag labels, titles)
  - ``feeds``:       Atom feeds with localized titles, every author, reproducible dates
  - ``archives``:    the archive pages (tag, author, year): names, titles, languages
  - ``incremental``: rebuilds that redo only what an edit needs
Languages
  - ``languages``:   per-language settings, language switcher, hreflang links
  - ``origin``:      the language each document is written in (either can be the original),
    and what each build translated
  - ``fallback``:    pages not fully translated: a notice, and ``lang`` on the original's text
  - ``doctrees``:    the translation step: fast, and translated doctrees kept small
  - ``searchindex``: the search index, each word stemmed once per build
  - ``sitemap``:     a sitemap per language, with each page's other languages
  - ``catalogs``:    the translation catalogs checked before a build (msgfmt, Markdown structure)
  - ``navigation``:  the navigation's short labels counted as translated text
  - ``interface``:   the brand per language; Sphinx's, ablog's and the theme's Spanish corrected;
    links to other sites in the page's language
Content
  - ``data``:        the YAML files in ``data/`` (people, partners...), checked
  - ``cards``:       directives that render them (``{people}``, ``{partners}``...)
  - ``assets``:      the site's stylesheet, logo and templates (``templates/``, ``static/``)
  - ``csp``:         a Content-Security-Policy and a referrer policy on every page
  - ``fragments``:   HTML written into page bodies, from ``templates/catalyst/fragments/``
Readers on slow links
  - ``purge``:       unused CSS removed after the build; the dropdowns without Bootstrap's script
  - ``offline``:     a service worker that keeps the pages a reader opens, and its offline page
  - ``partnersmap``: the partners on a map of Africa and Latin America (``{partners-map}``)
Machinery
  - ``config``:      every ``catalyst_*`` configuration value, and the order of the handlers
  - ``state``:       what the extension knows during a build (one object per build)
  - ``stamps``:      what a build remembers about files until they change (by size and time)
  - ``reading``:     pages read fast (MyST's front matter with libyaml, docutils' settings once)
  - ``_compat``:     every use of a private name of Sphinx, ablog, docutils or the theme

``setup()`` registers the features; when the configuration is ready,
``on_config_inited`` sets them up in the order they depend on each other.
The feature modules are imported there, when Sphinx loads the extension,
not when the package is: the build driver (``tools/build.py``) checks the
posts, data and catalogs with ``frontmatter``, ``data`` and ``catalogs``
before it starts Sphinx, and need not wait for every other module (and the
parts of Sphinx, ablog and the theme they use) to be imported first.
"""

__version__ = "2026.11"


def on_config_inited(app, conf) -> None:
    """Set up every feature, in order, once ``conf.py`` and ``-D`` options are read."""
    from . import config
    from ._compat import reset_ablog_state
    from .assets import on_config_inited as assets_config
    from .doctrees import turn_on_fast_i18n as fast_i18n_config
    from .feeds import localize_blog_title
    from .frontmatter import on_config_inited as frontmatter_config
    from .interface import on_config_inited as interface_config
    from .languages import on_config_inited as languages_config
    from .reading import turn_on_fast_reading
    from .searchindex import remember_stems

    config.check(conf)
    reset_ablog_state()  # before anything asks ablog for its blog
    languages_config(app, conf)  # per-language values the others read (addresses, ...)
    interface_config(app, conf)  # the brand per language, the interface catalogs' folders
    localize_blog_title(app, conf)
    assets_config(app, conf)
    frontmatter_config(app, conf)  # checks the posts, decides which this build has
    fast_i18n_config(app, conf)  # the translation step's parser (catalyst/doctrees.py)
    turn_on_fast_reading(app, conf)  # how pages are read (catalyst/reading.py)
    remember_stems(app, conf)  # the search index's stemmer (catalyst/searchindex.py)


def setup(app):
    from . import config
    from .assets import setup_assets
    from .blog import setup_blog
    from .cards import setup_cards
    from .csp import setup_csp
    from .doctrees import setup_doctrees
    from .fallback import setup_fallback
    from .feeds import setup_feeds
    from .frontmatter import setup_frontmatter
    from .incremental import setup_incremental
    from .interface import setup_interface
    from .languages import setup_languages
    from .navigation import setup_navigation
    from .offline import setup_offline
    from .origin import setup_origin
    from .partnersmap import setup_partnersmap
    from .purge import setup_purge
    from .reading import setup_reading
    from .searchindex import setup_searchindex
    from .sitemap import setup_sitemap

    config.register(app)
    setup_languages(app)
    setup_frontmatter(app)
    setup_blog(app)
    setup_feeds(app)
    setup_incremental(app)
    setup_cards(app)
    setup_origin(app)
    setup_fallback(app)
    setup_sitemap(app)
    setup_doctrees(app)
    setup_reading(app)
    setup_searchindex(app)
    setup_assets(app)
    setup_interface(app)
    setup_csp(app)
    setup_purge(app)
    setup_offline(app)
    setup_partnersmap(app)
    setup_navigation(app)
    app.connect("config-inited", on_config_inited, priority=config.PRIORITY["config-inited"])
    return {
        "version": __version__,
        # 6: the extension's saved state is one object (catalyst.state.EnvState)
        # 7: what each build translated of each document (EnvState.translations)
        "env_version": 7,
        # ablog, which the site builds on, is not parallel-read safe.
        "parallel_read_safe": False,
        "parallel_write_safe": True,
    }
