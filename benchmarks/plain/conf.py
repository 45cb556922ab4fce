"""The plain stack: the site's extensions and settings, none of its code."""

SITE_URL = "https://catalystproject.cloud/"

project = "The Catalyst Project"
author = "The Catalyst Project"
copyright = "2024–%Y, The Catalyst Project"

extensions = ["myst_parser", "ablog", "pydata_sphinx_theme", "sphinxext.opengraph", "notfound.extension"]
exclude_patterns = [".*", "_build", "README.md", "CONTRIBUTING.md", "LICENSE*"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 2

language = "en"
locale_dirs = ["locales/"]
gettext_compact = False

blog_path = "blog"
blog_title = "Catalyst Project blog"
blog_baseurl = SITE_URL
blog_feed_archives = True
blog_feed_titles = True
blog_feed_length = 50
post_auto_excerpt = 1
post_show_prev_next = True
fontawesome_included = True  # the known fix (pydata-sphinx-theme#1222)

html_theme = "pydata_sphinx_theme"
html_title = "The Catalyst Project"
html_baseurl = SITE_URL
html_copy_source = False
html_use_index = False
html_show_sourcelink = False
html_sidebars = {
    "blog/**": ["ablog/postcard.html", "ablog/recentposts.html", "ablog/tagcloud.html", "ablog/archives.html"],
}

ogp_site_url = SITE_URL
ogp_site_name = "The Catalyst Project"
ogp_social_cards = {"enable": False}
