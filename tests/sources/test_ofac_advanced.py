from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from proscreen.exceptions import ParseError, UnsafeInputError
from proscreen.model import (
    Address,
    Country,
    CountryRole,
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
from proscreen.sources import ofac_advanced
from proscreen.sources.base import head_bytes

DIRECTIVES = (
    "For more information on directives, please visit the following link: "
    "http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives"
)


@pytest.fixture(scope="module")
def cons_path(lists_dir: Path) -> Path:
    return lists_dir / "ofac" / "non_sdn_advanced_xml_2020-03-17" / "cons_advanced.xml"


@pytest.fixture(scope="module")
def entities(cons_path: Path) -> dict[str, Entity]:
    data = ofac_advanced.read([cons_path], None)
    assert (data.source, data.format, data.files) == ("ofac-nonsdn", "ofac-advanced", (cons_path,))
    assert data.published == date(2020, 3, 17)
    return {e.source_id: e for e in data.entities}


def _read(path: Path, source: str | None = None) -> list[Entity]:
    return list(ofac_advanced.read([path], source).entities)


# --- the real file -------------------------------------------------------------------


def test_counts(entities: dict[str, Entity]) -> None:
    assert len(entities) == 375  # DistinctParty elements
    assert Counter(e.schema for e in entities.values()) == {Schema.ORGANIZATION: 293, Schema.PERSON: 82}
    assert all(e.id == f"ofac-nonsdn:{e.source_id}" for e in entities.values())
    # 759 SanctionsEntry elements: each party is on the "Consolidated List" and on its own list(s).
    assert Counter(e.source_list for e in entities.values()) == {
        "Sectoral Sanctions Identifications List": 290,
        "Non-SDN Palestinian Legislative Council List": 78,
        "FSE List": 6,
        "CAPTA List": 1,
    }
    assert Counter(p for e in entities.values() for p in e.programs) == {
        "UKRAINE-EO13662": 290,
        "NS-PLC": 78,
        "SYRIA": 6,
        "FSE-SY": 5,
        "VENEZUELA-EO13850": 2,
        "SDGT": 1,
        "561-Related": 1,
        "FSE-IR": 1,
    }
    assert all(e.listed_on for e in entities.values())
    names = Counter((n.kind, n.strength) for e in entities.values() for n in e.names)
    # 1,290 Alias elements with one DocumentedName each; party 18769 has one weak a.k.a. twice.
    assert names == {
        (NameKind.PRIMARY, Strength.STRONG): 375,
        (NameKind.AKA, Strength.STRONG): 801,
        (NameKind.AKA, Strength.WEAK): 30 - 1,
        (NameKind.FKA, Strength.STRONG): 83,
        (NameKind.FKA, Strength.WEAK): 1,
    }
    assert sum(len(e.addresses) for e in entities.values()) == 407
    assert all(a.country for e in entities.values() for a in e.addresses)
    assert Counter(c.role for e in entities.values() for c in e.countries) == {
        CountryRole.REGISTRATION: 12,
        CountryRole.BIRTH: 10,
        CountryRole.CITIZENSHIP: 2,
    }
    # 77 birth dates: 73 year-only (OFAC writes them as 01 Jan - 31 Dec ranges), 4 exact days.
    assert Counter(len(d.start) for e in entities.values() for d in e.dates) == {4: 73, 10: 4}


def test_identifier_types(entities: dict[str, Entity]) -> None:
    assert Counter((i.type, i.label) for e in entities.values() for i in e.identifiers) == {
        (IdType.REGISTRATION, "Registration ID"): 219,
        (IdType.WEBSITE, "Website"): 184,
        (IdType.TAX_ID, "Tax ID No."): 180,
        (IdType.REGISTRATION, "Government Gazette Number"): 151,
        (IdType.EMAIL, "Email Address"): 147,
        (IdType.SWIFT_BIC, "SWIFT/BIC"): 34,
        (IdType.REGISTRATION, "Public Registration Number"): 14,
        (IdType.OTHER, "BIK (RU)"): 3,
        (IdType.PASSPORT, "Passport"): 3,
        (IdType.TAX_ID, "V.A.T. Number"): 2,
        (IdType.REGISTRATION, "License"): 1,
        (IdType.REGISTRATION, "Commercial Registry Number"): 1,
        (IdType.REGISTRATION, "Registration Number"): 1,
        (IdType.REGISTRATION, "Business Registration Number"): 1,
    }


def test_individual(entities: dict[str, Entity]) -> None:
    assert entities["9639"] == Entity(
        source="ofac-nonsdn",
        source_id="9639",
        schema=Schema.PERSON,
        names=(
            Name("HANIYA, Ismail Abdul Salah"),
            Name("HANIYA, Ismail", NameKind.AKA),
            Name("HANIYYA, Ismaeel", NameKind.AKA),
        ),
        dates=(EventDate("1962"),),
        places_of_birth=("Shati",),
        programs=("NS-PLC",),
        listed_on="2006-04-12",  # on the PLC list; the "Consolidated List" entry is of 2014-10-10
        source_list="Non-SDN Palestinian Legislative Council List",
        attributes=(("legal_basis", "General License 4 Under EO 13224 (Terrorism)"), ("sanctions_measure", "Reject")),
    )


def test_passport_citizenship_gender(entities: dict[str, Entity]) -> None:
    person = entities["26182"]
    assert person.names == (Name("KAYAKIRAN, Evren"),)
    assert person.identifiers == (Identifier(IdType.PASSPORT, "U00242309", "tr", "Passport"),)
    assert person.countries == (Country("tr", CountryRole.CITIZENSHIP, "Turkey"),)
    assert person.addresses == (Address("Turkey", country="tr", country_name="Turkey"),)
    assert person.dates == (EventDate("1980-02-08"),)
    assert person.attribute("gender") == "Male"
    assert (person.source_list, person.programs, person.listed_on) == ("FSE List", ("FSE-IR",), "2019-02-07")


def test_relationship_and_sectoral_entity(entities: dict[str, Entity]) -> None:
    trading = entities["18299"]
    assert trading.relations == (
        Relation(
            RelationKind.OWNED_BY,
            "Open Joint-Stock Company Rosneft Oil Company",
            "ofac-nonsdn:17022",
            "Owned or Controlled By",
        ),
    )
    assert trading.identifiers == (
        Identifier(IdType.TAX_ID, "CHE-309.842.573", "ch", "Tax ID No."),
        Identifier(IdType.REGISTRATION, "CH-660.0.257.011-8", "ch", "Registration Number"),
        Identifier(IdType.WEBSITE, "www.rosneft.com", label="Website"),
    )
    assert trading.addresses == (
        Address(
            "Rue Place du Lac 2, 1204, Geneva, Switzerland",
            "Rue Place du Lac 2, 1204",
            "Geneva",
            country="ch",
            country_name="Switzerland",
        ),
    )
    # On the SSI list (2015) and, since 2020, on the SDN list: the SSI entry is the one that counts here.
    assert (trading.listed_on, trading.source_list) == ("2015-07-30", "Sectoral Sanctions Identifications List")
    assert trading.programs == ("UKRAINE-EO13662", "VENEZUELA-EO13850")
    assert trading.remarks == (DIRECTIVES,)
    assert trading.attributes == (
        ("executive_order_13662_directive_determination", "Subject to Directive 2"),
        ("executive_order_13662_directive_determination", "Subject to Directive 4"),
        ("legal_basis", "Executive Order 13662 (Ukraine)"),
        ("legal_basis", "Executive Order 13850 (Venezuela)"),
        ("sanctions_measure", "13662 Sectoral Directive 2"),
        ("sanctions_measure", "13662 Sectoral Directive 4"),
        ("sanctions_measure", "Block"),
    )
    relations = [(e, r) for e in entities.values() for r in e.relations]
    assert len(relations) == 276  # ProfileRelationship elements
    for entity, relation in relations:
        assert relation.kind is RelationKind.OWNED_BY
        assert relation.target_id is not None
        assert entities[relation.target_id.split(":")[1]].caption == relation.target_name != entity.caption


def test_weak_alias_and_bank_codes(entities: dict[str, Entity]) -> None:
    veb = entities["17015"]
    assert veb.names[:2] == (Name("Vnesheconombank"), Name("VEB", NameKind.AKA, Strength.WEAK))
    assert veb.identifiers == (
        Identifier(IdType.SWIFT_BIC, "BFEARUMM", label="SWIFT/BIC"),
        Identifier(IdType.OTHER, "044525060", label="BIK (RU)"),
        Identifier(IdType.WEBSITE, "http://www.veb.ru", label="Website"),
        Identifier(IdType.EMAIL, "info@veb.ru", label="Email Address"),
    )
    assert veb.addresses == (
        Address(
            "9 Akademika Sakharova prospekt, Moscow 107996, Russia",
            "9 Akademika Sakharova prospekt",
            "Moscow",
            postal_code="107996",
            country="ru",
            country_name="Russia",
        ),
    )


def test_registration_country_and_issuing_authority(entities: dict[str, Entity]) -> None:
    institute = entities["23552"]
    assert institute.countries == (Country("ru", CountryRole.REGISTRATION, "Russia"),)
    assert institute.identifiers[:2] == (
        Identifier(IdType.REGISTRATION, "1057803105755", "ru", "Registration ID"),
        Identifier(IdType.TAX_ID, "7810327462", "ru", "Tax ID No."),
    )
    assert institute.remarks[1:] == (
        "Registration ID 1057803105755 (Russia) issued by OGRN",
        "Tax ID No. 7810327462 (Russia) issued by INN",
    )


def test_sdn_and_plc_party_and_region_address(entities: dict[str, Entity]) -> None:
    hammad = entities["9659"]
    assert hammad.programs == ("SDGT", "NS-PLC")
    assert hammad.source_list == "Non-SDN Palestinian Legislative Council List"  # not the SDN List
    # City "Jabaliya" and region "Gaza" with an "undetermined" country: the region gives the country.
    assert hammad.addresses == (Address("Jabaliya, Gaza", city="Jabaliya", country="ps"),)
    assert hammad.places_of_birth == ("Jabaliya, Gaza Strip",)
    assert hammad.countries == (Country("ps", CountryRole.BIRTH, "Gaza Strip"),)


def test_source_from_list_table(cons_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "download.xml"  # a name that says nothing
    copy.write_bytes(cons_path.read_bytes())
    assert ofac_advanced.read([copy], None).source == "ofac-nonsdn"  # it has the "Consolidated List"
    data = ofac_advanced.read([cons_path], "test")
    assert data.source == "test" and next(iter(data.entities)).id == "test:9639"


# --- a synthetic SDN file: what the consolidated file of 2020 does not have ------------

REFS = """<ReferenceValueSets>
<AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType><AliasType ID="1401">F.K.A.</AliasType>
<AliasType ID="1403">Name</AliasType></AliasTypeValues>
<AreaCodeValues><AreaCode ID="11291" CountryID="11291" Description="undetermined" AreaCodeTypeID="1" />
</AreaCodeValues>
<CountryValues><Country ID="11171" ISO2="RU">Russia</Country><Country ID="11161" ISO2="PA">Panama</Country>
</CountryValues>
<DetailReferenceValues><DetailReference ID="91526">Male</DetailReference></DetailReferenceValues>
<DetailTypeValues><DetailType ID="1430">DATE</DetailType><DetailType ID="1431">LOOKUP</DetailType>
<DetailType ID="1432">TEXT</DetailType><DetailType ID="1433">COUNTRY</DetailType></DetailTypeValues>
<EntryEventTypeValues><EntryEventType ID="1">Created</EntryEventType></EntryEventTypeValues>
<FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType><FeatureType ID="9">Place of Birth</FeatureType>
<FeatureType ID="10">Nationality Country</FeatureType><FeatureType ID="3">Vessel Flag</FeatureType>
<FeatureType ID="1">VESSEL TYPE</FeatureType><FeatureType ID="2">Vessel Call Sign</FeatureType>
<FeatureType ID="224">Gender</FeatureType><FeatureType ID="344">Digital Currency Address - XBT</FeatureType>
<FeatureType ID="646">Organization Established Date</FeatureType></FeatureTypeValues>
<IDRegDocDateTypeValues><IDRegDocDateType ID="1480">Issue Date</IDRegDocDateType>
<IDRegDocDateType ID="1481">Expiration Date</IDRegDocDateType></IDRegDocDateTypeValues>
<IDRegDocTypeValues><IDRegDocType ID="1571">Passport</IDRegDocType>
<IDRegDocType ID="1626">Vessel Registration Identification</IDRegDocType><IDRegDocType ID="1999">MMSI</IDRegDocType>
</IDRegDocTypeValues>
<LegalBasisValues><LegalBasis ID="1828" SanctionsProgramID="211">Executive Order 13224 (Terrorism)</LegalBasis>
</LegalBasisValues>
<ListValues><List ID="1550">SDN List</List></ListValues>
<LocPartTypeValues><LocPartType ID="1454">CITY</LocPartType></LocPartTypeValues>
<NamePartTypeValues><NamePartType ID="1520">Last Name</NamePartType><NamePartType ID="1521">First Name</NamePartType>
<NamePartType ID="1522">Middle Name</NamePartType><NamePartType ID="1528">Vessel Name</NamePartType>
</NamePartTypeValues>
<PartySubTypeValues><PartySubType ID="1" PartyTypeID="4">Vessel</PartySubType>
<PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
<PartyTypeValues><PartyType ID="1">Individual</PartyType><PartyType ID="4">Transport</PartyType></PartyTypeValues>
<RelationTypeValues><RelationType ID="1555">Associate Of</RelationType></RelationTypeValues>
<SanctionsProgramValues><SanctionsProgram ID="211">SDGT</SanctionsProgram></SanctionsProgramValues>
<SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType><SanctionsType ID="1705">Block</SanctionsType>
</SanctionsTypeValues>
<ScriptValues><Script ID="215" ScriptCode="Latn">Latin</Script><Script ID="220" ScriptCode="Cyrl">Cyrillic</Script>
</ScriptValues>
<ValidityValues><Validity ID="1">Valid</Validity><Validity ID="2">Fraudulent</Validity></ValidityValues>
</ReferenceValueSets>"""

LOCATIONS = """<Locations>
<Location ID="1"><LocationCountry CountryID="11161" CountryRelevanceID="1413" /></Location>
<Location ID="2"><LocationCountry CountryID="11171" CountryRelevanceID="1413" /></Location>
<Location ID="3"><LocationAreaCode AreaCodeID="11291" /><LocationCountry CountryID="11171" />
<LocationPart LocPartTypeID="1454">
<LocationPartValue Primary="false"><Value>Leningrad</Value></LocationPartValue>
<LocationPartValue Primary="true"><Value>St. Petersburg</Value></LocationPartValue></LocationPart></Location>
</Locations>
<IDRegDocuments>
<IDRegDocument ID="1" IDRegDocTypeID="1626" IdentityID="101" ValidityID="1">
<IDRegistrationNo>IMO 9187629</IDRegistrationNo></IDRegDocument>
<IDRegDocument ID="2" IDRegDocTypeID="1999" IdentityID="101" ValidityID="1">
<IDRegistrationNo>572469210</IDRegistrationNo></IDRegDocument>
<IDRegDocument ID="3" IDRegDocTypeID="1571" IdentityID="201" IssuedBy-CountryID="11171" ValidityID="2">
<IDRegistrationNo>4509123456</IDRegistrationNo>
<DocumentDate IDRegDocDateTypeID="1480"><DatePeriod><Start><From><Year>2009</Year><Month>3</Month><Day>1</Day></From>
<To><Year>2009</Year><Month>3</Month><Day>1</Day></To></Start><End><From><Year>2009</Year><Month>3</Month>
<Day>1</Day></From><To><Year>2009</Year><Month>3</Month><Day>1</Day></To></End></DatePeriod></DocumentDate>
</IDRegDocument>
</IDRegDocuments>"""


def _name(group: str, value: str, script: str = "215") -> str:
    return (
        f'<DocumentedNamePart><NamePartValue NamePartGroupID="{group}" ScriptID="{script}">{value}</NamePartValue>'
        "</DocumentedNamePart>"
    )


def _alias(type_id: str, parts: str, primary: bool = False, weak: bool = False) -> str:
    flags = f'Primary="{str(primary).lower()}" LowQuality="{str(weak).lower()}"'
    return f'<Alias AliasTypeID="{type_id}" {flags}><DocumentedName ID="1">{parts}</DocumentedName></Alias>'


def _feature(type_id: str, version: str) -> str:
    return f'<Feature ID="1" FeatureTypeID="{type_id}"><FeatureVersion ID="1">{version}</FeatureVersion></Feature>'


def _period(start: str, end: str, approximate: bool = False) -> str:
    def ymd(value: str) -> str:
        return "".join(f"<{k}>{int(v)}</{k}>" for k, v in zip(("Year", "Month", "Day"), value.split("-"), strict=False))

    flag = f' Approximate="{str(approximate).lower()}"'
    return (
        f"<DatePeriod><Start{flag}><From>{ymd(start)}</From><To>{ymd(start)}</To></Start>"
        f"<End{flag}><From>{ymd(end)}</From><To>{ymd(end)}</To></End></DatePeriod>"
    )


VESSEL = f"""<DistinctParty FixedRef="100"><Comment /><Profile ID="100" PartySubTypeID="1">
<Identity ID="101" Primary="true">
{_alias("1403", _name("1", "OCEAN STAR"), primary=True)}{_alias("1401", _name("1", "SEA PEARL"))}
<NamePartGroups><MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1528" /></MasterNamePartGroup>
</NamePartGroups>
</Identity>
{_feature("1", '<VersionDetail DetailTypeID="1432">Crude Oil Tanker</VersionDetail>')}
{_feature("2", '<VersionDetail DetailTypeID="1432">HOAB</VersionDetail>')}
{_feature("3", '<VersionDetail DetailTypeID="1433" /><VersionLocation LocationID="1" />')}
</Profile></DistinctParty>"""

PERSON = f"""<DistinctParty FixedRef="200"><Comment>Telephone +7 812 000 00 00; Linked To: OCEAN STAR.</Comment>
<Profile ID="200" PartySubTypeID="4"><Identity ID="201" Primary="true">
{_alias("1403", _name("11", "IVANOV") + _name("12", "Ivan") + _name("13", "Ivanovich"), primary=True)}
{_alias("1403", _name("14", "ИВАНОВ", "220") + _name("15", "Иван", "220"), primary=True)}
{_alias("1400", _name("11", "IVANOFF"), weak=True)}
<NamePartGroups><MasterNamePartGroup><NamePartGroup ID="11" NamePartTypeID="1520" /></MasterNamePartGroup>
<MasterNamePartGroup><NamePartGroup ID="12" NamePartTypeID="1521" /></MasterNamePartGroup>
<MasterNamePartGroup><NamePartGroup ID="13" NamePartTypeID="1522" /></MasterNamePartGroup>
<MasterNamePartGroup><NamePartGroup ID="14" NamePartTypeID="1520" /></MasterNamePartGroup>
<MasterNamePartGroup><NamePartGroup ID="15" NamePartTypeID="1521" /></MasterNamePartGroup></NamePartGroups>
</Identity>
{_feature("8", _period("1960-01-01", "1962-12-31"))}
{_feature("8", _period("1961-05-01", "1961-05-31", approximate=True))}
{_feature("8", _period("1961-05-03", "1961-05-03"))}
{_feature("9", '<VersionDetail DetailTypeID="1434" /><VersionLocation LocationID="3" />')}
{_feature("10", '<VersionDetail DetailTypeID="1433" /><VersionLocation LocationID="2" />')}
{_feature("224", '<VersionDetail DetailTypeID="1431" DetailReferenceID="91526" />')}
{_feature("344", '<VersionDetail DetailTypeID="1432">1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V</VersionDetail>')}
</Profile></DistinctParty>"""

TAIL = """<ProfileRelationships>
<ProfileRelationship ID="1" From-ProfileID="200" To-ProfileID="100" RelationTypeID="1555" Former="true" />
</ProfileRelationships>
<SanctionsEntries>
<SanctionsEntry ID="1" ProfileID="100" ListID="1550"><EntryEvent ID="1" EntryEventTypeID="1" LegalBasisID="1828">
<Date><Year>2019</Year><Month>9</Month><Day>4</Day></Date></EntryEvent>
<SanctionsMeasure ID="1" SanctionsTypeID="1705" /></SanctionsEntry>
<SanctionsEntry ID="2" ProfileID="200" ListID="1550"><EntryEvent ID="2" EntryEventTypeID="1" LegalBasisID="1828">
<Comment>designated with its affiliate</Comment><Date><Year>2019</Year><Month>9</Month><Day>4</Day></Date></EntryEvent>
<SanctionsMeasure ID="2" SanctionsTypeID="1"><Comment>SDGT</Comment></SanctionsMeasure>
<SanctionsMeasure ID="3" SanctionsTypeID="1"><Comment>IRGC</Comment></SanctionsMeasure></SanctionsEntry>
</SanctionsEntries>"""

SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"


def _write(tmp_path: Path, name: str = "list.xml", old: str = "", new: str = "") -> Path:
    """The synthetic file, with the first ``old`` replaced by ``new``."""
    text = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="{SLS}">\n'
        "<DateOfIssue><Year>2025</Year><Month>12</Month><Day>19</Day></DateOfIssue>\n"
        f"{REFS}\n{LOCATIONS}\n<DistinctParties>\n{VESSEL}\n{PERSON}\n</DistinctParties>\n{TAIL}\n</Sanctions>\n"
    )
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_synthetic_vessel(tmp_path: Path) -> None:
    data = ofac_advanced.read([_write(tmp_path)], None)
    assert (data.source, data.published) == ("ofac-sdn", date(2025, 12, 19))  # only the "SDN List"
    vessel, _ = list(data.entities)
    assert vessel == Entity(
        source="ofac-sdn",
        source_id="100",
        schema=Schema.VESSEL,
        names=(Name("OCEAN STAR"), Name("SEA PEARL", NameKind.FKA)),
        countries=(Country("pa", CountryRole.REGISTRATION, "Panama"),),
        identifiers=(
            Identifier(IdType.IMO, "9187629", label="Vessel Registration Identification"),
            Identifier(IdType.MMSI, "572469210", label="MMSI"),
            Identifier(IdType.CALL_SIGN, "HOAB", label="Vessel Call Sign"),
        ),
        programs=("SDGT",),  # from the legal basis: the entry has no "Program" measure
        listed_on="2019-09-04",
        attributes=(
            ("vessel_type", "Crude Oil Tanker"),
            ("vessel_flag", "Panama"),
            ("legal_basis", "Executive Order 13224 (Terrorism)"),
            ("sanctions_measure", "Block"),
        ),
    )


def test_synthetic_person(tmp_path: Path) -> None:
    _, person = _read(_write(tmp_path))
    assert person.names == (
        Name("IVANOV, Ivan Ivanovich"),
        Name("ИВАНОВ, Иван", original_script=True, lang="Cyrl"),
        Name("IVANOFF", NameKind.AKA, Strength.WEAK),
    )
    assert person.caption == "IVANOV, Ivan Ivanovich"
    assert person.dates == (
        EventDate("1960", "1962"),
        EventDate("1961-05", circa=True),
        EventDate("1961-05-03"),
    )
    assert person.places_of_birth == ("St. Petersburg, Russia",)  # the primary value, not "Leningrad"
    assert person.countries == (
        Country("ru", CountryRole.BIRTH, "Russia"),
        Country("ru", CountryRole.NATIONALITY, "Russia"),
    )
    assert person.identifiers == (
        Identifier(IdType.PHONE, "+7 812 000 00 00", label="Telephone"),
        Identifier(IdType.PASSPORT, "4509123456", "ru", "Passport"),
        Identifier(IdType.CRYPTO, "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V", label="Digital Currency Address - XBT"),
    )
    assert person.remarks == (
        "Passport 4509123456 (Russia) fraudulent, issue date 2009-03-01",
        "City St. Petersburg, also Leningrad",
        "designated with its affiliate",
    )
    assert person.relations == (
        Relation(RelationKind.ASSOCIATED_WITH, "OCEAN STAR", "ofac-sdn:100", "Associate Of (former)"),
        Relation(RelationKind.LINKED_TO, "OCEAN STAR", "ofac-sdn:100", "Linked To: OCEAN STAR"),
    )
    assert person.programs == ("SDGT", "IRGC")
    assert person.attribute("gender") == "Male"
    assert person.schema is Schema.PERSON


def test_synthetic_source_by_name(tmp_path: Path) -> None:
    assert ofac_advanced.read([_write(tmp_path, "CONS_ADVANCED.XML")], None).source == "ofac-nonsdn"
    assert ofac_advanced.read([_write(tmp_path, "sdn_advanced.xml")], None).source == "ofac-sdn"


# --- recognising files ------------------------------------------------------------------


def test_sniff_claims_only_advanced_xml(lists_dir: Path, tmp_path: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and ofac_advanced.sniff(p, head_bytes(p))]
    assert claimed == [lists_dir / "ofac" / "non_sdn_advanced_xml_2020-03-17" / "cons_advanced.xml"]
    synthetic = _write(tmp_path)
    assert ofac_advanced.sniff(synthetic, head_bytes(synthetic))
    for head in [b"", b"\xff\xfe\x00", b"<Sanctions>", b'<Sanctions xmlns="urn:other">', bytes(range(256))]:
        assert ofac_advanced.sniff(tmp_path / "x.xml", head) is False


def test_urls() -> None:
    base = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
    assert ofac_advanced.FORMAT.urls == {
        "ofac-sdn": {"SDN_ADVANCED.XML": base + "SDN_ADVANCED.XML"},
        "ofac-nonsdn": {"CONS_ADVANCED.XML": base + "CONS_ADVANCED.XML"},
    }


# --- bad input ----------------------------------------------------------------------------


def _error(path: Path, exc: type[ParseError] = ParseError) -> ParseError:
    with pytest.raises(exc) as info:
        _read(path)
    assert path.name in str(info.value)
    return info.value


@pytest.mark.parametrize(
    ("old", "new", "message", "element"),
    [
        ('FeatureTypeID="344"', 'FeatureTypeID="345"', "FeatureTypeID=345 refers to no FeatureType", "Feature"),
        ('LocationID="3"', 'LocationID="9"', "LocationID=9 refers to no Location", "VersionLocation"),
        ('AliasTypeID="1401"', 'AliasTypeID="1"', "AliasTypeID=1 refers to no AliasType", "Alias"),
        (
            'NamePartGroupID="15"',
            'NamePartGroupID="16"',
            "NamePartGroupID=16 refers to no NamePartGroup",
            "NamePartValue",
        ),
        ('IdentityID="201"', 'IdentityID="202"', "refers to identity 202, which is not in the file", "IDRegDocument"),
        ('ProfileID="200" ListID', 'ProfileID="300" ListID', "refers to profile 300", "SanctionsEntry"),
        ('To-ProfileID="100"', 'To-ProfileID="7"', "refers to profile 7", "ProfileRelationship"),
        ('ListID="1550"><EntryEvent ID="2"', 'ListID="1551"><EntryEvent ID="2"', "ListID=1551", "SanctionsEntry"),
        ("<Month>3</Month><Day>1</Day></From>", "<Month>2</Month><Day>30</Day></From>", "not a valid date", "From"),
        ('PartySubTypeID="4"', 'PartySubTypeID="5"', "PartySubTypeID=5 refers to no PartySubType", "Profile"),
    ],
)
def test_unresolvable_references(tmp_path: Path, old: str, new: str, message: str, element: str) -> None:
    error = _error(_write(tmp_path, "sdn_advanced.xml", old, new))
    assert message in str(error)
    assert error.element == element and error.line is not None and error.line > 1


def test_truncated_file(tmp_path: Path, cons_path: Path) -> None:
    path = tmp_path / "cons_advanced.xml"
    data = cons_path.read_bytes()[:1_500_000]
    path.write_bytes(data)
    error = _error(path)
    assert error.line == data.count(b"\n") + 1 == 31322  # where the data ends
    assert "malformed XML" in str(error)


def test_entity_bomb_and_external_entity(tmp_path: Path) -> None:
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE Sanctions [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        f'<Sanctions xmlns="{SLS}"><DateOfIssue><Year>&b;</Year></DateOfIssue></Sanctions>'
    )
    assert _error(path, UnsafeInputError).line == 2
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE Sanctions [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f'<Sanctions xmlns="{SLS}"><DateOfIssue><Year>&x;</Year></DateOfIssue></Sanctions>'
    )
    _error(path, UnsafeInputError)


def test_wrong_root_and_bad_date(lists_dir: Path, tmp_path: Path) -> None:
    classic = lists_dir / "ofac" / "non_sdn_xml_2018-04-06" / "consolidated.xml"
    with pytest.raises(ParseError, match="root element is sdnList, not Sanctions") as info:
        ofac_advanced.read([classic], None)
    assert (info.value.line, info.value.element) == (2, "sdnList")
    path = _write(tmp_path, "sdn_advanced.xml", "<Day>19</Day></DateOfIssue>", "</DateOfIssue>")
    with pytest.raises(ParseError, match="DateOfIssue is not a full date") as info:
        ofac_advanced.read([path], None)
    assert info.value.line == 3
