"""OFAC advanced XML (``sdn_advanced.xsd``): ``SDN_ADVANCED.XML`` and ``CONS_ADVANCED.XML``.

Root ``<Sanctions>`` (namespace ``http://www.un.org/sanctions/1.0``, or the Sanctions List
Service's ``.../exports/ADVANCED_XML`` since 2024). The file is relational; its sections
come in this order and refer to each other by ID:

- ``ReferenceValueSets``: every code table (alias types, countries, feature types, lists...);
- ``Locations`` (addresses, countries) and ``IDRegDocuments`` (identity documents, by IdentityID);
- ``DistinctParties``: one Profile per listed party (the Profile ID is OFAC's uid/ent_num),
  with its names (``Identity/Alias/DocumentedName``, whose parts are typed through the
  identity's ``NamePartGroups``) and ``Feature``s (birth date, nationality, address, IMO...);
- ``ProfileRelationships``: typed edges between profiles;
- ``SanctionsEntries``: the lists a profile is on, its programs and listing dates.

The file is streamed once: reference sets, locations and documents are kept as small
Python values, parties are read and freed one by one, and entities are completed with
their relations and sanctions entries at the end of the file. Every ID reference must
resolve, else :class:`ParseError` names the element and line.

Which list a file is: by name ("sdn..." or "cons..."), else by its list table (every
party of the consolidated file is on the "Consolidated List"; that file also names the
"SDN List" for parties on both lists).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from proscreen.exceptions import ParseError
from proscreen.model import (
    Address,
    DateKind,
    Entity,
    EventDate,
    Name,
    NameKind,
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat, iter_xml, xml_error
from proscreen.sources.ofac_remarks import RemarkFacts
from proscreen.sources.ofac_xml import (
    ALIAS_KINDS,
    NONSDN,
    SCHEMAS,
    SDN,
    add_birth_place,
    add_country,
    apply_label,
    check_root,
    children,
    clear,
    collapse,
    format_address,
    label_spec,
    make_identifier,
    merge,
    parse_remark_text,
    person_name,
    resolve_relations,
    source_from_name,
    tag_name,
    text,
    unique,
    xml_root,
)

ROOT = "Sanctions"
NAMESPACES = (
    b"http://www.un.org/sanctions/1.0",
    b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
)
_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
_SECTIONS: tuple[str, ...] = ("{*}DateOfIssue", "{*}ReferenceValueSets", "{*}Location", "{*}IDRegDocument")
_SECTIONS += ("{*}DistinctParty", "{*}ProfileRelationship", "{*}SanctionsEntry")
SDN_LIST, CONSOLIDATED_LIST = "SDN List", "Consolidated List"
_LAST_NAMES = ("Last Name",)
_RELATIONS = {
    "owned or controlled by": RelationKind.OWNED_BY,
    "property in the interest of": RelationKind.OWNED_BY,
    "acting for or on behalf of": RelationKind.CONTROLLED_BY,
    "family member of": RelationKind.FAMILY,
    "associate of": RelationKind.ASSOCIATED_WITH,
    "providing support to": RelationKind.ASSOCIATED_WITH,
    "leader or official of": RelationKind.ASSOCIATED_WITH,
    "principal executive officer": RelationKind.ASSOCIATED_WITH,
    "playing a significant role in": RelationKind.ASSOCIATED_WITH,
    "owns, controls, or operates": RelationKind.OTHER,  # the reverse of "owned by": no kind of its own
}


def sniff(path: Path, head: bytes) -> bool:
    try:
        root = xml_root(head)
    except Exception:  # sniffing must never raise on garbage
        return False
    return root is not None and root[0] == ROOT and any(ns in root[1] for ns in NAMESPACES)


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    if len(files) != 1:
        raise ParseError(files[0] if files else "<none>", "the OFAC advanced XML is one file; give one at a time")
    path = files[0]
    check_root(path, ROOT)
    published, lists = _head(path)
    kind = source_from_name(path) or (NONSDN if CONSOLIDATED_LIST in lists else SDN)
    return ListData(
        source=source_override or kind,
        format=FORMAT.name,
        files=(path,),
        entities=_Entities(path, source_override or kind, kind == NONSDN),
        published=published,
    )


def _head(path: Path) -> tuple[date | None, list[str]]:
    """The date of issue and the names in the list table, read from the top of the file."""
    published: date | None = None
    lists: list[str] = []
    tags = ("{*}DateOfIssue", "{*}ListValues", "{*}ReferenceValueSets", "{*}DistinctParty")
    for _, element in iter_xml(path, tags=tags):
        name = tag_name(element.tag)
        if name == "DateOfIssue":
            day = _ymd(path, element)
            if day is None or len(day) != 10:
                raise xml_error(path, element, "DateOfIssue is not a full date")
            published = date.fromisoformat(day)
        elif name == "ListValues":
            lists = [text(item) for _, item in children(element)]
        else:
            break
    return published, lists


def _ymd(path: Path, element: Any) -> str | None:
    """``<Year/><Month/><Day/>`` -> ISO partial date ("1962", "1962-05", "1962-05-01"); None without a year."""
    parts = {name: text(child) for name, child in children(element)}
    numbers: list[int] = []
    try:
        for key in ("Year", "Month", "Day"):
            if not parts.get(key):
                break
            numbers.append(int(parts[key]))
        if numbers:
            date(*numbers, *[1] * (3 - len(numbers)))  # validates
    except ValueError:
        raise xml_error(path, element, f"not a valid date: {'-'.join(parts.values())}") from None
    if not numbers:
        return None
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])


# --- reference values -----------------------------------------------------------------


class _Refs:
    """The ReferenceValueSets: ``kind -> ID -> (text, attributes)``."""

    def __init__(self, path: Path):
        self.path = path
        self.sets: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}

    def load(self, element: Any) -> None:
        for _, values in children(element):
            for kind, item in children(values):
                self.sets.setdefault(kind, {})[item.get("ID", "")] = (text(item), dict(item.attrib))

    def get(
        self, kind: str, element: Any, attr: str, attrs: dict[str, str] | None = None
    ) -> tuple[str, dict[str, str]]:
        """The value ``attr`` (of ``element``, or of ``attrs`` when given) refers to; ``element`` is blamed."""
        ref = (element.attrib if attrs is None else attrs).get(attr)
        if ref is None:
            raise xml_error(self.path, element, f"attribute {attr} is missing")
        found = self.sets.get(kind, {}).get(ref)
        if found is None:
            raise xml_error(self.path, element, f"{attr}={ref} refers to no {kind} in ReferenceValueSets")
        return found

    def text(self, kind: str, element: Any, attr: str) -> str:
        return self.get(kind, element, attr)[0]

    def country(self, element: Any, attr: str) -> tuple[str | None, str]:
        """(ISO code, name) of a Country reference; the name is "" when OFAC says "undetermined"."""
        name, attrs = self.get("Country", element, attr)
        if name.lower() == "undetermined":
            return None, ""
        iso = attrs.get("ISO2", "")
        return (iso.lower() if len(iso) == 2 else country_code(name)), name


@dataclass
class _Location:
    address: Address | None
    code: str | None
    country: str
    notes: list[str]  # the parts' other (non-primary) values


@dataclass
class _Document:
    label: str
    number: str
    code: str | None
    notes: list[str]


@dataclass
class _Listing:
    list_name: str
    dates: list[str]  # of "Created" events, else of any event
    programs: list[str]
    legal_bases: list[str]
    measures: list[str]
    notes: list[str]  # the events' comments


@dataclass
class _Party:
    source_id: str
    schema: Schema
    names: list[Name]
    facts: RemarkFacts
    addresses: list[Address] = field(default_factory=list)


# --- the file ---------------------------------------------------------------------------


class _Entities:
    """The file's entities; read on each iteration (one pass over the file)."""

    def __init__(self, path: Path, source: str, consolidated: bool):
        self.path, self.source, self.consolidated = path, source, consolidated

    def __iter__(self) -> Iterator[Entity]:
        reader = _Reader(self.path)
        for _, element in iter_xml(self.path, tags=_SECTIONS):
            reader.handle(tag_name(element.tag), element)
        return resolve_relations(list(self._entities(reader)), self.source)

    def _entities(self, reader: _Reader) -> Iterator[Entity]:
        relations = self._relations(reader)
        dangling = next(reader.dangling(), None)
        if dangling is not None:
            what, (element, line) = dangling
            raise ParseError(self.path, f"{element} refers to {what}, which is not in the file", line, element)
        for party in reader.parties.values():
            listings = reader.listings.get(party.source_id, [])
            yield self._entity(party, listings, relations.get(party.source_id, []))

    def _relations(self, reader: _Reader) -> dict[str, list[Relation]]:
        out: dict[str, list[Relation]] = {}
        for source_id, target_id, relation_type, label, line in reader.edges:
            for ref in (source_id, target_id):
                if ref not in reader.parties:
                    message = f"refers to profile {ref}, which is not in the file"
                    raise ParseError(self.path, message, line, "ProfileRelationship")
            kind = _RELATIONS.get(relation_type.lower(), RelationKind.LINKED_TO)
            relation = Relation(kind, _caption(reader.parties[target_id]), f"{self.source}:{target_id}", label)
            out.setdefault(source_id, []).append(relation)
        return out

    def _entity(self, party: _Party, listings: list[_Listing], relations: list[Relation]) -> Entity:
        facts = party.facts
        # The consolidated file repeats each entry on the "Consolidated List" (and on the SDN
        # List for parties on both): its own lists say when and why the party is listed there.
        if self.consolidated:
            own = [x for x in listings if x.list_name not in (SDN_LIST, CONSOLIDATED_LIST)]
        else:
            own = [x for x in listings if x.list_name == SDN_LIST]
        own = own or listings
        dates = [d for x in own for d in x.dates]
        programs = [p for x in listings for p in x.programs]
        attributes = [("legal_basis", b) for x in own for b in x.legal_bases]
        attributes += [("sanctions_measure", m) for x in own for m in x.measures]
        source_list = None
        if self.consolidated:
            source_list = "; ".join(unique([x.list_name for x in own if x.list_name != CONSOLIDATED_LIST])) or None
        return Entity(
            source=self.source,
            source_id=party.source_id,
            schema=party.schema,
            names=unique(sorted(party.names, key=_not_caption)),
            addresses=unique(party.addresses),
            countries=unique(facts.countries),
            dates=unique(facts.dates),
            places_of_birth=unique(facts.places_of_birth),
            identifiers=unique(facts.identifiers),
            programs=unique(programs),
            listed_on=min(dates) if dates else None,
            remarks=unique(facts.remarks + [n for x in own for n in x.notes]),
            relations=unique(relations + facts.relations),
            source_list=source_list,
            attributes=unique(facts.attributes + attributes),
        )


class _Reader:
    """Collects what each section says, resolving references as it goes."""

    def __init__(self, path: Path):
        self.path = path
        self.refs = _Refs(path)
        self.locations: dict[str, _Location] = {}
        self.documents: dict[str, list[_Document]] = {}
        self.parties: dict[str, _Party] = {}
        self.edges: list[tuple[str, str, str, str, int | None]] = []
        self.listings: dict[str, list[_Listing]] = {}
        # Where references to profiles and identities are, to report those that do not resolve.
        self.referrers: dict[str, tuple[str, int | None]] = {}

    def dangling(self) -> Iterator[tuple[str, tuple[str, int | None]]]:
        """Documents and sanctions entries whose identity or profile is not in the file."""
        for identity in self.documents:
            yield f"identity {identity}", self.referrers[f"identity {identity}"]
        for profile in self.listings:
            if profile not in self.parties:
                yield f"profile {profile}", self.referrers[f"profile {profile}"]

    def handle(self, tag: str, element: Any) -> None:
        if tag == "ReferenceValueSets":
            self.refs.load(element)
        elif tag == "Location":
            self.locations[element.get("ID", "")] = self._location(element)
        elif tag == "IDRegDocument":
            self._document(element)
        elif tag == "DistinctParty":
            for name, profile in children(element):
                if name == "Profile":
                    self._profile(element, profile)
        elif tag == "ProfileRelationship":
            self._edge(element)
        elif tag == "SanctionsEntry":
            self._listing(element)
        elif tag != "DateOfIssue":
            return
        clear(element)

    # -- locations and documents

    def _location(self, element: Any) -> _Location:
        code, country = None, ""
        parts: dict[str, str] = {}
        notes: list[str] = []
        for name, child in children(element):
            if name == "LocationCountry":
                code, country = self.refs.country(child, "CountryID")
            elif name == "LocationAreaCode" and not country:
                area, attrs = self.refs.get("AreaCode", child, "AreaCodeID")
                if attrs.get("Description", "").lower() != "undetermined":
                    code, country = (area.lower() if len(area) == 2 else None), attrs.get("Description", area)
            elif name == "LocationPart":
                kind = self.refs.text("LocPartType", child, "LocPartTypeID")
                # The primary value first, then the others.
                values = sorted(
                    (v.get("Primary") != "true", _value(v)) for n, v in children(child) if n.endswith("Value")
                )
                if values and values[0][1]:
                    parts[kind.upper()] = values[0][1]
                notes.extend(f"{kind.title()} {values[0][1]}, also {v}" for _, v in values[1:] if v)
        unknown = parts.pop("UNKNOWN", "")
        if unknown and not country and country_code(unknown):
            # A part of type "Unknown" holding a country name is how OFAC writes a bare country.
            code, country, unknown = country_code(unknown), unknown, ""
        street = ", ".join(parts[k] for k in ("ADDRESS1", "ADDRESS2", "ADDRESS3") if parts.get(k))
        extra = [x for x in (parts.get("REGION", ""), unknown) if x]
        city, region, postal = parts.get("CITY", ""), parts.get("STATE/PROVINCE", ""), parts.get("POSTAL CODE", "")
        address = format_address(street, city, region, postal, country, extra)
        # OFAC's own ISO code; else the region's ("Gaza" with an undetermined country, as the classic XML's
        # "Region: Gaza").
        code_or_region = code or (country_code(parts["REGION"]) if parts.get("REGION") else None)
        if address is not None and code_or_region:
            address = dataclasses.replace(address, country=code_or_region)
        return _Location(address, code, country, notes)

    def _document(self, element: Any) -> None:
        label = self.refs.text("IDRegDocType", element, "IDRegDocTypeID")
        code, country = (None, "")
        if element.get("IssuedBy-CountryID") is not None:
            code, country = self.refs.country(element, "IssuedBy-CountryID")
        notes: list[str] = []
        if self.refs.text("Validity", element, "ValidityID").lower() not in ("valid", "unknown"):
            notes.append(self.refs.text("Validity", element, "ValidityID").lower())
        if element.get("IssuedIn-LocationID") is not None:
            place = self._location_ref(element, "IssuedIn-LocationID")
            if place.address is not None:
                notes.append(f"issued in {place.address.full}")
        number = ""
        for name, child in children(element):
            value = text(child)
            if name == "IDRegistrationNo":
                number = value
            elif name == "IssuingAuthority" and value:
                notes.append(f"issued by {value}")
            elif name == "Comment" and value:
                notes.append(value)
            elif name == "DocumentDate":
                kind = self.refs.text("IDRegDocDateType", child, "IDRegDocDateTypeID")
                period = next((p for n, p in children(child) if n == "DatePeriod"), None)
                event = self._period(period, DateKind.BIRTH) if period is not None else None
                if event is not None:
                    when = f"{event.start} to {event.end}" if event.end else event.start
                    notes.append(f"{kind.lower()} {when}")
        if not number:
            raise xml_error(self.path, element, f"IDRegDocument {element.get('ID')} without IDRegistrationNo")
        where = f" ({country})" if country else ""
        doc = _Document(label, number, code, [f"{label} {number}{where} {', '.join(notes)}"] if notes else [])
        identity = element.get("IdentityID", "")
        self.documents.setdefault(identity, []).append(doc)
        self.referrers.setdefault(f"identity {identity}", ("IDRegDocument", element.sourceline))

    def _location_ref(self, element: Any, attr: str) -> _Location:
        ref = element.get(attr, "")
        found = self.locations.get(ref)
        if found is None:
            raise xml_error(self.path, element, f"{attr}={ref} refers to no Location")
        return found

    # -- parties

    def _profile(self, party: Any, profile: Any) -> None:
        source_id = profile.get("ID", "")
        if not source_id:
            raise xml_error(self.path, profile, "Profile without an ID")
        if source_id in self.parties:
            raise xml_error(self.path, profile, f"profile {source_id} appears twice")
        sub_type, attrs = self.refs.get("PartySubType", profile, "PartySubTypeID")
        if sub_type.lower() == "unknown":
            sub_type = self.refs.get("PartyType", profile, "PartyTypeID", attrs)[0]
        schema = SCHEMAS.get(sub_type.lower(), Schema.LEGAL_ENTITY)
        person = schema is Schema.PERSON
        facts = RemarkFacts()
        item = _Party(source_id, schema, [], facts)
        comment = next((text(c) for n, c in children(party) if n == "Comment"), "")
        if comment:
            merge(facts, parse_remark_text(comment, person))
        for name, child in children(profile):
            if name == "Identity":
                item.names.extend(self._names(child))
                for doc in self.documents.pop(child.get("ID", ""), []):
                    id_type = label_spec(doc.label).id_type
                    facts.identifiers.append(make_identifier(doc.label, doc.number, id_type, doc.code, person))
                    facts.remarks.extend(doc.notes)
            elif name == "Feature":
                self._feature(child, item, person)
        if not item.names:
            raise xml_error(self.path, profile, f"profile {source_id} has no name")
        self.parties[source_id] = item

    def _names(self, identity: Any) -> Iterator[Name]:
        groups: dict[str, str] = {}
        aliases = []
        for name, child in children(identity):
            if name == "NamePartGroups":
                for _, master in children(child):
                    for _, group in children(master):
                        groups[group.get("ID", "")] = self.refs.text("NamePartType", group, "NamePartTypeID")
            elif name == "Alias":
                aliases.append(child)
        for alias in aliases:
            alias_type = self.refs.text("AliasType", alias, "AliasTypeID")
            kind = NameKind.PRIMARY if alias.get("Primary") == "true" else ALIAS_KINDS.get(alias_type.lower())
            strength = Strength.WEAK if alias.get("LowQuality") == "true" else Strength.STRONG
            for _, documented in (x for x in children(alias) if x[0] == "DocumentedName"):
                yield self._name(documented, groups, kind or NameKind.AKA, strength)

    def _name(self, documented: Any, groups: dict[str, str], kind: NameKind, strength: Strength) -> Name:
        parts: list[tuple[str, str]] = []
        script = ""
        for _, part in children(documented):
            for _, value in children(part):
                group = value.get("NamePartGroupID", "")
                if group not in groups:
                    raise xml_error(self.path, value, f"NamePartGroupID={group} refers to no NamePartGroup")
                name, attrs = self.refs.get("Script", value, "ScriptID")
                script = attrs.get("ScriptCode", name)
                if text(value):
                    parts.append((groups[group], text(value)))
        last = " ".join(v for t, v in parts if t in _LAST_NAMES)
        rest = " ".join(v for t, v in parts if t not in _LAST_NAMES)
        value = person_name(last, rest)
        if not value:
            raise xml_error(self.path, documented, f"DocumentedName {documented.get('ID')} has no name parts")
        original = script.lower() not in ("latin", "latn", "")
        return Name(value, kind=kind, strength=strength, original_script=original, lang=script if original else None)

    def _feature(self, feature: Any, party: _Party, person: bool) -> None:
        label = self.refs.text("FeatureType", feature, "FeatureTypeID")
        for name, version in children(feature):
            if name != "FeatureVersion":
                continue
            value, period, place = "", None, None
            for part, child in children(version):
                if part == "VersionDetail":
                    if child.get("DetailReferenceID") is not None:
                        value = self.refs.text("DetailReference", child, "DetailReferenceID")
                    else:
                        value = value or text(child)
                elif part == "DatePeriod":
                    period = child
                elif part == "VersionLocation":
                    place = self._location_ref(child, "LocationID")
                elif part == "Comment" and text(child):
                    party.facts.remarks.append(f"{label.strip()}: {text(child)}")
            self._apply(party, label, value, period, place, person)

    def _apply(self, party: _Party, label: str, value: str, period: Any, place: _Location | None, person: bool) -> None:
        """One feature value: a text, a date period or a location, by what the label means."""
        facts, spec = party.facts, label_spec(label)
        facts.remarks.extend(place.notes if place is not None else [])
        if place is not None and label.strip().lower() == "location":
            party.addresses.extend([place.address] if place.address else [])
        elif place is not None and spec.kind == "country":
            if place.country:
                add_country(facts, place.country, spec.role, place.code)
                facts.attributes.extend([(spec.key, place.country)] if spec.key else [])
        elif place is not None and spec.kind == "pob":
            if place.address is not None:
                add_birth_place(facts, place.address.full)
        elif period is not None and spec.kind == "date":
            event = self._period(period, spec.date_kind)
            facts.dates.extend([event] if event else [])
        else:
            if not value and period is not None:
                event = self._period(period, DateKind.BIRTH)
                value = (f"{event.start} to {event.end}" if event.end else event.start) if event else ""
            if not value and place is not None:
                value = place.address.full if place.address is not None else place.country
            if value:
                apply_label(facts, label, value, None, person)

    def _period(self, period: Any, kind: DateKind) -> EventDate | None:
        ends: dict[str, Any] = dict(children(period))
        start, end = ends.get("Start"), ends.get("End")
        if start is None:
            return None
        first = self._bound(start, "From") or self._bound(start, "To")
        last = self._bound(end, "To") or self._bound(end, "From") if end is not None else None
        if first is None:
            return None
        low, high = collapse(first, last)
        circa = any(x is not None and x.get("Approximate") == "true" for x in (start, end))
        return EventDate(start=low, end=high, kind=kind, circa=circa)

    def _bound(self, element: Any, which: str) -> str | None:
        child = next((c for n, c in children(element) if n == which), None)
        return _ymd(self.path, child) if child is not None else None

    # -- relations and sanctions entries

    def _edge(self, element: Any) -> None:
        relation_type = self.refs.text("RelationType", element, "RelationTypeID")
        label = relation_type
        if element.get("Former") == "true":
            label += " (former)"
        comment = next((text(c) for n, c in children(element) if n == "Comment"), "")
        if comment:
            label += f": {comment}"
        source, target = element.get("From-ProfileID", ""), element.get("To-ProfileID", "")
        self.edges.append((source, target, relation_type, label, element.sourceline))

    def _listing(self, element: Any) -> None:
        list_name = self.refs.text("List", element, "ListID")
        created: list[str] = []
        other: list[str] = []
        legal: list[str] = []
        programs: list[str] = []
        basis_programs: list[str] = []
        measures: list[str] = []
        notes: list[str] = []
        for name, child in children(element):
            if name == "EntryEvent":
                event_type = self.refs.text("EntryEventType", child, "EntryEventTypeID")
                parts = children(child)
                when = next((_ymd(self.path, c) for n, c in parts if n == "Date"), None)
                notes.extend(value for n, c in parts if n == "Comment" and (value := text(c)))
                if when:
                    (created if event_type.lower() == "created" else other).append(when)
                if child.get("LegalBasisID") is not None:
                    basis, attrs = self.refs.get("LegalBasis", child, "LegalBasisID")
                    if basis.lower() != "unknown":
                        legal.append(basis)
                    if attrs.get("SanctionsProgramID"):
                        program = self.refs.get("SanctionsProgram", child, "SanctionsProgramID", attrs)[0]
                        if program.lower() != "unknown":
                            basis_programs.append(program)
            elif name == "SanctionsMeasure":
                measure = self.refs.text("SanctionsType", child, "SanctionsTypeID")
                comment = next((text(c) for n, c in children(child) if n == "Comment"), "")
                if measure.lower() == "program":
                    programs.extend([comment] if comment else [])
                elif measure:
                    measures.append(f"{measure}: {comment}" if comment else measure)
        profile = element.get("ProfileID", "")
        # Programs are named in the "Program" measures; the legal basis's program is a fallback.
        listing = _Listing(list_name, created or other, programs or basis_programs, legal, measures, notes)
        self.listings.setdefault(profile, []).append(listing)
        self.referrers.setdefault(f"profile {profile}", ("SanctionsEntry", element.sourceline))


def _not_caption(name: Name) -> bool:
    """Sort key: the Latin-script primary name first (it is the caption)."""
    return name.kind is not NameKind.PRIMARY or name.original_script


def _caption(party: _Party) -> str:
    return min(party.names, key=_not_caption).value


def _value(element: Any) -> str:
    return next((text(c) for n, c in children(element) if n == "Value"), "")


FORMAT = ListFormat(
    name="ofac-advanced",
    title="OFAC advanced XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML; sdn_advanced.xsd)",
    sniff=sniff,
    read=read,
    urls={
        SDN: {"SDN_ADVANCED.XML": _EXPORTS + "SDN_ADVANCED.XML"},
        NONSDN: {"CONS_ADVANCED.XML": _EXPORTS + "CONS_ADVANCED.XML"},
    },
)

__all__ = ["FORMAT", "read", "sniff"]
