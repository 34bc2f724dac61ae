"""FCDO UK Sanctions List, OpenDocument spreadsheet (.ods).

The .ods is a zip; its ``content.xml`` is streamed with lxml (entities, DTDs and
network off; a DOCTYPE is refused) after the archive passes the zip-bomb guard
(declared uncompressed size and compression ratio, see ``Settings``). Python's
zip reader never returns more than the declared size, so the guard cannot be
fooled by a lying header.

Columns are found by name in the first row that has ``Unique ID``. The
8-column summary (``Unique ID, OFSI Group ID, Name, Regime Name, Type,
Designation source, Date Designated, Sanctions Imposed``) has one row per
designation; in layouts with one row per name (``Name 1`` .. ``Name 6``,
``Name type``, ``Alias strength``) the rows of one ``Unique ID`` are merged.
Columns this parser does not know are kept as ``"<column>: <value>"`` remarks.

``published`` is a date the file itself states: a ``Report Date`` row if there
is one, else the newest of the ODS metadata dates and the zip entry date of
``content.xml`` that is not older than the newest designation (saved-by-Excel
metadata often keeps a template's dates); else None.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from proscreen.exceptions import ParseError, UnsafeInputError
from proscreen.model import Entity, Identifier, IdType, Name, NameKind, Schema, Strength
from proscreen.sources.archives import check_zip
from proscreen.sources.base import SNIFF_BYTES, ListData, ListFormat
from proscreen.sources.dates import parse_iso_day

SOURCE = "uk-fcdo"
_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE = f"{{{_TABLE}}}table"
_T_ROW = f"{{{_TABLE}}}table-row"
_T_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
_T_P = f"{{{_TEXT}}}p"
_COLS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
#: An .ods has a handful of members; thousands are a sign of a hostile archive.
#: Wider rows than this are cut: a sheet's trailing empty cells repeat 16,000 times.
_MAX_COLUMNS = 256

_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_NAME_TYPES = {
    "primary name": NameKind.PRIMARY,
    "primary name variation": NameKind.AKA,
    "alias": NameKind.AKA,
    "aka": NameKind.AKA,
    "fka": NameKind.FKA,
}
_NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
#: Columns read into fields; any other column becomes a remark.
_KNOWN = {
    "Unique ID",
    "OFSI Group ID",
    "UN Reference Number",
    "Name",
    *_NAME_PARTS,
    "Name type",
    "Alias strength",
    "Name non-latin script",
    "Non-latin script language",
    "Title",
    "Regime Name",
    "Regime",
    "Type",
    "Designation Type",
    "Designation source",
    "Date Designated",
    "Sanctions Imposed",
    "Last Updated",
    "Other Information",
}
_REPORT_DATE = re.compile(r"^report date\s*:?\s*(.*)$", re.I)
_META_DATES = re.compile(rb"<(?:meta:creation-date|dc:date)>(\d{4}-\d{2}-\d{2})")


def sniff(path: Path, head: bytes) -> bool:
    """An ODS spreadsheet whose sheet has a 'Unique ID' column (Excel does not store 'mimetype' first)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            with zf.open("mimetype") as fh:
                if fh.read(len(_MIMETYPE) + 2).strip() != _MIMETYPE:
                    return False
            with zf.open("content.xml") as fh:
                return b"Unique ID" in fh.read(4 * SNIFF_BYTES)  # bounded read: safe even on a bomb
    except Exception:
        return False


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    if len(files) != 1:
        raise ParseError(", ".join(str(f) for f in files), "the UK Sanctions List is one .ods file")
    path = files[0]
    sheet = _read_sheet(path)
    entities = [_entity(path, source_override or SOURCE, uid, rows) for uid, rows in sheet.designations.items()]
    return ListData(
        source=source_override or SOURCE,
        format=FORMAT.name,
        files=(path,),
        entities=entities,
        published=_published(sheet, entities),
    )


# --- the archive -------------------------------------------------------------


@dataclass
class _Sheet:
    header: list[str] = field(default_factory=list)
    #: Unique ID -> [(line, {column: value})], in file order.
    designations: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    report_date: date | None = None
    file_dates: list[date] = field(default_factory=list)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ParseError(path, f"not an OpenDocument spreadsheet (not a readable zip archive): {exc}") from exc


def _guard(path: Path, zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    """Refuse zip bombs before decompressing anything; return content.xml's entry."""
    check_zip(path, zf)
    try:
        return zf.getinfo("content.xml")
    except KeyError:
        raise ParseError(path, "not an OpenDocument spreadsheet: no content.xml in the archive") from None


def _read_sheet(path: Path) -> _Sheet:
    sheet = _Sheet()
    with _open_zip(path) as zf:
        info = _guard(path, zf)
        sheet.file_dates = _file_dates(zf, info)
        try:
            with zf.open(info) as fh:
                head = fh.read(SNIFF_BYTES).upper()
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise UnsafeInputError(path, "content.xml: XML with a DOCTYPE or entity declarations is refused")
            with zf.open(info) as fh:
                _parse_rows(path, fh, sheet)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
            raise ParseError(path, f"damaged archive: {exc}") from exc
    if not sheet.header:
        raise ParseError(path, "no sheet with a 'Unique ID' column found")
    return sheet


def _file_dates(zf: zipfile.ZipFile, content: zipfile.ZipInfo) -> list[date]:
    """Dates the file states about itself: ODS metadata and content.xml's save time."""
    found: list[date] = []
    with contextlib.suppress(KeyError, ValueError, zipfile.BadZipFile):
        meta = zf.getinfo("meta.xml")
        if meta.file_size < 1024 * 1024:
            found += [date.fromisoformat(d.decode()) for d in _META_DATES.findall(zf.read(meta))]
    with contextlib.suppress(ValueError):
        found.append(date(*content.date_time[:3]))
    return found


def _parse_rows(path: Path, stream: IO[bytes], sheet: _Sheet) -> None:
    from lxml import etree

    context = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=(_T_TABLE, _T_ROW),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
    )
    header: list[str] = []
    in_data = False
    try:
        for event, element in context:
            if element.tag == _T_TABLE:
                if event == "start":
                    header, in_data = [], not sheet.header
                continue
            if event != "end":
                continue
            if in_data:
                cells = _cells(element)
                line = element.sourceline
                if header:
                    _add_row(path, line, header, cells, sheet)
                elif "Unique ID" in cells:
                    header = [c.strip() for c in cells]
                    sheet.header = header
                elif cells and (m := _REPORT_DATE.match(cells[0])):
                    day = parse_iso_day(m.group(1) or (cells[1] if len(cells) > 1 else ""))
                    sheet.report_date = date.fromisoformat(day) if day else None
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ParseError(path, f"content.xml: malformed XML: {exc.msg}", line=exc.lineno or None) from exc


def _cells(row: Any) -> list[str]:
    """A row's cell texts with repeated cells expanded; trailing blanks (often 16,000 of them) dropped."""
    out: list[str] = []
    blanks = 0  # empty cells seen but not yet added: only added when a value follows
    for cell in row:
        if cell.tag not in _T_CELLS:
            continue
        repeat = int(cell.get(_COLS_REPEATED, "1") or 1)
        value = _cell_value(cell)
        if not value:
            blanks += repeat
            continue
        if len(out) + blanks + repeat > _MAX_COLUMNS:
            break
        out.extend([""] * blanks + [value] * repeat)
        blanks = 0
    return out


def _cell_value(cell: Any) -> str:
    if len(cell) == 0 and cell.get(_VALUE_TYPE) in (None, "string"):
        return ""
    kind = cell.get(_VALUE_TYPE)
    if kind == "date":
        return str(cell.get(f"{{{_OFFICE}}}date-value", ""))[:10]
    if kind in ("float", "percentage", "currency"):
        value = str(cell.get(f"{{{_OFFICE}}}value", ""))
        return value[:-2] if value.endswith(".0") else value
    if kind == "boolean":
        return str(cell.get(f"{{{_OFFICE}}}boolean-value", ""))
    if len(cell) == 1 and len(cell[0]) == 0:  # the usual <text:p>plain text</text:p>
        return " ".join((cell[0].text or "").split())
    paragraphs = (" ".join("".join(p.itertext()).split()) for p in cell.iter(_T_P))
    return "\n".join(p for p in paragraphs if p)


def _add_row(path: Path, line: int, header: list[str], cells: list[str], sheet: _Sheet) -> None:
    if not any(cells):
        return
    if len(cells) > len(header):
        raise ParseError(path, f"content.xml: row has {len(cells)} cells, the header {len(header)}", line=line)
    record = dict(zip(header, cells, strict=False))
    uid = record.get("Unique ID", "").strip()
    if not uid:
        raise ParseError(path, "content.xml: row without a Unique ID", line=line, element="table-row")
    sheet.designations.setdefault(uid, []).append((line, record))


# --- one designation ---------------------------------------------------------


def _entity(path: Path, source: str, uid: str, rows: list[tuple[int, dict[str, str]]]) -> Entity:
    first = rows[0][1]
    kind = (first.get("Type") or first.get("Designation Type") or "").strip()
    schema = _SCHEMAS.get(kind.lower(), Schema.LEGAL_ENTITY)
    names: dict[Name, None] = {}
    identifiers: dict[Identifier, None] = {}
    programs: dict[str, None] = {}
    remarks: dict[str, None] = {}
    attributes: dict[tuple[str, str], None] = {}
    listed: list[str] = []
    for _, rec in rows:
        names.update(dict.fromkeys(_names(rec, schema)))
        if group := rec.get("OFSI Group ID"):
            identifiers[Identifier(type=IdType.OTHER, value=group, label="OFSI Group ID")] = None
            attributes[("ofsi_group_id", group)] = None
        if ref := rec.get("UN Reference Number"):
            identifiers[Identifier(type=IdType.OTHER, value=ref, label="UN reference")] = None
        if regime := rec.get("Regime Name") or rec.get("Regime"):
            programs[regime] = None
        for column, key in (("Designation source", "designation_source"), ("Sanctions Imposed", "sanctions_imposed")):
            if rec.get(column):
                attributes[(key, rec[column])] = None
        if rec.get("Title"):
            attributes[("title", rec["Title"])] = None
        if kind and schema is Schema.LEGAL_ENTITY:
            attributes[("type", kind)] = None
        if day := parse_iso_day(rec.get("Date Designated")):
            listed.append(day)
        if day := parse_iso_day(rec.get("Last Updated")):
            attributes[("last_updated", day)] = None
        if rec.get("Other Information"):
            remarks[rec["Other Information"]] = None
        for column, value in rec.items():
            if value and column not in _KNOWN:
                remarks[f"{column}: {value}"] = None
    if not names:
        remarks["The list gives no name for this designation."] = None
    return Entity(
        source=source,
        source_id=uid,
        schema=schema,
        names=tuple(sorted(names, key=lambda n: n.kind is not NameKind.PRIMARY)),
        identifiers=tuple(identifiers),
        programs=tuple(programs),
        listed_on=min(listed) if listed else None,
        remarks=tuple(remarks),
        attributes=tuple(attributes),
    )


def _names(rec: dict[str, str], schema: Schema) -> Iterator[Name]:
    kind = _NAME_TYPES.get(rec.get("Name type", "").strip().lower(), NameKind.PRIMARY)
    strength = Strength.WEAK if rec.get("Alias strength", "").strip().lower().startswith("weak") else Strength.STRONG
    value = " ".join(rec.get("Name", "").split())
    if not value:
        parts = [rec.get(col, "") for col in _NAME_PARTS]
        if schema is not Schema.PERSON:
            parts = parts[-1:] if parts[-1] else parts
        value = " ".join(" ".join(parts).split())
    if value:
        yield Name(value=value, kind=kind, strength=strength)
    script = " ".join(rec.get("Name non-latin script", "").split())
    if script:
        lang = rec.get("Non-latin script language") or None
        yield Name(value=script, kind=kind, strength=strength, original_script=True, lang=lang)


def _published(sheet: _Sheet, entities: list[Entity]) -> date | None:
    if sheet.report_date:
        return sheet.report_date
    newest = max((e.listed_on for e in entities if e.listed_on), default=None)
    if newest is None:
        return None
    floor = date.fromisoformat(newest)
    plausible = [d for d in sheet.file_dates if floor <= d <= date.today()]
    return max(plausible) if plausible else None


FORMAT = ListFormat(
    name="uk-fcdo-ods",
    title="FCDO UK Sanctions List (OpenDocument spreadsheet)",
    sniff=sniff,
    read=read,
    urls={SOURCE: {"UK-Sanctions-List.ods": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.ods"}},
)
