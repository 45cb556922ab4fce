"""The site's command-line programs, run from the repository root (the Makefile calls them).

- ``build``:        build every language at once, plus the root pages (``make html``, ``make serve``)
- ``live``:         rebuild on every save and reload the browser (``make livehtml``)
- ``translations``: update the catalogs, report what is left to translate (``make update-po``, ``make i18n-status``)
- ``newpost``:      start a blog post with valid front matter (``make post``)

They are not part of the Sphinx extension (``catalyst/``) and are not installed with it.
"""
