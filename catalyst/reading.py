"""Reading pages fast: the same doctrees, sooner.

Every build reads every page it has not read before (a cold build, all of them,
in every language).  Two upstream ways of reading cost more than they need to,
and are changed here while ``catalyst_fast_read`` is on (the default;
``-D catalyst_fast_read=0`` keeps upstream's way):

- MyST reads each page's front matter twice with PyYAML's parser written in
  Python; here it reads it with libyaml, as the site's own checks do
  (``catalyst/frontmatter.py``);
- Sphinx builds a new docutils option parser for every page it reads, to get
  the same default settings each time; here one is built per kind of page and
  build, and each page gets fresh settings from it.

The shims are in ``catalyst/_compat.py``; the patches that would make them
unnecessary are ``upstream/myst-libyaml.md`` and
``upstream/sphinx-settings-once.md``.
"""

from __future__ import annotations

from . import _compat


def turn_on_fast_reading(app, config) -> None:
    _compat.install_fast_reading(bool(config.catalyst_fast_read))


def setup_reading(app):
    # catalyst_fast_read is declared in catalyst/config.py; turn_on_fast_reading
    # is called by catalyst.on_config_inited
    _compat.register_libyaml_parser(app)
