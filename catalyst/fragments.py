"""HTML the extension writes into pages, rendered from templates.

The post header, the translators' credit and the tag filter are written into
the page body while Sphinx resolves a document, so they are not part of the
theme's page templates.  Their markup lives in
``templates/catalyst/fragments/``, where a designer finds it next to the
page templates; Python passes data only, and Jinja's autoescape escapes
every value.  Line breaks between tags in a fragment template are for
reading: they are removed from the template (not from what it shows: an
excerpt's HTML keeps its own), so a fragment is one run of HTML.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from sphinx.locale import get_translation

TEMPLATES = Path(__file__).parent / "templates"
_ = get_translation("catalyst")
# a line break (and the next line's indent) after a tag or a block, before a tag or a block
_BETWEEN_TAGS = re.compile(r"(>|%\}|#\})\n[ \t]*(?=<|\{[%#])")


class _Loader(jinja2.FileSystemLoader):
    """Templates as written, without the line breaks between their tags."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return _BETWEEN_TAGS.sub(r"\1", source), filename, uptodate


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_Loader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["t"] = _
    return env


def render(name: str, **context) -> str:
    """``templates/catalyst/fragments/<name>`` rendered with *context*, as one line of HTML."""
    return environment().get_template(f"catalyst/fragments/{name}").render(**context).strip()
