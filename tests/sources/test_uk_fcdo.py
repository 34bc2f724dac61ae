from __future__ import annotations

import csv
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from proscreen.exceptions import ParseError, UnsafeInputError
from proscreen.model import Entity, Identifier, IdType, Name, NameKind, Schema, Strength
from proscreen.sources import uk_fcdo
from proscreen.sources.base import ListData, head_bytes

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
SUMMARY = (
    "Unique ID",
    "OFSI Group ID",
    "Name",
    "Regime Name",
    "Type",
    "Designation source",
    "Date Designated",
    "Sanctions Imposed",
)


@pytest.fixture(scope="module")
def ods_file(lists_dir: Path) -> Path:
    return lists_dir / "uk" / "UK_Sanctions_List_summary_2025-08-11.ods"


@pytest.fixture(scope="module")
def data(ods_file: Path) -> ListData:
    return uk_fcdo.read([ods_file], None)


@pytest.fixture(scope="module")
def entities(data: ListData) -> dict[str, Entity]:
    return {e.source_id: e for e in data.entities}


def _cell(value: str) -> str:
    if value.startswith("<"):
        return value
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def _content(*rows: tuple[str, ...], prolog: str = "") -> str:
    body = "".join("<table:table-row>" + "".join(_cell(c) for c in row) + "</table:table-row>" for row in rows)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NS}><office:body>'
        f'<office:spreadsheet><table:table table:name="UK_Sanction_List">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


def _ods(tmp_path: Path, content: str | bytes, name: str = "list.ods") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
    return path


def _read(path: Path) -> list[Entity]:
    return list(uk_fcdo.read([path], None).entities)


# --- the real file -------------------------------------------------------------


def test_counts_match_provenance(entities: dict[str, Entity]) -> None:
    assert len(entities) == 5302
    assert Counter(e.attribute("designation_source") for e in entities.values()) == {"UK": 4386, "UN": 908, "UK|UN": 8}
    assert Counter(e.schema for e in entities.values()) == {
        Schema.PERSON: 3754,
        Schema.ORGANIZATION: 1087,
        Schema.VESSEL: 461,
    }
    assert max(e.listed_on or "" for e in entities.values()) == "2025-07-23"


def test_list_data(data: ListData, ods_file: Path, tmp_path: Path) -> None:
    assert (data.source, data.format, data.files) == ("uk-fcdo", "uk-fcdo-ods", (ods_file,))
    # meta.xml says 2024-03-18 (older than designations in the file: a template's date);
    # content.xml was saved on 2025-08-11.
    assert data.published == date(2025, 8, 11)
    small = _ods(tmp_path, _content(SUMMARY, ("X1", "1", "A")))
    other = uk_fcdo.read([small], "uk-test")
    assert other.source == "uk-test"
    assert [e.id for e in other.entities] == ["uk-test:X1"]
    assert other.published is None  # no designation dates to check the file's own dates against


def test_first_row(entities: dict[str, Entity]) -> None:
    e = entities["AFG0001"]
    assert e.id == "uk-fcdo:AFG0001"
    assert e.schema is Schema.ORGANIZATION
    assert e.names == (Name("HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"),)
    assert e.programs == ("Afghanistan",)
    assert e.listed_on == "2012-06-29"
    assert e.identifiers == (Identifier(IdType.OTHER, "12703", label="OFSI Group ID"),)
    assert e.attributes == (
        ("ofsi_group_id", "12703"),
        ("designation_source", "UN"),
        ("sanctions_imposed", "Asset freeze"),
    )


def test_one_person_under_three_regimes(entities: dict[str, Entity]) -> None:
    jafari = sorted((e for e in entities.values() if e.attribute("ofsi_group_id") == "10638"), key=lambda e: e.id)
    assert [(e.source_id, e.programs) for e in jafari] == [
        ("INU0011", ("Iran (Nuclear)",)),
        ("IRN0058", ("Iran",)),
        ("SYR0161", ("Syria",)),
    ]
    assert {e.caption for e in jafari} == {"Jafari Mohammad Ali"}


def test_ship(entities: dict[str, Entity]) -> None:
    e = entities["DPR0075"]
    assert e.schema is Schema.VESSEL
    assert e.names == (Name("Petrel 8"),)
    assert e.attribute("sanctions_imposed") == "Prohibition of port entry"
    assert e.listed_on == "2017-10-03"


def test_designation_without_a_name(entities: dict[str, Entity]) -> None:
    e = entities["BEL0174"]
    assert e.names == ()
    assert e.remarks == ("The list gives no name for this designation.",)
    assert e.attribute("ofsi_group_id") == "16744"


def test_links_to_the_ofsi_list(entities: dict[str, Entity], lists_dir: Path) -> None:
    """The OFSI Group ID (the uk-ofsi source id) joins the two UK lists: 1,607 designations are in the 2018 file."""
    with open(lists_dir / "uk" / "ConList_2018-04-13.csv", encoding="cp1252", newline="") as fh:
        group_ids = {row[-1] for row in csv.reader(fh)}
    linked = [e for e in entities.values() if e.attribute("ofsi_group_id") in group_ids]
    assert len(linked) == 1607
    assert Identifier(IdType.OTHER, "12703", label="OFSI Group ID") in entities["AFG0001"].identifiers


# --- sniffing ------------------------------------------------------------------


def test_sniff_claims_only_the_ods(lists_dir: Path, ods_file: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and uk_fcdo.sniff(p, head_bytes(p))]
    assert claimed == [ods_file]


def test_sniff_garbage(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ods"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert not uk_fcdo.sniff(junk, head_bytes(junk))
    other = _ods(tmp_path, _content(("Some", "Other", "Sheet")), "other.ods")
    assert not uk_fcdo.sniff(other, head_bytes(other))
    mine = _ods(tmp_path, _content(SUMMARY), "mine.ods")
    assert uk_fcdo.sniff(mine, head_bytes(mine))


# --- other layouts ---------------------------------------------------------------


def test_cells_repeats_dates_and_numbers(tmp_path: Path) -> None:
    repeated = '<table:table-cell table:number-columns-repeated="3"/>'
    number = '<table:table-cell office:value-type="float" office:value="12703"/>'
    day = '<table:table-cell office:value-type="date" office:date-value="2012-06-29T00:00:00"/>'
    content = _content(
        ("Report Date: 11/08/2025",),
        SUMMARY,
        ("AFG0001", number, "HAJI  KHAIRULLAH", "Afghanistan", "Entity", "UN", day, "Asset freeze", repeated),
        (repeated, repeated),
    )
    data = uk_fcdo.read([_ods(tmp_path, content)], None)
    assert data.published == date(2025, 8, 11)
    (e,) = list(data.entities)
    assert e.names == (Name("HAJI KHAIRULLAH"),)
    assert e.listed_on == "2012-06-29"
    assert e.attribute("ofsi_group_id") == "12703"


def test_one_row_per_name_layout(tmp_path: Path) -> None:
    header = ("Unique ID", "Name 6", "Name 1", "Name type", "Alias strength", "Type", "Regime Name", "Passport number")
    content = _content(
        header,
        ("RUS0001", "IVANOV", "Ivan", "Primary name", "", "Individual", "Russia", "123456"),
        ("RUS0001", "IVANOFF", "Ivan", "Alias", "Weak", "Individual", "Russia", "123456"),
        ("RUS0001", "IWANOW", "Iwan", "Primary name variation", "", "Individual", "Russia", "123456"),
    )
    (e,) = _read(_ods(tmp_path, content))
    assert e.names == (
        Name("Ivan IVANOV"),
        Name("Ivan IVANOFF", NameKind.AKA, Strength.WEAK),
        Name("Iwan IWANOW", NameKind.AKA),
    )
    assert e.programs == ("Russia",)
    assert e.remarks == ("Passport number: 123456",)


# --- bad input -----------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "list.ods"
    path.write_text("Unique ID,Name\n")
    with pytest.raises(ParseError, match=r"list\.ods: not an OpenDocument spreadsheet"):
        uk_fcdo.read([path], None)


def test_zip_without_content(tmp_path: Path) -> None:
    path = tmp_path / "list.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", MIMETYPE)
    with pytest.raises(ParseError, match=r"no content\.xml"):
        uk_fcdo.read([path], None)


def test_zip_bomb_ratio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _ods(tmp_path, _content(SUMMARY) + " " * 2_000_000)
    with pytest.raises(UnsafeInputError, match=r"list\.ods: content\.xml compresses \d+:1"):
        uk_fcdo.read([path], None)
    monkeypatch.setenv("PROSCREEN_MAX_ARCHIVE_RATIO", "100000")
    monkeypatch.setenv("PROSCREEN_MAX_ARCHIVE_BYTES", "100000")
    with pytest.raises(UnsafeInputError, match=r"archive expands to \d+ bytes"):
        uk_fcdo.read([path], None)


def test_zip_bomb_small_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ods_file: Path) -> None:
    monkeypatch.setenv("PROSCREEN_MAX_ARCHIVE_RATIO", "10")
    with pytest.raises(UnsafeInputError, match=r"compresses \d+:1, more than the 10:1 allowed"):
        uk_fcdo.read([ods_file], None)


def test_doctype_is_refused(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    path = _ods(tmp_path, _content(SUMMARY, ("X1", "1", "&b;"), prolog=prolog))
    with pytest.raises(UnsafeInputError, match=r"DOCTYPE"):
        uk_fcdo.read([path], None)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    content = _content(SUMMARY, ("X1", "1", "A")).replace("</table:table-row>", "</table:table-row>\n", 1)
    content = content.replace("<text:p>A</text:p>", "<text:p>A</text:q>")
    with pytest.raises(ParseError, match=r"list\.ods, line 2: content\.xml: malformed XML"):
        uk_fcdo.read([_ods(tmp_path, content)], None)


def test_truncated_archive(tmp_path: Path) -> None:
    path = _ods(tmp_path, _content(SUMMARY, ("X1", "1", "A")))
    path.write_bytes(path.read_bytes()[:-60])
    with pytest.raises(ParseError, match=r"list\.ods"):
        uk_fcdo.read([path], None)


def test_row_without_id_and_missing_header(tmp_path: Path) -> None:
    path = _ods(tmp_path, _content(SUMMARY, ("", "1", "A NAME")))
    with pytest.raises(ParseError, match=r"line 1, element table-row: content\.xml: row without a Unique ID"):
        uk_fcdo.read([path], None)
    path = _ods(tmp_path, _content(("Name", "Type"), ("A", "Entity")), "noheader.ods")
    with pytest.raises(ParseError, match=r"noheader\.ods: no sheet with a 'Unique ID' column"):
        uk_fcdo.read([path], None)
