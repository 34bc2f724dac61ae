"""US Consolidated Screening List (trade.gov) CSV: thirteen US lists in one file.

One row per listing; the ``source`` column names the list (``"Entity List (EL) -
Bureau of Industry and Security"``), kept in :attr:`Entity.source_list`. Multi-valued
cells are separated by ``"; "``; ``ids`` holds OFAC facts as ``"type, number[,
country][, issue date][, expiry date]"`` groups, read with the OFAC remarks parser.

Source ids. The ``_id`` column cannot be used: it is not unique (the same OFAC
entity is a row of the SDN and of the PLC list, of the SSI and of NS-MBS), the
32-hex ids of the DTC and MEU rows are random UUIDs that change with every export,
and the 56-hex ids are hashes of the name and Federal Register notice that change
with each renewal. So: OFAC rows use ``"<list>-<entity_number>"`` (``"SDN-9659"``),
all other rows ``"<list>-<hash>"`` of the list, name and addresses (see
:func:`assign_stable_ids`). The 56-hex ``_id`` is kept as attribute ``csl_id``.

The per-list constant columns ``source_list_url`` and ``source_information_url``
are not copied into every entity.

A file cut off inside its last record (no final newline) is read up to the cut
when the record's name is complete: the entity is flagged with attribute
``truncated`` and a remark. Anything else malformed raises :class:`ParseError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

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
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat, text_lines
from proscreen.sources.dates import parse_event_date, parse_iso_day, parse_partial
from proscreen.sources.ofac_remarks import parse_remarks

_T = TypeVar("_T")

SOURCE = "us-csl"
COLUMNS = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
    "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
    "vessel_flag", "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
    "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
)  # fmt: skip
_COLUMN_SET = frozenset(COLUMNS)
_HEADER_PREFIX = ",".join(COLUMNS[:6])
_SCHEMAS = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
_ATTRIBUTE_COLUMNS = (
    "title", "federal_register_notice", "end_date", "standard_order", "license_requirement",
    "license_policy", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner",
)  # fmt: skip
_MAX_TRUNCATED_LINES = 20

_SPLIT = re.compile(r"\s*;\s+")
_AND = re.compile(r"^and\s+")
_UUID_HEX = re.compile(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")
_ABBR = re.compile(r"\(([^()]+)\)")
_CODE = re.compile(r"[A-Z]{2}")
_ZIP = re.compile(r"\d{4,5}(?:-\d{4})?")  # BIS drops leading zeros: "8640" for 08640
_TRAILING_POSTAL = re.compile(r"\s+\d[\d\-]*$")
_LINKED = re.compile(r"\(Linked To:\s*(.*)\)\s*$", re.DOTALL)
_LINKED_SPLIT = re.compile(r";\s*Linked To:\s*")
_INMATE = re.compile(
    r"\b(INMATE NU(?:M)?BER|REGISTER NUMBER|USM NO\.?|INMATE NO\.?)\s*[:#\-]?\s*(\d{3,6}-\d{2,3})", re.IGNORECASE
)
_INMATE_HINT = re.compile(r"INMATE|REGISTER|USM", re.IGNORECASE)
_STATES_TEXT = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
)
US_STATES = frozenset(_STATES_TEXT.split())

# --- names as the lists write them ---------------------------------------------

_MARKERS = r"a/k/a|a\.k\.a\.?|also known as|d/b/a|d\.b\.a\.?|f/k/a|f\.k\.a\.?|formerly known as|n/k/a|n\.k\.a\.?"
_INLINE_ALIAS = re.compile(rf"\s*,?\s+(?:{_MARKERS})(?:,|:)?\s+", re.IGNORECASE)
_BRACKET_ALIAS = re.compile(rf"\s*([(\[])\s*(?:{_MARKERS}|aka|fka|dba)[\s,:]+([^()\[\]]+?)\s*[)\]]", re.IGNORECASE)
_SCOPE = re.compile(
    r"[\s;,]*\b((?:and|including) (?:any|its|all) (?:successors?|sub-units?|subsidiar)[^()]*)$", re.IGNORECASE
)
_PARENT = re.compile(r"\s*\(\s*parent organi[sz]ation:\s*(.+)\)\s*$", re.IGNORECASE)
_NOTE = re.compile(r"\s*\(((?:[\w-]+\s+)?individual)\)", re.IGNORECASE)
_NICKNAME = re.compile(r'\s*"([^"]+)"\s*')
_TRAILING_PAREN = re.compile(r"\s*\(([^()]+)\)\s*$")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_PAREN_WORD = re.compile(r"([\w'.-]+)\s*\(([^()]+)\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&\-. ]{2,15}")
_WORD_STARTS = re.compile(r"(?<![\w'])\w")
_ORG_WORDS = re.compile(
    r"\b(universit\w*|institut\w*|academy|cent(?:er|re)|corporation|corp|company|co|group|bureau|ministry|department"
    r"|organi[sz]ation|industr\w*|trading|electronic\w*|technolog\w*|tech|systems?|airlines?|aviation|airways|bank"
    r"|factory|plant|laborator\w*|lab|commission|government|forces?|army|navy|enterprises?|international|services?"
    r"|engineering|holdings?|logistics|shipping|marine|research|development|agency|authority|council|network"
    r"|solutions|import|export|manufactur\w*|works|foundation|association|society|committee|office|school|hospital"
    r"|partners|firm|store|shop|zone|ventures?|industries|design|science|instruments?|equipment|supply|supplies"
    r"|machinery|components|devices|communications?|chemicals?|materials|metals?|energy|petroleum|oil|gas|nuclear"
    r"|power|space|aerospace|defen[cs]e|military|security|intelligence|directorate|corps|plc|llc|llp|inc|ltd|gmbh|jsc"
    r"|ooo|oao|zao|pjsc|pao|pte|pvt|sdn bhd|s\.?a\.?|s\.?l\.?|s\.?r\.?l\.?|b\.?v\.?|ag|fze|fzco|fzc|fzlc)\b",
    re.IGNORECASE,
)


@dataclass
class ListedName:
    """A name cell split into the primary name and what else it says."""

    primary: str
    aliases: list[Name] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    person: bool = False


def split_listed_name(raw: str) -> ListedName:
    """``"FUYI SUN A/K/A FRANK SUN"``, ``"X (f.k.a. Y)"``, ``"X; and any successor..."`` -> parts."""
    text = " ".join(raw.split())
    out = ListedName(primary=text)
    if scope := _SCOPE.search(text):
        out.notes.append(scope.group(1).strip())
        text = text[: scope.start()].rstrip(" ;,")
    if parent := _PARENT.search(text):
        target = parent.group(1).strip()
        out.relations.append(Relation(RelationKind.OWNED_BY, target, text=parent.group(0).strip()))
        text = text[: parent.start()]
    for bracket in _BRACKET_ALIAS.finditer(text):
        kind = _alias_kind(bracket.group(0))
        values = bracket.group(2).split(", ") if bracket.group(1) == "[" else [bracket.group(2)]
        out.aliases.extend(Name(value.strip(), kind=kind) for value in values if value.strip())
    text = _BRACKET_ALIAS.sub("", text)
    for note in _NOTE.finditer(text):
        out.notes.append(note.group(1))
        out.person = True
    text = _NOTE.sub("", text)
    if inmate := _INMATE.search(text):
        out.identifiers += prison_numbers(text)
        out.notes.append(text[inmate.start() :].strip(" ,"))
        out.person = True
        text = text[: inmate.start()].rstrip(" ,")
    parts = _INLINE_ALIAS.split(text)
    markers = _INLINE_ALIAS.findall(text)
    text = parts[0].strip(" ,")
    out.aliases.extend(
        Name(part.strip(" ,"), kind=_alias_kind(marker)) for part, marker in zip(parts[1:], markers, strict=True)
    )
    trailing = _TRAILING_PAREN.search(text)
    if trailing and len(trailing.group(1).split()) > 1 and _legal_form(trailing.group(1)):
        # "SOCCER ZONE (MNC GROUP INTERNATIONAL, INC.)": a company the listed party belongs to.
        out.relations.append(Relation(RelationKind.LINKED_TO, trailing.group(1).strip(), text=raw.strip()))
        text = text[: trailing.start()]
    elif trailing and _is_acronym(trailing.group(1), text[: trailing.start()]):
        out.aliases.append(Name(trailing.group(1).strip(), kind=NameKind.AKA, strength=Strength.WEAK))
    if _NICKNAME.search(text):
        out.aliases.append(Name(" ".join(_NICKNAME.sub(" ", text).split()), kind=NameKind.AKA))
    out.aliases += _variant_names(text)
    out.primary = " ".join(text.split()) or " ".join(raw.split())
    return out


def _variant_names(text: str) -> list[Name]:
    """'SAMMY (IHSAN MEDHAT) ELASHI' -> 'SAMMY ELASHI', 'IHSAN MEDHAT ELASHI' (persons' names only)."""
    found = _PAREN.findall(text)
    if len(found) != 1 or looks_like_org(text) or _is_acronym(found[0], text[: text.find("(")]):
        return []
    match = _PAREN_WORD.search(text)
    variants = [_PAREN.sub(" ", text)]
    if match is not None and match.group(2).casefold() not in _PAREN.sub(" ", text).casefold().split():
        variants.append(text[: match.start()] + f" {match.group(2)} " + text[match.end() :])
    return [Name(" ".join(v.split()).strip(" ,"), kind=NameKind.AKA) for v in variants]


def _alias_kind(marker: str) -> NameKind:
    letter = marker.strip(" ([,").lower()[:1]
    return {"f": NameKind.FKA, "n": NameKind.NKA}.get(letter, NameKind.AKA)


def _legal_form(text: str) -> bool:
    from rigour.names import extract_org_types

    return bool(extract_org_types(text))


def _is_acronym(text: str, before: str) -> bool:
    """'(AASPT)' after 'Academy of Aerospace Solid Propulsion Technology': its letters are word initials."""
    value = text.strip()
    if not _ACRONYM.fullmatch(value) or len(value.replace(" ", "")) > 12:
        return False
    initials = iter(m.group(0).upper() for m in _WORD_STARTS.finditer(before))
    return all(letter in initials for letter in value if letter.isalnum())


def looks_like_org(name: str) -> bool:
    """True when a name has a legal form or a word only organisations carry."""
    return _legal_form(name) or bool(_ORG_WORDS.search(name))


def prison_numbers(text: str) -> list[Identifier]:
    """'INMATE NUMBER: 42167-480, FCI LA TUNA ...' -> the US federal prisoner number as an identifier."""
    if not _INMATE_HINT.search(text):
        return []  # cheap test first: few addresses are prisons
    return [
        Identifier(IdType.OTHER, match.group(2), country="us", label=_prison_label(match.group(1)))
        for match in _INMATE.finditer(text)
    ]


def _prison_label(text: str) -> str:
    word = text.split()[0].upper()
    return {"USM": "USM Number", "REGISTER": "Register Number"}.get(word, "Inmate Number")


def infer_schema(name: ListedName, address_text: str = "") -> Schema:
    """Person (inmate number, "individual"), Organization (legal form, org words) or LegalEntity."""
    if name.person or _INMATE.search(address_text):
        return Schema.PERSON
    if looks_like_org(name.primary):
        return Schema.ORGANIZATION
    return Schema.LEGAL_ENTITY


# --- stable ids ---------------------------------------------------------------


def assign_stable_ids(keys: Sequence[tuple[str, ...]], size: int = 12) -> list[str]:
    """Short hashes unique within a file, as stable as the rows allow.

    ``keys[i]`` is row i's identity from most to least stable (e.g. name and
    address; listing date; notice; the whole row). Each row hashes the shortest
    prefix of its key that no other row shares, so a change in a later part only
    changes the id of rows that need that part to be told apart. Rows identical in
    every part are numbered in file order (``"-2"``, ``"-3"``).
    """
    ids: list[str | None] = [None] * len(keys)
    open_rows = list(range(len(keys)))
    for level in range(1, max((len(k) for k in keys), default=0) + 1):
        counts = Counter(keys[i][:level] for i in open_rows)
        for i in open_rows:
            if counts[keys[i][:level]] == 1:
                ids[i] = _digest(keys[i][:level], size)
        open_rows = [i for i in open_rows if ids[i] is None]
    seen: Counter[str] = Counter()
    out: list[str] = []
    for i, value in enumerate(ids):
        base = value or _digest(keys[i], size)
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def _digest(parts: tuple[str, ...], size: int) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def norm_key(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- safe CSV records -----------------------------------------------------------


@dataclass
class Record:
    line: int  # first line of the record
    cells: list[str]
    #: The file ends inside this record: no final newline after it.
    cut: bool = False
    #: Cut inside a quoted field (the last cell is partial); only with ``allow_truncated_tail``.
    truncated: bool = False


class _Tracked:
    """Line iterator that remembers the raw lines of the record being read."""

    def __init__(self, lines: Iterator[str]):
        self.lines = lines
        self.pending: list[str] = []
        self.count = 0
        self.exhausted = False

    def __iter__(self) -> _Tracked:
        return self

    def __next__(self) -> str:
        try:
            line = next(self.lines)
        except StopIteration:
            self.exhausted = True
            raise
        if not self.count:
            line = line.removeprefix("\ufeff")  # a byte-order mark
        self.count += 1
        self.pending.append(line)
        return line


def csv_records(path: Path, delimiter: str = ",", allow_truncated_tail: bool = False) -> Iterator[Record]:
    """Records of a UTF-8 CSV (BOM allowed), strictly quoted, with their first line numbers.

    ``cut`` marks a last record the file ends in without a newline (a download
    cut short, or just no final newline). With ``allow_truncated_tail`` a last
    record cut inside a quoted field is returned (``truncated=True``) instead of
    raising; a quote left open further up still raises.
    """
    lines = text_lines(path, encoding="utf-8")
    tracked = _Tracked(lines)
    reader = csv.reader(tracked, delimiter=delimiter, strict=True)
    try:
        while True:
            start = tracked.count + 1
            tracked.pending.clear()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raw = "".join(tracked.pending)
                cut = tracked.exhausted and not raw.endswith("\n") and raw.count("\n") < _MAX_TRUNCATED_LINES
                if not (allow_truncated_tail and cut and str(exc) == "unexpected end of data"):
                    raise ParseError(path, f"malformed CSV: {exc}", line=start) from exc
                cells = next(csv.reader(io.StringIO(raw), delimiter=delimiter, strict=False))
                yield Record(start, cells, cut=True, truncated=True)
                return
            ends_line = tracked.pending[-1].endswith(("\n", "\r")) if tracked.pending else True
            yield Record(start, cells, cut=not ends_line)
    finally:
        lines.close()


# --- the CSL --------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    return first.replace('"', "").startswith(_HEADER_PREFIX)


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    source = source_override or SOURCE
    data = ListData(source=source, format=FORMAT.name, files=tuple(files), entities=())
    data.entities = _entities(files, source, data.warnings)
    return data


@dataclass
class _Row:
    path: Path
    line: int
    cells: dict[str, str]  # whitespace collapsed
    extra: tuple[str, ...] = ()  # columns of a newer layout: kept as attributes
    truncated: str | None = None  # the column cut off at the end of the file


def _rows(path: Path) -> Iterator[_Row]:
    header: list[str] | None = None
    for record in csv_records(path, allow_truncated_tail=True):
        if not any(cell.strip() for cell in record.cells):
            continue
        if header is None:
            header = [cell.strip() for cell in record.cells]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ParseError(path, f"not a CSL header: missing column(s) {', '.join(missing)}", line=record.line)
            continue
        if [cell.strip() for cell in record.cells] == header:
            continue  # the header repeated as a data row
        cut = None
        if len(record.cells) != len(header) or record.truncated:
            # Only a last record cut off after its name is complete is read (up to the cut).
            if not (record.cut and header.index("name") < len(record.cells) - 1 <= len(header) - 1):
                ends = "the file ends inside this record: " if record.cut else ""
                message = f"{ends}expected {len(header)} fields, found {len(record.cells)}"
                raise ParseError(path, message, line=record.line)
            cut = header[len(record.cells) - 1]
        cells = dict(zip(header, record.cells, strict=False))
        extra = tuple(k for k in header if k not in _COLUMN_SET and k)
        yield _Row(path, record.line, {k: " ".join(cells.get(k, "").split()) for k in header}, extra, cut)


def _entities(files: Sequence[Path], source: str, warnings: list[str]) -> Iterator[Entity]:
    rows = [row for path in files for row in _rows(path)]
    for row in rows:
        if row.truncated:
            warnings.append(
                f"{row.path}, line {row.line}: the file ends inside this record; read up to {row.truncated!r}"
            )
    ids = _source_ids(rows)
    names = [split_listed_name(row.cells["name"]) for row in rows]
    # (list, name) and ("", name) -> source id; None when two rows share the name.
    by_name: dict[tuple[str, str], str | None] = {}
    for row, listed, sid in zip(rows, names, ids, strict=True):
        for key in ((_list_abbr(row.cells["source"]), norm_key(listed.primary)), ("", norm_key(listed.primary))):
            by_name[key] = None if key in by_name else sid
    for row, listed, sid in zip(rows, names, ids, strict=True):
        yield _entity(row, listed, source, sid, by_name)


def _source_ids(rows: list[_Row]) -> list[str]:
    keys: list[tuple[str, ...]] = []
    for row in rows:
        c = row.cells
        abbr = _list_abbr(c["source"])
        if c["entity_number"].strip():
            keys.append((f"{abbr}-{c['entity_number'].strip()}",))
        else:
            base = "\x1e".join((abbr, norm_key(c["name"]), norm_key(c["addresses"])))
            whole = json.dumps({k: v for k, v in c.items() if k != "_id"}, sort_keys=True)
            keys.append((base, c["start_date"].strip(), norm_key(c["federal_register_notice"]), whole))
    hashed = assign_stable_ids(keys)
    seen: Counter[str] = Counter()
    out = []
    for row, key, digest in zip(rows, keys, hashed, strict=True):
        sid = key[0] if len(key) == 1 else f"{_list_abbr(row.cells['source'])}-{digest}"
        seen[sid] += 1
        out.append(sid if seen[sid] == 1 else f"{sid}-{seen[sid]}")
    return out


@lru_cache(maxsize=256)
def _list_abbr(source_list: str) -> str:
    """'Entity List (EL) - Bureau...' -> 'EL'; '(NS-MBS List)' -> 'NS-MBS'."""
    found: list[str] = _ABBR.findall(source_list)
    if found:
        return found[-1].removesuffix(" List").strip().replace(" ", "-")
    return re.sub(r"\W+", "-", source_list.split(" - ")[0]).strip("-")[:24] or "CSL"


def _cell(row: _Row, column: str) -> str:
    return row.cells.get(column, "")


def _many(row: _Row, column: str) -> list[str]:
    """'A; B; and C' -> ['A', 'B', 'C'] (the Entity List ends its enumerations with 'and')."""
    value = row.cells.get(column, "")
    return [_AND.sub("", part).strip() for part in _SPLIT.split(value) if part.strip()] if value else []


def _entity(row: _Row, listed: ListedName, source: str, sid: str, by_name: dict[tuple[str, str], str | None]) -> Entity:
    c = row.cells
    abbr = _list_abbr(c["source"])
    if not listed.primary:
        raise ParseError(row.path, "row without a name", line=row.line)
    kind = _cell(row, "type").lower()
    schema = _SCHEMAS.get(kind) or infer_schema(listed, c["addresses"])
    person = schema is Schema.PERSON
    names = [Name(listed.primary), *listed.aliases]
    names += [Name(alias, kind=NameKind.AKA) for alias in _many(row, "alt_names")]
    countries: list[Country] = []
    addresses = [_address(text) for text in _many(row, "addresses")]
    countries += [Country(a.country, CountryRole.ADDRESS, a.country_name) for a in addresses if a.country]
    for column, role in (("nationalities", CountryRole.NATIONALITY), ("citizenships", CountryRole.CITIZENSHIP)):
        countries += [Country(country_code(v), role, v) for v in _many(row, column)]
    remarks = list(listed.notes)
    dates = []
    for text in _many(row, "dates_of_birth"):
        event = parse_event_date(text)
        if event is None:
            remarks.append(f"date of birth: {text}")
        else:
            dates.append(event)
    places = _many(row, "places_of_birth")
    for place in places:
        last = place.rsplit(",", 1)[-1].strip()
        if code := country_code(last):
            countries.append(Country(code, CountryRole.BIRTH, last))
    identifiers = [*listed.identifiers, *prison_numbers(c["addresses"])]
    attributes: list[tuple[str, str]] = []
    for group in _many(row, "ids"):
        facts = _id_group(group, person)
        names += facts.names
        countries += facts.countries
        dates += facts.dates
        identifiers += facts.identifiers
        attributes += facts.attributes
        remarks += [group] if facts.remarks else []
    if call_sign := _cell(row, "call_sign"):
        identifiers.append(Identifier(IdType.CALL_SIGN, call_sign))
    if flag := _cell(row, "vessel_flag"):
        countries.append(Country(country_code(flag), CountryRole.REGISTRATION, flag))
    relations = list(listed.relations)
    if owner := _cell(row, "vessel_owner"):
        relations.append(Relation(RelationKind.OWNED_BY, owner, text=f"vessel owner: {owner}"))
    relations += _linked(row, source, abbr, by_name, remarks)
    for column in _ATTRIBUTE_COLUMNS:
        if value := _cell(row, column):
            attributes.append((column, (parse_iso_day(value) or value) if column == "end_date" else value))
    attributes += [(k, c[k]) for k in row.extra if c[k]]
    csl_id = c["_id"].strip()
    if csl_id and csl_id != c["entity_number"].strip() and not _UUID_HEX.fullmatch(csl_id):
        attributes.append(("csl_id", csl_id))
    if listed.primary != c["name"]:
        attributes.append(("name_as_listed", c["name"]))
    if row.truncated:
        attributes.append(("truncated", "true"))
        remarks.append(f"record cut off at the end of the file: {row.truncated!r} is incomplete, later columns missing")
    return Entity(
        source=source,
        source_id=sid,
        schema=schema,
        names=unique(names, key=lambda n: n.value.casefold()),
        addresses=unique(addresses),
        countries=unique(countries, key=lambda x: (x.code or x.name, x.role)),
        dates=unique(dates),
        places_of_birth=tuple(places),
        identifiers=unique(identifiers),
        programs=tuple(_many(row, "programs")),
        listed_on=parse_iso_day(c["start_date"]),
        remarks=unique(remarks),
        relations=unique(relations),
        source_list=_cell(row, "source"),
        attributes=unique(attributes),
    )


def _address(text: str) -> Address:
    """'31 Jinrong Street, Xicheng District, Beijing, 100033, CN' -> Address with country 'cn'."""
    parts = [p.strip() for p in text.split(",")]
    last = parts[-1]
    code = None if last.isdigit() else country_code(_TRAILING_POSTAL.sub("", last))
    if code:
        return Address(full=text, country=code, country_name=last)
    if len(parts) >= 2 and (last.upper() in US_STATES or (_ZIP.fullmatch(last) and parts[-2] in US_STATES)):
        return Address(full=text, country="us")  # a US address: state and ZIP code, no country
    return Address(full=text)


def _id_group(group: str, person: bool) -> _Facts:
    """'Passport, E590976, TN, 19 Jun 1987, 18 Jun 1992' -> OFAC remark 'Passport E590976 (TN) issued ...'."""
    label, _, rest = group.partition(", ")
    label = label.strip()
    if label.lower() == "nationality country":
        facts = _Facts()
        facts.countries.append(Country(country_code(rest), CountryRole.NATIONALITY, rest.strip()))
        return facts
    parts = [p.strip() for p in rest.split(", ")] if rest else []
    tail: list[str] = []
    while len(parts) > 1 and parse_partial(parts[-1]) and len(tail) < 2:
        tail.insert(0, parts.pop())
    country = parts.pop() if len(parts) > 1 and _CODE.fullmatch(parts[-1]) else None
    segment = f"{label} {', '.join(parts)}".strip()
    if country:
        segment += f" ({country})"
    for word, day in zip(("issued", "expires"), tail, strict=False):
        segment += f" {word} {day}"
    parsed = parse_remarks(segment, person=person)
    facts = _Facts(parsed.names, parsed.countries, parsed.dates, parsed.identifiers, parsed.attributes)
    facts.remarks = parsed.remarks
    if not parsed.remarks and tail and parsed.identifiers:
        facts.remarks = [group]  # issue/expiry dates have no field of their own
    return facts


@dataclass
class _Facts:
    names: list[Name] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    dates: list[EventDate] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def _linked(
    row: _Row, source: str, abbr: str, by_name: dict[tuple[str, str], str | None], remarks: list[str]
) -> list[Relation]:
    """'(Linked To: A; Linked To: B)' at the end of the remarks -> relations; the rest -> remarks."""
    text = row.cells["remarks"].strip()
    match = _LINKED.search(text)
    if match is None:
        if text:
            remarks.append(" ".join(text.split()))
        return []
    if rest := text[: match.start()].strip(" ;"):
        remarks.append(" ".join(rest.split()))
    relations = []
    for target in _LINKED_SPLIT.split(match.group(1)):
        target = target.strip()
        key = norm_key(target)
        sid = by_name[(abbr, key)] if (abbr, key) in by_name else by_name.get(("", key))
        target_id = f"{source}:{sid}" if sid else None
        relations.append(Relation(RelationKind.LINKED_TO, target, target_id, text=f"Linked To: {target}"))
    return relations


def unique(items: Sequence[_T], key: Callable[[_T], object] | None = None) -> tuple[_T, ...]:
    seen: set[object] = set()
    out: list[_T] = []
    for item in items:
        marker = key(item) if key else item
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return tuple(out)


FORMAT = ListFormat(
    name="us-csl-csv",
    title="US Consolidated Screening List (trade.gov CSV)",
    sniff=sniff,
    read=read,
    urls={
        SOURCE: {
            "consolidated.csv": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"
        }
    },
)

__all__ = [
    "COLUMNS",
    "FORMAT",
    "US_STATES",
    "ListedName",
    "Record",
    "assign_stable_ids",
    "csv_records",
    "infer_schema",
    "looks_like_org",
    "norm_key",
    "prison_numbers",
    "read",
    "sniff",
    "split_listed_name",
    "unique",
]
