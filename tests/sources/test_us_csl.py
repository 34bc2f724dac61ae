from __future__ import annotations

from collections import Counter
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
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.sources import us_csl
from proscreen.sources.base import head_bytes

EL = "Entity List (EL) - Bureau of Industry and Security"
ISN = "Nonproliferation Sanctions (ISN) - State Department"
SDN = "Specially Designated Nationals (SDN) - Treasury Department"
DPL = "Denied Persons List (DPL) - Bureau of Industry and Security"
HEADER = ",".join(us_csl.COLUMNS)


@pytest.fixture(scope="module")
def csl_dir(lists_dir: Path) -> Path:
    return lists_dir / "csl"


@pytest.fixture(scope="module")
def csl_2023(csl_dir: Path) -> list[Entity]:
    data = us_csl.read([csl_dir / "csl_2023-11-30_partial.csv"], None)
    assert (data.source, data.format, data.published) == ("us-csl", "us-csl-csv", None)
    return list(data.entities)


@pytest.fixture(scope="module")
def csl_2025(csl_dir: Path) -> list[Entity]:
    return list(us_csl.read([csl_dir / "consolidated_sample_2025.csv"], None).entities)


def _by_id(entities: list[Entity]) -> dict[str, Entity]:
    return {e.source_id: e for e in entities}


def _row(**values: str) -> str:
    cells = dict.fromkeys(us_csl.COLUMNS, "") | values
    return ",".join(f'"{cells[c]}"' for c in us_csl.COLUMNS)


# --- counts and ids -----------------------------------------------------------------


def test_counts_2023(csl_2023: list[Entity]) -> None:
    assert len(csl_2023) == 4_227  # the repeated header row is not an entity
    assert Counter(e.source_list for e in csl_2023) == {
        SDN: 1_738,
        EL: 919,
        DPL: 577,
        "Sectoral Sanctions Identifications List (SSI) - Treasury Department": 288,
        "Unverified List (UVL) - Bureau of Industry and Security": 186,
        ISN: 144,
        "ITAR Debarred (DTC) - State Department": 142,
        "Palestinian Legislative Council List (PLC) - Treasury Department": 78,
        "Military End User (MEU) List - Bureau of Industry and Security": 71,
        "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department": 68,
        "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department": 14,
        "Foreign Sanctions Evaders (FSE) - Treasury Department": 1,
        "Capta List (CAP) - Treasury Department": 1,
    }
    assert not any(e.caption == "name" for e in csl_2023)


def test_counts_2025(csl_2025: list[Entity]) -> None:
    assert len(csl_2025) == 13
    abbrs = Counter(e.source_id.rsplit("-", 1)[0] for e in csl_2025)
    assert abbrs == {"SSI": 3, "PLC": 2, "ISN": 1, "UVL": 1, "MEU": 1, "SDN": 1, "DTC": 1, "DPL": 1, "FSE": 1, "EL": 1}


def test_source_ids_unique(csl_2023: list[Entity], csl_2025: list[Entity]) -> None:
    for entities in (csl_2023, csl_2025):
        assert len({e.source_id for e in entities}) == len(entities)
    # The list's _id 9659 is two rows (SDN and PLC): OFAC rows are keyed by list and entity number.
    by_id = _by_id(csl_2023)
    assert by_id["SDN-9659"].caption == "HAMMAD, Fathi Ahmad Mohammad"
    assert by_id["PLC-9659"].caption == "Fathi Ahmad Mohammad HAMMAD"
    assert by_id["SSI-17014"].source_list != by_id["NS-MBS-17014"].source_list


def test_source_ids_stable_across_versions(csl_2023: list[Entity], csl_2025: list[Entity]) -> None:
    old = {(e.source_list, e.caption, e.addresses): e.source_id for e in csl_2023}
    same = {e.source_id: old.get((e.source_list, e.caption, e.addresses)) for e in csl_2025}
    # The MEU and DTC rows changed their random _id between the files; our ids did not.
    assert same["MEU-4c7852536bd0"] == "MEU-4c7852536bd0"
    assert same["DTC-b4e105de8eca"] == "DTC-b4e105de8eca"
    assert same["DPL-c3de0d8d34e7"] == "DPL-c3de0d8d34e7"  # I. ASH, one of three addresses in 2023
    assert same["ISN-89c42502f068"] == "ISN-89c42502f068"
    assert same["SSI-18300"] == "SSI-18300"
    assert sum(1 for old_id, new_id in same.items() if old_id == new_id) == 10


def test_assign_stable_ids_only_moves_rows_that_need_it() -> None:
    before = us_csl.assign_stable_ids([("a", "1"), ("b", "1"), ("b", "2"), ("c", "x"), ("c", "x")])
    assert len(set(before)) == 5
    assert before[4] == before[3] + "-2"
    after = us_csl.assign_stable_ids([("a", "1"), ("b", "1"), ("b", "3"), ("d", "1")])
    assert after[:2] == before[:2]


# --- spot checks -----------------------------------------------------------------------


def test_entity_list_row(csl_2023: list[Entity]) -> None:
    caprice = next(e for e in csl_2023 if e.caption == "Caprice Group Ltd.")
    assert caprice.source_list == EL
    assert caprice.schema is Schema.ORGANIZATION
    assert caprice.listed_on == "2015-11-12"
    assert caprice.addresses[0] == Address(
        full="Room 1119, 11/F, Block B1, Yau Tong Industrial City, 17 Ko Fai Road, Yau Tong, Kowloon, Hong Kong",
        country="hk",
        country_name="Hong Kong",
    )
    assert [a.country for a in caprice.addresses] == ["hk", "hk", "hk"]
    assert caprice.countries == (Country("hk", CountryRole.ADDRESS, "Hong Kong"),)
    assert caprice.attribute("federal_register_notice") == "80 FR 69852"
    assert caprice.attribute("license_policy") == "Presumption of denial."
    assert caprice.attribute("csl_id") == "17504e7eeb39b35b9d6c20175e671cc57920713eac2c79d49f58a805"
    assert caprice.attribute("vessel_flag") is None  # a blank " " cell


def test_entity_list_names(csl_2023: list[Entity]) -> None:
    resort = next(e for e in csl_2023 if e.caption == "Resort Nizhnyaya Oreanda")
    assert resort.names[1] == Name(
        "Federalnoe Gosudarstvennoe Byudzhetnoe Uchrezhdenie Sanatori Nizhnyaya Oreanda Upravleniya", NameKind.FKA
    )
    assert resort.addresses[1].country == "ua"  # "... Yalta 08655, Crimea"
    baotou = next(e for e in csl_2023 if e.caption == "Baotou Guanghua Chemical Industrial Corporation")
    assert baotou.relations == (
        Relation(
            RelationKind.OWNED_BY,
            "China National Nuclear Group Corporation (CNNC)",
            text="(Parent Organization: China National Nuclear Group Corporation (CNNC))",
        ),
    )
    assert Name("China Nuclear Baotou Guanghua", NameKind.AKA) in baotou.names  # "; and China ..." in alt_names
    casc = next(e for e in csl_2023 if e.caption == "China Aerospace Science and Technology Corporation (CASC)")
    assert Name("CASC", NameKind.AKA, Strength.WEAK) in casc.names
    person = next(e for e in csl_2023 if e.caption == "Djamshid Nezhad")
    assert person.schema is Schema.LEGAL_ENTITY  # the Entity List does not say


def test_isn_rows(csl_2023: list[Entity]) -> None:
    by_id = _by_id(csl_2023)
    sino = by_id["ISN-89c42502f068"]
    assert sino.source_list == ISN
    assert sino.names == (Name("Sinobright Import and Export Company"),)
    assert sino.schema is Schema.ORGANIZATION
    assert sino.programs == ("INKSNA",)
    assert sino.listed_on == "2023-07-19"
    assert sino.remarks == ("and any successor, sub-unit, or subsidiary thereof",)
    assert sino.attribute("federal_register_notice") == "Vol. 88, No. 151, 08/08/2023"
    ri = next(e for e in csl_2023 if e.caption == "Ri Sung Chol")
    assert ri.schema is Schema.PERSON
    assert ri.names == (Name("Ri Sung Chol"), Name("Ri Su'ng-ch'o'l", NameKind.AKA))
    assert ri.remarks == ("DPRK individual",)
    astro = next(e for e in csl_2023 if e.caption == "Astronautics Research Institute")
    assert [n.value for n in astro.names[1:]] == [
        "Astronautics Systems Research Center",
        "Aerospace Research Institute",
    ]


def test_sdn_row_with_ids_and_dob(csl_2023: list[Entity]) -> None:
    zahhar = _by_id(csl_2023)["SDN-9647"]
    assert zahhar.schema is Schema.PERSON
    assert zahhar.source_list == SDN
    assert [n.value for n in zahhar.names] == [
        "ZAHHAR, Mahmoud Khaled",
        "AL ZAHAR, Mahmoud Khaled",
        "ZAHAR, Mahmoud",
        "AL-ZAHAR, Mahmoud",
    ]
    assert zahhar.names[1].kind is NameKind.AKA
    assert zahhar.dates == (EventDate("1945"),)
    assert zahhar.places_of_birth == ("Gaza Strip",)
    assert Country("ps", CountryRole.NATIONALITY, "PS") in zahhar.countries
    assert zahhar.programs == ("NS-PLC", "SDGT")
    assert zahhar.attribute("gender") == "Male"
    assert zahhar.relations == (Relation(RelationKind.LINKED_TO, "HAMAS", "us-csl:SDN-4695", "Linked To: HAMAS"),)
    maaroufi = _by_id(csl_2023)["SDN-7257"]
    assert maaroufi.identifiers == (Identifier(IdType.PASSPORT, "E590976", "tn", "Passport"),)
    assert maaroufi.remarks == ("Passport, E590976, TN, 19 Jun 1987, 18 Jun 1992",)  # issue/expiry dates
    assert maaroufi.dates == (EventDate("1965-11-23"),)


def test_sdn_row_2025(csl_2025: list[Entity]) -> None:
    rim = _by_id(csl_2025)["SDN-52291"]
    assert rim.identifiers == (Identifier(IdType.PASSPORT, "836238033", "kp", "Passport"),)
    assert rim.dates == (EventDate("1978-12-05", kind=DateKind.BIRTH),)
    assert [a.country for a in rim.addresses] == ["cn", "kp"]
    assert rim.attribute("transactions_prohibited") == "North Korea Sanctions Regulations section 510.214"


def test_other_ofac_ids(csl_2023: list[Entity]) -> None:
    telecom = next(e for e in csl_2023 if e.caption == "China Telecom Corporation Limited")
    uscc = Identifier(IdType.USCC, "9111000071093019X7", "cn", "Unified Social Credit Code (USCC)")
    assert uscc in telecom.identifiers
    assert Identifier(IdType.OTHER, "US1694261033", label="ISIN") in telecom.identifiers
    assert ("listing_date", "2021-06-03 (CMIC)") in telecom.attributes
    gazprombank = _by_id(csl_2023)["SSI-17016"]
    assert EventDate("1990-07-31", kind=DateKind.INCORPORATION, text="31 Jul 1990") in gazprombank.dates
    assert Identifier(IdType.SWIFT_BIC, "GAZPRUMM", label="SWIFT/BIC") in gazprombank.identifiers


def test_vessels(csl_2023: list[Entity]) -> None:
    by_id = _by_id(csl_2023)
    ebano = by_id["SDN-4243"]
    assert ebano.schema is Schema.VESSEL
    assert ebano.names == (Name("EBANO"), Name("ANA I", NameKind.AKA), Name("SAND SWAN", NameKind.AKA))
    assert ebano.identifiers == (Identifier(IdType.IMO, "7406784", label="Vessel Registration Identification"),)
    assert ebano.countries == (Country("pa", CountryRole.REGISTRATION, "Panama"),)
    assert ebano.attributes == (
        ("vessel_type", "General Cargo"),
        ("gross_tonnage", "2595"),
        ("gross_registered_tonnage", "1865"),
        ("vessel_flag", "Panama"),
    )
    mar_azul = by_id["SDN-4238"]
    assert mar_azul.identifiers == (Identifier(IdType.CALL_SIGN, "CL2192"),)
    assert mar_azul.relations == (
        Relation(RelationKind.OWNED_BY, "Samir de Navegacion S.A.", text="vessel owner: Samir de Navegacion S.A."),
    )


def test_dpl_rows(csl_2023: list[Entity]) -> None:
    pearl = next(e for e in csl_2023 if e.caption == "PEARL LI")
    assert pearl.source_list == DPL
    assert pearl.names == (Name("PEARL LI"), Name("NEI-CHIEN CHU", NameKind.AKA))
    assert pearl.attribute("name_as_listed") == "PEARL (A.K.A. NEI-CHIEN CHU) LI"
    assert pearl.attribute("end_date") == "2026-06-23"
    assert pearl.remarks == ("NAME CORRECTED",)
    inmate = next(e for e in csl_2023 if e.caption == "ABDIEL PADRON MADRID")
    assert inmate.schema is Schema.PERSON
    assert inmate.identifiers == (Identifier(IdType.OTHER, "42167-480", "us", "Inmate Number"),)
    assert inmate.addresses[0].country == "us"  # "..., ANTHONY, NM, 88201": a US state and ZIP code
    soccer = next(e for e in csl_2023 if e.caption == "SOCCER ZONE")
    assert soccer.relations[0].target_name == "MNC GROUP INTERNATIONAL, INC."


def test_truncated_last_record(csl_2023: list[Entity]) -> None:
    last = csl_2023[-1]
    assert last.source_id == "SDN-11476"
    assert last.caption == "BERMUDEZ SUAZA, Pedro Antonio"
    assert last.attribute("truncated") == "true"
    assert last.addresses[-1] == Address(full="Camino a San Mateo 41, edificio Mackenzie, la Cuspide departament")
    assert len(last.addresses) == 7
    assert last.remarks == ("record cut off at the end of the file: 'addresses' is incomplete, later columns missing",)


# --- sniffing ---------------------------------------------------------------------------


def test_sniff_claims_only_csl_files(lists_dir: Path) -> None:
    files = sorted(p for p in lists_dir.rglob("*") if p.is_file())
    claimed = {p.relative_to(lists_dir).as_posix() for p in files if us_csl.sniff(p, head_bytes(p))}
    assert claimed == {"csl/csl_2023-11-30_partial.csv", "csl/consolidated_sample_2025.csv"}


def test_sniff_garbage() -> None:
    for head in (b"", b"\x00\xff\xfe", b"\x89PNG\r\n\x1a\n", b"_id,source\n", "é".encode("utf-16")):
        assert us_csl.sniff(Path("consolidated.csv"), head) is False
    assert us_csl.sniff(Path("x.txt"), b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n") is True


# --- bad input ----------------------------------------------------------------------------


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "consolidated.csv"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _parse(path: Path) -> list[Entity]:
    return list(us_csl.read([path], "test-csl").entities)


GOOD = _row(_id="1", source=SDN, entity_number="1", type="Entity", name="ACME LTD")


def test_minimal_file_and_source_override(tmp_path: Path) -> None:
    entities = _parse(_write(tmp_path, f"\ufeff{HEADER}\n{GOOD}"))  # BOM; no final newline: fine when complete
    assert [e.id for e in entities] == ["test-csl:SDN-1"]
    assert entities[0].attribute("truncated") is None


def test_wrong_header(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER.replace(",ids", ",identifiers") + "\n" + GOOD + "\n")
    with pytest.raises(ParseError, match=r"consolidated\.csv, line 1: not a CSL header: missing column\(s\) ids"):
        _parse(path)


def test_broken_quoting(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"2","{SDN}","2"x,"Entity"\n{GOOD}\n')
    with pytest.raises(ParseError, match=r"consolidated\.csv, line 3: malformed CSV"):
        _parse(path)


def test_quote_left_open_far_up(tmp_path: Path) -> None:
    # A quote opened on line 2 swallows the (unquoted) rest of the file: broken, not a download cut short.
    rows = "\n".join([GOOD[:-1], *[GOOD.replace('"', "")] * 30])
    with pytest.raises(ParseError, match=r"consolidated\.csv, line 2: malformed CSV: unexpected end of data"):
        _parse(_write(tmp_path, f"{HEADER}\n{rows}"))


def test_wrong_column_count(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"2","{SDN}","2"\n{GOOD}\n')
    with pytest.raises(ParseError, match=r"consolidated\.csv, line 3: expected 29 fields, found 3"):
        _parse(path)


def test_short_last_row_with_newline_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"2","{SDN}","2","Entity","","ACME","",""\n')
    with pytest.raises(ParseError, match=r"line 3: expected 29 fields, found 8"):
        _parse(path)


def test_cut_inside_the_name(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"2","{SDN}","2","Entity","","ACM')
    with pytest.raises(ParseError, match=r"line 3: the file ends inside this record: expected 29 fields, found 6"):
        _parse(path)


def test_cut_after_the_name(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"2","{SDN}","2","Entity","","ACME","Direc')
    entities = _parse(path)
    assert [e.caption for e in entities] == ["ACME LTD", "ACME"]
    assert entities[1].attribute("title") == "Direc"
    assert entities[1].attribute("truncated") == "true"


def test_invalid_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, f"{HEADER}\n{GOOD}\n".encode() + GOOD.replace("ACME", "AC\xff").encode("latin-1"))
    with pytest.raises(ParseError, match=r"consolidated\.csv, line 3: not valid utf-8 text: invalid start byte"):
        _parse(path)


def test_row_without_name(tmp_path: Path) -> None:
    path = _write(tmp_path, f"{HEADER}\n{_row(_id='9', source=EL)}\n")
    with pytest.raises(ParseError, match=r"line 2: row without a name"):
        _parse(path)


def test_split_listed_name() -> None:
    listed = us_csl.split_listed_name("SAMMY (IHSAN MEDHAT) ELASHI")
    assert listed.primary == "SAMMY (IHSAN MEDHAT) ELASHI"
    assert [n.value for n in listed.aliases] == ["SAMMY ELASHI", "IHSAN MEDHAT ELASHI"]
    listed = us_csl.split_listed_name("Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd.")
    assert (listed.primary, listed.aliases) == (
        "Chitron Electronics Company Ltd.",
        [Name("Chi-Chung Electronics Company Ltd.", NameKind.AKA)],
    )
    assert us_csl.split_listed_name("PJSC VTB BANK (KIEV)").aliases == []  # KIEV is not an acronym of the name


def test_truncated_last_record_is_reported_as_a_warning(lists_dir: Path) -> None:
    data = us_csl.read([lists_dir / "csl/csl_2023-11-30_partial.csv"], None)
    entities = list(data.entities)
    (warning,) = data.warnings
    assert "csl_2023-11-30_partial.csv" in warning and "ends inside this record" in warning
    assert any(e.attribute("truncated") == "true" for e in entities)
    clean = us_csl.read([lists_dir / "csl/consolidated_sample_2025.csv"], None)
    list(clean.entities)
    assert clean.warnings == []
