"""Every internal link, anchor, script, stylesheet and image resolves, in every language."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from conftest import SITE_URL


def _ids(site, path):
    language, page = path.split("/", 1)
    soup = site.soup(language, page)
    return {el["id"] for el in soup.find_all(id=True)} | {a["name"] for a in soup.find_all("a", attrs={"name": True})}


def test_every_internal_link_resolves(site, languages):
    broken = []
    for language in languages:
        for page in site.pages(language):
            soup = site.soup(language, page)
            here = posixpath.dirname(f"{language}/{page}")
            for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
                for el in soup.find_all(tag, attrs={attr: True}):
                    url = el[attr]
                    if any(url.startswith(f"{SITE_URL}{code}/") for code in languages):
                        target = url[len(SITE_URL) :]
                    else:
                        parts = urlsplit(url)
                        if parts.scheme or parts.netloc:
                            continue
                        if parts.path.startswith("/"):  # from the site's root (the 404 page)
                            target = posixpath.normpath(unquote(parts.path).lstrip("/"))
                        elif parts.path:
                            target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
                        else:
                            target = f"{language}/{page}"
                        if parts.fragment:
                            target += "#" + parts.fragment
                    path, _, fragment = target.partition("#")
                    file = site.root / path
                    if file.is_dir():
                        file = file / "index.html"
                        path = posixpath.join(path, "index.html")
                    if not file.is_file():
                        broken.append(f"{language}/{page}: {url} (no file {path})")
                    elif fragment and file.suffix == ".html" and fragment not in _ids(site, path):
                        broken.append(f"{language}/{page}: {url} (no anchor #{fragment})")
    assert not broken, "\n".join(broken[:50])
