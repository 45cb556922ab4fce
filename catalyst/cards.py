"""Directives that render the data files as accessible lists of cards.

``{organisations}``, ``{people}``, ``{partners}`` and ``{hubs}`` turn the
entries of ``data/*.yaml`` into plain lists and a table.  Sentences from the
data (roles, biographies, places) become ordinary paragraphs of the page, so
they are extracted into that page's translation catalog and translated like
the rest of it; names, addresses and links are marked untranslatable.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import data

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
        people = [
            p
            for p in self.load("people")
            if p["group"] == group and (org_id is None or p["org"] == org_id)
        ]
        if not people:
            raise self.error(f"no {group} people{f' in {org_id}' if org_id else ''} in data/people.yaml")
        if any(person.get("pronouns") for person in people):
            self.pronoun_labels = {entry["name"]: entry for entry in self.load("pronouns")}
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
    }

    def run(self):
        region = self.options.get("region")
        partners = [p for p in self.load("partners") if region in (None, p["region"])]
        compact = "compact" in self.options
        cards = self.card_list(["catalyst-cards--compact" if compact else "catalyst-cards--partners"])
        for partner in partners:
            card = self.card(None if compact else f"partner-{partner['id']}")
            title = partner.get("short") or partner["name"]
            where = ", ".join(filter(None, (partner.get("city"), partner.get("country"))))
            where = where or partner.get("scope", "")
            if compact:
                card += self.name_para(title)
                if where:
                    card += self.para(where, classes=["catalyst-card__place"])
                cards += card
                continue
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


def setup_cards(app):
    app.add_directive("organisations", OrganisationsDirective)
    app.add_directive("people", PeopleDirective)
    app.add_directive("partners", PartnersDirective)
    app.add_directive("hubs", HubsDirective)
