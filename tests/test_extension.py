"""The extension's behaviour, on a small bilingual blog (``tests/roots/test-blog``).

The fixture site is built once per session in English and Spanish, in this
process (``sphinx.testing``), on a fixed date; what a test expects is derived
from the fixture's own front matter and data files.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import jinja2
import pytest
import yaml
from ablog.blog import slugify
from babel.dates import format_date
from sphinx.errors import ConfigError

from catalyst.config import user_cache
from catalyst.frontmatter import FrontMatterError, collect_posts
from conftest import FIXTURE_EPOCH, build_fixture

pytestmark = pytest.mark.fast

ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = ("en", "es")
SITE = "https://blog.example.org/"
TODAY = dt.datetime.fromtimestamp(FIXTURE_EPOCH, dt.UTC).date()


@pytest.fixture(scope="module")
def root(rootdir):
    return rootdir / "test-blog"


@pytest.fixture(scope="module")
def posts(root):
    found, problems = collect_posts(root, dict.fromkeys(LANGUAGES))
    assert not problems
    return found


@pytest.fixture(scope="module")
def labels(root):
    tags = yaml.safe_load((root / "data" / "tags.yaml").read_text(encoding="utf-8"))
    return {"en": {t["name"]: t["name"] for t in tags}, "es": {t["name"]: t["labels"]["es"] for t in tags}}


def published(posts, language):
    return {d: p for d, p in posts.items() if p.published_in(language, TODAY)}


def feed(build, folder="blog"):
    return ET.fromstring(build.text(f"{folder}/atom.xml"))


# -- which posts each language has ------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_publishes_its_posts_and_no_draft(fixture_blog, posts, language):
    build = fixture_blog[language]
    for docname, post in posts.items():
        exists = (build.outdir / f"{docname}.html").is_file()
        assert exists == post.published_in(language, TODAY), docname
    assert any(p.draft for p in posts.values()) and any(p.language for p in posts.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_blog_index_lists_every_published_post_newest_first(fixture_blog, posts, language):
    titles = [
        a.get_text() for a in fixture_blog[language].soup("blog/index.html").select(".catalyst-postlist__title a")
    ]
    expected = sorted(published(posts, language).values(), key=lambda p: p.date, reverse=True)
    assert len(titles) == len(expected)
    if language == "en":  # the Spanish build shows translated titles
        assert titles == [p.title for p in expected]


def test_a_postlist_with_a_length_shows_that_many(fixture_blog, root):
    text = (root / "index.md").read_text(encoding="utf-8")
    length = int(text.split("{postlist}", 1)[1].split("\n", 1)[0])
    assert len(fixture_blog["en"].soup("index.html").select(".catalyst-postlist__item")) == length


def test_ablogs_all_posts_and_drafts_pages_are_not_written(fixture_blog):
    for build in fixture_blog.values():
        assert not (build.outdir / "blog" / "drafts.html").exists()
        assert not (build.outdir / "blog" / "blog.html").exists()


# -- a post's header ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_post_header_has_the_localized_date_every_author_and_tag_labels(fixture_blog, posts, labels, language):
    locale = {"en": "en_GB", "es": "es_419"}[language]
    for docname, post in published(posts, language).items():
        meta = fixture_blog[language].soup(f"{docname}.html").select_one(".catalyst-post-meta")
        time = meta.select_one("time")
        assert time["datetime"] == post.date.isoformat()
        assert time.get_text() == format_date(post.date, format="long", locale=locale)
        assert [a.get_text() for a in meta.select(".catalyst-post-meta__authors a")] == post.authors
        tags = meta.select("a.catalyst-tag")
        assert [a.get_text() for a in tags] == [labels[language][t] for t in post.tags]
        # tag pages keep their English address in every language
        assert [a["href"].rsplit("/", 1)[-1] for a in tags] == [f"{slugify(t)}.html" for t in post.tags]


def test_translators_are_credited_in_the_translation_only(fixture_blog, posts):
    for docname, post in posts.items():
        for language in LANGUAGES:
            if not post.published_in(language, TODAY):
                continue
            credit = fixture_blog[language].soup(f"{docname}.html").select_one(".catalyst-post-translators")
            names = post.translators.get(language)
            assert (credit is not None) == bool(names), (docname, language)
            if names:
                assert all(name in credit.get_text() for name in names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_doc_links_in_excerpts_resolve_from_the_page_that_shows_them(fixture_blog, language):
    """An excerpt rendered once for lists in several folders still links from each to the same page."""
    import posixpath

    build = fixture_blog[language]
    lists = [
        str(path.relative_to(build.outdir))
        for path in sorted(build.outdir.rglob("*.html"))
        if "catalyst-postlist" in path.read_text(encoding="utf-8")
    ]
    folders, reached = set(), set()
    for page in lists:
        for link in build.soup(page).select(".catalyst-postlist p a.reference.internal"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
            assert (build.outdir / target).is_file(), (page, link["href"])
            folders.add(posixpath.dirname(page))
            reached.add(target)
    assert len(folders) > 1 and "team.html" in reached  # the first post's {doc} link, from every folder


# -- archives -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_tag_pages_are_titled_with_the_label_and_list_the_tagged_posts(fixture_blog, posts, labels, language):
    build = fixture_blog[language]
    for tag, label in labels[language].items():
        tagged = [p for p in published(posts, language).values() if tag in p.tags]
        page = build.soup(f"blog/tag/{slugify(tag)}.html")
        assert label in page.select_one("h1").get_text()
        assert len(page.select(".catalyst-postlist__item")) == len(tagged)


@pytest.mark.parametrize("language", LANGUAGES)
def test_post_headers_in_lists_link_each_tag_and_author_to_its_page(fixture_blog, labels, language):
    """A post on two tag pages of one folder links its tags from each page (its own tag to the page itself)."""
    import posixpath

    build = fixture_blog[language]
    pages = [f"blog/tag/{slugify(tag)}.html" for tag in labels[language]] + ["blog/index.html"]
    pages += [str(p.relative_to(build.outdir)) for p in (build.outdir / "blog" / "author").glob("*.html")]
    shown = 0
    for page in pages:
        soup = build.soup(page)
        for link in soup.select(".catalyst-postlist .catalyst-post-meta a"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"])) if link["href"] else page
            assert (build.outdir / target).is_file(), (page, link)
            if "catalyst-tag" in link.get("class", []):
                tag = next(t for t, label in labels[language].items() if label == link.get_text())
                assert target == f"blog/tag/{slugify(tag)}.html", (page, link)
            shown += 1
    assert shown


def test_archive_titles_are_in_the_builds_language(fixture_blog):
    english = fixture_blog["en"].soup("blog/author/ada-example.html").select_one("h1").get_text()
    spanish = fixture_blog["es"].soup("blog/author/ada-example.html").select_one("h1").get_text()
    assert english.startswith("Posts by") and "Ada Example" in english
    assert not spanish.startswith("Posts by") and "Ada Example" in spanish


def test_tag_filter_chips_count_the_posts_of_each_tag(fixture_blog, posts, labels):
    chips = fixture_blog["en"].soup("blog/index.html").select(".catalyst-tagfilter a.catalyst-chip")
    counts = {chip["data-tag"]: chip.select_one(".catalyst-count").get_text() for chip in chips}
    english = published(posts, "en").values()
    assert counts == {slugify(t): f"({sum(t in p.tags for p in english)})" for t in labels["en"]}


# -- feeds --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_entries_carry_every_author(fixture_blog, posts, language):
    """ablog keeps only the last author of a post (upstream/ablog-atom-authors.md)."""
    root = feed(fixture_blog[language])
    by_url = {f"{SITE}{language}/{d}.html": p for d, p in published(posts, language).items()}
    entries = root.findall(f"{ATOM}entry")
    assert {e.find(f"{ATOM}id").text for e in entries} == set(by_url)
    for entry in entries:
        names = [a.find(f"{ATOM}name").text for a in entry.findall(f"{ATOM}author")]
        assert names == by_url[entry.find(f"{ATOM}id").text].authors


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_feed_is_dated_by_its_newest_post_and_has_its_own_id(fixture_blog, language):
    build = fixture_blog[language]
    for path in sorted((build.outdir / "blog").rglob("atom.xml")):
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        folder = path.parent.relative_to(build.outdir).as_posix()
        assert root.find(f"{ATOM}id").text == f"{SITE}{language}/{folder}/atom.xml"
        updated = [e.find(f"{ATOM}updated").text for e in root.findall(f"{ATOM}entry")]
        assert updated and root.find(f"{ATOM}updated").text == max(updated), folder


def test_feed_titles_are_in_the_builds_language(fixture_blog, labels):
    title = feed(fixture_blog["es"], "blog/tag/news").find(f"{ATOM}title").text
    assert labels["es"]["News"] in title and "Posts tagged" not in title


# -- languages ---------------------------------------------------------------------


def test_pages_link_to_themselves_in_every_language(fixture_blog):
    for build in fixture_blog.values():
        links = {
            link["hreflang"]: link["href"]
            for link in build.soup("index.html").select('link[rel="alternate"][hreflang]')
        }
        assert links == {
            "en": f"{SITE}en/index.html",
            "es": f"{SITE}es/index.html",
            "x-default": f"{SITE}en/index.html",
        }


def test_a_post_written_in_one_language_links_to_itself_in_every_language(fixture_blog, posts):
    (docname,) = [d for d, p in posts.items() if p.language == "es" and not p.draft]
    for language, build in fixture_blog.items():
        assert posts[docname].published_in(language, TODAY)
        soup = build.soup(f"{docname}.html")
        links = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
        assert links == {*LANGUAGES, "x-default"}, language


def test_each_sitemap_lists_its_pages_with_their_other_languages(fixture_blog, posts):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for language, build in fixture_blog.items():
        root = ET.fromstring(build.text("sitemap.xml"))
        urls = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
        for docname, post in published(posts, language).items():
            alternates = urls[f"{SITE}{language}/{docname}.html"].findall("x:link", ns)
            everywhere = all(post.published_in(code, TODAY) for code in LANGUAGES)
            assert bool(alternates) == everywhere, docname
        assert f"{SITE}{language}/index.html" in urls


def test_an_untranslated_page_says_so_and_marks_its_text_as_english(fixture_blog, root):
    assert not (root / "locales" / "es" / "LC_MESSAGES" / "team.po").exists()
    soup = fixture_blog["es"].soup("team.html")
    assert soup.select_one(".catalyst-translation-notice") is not None
    assert soup.select_one("section.language-en, section[lang=en]") is not None
    assert fixture_blog["es"].soup("index.html").select_one(".catalyst-translation-notice") is None


# -- data directives ----------------------------------------------------------------


def test_the_data_directives_show_every_entry_of_their_file(fixture_blog, root):
    people = yaml.safe_load((root / "data" / "people.yaml").read_text(encoding="utf-8"))
    orgs = yaml.safe_load((root / "data" / "organisations.yaml").read_text(encoding="utf-8"))
    text = fixture_blog["en"].soup("team.html").select_one("main").get_text(" ", strip=True)
    assert all(org["short"] in text for org in orgs)
    assert all(p["name"] in text for p in people if p["group"] == "core")


# -- builds that stop, and builds in a row -------------------------------------------


def copy_root(root, tmp_path):
    import shutil

    return shutil.copytree(root, tmp_path / "src")


def test_a_mistake_in_front_matter_stops_the_build_before_reading(root, tmp_path):
    src = copy_root(root, tmp_path)
    post = next((src / "blog" / "2024").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8").replace("  - Training", "  - Trainig"), encoding="utf-8")
    with pytest.raises(FrontMatterError, match=r"1 problem\(s\) in blog posts"):
        build_fixture(src, "en")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"catalyst_site_url": "blog.example.org"}, "absolute address"),
        ({"catalyst_languages": {"en": {"name": "English"}}}, "needs locale"),
        ({"language": "fr"}, "not in catalyst_languages"),
    ],
)
def test_a_wrong_configuration_value_is_refused_with_what_to_write(root, tmp_path, overrides, message):
    src = copy_root(root, tmp_path)
    language = overrides.pop("language", "en")
    with pytest.raises(ConfigError, match=message):
        build_fixture(src, language, **overrides)


def test_two_builds_in_one_process_do_not_share_ablogs_state(root, tmp_path):
    """ablog keeps its blog on a class; each build resets it (upstream/ablog-blog-state.md)."""
    src = copy_root(root, tmp_path)
    first = build_fixture(src, "en", builddir=tmp_path / "one", catalyst_site_url="https://one.example.org/")
    second = build_fixture(src, "en", builddir=tmp_path / "two", catalyst_site_url="https://two.example.org/")
    assert "https://one.example.org/en/" in first.text("blog/atom.xml")
    text = second.text("blog/atom.xml")
    assert "https://two.example.org/en/" in text and "one.example.org" not in text


def test_a_rebuild_with_nothing_changed_reads_nothing(root, tmp_path):
    src = copy_root(root, tmp_path)
    build_fixture(src, "en")
    again = build_fixture(src, "en")
    assert "0 added, 0 changed, 0 removed" in again.status


def test_page_templates_are_compiled_once_for_every_build(root, tmp_path, monkeypatch):
    """Jinja's bytecode cache in the user's cache folder: a clean build into a new folder (as after
    ``make clean``, or in another checkout) loads the compiled page templates, compiling none."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled = []
    compile_template = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        if filename:  # a template file (not a string made into a template)
            compiled.append(name)
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    src = copy_root(root, tmp_path)
    build_fixture(src, "en", builddir=tmp_path / "one")
    first, compiled[:] = sorted(set(compiled)), []
    assert {"layout.html", "page.html"} <= set(first), first
    assert list(user_cache("templates").glob("*.cache"))
    build_fixture(src, "en", builddir=tmp_path / "two")
    assert compiled == []
