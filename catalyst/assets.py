"""The site's look: templates, stylesheet and logo shipped inside this package.

They are added to the configuration when it is ready, so ``conf.py`` does not
need to know where they live.  The page templates (the theme's and the
site's) are compiled once and kept in the user's cache folder
(``catalyst-site/templates``, Jinja's bytecode cache, checked against each
template's source), not compiled again by every build, even a clean one.
"""

from pathlib import Path

import jinja2

from ._compat import check_theme_layout
from .config import user_cache

HERE = Path(__file__).parent


def on_config_inited(app, config) -> None:
    templates = str(HERE / "templates")
    if templates not in config.templates_path:
        config.templates_path = [templates, *config.templates_path]
    static = str(HERE / "static")
    if static not in config.html_static_path:
        config.html_static_path = [static, *config.html_static_path]


# Files of the theme's static folder that are Jinja templates for the theme's
# own use, not files for readers: Sphinx copies them with the rest.
NOT_PUBLISHED = ("_static/webpack-macros.html",)


def remove_unpublished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        for name in NOT_PUBLISHED:
            Path(app.outdir, name).unlink(missing_ok=True)


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """Sphinx's search-word highlighting only on the search page (its result snippets).

    Elsewhere it would mark the words of the last search on the next page a reader
    opens, with a "Hide Search Matches" button that follows them around.
    """
    if pagename != "search" and "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if not str(js).endswith("sphinx_highlight.js")]


def cache_compiled_templates(app) -> None:
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    folder = user_cache("templates")
    folder.mkdir(parents=True, exist_ok=True)
    app.builder.templates.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def setup_assets(app):
    # on_config_inited is called by catalyst.on_config_inited
    app.connect("build-finished", remove_unpublished)
    app.connect("builder-inited", check_theme_layout)
    app.connect("builder-inited", cache_compiled_templates)
    app.connect("html-page-context", on_html_page_context)
    app.add_css_file("catalyst.css")
    app.add_js_file("catalyst.js", loading_method="defer")
