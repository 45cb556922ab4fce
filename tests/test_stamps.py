"""What a build remembers about files (catalyst/stamps.py) is forgotten as soon as a file changes.

A memo keeps a fact per file under the file's size and modification time.  Each test changes a file
in the way that is hardest to see: the same number of bytes, only a later time; and the pages given
their Content-Security-Policy by one build (catalyst/csp.py) get it again when Sphinx writes them again.
"""

from __future__ import annotations

import os
from pathlib import Path

from catalyst import csp, stamps

PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><script>let page = "{name}";</script></head>'
    "<body><p>{words}</p></body></html>\n"
)


def rewrite(path: Path, text: str) -> None:
    """Write *text* to *path* with a modification time later than the file's."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_a_fact_is_kept_until_its_file_changes(tmp_path):
    memo, page = tmp_path / "memo.json", tmp_path / "page.html"
    page.write_text("one", encoding="utf-8")
    first = stamps.Memo(memo, "v1")
    assert first.get(page) is None
    first.put(page, ["a fact"])
    first.save()

    assert stamps.Memo(memo, "v1").get(page) == ["a fact"]
    assert stamps.Memo(memo, "v2").get(page) is None  # another version: nothing is known
    rewrite(page, "two")  # the same size, a later time
    assert stamps.Memo(memo, "v1").get(page) is None


def test_a_memo_keeps_only_the_facts_of_the_last_build(tmp_path):
    memo = tmp_path / "memo.json"
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("a", encoding="utf-8")
    b.write_text("b", encoding="utf-8")
    first = stamps.Memo(memo, "v")
    first.put(a, 1)
    first.put(b, 2)
    first.save()
    second = stamps.Memo(memo, "v")
    assert second.get(a) == 1  # b is not asked for: it is gone from the site
    second.save()
    assert stamps.Memo(memo, "v").get(b) is None and stamps.Memo(memo, "v").get(a) == 1


def test_an_unreadable_memo_knows_nothing(tmp_path):
    memo, page = tmp_path / "memo.json", tmp_path / "page.html"
    page.write_text("one", encoding="utf-8")
    for broken in ("{not json", "[]", '{"version": "v", "files": []}', '{"version": "v", "files": {"x": 1}}'):
        memo.write_text(broken, encoding="utf-8")
        assert stamps.Memo(memo, "v").get(page) is None
        assert stamps.Memo(memo, "v").get(page, "x") is None


def test_pages_written_again_get_their_policy_again_and_the_others_are_not_read(tmp_path, monkeypatch):
    site, memo = tmp_path / "html", tmp_path / "doctrees" / csp.MEMO
    site.mkdir()
    pages = {name: site / f"{name}.html" for name in ("index", "about")}
    for name, path in pages.items():
        path.write_text(PAGE.format(name=name, words="Words."), encoding="utf-8")
    csp.add_policies(site, memo)
    with_policies = {name: path.read_text(encoding="utf-8") for name, path in pages.items()}
    assert all('http-equiv="Content-Security-Policy"' in text for text in with_policies.values())

    read = []
    real = csp.with_policy
    monkeypatch.setattr(csp, "with_policy", lambda page: read.append(page) or real(page))
    csp.add_policies(site, memo)
    assert read == []

    # Sphinx writes the about page again, without a policy and with another inline script; the
    # page happens to have as many bytes as before (a comment makes up the difference).
    fresh = PAGE.format(name="other", words="Words.")
    padding = len(with_policies["about"].encode()) - len(fresh.encode()) - len("<!---->")
    fresh = fresh.replace("<body>", f"<body><!--{'x' * padding}-->")
    rewrite(pages["about"], fresh)
    assert pages["about"].stat().st_size == len(with_policies["about"].encode())
    csp.add_policies(site, memo)
    assert len(read) == 1
    assert pages["about"].read_text(encoding="utf-8") == real(fresh)
    assert pages["index"].read_text(encoding="utf-8") == with_policies["index"]
