"""A small bilingual blog on the site's extension: the fast tests' fixture site."""

project = "Fixture blog"
author = "Fixture"
copyright = "2024, Fixture"

catalyst_languages = {
    "en": {"name": "English", "locale": "en_GB"},
    "es": {"name": "Español", "locale": "es_419"},
}
catalyst_site_url = "https://blog.example.org/"

extensions = ["myst_parser", "ablog", "catalyst"]
exclude_patterns = ["_build"]
nitpicky = True

language = "en"
locale_dirs = ["locales/"]
gettext_compact = False
gettext_location = False

blog_path = "blog"
blog_title = "Fixture blog"
blog_feed_archives = True
blog_feed_titles = True
blog_feed_length = 50
post_auto_excerpt = 1
post_show_prev_next = False
fontawesome_included = True

html_theme = "pydata_sphinx_theme"
html_permalinks_icon = "#"
html_copy_source = False
html_theme_options = {
    "navbar_end": ["catalyst/language-switcher"],
    "footer_start": [],
    "footer_center": [],
    "footer_end": [],
    "show_prev_next": False,
}
html_sidebars = {"blog/**": ["catalyst/blog-sidebar"]}
