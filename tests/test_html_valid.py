"""Valid HTML: the Nu HTML Checker reports no error on any page of any language.

The checker (``vnu.jar``, installed by ``make test`` from package.json) runs
once over every built page; files the theme copies into ``_static/`` are not
the site's pages and are left out.  A deliberately broken copy of one page is
checked in the same run, so a checker that silently checks nothing fails too.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site, languages, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail(
            "the HTML check needs Java and the Nu HTML Checker: `apt-get install -y default-jre-headless`, "
            "then `npm ci` (or `make test`, which runs it)"
        )
    pages = [site.root / "index.html", site.root / "404.html"] + [
        site.root / language / page for language in languages for page in site.pages(language)
    ]
    broken = tmp_path / "broken.html"
    text = (site.root / languages[0] / "about.html").read_text(encoding="utf-8")
    broken.write_text(text.replace("<main", '<p id="twice"></p><p id="twice"></p><main', 1), encoding="utf-8")

    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages), str(broken)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]

    canary = [m for m in messages if m.get("url", "").endswith("/broken.html")]
    assert any("Duplicate ID" in m["message"] for m in canary), f"the checker missed a duplicate id: {canary}"
    problems = [
        f"{m.get('url', '?').split(str(site.root), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        + (f"  [{m['extract'].strip()}]" if m.get("extract") else "")
        for m in messages
        if m not in canary
    ]
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)
