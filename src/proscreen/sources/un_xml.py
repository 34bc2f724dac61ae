"""UN Security Council Consolidated List, XML (root ``CONSOLIDATED_LIST``) -> entities.

One ``INDIVIDUAL`` or ``ENTITY`` element per listed party; its ``REFERENCE_NUMBER``
("QDi.001") is the source id. Dates of birth come typed (``EXACT``,
``APPROXIMATELY``, ``BETWEEN``); alias quality is ``Good``/``Low`` for
individuals and ``a.k.a.``/``f.k.a.`` for entities. ``COMMENTS1`` often names
other listed parties by reference number ("Al-Qaida (QDe.004)"): those become
relations. The file is streamed; relations are resolved to names once the whole
file has been read.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator, Sequence
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
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat, check_xml_prolog, head_bytes, iter_xml, xml_error
from proscreen.sources.dates import parse_event_date, parse_iso_day, parse_partial

SOURCE = "un"
ROOT = "CONSOLIDATED_LIST"

_ROOT_TAG = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_DATE_GENERATED = re.compile(rb'dateGenerated\s*=\s*"([^"]*)"')
_UN_REF = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z\"“])")
# The last of these words before a reference number says how the entry is linked to it.
_LINK_WORDS = re.compile(
    r"\b(?:(?P<family>son|daughter|brother|sister|father|mother|wife|husband|spouse|cousin|nephew|niece|uncle|aunt)"
    r"|(?P<owned>owned(?:\s+or\s+controlled)?\s+by)|(?P<controlled>controlled\s+by|subsidiary\s+of)"
    r"|(?P<associated>members?|leader|associated|affiliated?|commander|founder|founded|founding|head(?:ed)?|chief|deputy|owner)"
    r"|(?P<linked>link(?:ed|s)?))\b",
    re.I,
)
_LINK_KINDS = {
    "family": RelationKind.FAMILY,
    "owned": RelationKind.OWNED_BY,
    "controlled": RelationKind.CONTROLLED_BY,
    "associated": RelationKind.ASSOCIATED_WITH,
    "linked": RelationKind.LINKED_TO,
}
#: A family word counts only this close (characters) before the reference: "Brother of A (x) and B (y)".
_FAMILY_REACH = 100
#: Name parts that stand for "not available".
_PLACEHOLDERS = frozenset({"na", "n/a", "-", "-0-"})
_IMO = re.compile(r"\bIMO\)?(?:\s+number)?\s*:?\s*(\d{7})\b", re.I)
# "CAR diplomatic passport no. D00000898" -> "D00000898"; the whole text stays in a remark.
_DOC_PREFIX = re.compile(r"^(.*?[A-Za-z].*?)(?:\bnumber|\bno\.?|\bnr\.?|n°|:)\s*:?\s*(\S.*\d.*)$", re.I)
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")  # "381110042 (Expired 25 Jan. 2016)"


def sniff(path: Path, head: bytes) -> bool:
    match = _ROOT_TAG.search(head)
    return match is not None and match.group(1) == ROOT.encode()


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    source = source_override or SOURCE
    published: date | None = None
    for path in files:
        check_xml_prolog(path)
        file_date = _check_root(path)
        published = published or file_date
    return ListData(
        source=source,
        format=FORMAT.name,
        files=tuple(files),
        entities=_entities(files, source),
        published=published,
    )


def _check_root(path: Path) -> date | None:
    """Refuse files whose root is not CONSOLIDATED_LIST; return the dateGenerated day."""
    head = head_bytes(path)
    match = _ROOT_TAG.search(head)
    if match is None:
        raise ParseError(path, "not an XML file: no element found", line=1)
    line = head[: match.start()].count(b"\n") + 1
    if match.group(1) != ROOT.encode():
        tag = match.group(1).decode("ascii", "replace")
        raise ParseError(path, f"root element is {tag}, not {ROOT}", line=line, element=tag)
    generated = _DATE_GENERATED.search(head, match.start())
    if generated is None:
        return None
    day = parse_iso_day(generated.group(1)[:10].decode("ascii", "replace"))
    return date.fromisoformat(day) if day else None


def _entities(files: Sequence[Path], source: str) -> Iterator[Entity]:
    parsed: list[tuple[Entity, list[tuple[str, str, str]]]] = []
    for path in files:
        error: ParseError | None = None
        # A bad record does not stop the parse at once: iter_xml's file is only closed at the end.
        for _event, element in iter_xml(path, tags=("INDIVIDUAL", "ENTITY")):
            if error is None:
                try:
                    parsed.append(_Record(path, element, source).build())
                except ParseError as exc:
                    error = exc
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        if error is not None:
            raise error
    captions = {entity.source_id: entity.caption for entity, _ in parsed}
    for entity, links in parsed:
        if links:
            entity = dataclasses.replace(entity, relations=_relations(entity, links, captions))
        yield entity


def _relations(entity: Entity, links: list[tuple[str, str, str]], captions: dict[str, str]) -> tuple[Relation, ...]:
    out: dict[str, Relation] = {}
    for ref, before, sentence in links:
        if ref == entity.source_id or ref in out:
            continue
        kind = RelationKind.LINKED_TO
        for match in _LINK_WORDS.finditer(before):
            group = match.lastgroup or "linked"
            if group == "family":
                if len(before) - match.end() > _FAMILY_REACH:
                    continue
                # Kinship links two individuals ("i" references); "headed by his son X" is not.
                if entity.schema is not Schema.PERSON or ref[2] != "i":
                    group = "associated"
            kind = _LINK_KINDS[group]
        target_id = f"{entity.source}:{ref}"
        out[ref] = Relation(kind=kind, target_name=captions.get(ref, ref), target_id=target_id, text=sentence)
    return tuple(out.values())


def _comment_links(comment: str) -> list[tuple[str, str, str]]:
    """(reference, the sentence up to it, the sentence) for each reference number in a comment."""
    return [
        (match.group(1), sentence[: match.start()], sentence)
        for sentence in _SENTENCE.split(comment)
        for match in _UN_REF.finditer(sentence)
    ]


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _fields(element: Any) -> dict[str, str]:
    """Tag -> cleaned text of an element's children (the first of each tag); faster than findtext."""
    out: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and child.tag not in out:
            out[child.tag] = _clean(child.text)
    return out


def _values(children: list[Any]) -> list[str]:
    """The VALUE texts of TITLE, DESIGNATION, NATIONALITY... elements."""
    return [v for child in children for v in (_clean(value.text) for value in child) if v]


def _is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def _add(items: list[Any], item: Any) -> None:
    if item not in items:
        items.append(item)


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


class _Record:
    """Collects one INDIVIDUAL or ENTITY element into an :class:`Entity`."""

    def __init__(self, path: Path, element: Any, source: str):
        self.path = path
        self.element = element
        self.source = source
        self.person = element.tag == "INDIVIDUAL"
        self.children: dict[str, list[Any]] = {}
        for child in element:
            if isinstance(child.tag, str):
                self.children.setdefault(child.tag, []).append(child)
        self.names: list[Name] = []
        self.addresses: list[Address] = []
        self.countries: list[Country] = []
        self.dates: list[EventDate] = []
        self.places: list[str] = []
        self.identifiers: list[Identifier] = []
        self.remarks: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def text(self, tag: str) -> str:
        children = self.children.get(tag)
        return _clean(children[0].text) if children else ""

    def each(self, tag: str) -> list[dict[str, str]]:
        return [_fields(child) for child in self.children.get(tag, ())]

    def build(self) -> tuple[Entity, list[tuple[str, str, str]]]:
        el = self.element
        ref = self.text("REFERENCE_NUMBER")
        if not ref:
            raise xml_error(self.path, el, f"{el.tag} without REFERENCE_NUMBER")
        self._names()
        if not self.names:
            raise xml_error(self.path, el, f"{el.tag} {ref} has no name")
        for fields in self.each("INDIVIDUAL_ADDRESS" if self.person else "ENTITY_ADDRESS"):
            self._address(fields)
        for fields in self.each("INDIVIDUAL_DATE_OF_BIRTH"):
            self._birth_date(fields)
        for f in self.each("INDIVIDUAL_PLACE_OF_BIRTH"):
            self._birth_place(_join(f.get("STREET", ""), f.get("CITY", ""), f.get("STATE_PROVINCE", "")), f)
            if note := f.get("NOTE"):
                self.remarks.append(f"Place of birth: {note}")
        for fields in self.each("INDIVIDUAL_DOCUMENT"):
            self._document(fields)
        for nationality in _values(self.children.get("NATIONALITY", [])):
            _add(self.countries, Country(country_code(nationality), CountryRole.NATIONALITY, nationality))
        for key, tag in (("title", "TITLE"), ("position", "DESIGNATION"), ("last_updated", "LAST_DAY_UPDATED")):
            for value in _values(self.children.get(tag, [])):
                _add(self.attributes, (key, value))
        if gender := self.text("GENDER"):
            self.attributes.append(("gender", gender.lower()))
        if dataid := self.text("DATAID"):
            self.attributes.append(("un_dataid", dataid))
        comment = self.text("COMMENTS1")
        links: list[tuple[str, str, str]] = []
        if comment:
            self.remarks.insert(0, comment)
            links = _comment_links(comment)
            for imo in _IMO.findall(comment):
                _add(self.identifiers, Identifier(IdType.IMO, imo, label="IMO number"))
        program = self.text("UN_LIST_TYPE")
        entity = Entity(
            source=self.source,
            source_id=ref,
            schema=Schema.PERSON if self.person else Schema.ORGANIZATION,
            names=tuple(self.names),
            addresses=tuple(self.addresses),
            countries=tuple(self.countries),
            dates=tuple(self.dates),
            places_of_birth=tuple(self.places),
            identifiers=tuple(self.identifiers),
            programs=(program,) if program else (),
            listed_on=parse_iso_day(self.text("LISTED_ON")[:10]),
            remarks=tuple(self.remarks),
            attributes=tuple(self.attributes),
        )
        return entity, links

    def _names(self) -> None:
        parts = (self.text(tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
        if primary := " ".join(p for p in parts if p and p not in _PLACEHOLDERS):
            self.names.append(Name(primary))
        for child in self.children.get("NAME_ORIGINAL_SCRIPT", ()):
            if value := _clean(child.text):
                latin = _is_latin(value)
                kind = NameKind.AKA if latin else NameKind.PRIMARY
                self._add_name(Name(value, kind, original_script=not latin))
        for fields in self.each("INDIVIDUAL_ALIAS" if self.person else "ENTITY_ALIAS"):
            self._alias(fields)

    def _add_name(self, name: Name) -> None:
        if not any(n.value == name.value for n in self.names):
            self.names.append(name)

    def _alias(self, f: dict[str, str]) -> None:
        value = f.get("ALIAS_NAME")
        if not value:
            return
        quality = f.get("QUALITY", "").lower()
        kind = {"f.k.a.": NameKind.FKA, "n.k.a.": NameKind.NKA}.get(quality, NameKind.AKA)
        strength = Strength.WEAK if quality == "low" else Strength.STRONG
        if not self.names:  # no name fields: the first alias stands in as the primary name
            kind = NameKind.PRIMARY
        self._add_name(Name(value, kind, strength, original_script=not _is_latin(value)))
        if dob := f.get("DATE_OF_BIRTH"):
            if parsed := parse_event_date(dob):
                _add(self.dates, parsed)
            else:
                self.remarks.append(f"Alias {value}: date of birth {dob}")
        self._birth_place(f.get("CITY_OF_BIRTH", ""), {"COUNTRY": f.get("COUNTRY_OF_BIRTH", "")})
        if note := f.get("NOTE"):
            self.remarks.append(f"Alias {value}: {note}")

    def _birth_place(self, place: str, f: dict[str, str]) -> None:
        country = f.get("COUNTRY", "")
        if place := _join(place, country):
            _add(self.places, place)
        if country:
            _add(self.countries, Country(country_code(country), CountryRole.BIRTH, country))

    def _birth_date(self, f: dict[str, str]) -> None:
        note = f.get("NOTE", "")
        approx_note = note.lower().rstrip(". ") in ("approximately", "approx", "circa")
        circa = f.get("TYPE_OF_DATE", "").upper() == "APPROXIMATELY" or approx_note
        if approx_note:
            note = ""
        raw_start, raw_end = f.get("FROM_YEAR", ""), f.get("TO_YEAR", "")
        start, end = parse_partial(raw_start), parse_partial(raw_end)
        raw = f.get("DATE") or f.get("YEAR") or ""
        single = parse_partial(raw)
        event: EventDate | None = None
        if start and end:
            event = EventDate(start=min(start, end), end=max(start, end), circa=circa)
        elif single:
            if note and len(single) == 4 and (finer := parse_partial(f"{note} {single}")):
                event = EventDate(start=finer, circa=circa, text=f"{note} {single}")  # YEAR 1958 + NOTE "Sep."
                note = ""
            else:
                event = EventDate(start=single, circa=circa)
        elif note and (parsed := parse_event_date(note)):
            event = dataclasses.replace(parsed, circa=parsed.circa or circa)
            note = ""
        elif raw or raw_start or raw_end:
            note = _join(raw, raw_start, raw_end, note)
        if event is not None:
            _add(self.dates, event)
        if note:
            described = f" {event.start}{'/' + event.end if event.end else ''}" if event else ""
            self.remarks.append(f"Date of birth{described}: {note}")

    def _address(self, f: dict[str, str]) -> None:
        street, city, region = f.get("STREET", ""), f.get("CITY", ""), f.get("STATE_PROVINCE", "")
        postal, country, note = f.get("ZIP_CODE", ""), f.get("COUNTRY", ""), f.get("NOTE", "")
        full = _join(street, city, region, postal, country)
        if not full:
            if note:
                _add(self.addresses, Address(full=note))
            return
        code = country_code(country)
        address = Address(full, street or None, city or None, region or None, postal or None, code, country or None)
        _add(self.addresses, address)
        if country:
            _add(self.countries, Country(code, CountryRole.ADDRESS, country))
        if note:
            self.remarks.append(f"Address {full}: {note}")

    def _document(self, f: dict[str, str]) -> None:
        doc_type, doc_type2, raw = f.get("TYPE_OF_DOCUMENT", ""), f.get("TYPE_OF_DOCUMENT2", ""), f.get("NUMBER", "")
        country = f.get("ISSUING_COUNTRY") or f.get("COUNTRY_OF_ISSUE") or ""
        issued = _join(f.get("DATE_OF_ISSUE", ""), f.get("CITY_OF_ISSUE", ""))
        note = f.get("NOTE", "")
        label = doc_type2.rstrip(": ") or doc_type or "document"
        if not (raw or note or issued):
            return
        value = raw
        if (match := _DOC_PREFIX.match(raw)) and any(c.isalpha() for c in match.group(1)):
            value = match.group(2).strip()
        value = _TRAILING_NOTE.sub("", value) or value
        if raw:
            ident = Identifier(_doc_type(f"{doc_type2} {doc_type} {raw}"), value, country_code(country), label)
            _add(self.identifiers, ident)
        details = "; ".join(d for d in (f"issued {issued}" if issued else "", note) if d)
        if value != raw or details:
            head = " ".join(p for p in (label, raw) if p) + (f" ({country})" if country else "")
            self.remarks.append(f"{head}: {details}" if details else head)


_DOC_WORDS = (
    (re.compile(r"passport|pasaporte|passeport|travel document|laissez-passer", re.I), IdType.PASSPORT),
    (re.compile(r"\b(?:fiscal|tax)\b", re.I), IdType.TAX_ID),
    (re.compile(r"\b(?:ration|birth certificate|voter|student|military|driving|other id)", re.I), IdType.OTHER),
    (re.compile(r"identi|tazkira|\bcivil\b|social security|\bnational\b", re.I), IdType.NATIONAL_ID),
)


def _doc_type(text: str) -> IdType:
    """A document's type from its TYPE_OF_DOCUMENT(2) and number text; the first rule that matches wins."""
    return next((id_type for pattern, id_type in _DOC_WORDS if pattern.search(text)), IdType.OTHER)


FORMAT = ListFormat(
    name="un-xml",
    title="UN Security Council Consolidated List (XML)",
    sniff=sniff,
    read=read,
    urls={SOURCE: {"consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
)
