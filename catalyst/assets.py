"""The site's look: templates, stylesheet and logo shipped inside this package.

They are added to the configuration when it is ready, so ``conf.py`` does not
need to know where they live.
"""

from pathlib import Path

from ._compat import check_theme_layout

HERE = Path(__file__).parent


def on_config_inited(app, config) -> None:
    templates = str(HERE / "templates")
    if templates not in config.templates_path:
        config.templates_path = [templates, *config.templates_path]
    static = str(HERE / "static")
    if static not in config.html_static_path:
        config.html_static_path = [static, *config.html_static_path]


def setup_assets(app):
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", check_theme_layout)
    app.add_css_file("catalyst.css")
    app.add_js_file("catalyst.js", loading_method="defer")
