"""OFAC legacy CSV: the SDN set and the consolidated (non-SDN) set.

Each set is up to four headerless files joined on ``ent_num``:

======================  ====================  ===========================================
SDN (``ofac-sdn``)      non-SDN               columns
======================  ====================  ===========================================
``sdn.csv``             ``cons_prim.csv``     ent_num, name, type, programs, title, call
                                              sign, vessel type, tonnage, GRT, vessel
                                              flag, vessel owner, remarks
``add.csv``             ``cons_add.csv``      ent_num, add_num, address, city/state/postal,
                                              country, remarks
``alt.csv``             ``cons_alt.csv``      ent_num, alt_num, type (aka/fka/nka), name,
                                              remarks
``sdn_comments.csv``    ``cons_comments.csv`` ent_num, continuation of the remarks
======================  ====================  ===========================================

The bytes are Windows-1252 with CRLF line ends, ``-0- `` for an empty field and
a Ctrl-Z at the end. The primary file is required; the others are optional.
Companion rows whose ent_num is not in the primary file are skipped and counted
(:attr:`OfacEntities.orphans`).
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from proscreen.exceptions import ParseError
from proscreen.model import (
    Address,
    Country,
    CountryRole,
    Entity,
    Identifier,
    IdType,
    Name,
    NameKind,
    Relation,
    Schema,
)
from proscreen.names.countries import country_code
from proscreen.sources.base import SNIFF_BYTES, ListData, ListFormat, decode_cp1252, head_bytes, text_lines
from proscreen.sources.ofac_remarks import RemarkFacts, parse_remarks

if TYPE_CHECKING:
    from proscreen.sources.base import LineReader

log = logging.getLogger(__name__)

SDN, NONSDN = "ofac-sdn", "ofac-nonsdn"
PRIMARY, ADD, ALT, COMMENTS = "primary", "add", "alt", "comments"
_COLUMNS = {PRIMARY: 12, ADD: 6, ALT: 5, COMMENTS: 2}
_FILE_NAMES = {
    SDN: {PRIMARY: "sdn.csv", ADD: "add.csv", ALT: "alt.csv", COMMENTS: "sdn_comments.csv"},
    NONSDN: {PRIMARY: "cons_prim.csv", ADD: "cons_add.csv", ALT: "cons_alt.csv", COMMENTS: "cons_comments.csv"},
}
_STANDARD = {name: (source, role) for source, roles in _FILE_NAMES.items() for role, name in roles.items()}
_SCHEMAS = {"": Schema.ORGANIZATION, "individual": Schema.PERSON, "vessel": Schema.VESSEL, "aircraft": Schema.AIRCRAFT}
_ALIAS_KINDS = {"aka": NameKind.AKA, "fka": NameKind.FKA, "nka": NameKind.NKA}
_PROGRAM_SPLIT = re.compile(r"\]\s*\[")
_POSTAL = re.compile(r"(?P<rest>.*?\D)[\s,]+(?P<postal>(?:[A-Z]{1,3}-)?\d(?:[\d\-]*\d)?)")
_NOT_POSTAL = re.compile(r"\b(?:box|no\.?|km|street|st\.?)$", re.IGNORECASE)
#: sdn.csv cuts Remarks at this length; the rest is in sdn_comments.csv.
_REMARKS_CUT = 1000
_BASE_URL = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

# --- recognising and grouping files -------------------------------------------------


def _first_row(head: bytes) -> list[str] | None:
    """The first record of a file (it may span lines), or None for binary data."""
    if b"\x00" in head[:4096]:
        return None
    text = decode_cp1252(head.removeprefix(codecs.BOM_UTF8).replace(b"\x1a", b""))
    try:
        return next((row for row in csv.reader(io.StringIO(text, newline="")) if any(row)), None)
    except csv.Error:
        return None


def _role_from_content(path: Path, head: bytes) -> str | None:
    """The role a file plays, judged by its first row (names are not trusted for this)."""
    row = _first_row(head)
    if not row or not row[0].strip().isdigit():
        return None
    cells = [cell.strip() for cell in row]
    if len(cells) == 12 and cells[2] in ("-0-", "individual", "vessel", "aircraft"):
        return PRIMARY
    if len(cells) == 6 and cells[1].isdigit():
        return ADD
    if len(cells) == 5 and cells[1].isdigit() and cells[2] in _ALIAS_KINDS:
        return ALT
    if len(cells) == 2 and "comment" in path.name.lower():
        return COMMENTS
    return None


def _looks_unreadable(head: bytes) -> bool:
    return not head.strip(b"\x1a \r\n") or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4096]


def _classify(path: Path, head: bytes) -> tuple[str, str] | None:
    """(source, role) of a file of this format, or None."""
    standard = _STANDARD.get(path.name.lower())
    role = _role_from_content(path, head)
    if role is not None:
        if standard is not None and standard[1] == role:
            return standard
        return (NONSDN if path.name.lower().startswith("cons") else SDN), role
    # A file with an official name that cannot be read as text (empty, UTF-16): claim it so
    # that read() can say what is wrong with it instead of "unknown format".
    if standard is not None and _looks_unreadable(head):
        return standard
    return None


def sniff(path: Path, head: bytes) -> bool:
    try:
        return _classify(path, head) is not None
    except Exception:  # sniffing must never raise on garbage
        return False


def group(files: Sequence[Path]) -> list[list[Path]]:
    """One import per (folder, set); a folder with several primary files gives one group each."""
    sets: dict[tuple[Path, str], list[tuple[str, Path]]] = {}
    for path in files:
        found = _classify(path, head_bytes(path))
        if found is None:
            continue
        sets.setdefault((path.parent, found[0]), []).append((found[1], path))
    groups: list[list[Path]] = []
    for (_, source), members in sets.items():
        primaries = [p for role, p in members if role == PRIMARY]
        companions = [p for role, p in members if role != PRIMARY]
        if len(primaries) <= 1:
            groups.append(primaries + companions)
            continue
        official = _FILE_NAMES[source][PRIMARY]
        main = next((p for p in primaries if p.name.lower() == official), primaries[0])
        groups.extend([[main, *companions]] + [[p] for p in primaries if p != main])
    return groups


# --- reading ------------------------------------------------------------------------


def _roles(files: Sequence[Path], source_override: str | None) -> tuple[str, dict[str, Path]]:
    if not files:
        raise ParseError("<none>", "no OFAC legacy CSV files given")
    roles: dict[str, Path] = {}
    sources = set()
    for path in files:
        # A file given by its official name is read as such: its first row may be the broken one.
        found = _classify(path, _head(path)) or _STANDARD.get(path.name.lower())
        if found is None:
            raise ParseError(
                path, "not an OFAC legacy CSV file (sdn.csv, add.csv, alt.csv, sdn_comments.csv or cons_*)"
            )
        source, role = found
        if role in roles:
            raise ParseError(path, f"two {role} files given: {roles[role].name} and {path.name}")
        sources.add(source)
        roles[role] = path
    if len(sources) > 1:
        raise ParseError(files[0], "files of the SDN set and of the non-SDN (cons_*) set cannot be read together")
    source = sources.pop()
    if PRIMARY not in roles:
        given = ", ".join(sorted(p.name for p in roles.values()))
        primary = _FILE_NAMES[source][PRIMARY]
        raise ParseError(
            next(iter(roles.values())),
            f"the primary file {primary} is missing: {given} only add addresses, aliases or remarks to its "
            f"records; put {primary} in the same folder",
        )
    return source_override or source, roles


def _head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    try:
        return head_bytes(path, size)
    except OSError as exc:
        raise ParseError(path, f"cannot read the file: {exc.strerror or exc}") from exc


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    source, roles = _roles(files, source_override)
    data = ListData(source=source, format=FORMAT.name, files=tuple(files), entities=())
    data.entities = OfacEntities(source, roles, data.warnings)
    return data


def _rows(path: Path, role: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cleaned cells) of each record; every defect raises ParseError."""
    head = _head(path, 4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise ParseError(path, "file is UTF-16 or binary, not Windows-1252 text as OFAC publishes it", line=1)
    # OFAC publishes Windows-1252; a UTF-8 file re-saved with a BOM (e.g. by Excel) is read as UTF-8.
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "cp1252"
    lines = text_lines(path, encoding=encoding, errors="strict" if encoding != "cp1252" else "latin1_fallback")
    expected = _COLUMNS[role]
    try:
        reader = csv.reader(_clean_lines(path, lines), strict=True)
        while True:
            start = lines.line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ParseError(
                    path, f"malformed CSV record starting on line {start}: {exc}", line=lines.line
                ) from exc
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != expected:
                raise ParseError(path, f"expected {expected} columns in a {role} record, found {len(row)}", line=start)
            cells = ["" if cell == "-0-" else cell for cell in [cell.strip() for cell in row]]
            if lines.line > start:  # a field wrapped over lines
                cells = [" ".join(cell.split()) for cell in cells]
            if role in (PRIMARY, COMMENTS) and cells[-1]:
                # Remarks are cut mid-word and continue in the comments file: keep their blanks.
                cells[-1] = row[-1]
            if not cells[0].isdigit():
                raise ParseError(path, f"ent_num is not a number: {cells[0]!r}", line=start)
            yield start, cells
    finally:
        lines.close()


def _clean_lines(path: Path, lines: LineReader) -> Iterator[str]:
    for text in lines:
        if "\x00" in text:
            raise ParseError(path, "NUL byte in text (not a Windows-1252 CSV file)", line=lines.line)
        yield text.replace("\x1a", "") if "\x1a" in text else text


@dataclass
class _Record:
    line: int
    cells: list[str]
    remarks: str


class OfacEntities:
    """The entities of one OFAC CSV set; parsed on each iteration (the files are read then)."""

    def __init__(self, source: str, files: dict[str, Path], warnings: list[str] | None = None):
        self.source = source
        self.files = files
        #: Notes for the user (the importer prints them); also logged.
        self.warnings: list[str] = warnings if warnings is not None else []
        #: Companion rows skipped because their ent_num is not in the primary file, by file name.
        self.orphans: Counter[str] = Counter()
        #: ent_nums whose remarks were complete yet continue in the comments file: the files
        #: probably come from different publications (the text is joined all the same).
        self.unexpected_comments: list[str] = []

    def __iter__(self) -> Iterator[Entity]:
        primary = self.files[PRIMARY]
        records: dict[str, _Record] = {}
        for line, cells in _rows(primary, PRIMARY):
            if cells[0] in records:
                raise ParseError(primary, f"ent_num {cells[0]} appears twice", line=line)
            records[cells[0]] = _Record(line, cells, cells[11])
        self.orphans.clear()
        self.unexpected_comments.clear()
        addresses: dict[str, list[tuple[Address | None, str]]] = {}
        for ent_num, _, cells in self._companion_rows(ADD, records):
            addresses.setdefault(ent_num, []).append(_address(cells))
        aliases: dict[str, list[tuple[Name, str]]] = {}
        for ent_num, line, cells in self._companion_rows(ALT, records):
            aliases.setdefault(ent_num, []).append(_alias(self.files[ALT], line, cells))
        for ent_num, _, cells in self._companion_rows(COMMENTS, records):
            # The comments file continues the remark text mid-word: join without a separator.
            record = records[ent_num]
            if len(record.remarks) < _REMARKS_CUT:
                self.unexpected_comments.append(ent_num)
            record.remarks += cells[1]
        if self.orphans:
            self._warn(f"{primary}: skipped companion rows with no primary record: {dict(self.orphans)}")
        if self.unexpected_comments:
            self._warn(
                f"{primary}: remarks not cut at {_REMARKS_CUT} characters yet continued in "
                f"{self.files[COMMENTS].name} (ent_num {', '.join(self.unexpected_comments)}): "
                "files of different dates?"
            )
        by_name = _name_index(records)
        for ent_num, record in records.items():
            yield self._entity(ent_num, record, addresses.get(ent_num, []), aliases.get(ent_num, []), by_name)

    def _warn(self, message: str) -> None:
        log.warning("%s", message)
        self.warnings.append(message)

    def _companion_rows(self, role: str, records: dict[str, _Record]) -> Iterator[tuple[str, int, list[str]]]:
        """Rows of one companion file whose ent_num is in the primary file; the others are counted."""
        path = self.files.get(role)
        if path is None:
            return
        for line, cells in _rows(path, role):
            if cells[0] in records:
                yield cells[0], line, cells
            else:
                self.orphans[path.name] += 1

    def _entity(
        self,
        ent_num: str,
        record: _Record,
        addresses: list[tuple[Address | None, str]],
        aliases: list[tuple[Name, str]],
        by_name: dict[str, str | None],
    ) -> Entity:
        cells = record.cells
        _, name, sdn_type, programs, title, call_sign, vess_type, tonnage, grt, flag, owner, _ = cells
        schema = _SCHEMAS.get(sdn_type.lower())
        if schema is None:
            raise ParseError(self.files[PRIMARY], f"unknown SDN_Type {sdn_type!r}", line=record.line)
        if not name:
            raise ParseError(self.files[PRIMARY], f"ent_num {ent_num} has no name", line=record.line)
        facts = parse_remarks(record.remarks, person=schema is Schema.PERSON) if record.remarks else RemarkFacts()
        names = [Name(name)] + [alias for alias, _ in aliases]
        if facts.names:
            # A remarks alias repeated from alt.csv stays strong.
            seen = {n.value.casefold() for n in names}
            names += [n for n in facts.names if n.value.casefold() not in seen]
        identifiers: list[Identifier] = []
        if call_sign:
            identifiers.append(Identifier(IdType.CALL_SIGN, call_sign, label="Call Sign"))
        countries: list[Country] = []
        if flag:
            countries.append(Country(code=country_code(flag), role=CountryRole.REGISTRATION, name=flag))
        columns = (
            ("title", title),
            ("vessel_type", vess_type),
            ("vessel_tonnage", tonnage),
            ("vessel_grt", grt),
            ("vessel_flag", flag),
            ("vessel_owner", owner),
        )
        attributes = [(key, value) for key, value in columns if value] + facts.attributes
        # The title column is usually repeated in the remarks; it is kept once, as an attribute.
        title_parts = {part.strip().casefold() for part in title.split(";")} if title else set()
        remarks = [r for r in facts.remarks if r.casefold() not in title_parts]
        remarks += [note for _, note in aliases if note] + [note for _, note in addresses if note]
        return Entity(
            source=self.source,
            source_id=ent_num,
            schema=schema,
            names=tuple(names),
            addresses=tuple([a for a, _ in addresses if a is not None]),
            countries=tuple(dict.fromkeys(countries + facts.countries)),
            dates=tuple(facts.dates),
            places_of_birth=tuple(facts.places_of_birth),
            identifiers=tuple(identifiers + facts.identifiers),
            programs=tuple([p for p in [x.strip(" []") for x in _PROGRAM_SPLIT.split(programs)] if p]),
            listed_on=min(facts.listing_dates) if facts.listing_dates else None,
            remarks=tuple(remarks),
            relations=tuple(
                [
                    Relation(r.kind, r.target_name, _target_id(self.source, r.target_name, by_name), r.text)
                    for r in facts.relations
                ]
            ),
            attributes=tuple(attributes),
        )


def _address(cells: list[str]) -> tuple[Address | None, str]:
    _, _, street, city_field, country, note = cells
    city, region, postal = _split_city(city_field)
    full = ", ".join(part for part in (street, city_field, country) if part)
    address = None
    if full:
        code = country_code(country.removeprefix("Region:").strip()) if country else None
        address = Address(
            full=full,
            street=street or None,
            city=city,
            region=region,
            postal_code=postal,
            country=code,
            country_name=country or None,
        )
    return address, (f"Address {full}: {note}" if note else "")


def _split_city(text: str) -> tuple[str | None, str | None, str | None]:
    """OFAC's "city, state/province postal code" column -> (city, region, postal code)."""
    if not text:
        return None, None, None
    postal = None
    match = _POSTAL.fullmatch(text)
    if match is not None and not _NOT_POSTAL.search(match.group("rest")):
        text, postal = match.group("rest").rstrip(" ,"), match.group("postal")
    city, _, region = text.partition(", ")
    return city.strip() or None, region.strip() or None, postal


def _alias(path: Path, line: int, cells: list[str]) -> tuple[Name, str]:
    _, _, kind, value, note = cells
    alias_kind = _ALIAS_KINDS.get(kind.lower())
    if alias_kind is None:
        raise ParseError(path, f"unknown alias type {kind!r} (expected aka, fka or nka)", line=line)
    if not value:
        raise ParseError(path, "alias without a name", line=line)
    return Name(value, kind=alias_kind), (f"{kind} {value}: {note}" if note else "")


def _key(name: str) -> str:
    return " ".join(name.casefold().rstrip(".").split())


def _name_index(records: dict[str, _Record]) -> dict[str, str | None]:
    """Primary name -> ent_num; None when two records share the name (ambiguous)."""
    index: dict[str, str | None] = {}
    for ent_num, record in records.items():
        key = _key(record.cells[1])
        index[key] = None if key in index else ent_num
    return index


def _target_id(source: str, name: str, by_name: dict[str, str | None]) -> str | None:
    ent_num = by_name.get(_key(name))
    return f"{source}:{ent_num}" if ent_num else None


FORMAT = ListFormat(
    name="ofac-csv",
    title="OFAC legacy CSV (sdn.csv + add/alt/sdn_comments, cons_prim.csv + cons_*)",
    sniff=sniff,
    read=read,
    group=group,
    urls={source: {name: _BASE_URL + name.upper() for name in names.values()} for source, names in _FILE_NAMES.items()},
)

__all__ = ["FORMAT", "OfacEntities", "group", "read", "sniff"]
