from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from proscreen.exceptions import ParseError, UnsafeInputError
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
from proscreen.sources import ofac_csv
from proscreen.sources.base import head_bytes
from proscreen.sources.ofac_remarks import parse_remarks

WEAK = Strength.WEAK


@pytest.fixture(scope="module")
def ofac_dir(lists_dir: Path) -> Path:
    return lists_dir / "ofac"


@pytest.fixture(scope="module")
def composite(ofac_dir: Path) -> dict[str, Entity]:
    files = sorted((ofac_dir / "composite_2024-12-19").iterdir())
    data = ofac_csv.read(files, None)
    assert data.source == "ofac-sdn"
    assert data.format == "ofac-csv"
    assert data.published is None
    entities = {e.source_id: e for e in data.entities}
    assert isinstance(data.entities, ofac_csv.OfacEntities)
    assert data.entities.orphans == Counter()
    # The composite joins a May 2024 sdn.csv with January 2025 comments: two continuations do not fit.
    assert data.entities.unexpected_comments == ["34682"]
    return entities


def _read(files: list[Path], source: str | None = None) -> list[Entity]:
    return list(ofac_csv.read(files, source).entities)


# --- counts -----------------------------------------------------------------------


def test_composite_counts(composite: dict[str, Entity]) -> None:
    assert len(composite) == 14_969
    assert Counter(e.schema for e in composite.values()) == {
        Schema.ORGANIZATION: 6_884 + 4,
        Schema.PERSON: 6_854,
        Schema.VESSEL: 851,
        Schema.AIRCRAFT: 376,
    }
    assert all(e.source == "ofac-sdn" and e.id == f"ofac-sdn:{e.source_id}" for e in composite.values())


def test_sdn_csv_alone(ofac_dir: Path) -> None:
    entities = _read([ofac_dir / "sdn_csv_2024-05-03" / "sdn.csv"])
    assert len(entities) == 14_965
    assert Counter(e.schema for e in entities) == {
        Schema.ORGANIZATION: 6_884,
        Schema.PERSON: 6_854,
        Schema.VESSEL: 851,
        Schema.AIRCRAFT: 376,
    }
    assert not any(e.addresses for e in entities)  # no add.csv given


def test_non_sdn_set(ofac_dir: Path) -> None:
    files = sorted((ofac_dir / "non_sdn_csv_2025-12").iterdir())
    data = ofac_csv.read(files, None)
    entities = list(data.entities)
    assert isinstance(data.entities, ofac_csv.OfacEntities)
    assert (data.entities.orphans, data.entities.unexpected_comments) == (Counter(), [])
    assert data.source == "ofac-nonsdn"
    assert len(entities) == 442
    assert max(int(e.source_id) for e in entities) == 50476
    programs = Counter(e.programs for e in entities)
    assert programs[("UKRAINE-EO13662",)] == 197
    assert programs[("UKRAINE-EO13662", "RUSSIA-EO14024")] == 86
    assert programs[("NS-PLC",)] == 76
    assert programs[("CMIC-EO13959",)] == 68
    assert entities[0].id.startswith("ofac-nonsdn:")


def test_source_override(ofac_dir: Path) -> None:
    data = ofac_csv.read([ofac_dir / "excerpts" / "sdn_csv_excerpt_npwmd_pakistan_2024-12-19.csv"], "my-sdn")
    assert data.source == "my-sdn"
    assert [e.id for e in data.entities] == ["my-sdn:52049", "my-sdn:52051", "my-sdn:52052", "my-sdn:52053"]


# --- spot checks ------------------------------------------------------------------


def test_akhtar_and_sons(composite: dict[str, Entity]) -> None:
    e = composite["52051"]
    assert e.schema is Schema.ORGANIZATION
    assert e.names == (
        Name("AKHTAR AND SONS PRIVATE LIMITED"),
        Name("AKHTAR AND SONS PVT LTD.", kind=NameKind.AKA),
        Name("AKHTAR AND SONS", kind=NameKind.AKA, strength=WEAK),
    )
    assert e.programs == ("NPWMD",)
    assert e.identifiers == (Identifier(IdType.TAX_ID, "0686371", country="pk", label="Tax ID No."),)
    assert e.dates == (EventDate("1995-11-09", kind=DateKind.INCORPORATION, text="09 Nov 1995"),)
    assert e.addresses[0] == Address(
        full="10th Floor Emerald Tower, Main Clifton Road, Karachi 74000, Pakistan",
        street="10th Floor Emerald Tower, Main Clifton Road",
        city="Karachi",
        postal_code="74000",
        country="pk",
        country_name="Pakistan",
    )
    assert {a.country for a in e.addresses} == {"pk"}
    assert e.remarks == ()
    assert e.relations == ()


def test_national_development_complex(composite: dict[str, Entity]) -> None:
    e = composite["52049"]
    assert [(n.value, n.kind, n.strength) for n in e.names] == [
        ("NATIONAL DEVELOPMENT COMPLEX", NameKind.PRIMARY, Strength.STRONG),
        ("NATIONAL DEVELOPMENT CENTRE", NameKind.AKA, Strength.STRONG),
        ("NATIONAL DEFENSE COMPLEX", NameKind.AKA, Strength.STRONG),
        ("NDC", NameKind.AKA, WEAK),
    ]
    assert e.attributes == (("target_type", "State-Owned Enterprise"),)
    assert e.identifiers == (Identifier(IdType.TAX_ID, "9010629", country="pk", label="Tax ID No."),)
    assert e.addresses[0].street == "Plot No. 94, NESCOM Complex (NDC), H-11/4"
    assert (e.addresses[0].city, e.addresses[0].region) == ("Islamabad", "Islamabad Urban")
    assert e.addresses[1] == Address(
        full="Fateh Jang, Punjab, Rawalpindi, Pakistan",
        city="Fateh Jang",
        region="Punjab, Rawalpindi",
        country="pk",
        country_name="Pakistan",
    )


def test_arredondo_ortiz(composite: dict[str, Entity]) -> None:
    e = composite["17119"]
    assert e.schema is Schema.PERSON
    assert e.names == (Name("ARREDONDO ORTIZ, Carlos Arturo"), Name("MATEO", kind=NameKind.AKA, strength=WEAK))
    assert e.dates == (EventDate("1966-11-22", kind=DateKind.BIRTH, text="22 Nov 1966"),)
    assert e.places_of_birth == ("Itagui, Antioquia, Colombia",)
    assert e.countries == (
        Country("co", CountryRole.BIRTH, "Colombia"),
        Country("co", CountryRole.CITIZENSHIP, "Colombia"),
    )
    assert e.identifiers == (Identifier(IdType.NATIONAL_ID, "98520515", country="co", label="Cedula No."),)
    assert e.programs == ("SDNTK",)
    assert e.addresses == ()  # its add.csv row is all "-0-"
    assert e.remarks == ()


def test_individual_with_several_dobs_passports_and_aliases(composite: dict[str, Entity]) -> None:
    e = composite["7828"]  # AMDOUNI, Mehrez
    assert [d.start for d in e.dates] == ["1969-12-18", "1968-05-25", "1968-12-18", "1969-07-14"]
    assert e.places_of_birth == ("Tunis, Tunisia", "Naples, Italy", "Algeria")
    assert [c.code for c in e.countries if c.role is CountryRole.BIRTH] == ["tn", "it", "dz"]
    assert Country("tn", CountryRole.NATIONALITY, "Tunisia") in e.countries
    assert e.identifiers == (
        Identifier(IdType.PASSPORT, "G737411", country="tn", label="Passport"),
        Identifier(IdType.PASSPORT, "0801888", country="ba", label="Passport"),
    )
    # Issue and expiry dates have no field: the segment stays in the remarks.
    assert e.remarks == ("Passport G737411 (Tunisia) issued 24 Oct 1990 expires 20 Sep 1997",)
    assert len([n for n in e.names if n.kind is NameKind.AKA and n.strength is Strength.STRONG]) == 6
    assert e.names[-1] == Name("ABU THALE", kind=NameKind.AKA, strength=WEAK)


def test_dob_ranges_circa_and_title(composite: dict[str, Entity]) -> None:
    assert composite["11748"].dates == (
        EventDate("1979", "1982", kind=DateKind.BIRTH, circa=True, text="circa 1979-1982"),
        EventDate("1982", kind=DateKind.BIRTH),
    )
    naqdi = composite["12057"]
    assert naqdi.dates[:3] == (
        EventDate("1951", "1953", text="1951 to 1953"),
        EventDate("1960", "1962", text="1960 to 1962"),
        EventDate("1961-04", text="Apr 1961"),
    )
    assert naqdi.programs == ("SDGT", "NPWMD", "IRGC", "IFSR", "IRAN-HR", "IRAN-EO13876")
    assert (naqdi.attribute("title") or "").startswith("Brigadier General and Commander of the IRGC")
    # The three parts of the title repeated in the remarks are not kept twice.
    assert naqdi.remarks == ("Head of the Basij",)


def test_vessel(composite: dict[str, Entity]) -> None:
    e = composite["15036"]  # ARTAVIL
    assert e.schema is Schema.VESSEL
    assert e.identifiers == (
        Identifier(IdType.CALL_SIGN, "T2EU4", label="Call Sign"),
        Identifier(IdType.IMO, "9187629", label="Vessel Registration Identification"),
        Identifier(IdType.MMSI, "572469210", label="MMSI"),
    )
    assert e.countries == (Country("ir", CountryRole.REGISTRATION, "Iran"),)
    assert e.attributes[:4] == (
        ("vessel_type", "Crude/Oil Products Tanker"),
        ("vessel_tonnage", "99,144"),
        ("vessel_grt", "56,068"),
        ("vessel_flag", "Iran"),
    )
    assert [v for k, v in e.attributes if k == "former_vessel_flag"] == [
        "Malta",
        "Tuvalu",
        "None Identified",
        "Tanzania",
    ]
    assert e.names[-1] == Name("ALPHA", kind=NameKind.FKA, strength=WEAK)
    assert e.relations == (
        Relation(
            RelationKind.LINKED_TO,
            "NATIONAL IRANIAN TANKER COMPANY",
            target_id="ofac-sdn:15117",
            text="Linked To: NATIONAL IRANIAN TANKER COMPANY",
        ),
    )
    assert composite["15117"].caption == "NATIONAL IRANIAN TANKER COMPANY"


def test_aircraft(composite: dict[str, Entity]) -> None:
    e = composite["15431"]  # EP-GOM
    assert e.schema is Schema.AIRCRAFT
    assert e.identifiers == (
        Identifier(
            IdType.AIRCRAFT_SERIAL, "8401", label="Aircraft Construction Number (also called L/N or S/N or F/N)"
        ),
        Identifier(IdType.AIRCRAFT_SERIAL, "1023409321", label="Aircraft Manufacturer's Serial Number (MSN)"),
    )
    assert e.attributes == (
        ("aircraft_manufacture_date", "1992"),
        ("aircraft_model", "IL76-TD"),
        ("aircraft_operator", "YAS AIR"),
    )
    assert [r.target_id for r in e.relations] == ["ofac-sdn:13109"]


def test_remarks_continued_in_comments(composite: dict[str, Entity]) -> None:
    # sdn.csv cuts the remarks at 1,000 characters in "a.k.a. 'snowsjo"; sdn_comments.csv goes on
    # with "hn'; Linked To: LAZARUS GROUP.": joined mid-word.
    e = composite["28263"]  # TIAN, Yinyin
    assert e.names[-1] == Name("snowsjohn", kind=NameKind.AKA, strength=WEAK)
    assert e.relations == (
        Relation(RelationKind.LINKED_TO, "LAZARUS GROUP", target_id="ofac-sdn:27307", text="Linked To: LAZARUS GROUP"),
    )
    assert Identifier(IdType.NATIONAL_ID, "321284198607120616", country="cn", label="Identification Number") in (
        e.identifiers
    )
    crypto = [i.value for i in e.identifiers if i.type is IdType.CRYPTO]
    assert len(crypto) == 8
    assert crypto[0] == "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"
    # A continuation that starts with a blank keeps it: "alt. Digital" + " Currency Address - BCH ...".
    bch = [i.value for i in composite["31212"].identifiers if i.label == "Digital Currency Address - BCH"]
    assert "qq3vlashthktqpeppuv7trmw070e3mydgq63zq348v" in bch


def test_linked_to_resolution_and_no_placeholders(composite: dict[str, Entity]) -> None:
    relations = [r for e in composite.values() for r in e.relations]
    assert len(relations) == 6_380  # grep -o 'Linked To' sdn.csv sdn_comments.csv | wc -l
    unresolved = sorted({r.target_name for r in relations if r.target_id is None})
    assert unresolved == [
        "GAZPROMBANK JOINT STOCK COMPANY",
        "MINISTRY OF STATE SECURITY",
        "OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY",
        "PRESIDENCY OF DEFENSE INDUSTRIES",
        "PUBLIC JOINT STOCK COMPANY GAZPROM",
        "SMILE PROPERTY & TRAVEL LTD",
    ]
    for e in composite.values():
        values = [n.value for n in e.names] + [i.value for i in e.identifiers] + [v for _, v in e.attributes]
        assert not any(v in ("", "-0-") for v in values), e.id
        for r in e.relations:
            assert r.target_id is None or r.target_id.removeprefix("ofac-sdn:") in composite


def test_identifier_types(composite: dict[str, Entity]) -> None:
    ids = {(i.type, i.value, i.country) for e in composite.values() for i in e.identifiers}
    assert (IdType.SWIFT_BIC, "SABRRUMM", None) in ids
    assert (IdType.LEI, "253400V1H6ART1UQ0N98", "ru") in ids
    assert (IdType.USCC, "9113100033607322XK", "cn") in ids
    assert (IdType.WEBSITE, "www.sberbank.ru", None) in ids
    # "Registration Number HRA 738077 (Stuttgart) (Germany)": the city stays in the value.
    assert (IdType.REGISTRATION, "HRA 738077 (Stuttgart)", "de") in ids


def test_parse_remarks_units() -> None:
    facts = parse_remarks(
        "Telephone (98)(21)(66153220); Executive Order 13846 information: BLOCKING PROPERTY; "
        "Listing Date (EO 14024 Directive 2): 24 Feb 2022; Listing Date (CMIC) 03 Jun 2021; "
        "Gender Female; nationality possibly Palestinian;arrested 23 Apr 2002; "
        "Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo; Organization Type: Holding n.e.c.",
        person=True,
    )
    assert facts.identifiers == [
        Identifier(IdType.PHONE, "(98)(21)(66153220)", label="Telephone"),
        Identifier(IdType.CRYPTO, "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo", label="Digital Currency Address - XBT"),
    ]
    assert facts.attributes == [
        ("executive_order_13846_information", "BLOCKING PROPERTY"),
        ("listing_date", "2022-02-24 (EO 14024 Directive 2)"),
        ("listing_date", "2021-06-03 (CMIC)"),
        ("gender", "Female"),
        ("organization_type", "Holding n.e.c."),  # the closing period after "n.e.c." is its own
    ]
    assert facts.listing_dates == ["2022-02-24", "2021-06-03"]
    assert facts.countries == [Country(None, CountryRole.NATIONALITY, "possibly Palestinian")]
    assert facts.remarks == ["arrested 23 Apr 2002"]


def test_listed_on_is_earliest_listing_date(ofac_dir: Path) -> None:
    entities = {e.source_id: e for e in _read(sorted((ofac_dir / "non_sdn_csv_2025-12").iterdir()))}
    cmic = [e for e in entities.values() if e.programs == ("CMIC-EO13959",)]
    assert all(e.listed_on for e in cmic)
    assert all(e.listed_on == min(v[:10] for k, v in e.attributes if k == "listing_date") for e in cmic)


# --- files: sniffing, grouping, missing or orphan companions ---------------------


CLAIMED = {
    "ofac/composite_2024-12-19/add.csv",
    "ofac/composite_2024-12-19/alt.csv",
    "ofac/composite_2024-12-19/sdn.csv",
    "ofac/composite_2024-12-19/sdn_comments.csv",
    "ofac/excerpts/sdn_csv_excerpt_npwmd_pakistan_2024-12-19.csv",
    "ofac/legacy_csv_2025-01/add.csv",
    "ofac/legacy_csv_2025-01/alt.csv",
    "ofac/legacy_csv_2025-01/sdn_comments.csv",
    "ofac/legacy_csv_2025-12/add.csv",
    "ofac/legacy_csv_2025-12/alt.csv",
    "ofac/legacy_csv_2025-12/sdn_comments.csv",
    "ofac/non_sdn_csv_2025-12/cons_add.csv",
    "ofac/non_sdn_csv_2025-12/cons_alt.csv",
    "ofac/non_sdn_csv_2025-12/cons_comments.csv",
    "ofac/non_sdn_csv_2025-12/cons_prim.csv",
    "ofac/sdn_csv_2024-05-03/sdn.csv",
}


def test_sniff_claims_only_ofac_csv_files(lists_dir: Path) -> None:
    files = sorted(p for p in lists_dir.rglob("*") if p.is_file())
    claimed = {p.relative_to(lists_dir).as_posix() for p in files if ofac_csv.sniff(p, head_bytes(p))}
    assert claimed == CLAIMED


def test_sniff_garbage() -> None:
    for head in (b"", b"\x00\xff\xfe", b"\x89PNG\r\n\x1a\n", b'1,"a', b"1,2,3\r\n" * 10, "é".encode("utf-16")):
        assert ofac_csv.sniff(Path("data.csv"), head) is False


def test_group(ofac_dir: Path) -> None:
    files = sorted(p for p in ofac_dir.rglob("*.csv"))
    groups = sorted((g[0].parent.name, [p.name for p in g]) for g in ofac_csv.group(files))
    assert groups == [
        ("composite_2024-12-19", ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]),
        ("excerpts", ["sdn_csv_excerpt_npwmd_pakistan_2024-12-19.csv"]),
        ("legacy_csv_2025-01", ["add.csv", "alt.csv", "sdn_comments.csv"]),
        ("legacy_csv_2025-12", ["add.csv", "alt.csv", "sdn_comments.csv"]),
        ("non_sdn_csv_2025-12", ["cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"]),
        ("sdn_csv_2024-05-03", ["sdn.csv"]),
    ]


def test_group_two_primaries_in_one_folder(ofac_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").symlink_to(ofac_dir / "excerpts" / "sdn_csv_excerpt_npwmd_pakistan_2024-12-19.csv")
    (tmp_path / "sdn_excerpt.csv").symlink_to(ofac_dir / "excerpts" / "sdn_csv_excerpt_npwmd_pakistan_2024-12-19.csv")
    (tmp_path / "alt.csv").symlink_to(ofac_dir / "legacy_csv_2025-12" / "alt.csv")
    groups = ofac_csv.group(sorted(tmp_path.iterdir()))
    assert [[p.name for p in g] for g in groups] == [["sdn.csv", "alt.csv"], ["sdn_excerpt.csv"]]


def test_companions_without_primary(ofac_dir: Path) -> None:
    files = sorted((ofac_dir / "legacy_csv_2025-12").iterdir())
    assert all(ofac_csv.sniff(p, head_bytes(p)) for p in files)
    with pytest.raises(ParseError, match=r"add\.csv: the primary file sdn\.csv is missing: add\.csv, alt\.csv"):
        ofac_csv.read(files, None)


def test_orphan_companion_rows_are_counted(ofac_dir: Path, tmp_path: Path) -> None:
    # The four NPWMD primary rows with the whole December 2025 add/alt/comments files.
    (tmp_path / "sdn.csv").symlink_to(ofac_dir / "excerpts" / "sdn_csv_excerpt_npwmd_pakistan_2024-12-19.csv")
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        (tmp_path / name).symlink_to(ofac_dir / "legacy_csv_2025-12" / name)
    (group,) = ofac_csv.group(sorted(tmp_path.iterdir()))
    data = ofac_csv.read(group, None)
    entities = list(data.entities)
    assert [e.source_id for e in entities] == ["52049", "52051", "52052", "52053"]
    assert isinstance(data.entities, ofac_csv.OfacEntities)
    assert data.entities.orphans == {"add.csv": 24_233, "alt.csv": 20_102, "sdn_comments.csv": 28}
    assert [n.value for n in entities[3].names] == ["ROCKSIDE ENTERPRISE", "ROCKSIDE TRADING"]


def test_mixed_sets_refused(ofac_dir: Path) -> None:
    files = [ofac_dir / "sdn_csv_2024-05-03" / "sdn.csv", ofac_dir / "non_sdn_csv_2025-12" / "cons_alt.csv"]
    with pytest.raises(ParseError, match="cannot be read together"):
        ofac_csv.read(files, None)


def test_urls() -> None:
    urls = ofac_csv.FORMAT.urls
    assert set(urls) == {"ofac-sdn", "ofac-nonsdn"}
    base = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
    assert urls["ofac-sdn"]["sdn.csv"] == base + "SDN.CSV"
    assert urls["ofac-sdn"]["sdn_comments.csv"] == base + "SDN_COMMENTS.CSV"
    assert urls["ofac-nonsdn"]["cons_prim.csv"] == base + "CONS_PRIM.CSV"


# --- bad input --------------------------------------------------------------------

GOOD = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


def _good(ent_num: int) -> bytes:
    return GOOD.replace(b"36,", str(ent_num).encode() + b",", 1)


def _write(tmp_path: Path, data: bytes, name: str = "sdn.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path, *companions: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        _read([path, *companions])
    return info.value


def test_windows_1252_and_eof(tmp_path: Path) -> None:
    # 0xC9 is "É" and 0x80 the euro sign in cp1252; 0x81 is undefined there and read as Latin-1.
    first = b'1,"CAF\xc9 \x81 \x80",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'X\'."\r\n'
    path = _write(tmp_path, first + GOOD + b"\x1a")
    entities = _read([path])
    assert [e.caption for e in entities] == ["CAF\xc9 \x81 \u20ac", "AEROCARIBBEAN AIRLINES"]
    assert entities[0].names[1] == Name("X", kind=NameKind.AKA, strength=WEAK)
    assert entities[1].remarks == ()
    assert entities[1].programs == ("CUBA",)


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbf" + GOOD.replace(b"AEROCARIBBEAN", "CAFÉ".encode()))
    assert ofac_csv.sniff(path.with_name("renamed.csv"), head_bytes(path)) is True
    assert [e.caption for e in _read([path])] == ["CAFÉ AIRLINES"]


def test_embedded_newline(tmp_path: Path) -> None:
    row = b'37,"TWO\r\nLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB\r\n1960; Gender\r\nMale."\r\n'
    entities = _read([_write(tmp_path, GOOD + row + _good(38) + b"\x1a")])
    assert [e.caption for e in entities] == ["AEROCARIBBEAN AIRLINES", "TWO LINES", "AEROCARIBBEAN AIRLINES"]
    assert entities[1].dates == (EventDate("1960"),)
    assert entities[1].attributes == (("gender", "Male"),)


def test_truncated_quoted_field(tmp_path: Path) -> None:
    path = _write(tmp_path, _good(1) + _good(2) + b'38,"TRUNCATED\r\nAEROCARIB')
    err = _error(path)
    assert err.path == str(path)
    assert err.line == 4
    assert "sdn.csv, line 4: malformed CSV record starting on line 3: unexpected end of data" in str(err)


def test_stray_quote(tmp_path: Path) -> None:
    path = _write(tmp_path, _good(1) + b'38,"BROKEN"NAME,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
    err = _error(path)
    assert err.line == 2
    assert "',' expected after '\"'" in err.reason


def test_non_numeric_ent_num(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + GOOD.replace(b"36,", b"3X,"))
    err = _error(path)
    assert (err.line, err.reason) == (2, "ent_num is not a number: '3X'")


def test_wrong_column_count(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + GOOD.replace(b",-0- \r\n", b"\r\n"))
    err = _error(path)
    assert (err.line, err.reason) == (2, "expected 12 columns in a primary record, found 11")


def test_wrong_column_count_in_companion(tmp_path: Path) -> None:
    add = _write(tmp_path, b'36,25,-0- ,"Havana","Cuba",-0- \r\n36,26,"Havana"\r\n', "add.csv")
    err = _error(_write(tmp_path, GOOD), add)
    assert (err.path, err.line) == (str(add), 2)


def test_line_longer_than_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCREEN_MAX_LINE_BYTES", "200")
    long_row = GOOD.replace(b"AEROCARIBBEAN AIRLINES", b"A" * 300)
    path = _write(tmp_path, GOOD + long_row)
    with pytest.raises(UnsafeInputError) as info:
        _read([path])
    assert info.value.line == 2 and "longer than 200" in str(info.value)


def test_utf16_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.decode("ascii").encode("utf-16"))
    assert ofac_csv.sniff(path, head_bytes(path)) is True  # an official name: claimed, then explained
    err = _error(path)
    assert err.line == 1 and "UTF-16" in err.reason
    assert ofac_csv.sniff(tmp_path / "other.csv", head_bytes(path)) is False


def test_nul_byte_after_the_head(tmp_path: Path) -> None:
    path = _write(tmp_path, b"".join(_good(n) for n in range(200)) + b"37,\x00\r\n")
    assert _error(path).line == 201


def test_unknown_type_duplicate_and_bad_alias(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace(b'-0- ,"CUBA"', b'"ship","CUBA"', 1))
    assert _error(path).reason == "unknown SDN_Type 'ship'"
    path = _write(tmp_path, GOOD + GOOD)
    assert (_error(path).line, _error(path).reason) == (2, "ent_num 36 appears twice")
    alt = _write(tmp_path, b'36,12,"bka","AERO-CARIBBEAN",-0- \r\n', "alt.csv")
    err = _error(_write(tmp_path, GOOD), alt)
    assert (err.path, err.line) == (str(alt), 1) and "unknown alias type 'bka'" in err.reason


def test_missing_file(tmp_path: Path) -> None:
    err = _error(tmp_path / "sdn.csv")
    assert err.path == str(tmp_path / "sdn.csv") and "cannot read the file" in err.reason


def test_empty_official_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x1a")
    assert ofac_csv.sniff(path, head_bytes(path)) is True
    assert _read([path]) == []
