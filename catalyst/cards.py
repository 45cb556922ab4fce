"""Directives that render the data files as accessible lists of cards, and the pages' other components.

``{organisations}``, ``{people}``, ``{partners}`` and ``{hubs}`` turn the
entries of ``data/*.yaml`` into plain lists and a table; ``{keyfigures}``
counts them (organisations, partners, countries, regions), so no figure is
ever typed into a page.  Sentences from the data (roles, biographies, places)
become ordinary paragraphs of the page, so they are extracted into that page's
translation catalog and translated like the rest of it; names, addresses and
links are marked untranslatable.

``{question}`` makes a question and its answer a disclosure widget
(``<details>``), for the FAQ.  Every table of the site is put in a labelled
region that scrolls sideways on a screen narrower than the table.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import data

_ = get_translation("catalyst")

REGION_CLOUD = {
    # region -> (cloud, data-centre region shown in the hubs table)
    "africa": ("Amazon Web Services", "Cape Town (af-south-1)", "af"),
    "latin-america": ("Google Cloud", "São Paulo (southamerica-east1)", "latam"),
}


def hub_address(partner: dict) -> str | None:
    """The web address of a partner's hub, where it is known."""
    if partner.get("hub_url"):
        return partner["hub_url"]
    if partner.get("hub"):
        zone = REGION_CLOUD[partner["region"]][2]
        return f"https://{partner['hub']}.{zone}.catalystproject.2i2c.cloud"
    return None


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


class DataDirective(SphinxDirective):
    """Base class: loads data files and builds small nodes with source info."""

    has_content = False

    def load(self, name: str) -> list[dict]:
        self.env.note_dependency(data.data_path(self.env.srcdir, name))
        return data.load(self.env.srcdir, name)

    def text(self, cls, text: str, *, translatable: bool, classes=()) -> nodes.Element:
        """A text node; translatable ones carry the source position gettext needs."""
        node = cls(text, text, classes=list(classes))
        self.set_source_info(node)
        if not translatable:
            node["translatable"] = False
        return node

    def para(self, text: str, *, translatable: bool = True, classes=()) -> nodes.paragraph:
        return self.text(nodes.paragraph, text, translatable=translatable, classes=classes)

    def name_para(self, name: str, extra: str = "", classes=("catalyst-card__name",)):
        para = self.para("", translatable=False, classes=classes)
        para += nodes.strong(name, name)
        if extra:
            para += nodes.Text(extra)
        return para

    def link_para(self, url: str, classes=("catalyst-card__link",)) -> nodes.paragraph:
        parts = urlsplit(url)
        label = (parts.netloc + parts.path).rstrip("/").removeprefix("www.")
        para = self.para("", translatable=False, classes=classes)
        para += nodes.reference(label, label, refuri=url)
        return para

    def avatar(self, name: str) -> nodes.raw:
        # Initials in a circle where a photo would stand; hidden from screen
        # readers, which read the name next to it.
        return nodes.raw(
            "",
            f'<span class="catalyst-avatar" aria-hidden="true">{initials(name)}</span>',
            format="html",
        )

    def card_list(self, classes) -> nodes.bullet_list:
        return nodes.bullet_list(classes=["catalyst-cards", *classes])

    def card(self, ident: str | None = None) -> nodes.list_item:
        item = nodes.list_item(classes=["catalyst-card"])
        if ident:
            item["ids"].append(ident)
        return item


class OrganisationsDirective(DataDirective):
    """The seven core-team organisations (``:compact:`` for names only)."""

    option_spec = {"compact": directives.flag}

    def run(self):
        orgs = self.load("organisations")
        if "compact" in self.options:
            bullets = nodes.bullet_list(classes=["catalyst-inline-list"])
            for org in orgs:
                item = nodes.list_item()
                para = self.para("", translatable=False)
                para += nodes.reference(org["short"], org["short"], refuri=org["url"])
                item += para
                bullets += item
            return [bullets]
        cards = self.card_list(["catalyst-cards--orgs"])
        for org in orgs:
            card = self.card(f"org-{org['id']}")
            card += self.name_para(org["short"])
            if org["name"] != org["short"]:
                card += self.para(org["name"], translatable=False, classes=["catalyst-card__meta"])
            card += self.para(org["summary"])
            card += self.para(org["role"], classes=["catalyst-card__role"])
            card += self.link_para(org["url"])
            cards += card
        return [cards]


class PeopleDirective(DataDirective):
    """People of one group (core, extended, past), optionally of one organisation."""

    option_spec = {
        "org": directives.unchanged_required,
        "group": lambda arg: directives.choice(arg, ("core", "extended", "past")),
    }

    def run(self):
        group = self.options.get("group", "core")
        org_id = self.options.get("org")
        orgs = data.by_id(self.load("organisations"))
        if org_id and org_id not in orgs:
            raise self.error(f"unknown organisation {org_id!r}; choose one of {', '.join(orgs)}")
        people = [p for p in self.load("people") if p["group"] == group and (org_id is None or p["org"] == org_id)]
        if not people:
            raise self.error(f"no {group} people{f' in {org_id}' if org_id else ''} in data/people.yaml")
        if any(person.get("pronouns") for person in people):
            self.pronoun_labels = {entry["name"]: entry for entry in self.load("pronouns")}
        if group != "core":
            # Names only (and a role where there is one): a compact list, not cards.
            names = nodes.bullet_list(classes=["catalyst-namelist"])
            for person in people:
                item = nodes.list_item()
                pronouns = f" ({self.pronouns(person)})" if person.get("pronouns") else ""
                org = "" if org_id else f" · {orgs[person['org']]['short']}"
                item += self.name_para(person["name"], pronouns + org, classes=("catalyst-namelist__name",))
                if person.get("role"):
                    item += self.para(person["role"], classes=["catalyst-namelist__role"])
                names += item
            return [names]
        cards = self.card_list([f"catalyst-cards--{group}"])
        for person in people:
            card = self.card()
            if group == "core":
                card += self.avatar(person["name"])
            pronouns = f" ({self.pronouns(person)})" if person.get("pronouns") else ""
            org = "" if org_id else f" · {orgs[person['org']]['short']}"
            card += self.name_para(person["name"], pronouns + org)
            for field in ("role", "place", "bio"):
                if person.get(field):
                    card += self.para(person[field], classes=[f"catalyst-card__{field}"])
            cards += card
        return [cards]

    def pronouns(self, person) -> str:
        """A person's pronouns as the build's language writes them (data/pronouns.yaml)."""
        name, language = person["pronouns"], self.env.config.language
        entry = self.pronoun_labels.get(name)
        if entry is None:
            raise self.error(
                f"data/people.yaml:{person['__line__']}: pronouns {name!r} are not in data/pronouns.yaml; "
                f"add them there with their {language!r} label"
            )
        if language == next(iter(self.env.config.catalyst_languages)):
            return name
        if language not in entry["labels"]:
            raise self.error(f"data/pronouns.yaml:{entry['__line__']}: {name!r} has no {language!r} label")
        return entry["labels"][language]


class PartnersDirective(DataDirective):
    """Community partners of one region (``:compact:`` for a short list)."""

    option_spec = {
        "region": lambda arg: directives.choice(arg, tuple(REGION_CLOUD)),
        "compact": directives.flag,
        # compact lists: the page whose cards (``#partner-<id>``) the names link to
        "link-to": directives.unchanged_required,
    }

    def run(self):
        region = self.options.get("region")
        partners = [p for p in self.load("partners") if region in (None, p["region"])]
        compact = "compact" in self.options
        if compact:
            return [self.compact_list(partners)]
        cards = self.card_list(["catalyst-cards--partners"])
        for partner in partners:
            card = self.card(f"partner-{partner['id']}")
            where = self.where(partner)
            card += self.name_para(partner["name"])
            if partner.get("short"):
                card += self.para(partner["short"], translatable=False, classes=["catalyst-card__meta"])
            if where:
                card += self.para(where, classes=["catalyst-card__place"])
            if partner.get("focus"):
                card += self.para(partner["focus"], classes=["catalyst-card__role"])
            if partner.get("website"):
                card += self.link_para(partner["website"])
            cards += card
        return [cards]

    @staticmethod
    def where(partner: dict) -> str:
        return ", ".join(filter(None, (partner.get("city"), partner.get("country")))) or partner.get("scope", "")

    def compact_list(self, partners: list[dict]) -> nodes.bullet_list:
        """Short names, each a link to the partner's card, with the country (or scope) after it."""
        target = self.options.get("link-to", "current-community-partners")
        if target not in self.env.found_docs:
            raise self.error(f":link-to: {target!r} is not a page of the site")
        page = self.env.app.builder.get_relative_uri(self.env.docname, target)
        bullets = nodes.bullet_list(classes=["catalyst-partnerlist"])
        for partner in partners:
            item = nodes.list_item()
            para = self.para("", translatable=False)
            title = partner.get("short") or partner["name"]
            para += nodes.reference(
                title, title, refuri=f"{page}#partner-{partner['id']}", classes=["catalyst-partnerlist__name"]
            )
            item += para
            place = partner.get("country") or partner.get("scope")
            if place:
                item += self.para(place, classes=["catalyst-partnerlist__place"])
            bullets += item
        return bullets


class KeyFiguresDirective(DataDirective):
    """The project in numbers, counted from the data files: organisations, partners, countries, regions."""

    def run(self):
        orgs = self.load("organisations")
        partners = self.load("partners")
        figures = [
            (len(orgs), _("organisations in the core team")),
            (len(partners), _("community partners")),
            (len({p["country"] for p in partners if p.get("country")}), _("countries")),
            (len({p["region"] for p in partners}), _("regions: Africa and Latin America")),
        ]
        bullets = nodes.bullet_list(classes=["catalyst-figures"])
        for number, label in figures:
            item = nodes.list_item(classes=["catalyst-figure"])
            para = self.para("", translatable=False)
            para += nodes.strong(str(number), str(number), classes=["catalyst-figure__number"])
            para += nodes.Text(" ")
            para += nodes.inline(str(label), str(label), classes=["catalyst-figure__label"])
            item += para
            bullets += item
        return [bullets]


class HubsDirective(DataDirective):
    """A table of the community hubs: partner, address, cloud, data centre."""

    def run(self):
        partners = self.load("partners")
        headers = ("Community", "Hub address", "Cloud", "Data centre")
        table = nodes.table(classes=["catalyst-hubs"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        for _ in headers:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        row = nodes.row()
        for header in headers:
            row += nodes.entry("", self.para(header))
        thead += row
        group += thead
        tbody = nodes.tbody()
        for partner in partners:
            cloud, centre, _zone = REGION_CLOUD[partner["region"]]
            address = hub_address(partner)
            row = nodes.row()
            row += nodes.entry("", self.para(partner.get("short") or partner["name"], translatable=False))
            if address:
                row += nodes.entry("", self.link_para(address, classes=()))
                row += nodes.entry("", self.para(cloud, translatable=False))
                row += nodes.entry("", self.para(centre))
            else:
                # Where a partner's hub was never published, neither was its
                # cloud or data centre: say so rather than assume the region's.
                for _ in range(3):
                    row += nodes.entry("", self.para("Not published", classes=["catalyst-muted"]))
            tbody += row
        group += tbody
        return [table]


class question(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A question and its answer, shown as ``<details>``."""


class question_text(nodes.Part, nodes.TextElement):  # noqa: N801
    """The question itself, the ``<summary>`` (phrasing content only: no paragraph)."""


class QuestionDirective(SphinxDirective):
    """A question of the FAQ: the argument is the question, the content its answer.

    The question is a translatable message of the page like a heading; the
    element's id is made from the English question, so links to it are the
    same in every language.
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        text = self.arguments[0]
        node = question(classes=["catalyst-question"])
        node["ids"].append(nodes.make_id(text))
        summary = question_text(text, "", *self.parse_inline(text)[0])
        self.set_source_info(summary)
        self.set_source_info(node)
        node += summary
        node += self.parse_content_to_nodes()
        return [node]


def visit_question(self, node):
    self.body.append(self.starttag(node, "details", "\n"))


def depart_question(self, node):
    self.body.append("</details>\n")


def visit_question_text(self, node):
    self.body.append(self.starttag(node, "summary", "", CLASS="catalyst-question__text"))


def depart_question_text(self, node):
    self.body.append("</summary>\n")


class table_scroll(nodes.General, nodes.Element):  # noqa: N801
    """A labelled region around a table that scrolls sideways when the table is wider than the page."""


def visit_table_scroll(self, node):
    attributes = {"role": "region", "tabindex": "0", "aria-label": node["label"]}
    self.body.append(self.starttag(node, "div", "", CLASS="catalyst-table-scroll", **attributes))


def depart_table_scroll(self, node):
    self.body.append("</div>\n")


def wrap_tables(app, doctree, docname) -> None:
    """Put every table in a scrolling region named after its title or the section it is in."""
    if app.builder.format != "html":
        return
    for table in list(doctree.findall(nodes.table)):
        if isinstance(table.parent, table_scroll):
            continue
        title = next(iter(table.findall(nodes.title)), None)
        section = table.parent
        while section is not None and not isinstance(section, (nodes.section, question)):
            section = section.parent
        if title is None and section is not None:
            title = next(iter(section.findall(question_text if isinstance(section, question) else nodes.title)))
        label = _("Table: %(title)s") % {"title": title.astext()} if title is not None else _("Table")
        wrapper = table_scroll(label=label)
        table.replace_self(wrapper)
        wrapper += table


def setup_cards(app):
    app.add_node(question, html=(visit_question, depart_question))
    app.add_node(question_text, html=(visit_question_text, depart_question_text))
    app.add_node(table_scroll, html=(visit_table_scroll, depart_table_scroll))
    app.add_directive("question", QuestionDirective)
    app.add_directive("keyfigures", KeyFiguresDirective)
    app.connect("doctree-resolved", wrap_tables)
    app.add_directive("organisations", OrganisationsDirective)
    app.add_directive("people", PeopleDirective)
    app.add_directive("partners", PartnersDirective)
    app.add_directive("hubs", HubsDirective)
