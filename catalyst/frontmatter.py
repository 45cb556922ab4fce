"""Blog posts: their front matter, checked before Sphinx reads any page.

Writers who are not programmers send posts as Markdown files.  A slip in the
front matter (a misspelt key, a tag that does not exist, a date written as
"Apr 24, 2024") would otherwise turn a post silently into a draft or invent a
new tag.  Here every post under ``blog/<year>/`` is read when the build starts,
every mistake is reported with its file, line and fix, and the build stops
before anything is written.  The build driver and each language's Sphinx
process check them; each keeps the posts it found correct in a memo in its
doctree folder (``catalyst/stamps.py``), so a rebuild reads again only the
posts that changed, and reports a post with a mistake on every build.

The checked metadata then decides which posts each language's build contains
(``language:`` posts, drafts, posts scheduled for a later date) and is handed
to ablog as a post node, so ablog never has to split strings on commas.
MyST, which reads the front matter again (twice) while it parses a page, reads it
with libyaml as these checks do (``catalyst/reading.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from . import _compat, data, stamps
from .config import is_preview
from .state import build_state

logger = logging.getLogger(__name__)

# libyaml's parser when PyYAML has it (its wheels do): every build reads every
# post's front matter, and the pure-Python parser is ten times slower.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

POSTS_GLOB = "blog/**/*.md"  # any depth: a post in a subfolder is checked (and refused) too
FILENAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")

# Every key a post may have, with what it means (shown when a key is unknown).
KEYS = {
    "blogpost": "always `true`",
    "date": "publication date, as YYYY-MM-DD",
    "author": "list of author names from data/people.yaml",
    "tags": "list of tags from data/tags.yaml",
    "language": "the language the post is written in, when it is not English: its code (es)",
    "translators": "per language, the list of people who translated the post",
    "description": "one sentence for link previews (default: the first paragraph)",
    "draft": "`true` keeps the post out of the site",
}
REQUIRED = ("blogpost", "date", "author", "tags")


class FrontMatterError(SphinxError):
    category = "Blog post front matter error"


@dataclass
class Post:
    """The checked front matter of one post."""

    path: str  # relative to the source directory, with forward slashes
    docname: str
    title: str
    date: dt.date
    authors: list[str]
    tags: list[str]
    language: str | None = None
    translators: dict[str, list[str]] = field(default_factory=dict)
    description: str | None = None
    draft: bool = False

    @property
    def slug(self) -> str:
        return FILENAME.match(Path(self.path).name)["slug"]

    def published_in(self, language: str, today: dt.date) -> bool:
        """Whether this post is part of the build of *language* on *today*.

        Every language shows every post: one not translated yet is shown in
        its original language, marked as such (``language`` says which).
        """
        return not self.draft and self.date <= today

    def scheduled_in(self, language: str, today: dt.date) -> bool:
        """Whether this post will be published in *language* after *today*."""
        return not self.draft and self.date > today and self.language in (None, language)

    def to_json(self) -> dict:
        return {**self.__dict__, "date": self.date.isoformat()}

    @classmethod
    def from_json(cls, value: dict) -> Post:
        return cls(**{**value, "date": dt.date.fromisoformat(value["date"])})


class _Problems(list):
    def add(self, path: str, line: int, message: str) -> None:
        self.append((path, line, message))


_suggest = data.did_you_mean  # one wording of suggestions for every checker


def _split_front_matter(text: str) -> tuple[str, int] | None:
    """The YAML text of the front matter and the line it starts on, or None."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), 2
    return None


def read_source(path: Path, rel: str, problems) -> str | None:
    """The text of a source file, or None after reporting that it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            rel,
            line,
            f"this line is not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column}); "
            'save the file with the UTF-8 encoding (your editor\'s "Save with encoding")',
        )
        return None


def yaml_problem(exc, first: int) -> tuple[int, str]:
    """The line and plain message of a YAML mistake in front matter starting on line *first*."""
    # an unclosed quotation mark: the place where it opens, not the end of the text
    opening = "quoted scalar" in (exc.context or "")
    mark = (exc.context_mark if opening else None) or exc.problem_mark or exc.context_mark
    line = first + mark.line if mark else first
    problem = (exc.problem or "").lower()
    if "mapping values are not allowed" in problem:
        message = 'a `:` in a value: put the value in quotes, for example `description: "Hubs: a review"`'
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        message = "this line is not `key: value` or `- item` at the right indentation: check its spaces"
    elif "found undefined alias" in problem or "found character" in problem:
        message = "a value starts with a special character (`*`, `&`, `@`, `` ` ``): put the value in quotes"
    elif "did not find expected key" in problem:
        message = "this line is not indented like the lines above it: check its spaces"
    elif "expected ',' or ']'" in problem:
        message = "a list in `[ ]` is not closed: end it with `]` on the same line"
    elif "while scanning a quoted scalar" in (exc.context or "") or "unexpected end of stream" in problem:
        message = "a quotation mark is not closed: close it on the same line"
    else:
        message = f"this line is not valid front matter ({exc.problem or exc}): write `key: value` or `- item`"
    return line, message


def check_headings(rel: str, text: str, problems, require: bool = True) -> None:
    """Exactly one `# ` heading (the page's title), outside code blocks."""
    fence = None
    titles = []
    in_front = text.startswith("---")
    for number, line in enumerate(text.splitlines(), start=1):
        if in_front:
            if number > 1 and line.strip() == "---":
                in_front = False
            continue
        marker = re.match(r"^\s*(`{3,}|~{3,}|:{3,})", line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0] * len(marker.group(1))
            elif line.strip().startswith(fence):
                fence = None
            continue
        if fence is None and re.match(r"^#\s+\S", line):
            titles.append(number)
    if not titles and require:
        problems.add(rel, 1, "no title: the page needs one line starting with `# ` (its title)")
    for number in titles[1:]:
        problems.add(
            rel,
            number,
            f"a second `# ` title (the first is on line {titles[0]}); a page has one: make this one a section, `## `",
        )


def _title(text: str) -> tuple[int, str] | None:
    """The line number and text of the post's `# ` title, or None."""
    in_front = text.startswith("---")
    for number, line in enumerate(text.splitlines(), start=1):
        if in_front:
            if number > 1 and line.strip() == "---":
                in_front = False
            continue
        if line.startswith("# ") and line[2:].strip():
            return number, line[2:].strip()
    return None


def _names(value, what: str, key: str, known, problems, path, line, hint, item_lines=()) -> list[str]:
    """Check a list of names (authors, translators) against *known*.

    *line* is the key's line; *item_lines*, when known, the line of each name.
    """
    if isinstance(value, str):
        if "," in value:
            problems.add(
                path,
                line,
                f"{key}: write one {what} per line, as a list:\n"
                f"    {key}:\n" + "".join(f"      - {v.strip()}\n" for v in value.split(",")),
            )
            return []
        value = [value]
    if not isinstance(value, list) or not value:
        problems.add(path, line, f"{key}: give at least one {what}, as a list (`- Name` lines)")
        return []
    names = []
    for index, name in enumerate(value):
        at = item_lines[index] if index < len(item_lines) else line
        if not isinstance(name, str) or not name.strip():
            problems.add(path, at, f"{key}: every {what} must be a name")
        elif re.search(r"[(),;]", name):
            problems.add(
                path,
                at,
                f"{key}: {name!r} is not a plain name; write only the name (affiliations come from data/people.yaml)",
            )
        elif name not in known:
            problems.add(path, at, f"{key}: unknown {what} {name!r}{_suggest(name, known)} {hint}")
        else:
            names.append(name)
    return names


def check_post(srcdir: Path, path: Path, vocabulary, people, languages, problems) -> Post | None:
    """Check one post file; return its metadata, or None after adding problems."""
    rel = path.relative_to(srcdir).as_posix()
    text = read_source(path, rel, problems)
    if text is None:
        return None
    split = _split_front_matter(text)
    if split is None:
        problems.add(
            rel,
            1,
            "no front matter: start the file with a `---` line, the post's "
            "details (blogpost, date, author, tags), and another `---` line",
        )
        return None
    yaml_text, first = split
    tabs = [n for n, line in enumerate(yaml_text.splitlines(), start=first) if "\t" in line]
    for number in tabs:
        problems.add(
            rel,
            number,
            "this line of the front matter has a tab character; replace it with spaces (two spaces before `- ` items)",
        )
    if tabs:
        return None
    try:
        root = yaml.compose(yaml_text, Loader=LOADER)
        meta = yaml.load(yaml_text, Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        problems.add(rel, *yaml_problem(exc, first))
        return None
    except yaml.YAMLError as exc:
        problems.add(
            rel, first, f"the front matter is not valid YAML ({exc}); check that every line is `key: value` or `- item`"
        )
        return None
    except ValueError:  # a date that is not on the calendar (2024-02-30)
        meta = None
        root = yaml.compose(yaml_text, Loader=LOADER)
        for key, value in root.value:
            if key.value == "date":
                problems.add(
                    rel,
                    first + value.start_mark.line,
                    f"date {value.value} is not a day of the calendar: check the month and the day (YYYY-MM-DD)",
                )
        if not any(p[0] == rel for p in problems):
            problems.add(rel, first, "a value of the front matter is not valid: check the dates (YYYY-MM-DD)")
        return None
    if not isinstance(meta, dict):
        problems.add(rel, first, "the front matter must be `key: value` lines")
        return None
    # The line of each key, and of each item of a key's list (`- item` lines).
    lines = {k.value: first + k.start_mark.line for k, v in root.value}
    item_lines = {
        k.value: [first + item.start_mark.line for item in v.value]
        for k, v in root.value
        if isinstance(v, yaml.SequenceNode)
    }
    before = len(problems)

    for key in meta:
        if key not in KEYS:
            problems.add(rel, lines[key], f"unknown key {key!r}{_suggest(key, KEYS)} (allowed keys: {', '.join(KEYS)})")
    for key in REQUIRED:
        if key not in meta:
            problems.add(rel, first, f"missing key {key!r}: add a line `{key}: ...` ({KEYS[key]})")
    if "blogpost" in meta and meta["blogpost"] is not True:
        problems.add(rel, lines["blogpost"], "blogpost: must be `true`")

    date = meta.get("date")
    if "date" in meta and not isinstance(date, dt.date):
        problems.add(
            rel, lines["date"], f"date {date!r} is not an ISO date: write it as YYYY-MM-DD, for example 2024-04-24"
        )
        date = None
    if isinstance(date, dt.datetime):
        date = date.date()

    match = FILENAME.match(path.name)
    if not match:
        problems.add(
            rel,
            1,
            "the file name must be <date>-<slug>.md, for example "
            "2024-04-24-welcome.md (lowercase letters, digits and dashes)",
        )
    elif date and match["date"] != date.isoformat():
        problems.add(
            rel,
            lines.get("date", first),
            f"the file name starts with {match['date']} but "
            f"the date is {date.isoformat()}: rename the file or fix the date",
        )
    if date and path.parent != srcdir / "blog" / str(date.year):
        problems.add(
            rel,
            lines.get("date", first),
            f"a post dated {date.year} belongs in blog/{date.year}/ (not in a subfolder): move the file there",
        )

    people_hint = "(add new people to data/people.yaml)"
    authors = (
        _names(
            meta.get("author"),
            "author",
            "author",
            people,
            problems,
            rel,
            lines.get("author", first),
            people_hint,
            item_lines.get("author", ()),
        )
        if "author" in meta
        else []
    )

    tags = meta.get("tags", [])
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if "tags" in meta and (not isinstance(tags, list) or not tags):
        problems.add(rel, lines["tags"], "tags: give at least one tag, as a list (`- News` lines)")
        tags = []
    tag_lines = item_lines.get("tags", [])
    for index, tag in enumerate(tags):
        at = tag_lines[index] if index < len(tag_lines) else lines["tags"]
        if tag not in vocabulary:
            problems.add(
                rel,
                at,
                f"unknown tag {tag!r}{_suggest(tag, vocabulary)} "
                f"(tags: {', '.join(vocabulary)}; new tags go in data/tags.yaml)",
            )

    language = meta.get("language")
    if language is not None and language not in languages:
        problems.add(
            rel,
            lines["language"],
            f"language {language!r} is not one of the site's "
            f"languages ({', '.join(languages)}){_suggest(language, languages)}",
        )

    translators = meta.get("translators") or {}
    if not isinstance(translators, dict):
        problems.add(
            rel,
            lines["translators"],
            "translators: give a language code, then the names, "
            "for example:\n    translators:\n      es:\n        - Kevin Cabana",
        )
        translators = {}
    checked_translators = {}
    for lang, names in translators.items():
        if lang not in languages:
            problems.add(
                rel,
                lines["translators"],
                f"translators: {lang!r} is not one of the site's languages ({', '.join(languages)})",
            )
            continue
        checked_translators[lang] = _names(
            names, "translator", "translators", people, problems, rel, lines["translators"], people_hint
        )

    if "draft" in meta and not isinstance(meta["draft"], bool):
        problems.add(rel, lines["draft"], "draft: must be `true` or `false`")
    if "description" in meta and not isinstance(meta["description"], str):
        problems.add(rel, lines["description"], "description: must be one sentence of text")

    title = _title(text)
    if title is None:
        problems.add(
            rel, first, "no title: after the front matter, the post needs one line starting with `# ` (its title)"
        )
    check_headings(rel, text, problems, require=False)

    if len(problems) > before:
        return None
    return Post(
        path=rel,
        docname=rel.removesuffix(".md"),
        title=title[1],
        date=date,
        authors=authors,
        tags=tags,
        language=language,
        translators=checked_translators,
        description=meta.get("description"),
        draft=meta.get("draft", False),
    )


CHECKS = "frontmatter-checks.json"  # the memo of posts and pages found correct, in the doctree folder


def _memo_version(languages, vocabulary, people) -> str:
    """What a post's checks depend on besides its file: this code, the tags, the people, the languages."""
    return stamps.digest(
        Path(__file__).read_bytes(), yaml.__version__, json.dumps([list(languages), vocabulary, people])
    )


def collect_posts(srcdir: str | os.PathLike, languages, memo: Path | None = None) -> tuple[dict[str, Post], list]:
    """Check every post; return the good ones by docname and every problem found.

    *memo*: a file (in the doctree folder) where the posts and pages found
    correct are kept, each under its file's size and time, so the next build
    does not read them again (``catalyst/stamps.py``).  A file with problems
    is checked, and its problems reported, on every build.
    """
    srcdir = Path(srcdir)
    vocabulary = [t["name"] for t in data.load(srcdir, "tags")]
    people = [p["name"] for p in data.load(srcdir, "people")]
    known = stamps.Memo(memo, _memo_version(languages, vocabulary, people))
    problems = _Problems()
    posts: dict[str, Post] = {}
    slugs: dict[str, str] = {}
    for path in sorted(srcdir.glob(POSTS_GLOB)):
        if path.parent == srcdir / "blog":
            continue  # the blog's index page; any other file here is reported below
        rel = path.relative_to(srcdir).as_posix()
        kept = known.get(path, rel)
        if kept is not None:
            post = Post.from_json(kept)
        else:
            post = check_post(srcdir, path, vocabulary, people, languages, problems)
            if post is None:
                continue
            known.put(path, post.to_json(), rel)
        if post.slug in slugs:
            problems.add(
                post.path,
                1,
                f"another post already uses the name {post.slug!r} "
                f"({slugs[post.slug]}): choose a different name after the date",
            )
            continue
        slugs[post.slug] = post.path
        posts[post.docname] = post
    for path in sorted(srcdir.glob("blog/*.md")):
        if path.name != "index.md":
            problems.add(
                path.relative_to(srcdir).as_posix(),
                1,
                "posts go in a folder named after their year: blog/<year>/<date>-<slug>.md",
            )
    check_pages(srcdir, problems, known)
    known.save()
    return posts, problems


NOT_PAGES = ("README.md", "CONTRIBUTING.md")


def check_pages(srcdir: Path, problems, known: stamps.Memo | None = None) -> None:
    """The site's pages (every Markdown file outside blog/<year>/): UTF-8, one `# ` title."""
    known = known or stamps.Memo(None, "")
    pages = [p for p in srcdir.glob("*.md") if p.name not in NOT_PAGES and not p.name.startswith("LICENSE")]
    pages += [p for p in [srcdir / "blog" / "index.md"] if p.is_file()]
    for path in sorted(pages):
        rel = path.relative_to(srcdir).as_posix()
        if known.get(path, rel):
            continue
        before = len(problems)
        text = read_source(path, rel, problems)
        if text is not None:
            check_headings(rel, text, problems)
        if len(problems) == before:
            known.put(path, True, rel)


def format_problem(problem) -> str:
    path, line, message = problem
    return f"{path}:{line}: {message}"


def summary(problems) -> str:
    return f"{len(problems)} problem(s) in blog posts; nothing was built. Fix them and build again."


def check_posts(srcdir: str | os.PathLike, languages, memo: Path | None = None) -> dict[str, Post]:
    """Check every post, log each problem at its place, and stop the build if any."""
    posts, problems = collect_posts(srcdir, languages, memo)
    if problems:
        for path, line, message in problems:
            # a location as text: before reading there is no environment to resolve (docname, line)
            logger.error(message, location=f"{Path(srcdir, path)}:{line}", type="catalyst", subtype="frontmatter")
        raise FrontMatterError(summary(problems))
    return posts


def tag_labels(srcdir, language: str) -> dict[str, str]:
    """Tag name -> label in *language*; every tag needs a label in every language."""
    labels = {}
    for tag in data.load(srcdir, "tags"):
        if language == "en":
            labels[tag["name"]] = tag["name"]
        elif language in tag["labels"]:
            labels[tag["name"]] = tag["labels"][language]
        else:
            raise data.DataError(
                f"data/tags.yaml:{tag['__line__']}: tag {tag['name']!r} has no label in "
                f"{language!r}: add `{language}: <label>` under its `labels:`"
            )
    return labels


# -- Sphinx integration --------------------------------------------------------


def source_date() -> dt.datetime | None:
    """The build's fixed time, SOURCE_DATE_EPOCH (reproducible builds), when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else None


def today() -> dt.date:
    """The date that decides which posts are published.

    ``CATALYST_TODAY`` (set by ``tools.build``), else the date of an explicit
    ``SOURCE_DATE_EPOCH``, else today's date in UTC.
    """
    if os.environ.get("CATALYST_TODAY"):
        return dt.date.fromisoformat(os.environ["CATALYST_TODAY"])
    fixed = source_date()
    return fixed.date() if fixed else dt.datetime.now(dt.UTC).date()


def on_config_inited(app, config) -> None:
    posts = check_posts(app.srcdir, config.catalyst_languages, Path(app.doctreedir, CHECKS))
    data.check_references(app.srcdir)
    state = build_state(app)
    state.tag_labels = tag_labels(app.srcdir, config.language)
    now = today()
    # A writer's preview also shows the posts scheduled for a later date (as
    # drafts: on their own page, with a banner, in no list, feed or sitemap).
    preview = is_preview(config)
    scheduled = {name: post for name, post in posts.items() if preview and post.scheduled_in(config.language, now)}
    state.scheduled = scheduled
    # Posts not part of this build (drafts, later dates, other languages) are
    # excluded like any other source, so no page, list or feed shows them.
    left_out = sorted(
        p.path for name, p in posts.items() if not p.published_in(config.language, now) and name not in scheduled
    )
    config.exclude_patterns = [*config.exclude_patterns, *left_out]
    state.posts = {
        name: post for name, post in posts.items() if post.published_in(config.language, now) or name in scheduled
    }
    state.published = {
        code: [post for post in posts.values() if post.published_in(code, now)] for code in config.catalyst_languages
    }


class PostFromFrontMatter(SphinxTransform):
    """Turn a checked post's front matter into ablog's post node.

    Runs just before ablog's own front-matter transform (see ``setup_frontmatter``) and takes
    the ``blogpost`` flag away from it, so ablog uses these lists as they are
    instead of splitting the front matter's text on commas.
    """

    default_priority = 799  # set from ablog's in setup_frontmatter

    def apply(self, **kwargs: Any) -> None:
        from ablog.post import PostNode

        post = build_state(self.config).posts.get(self.env.docname)
        if post is None:
            return
        for docinfo in self.document.findall(nodes.docinfo):
            for fld in list(docinfo.findall(nodes.field)):
                if fld[0].astext() in ("blogpost", "description"):
                    docinfo.remove(fld)
            # link previews (sphinxext-opengraph reads og: fields of the page)
            meta = {"og:type": "article"}
            if post.description:
                meta["og:description"] = post.description
            for key, value in meta.items():
                docinfo += nodes.field(
                    "", nodes.field_name(key, key), nodes.field_body(value, nodes.paragraph(value, value))
                )
        node = PostNode()
        node.document = self.document
        _compat.fill_post_node(node, tags=post.tags, authors=post.authors)
        node["date"] = post.date.isoformat()
        sections = list(self.document.findall(nodes.section))
        if sections:
            sections[0].append(node)


def mark_scheduled(app, pagename, templatename, context, doctree) -> None:
    """A scheduled post in a preview: a banner with its date, and no indexing."""
    post = build_state(app).scheduled.get(pagename)
    if post is not None:
        from .blog import date_text

        context["catalyst_scheduled"] = date_text(app, post.date)


def setup_frontmatter(app):
    app.connect("html-page-context", mark_scheduled)
    # on_config_inited is called by catalyst.on_config_inited, after the other features'
    PostFromFrontMatter.default_priority = _compat.ablog_frontmatter_priority() - 1
    app.add_transform(PostFromFrontMatter)
