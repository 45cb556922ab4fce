"""The data files: every entry rendered, in every language, and mistakes reported clearly."""

from __future__ import annotations

import shutil

import pytest

from catalyst import data
from conftest import ROOT


def test_every_partner_has_a_card_and_a_hub_row(site, languages):
    partners = data.load(ROOT, "partners")
    assert partners
    for language in languages:
        soup = site.soup(language, "current-community-partners.html")
        for partner in partners:
            card = soup.find(id=f"partner-{partner['id']}")
            assert card is not None, f"{language}: no card for {partner['id']}"
            assert partner["name"] in card.get_text(" ", strip=True)
            if partner.get("website"):
                assert card.find("a", href=partner["website"]) is not None
        assert len(soup.select("table.catalyst-hubs tbody tr")) == len(partners)
        # The home page names every partner, each a link to its card on the partners page.
        links = [a["href"] for a in site.soup(language, "index.html").select("ul.catalyst-partnerlist li a")]
        assert links == [f"current-community-partners.html#partner-{p['id']}" for p in partners]


def test_home_page_figures_are_counted_from_the_data(site, languages):
    orgs, partners = data.load(ROOT, "organisations"), data.load(ROOT, "partners")
    expected = [
        len(orgs),
        len(partners),
        len({p["country"] for p in partners if p.get("country")}),
        len({p["region"] for p in partners}),
    ]
    for language in languages:
        figures = site.soup(language, "index.html").select("ul.catalyst-figures .catalyst-figure__number")
        assert [int(f.get_text()) for f in figures] == expected, language


def test_hub_rows_claim_a_cloud_only_for_published_hubs(site, languages):
    # A partner whose hub was never published gets no cloud or data centre
    # either: the region's usual provider is not a fact about that hub.
    partners = data.load(ROOT, "partners")
    unpublished = [p for p in partners if not (p.get("hub") or p.get("hub_url"))]
    assert unpublished, "the check needs a partner without a published hub"
    for language in languages:
        soup = site.soup(language, "current-community-partners.html")
        rows = soup.select("table.catalyst-hubs tbody tr")
        for partner, row in zip(partners, rows, strict=True):
            cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            assert cells[0] == (partner.get("short") or partner["name"])
            if partner in unpublished:
                assert not row.find("a") and len(set(cells[1:])) == 1, f"{language}: {cells}"
            else:
                assert row.find("a") is not None and len(set(cells[2:])) == 2, f"{language}: {cells}"


def test_every_team_member_is_on_the_people_page(site, languages):
    people = [p for p in data.load(ROOT, "people") if p["group"] in ("core", "extended", "past")]
    for language in languages:
        text = site.soup(language, "people.html").select_one("main").get_text(" ", strip=True)
        missing = [p["name"] for p in people if p["name"] not in text]
        assert not missing, f"{language}: {missing}"
        assert "Zedias Chikwambi" not in text  # blog authors are not listed as team


def test_every_organisation_is_on_the_team_page(site, languages):
    for language in languages:
        soup = site.soup(language, "team.html")
        for org in data.load(ROOT, "organisations"):
            card = soup.find(id=f"org-{org['id']}")
            assert card is not None and card.find("a", href=org["url"]) is not None


def test_roles_are_translated_and_names_are_not(site):
    es = site.soup("es", "people.html").get_text(" ", strip=True)
    assert "Chris Holdgraf" in es and "Estados Unidos" in es and "United States" not in es


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_unknown_field_is_reported_with_file_line_and_suggestion(copy):
    path = copy / "data" / "partners.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  country: Tanzania", "  contry: Tanzania", 1), encoding="utf-8"
    )
    with pytest.raises(data.DataError) as error:
        data.load(copy, "partners")
    message = str(error.value)
    assert "data/partners.yaml:" in message and "unknown field 'contry'" in message and "'country'" in message


def test_wrong_choice_and_duplicate_id_are_reported(copy):
    path = copy / "data" / "partners.yaml"
    text = path.read_text(encoding="utf-8").replace("region: africa", "region: afrika", 1)
    text += "\n- id: must\n  name: Duplicate\n  region: africa\n  joined: 2024-01-01\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(data.DataError) as error:
        data.load(copy, "partners")
    assert "region 'afrika' is not one of africa, latin-america; did you mean 'africa'?" in str(error.value)
    assert "id 'must' is already used at line" in str(error.value)


def test_person_of_unknown_organisation_is_reported(copy):
    path = copy / "data" / "people.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("org: cscce", "org: csce", 1), encoding="utf-8")
    with pytest.raises(data.DataError) as error:
        data.check_references(copy)
    assert "org 'csce'" in str(error.value) and "did you mean 'cscce'?" in str(error.value)
