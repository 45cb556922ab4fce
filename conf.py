"""Sphinx configuration for the Catalyst Project website.

This file only chooses values.  Everything the site does beyond stock Sphinx,
ablog and the theme (data directives, front-matter checks, per-language
settings, the language switcher...) lives in the ``catalyst`` package next to
this file, one module per feature.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# -- Project information -----------------------------------------------------
# ref: https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information

# The name in the build's language comes from `brand` in catalyst_languages
# below; these are the values of the source language.
project = "The Catalyst Project"
author = "The Catalyst Project"
copyright = "2024–%Y, The Catalyst Project"  # %Y follows SOURCE_DATE_EPOCH

# -- Languages ---------------------------------------------------------------
# The one place that lists the site's languages.  The first is the language of
# the sources; every other one is built from `locales/<code>/LC_MESSAGES/`.
# To add a language: add an entry here, run `make update-po`, translate.
#   name:    the language's own name, shown in the language switcher
#   locale:  the OpenGraph / Babel locale of the build
#   brand:   the project's name in that language: page titles, link previews,
#            the logo's text alternative, feed titles (catalyst/interface.py); a
#            language whose logo reads otherwise has its own
#            catalyst/static/catalyst-logo[-dark]-<code>.svg

catalyst_languages = {
    "en": {"name": "English", "locale": "en_GB", "brand": "The Catalyst Project"},
    "es": {"name": "Español", "locale": "es_419", "brand": "Proyecto Catalyst"},
}

# Where the site is published; each language lives under `<url><code>/`.
# (Every catalyst_* value is declared, with its default and its check, in
# catalyst/config.py; a wrong value stops the build with what to write.)
catalyst_site_url = os.environ.get("CATALYST_SITE_URL", "https://catalystproject.cloud/")

# -- General configuration ---------------------------------------------------

extensions = [
    # content
    "myst_parser",
    "ablog",
    # link previews and the "page not found" page
    "sphinxext.opengraph",
    "notfound.extension",
    # the site's own behaviour (see catalyst/__init__.py)
    "catalyst",
]

exclude_patterns = [
    ".*",  # .venv, .git, .github, .pytest_cache...
    "_build",
    "node_modules",
    "README.md",
    "CONTRIBUTING.md",
    "LICENSE*",
    "tests",
    "catalyst",
    "tools",
    "benchmarks",
    "upstream",
]

# Every cross-reference must resolve.
nitpicky = True

# -- MyST --------------------------------------------------------------------
# ref: https://myst-parser.readthedocs.io/en/latest/configuration.html

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 2

# -- Internationalisation ----------------------------------------------------
# ref: https://www.sphinx-doc.org/en/master/usage/advanced/intl.html
# One catalog per document (fewer merge conflicts) and no source line numbers
# in the catalogs (no churn in diffs when English text moves).

language = "en"
# locales/: the pages' catalogs.  catalyst/locales/: the site interface's
# catalog, and its `sphinx.po`, which corrects and completes the Spanish that
# Sphinx, ablog and the theme ship (Sphinx reads it before their own).
locale_dirs = ["locales/", "catalyst/locales/"]
gettext_compact = False
gettext_location = False
gettext_uuid = False
gettext_last_translator = "Catalyst Project translators"
gettext_language_team = "Catalyst Project"

# -- Blog (ablog) ------------------------------------------------------------
# ref: https://ablog.readthedocs.io/en/stable/manual/ablog-configuration-options.html
# Posts live in blog/<year>/; their front matter is checked by
# catalyst/frontmatter.py before Sphinx reads them.

blog_path = "blog"
blog_title = "Catalyst Project blog"
blog_feed_archives = True  # one Atom feed per tag, author and year
# Entries carry the title and the first paragraph, and link to the post: light
# for readers on metered connections, and no post is rendered again per feed.
blog_feed_titles = True
blog_feed_length = 50
post_auto_excerpt = 1
post_show_prev_next = False  # catalyst/blog.py adds them, translated
# The theme already ships the icons that ablog would otherwise link; saying so
# also keeps the theme from changing this value during every build, which
# would make Sphinx re-read every source (pydata-sphinx-theme#1222).
fontawesome_included = True

# -- HTML output -------------------------------------------------------------
# ref: https://pydata-sphinx-theme.readthedocs.io/en/stable/user_guide/index.html

html_theme = "pydata_sphinx_theme"
html_title = "The Catalyst Project"  # per language: `brand` above
html_last_updated_fmt = None
html_favicon = "catalyst/static/catalyst-mark.svg"
html_copy_source = False
html_use_index = False
html_show_sourcelink = False
html_permalinks_icon = "#"  # plain text: no icon font needed for anchors

html_theme_options = {
    "logo": {
        "image_light": "_static/catalyst-logo.svg",
        "image_dark": "_static/catalyst-logo-dark.svg",
        "alt_text": "The Catalyst Project",  # per language: `brand` above
    },
    "navbar_start": ["navbar-logo"],
    # The site's own navigation (a Home item for the phone menu); the language
    # switcher stays in the header on phones too (persistent items do).
    "navbar_center": ["catalyst/navbar-nav"],
    "navbar_end": ["theme-switcher"],
    "navbar_persistent": ["search-button", "catalyst/language-switcher"],
    "header_links_before_dropdown": 5,
    # No left column on pages without a section navigation (every page but
    # the blog's, whose sidebar is set in html_sidebars below).
    "sidebar_includehidden": False,
    "footer_start": ["catalyst/footer"],
    "footer_center": [],
    "footer_end": [],
    "secondary_sidebar_items": ["page-toc"],
    # The theme renders every header, footer and sidebar item twice per page: once to drop those
    # that come out empty, then for the page.  These never come out empty, so the first rendering
    # is skipped (the theme's own two are kept in the list; tests/test_pages.py checks that no
    # item of any page is empty).
    "templates_skip_empty_check": [
        "navbar-nav.html",
        "sidebar-nav-bs.html",
        "navbar-logo.html",
        "theme-switcher.html",
        "search-button.html",
        "catalyst/language-switcher.html",
        "catalyst/footer.html",
        "catalyst/blog-sidebar.html",
    ],
    "show_prev_next": False,
    "article_header_start": [],
    "back_to_top_button": False,
    "pygments_light_style": "default",
    "pygments_dark_style": "native",
}

# The colour scheme follows the reader's device until they choose (the theme
# reads it from the context; left empty, it logs "Got invalid theme mode").
html_context = {"default_mode": "auto"}

# Pages keep the theme's default (an empty section navigation, hidden); the
# blog shows its tags, years and feed.
html_sidebars = {
    "blog/**": ["catalyst/blog-sidebar"],
}

# -- Link previews (OpenGraph) -----------------------------------------------
# ref: https://sphinxext-opengraph.readthedocs.io/
# The site URL, locale and image address are set per language by
# catalyst/languages.py.

ogp_site_name = "The Catalyst Project"  # per language: `brand` above
ogp_social_cards = {"enable": False}  # needs matplotlib; the site has its own image
ogp_image_alt = "The Catalyst Project"  # per language: `brand` above

# -- Page not found ------------------------------------------------------------
# ref: https://sphinx-notfound-page.readthedocs.io/
# Its address prefix and text are set per language by catalyst/languages.py.
