"""HM Treasury / OFSI Consolidated List of financial sanctions targets, CSV.

Row 1 is ``Last Updated,dd/mm/yyyy``; row 2 the header. Each row is one *name*
of one target; a target (``Group ID``) repeats its other fields on every name
row, and a target with several dates of birth or addresses gets a row for each
combination, so everything is deduplicated while grouping. The legacy layout
(2018) and the 2022 layout (extra columns: non-Latin script names, alias
quality, passport and national id numbers, ``Ship`` group type) are both read
by column name.

Identifier columns (``Passport Details``, ``NI Number``) are free text; the
numbers are pulled out of them and the full text is kept in ``remarks``.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Generator, Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

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
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat, text_lines
from proscreen.sources.dates import parse_event_date, parse_iso_day

SOURCE = "uk-ofsi"
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Group ID")
_GIVEN = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
_ADDRESS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")

_SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_NAME_KINDS = {
    "prime alias": (NameKind.PRIMARY, Strength.STRONG),
    "primary name": (NameKind.PRIMARY, Strength.STRONG),
    "primary name variation": (NameKind.AKA, Strength.STRONG),
    "aka": (NameKind.AKA, Strength.STRONG),
    "alias": (NameKind.AKA, Strength.STRONG),
    "fka": (NameKind.FKA, Strength.STRONG),
    "nka": (NameKind.NKA, Strength.STRONG),
}

_DOB = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# "(1) x (2) y", "1) x 2) y", "(a) x b) y", "(1)-(2) x"
_ENUM = re.compile(r"(?:^|\s|,)\(?(?:\d{1,2}|[a-h])\)(?:\s*(?:-|to)\s*\(?\d{1,2}\))?\s*")
_PAREN = re.compile(r"\([^()]*\)")
_ID_CUT = re.compile(r"\b(?:issued|expires?|expired|valid|under name)\b", re.I)
_ID_NUMBER = re.compile(r"\b(?:[A-Z]{1,2}[ -])?[A-Z0-9]*\d[A-Z0-9/.\-]*[A-Z0-9]")
_UN_REF = re.compile(r"UN\s*Ref(?:erence)?(?:\s*No\.?|\s*Number)?\s*[:.]?\s*([A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)")
_IMO = re.compile(r"\bIMO(?:\s*(?:number|no\.?))?\s*:?\s*(\d{7})\b", re.I)
_COMPANY_IMO = re.compile(r"company\s+(?:number\s+)?IMO", re.I)
_MMSI = re.compile(r"\bMMSI\s*:?\s*(\d{9})\b", re.I)
_VESSEL_HINT = re.compile(r"^\W*IMO|Annex XIV\b|\bMMSI\b|Flag State", re.I)
# A sentence of its own (capitalised, or after a full stop): in "CERS is also known as SSRC" or
# "Father's name is X, also known as Y" the names are someone else's.
_ALSO = re.compile(
    r"(?:(?:^|[.;]\s*)(?i:(also (?:referred to|known) as|formerly known as))"
    r"|\b(Also (?:referred to|known) as|Formerly known as))\s*:?\s*([^.]+)"
)
_ALIAS_SPLIT = re.compile(r",\s*|\s+(?:and|or)\s+")
_COMMA = re.compile(r",\s*")
_SHORT_COUNTRIES = {"US", "USA", "UK", "UAE", "DRC", "CAR"}
_QUOTES = "'\"‘’“” "

_ID_COLUMNS = (
    ("Passport Details", IdType.PASSPORT),
    ("NI Number", IdType.NATIONAL_ID),
    ("Passport Number", IdType.PASSPORT),
    ("National Identification Number", IdType.NATIONAL_ID),
)
#: Free-text identifier columns (the numbers are extracted, the text kept as a remark) -> the
#: 2022 layout's column for the bare number.
_ID_TEXT_COLUMNS = {"Passport Details": "Passport Number", "NI Number": "National Identification Number"}

_SNIFF_COLUMNS = ("Group Type", "Group ID", "Alias Type")


def sniff(path: Path, head: bytes) -> bool:
    """The header row ('Name 6,Name 1,...,Group ID') is the first or second line."""
    if b"\x00" in head[:4096]:
        return False
    lines = head[:8192].decode("latin-1").lstrip("\ufeff\xef\xbb\xbf").splitlines()[:3]
    return any(line.lstrip('"').startswith("Name 6") and all(c in line for c in _SNIFF_COLUMNS) for line in lines)


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    if len(files) != 1:
        raise ParseError(", ".join(str(f) for f in files), "the OFSI consolidated list is one CSV file")
    path = files[0]
    source = source_override or SOURCE
    encoding = _detect_encoding(path)
    published = _check_head(path, encoding)
    return ListData(
        source=source,
        format=FORMAT.name,
        files=(path,),
        entities=_entities(path, encoding, source),
        published=published,
    )


# --- reading -----------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _rows(path: Path, encoding: str) -> Generator[tuple[int, list[str]], None, None]:
    """(line number, row) pairs; CSV errors become ParseError with the line."""
    with text_lines(path, encoding) as lines:
        reader = csv.reader(lines, strict=True)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ParseError(path, f"malformed CSV: {exc}", line=lines.line) from exc
            yield lines.line, row


def _find_header(path: Path, rows: Iterator[tuple[int, list[str]]]) -> tuple[date | None, int, list[str]]:
    """Skip the 'Last Updated' row; return (published, header line, header)."""
    published: date | None = None
    for line, row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if cells[0].lower() == "last updated" and published is None and line <= 2:
            day = parse_iso_day(cells[1] if len(cells) > 1 else "")
            if day is None:
                raise ParseError(path, f"bad 'Last Updated' date {cells[1:2]!r}", line=line)
            published = date.fromisoformat(day)
            continue
        missing = [col for col in REQUIRED if col not in cells]
        if missing:
            raise ParseError(path, f"not an OFSI consolidated list header; missing {', '.join(missing)}", line=line)
        return published, line, cells
    raise ParseError(path, "no OFSI consolidated list header found (empty file?)", line=1)


def _check_head(path: Path, encoding: str) -> date | None:
    rows = _rows(path, encoding)
    try:
        published, _, _ = _find_header(path, rows)
    finally:
        rows.close()
    return published


def _entities(path: Path, encoding: str, source: str) -> Iterator[Entity]:
    rows = _rows(path, encoding)
    try:
        _, _, header = _find_header(path, rows)
        groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
        width = len(header)
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if any("\x00" in cell for cell in row):
                raise ParseError(path, "NUL byte in a field: binary data or a UTF-16 file?", line=line)
            if len(row) < width or any(cell.strip() for cell in row[width:]):
                raise ParseError(path, f"expected {width} fields, found {len(row)}", line=line)
            record = {key: value.strip() for key, value in zip(header, row, strict=False)}
            group_id = record["Group ID"]
            if not group_id.isdigit():
                raise ParseError(path, f"bad Group ID {group_id!r}", line=line)
            if record["Group Type"].lower() not in _SCHEMAS:
                raise ParseError(path, f"unknown Group Type {record['Group Type']!r}", line=line)
            groups.setdefault(group_id, []).append((line, record))
    finally:
        rows.close()
    for group_id, records in groups.items():
        yield _entity(path, source, group_id, records)


# --- one target --------------------------------------------------------------


def _entity(path: Path, source: str, group_id: str, lines_records: list[tuple[int, dict[str, str]]]) -> Entity:
    records = [rec for _, rec in lines_records]
    first = records[0]
    person = first["Group Type"].lower() == "individual"
    # A target repeats its fields on every row: handle each distinct value once, keep first-seen order.
    names: dict[Name, None] = {}
    name_keys = (*_GIVEN, "Name 6", "Alias Type", "Alias Quality", "Name Non-Latin Script", "Non-Latin Script Language")
    for line, rec in _distinct_rows(lines_records, name_keys):
        names.update(dict.fromkeys(_names(path, line, rec, person)))
    for other in _distinct(records, "Other Information"):
        names.update(dict.fromkeys(_names_in_remarks(other, names, person)))
    countries: dict[Country, None] = {}
    for column, role in (("Country of Birth", CountryRole.BIRTH), ("Nationality", CountryRole.NATIONALITY)):
        for text in _distinct(records, column):
            countries.update(dict.fromkeys(_countries(text, role)))
    addresses: dict[Address, None] = {}
    for _, rec in _distinct_rows(lines_records, (*_ADDRESS, "Post/Zip Code", "Country")):
        address = _address(rec)
        if address:
            addresses[address] = None
            if address.country_name:
                countries[Country(code=address.country, role=CountryRole.ADDRESS, name=address.country_name)] = None
    identifiers: dict[Identifier, None] = {}
    remarks: dict[str, None] = {}
    for column, kind in _ID_COLUMNS:
        # the 2022 layout has a number column beside the details: then the details are only a remark
        structured = column in _ID_TEXT_COLUMNS and _ID_TEXT_COLUMNS[column] in first
        for text in _distinct(records, column):
            if not structured:
                identifiers.update(dict.fromkeys(_identifiers(text, kind, column)))
            if column in _ID_TEXT_COLUMNS:
                remarks[f"{column}: {text}"] = None
    for text in _distinct(records, "National Identification Details"):
        remarks[f"National Identification Details: {text}"] = None
    for other in _distinct(records, "Other Information"):
        identifiers.update(dict.fromkeys(_other_identifiers(other)))
        remarks[other] = None
    attributes = [("title", v) for v in _distinct(records, "Title")]
    attributes += [("position", v) for v in _distinct(records, "Position")]
    for text in _distinct(records, "UK Sanctions List Date Designated"):
        attributes.append(("uk_sanctions_list_date_designated", parse_iso_day(text) or text))
    updated = [d for d in map(parse_iso_day, _distinct(records, "Last Updated")) if d]
    if updated:
        attributes.append(("last_updated", max(updated)))
    listed = [d for d in map(parse_iso_day, _distinct(records, "Listed On")) if d]
    births: dict[str, None] = {}
    dates: dict[EventDate, None] = {}
    for _, rec in _distinct_rows(lines_records, ("Town of Birth", "Country of Birth")):
        births.update(dict.fromkeys(_places_of_birth(rec)))
    for text in _distinct(records, "DOB"):
        dates.update(dict.fromkeys(_dates(text, person)))
    schema = _SCHEMAS[first["Group Type"].lower()]
    if schema is Schema.ORGANIZATION and _looks_like_vessel(first.get("Other Information", "")):
        schema = Schema.VESSEL
    return Entity(
        source=source,
        source_id=group_id,
        schema=schema,
        names=tuple(sorted(names, key=lambda n: n.kind is not NameKind.PRIMARY)),
        addresses=tuple(addresses),
        countries=tuple(countries),
        dates=tuple(dates),
        places_of_birth=tuple(births),
        identifiers=tuple(identifiers),
        programs=tuple(_distinct(records, "Regime")),
        listed_on=min(listed) if listed else None,
        remarks=tuple(remarks),
        attributes=tuple(attributes),
    )


def _distinct(records: list[dict[str, str]], column: str) -> list[str]:
    return [v for v in dict.fromkeys(rec.get(column, "") for rec in records) if v]


def _distinct_rows(
    lines_records: list[tuple[int, dict[str, str]]], columns: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """The first row of each distinct combination of ``columns``."""
    seen: dict[tuple[str, ...], tuple[int, dict[str, str]]] = {}
    for line, rec in lines_records:
        seen.setdefault(tuple(rec.get(c, "") for c in columns), (line, rec))
    return list(seen.values())


def _names(path: Path, line: int, rec: dict[str, str], person: bool) -> list[Name]:
    alias_type = rec["Alias Type"].lower()
    if alias_type not in _NAME_KINDS:
        raise ParseError(path, f"unknown Alias Type {rec['Alias Type']!r}", line=line)
    kind, strength = _NAME_KINDS[alias_type]
    if rec.get("Alias Quality", "").lower().startswith("low"):
        strength = Strength.WEAK
    parts = [rec.get(col, "") for col in _GIVEN] if person else []
    value = " ".join(" ".join([*parts, rec["Name 6"]]).split())
    if not value and not person:  # entities are named in Name 6; be lenient with the other columns
        value = " ".join(" ".join(rec.get(col, "") for col in (*_GIVEN, "Name 6")).split())
    names = [Name(value=value, kind=kind, strength=strength)] if value else []
    script = " ".join(rec.get("Name Non-Latin Script", "").split())
    if script:
        lang = rec.get("Non-Latin Script Language", "") or None
        names.append(Name(value=script, kind=kind, strength=strength, original_script=True, lang=lang))
    if not names:
        raise ParseError(path, "row without a name", line=line)
    return names


def _names_in_remarks(text: str, known: Iterable[Name], person: bool) -> list[Name]:
    """Weak aliases from "Also referred to as A, B and C." and former names from "Formerly known as X".

    Organisation names contain "and" ("Scientific Studies and Research Center"): split those on commas only.
    """
    seen = {n.value.lower() for n in known}
    out: list[Name] = []
    splitter = _ALIAS_SPLIT if person else _COMMA
    for match in _ALSO.finditer(text):
        former = (match.group(1) or match.group(2)).lower().startswith("formerly")
        for item in splitter.split(_PAREN.sub("", match.group(3))):
            value = " ".join(item.strip(_QUOTES).split())
            if not value or not value[0].isupper() or len(value) > 80 or len(value.split()) > 8:
                continue
            if value.lower() not in seen:
                seen.add(value.lower())
                kind, strength = (NameKind.FKA, Strength.STRONG) if former else (NameKind.AKA, Strength.WEAK)
                out.append(Name(value=value, kind=kind, strength=strength))
    return out


def _dates(text: str, person: bool) -> list[EventDate]:
    """'dd/mm/yyyy', with 00 for an unknown day or month ('00/00/1960' is the year 1960)."""
    if m := _DOB.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if month == 0:
            return [EventDate(start=year, kind=DateKind.BIRTH if person else DateKind.INCORPORATION)]
        if day == 0:
            return [EventDate(start=f"{year}-{month:02d}", kind=DateKind.BIRTH if person else DateKind.INCORPORATION)]
    parsed = parse_event_date(text, DateKind.BIRTH if person else DateKind.INCORPORATION)
    return [parsed] if parsed else []


def _split_enum(text: str) -> list[str]:
    """'(1) A (2) B' -> ['A', 'B']; text without numbering -> [text]."""
    parts = [p.strip(" ,;.") for p in _ENUM.split(text)]
    return [p for p in parts if p]


@lru_cache(maxsize=4096)
def _country_of(text: str) -> str | None:
    """The country a free-text value names: 'Pakistan (as at Apr 2009)', 'Iranian citizenship'."""
    code = country_code(text) if _plausible(text) else None
    if code:
        return code
    words = _PAREN.sub(" ", text).replace(",", " ").split()
    for size in range(min(len(words), 6), 0, -1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start : start + size])
            if _plausible(candidate) and (code := country_code(candidate)):
                return code
    return None


def _plausible(candidate: str) -> bool:
    """Short words are country codes only when they are well-known abbreviations ('no', 'id' are not)."""
    return len(candidate) >= 4 or candidate in _SHORT_COUNTRIES


def _countries(text: str, role: CountryRole) -> list[Country]:
    out: list[Country] = []
    for part in _split_enum(text):
        this_role = CountryRole.CITIZENSHIP if role is CountryRole.NATIONALITY and "citizen" in part.lower() else role
        out.append(Country(code=_country_of(part), role=this_role, name=part))
    return out


def _places_of_birth(rec: dict[str, str]) -> list[str]:
    towns = _split_enum(rec.get("Town of Birth", ""))
    countries = list(dict.fromkeys(_split_enum(rec.get("Country of Birth", ""))))
    if not towns:
        return countries
    if len(countries) == 1:
        return [f"{town}, {countries[0]}" for town in towns]
    if len(countries) == len(towns):
        return [f"{town}, {country}" for town, country in zip(towns, countries, strict=True)]
    return towns


def _address(rec: dict[str, str]) -> Address | None:
    lines = [rec.get(col, "") for col in _ADDRESS]
    postal = rec.get("Post/Zip Code", "") or None
    country = rec.get("Country", "") or None
    parts = [p for p in [*lines, postal, country] if p]
    if not parts:
        return None
    return Address(
        full=", ".join(parts),
        postal_code=postal,
        country=_country_of(country) if country else None,
        country_name=country,
    )


def _identifiers(text: str, kind: IdType, label: str) -> list[Identifier]:
    out: list[Identifier] = []
    for part in _split_enum(text):
        head = _ID_CUT.split(part, maxsplit=1)[0]
        match = _ID_NUMBER.search(_PAREN.sub(" ", head))
        if not match:
            continue
        value = match.group(0).strip(" .-")
        if len(re.sub(r"\D", "", value)) < 3:
            continue
        # the issuing country: "(Afghan)" next to the number, a leading "Jordanian ...", or "(Iraq)" further on
        country = next((c for p in _PAREN.findall(head) if (c := _country_of(p.strip("()")))), None)
        if country is None and head[: match.start()].strip():
            country = _country_of(head[: match.start()])
        if country is None:
            country = next((c for p in _PAREN.findall(part) if (c := _country_of(p.strip("()")))), None)
        out.append(Identifier(type=kind, value=value, country=country, label=label))
    return out


def _other_identifiers(text: str) -> list[Identifier]:
    out: list[Identifier] = []
    if m := _UN_REF.search(text):
        out.append(Identifier(type=IdType.OTHER, value=m.group(1).rstrip("."), label="UN reference"))
    if not _COMPANY_IMO.search(text):
        out.extend(Identifier(type=IdType.IMO, value=m.group(1)) for m in _IMO.finditer(text))
    else:
        out.extend(Identifier(type=IdType.IMO, value=m.group(1), label="company IMO") for m in _IMO.finditer(text))
    out.extend(Identifier(type=IdType.MMSI, value=m.group(1)) for m in _MMSI.finditer(text))
    return out


def _looks_like_vessel(text: str) -> bool:
    """The 2018 layout has no 'Ship' type; a vessel's entry leads with its IMO number or is in Annex XIV."""
    return bool(_IMO.search(text)) and not _COMPANY_IMO.search(text) and bool(_VESSEL_HINT.search(text))


FORMAT = ListFormat(
    name="uk-ofsi-csv",
    title="HM Treasury OFSI Consolidated List (CSV)",
    sniff=sniff,
    read=read,
    urls={SOURCE: {"ConList.csv": "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"}},
)
