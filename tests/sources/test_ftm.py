from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from proscreen.exceptions import ParseError
from proscreen.model import (
    Address,
    Country,
    CountryRole,
    DateKind,
    Entity,
    EventDate,
    Identifier,
    IdType,
    Name,
    NameKind,
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.sources import ftm
from proscreen.sources.base import head_bytes


@pytest.fixture(scope="module")
def ftm_file(lists_dir: Path) -> Path:
    return lists_dir / "opensanctions" / "sa_wiki_peps_20240311" / "entities.ftm.json"


@pytest.fixture(scope="module")
def peps(ftm_file: Path) -> list[Entity]:
    return list(ftm.read([ftm_file], None).entities)


def _write_lines(path: Path, *records: dict[str, Any] | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _person(eid: str, **props: list[str]) -> dict[str, Any]:
    return {"id": eid, "schema": "Person", "properties": props, "datasets": ["test_ds"]}


# --- the real file -------------------------------------------------------------


def test_counts_match_provenance(ftm_file: Path, peps: list[Entity]) -> None:
    data = ftm.read([ftm_file], None)
    entities = list(data.entities)
    assert len(entities) == 576
    assert {e.schema for e in entities} == {Schema.PERSON}
    assert isinstance(data.entities, ftm.FtmEntities)
    assert data.entities.schemata == {"Person": 576, "Family": 462, "Position": 113, "Occupancy": 113}
    assert data.entities.skipped == Counter()
    assert len(list(data.entities)) == 576  # iterating again reads the file again, the same way
    assert sum(len(e.relations) for e in data.entities) == 462
    relations = [r for e in peps for r in e.relations]
    assert len(relations) == 462
    assert all(r.kind is RelationKind.FAMILY and r.target_id for r in relations)


def test_list_data(ftm_file: Path) -> None:
    data = ftm.read([ftm_file], None)
    assert (data.source, data.format, data.files) == ("sa_wiki_peps", "ftm", (ftm_file,))
    assert data.published == date(2024, 3, 11)  # index.json "updated_at"
    assert ftm.read([ftm_file], "peps").source == "peps"


def test_person_with_family(peps: list[Entity]) -> None:
    e = next(e for e in peps if e.source_id == "Q102205480")
    assert e.id == "sa_wiki_peps:Q102205480"
    assert e.names == (Name("Aida Fustuq"), Name("Aida"))
    assert e.countries == (Country("sa", CountryRole.NATIONALITY), Country("lb", CountryRole.NATIONALITY))
    assert e.places_of_birth == ("Lebanon",)
    assert e.identifiers == (Identifier(IdType.OTHER, "Q102205480", label="wikidataId"),)
    assert e.relations == (
        Relation(RelationKind.FAMILY, "Abdelaziz", "sa_wiki_peps:Q12223041", "son"),
        Relation(RelationKind.FAMILY, "Abdullah of Saudi Arabia", "sa_wiki_peps:Q57298", "husband"),
        Relation(RelationKind.FAMILY, "Adila", "sa_wiki_peps:Q1441884", "daughter"),
    )
    assert ("gender", "female") in e.attributes
    assert "Lebanese woman of Palestinian origin" in e.remarks


def test_person_with_positions_and_birth_date(peps: list[Entity]) -> None:
    e = next(e for e in peps if e.source_id == "Q100442103")
    assert e.caption == "Mesaad Ibrahim AlSulaim"
    assert e.dates == (EventDate("1963-01-01", kind=DateKind.BIRTH),)
    positions = [v for k, v in e.attributes if k == "position"]
    assert positions[:2] == ["Saudi ambassador to the Solomon Islands", "Saudi ambassador to Fiji"]
    assert len(positions) == 5


def test_sniff_claims_only_ftm_files(lists_dir: Path, ftm_file: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and ftm.sniff(p, head_bytes(p))]
    assert claimed == [ftm_file]  # not index.json beside it
    assert not ftm.sniff(ftm_file, b"\x00\x01\xff{")
    assert not ftm.sniff(ftm_file, b'{"id": "x", "schema": "Person", "prop')  # truncated JSON


# --- other content -------------------------------------------------------------


def test_folded_records_and_skipped_schemata(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "entities.ftm.json",
        {
            "id": "ofac-1",
            "schema": "Company",
            "datasets": ["us_ofac_sdn", "eu_fsf"],
            "properties": {
                "name": ["Acme LLC"],
                "alias": ["ACME"],
                "weakAlias": ["AC"],
                "previousName": ["Acme Trading"],
                "jurisdiction": ["ru"],
                "innCode": ["7701234567"],
                "imoNumber": ["IMO1234567"],
                "incorporationDate": ["1995-11"],
                "addressEntity": ["addr-1"],
                "topics": ["sanction"],
            },
        },
        _person("p-1", name=["Иван Петров"], birthDate=["1960"], passportNumber=["123"]),
        {"id": "addr-1", "schema": "Address", "properties": {"full": ["1 Main St, Moscow"], "country": ["ru"]}},
        {
            "id": "s-1",
            "schema": "Sanction",
            "properties": {
                "entity": ["ofac-1"],
                "program": ["RUSSIA-EO14024"],
                "listingDate": ["2022-04-06"],
                "authority": ["OFAC"],
            },
        },
        {
            "id": "own-1",
            "schema": "Ownership",
            "properties": {"owner": ["p-1"], "asset": ["ofac-1"], "percentage": ["51"], "role": ["shareholder"]},
        },
        {"id": "pp-1", "schema": "Passport", "properties": {"holder": ["p-1"], "number": ["123"], "country": ["ru"]}},
        {
            "id": "cw-1",
            "schema": "CryptoWallet",
            "properties": {"holder": ["p-1"], "publicKey": ["0xabc"], "currencySymbol": ["ETH"]},
        },
        {"id": "d-1", "schema": "Document", "properties": {"title": ["A document"]}},
    )
    data = ftm.read([path], None)
    assert data.source == "us_ofac_sdn"  # no index.json: the first entity's first dataset
    assert data.published is None
    company, person = list(data.entities)
    assert data.entities.skipped == {"Document": 1}  # type: ignore[attr-defined]
    assert company.schema is Schema.ORGANIZATION
    assert company.source_id == "ofac-1"
    assert company.source_list == "us_ofac_sdn, eu_fsf"
    assert company.names == (
        Name("Acme LLC"),
        Name("ACME", NameKind.AKA),
        Name("AC", NameKind.AKA, Strength.WEAK),
        Name("Acme Trading", NameKind.FKA),
    )
    assert company.countries == (Country("ru", CountryRole.REGISTRATION),)
    assert company.dates == (EventDate("1995-11", kind=DateKind.INCORPORATION),)
    assert company.identifiers == (
        Identifier(IdType.TAX_ID, "7701234567", label="innCode"),
        Identifier(IdType.IMO, "1234567", label="imoNumber"),
    )
    assert company.addresses == (Address("1 Main St, Moscow", country="ru"),)
    assert company.programs == ("RUSSIA-EO14024",)
    assert company.listed_on == "2022-04-06"
    assert company.relations == (
        Relation(RelationKind.OWNED_BY, "Иван Петров", "us_ofac_sdn:p-1", "shareholder (51%)"),
    )
    assert ("topics", "sanction") in company.attributes
    assert ("sanction_authority", "OFAC") in company.attributes
    assert person.names == (Name("Иван Петров", original_script=True),)
    assert person.identifiers == (
        Identifier(IdType.PASSPORT, "123", "ru"),
        Identifier(IdType.CRYPTO, "0xabc", label="ETH"),
    )


def test_published_from_index_version(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "entities.ftm.json", _person("p-1", name=["A"]))
    (tmp_path / "index.json").write_text(json.dumps({"name": "my_ds", "version": "20250102083000-abc"}))
    data = ftm.read([path], None)
    assert (data.source, data.published) == ("my_ds", date(2025, 1, 2))
    assert [e.id for e in data.entities] == ["my_ds:p-1"]


# --- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"line 2: not a JSON object"),
        ('{"id": "x", "properties": {}}', r"line 2: not a FollowTheMoney entity"),
        ('{"schema": "Person", "properties": {}}', r"line 2: not a FollowTheMoney entity"),
        ('["a list"]', r"line 2: not a FollowTheMoney entity"),
        ('{"id": "x", "schema": "Person", "properties": {"name": "A"}}', r"line 2: properties must map"),
    ],
)
def test_bad_lines(tmp_path: Path, line: str, message: str) -> None:
    path = _write_lines(tmp_path / "bad.ftm.json", _person("p-1", name=["A"]), line)
    with pytest.raises(ParseError, match=r"bad\.ftm\.json, " + message):
        list(ftm.read([path], None).entities)


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_bytes(json.dumps(_person("p-1", name=["A"])).encode() + b'\n{"id": "\xff\xfe"}\n')
    with pytest.raises(ParseError, match=r"bad\.ftm\.json, line 2: not valid utf-8"):
        list(ftm.read([path], None).entities)


# --- writing -------------------------------------------------------------------


def _sample() -> list[Entity]:
    """Entities as the official-list parsers make them, covering what the writer maps."""
    person = Entity(
        source="uk-ofsi",
        source_id="8693",
        schema=Schema.PERSON,
        names=(
            Name("Yasir Sabawi Ibrahim Hasan AL-TIKRITI"),
            Name("Ali Thafir ABDALLAH", NameKind.AKA),
            Name("Abu Ali", NameKind.AKA, Strength.WEAK),
            Name("ياسر سبعاوي", NameKind.AKA, original_script=True),
        ),
        addresses=(Address("Mosul, Iraq", country="iq", country_name="Iraq"),),
        countries=(
            Country("iq", CountryRole.NATIONALITY, "Iraqi"),
            Country("iq", CountryRole.BIRTH, "Iraq"),
            Country(None, CountryRole.OTHER, "USSR"),
        ),
        dates=(EventDate("1968-05-15", text="15/05/1968"), EventDate("1960", "1962", text="1960 to 1962")),
        places_of_birth=("Baghdad, Iraq",),
        identifiers=(
            Identifier(IdType.PASSPORT, "284158", "iq", "Passport Details"),
            Identifier(IdType.NATIONAL_ID, "548-91-5411", None, "NI Number"),
            Identifier(IdType.OTHER, "QDe.004", label="UN reference"),
            Identifier(IdType.CRYPTO, "0x1234abcd", label="ETH"),
        ),
        programs=("Iraq",),
        listed_on="2005-07-29",
        remarks=("Name of father is Sabawi Ibrahim Hasan Al-Tikriti",),
        relations=(
            Relation(RelationKind.FAMILY, "Sabawi AL-TIKRITI", "uk-ofsi:8694", "son of"),
            Relation(RelationKind.LINKED_TO, "Somebody Unlisted", None, "associate"),
        ),
        attributes=(("title", "Dr"), ("gender", "Male"), ("last_updated", "2005-07-29")),
    )
    father = Entity(
        source="uk-ofsi", source_id="8694", schema=Schema.PERSON, names=(Name("Sabawi AL-TIKRITI"),), programs=("Iraq",)
    )
    company = Entity(
        source="uk-ofsi",
        source_id="13340",
        schema=Schema.ORGANIZATION,
        names=(Name("CHONG-CHONGANG SHIPPING COMPANY"), Name("CHONG CHON GANG SHIPPING", NameKind.FKA)),
        countries=(Country("kp", CountryRole.ADDRESS, "DPRK"), Country("kp", CountryRole.REGISTRATION)),
        dates=(EventDate("1995-11-09", kind=DateKind.INCORPORATION),),
        identifiers=(
            Identifier(IdType.IMO, "5342883", label="company IMO"),
            Identifier(IdType.TAX_ID, "0686371", "pk"),
            Identifier(IdType.REGISTRATION, "12345"),
            Identifier(IdType.WEBSITE, "https://example.org/"),
        ),
        relations=(Relation(RelationKind.OWNED_BY, "Sabawi AL-TIKRITI", "uk-ofsi:8694", "owner"),),
    )
    vessel = Entity(
        source="uk-ofsi",
        source_id="13556",
        schema=Schema.VESSEL,
        names=(Name("TONG SAN 2"),),
        countries=(Country("kp", CountryRole.REGISTRATION, "DPRK"),),
        identifiers=(Identifier(IdType.IMO, "8937675"), Identifier(IdType.MMSI, "445539000")),
        relations=(Relation(RelationKind.OWNED_BY, "CHONG-CHONGANG SHIPPING COMPANY", "uk-ofsi:13340"),),
        attributes=(("vessel_type", "Cargo"),),
    )
    nameless = Entity(source="uk-ofsi", source_id="16744", schema=Schema.LEGAL_ENTITY, names=())
    return [person, father, company, vessel, nameless]


def _validate(lines: list[str]) -> list[dict[str, Any]]:
    """Every line is an FtM entity that followthemoney loads with full validation, losing no value."""
    from followthemoney import model

    records = [json.loads(line) for line in lines]
    ids = {r["id"] for r in records}
    for record in records:
        proxy = model.get_proxy(record, cleaned=False)
        assert proxy.id == record["id"]
        for prop, values in record["properties"].items():
            assert prop in proxy.schema.properties, (record["schema"], prop)
            assert len(proxy.get(prop)) == len(values), (record["id"], prop, values)
            if proxy.schema.properties[prop].type.name == "entity":
                assert set(values) <= ids, (record["id"], prop, values)  # no dangling edge
    return records


def test_write_valid_ftm(tmp_path: Path) -> None:
    stream = io.StringIO()
    count = ftm.write_ftm(_sample(), stream)
    lines = stream.getvalue().splitlines()
    assert count == len(lines) == 14
    records = _validate(lines)
    assert Counter(r["schema"] for r in records) == {
        "Person": 2,
        "Organization": 1,
        "Vessel": 1,
        "LegalEntity": 1,
        "Sanction": 2,
        "Passport": 1,
        "Identification": 2,
        "CryptoWallet": 1,
        "Family": 1,
        "Ownership": 2,
    }
    main = records[0]
    assert main["id"] == "uk-ofsi-8693"
    assert main["datasets"] == ["uk-ofsi"]
    assert main["caption"] == "Yasir Sabawi Ibrahim Hasan AL-TIKRITI"
    props = main["properties"]
    assert props["topics"] == ["sanction"]
    assert props["weakAlias"] == ["Abu Ali"]
    assert props["birthDate"] == ["1968-05-15", "1960", "1962"]
    assert props["gender"] == ["male"]
    assert "birth date: 1960 to 1962" in props["notes"]
    assert "Country (other): USSR" in props["notes"]
    assert "linked_to: Somebody Unlisted (associate)" in props["notes"]
    assert "last_updated: 2005-07-29" in props["notes"]
    assert ftm.entity_to_ftm(_sample()[3])["properties"]["imoNumber"] == ["IMO8937675"]


def test_round_trip_keeps_names_dates_countries_identifiers(tmp_path: Path) -> None:
    sample = _sample()
    path = tmp_path / "uk.ftm.json"
    with open(path, "w", encoding="utf-8") as fh:
        ftm.write_ftm(sample, fh)
    data = ftm.read([path], None)
    assert data.source == "uk-ofsi"
    back = {e.id: e for e in data.entities}
    assert list(back) == [e.id for e in sample]
    for original in sample:
        copy = back[original.id]
        assert copy.schema is original.schema
        assert set(copy.names) == set(original.names)
        assert {(d.kind, d.start) for d in copy.dates} >= {(d.kind, d.start) for d in original.dates}
        assert {c.code for c in copy.countries} == {c.code for c in original.countries if c.code}
        assert {(i.type, i.value, i.country) for i in copy.identifiers} == {
            (i.type, i.value, i.country) for i in original.identifiers
        }
        assert copy.programs == original.programs
        assert copy.listed_on == original.listed_on
        assert set(original.remarks) <= set(copy.remarks)
        assert set(copy.places_of_birth) == set(original.places_of_birth)
        assert {(r.kind, r.target_id, r.text) for r in copy.relations} == {
            (r.kind, r.target_id, r.text) for r in original.relations if r.target_id
        }
    person = back["uk-ofsi:8693"]
    assert Country("iq", CountryRole.NATIONALITY) in person.countries
    assert Country("iq", CountryRole.BIRTH) in person.countries
    assert person.relations == (Relation(RelationKind.FAMILY, "Sabawi AL-TIKRITI", "uk-ofsi:8694", "son of"),)
    assert ("title", "Dr") in person.attributes
    assert back["uk-ofsi:13556"].attribute("vessel_type") == "Cargo"


def test_round_trip_of_a_real_dataset(tmp_path: Path, peps: list[Entity]) -> None:
    path = tmp_path / "peps.ftm.json"
    with open(path, "w", encoding="utf-8") as fh:
        count = ftm.write_ftm(peps, fh)
    assert count == 576 + 462
    _validate(path.read_text(encoding="utf-8").splitlines())
    back = list(ftm.read([path], None).entities)
    assert [e.id for e in back] == [e.id for e in peps]
    for original, copy in zip(peps, back, strict=True):
        assert copy.names == original.names
        assert copy.dates == original.dates
        assert copy.countries == original.countries
        assert copy.identifiers == original.identifiers
        # the target's name is its FtM caption: OpenSanctions' choice there, our caption once written
        assert [(r.kind, r.target_id, r.text) for r in copy.relations] == [
            (r.kind, r.target_id, r.text) for r in original.relations
        ]
        assert sorted(copy.attributes) == sorted(original.attributes)  # FtM properties have no order
