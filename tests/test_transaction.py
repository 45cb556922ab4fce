"""A build is a transaction: the writer's loops, through ``tools.build`` as ``make html`` runs it.

- mistakes fail every build until they are fixed, naming the file and line each time, and the last good
  site stays exactly as it was;
- pages of deleted or renamed posts leave the site;
- a build killed halfway recovers to what a clean build gives;
- a second build of the same checkout while one runs is refused;
- after every kind of edit, an incremental build gives the same bytes as a clean build.

The builds are English-only where the language does not matter, on a copy of the sources without the
build output.  Every test starts from the same state: the copy, built once for the module in every
language, restored at the same place (so Sphinx sees the previous build as its own).  The clean
builds the tests compare with are made once per kind of edit and language (``clean_build``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
from pathlib import Path

import pytest
import yaml

from conftest import EDITED_POST, FIXED_DATES, ROOT, build_copy, copy_sources
from tools import build as site_build

# builds copies of the site's sources
pytestmark = pytest.mark.site


def run(src: Path, out: Path, *languages: str, popen=False):
    """``make html`` on the copy *src* into *out* (English unless *languages* are given), on fixed dates."""
    return build_copy(src, out, *(languages or ("en",)), env=FIXED_DATES, popen=popen)


def build_ok(src: Path, out: Path, *languages: str) -> str:
    proc = run(src, out, *languages)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    return output


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under *folder*, by path, as a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(a: dict, b: dict) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.fixture(scope="session")  # not module: pytest -n may run other modules between these tests
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    """The sources and their build, kept aside; each test works on a restored copy of both."""
    base = tmp_path_factory.mktemp("transaction")
    kept = base / "kept"
    build_ok(copy_sources(base / "src"), base / "out", *site_build.languages(ROOT))
    kept.mkdir()
    for name in ("src", "out"):
        (base / name).rename(kept / name)
    return base, kept


@pytest.fixture
def src(pristine) -> Path:
    base, kept = pristine
    for name in ("src", "out"):
        shutil.rmtree(base / name, ignore_errors=True)
        shutil.copytree(kept / name, base / name, symlinks=True)  # with their times: nothing looks changed
    return base / "src"


@pytest.fixture(scope="session")
def clean_build(pristine):
    """``clean_build(src, edit, language)``: a snapshot of ``html/<language>`` of a clean build
    of *src* as it is now, the pristine sources after *edit*; made once per edit and language
    (at the same source folder: Sphinx's record of the configuration names it)."""
    base, _kept = pristine
    built = {}

    def get(src: Path, edit, language: str) -> dict[str, str]:
        if (edit, language) not in built:
            folder = base / f"clean-{edit.__name__}-{language}"
            build_ok(src, folder, language)
            built[edit, language] = snapshot(folder / "html" / language)
            shutil.rmtree(folder)
        return built[edit, language]

    return get


@pytest.fixture
def out(src) -> Path:
    """The output of the last good build of *src*: html/<language>/ and doctrees/."""
    return src.parent / "out"


def test_mistakes_fail_every_build_until_fixed_and_the_last_good_site_stays(src, out):
    """A broken link in a post and a page in no table of contents: each build reports both, at their
    file (and line), publishes nothing, and starts afresh, until both are fixed."""
    good = snapshot(out / "html")
    post = src / EDITED_POST
    original = post.read_text(encoding="utf-8")
    line = len(original.splitlines()) + 2
    post.write_text(original + "\nSee {doc}`the hubs </no-such-page>`.\n", encoding="utf-8")
    (src / "stray.md").write_text("# A stray page\n\nIn no table of contents.\n", encoding="utf-8")
    expected = [
        f"{post}:{line}: WARNING: unknown document: '/no-such-page'",
        "stray.md: WARNING: document isn't included in any toctree",
    ]
    for attempt in (1, 2):
        proc = run(src, out)
        output = proc.stdout + proc.stderr
        assert proc.returncode == 1, (attempt, output)
        for message in expected:
            assert message in output, (attempt, message, output)
        assert "Nothing was published" in output
        assert snapshot(out / "html") == good, f"build {attempt} changed the published site"
        assert not (out / "html" / "en" / "stray.html").exists()
    post.write_text(original, encoding="utf-8")
    (src / "stray.md").unlink()
    build_ok(src, out)
    assert snapshot(out / "html") == good


def new_post(src: Path, date: str, slug: str) -> Path:
    """A post of one paragraph, by the first person of data/people.yaml, with every tag of data/tags.yaml."""
    person = yaml.safe_load((src / "data/people.yaml").read_text(encoding="utf-8"))[0]["name"]
    tags = [t["name"] for t in yaml.safe_load((src / "data/tags.yaml").read_text(encoding="utf-8"))]
    path = src / "blog" / date[:4] / f"{date}-{slug}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"---\nblogpost: true\ndate: {date}\nauthor:\n  - {person}\ntags:\n"
        + "".join(f"  - {tag}\n" for tag in tags)
        + f"---\n\n# Post {slug}\n\nA paragraph.\n",
        encoding="utf-8",
    )
    return path


def test_pages_of_deleted_and_renamed_posts_leave_the_site(src, out, pristine):
    """A post in a year that had none: renamed, its old page goes; deleted, its page and its year's
    archive go, and the site is again what the clean build of the same sources gave."""
    year = str(min(int(p.name) for p in (src / "blog").iterdir() if p.name.isdigit()) - 1)
    post = new_post(src, f"{year}-12-20", "winter-notes")
    build_ok(src, out)
    site = out / "html" / "en"
    page = post.relative_to(src).with_suffix(".html")
    assert (site / page).is_file()
    assert (site / "blog" / year / "atom.xml").is_file()
    renamed = post.rename(post.with_name(f"{year}-12-20-notes-from-winter.md"))
    build_ok(src, out)
    assert not (site / page).exists()
    assert (site / renamed.relative_to(src).with_suffix(".html")).is_file()
    renamed.unlink()
    renamed.parent.rmdir()
    build_ok(src, out)
    assert not (site / renamed.relative_to(src).with_suffix(".html")).exists()
    assert not (site / "blog" / year).exists() or not [p for p in (site / "blog" / year).rglob("*") if p.is_file()]
    # and what is left is what the clean build of the same sources gave
    _base, kept = pristine
    assert differences(snapshot(site), snapshot(kept / "out" / "html" / "en")) == []


def test_a_second_build_while_one_runs_is_refused(src, out):
    good = snapshot(out / "html")
    with site_build.build_lock(out / "html"):
        proc = run(src, out)
    assert proc.returncode == 1
    assert "another build is already writing" in proc.stderr, proc.stderr
    assert f"(process {os.getpid()})" in proc.stderr
    assert snapshot(out / "html") == good
    with site_build.build_lock(out / "html"):  # the lock is gone with its holder
        pass


@pytest.mark.parametrize("moment", ["starting", "writing"])
def test_a_build_killed_halfway_recovers_to_a_clean_build(src, out, clean_build, moment):
    good = snapshot(out / "html")
    # an edit that changes the listing, so the next build rewrites every post and feed
    edit_front_matter(src)
    staging = site_build.staging_dir(out / "html") / "en"
    pickle = out / "doctrees" / "en" / "environment.pickle"
    last = pickle.stat().st_mtime_ns  # the last good build's

    def writing() -> bool:
        """This build has read the sources (a new environment) and written a page since."""
        try:
            read = pickle.stat().st_mtime_ns
        except FileNotFoundError:
            return False
        return read > last and any(p.stat().st_mtime_ns > read for p in staging.rglob("*.html"))

    proc = run(src, out, popen=True)
    # wait for the build to reach the moment, then kill it and its Sphinx process
    marker = (
        writing if moment == "writing" else (lambda: (site_build.staging_dir(out / "html") / ".incomplete").exists())
    )
    while proc.poll() is None and not marker():
        pass
    assert proc.poll() is None, "the build finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(out / "html") == good, "an interrupted build changed the published site"
    build_ok(src, out)
    assert differences(snapshot(out / "html" / "en"), clean_build(src, edit_front_matter, "en")) == []


# -- incremental output equals a clean build's, for every kind of edit -----------------------------------------


def edit_post_text(src):
    path = src / EDITED_POST
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")


def edit_excerpt(src):
    """A sentence in the post's first paragraph: every list, archive page and feed that shows it changes."""
    path = src / EDITED_POST
    text = path.read_text(encoding="utf-8")
    first = next(block for block in text.split("\n\n") if block and not block.startswith(("---", "#")))
    path.write_text(text.replace(first, first + " A new sentence in the excerpt."), encoding="utf-8")


def edit_front_matter(src):
    path = src / EDITED_POST
    text = path.read_text(encoding="utf-8")
    tags = {t["name"] for t in yaml.safe_load((src / "data/tags.yaml").read_text(encoding="utf-8"))}
    current = {line.strip()[2:] for line in text.split("---")[1].splitlines() if line.strip().startswith("- ")}
    extra = sorted(tags - current)[0]
    path.write_text(text.replace("tags:\n", f"tags:\n  - {extra}\n", 1), encoding="utf-8")


def edit_tag_label(src):
    """The Spanish label of the first tag that has one, longer."""
    path = src / "data" / "tags.yaml"
    text = path.read_text(encoding="utf-8")
    label = next(t["labels"]["es"] for t in yaml.safe_load(text) if "es" in t.get("labels", {}))
    assert f"es: {label}\n" in text
    path.write_text(text.replace(f"es: {label}\n", f"es: {label} y más\n", 1), encoding="utf-8")


def fix_catalog(src):
    """A translation changed: its old words must leave every page and the search index."""
    from babel.messages.pofile import read_po, write_po

    path = src / "locales" / "es" / "LC_MESSAGES" / "about.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    message = next(m for m in catalog if m.id and m.string and not m.fuzzy and "`" not in m.id and "[" not in m.id)
    message.string = "Zanahoria violeta."
    with path.open("wb") as f:
        write_po(f, catalog, width=0)


def edit_template(src):
    path = src / "catalyst" / "templates" / "catalyst" / "footer.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- footer revised -->\n", encoding="utf-8")


EDITS = {
    "post text": (edit_post_text, "en"),
    "post text, translated post": (edit_post_text, "es"),
    "excerpt": (edit_excerpt, "en"),
    "excerpt, translated post": (edit_excerpt, "es"),
    "front matter": (edit_front_matter, "en"),
    "tag label": (edit_tag_label, "es"),
    "catalog": (fix_catalog, "es"),
    "template": (edit_template, "en"),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_incremental_build_gives_a_clean_builds_output(src, out, clean_build, kind):
    edit, language = EDITS[kind]
    before = snapshot(out / "html" / language)
    edit(src)
    build_ok(src, out, language)
    after = snapshot(out / "html" / language)
    assert differences(before, after), f"the {kind} edit changed nothing in the output"
    assert differences(after, clean_build(src, edit, language)) == []
