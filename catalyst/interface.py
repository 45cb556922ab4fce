"""The interface in the build's language: the brand, and the strings of Sphinx, ablog and the theme.

- The brand: ``brand`` in each entry of ``catalyst_languages`` (conf.py) is the
  project's name in that language.  It becomes the page titles' suffix, the
  link previews' site name and image description, and the logo's text
  alternative; the blog's title (and so every feed's title) is built from it.
- Upstream strings: Sphinx, ablog and the theme share one message domain,
  ``sphinx``.  Sphinx reads it from ``locale_dirs`` before its own catalogs, so
  ``catalyst/locales/<code>/LC_MESSAGES/sphinx.po`` (listed there in conf.py)
  corrects the Spanish they ship and supplies the entries they leave empty.
  Each entry names the upstream text it replaces.
- The search page's scripts read their strings from ``_static/translations.js``,
  a table Sphinx ships precompiled per language (``sphinx.js``) and copies from
  the first ``locale_dirs`` folder that has one.  The site writes its own table
  next to its ``sphinx.po``: Sphinx's table, with the site's entries in place
  of Sphinx's.
- ablog names its archive pages in English ("Tags"); a ``{ref}`` to one of
  them shows that name as the link's tooltip, so it is translated here.
- Links to other sites go to their version in the page's language where
  ``data/links.yaml`` lists one (a lesson's ``/es/``, a licence's
  ``deed.es``), unless the link's text names the source language: "la
  lección en inglés" is offered in English on purpose.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import package_dir
from sphinx.locale import _ as sphinx_gettext
from sphinx.locale import get_translation

from . import _compat, data, stamps
from .blog import blog, tag_label

LOCALE_DIR = Path(__file__).parent / "locales"
STATIC_DIR = Path(__file__).parent / "static"
UPSTREAM_CATALOG = "sphinx"
_ = get_translation("catalyst")


def brand(config, code: str | None = None) -> str:
    """The project's name in *code* (the build's language by default)."""
    languages = config.catalyst_languages
    info = languages.get(code or config.language) or next(iter(languages.values()))
    return info.get("brand") or config.project


def apply_brand(app, config) -> None:
    """Every place the theme, Sphinx and the link previews show the project's name."""
    name = brand(config)
    config.project = name
    config.html_title = name
    config.html_short_title = name
    config.ogp_site_name = name
    config.ogp_image_alt = name
    options = dict(config.html_theme_options)
    logo = {**options.get("logo", {}), "alt_text": name}
    # The wordmark is text drawn in the logo: a language with its own files
    # (static/catalyst-logo-<code>.svg and catalyst-logo-dark-<code>.svg) shows them.
    for key, stem in (("image_light", "catalyst-logo"), ("image_dark", "catalyst-logo-dark")):
        if (STATIC_DIR / f"{stem}-{config.language}.svg").is_file():
            logo[key] = f"_static/{stem}-{config.language}.svg"
    options["logo"] = logo
    config.html_theme_options = options


def js_table(code: str, upstream: Path | None = None) -> dict | None:
    """Sphinx's ``sphinx.js`` table for *code*, as a dict (None if Sphinx has none)."""
    path = upstream or Path(package_dir, "locale", code, "LC_MESSAGES", "sphinx.js")
    if not path.is_file():
        return None
    return _compat.sphinx_js_table(path.read_text(encoding="utf-8"))


def write_js_tables(locale_dir: Path = LOCALE_DIR) -> None:
    """Write ``sphinx.js`` next to each of the site's ``sphinx.po``: Sphinx's table, corrected.

    Only the entries of Sphinx's table are kept (the scripts ask for no other);
    an entry of the site's catalog replaces Sphinx's, plural forms included.
    """
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{UPSTREAM_CATALOG}.po")):
        code = po.parent.parent.name
        table = js_table(code)
        if table is None:
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        messages = table["messages"]
        for message in catalog:
            key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            if not key or key not in messages or message.fuzzy:
                continue
            if isinstance(message.string, (list, tuple)):
                # Sphinx's table has as many forms as its plural expression gives.
                forms = list(message.string)
                count = len(messages[key]) if isinstance(messages[key], list) else len(forms)
                forms += [forms[-1]] * (count - len(forms))
                messages[key] = forms[:count]
            elif message.string:
                messages[key] = message.string
        text = _compat.sphinx_js_text(table)
        target = po.with_suffix(".js")
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stamps.write_text(target, text)  # a build in another process never reads half a table


def absolute_locale_dirs(app, config) -> None:
    """Sphinx looks for ``sphinx.js`` in ``locale_dirs`` from the working directory, not the sources."""
    config.locale_dirs = [str(Path(app.srcdir, folder)) for folder in config.locale_dirs]


def localized_archive_titles(app, env, node, contnode):
    """Before ablog resolves ``{ref}`blog-tags``` and ``tag-<name>``, put its titles in the build's language."""
    target = node.get("reftarget", "")
    references = getattr(blog(app), "references", {})
    if target in references:
        docname, title = references[target]
        if target.startswith("tag-"):
            title = tag_label(app, str(title))
        elif target.startswith("blog-"):
            title = sphinx_gettext(str(title))
        references[target] = (docname, title)
    # no link returned: ablog's own handler builds it, with the title set here


def links(app) -> list[dict]:
    """The entries of data/links.yaml (none if the site has no such file)."""
    if not Path(data.data_path(app.srcdir, "links")).is_file():
        return []
    return data.load(app.srcdir, "links")


def localized_url(app, url: str) -> str:
    """*url*, or its version in the build's language when data/links.yaml lists one."""
    language = app.config.language
    for entry in links(app):
        version = entry["versions"].get(language)
        if version and url.startswith(entry["url"]) and not url.startswith(version):
            return version + url[len(entry["url"]) :]
    return url


def note_links_dependency(app, doctree) -> None:
    """A page with links to other sites is written again when data/links.yaml changes."""
    path = Path(data.data_path(app.srcdir, "links"))
    if path.is_file() and any("://" in ref.get("refuri", "") for ref in doctree.findall(nodes.reference)):
        app.env.note_dependency(data.data_path(app.srcdir, "links"))


def localize_links(app, doctree, docname) -> None:
    """Point links to other sites at their version in the build's language."""
    source = next(iter(app.config.catalyst_languages))
    if app.config.language == source:
        return
    here = app.config.catalyst_languages[app.config.language]["locale"]
    source_name = Locale.parse(source).get_language_name(here).casefold()
    for reference in doctree.findall(nodes.reference):
        url = reference.get("refuri", "")
        if "://" not in url or source_name in reference.astext().casefold():
            continue
        reference["refuri"] = localized_url(app, url)


def page_context(app, pagename, templatename, context, doctree) -> None:
    context["catalyst_brand"] = brand(app.config)
    context["catalyst_blog_title"] = app.config.blog_title
    context["catalyst_url"] = lambda url: localized_url(app, url)
    if pagename == "search":
        _compat.add_search_page_script(app, search_strings(), SNIPPET_SKIPS)


# What a search result's snippet leaves out: the post header, the translators'
# credit, the links to other posts and the translation notice, which would
# otherwise run together ("22 March 2024By Jenny Wong3 min read").
SNIPPET_SKIPS = [
    ".catalyst-post-meta",
    ".catalyst-post-translators",
    ".catalyst-postnav",
    ".catalyst-translation-notice",
]


def search_strings() -> dict:
    """The search page in the site's own words, in every language: Sphinx's wording (and its
    Spanish catalog, which leaves the summary empty), keyed by Sphinx's English."""
    many = _("${resultCount} pages found.")
    return {
        "Search Results": _("Search results"),
        # Sphinx's table holds one form per plural form of the language; six covers every language
        "Search finished, found one page matching the search query.": [_("1 page found."), *[many] * 5],
        "Your search did not match any documents. Please make sure that all words are spelled correctly "
        "and that you've selected enough categories.": _(
            "No page matches this search. Check the spelling, or try other or fewer words."
        ),
        "Searching": _("Searching"),
        "Preparing search...": _("Preparing the search…"),
    }


def on_config_inited(app, config) -> None:
    """Called by ``catalyst.on_config_inited``, after the per-language values are set."""
    apply_brand(app, config)
    absolute_locale_dirs(app, config)


def setup_interface(app):
    write_js_tables()
    app.connect("missing-reference", localized_archive_titles, priority=400)
    app.connect("html-page-context", page_context)
    app.connect("doctree-read", note_links_dependency)
    app.connect("doctree-resolved", localize_links)
