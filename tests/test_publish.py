"""Publishing a build (tools.build.publish): one step, nothing shared with the folder Sphinx writes in."""

from __future__ import annotations

import os

from tools import build as site_build


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_published_site_shares_no_file_with_the_staging_folder(tmp_path):
    staging, outdir = tmp_path / ".html.staging", tmp_path / "html"
    write(staging / "en" / "index.html", "home")
    write(staging / "en" / "blog" / "post.html", "post")
    write(staging / site_build.INCOMPLETE, "mark")
    site_build.publish(staging, outdir)
    assert (outdir / "en" / "index.html").read_text(encoding="utf-8") == "home"
    assert not (outdir / site_build.INCOMPLETE).exists()
    published = {p: p.stat().st_ino for p in outdir.rglob("*.html")}
    assert not {p.stat().st_ino for p in staging.rglob("*.html")} & set(published.values())

    # Sphinx rewrites a page in place (a build that may still fail): the site does not change
    with (staging / "en" / "index.html").open("r+", encoding="utf-8") as page:
        page.write("HOME, half written")
    assert (outdir / "en" / "index.html").read_text(encoding="utf-8") == "home"

    # the next publication copies what changed and keeps the rest as it was
    (staging / "en" / "blog" / "gone.html").unlink(missing_ok=True)
    site_build.publish(staging, outdir)
    assert (outdir / "en" / "index.html").read_text(encoding="utf-8") == "HOME, half written"
    post = outdir / "en" / "blog" / "post.html"
    assert post.read_text(encoding="utf-8") == "post"
    assert post.stat().st_ino == published[post], "an unchanged page was copied again"
    assert not {p.stat().st_ino for p in staging.rglob("*.html")} & {p.stat().st_ino for p in outdir.rglob("*.html")}


def test_pages_gone_from_the_staging_folder_leave_the_site(tmp_path):
    staging, outdir = tmp_path / ".html.staging", tmp_path / "html"
    write(staging / "en" / "old.html", "old")
    site_build.publish(staging, outdir)
    os.remove(staging / "en" / "old.html")
    write(staging / "en" / "new.html", "new")
    site_build.publish(staging, outdir)
    assert sorted(p.name for p in (outdir / "en").iterdir()) == ["new.html"]


def test_a_build_that_changed_nothing_leaves_the_site_as_it_is(tmp_path):
    """Sphinx writes some files again on every build (the search index...): the same bytes publish nothing."""
    staging, outdir = tmp_path / ".html.staging", tmp_path / "html"
    write(staging / "en" / "index.html", "home")
    write(staging / "en" / "searchindex.js", "index")
    site_build.publish(staging, outdir)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in outdir.rglob("*")}
    later = (staging / "en" / "searchindex.js").stat().st_mtime_ns + 1_000_000
    write(staging / "en" / "searchindex.js", "index")
    os.utime(staging / "en" / "searchindex.js", ns=(later, later))
    site_build.publish(staging, outdir)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in outdir.rglob("*")} == before
    assert not (tmp_path / ".html.new").exists()


def test_a_file_with_new_bytes_is_published_even_with_as_many_bytes(tmp_path):
    staging, outdir = tmp_path / ".html.staging", tmp_path / "html"
    write(staging / "en" / "searchindex.js", "index 1")
    site_build.publish(staging, outdir)
    later = (staging / "en" / "searchindex.js").stat().st_mtime_ns + 1_000_000
    write(staging / "en" / "searchindex.js", "index 2")
    os.utime(staging / "en" / "searchindex.js", ns=(later, later))
    site_build.publish(staging, outdir)
    assert (outdir / "en" / "searchindex.js").read_text(encoding="utf-8") == "index 2"


def test_a_file_gone_from_the_staging_folder_alone_is_published(tmp_path):
    staging, outdir = tmp_path / ".html.staging", tmp_path / "html"
    write(staging / "en" / "index.html", "home")
    write(staging / "en" / "blog" / "old.html", "old")
    site_build.publish(staging, outdir)
    os.remove(staging / "en" / "blog" / "old.html")
    site_build.publish(staging, outdir)
    assert sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*")) == ["en", "en/blog", "en/index.html"]


def test_a_language_built_on_its_own_earlier_stays_and_a_stray_file_goes(tmp_path):
    staging, outdir = tmp_path / ".html.staging", tmp_path / "html"
    write(staging / "en" / "index.html", "home")
    site_build.publish(staging, outdir)
    write(outdir / "es" / "index.html", "inicio")  # `--language es` earlier: publish keeps it
    assert site_build.same_tree(staging, outdir)
    write(outdir / "en" / "stray.html", "stray")  # not this build's: publish drops it
    assert not site_build.same_tree(staging, outdir)
    site_build.publish(staging, outdir)
    assert sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*.html")) == [
        "en/index.html",
        "es/index.html",
    ]
