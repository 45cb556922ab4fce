"""The Catalyst Project website's own Sphinx behaviour.

One module per feature; ``setup()`` registers them all:

- ``languages``:   per-language settings, language switcher, hreflang links
- ``frontmatter``: blog post front matter, checked before Sphinx reads a page
- ``blog``:        ablog's posts and archives, localized
- ``feeds``:       Atom feeds with localized titles and absolute links
- ``incremental``: rebuilds that redo only what an edit needs
- ``cards``:       directives that render ``data/*.yaml`` (people, partners...)
- ``sitemap``:     a sitemap per language, with each page's other languages
- ``doctrees``:    keeps translated doctrees small (an i18n + MyST memory fix)
- ``fallback``:    pages not fully translated: a notice, and ``lang`` on English text
- ``assets``:      the site's stylesheet, logo and templates
- ``purge``:       unused CSS removed after the build; no Bootstrap script
- ``offline``:     a service worker that keeps pages for offline re-reading
"""

from .assets import setup_assets
from .blog import setup_blog
from .cards import setup_cards
from .doctrees import setup_doctrees
from .fallback import setup_fallback
from .feeds import setup_feeds
from .frontmatter import setup_frontmatter
from .incremental import setup_incremental
from .sitemap import setup_sitemap
from .languages import setup_languages
from .offline import setup_offline
from .purge import setup_purge

__version__ = "2026.11"


def setup(app):
    setup_languages(app)
    setup_frontmatter(app)
    setup_blog(app)
    setup_feeds(app)
    setup_incremental(app)
    setup_cards(app)
    setup_fallback(app)
    setup_sitemap(app)
    setup_doctrees(app)
    setup_assets(app)
    setup_purge(app)
    setup_offline(app)
    return {
        "version": __version__,
        "env_version": 5,
        # ablog, which the site builds on, is not parallel-read safe.
        "parallel_read_safe": False,
        "parallel_write_safe": True,
    }
