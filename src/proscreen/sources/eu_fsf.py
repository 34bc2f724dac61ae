"""EU Financial Sanctions Files (FSF), semicolon-separated CSV -> entities.

Every row repeats the listed party's own columns and carries at most one record
of each kind: a name ("name alias"), an address, a birth date, an
identification document and a citizenship, each with its own logical id. Rows
are grouped by the party's logical id (the source id) and records kept once per
logical id. Two header layouts are read, told apart by their column names:

- the 2018 "1.0" layout: ``Date_file;Entity_logical_id;Subject_type;Leba_numtitle;...;
  Naal_*;Addr_*;Birt_*;Iden_*;Citi_*;EU_ref_num`` (several columns share the
  name ``Entity_logical_id``; the first is the party's);
- the current layout: ``fileGenerationDate;Entity_LogicalId;Entity_EU_ReferenceNumber;...;
  NameAlias_*;Address_*;BirthDate_*;Identification_*;Citizenship_*``.

Files are UTF-8 (with or without BOM); older files are Windows-1252. Some
copies went through a spreadsheet that wrapped each whole line in quotes and
turned commas into tabs; such lines are unwrapped and the tabs turned back.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

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
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat, head_bytes, text_lines
from proscreen.sources.dates import parse_event_date, parse_iso_day, parse_partial

SOURCE = "eu-fsf"

#: Canonical column -> its name in the 1.0 layout and in the current layout.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "file_date": ("Date_file", "fileGenerationDate"),
    "entity_id": ("Entity_logical_id", "Entity_LogicalId"),
    "subject": ("Subject_type", "Entity_SubjectType_ClassificationCode", "Entity_SubjectType"),
    "reg_title": ("Leba_numtitle", "Entity_Regulation_NumberTitle"),
    "reg_date": ("Leba_publication_date", "Entity_Regulation_PublicationDate"),
    "programme": ("Programme", "Entity_Regulation_Programme"),
    "remark": ("Entity_remark", "Entity_Remark"),
    "eu_ref": ("EU_ref_num", "Entity_EU_ReferenceNumber"),
    "un_ref": ("Entity_UnitedNationId",),
    "designated": ("Entity_DesignationDate",),
    "designation": ("Entity_DesignationDetails",),
    "name_id": ("Naal_logical_id", "NameAlias_LogicalId"),
    "last": ("Naal_lastname", "NameAlias_LastName"),
    "first": ("Naal_firstname", "NameAlias_FirstName"),
    "middle": ("Naal_middlename", "NameAlias_MiddleName"),
    "whole": ("Naal_wholename", "NameAlias_WholeName"),
    "gender": ("Naal_gender", "NameAlias_Gender"),
    "title": ("Naal_title", "NameAlias_Title"),
    "function": ("Naal_function", "NameAlias_Function"),
    "lang": ("Naal_language", "NameAlias_NameLanguage"),
    "name_remark": ("NameAlias_Remark",),
    "addr_id": ("Addr_logical_id", "Address_LogicalId"),
    "addr_number": ("Addr_number",),
    "street": ("Addr_street", "Address_Street"),
    "po_box": ("Address_PoBox",),
    "zip": ("Addr_zipcode", "Address_ZipCode"),
    "city": ("Addr_city", "Address_City"),
    "region": ("Address_Region",),
    "place": ("Address_Place",),
    "addr_country": ("Addr_country", "Address_CountryDescription"),
    "addr_iso2": ("Address_CountryIso2Code",),
    "contact": ("Addr_other", "Address_ContactInfo"),
    "addr_remark": ("Address_Remark",),
    "birth_id": ("Birt_logical_id", "BirthDate_LogicalId"),
    "birth_date": ("Birt_date", "BirthDate_BirthDate"),
    "birth_day": ("BirthDate_Day",),
    "birth_month": ("BirthDate_Month",),
    "birth_year": ("BirthDate_Year",),
    "birth_from": ("BirthDate_YearRangeFrom",),
    "birth_to": ("BirthDate_YearRangeTo",),
    "birth_circa": ("BirthDate_Circa",),
    "birth_calendar": ("BirthDate_CalendarType",),
    "birth_place": ("Birt_place", "BirthDate_Place"),
    "birth_city": ("BirthDate_City",),
    "birth_region": ("BirthDate_Region",),
    "birth_country": ("Birt_country", "BirthDate_CountryDescription"),
    "birth_iso2": ("BirthDate_CountryIso2Code",),
    "birth_remark": ("BirthDate_Remark",),
    "iden_id": ("Iden_logical_id", "Identification_LogicalId"),
    "iden_number": ("Iden_number", "Identification_Number"),
    "iden_latin": ("Identification_LatinNumber",),
    "iden_type": ("Identification_TypeCode",),
    "iden_type_desc": ("Identification_TypeDescription",),
    "iden_country": ("Iden_country", "Identification_CountryDescription"),
    "iden_iso2": ("Identification_CountryIso2Code",),
    "iden_issued_by": ("Identification_IssuedBy",),
    "iden_issued": ("Identification_IssuedDate",),
    "iden_valid_from": ("Identification_ValidFrom",),
    "iden_valid_to": ("Identification_ValidTo",),
    "iden_name": ("Identification_NameOnDocument",),
    "iden_remark": ("Identification_Remark",),
    "citi_id": ("Citi_logical_id", "Citizenship_LogicalId"),
    "citi_country": ("Citi_country", "Citizenship_CountryDescription"),
    "citi_iso2": ("Citizenship_CountryIso2Code",),
    "citi_remark": ("Citizenship_Remark",),
}
#: Flag columns of an identification document, with the words a remark uses for them.
_ID_FLAGS = {
    "Identification_Diplomatic": "diplomatic",
    "Identification_KnownExpired": "known expired",
    "Identification_KnownFalse": "known false",
    "Identification_ReportedLost": "reported lost",
    "Identification_RevokedByIssuer": "revoked by issuer",
}
_SUBJECTS = {"p": Schema.PERSON, "person": Schema.PERSON, "e": Schema.ORGANIZATION, "enterprise": Schema.ORGANIZATION}
_GENDERS = {"m": "male", "f": "female"}
_PLACEHOLDERS = frozenset({"n/a", "-", "-0-", "00", "unknown"})
_TRUE = frozenset({"true", "1", "yes", "y"})

_TABS = re.compile(r"\s*\t\s*")
# 1.0 identification: "AD001095 (passport-National passport) ((passport))"
_LEGACY_ID = re.compile(r"^(?P<number>.*?)\s*\((?P<code>[\w ]+)-(?P<desc>[^()]*)\)\s*(?P<rest>.*)$")
_CONTACT = re.compile(r"\b(PHONE|TEL|FAX|E-?MAIL|WEB(?:SITE)?|URL)\[([^\]]*)\]", re.I)
_LOST_CHARS = re.compile(r"\?\w|\w\?|\?\?")
_ZERO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\"?(?:Date_file\w*;Entity_logical_id;|fileGenerationDate;Entity_LogicalId;)", re.I
)


def sniff(path: Path, head: bytes) -> bool:
    return _SNIFF.match(head) is not None


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    source = source_override or SOURCE
    published: date | None = None
    encodings: dict[Path, str] = {}
    for path in files:
        encodings[path] = _encoding(path)
        with closing(_rows(path, encodings[path])) as rows:
            header_line, header = next(rows, (1, []))
            columns = _columns(path, header, header_line)
            first = next(rows, None)
        if first is not None and published is None and "file_date" in columns:
            day = parse_iso_day(_clean(first[1][columns["file_date"]]))
            published = date.fromisoformat(day) if day else None
    return ListData(
        source=source,
        format=FORMAT.name,
        files=tuple(files),
        entities=_entities(files, encodings, source),
        published=published,
    )


def _encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when the whole file decodes as UTF-8, else Windows-1252.

    A file that starts with a UTF-8 BOM but is not UTF-8 is refused, naming the
    line of the first bad byte (the text reader decodes ahead and cannot).
    """
    bom = head_bytes(path, 3) == codecs.BOM_UTF8
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                if not bom:
                    return "cp1252"
                line = newlines + chunk[: max(exc.start - len(exc.object) + len(chunk), 0)].count(b"\n") + 1
                raise ParseError(path, f"not valid UTF-8 text despite its UTF-8 BOM: {exc.reason}", line=line) from exc
            if not chunk:
                return "utf-8-sig" if bom else "utf-8"
            newlines += chunk.count(b"\n")


def _rows(path: Path, encoding: str) -> Generator[tuple[int, list[str]], None, None]:
    """(first line number, fields) of each non-blank CSV row, quote-wrapped lines unwrapped."""
    lines = text_lines(path, encoding)
    reader = csv.reader(lines, delimiter=";", quotechar='"', strict=True)
    wrapped: bool | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, lines.line + 1
            if not row:
                continue
            if wrapped is None:
                wrapped = len(row) == 1 and ";" in row[0]
            if wrapped:
                if len(row) != 1:
                    raise ParseError(path, "row is not wrapped in quotes like the header", line=line)
                row = [_TABS.sub(", ", v) for v in next(csv.reader([row[0].strip("\t")], delimiter=";", strict=True))]
            if any(v.strip() for v in row):
                yield line, row
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", line=start) from exc
    finally:
        lines.close()


def _columns(path: Path, header: list[str], line: int) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff").strip() for h in header]
    if names and names[0].startswith("Date_file"):
        names[0] = "Date_file"  # the 1.0 header's first column comes as "Date_filexxxx"
    columns: dict[str, int] = {}
    for key, candidates in _COLUMNS.items():
        for index, name in enumerate(names):
            if name in candidates:
                columns[key] = index
                break
    for flag in _ID_FLAGS:
        if flag in names:
            columns[flag] = names.index(flag)
    if "entity_id" not in columns or "whole" not in columns:
        shown = ";".join(names[:4])[:120]
        raise ParseError(path, f"not an EU FSF CSV header (no Entity_LogicalId/name columns): {shown!r}", line=line)
    return columns


def _entities(files: Sequence[Path], encodings: dict[Path, str], source: str) -> Iterator[Entity]:
    builders: dict[str, _Builder] = {}
    for path in files:
        with closing(_rows(path, encodings[path])) as rows:
            header_line, header = next(rows, (1, []))
            columns = _columns(path, header, header_line)
            for line, row in rows:
                if len(row) != len(header):
                    raise ParseError(path, f"row has {len(row)} fields, the header has {len(header)}", line=line)
                get = _getter(row, columns)
                entity_id = get("entity_id")
                if not entity_id:
                    raise ParseError(path, "row without an entity logical id", line=line)
                if entity_id not in builders:
                    builders[entity_id] = _Builder(source, entity_id)
                builders[entity_id].add_row(get)
    for builder in builders.values():
        yield builder.build()


def _clean(value: str) -> str:
    text = value.replace("\\n", "\n").strip()
    return "" if text.lower() in _PLACEHOLDERS else text


def _getter(row: list[str], columns: dict[str, int]) -> Callable[[str], str]:
    def get(key: str) -> str:
        index = columns.get(key)
        return _clean(row[index]) if index is not None else ""

    return get


def _join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _add(items: list[Any], item: Any) -> None:
    if item not in items:
        items.append(item)


def _is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _country(iso2: str, name: str) -> str | None:
    return country_code(iso2) or country_code(name)


def _partial_date(text: str) -> str | None:
    """'1958-00-00' -> '1958'; other dates through parse_partial."""
    if match := _ZERO_DATE.match(text):
        y, m, d = match.groups()
        return parse_partial(y if m == "00" else f"{y}-{m}" if d == "00" else text)
    return parse_partial(text)


class _Builder:
    """Collects the rows of one listed party into an :class:`Entity`."""

    def __init__(self, source: str, entity_id: str):
        self.source = source
        self.entity_id = entity_id
        self.subjects: list[str] = []
        self.seen: set[tuple[str, str]] = set()
        self.names: list[Name] = []
        self.addresses: list[Address] = []
        self.countries: list[Country] = []
        self.dates: list[EventDate] = []
        self.places: list[str] = []
        self.identifiers: list[Identifier] = []
        self.programs: list[str] = []
        self.regulations: list[tuple[str, str]] = []
        self.designated: list[str] = []
        self.remarks: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.damaged: list[str] = []

    def build(self) -> Entity:
        subject = next((s for s in self.subjects if s in _SUBJECTS), "")
        listed = min(self.designated or [d for d, _ in self.regulations if d] or [""]) or None
        attributes = list(self.attributes)
        remarks = list(self.remarks)
        if self.damaged:
            remarks.append("Names with characters lost to '?' in this file: " + "; ".join(self.damaged))
        for day, title in sorted(self.regulations):
            _add(attributes, ("regulation", _join(title, day)))
        return Entity(
            source=self.source,
            source_id=self.entity_id,
            schema=_SUBJECTS.get(subject, Schema.LEGAL_ENTITY),
            names=tuple(self.names),
            addresses=tuple(self.addresses),
            countries=tuple(self.countries),
            dates=tuple(self.dates),
            places_of_birth=tuple(self.places),
            identifiers=tuple(self.identifiers),
            programs=tuple(self.programs),
            listed_on=listed,
            remarks=tuple(remarks),
            attributes=tuple(attributes),
        )

    def first_time(self, kind: str, record_id: str) -> bool:
        """True the first time a record (name, address...) is seen; records without an id always count."""
        if not record_id:
            return True
        key = (kind, record_id)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def add_row(self, get: Callable[[str], str]) -> None:
        if subject := get("subject").lower():
            _add(self.subjects, subject)
        if programme := get("programme"):
            _add(self.programs, programme)
        if (title := get("reg_title")) or get("reg_date"):
            _add(self.regulations, (parse_iso_day(get("reg_date")) or get("reg_date"), title))
        if designated := parse_iso_day(get("designated")):
            _add(self.designated, designated)
        for key in ("remark", "designation"):
            if text := get(key):
                _add(self.remarks, text)
        for key, attribute in (("eu_ref", "eu_reference"), ("un_ref", "un_reference")):
            if value := get(key):
                _add(self.attributes, (attribute, value))
        if self.first_time("name", get("name_id")):
            self._name(get)
        if self.first_time("address", get("addr_id")):
            self._address(get)
        if self.first_time("birth", get("birth_id")):
            self._birth(get)
        if self.first_time("id", get("iden_id")):
            self._identification(get)
        if self.first_time("citizenship", get("citi_id")):
            self._citizenship(get)

    def _name(self, get: Callable[[str], str]) -> None:
        value = get("whole") or _join(get("first"), get("middle"), get("last"), sep=" ")
        lang = get("lang").lower() or None
        if value and _LOST_CHARS.search(value):
            # Characters the file's encoding could not hold came through as "?": not a usable name.
            self.damaged.append(f"{value} ({lang})" if lang else value)
        elif value and not any(n.value == value for n in self.names):
            kind = NameKind.AKA if self.names else NameKind.PRIMARY
            self.names.append(Name(value, kind, original_script=not _is_latin(value), lang=lang))
        if gender := get("gender"):
            _add(self.attributes, ("gender", _GENDERS.get(gender.lower(), gender.lower())))
        for key, attribute in (("title", "title"), ("function", "position")):
            if text := get(key):
                _add(self.attributes, (attribute, text))
        if remark := get("name_remark"):
            _add(self.remarks, f"Name {value}: {remark}")

    def _address(self, get: Callable[[str], str]) -> None:
        street = _join(get("addr_number"), get("street"), sep=" ")
        postal, city, region, place = get("zip") or get("po_box"), get("city"), get("region"), get("place")
        country_name = get("addr_country")
        code = _country(get("addr_iso2"), country_name)
        po_box = get("po_box") if get("zip") else ""
        full = _join(street, po_box, postal, city, region, place, country_name)
        if full:
            address = Address(
                full, street or None, city or None, region or None, postal or None, code, country_name or None
            )
            _add(self.addresses, address)
        if code or country_name:
            _add(self.countries, Country(code, CountryRole.ADDRESS, country_name or None))
        rest = _CONTACT.sub(lambda m: self._contact(m.group(1), m.group(2)), get("contact"))
        for extra in (rest.strip(" ,;\n"), get("addr_remark")):
            if extra:
                _add(self.remarks, f"Address {full}: {extra}" if full else f"Address: {extra}")

    def _contact(self, kind: str, values: str) -> str:
        """Turn PHONE[..], FAX[..], EMAIL[..], WEB[..] into identifiers (a re.sub callback: the match is removed)."""
        upper = kind.upper().replace("-", "")
        id_type = {"EMAIL": IdType.EMAIL, "WEB": IdType.WEBSITE, "WEBSITE": IdType.WEBSITE, "URL": IdType.WEBSITE}
        for value in re.split(r"\s*[,;]\s*", values):
            if value.strip():
                ident = Identifier(id_type.get(upper, IdType.PHONE), value.strip(), label=kind.lower())
                _add(self.identifiers, ident)
        return ""

    def _birth(self, get: Callable[[str], str]) -> None:
        circa = get("birth_circa").lower() in _TRUE
        start, end = parse_partial(get("birth_from")), parse_partial(get("birth_to"))
        raw = get("birth_date")
        day, month, year = get("birth_day"), get("birth_month"), get("birth_year")
        if start and end:
            _add(self.dates, EventDate(start=min(start, end), end=max(start, end), circa=circa))
        elif value := _partial_date(raw) or (year and _partial_date(f"{year}-{month or '00':0>2}-{day or '00':0>2}")):
            _add(self.dates, EventDate(start=value, circa=circa))
        elif raw and (event := parse_event_date(raw)):
            _add(self.dates, event)
        elif raw:
            _add(self.remarks, f"Date of birth: {raw}")
        calendar = get("birth_calendar")
        if calendar and calendar.upper() != "GREGORIAN":
            _add(self.remarks, f"{_join('Date of birth', raw or year, sep=' ')}: {calendar.lower()} calendar")
        country_name = get("birth_country")
        code = _country(get("birth_iso2"), country_name)
        place = _join(get("birth_place"), get("birth_city"), get("birth_region"))
        if place:
            _add(self.places, _join(place, country_name if get("birth_iso2") else ""))
        if code or country_name:
            _add(self.countries, Country(code, CountryRole.BIRTH, country_name or None))
        if remark := get("birth_remark"):
            _add(self.remarks, f"{_join('Date of birth', raw or year, sep=' ')}: {remark}")

    def _identification(self, get: Callable[[str], str]) -> None:
        number, code, desc = get("iden_number"), get("iden_type"), get("iden_type_desc")
        rest = ""
        if not code and (match := _LEGACY_ID.match(number)):
            number, code, desc, rest = match.group("number", "code", "desc", "rest")
            if rest.strip("() ").lower() == code.lower():  # "((passport))" repeats the type
                rest = ""
        country_name = get("iden_country")
        country = _country(get("iden_iso2"), country_name)
        label = desc.strip() or code or None
        id_type = _id_type(code, desc)
        for value in dict.fromkeys(v for v in (number.strip(), get("iden_latin")) if v):
            _add(self.identifiers, Identifier(id_type, value, country, label))
        details = [words for column, words in _ID_FLAGS.items() if get(column).lower() in _TRUE]
        details += [
            _join(prefix, get(key), sep=" ")
            for key, prefix in (
                ("iden_issued_by", "issued by"),
                ("iden_issued", "issued"),
                ("iden_valid_from", "valid from"),
                ("iden_valid_to", "valid to"),
                ("iden_name", "name on document"),
            )
            if get(key)
        ]
        rest = rest.strip()
        if rest.startswith("(") and rest.endswith(")"):
            rest = rest[1:-1].strip()
        details += [t for t in (rest, get("iden_remark")) if t]
        if details:
            head = _join(label or "Identification", number.strip(), sep=" ")
            _add(self.remarks, f"{head}: {'; '.join(details)}")

    def _citizenship(self, get: Callable[[str], str]) -> None:
        name = get("citi_country")
        code = _country(get("citi_iso2"), name)
        if code or name:
            _add(self.countries, Country(code, CountryRole.CITIZENSHIP, name or None))
        if remark := get("citi_remark"):
            _add(self.remarks, f"Citizenship {name}: {remark}")


_ID_CODES = {
    "passport": IdType.PASSPORT,
    "id": IdType.NATIONAL_ID,
    "ssn": IdType.NATIONAL_ID,
    "fiscalcode": IdType.TAX_ID,
    "tax": IdType.TAX_ID,
    "regnumber": IdType.REGISTRATION,
    "swiftbic": IdType.SWIFT_BIC,
    "imo": IdType.IMO,
}
_ID_WORDS = (
    (re.compile(r"\b(?:passport|travel)", re.I), IdType.PASSPORT),
    (re.compile(r"\b(?:tax|fiscal|vat|inn)\b", re.I), IdType.TAX_ID),
    (re.compile(r"\b(?:registration|ogrn|company number)", re.I), IdType.REGISTRATION),
    (re.compile(r"\bimo\b", re.I), IdType.IMO),
    (re.compile(r"\b(?:swift|bic)\b", re.I), IdType.SWIFT_BIC),
    (re.compile(r"\b(?:national id|identity card|identification card|personal)", re.I), IdType.NATIONAL_ID),
)


def _id_type(code: str, desc: str) -> IdType:
    """The EU type code ("passport", "id", "regnumber"...), else words of its description."""
    if id_type := _ID_CODES.get(code.lower().replace(" ", "")):
        return id_type
    text = f"{code} {desc}"
    return next((id_type for pattern, id_type in _ID_WORDS if pattern.search(text)), IdType.OTHER)


FORMAT = ListFormat(
    name="eu-fsf-csv",
    title="EU Financial Sanctions Files (CSV)",
    sniff=sniff,
    read=read,
    urls={
        SOURCE: {
            "csvFullSanctionsList_1_1.csv": (
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/csvFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
            )
        }
    },
)
