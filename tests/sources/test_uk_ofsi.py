from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

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
    Schema,
    Strength,
)
from proscreen.sources import uk_ofsi
from proscreen.sources.base import head_bytes

HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,"
    "Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,"
    "Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID"
)
ROW = "SMITH,John,,,,,,01/02/1970,,,,,,,,,,,,,,,,Individual,Prime Alias,Libya,01/01/2011,02/02/2012,1"


@pytest.fixture(scope="module")
def ofsi_file(lists_dir: Path) -> Path:
    return lists_dir / "uk" / "ConList_2018-04-13.csv"


@pytest.fixture(scope="module")
def entities(ofsi_file: Path) -> dict[str, Entity]:
    return {e.source_id: e for e in uk_ofsi.read([ofsi_file], None).entities}


def _write(tmp_path: Path, *lines: str, encoding: str = "cp1252") -> Path:
    path = tmp_path / "ConList.csv"
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def _read(path: Path) -> list[Entity]:
    return list(uk_ofsi.read([path], None).entities)


# --- the real file -------------------------------------------------------------


def test_rows_match_provenance(ofsi_file: Path) -> None:
    """The file itself: 9,487 name rows (6,857 Individual, 2,630 Entity) in 2,106 groups."""
    with open(ofsi_file, encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    assert len(rows) == 9487
    assert Counter(r[23] for r in rows) == {"Individual": 6857, "Entity": 2630}
    assert len({r[28] for r in rows}) == 2106


def test_one_entity_per_group(entities: dict[str, Entity]) -> None:
    assert len(entities) == 2106
    assert Counter(e.schema for e in entities.values()) == {
        Schema.PERSON: 1426,
        Schema.ORGANIZATION: 655,
        Schema.VESSEL: 25,
    }
    kinds = Counter((n.kind, n.strength) for e in entities.values() for n in e.names)
    assert kinds == {
        (NameKind.PRIMARY, Strength.STRONG): 2106,  # one 'Prime Alias' name per group
        (NameKind.AKA, Strength.STRONG): 3438,
        (NameKind.AKA, Strength.WEAK): 339,  # "Also referred to as ..." in Other Information
        (NameKind.FKA, Strength.STRONG): 14,  # 9 'FKA' rows and 5 "Formerly known as ..."
    }
    assert all(e.names[0].kind is NameKind.PRIMARY for e in entities.values())
    assert max(e.listed_on or "" for e in entities.values()) == "2018-04-03"


def test_list_data(ofsi_file: Path) -> None:
    data = uk_ofsi.read([ofsi_file], None)
    assert (data.source, data.format, data.files) == ("uk-ofsi", "uk-ofsi-csv", (ofsi_file,))
    assert data.published == date(2018, 4, 13)
    assert uk_ofsi.read([ofsi_file], "uk-test").source == "uk-test"
    assert "uk-ofsi" in uk_ofsi.FORMAT.urls


def test_cross_product_rows_are_deduplicated(entities: dict[str, Entity]) -> None:
    """Group 8693 has 24 rows: 6 names x 2 dates of birth x 2 addresses."""
    e = entities["8693"]
    assert e.id == "uk-ofsi:8693"
    assert e.schema is Schema.PERSON
    assert e.names == (
        Name("Yasir Sabawi Ibrahim Hasan AL-TIKRITI"),
        Name("Ali Thafir ABDALLAH", NameKind.AKA),
        Name("Yasir Sabawi Ibrahim Hassan AL-TIKRITI", NameKind.AKA),
        Name("Yasir Sab'awi Ibrahim Hasan AL-TIKRITI", NameKind.AKA),
        Name("Yasser Sabawi Ibrahim Hasan AL-TIKRITI", NameKind.AKA),
        Name("Yassir Sabawi Ibrahim Hasan AL-TIKRITI", NameKind.AKA),
    )
    assert e.dates == (EventDate("1970"), EventDate("1968-05-15", text="15/05/1968"))
    assert e.addresses == (
        Address("Az Zabadani, Syrian Arab Republic", country="sy", country_name="Syrian Arab Republic"),
        Address("Mosul, Iraq", country="iq", country_name="Iraq"),
    )
    assert e.places_of_birth == ("Al-Owja, Iraq", "Baghdad, Iraq")
    assert e.countries == (
        Country("iq", CountryRole.BIRTH, "Iraq"),
        Country("iq", CountryRole.NATIONALITY, "Iraqi"),
        Country("sy", CountryRole.ADDRESS, "Syrian Arab Republic"),
        Country("iq", CountryRole.ADDRESS, "Iraq"),
    )
    assert e.identifiers == (Identifier(IdType.PASSPORT, "284158", "iq", "Passport Details"),)
    assert e.programs == ("Iraq",)
    assert e.listed_on == "2005-07-29"
    assert e.remarks == (
        "Passport Details: 284158, expires 21 Aug 2005 (Iraq)",
        "Name of father is Sabawi Ibrahim Hasan Al-Tikriti",
    )


def test_year_only_dates_passport_and_un_reference(entities: dict[str, Entity]) -> None:
    e = entities["13349"]
    assert e.caption == "Nayef Salam Muhammad Ujaym AL-HABABI"
    assert e.dates == (EventDate("1980"), EventDate("1981"))
    assert e.countries[:3] == (
        Country("sa", CountryRole.BIRTH, "Saudi Arabia"),
        Country("sa", CountryRole.NATIONALITY, "Saudi Arabia"),
        Country("qa", CountryRole.NATIONALITY, "Qatar"),
    )
    assert e.addresses == (Address("Afghanistan (since 2009)", country="af", country_name="Afghanistan (since 2009)"),)
    assert e.identifiers == (
        Identifier(IdType.PASSPORT, "592667", "qa", "Passport Details"),
        Identifier(IdType.OTHER, "QDe.004", label="UN reference"),
    )
    assert Name("Sheikh Farooq AL-QAHTANI", NameKind.AKA) in e.names
    assert e.programs == ("The ISIL (Da'esh) and Al-Qaida organisations",)


def test_month_year_dates(entities: dict[str, Entity]) -> None:
    """'00/09/1958' is September 1958; '00/00/1976' is the year 1976."""
    assert entities["13354"].dates == (EventDate("1958-09"),)
    assert [d.start for d in entities["12629"].dates] == ["1976", "1977-09", "1977-08"]


def test_vessel_with_imo_and_mmsi(entities: dict[str, Entity]) -> None:
    e = entities["13556"]
    assert e.schema is Schema.VESSEL
    assert e.names == (Name("TONG SAN 2"),)
    assert e.identifiers == (Identifier(IdType.IMO, "8937675"), Identifier(IdType.MMSI, "445539000"))
    assert e.programs == ("North Korea (Democratic People's Republic of Korea)",)
    assert e.attributes == (("last_updated", "2017-10-19"),)


def test_company_imo_number_does_not_make_a_vessel(entities: dict[str, Entity]) -> None:
    e = entities["13340"]
    assert e.schema is Schema.ORGANIZATION
    assert e.names == (
        Name("CHONG-CHONGANG SHIPPING COMPANY"),
        Name("CHONG CHON GANG SHIPPING CO. LTD.", NameKind.AKA),
    )
    assert Identifier(IdType.IMO, "5342883") in e.identifiers
    yujong = entities["13637"]
    assert yujong.schema is Schema.ORGANIZATION
    assert Identifier(IdType.IMO, "5434358", label="company IMO") in yujong.identifiers


def test_weak_aliases_from_other_information(entities: dict[str, Entity]) -> None:
    e = entities["7797"]
    weak = [n.value for n in e.names if n.strength is Strength.WEAK]
    assert weak == ["Bilal", "Brugere", "Dimon", "Hamza", "Koumkal", "Kumkal", "Merlin", "Tinet"]
    assert e.places_of_birth == ("Roubaix, France",)
    assert e.dates == (EventDate("1971-01-19", text="19/01/1971"),)


def test_organisation_aliases_split_on_commas_only(entities: dict[str, Entity]) -> None:
    weak = {n.value for e in entities.values() for n in e.names if n.strength is Strength.WEAK}
    assert "Joint-Stock Company Almaz-Antey Air and Space Defence Corporation" in weak
    assert "Space Defence Corporation" not in weak
    # "CERS is also known as SSRC, ..." names the employer of the person, not the person
    assert not [n for n in entities["13229"].names if n.strength is Strength.WEAK]
    # "Father's name is Ghulam Nabi, also known as Mullah Musafir": the father's alias
    assert "Mullah Musafir" not in weak


def test_former_names(entities: dict[str, Entity]) -> None:
    names = entities["10894"].names
    assert names == (
        Name("TANCHON COMMERCIAL BANK"),
        Name("CHANGGWANG CREDIT BANK", NameKind.FKA),
        Name("KOREA CHANGGWANG CREDIT BANK", NameKind.FKA),
    )


def test_several_regimes(entities: dict[str, Entity]) -> None:
    e = entities["10638"]
    assert e.caption == "Mohammad Ali JAFARI"
    assert e.programs == ("Syria", "Iran (nuclear proliferation)", "Iran (human rights)")
    assert e.listed_on == "2008-06-24"


def test_enumerated_passports(entities: dict[str, Entity]) -> None:
    passports = [(i.value, i.country) for i in entities["7863"].identifiers if i.type is IdType.PASSPORT]
    assert len(passports) == 14
    assert passports[:3] == [("A-333602", "in"), ("M110522", "in"), ("R841697", "in")]
    assert ("G866537", "pk") in passports
    assert passports[-1] == ("KC-285901", None)


def test_national_ids_with_country(entities: dict[str, Entity]) -> None:
    ids = [i for i in entities["6974"].identifiers if i.type is IdType.NATIONAL_ID]
    assert ids == [
        Identifier(IdType.NATIONAL_ID, "548-91-5411", "us", "NI Number"),
        Identifier(IdType.NATIONAL_ID, "9681029476", "jo", "NI Number"),
    ]
    # "no 36032..." is not Norway
    assert entities["6894"].identifiers[0] == Identifier(IdType.NATIONAL_ID, "3603251708570001", None, "NI Number")


def test_every_name_row_is_kept(entities: dict[str, Entity]) -> None:
    titles = [v for e in entities.values() for k, v in e.attributes if k == "title"]
    assert "a) General b)Major General" in titles
    assert all(n.value == " ".join(n.value.split()) for e in entities.values() for n in e.names)


# --- sniffing ------------------------------------------------------------------


def test_sniff_claims_only_the_ofsi_file(lists_dir: Path, ofsi_file: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and uk_ofsi.sniff(p, head_bytes(p))]
    assert claimed == [ofsi_file]


def test_sniff_garbage(tmp_path: Path) -> None:
    assert not uk_ofsi.sniff(tmp_path / "x.csv", b"\x00\xff\xfe garbage")
    assert not uk_ofsi.sniff(tmp_path / "x.csv", b"")
    assert uk_ofsi.sniff(tmp_path / "x.csv", ("Last Updated,13/04/2018\n" + HEADER + "\n").encode())


# --- bad input -----------------------------------------------------------------


def test_minimal_file_and_2022_columns(tmp_path: Path) -> None:
    header = HEADER.replace("Group ID", "Alias Quality,Name Non-Latin Script,Passport Number,Group ID")
    path = _write(
        tmp_path,
        "Last Updated,01/02/2023",
        header,
        ROW[:-2] + ",,,,1",
        "SMYTH,Jon,,,,,,01/02/1970,,,,Issued 2010 in Tripoli (Libya) no 12345,,,,,,,,,,,,Individual,AKA,Libya,"
        "01/01/2011,02/02/2012,Low quality,Джон,A123456,1",
        encoding="utf-8",
    )
    (entity,) = _read(path)
    assert entity.names == (
        Name("John SMITH"),
        Name("Jon SMYTH", NameKind.AKA, Strength.WEAK),
        Name("Джон", NameKind.AKA, Strength.WEAK, original_script=True),
    )
    # with a 'Passport Number' column, 'Passport Details' is only a remark
    assert entity.identifiers == (Identifier(IdType.PASSPORT, "A123456", None, "Passport Number"),)
    assert entity.remarks == ("Passport Details: Issued 2010 in Tripoli (Libya) no 12345",)
    assert entity.dates == (EventDate("1970-02-01", kind=DateKind.BIRTH, text="01/02/1970"),)
    assert uk_ofsi.read([path], None).published == date(2023, 2, 1)


def test_wrong_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "Last Updated,13/04/2018", "Name,Type,ID", "X,Individual,1")
    with pytest.raises(ParseError, match=r"ConList\.csv, line 2: not an OFSI consolidated list header"):
        uk_ofsi.read([path], None)


def test_short_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "Last Updated,13/04/2018", HEADER, ROW, "SMITH,John,Individual,1")
    with pytest.raises(ParseError, match=r"ConList\.csv, line 4: expected 29 fields, found 4"):
        _read(path)


def test_bad_group_id_and_types(tmp_path: Path) -> None:
    path = _write(tmp_path, "Last Updated,13/04/2018", HEADER, ROW.replace(",1", ",x1"))
    with pytest.raises(ParseError, match=r"line 3: bad Group ID 'x1'"):
        _read(path)
    path = _write(tmp_path, "Last Updated,13/04/2018", HEADER, ROW.replace("Individual", "Spaceship"))
    with pytest.raises(ParseError, match=r"line 3: unknown Group Type 'Spaceship'"):
        _read(path)
    path = _write(tmp_path, "Last Updated,13/04/2018", HEADER, ROW.replace("Prime Alias", "Nickname"))
    with pytest.raises(ParseError, match=r"line 3: unknown Alias Type 'Nickname'"):
        _read(path)


def test_broken_quote_and_nul(tmp_path: Path) -> None:
    path = _write(tmp_path, "Last Updated,13/04/2018", HEADER, ROW, '"SMITH"X,John' + ROW[10:])
    with pytest.raises(ParseError, match=r"line 4: malformed CSV"):
        _read(path)
    path = tmp_path / "nul.csv"
    path.write_bytes(("Last Updated,13/04/2018\n" + HEADER + "\n").encode() + b"SMI\x00TH" + ROW[5:].encode())
    with pytest.raises(ParseError, match=r"nul\.csv, line 3: NUL byte"):
        _read(path)


def test_bad_published_date_and_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "Last Updated,yesterday", HEADER, ROW)
    with pytest.raises(ParseError, match=r"line 1: bad 'Last Updated' date"):
        uk_ofsi.read([path], None)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match=r"empty\.csv, line 1: no OFSI consolidated list header"):
        uk_ofsi.read([empty], None)


def test_truncated_file_still_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "Last Updated,13/04/2018", HEADER, ROW, ROW[:40])
    with pytest.raises(ParseError, match=r"line 4: expected 29 fields"):
        _read(path)


def test_windows_1252_and_utf8(tmp_path: Path) -> None:
    row = ROW.replace("SMITH", "MÜLLER")
    cp = _write(tmp_path, "Last Updated,13/04/2018", HEADER, row, encoding="cp1252")
    assert _read(cp)[0].caption == "John MÜLLER"
    utf = tmp_path / "utf8.csv"
    utf.write_bytes(b"\xef\xbb\xbf" + "\n".join(["Last Updated,13/04/2018", HEADER, row]).encode("utf-8"))
    assert _read(utf)[0].caption == "John MÜLLER"
