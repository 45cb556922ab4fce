"""The site's root ``404.html``: one "page not found" page for every language.

GitHub Pages serves only ``/404.html`` for an address that does not exist, so
the per-language 404 pages (``en/404.html``, ``es/404.html``) are never shown
for a mistyped address.  This page says it in every language of the site, each
part with its own search box and links to the main sections, and works from
any address (its links start at the site's root).  The text comes from the
interface catalog (``catalyst/locales/``), the HTML from
``templates/root/404.html``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).parent
LOCALES = HERE / "locales"


def _(message: str) -> str:
    """Marks a label for the interface catalog; it is translated per language in render()."""
    return message


# The sections a lost reader is offered: (page, its label in the interface catalog).
SECTIONS = [
    ("index", _("Home")),
    ("about", _("About the project")),
    ("current-community-partners", _("Community partners")),
    ("training", _("Training")),
    ("blog/index", _("Blog")),
    ("contact", _("Contact")),
]


def translator(code: str):
    """gettext for one language from the interface catalog (English: the msgid itself)."""
    path = LOCALES / code / "LC_MESSAGES" / "catalyst.po"
    if not path.is_file():
        return lambda message: message
    with path.open("rb") as handle:
        catalog = read_po(handle)

    def gettext(message: str) -> str:
        entry = catalog.get(message)
        return entry.string if entry is not None and entry.string and not entry.fuzzy else message

    return gettext


def render(langs: dict, site_url: str) -> str:
    root = urlsplit(site_url).path.rstrip("/") + "/"
    parts = []
    for code, info in langs.items():
        t = translator(code)
        parts.append(
            {
                "code": code,
                "name": info["name"],
                "t": t,
                "home": f"{root}{code}/index.html",
                "search": f"{root}{code}/search.html",
                "sections": [(f"{root}{code}/{page}.html", t(label)) for page, label in SECTIONS],
            }
        )
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    return env.get_template("root/404.html").render(parts=parts, root=root)


def write_root_404(outdir: Path, langs: dict, site_url: str) -> Path:
    """Write ``404.html`` into *outdir*, with the site's content security policy like every page."""
    from .csp import with_policy

    path = outdir / "404.html"
    path.write_text(with_policy(render(langs, site_url)), encoding="utf-8")
    return path
