from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from proscreen.exceptions import ParseError
from proscreen.model import Address, Country, CountryRole, Entity, Identifier, IdType, Name, NameKind, Schema
from proscreen.sources import bis_dpl
from proscreen.sources.base import head_bytes

HEADER = "\t".join(f'"{c}"' for c in bis_dpl.COLUMNS)


@pytest.fixture(scope="module")
def dpl(lists_dir: Path) -> list[Entity]:
    data = bis_dpl.read([lists_dir / "bis" / "dpl_2023-11-30.txt"], None)
    assert (data.source, data.format) == ("bis-dpl", "bis-dpl-txt")
    # The newest Last_Update that is not in the future: one row says 3033-09-30.
    assert data.published == date(2023, 11, 28)
    return list(data.entities)


def _named(entities: list[Entity], caption: str) -> list[Entity]:
    return [e for e in entities if e.caption == caption]


def test_counts(dpl: list[Entity]) -> None:
    assert len(dpl) == 665
    assert Counter(e.schema for e in dpl) == {
        Schema.LEGAL_ENTITY: 383,
        Schema.PERSON: 151,  # an inmate or US Marshals number in the address
        Schema.ORGANIZATION: 131,
    }
    assert Counter(e.addresses[0].country for e in dpl if e.addresses)["us"] == 412


def test_source_ids_unique_and_stable(dpl: list[Entity]) -> None:
    ids = [e.source_id for e in dpl]
    assert len(set(ids)) == 665
    # Two rows are listed twice, byte for byte: the second copy is numbered.
    assert sorted(i for i in ids if "-" in i) == ["3ff9fed811b5-2", "8fa51cf85336-2"]
    assert [e.caption for e in dpl if e.source_id.startswith("3ff9fed811b5")] == ["DAQING ZHOU", "DAQING ZHOU"]
    # I. ASH is listed at three addresses: three ids.
    assert len({e.source_id for e in _named(dpl, "I. ASH")}) == 3


def test_renewal_keeps_the_id(tmp_path: Path) -> None:
    row = '"ACME LTD"\t"1 MAIN ST"\t"DUBAI"\t""\t"AE"\t""\t"{eff}"\t"{exp}"\t"Y"\t"{upd}"\t"TDO RENEWAL"\t"{fr}"'
    first = tmp_path / "a" / "dpl.txt"
    second = tmp_path / "b" / "dpl.txt"
    for path, values in (
        (first, {"eff": "05/01/2023", "exp": "10/28/2023", "upd": "2023-05-02", "fr": "88 F.R. 1 5/3/2023"}),
        (second, {"eff": "10/27/2023", "exp": "04/24/2024", "upd": "2023-10-30", "fr": "88 F.R. 2 10/30/2023"}),
    ):
        path.parent.mkdir()
        path.write_text(f"{HEADER}\n{row.format(**values)}\n", encoding="utf-8")
    old, new = (next(iter(bis_dpl.read([p]).entities)) for p in (first, second))
    assert old.source_id == new.source_id
    assert (old.listed_on, new.listed_on) == ("2023-05-01", "2023-10-27")


def test_alias_rows(dpl: list[Entity]) -> None:
    (fuyi,) = _named(dpl, "FUYI SUN")
    assert fuyi.names == (Name("FUYI SUN"), Name("FRANK SUN", NameKind.AKA))
    assert fuyi.schema is Schema.PERSON
    assert fuyi.identifiers == (Identifier(IdType.OTHER, "77362-054", "us", "Inmate Number"),)
    assert fuyi.attribute("name_as_listed") == "FUYI SUN A/K/A FRANK SUN"
    (pearl,) = _named(dpl, "PEARL LI")
    assert pearl.names == (Name("PEARL LI"), Name("NEI-CHIEN CHU", NameKind.AKA))
    (s7,) = _named(dpl, "SIBERIAN AIRLINES")
    assert s7.names == (Name("SIBERIAN AIRLINES"), Name("S7 AIRLINES", NameKind.AKA))
    assert s7.schema is Schema.ORGANIZATION
    (sammy,) = _named(dpl, "SAMMY (IHSAN MEDHAT) ELASHI")
    assert [n.value for n in sammy.names] == ["SAMMY (IHSAN MEDHAT) ELASHI", "SAMMY ELASHI", "IHSAN MEDHAT ELASHI"]


def test_full_row(dpl: list[Entity]) -> None:
    (abdiel,) = _named(dpl, "ABDIEL PADRON MADRID")
    street = "INMATE NUMBER: 42167-480, FCI LA TUNA FEDERAL CORRECTIONAL INSTITUTION, P.O. BOX 3000"
    assert abdiel.schema is Schema.PERSON
    assert abdiel.addresses == (
        Address(
            full=f"{street}, ANTHONY, NM, 88201",
            street=street,
            city="ANTHONY",
            region="NM",
            postal_code="88201",
            country="us",  # a US state and no country
        ),
    )
    assert abdiel.countries == (Country("us", CountryRole.ADDRESS),)
    assert abdiel.listed_on == "2022-02-10"
    assert abdiel.attributes == (
        ("expiration_date", "2030-06-17"),
        ("standard_order", "Y"),
        ("last_update", "2022-02-22"),
        ("action", "F.R. NOTICE ADDED"),
        ("federal_register_notice", "87 F.R. 9030 2/17/2022"),
    )
    (garcia,) = _named(dpl, "JOSE ERNESTO GARCIA")
    assert garcia.attribute("last_update") == "3033-09-30"  # kept as the list says it
    usm = [e for e in _named(dpl, "I. ASH") if e.identifiers]
    assert usm[0].identifiers == (Identifier(IdType.OTHER, "26265-177", "us", "USM Number"),)
    (smith,) = _named(dpl, "STEPHEN EDWARD SMITH")  # its state "NM" is in the Country column
    address = smith.addresses[0]
    assert (address.region, address.country, address.country_name) == ("NM", "us", None)
    (aeroflot,) = _named(dpl, "PJSC AEROFLOT")
    assert aeroflot.addresses[0].country == "ru"
    assert aeroflot.addresses[0].country_name == "RU"


def test_relation_to_listed_company(dpl: list[Entity]) -> None:
    (soccer,) = _named(dpl, "SOCCER ZONE")
    mnc = _named(dpl, "MNC GROUP INTERNATIONAL, INC.")
    assert soccer.schema is Schema.ORGANIZATION
    assert soccer.relations[0].target_name == "MNC GROUP INTERNATIONAL, INC."
    assert soccer.relations[0].target_id == f"bis-dpl:{mnc[0].source_id}"


# --- sniffing ---------------------------------------------------------------------------


def test_sniff_claims_only_the_dpl(lists_dir: Path) -> None:
    files = sorted(p for p in lists_dir.rglob("*") if p.is_file())
    claimed = {p.relative_to(lists_dir).as_posix() for p in files if bis_dpl.sniff(p, head_bytes(p))}
    assert claimed == {"bis/dpl_2023-11-30.txt"}


def test_sniff_garbage() -> None:
    for head in (b"", b"\x00\xff\xfe", b"\x89PNG\r\n\x1a\n", b'"Name"\t"Street"\n', "é".encode("utf-16")):
        assert bis_dpl.sniff(Path("dpl.txt"), head) is False
    assert bis_dpl.sniff(Path("x"), b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n") is True


# --- bad input ---------------------------------------------------------------------------

GOOD = '"ACME LTD"\t"1 MAIN ST"\t"DUBAI"\t""\t"AE"\t""\t"05/01/2023"\t""\t"Y"\t"2023-05-02"\t""\t"88 F.R. 1"'


def _write(tmp_path: Path, data: str | bytes) -> Path:
    path = tmp_path / "dpl.txt"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _parse(path: Path) -> list[Entity]:
    return list(bis_dpl.read([path], "test-dpl").entities)


def test_minimal_file_and_source_override(tmp_path: Path) -> None:
    entities = _parse(_write(tmp_path, f"{HEADER}\n{GOOD}"))
    assert [(e.source, e.caption, e.schema) for e in entities] == [("test-dpl", "ACME LTD", Schema.ORGANIZATION)]


def test_wrong_header(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER.replace('"City"', '"Town"') + "\n" + GOOD + "\n")
    with pytest.raises(ParseError, match=r"dpl\.txt, line 1: not a Denied Persons List header"):
        _parse(path)


def test_broken_quoting(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"BAD"X\t"a"\n')
    with pytest.raises(ParseError, match=r"dpl\.txt, line 3: malformed CSV: '\t' expected after '\"'"):
        _parse(path)


def test_wrong_column_count(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n{GOOD}\t"extra"\n')
    with pytest.raises(ParseError, match=r"dpl\.txt, line 3: expected 12 tab-separated fields, found 13"):
        _parse(path)


def test_truncated(tmp_path: Path) -> None:
    path = _write(tmp_path, f'{HEADER}\n{GOOD}\n"ACME LTD"\t"1 MAI')
    with pytest.raises(ParseError, match=r"dpl\.txt, line 3: malformed CSV: unexpected end of data"):
        _parse(path)


def test_invalid_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, f"{HEADER}\n{GOOD}\n".encode() + GOOD.replace("ACME", "AC\xc9").encode("latin-1"))
    with pytest.raises(ParseError, match=r"dpl\.txt, line 3: not valid utf-8 text"):
        _parse(path)


def test_row_without_name(tmp_path: Path) -> None:
    path = _write(tmp_path, f"{HEADER}\n{GOOD.replace('ACME LTD', ' ')}\n")
    with pytest.raises(ParseError, match=r"dpl\.txt, line 2: row without a name"):
        _parse(path)
