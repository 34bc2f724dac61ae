from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from proscreen.exceptions import ParseError
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
    Schema,
)
from proscreen.sources import eu_fsf
from proscreen.sources.base import head_bytes


@pytest.fixture(scope="module")
def eu_file(lists_dir: Path) -> Path:
    return lists_dir / "eu" / "eu_fsf_csv_2018-07-04_first1000lines.csv"


@pytest.fixture(scope="module")
def entities(eu_file: Path) -> dict[str, Entity]:
    return {e.source_id: e for e in eu_fsf.read([eu_file], None).entities}


def _read(path: Path) -> list[Entity]:
    return list(eu_fsf.read([path], None).entities)


# --- the real (2018, 1.0 layout) file -------------------------------------------


def test_counts_match_provenance(entities: dict[str, Entity]) -> None:
    assert len(entities) == 93
    ids = sorted(int(i) for i in entities)
    assert (ids[0], ids[-1]) == (1, 481)
    assert Counter(e.schema for e in entities.values()) == {Schema.PERSON: 61, Schema.ORGANIZATION: 32}
    assert Counter(p for e in entities.values() for p in e.programs) == {"IRQ": 57, "TAQA": 17, "TERR": 17, "ZWE": 2}


def test_list_data(eu_file: Path) -> None:
    data = eu_fsf.read([eu_file], None)
    assert (data.source, data.format, data.published) == ("eu-fsf", "eu-fsf-csv", date(2018, 7, 4))
    assert eu_fsf.read([eu_file], "eu-test").source == "eu-test"


def test_person_across_regulations(entities: dict[str, Entity]) -> None:
    mugabe = entities["1"]
    assert mugabe.id == "eu-fsf:1"
    assert mugabe.schema is Schema.PERSON
    assert mugabe.names == (Name("Robert Gabriel Mugabe"),)  # the same name under two regulations
    assert mugabe.dates == (EventDate("1924-02-21"),)
    assert mugabe.places_of_birth == ("Kutama",)
    assert mugabe.identifiers == (Identifier(IdType.PASSPORT, "AD001095", None, "National passport"),)
    assert mugabe.programs == ("ZWE",)
    assert mugabe.listed_on == "2002-09-13"  # the earliest regulation
    assert mugabe.remarks == (
        "(Date of UN designation: 2002-02-21)\n(Date of designation referred to in Article 7 (2): 21.2.2002.)",
    )
    assert mugabe.attributes == (
        ("eu_reference", "EU.36.64"),
        ("gender", "male"),
        ("position", "Former President"),
        ("position", "president"),
        ("regulation", "1643/2002 (OJ L247), 2002-09-13"),
        ("regulation", "2018/223 (OJ L43), 2018-02-16"),
    )


def test_names_languages_and_restored_commas(entities: dict[str, Entity]) -> None:
    saddam = entities["13"]
    assert saddam.names == (
        Name("Saddam Hussein Al-Tikriti"),
        Name("Abu Ali", NameKind.AKA),
        Name("Abou Ali", NameKind.AKA, lang="fr"),
    )
    # This copy turned commas into tabs: "al-Awja<TAB> near Tikrit".
    assert saddam.places_of_birth == ("al-Awja, near Tikrit",)
    assert saddam.countries == (Country("iq", CountryRole.BIRTH, "IRQ"), Country("iq", CountryRole.CITIZENSHIP, "IRQ"))
    assert saddam.dates == (EventDate("1937-04-28"),)


def test_entity_addresses_and_contacts(entities: dict[str, Entity]) -> None:
    trust = entities["330"]
    assert trust.schema is Schema.ORGANIZATION
    assert trust.caption == "Al Rashid Trust"
    assert len(trust.addresses) == 11
    assert trust.addresses[1] == Address(
        full="Kitab Ghar, Darul Ifta Wal Irshad, Nazimbad No 4, Karachi, PAK",
        street="Kitab Ghar, Darul Ifta Wal Irshad, Nazimbad No 4",
        city="Karachi",
        country="pk",
        country_name="PAK",
    )
    phones = [(i.value, i.label) for i in trust.identifiers if i.type is IdType.PHONE]
    assert phones[:4] == [
        ("042-681 20 81", "phone"),
        ("668 33 01", "phone"),
        ("0300-820 91 99", "phone"),
        ("662 38 14", "fax"),
    ]
    assert "Aid Organisation of the Ulema, Pakistan" in [n.value for n in trust.names]
    # Names whose letters the Windows-1252 copy lost to "?" are kept as a remark, not as names.
    assert not any("?" in n.value for e in [trust] for n in e.names)
    assert trust.remarks[-1].startswith("Names with characters lost to '?' in this file: ???????????")


def test_identification_remarks(entities: dict[str, Entity]) -> None:
    person = entities["93"]
    assert [i.value for i in person.identifiers] == ["33301/862", "M0003264580", "H0100009"]
    assert all(i.type is IdType.OTHER for i in person.identifiers)
    assert "Other identification number 33301/862: issued: 17 october 1997 expires: 1 october 2005" in person.remarks
    grace = entities["70"]
    assert Identifier(IdType.NATIONAL_ID, "63-646650 Q70", None, "National identification card") in grace.identifiers


def test_sniff_claims_only_the_eu_file(lists_dir: Path, eu_file: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and eu_fsf.sniff(p, head_bytes(p))]
    assert claimed == [eu_file]
    assert not eu_fsf.sniff(eu_file, b"\x00\xff garbage;;;")


# --- the current layout ----------------------------------------------------------

_CURRENT_HEADER = (
    "fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;Entity_UnitedNationId;Entity_DesignationDate;"
    "Entity_DesignationDetails;Entity_Remark;Entity_SubjectType;Entity_SubjectType_ClassificationCode;"
    "Entity_Regulation_Type;Entity_Regulation_OrganisationType;Entity_Regulation_PublicationDate;"
    "Entity_Regulation_EntryIntoForceDate;Entity_Regulation_NumberTitle;Entity_Regulation_Programme;"
    "Entity_Regulation_PublicationUrl;NameAlias_LastName;NameAlias_FirstName;NameAlias_MiddleName;"
    "NameAlias_WholeName;NameAlias_NameLanguage;NameAlias_Gender;NameAlias_Title;NameAlias_Function;"
    "NameAlias_LogicalId;Address_City;Address_Street;Address_PoBox;Address_ZipCode;Address_CountryIso2Code;"
    "Address_CountryDescription;Address_LogicalId;BirthDate_BirthDate;BirthDate_Year;BirthDate_YearRangeFrom;"
    "BirthDate_YearRangeTo;BirthDate_Circa;BirthDate_City;BirthDate_CountryIso2Code;BirthDate_CountryDescription;"
    "BirthDate_LogicalId;Identification_Number;Identification_Diplomatic;Identification_TypeCode;"
    "Identification_TypeDescription;Identification_CountryIso2Code;Identification_CountryDescription;"
    "Identification_LogicalId;Citizenship_CountryIso2Code;Citizenship_CountryDescription;Citizenship_LogicalId"
)
_ENTITY_PART = "28/10/2022;13;EU.27.28;IQi.001;2003-07-07;;(UNSC RESOLUTION 1483);person;P;regulation;commission;"
_ENTITY_PART += "2003-07-08;2003-07-09;1210/2003 (OJ L169);IRQ;http://eur-lex.europa.eu/x"
_CURRENT_ROWS = [
    _ENTITY_PART
    + ";Hussein Al-Tikriti;Saddam;;Saddam Hussein Al-Tikriti;;M;;;17"
    + ";" * 7
    + ";" * 9
    + ";" * 7
    + ";" * 3,
    _ENTITY_PART + ";;;;Σαντάμ Χουσεΐν;EL;;;;18" + ";" * 7 + ";" * 9 + ";" * 7 + ";" * 3,
    _ENTITY_PART + ";" * 9 + ";Baghdad;Rashid Street;;;IQ;IRAQ;40" + ";1937-04-28;1937;;;;al-Awja;IQ;IRAQ;20"
    ";A123;true;passport;National passport;IQ;IRAQ;5;IQ;IRAQ;7",
    _ENTITY_PART + ";" * 9 + ";" * 7 + ";;;1935;1940;true;;;;21" + ";" * 7 + ";" * 3,
    "28/10/2022;99;EU.1.2;;2022-02-23;;;enterprise;E;regulation;council;2022-02-25;2022-02-25;2022/1 (OJ L1);RUS;u"
    ";;;;JSC Example;;;;;30"
    + ";" * 7
    + ";" * 9
    + ";1027700000000;;regnumber;Registration Number;RU;RUSSIA;6"
    + ";" * 3,
]


def test_current_layout(tmp_path: Path) -> None:
    path = tmp_path / "csvFullSanctionsList_1_1.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join([_CURRENT_HEADER, *_CURRENT_ROWS, ""]).encode("utf-8"))
    assert eu_fsf.sniff(path, head_bytes(path))
    data = eu_fsf.read([path], None)
    assert data.published == date(2022, 10, 28)
    saddam, company = list(data.entities)
    assert saddam.schema is Schema.PERSON
    assert saddam.names == (
        Name("Saddam Hussein Al-Tikriti"),
        Name("Σαντάμ Χουσεΐν", NameKind.AKA, original_script=True, lang="el"),
    )
    assert saddam.listed_on == "2003-07-07"  # Entity_DesignationDate
    assert saddam.addresses == (
        Address("Rashid Street, Baghdad, IRAQ", "Rashid Street", "Baghdad", None, None, "iq", "IRAQ"),
    )
    assert saddam.dates == (EventDate("1937-04-28"), EventDate("1935", "1940", circa=True))
    assert saddam.places_of_birth == ("al-Awja, IRAQ",)
    assert saddam.identifiers == (Identifier(IdType.PASSPORT, "A123", "iq", "National passport"),)
    assert "National passport A123: diplomatic" in saddam.remarks
    assert Country("iq", CountryRole.CITIZENSHIP, "IRAQ") in saddam.countries
    assert ("un_reference", "IQi.001") in saddam.attributes
    assert company.schema is Schema.ORGANIZATION
    assert company.identifiers == (Identifier(IdType.REGISTRATION, "1027700000000", "ru", "Registration Number"),)
    assert company.programs == ("RUS",)


# --- bad input -------------------------------------------------------------------

_HEADER_10 = "Date_file;Entity_logical_id;Subject_type;Naal_logical_id;Naal_wholename;Programme;X;Y;Z;EU_ref_num"


def _write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def test_row_with_wrong_number_of_fields(tmp_path: Path) -> None:
    rows = ["04/07/2018;1;P;1;John Doe;ZWE;;;;EU.1", "04/07/2018;2;P;2;Jane Doe;ZWE;;;EU.2"]
    path = _write(tmp_path, "short_row.csv", [_HEADER_10, *rows])
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line == 3
    assert f"{path}, line 3" in str(err.value)
    assert "9 fields" in str(err.value)


def test_wrong_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "wrong_header.csv", ["Name;Address;Country", "a;b;c"])
    assert not eu_fsf.sniff(path, head_bytes(path))
    with pytest.raises(ParseError) as err:
        eu_fsf.read([path], None)
    assert err.value.line == 1
    assert "not an EU FSF CSV header" in str(err.value)
    empty = _write(tmp_path, "empty.csv", [])
    with pytest.raises(ParseError):
        eu_fsf.read([empty], None)


def test_broken_quoting(tmp_path: Path) -> None:
    rows = ["04/07/2018;1;P;1;John Doe;ZWE;;;;EU.1", '04/07/2018;2;P;2;"Jane" Doe;ZWE;;;;EU.2']
    path = _write(tmp_path, "quotes.csv", [_HEADER_10, *rows])
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line == 3
    assert str(path) in str(err.value)


def test_row_without_entity_id(tmp_path: Path) -> None:
    path = _write(tmp_path, "no_id.csv", [_HEADER_10, "04/07/2018;;P;1;John Doe;ZWE;;;;EU.1"])
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line == 2


def test_wrong_encoding(tmp_path: Path) -> None:
    # A UTF-8 BOM promises UTF-8; a Latin-1 byte on line 3 breaks the promise.
    path = tmp_path / "bom_latin1.csv"
    rows = [_HEADER_10, "04/07/2018;1;P;1;John Doe;ZWE;;;;EU.1", "04/07/2018;2;P;2;José;ZWE;;;;EU.2"]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode("latin-1"))
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line == 3
    assert str(path) in str(err.value)
    utf16 = _write(tmp_path, "utf16.csv", [_HEADER_10, "04/07/2018;1;P;1;John Doe;ZWE;;;;EU.1"], "utf-16")
    assert not eu_fsf.sniff(utf16, head_bytes(utf16))
    with pytest.raises(ParseError) as err:
        eu_fsf.read([utf16], None)
    assert err.value.line == 1


def test_windows_1252_without_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "cp1252.csv", [_HEADER_10, "04/07/2018;7;E;1;Société Générale – Ltd;ZWE;;;;EU.7"], "cp1252")
    (entity,) = _read(path)
    assert entity.caption == "Société Générale – Ltd"
    assert entity.schema is Schema.ORGANIZATION
