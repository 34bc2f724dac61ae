"""FollowTheMoney (FtM) entities as JSON lines, as OpenSanctions publishes them: reader and writer.

Reading takes two passes over the file. The first indexes every entity's
caption and the records that point at a party: edges (``Family``,
``Associate``, ``Ownership``, ``Directorship``, ``UnknownLink``, ``Membership``,
``Employment``, ``Representation``), ``Sanction``, ``Identification``/``Passport``,
``CryptoWallet``, ``Address`` and ``Position``/``Occupancy``. The second turns
each party (``Person``, ``Organization``, ``Company``, ``PublicBody``,
``LegalEntity``, ``Vessel``, ``Airplane``) into an :class:`Entity` with those
records folded in; other schemata are counted in :attr:`FtmEntities.skipped`.
The reader needs only the standard library.

The source is the dataset: ``name`` in the OpenSanctions ``index.json`` beside
the file, else the first entity's first dataset. An FtM id may not contain
``:``, so the writer uses ``<source>-<source id>`` and the reader strips a
leading ``<source>-``: a written file reads back to the same entity ids.

The writer needs the ``followthemoney`` package (the ``ftm`` extra): every
value goes through FtM's own cleaning, and a value FtM refuses (or a fact FtM
has no property for) is kept in ``notes`` rather than lost.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any, TextIO

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
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.names.countries import country_code
from proscreen.sources.base import SNIFF_BYTES, ListData, ListFormat, text_lines
from proscreen.sources.dates import parse_event_date, parse_iso_day

SCHEMATA = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.ORGANIZATION,
    "PublicBody": Schema.ORGANIZATION,
    "LegalEntity": Schema.LEGAL_ENTITY,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
#: Edge schemata: (property naming the party the edge belongs to, property naming the target, kind, role property).
_LINKS = {
    "Family": ("person", "relative", RelationKind.FAMILY, "relationship"),
    "Associate": ("person", "associate", RelationKind.ASSOCIATED_WITH, "relationship"),
    "Ownership": ("asset", "owner", RelationKind.OWNED_BY, "role"),
    "Directorship": ("organization", "director", RelationKind.CONTROLLED_BY, "role"),
    "UnknownLink": ("subject", "object", RelationKind.LINKED_TO, "role"),
    "Membership": ("member", "organization", RelationKind.LINKED_TO, "role"),
    "Employment": ("employee", "employer", RelationKind.LINKED_TO, "role"),
    "Representation": ("agent", "client", RelationKind.LINKED_TO, "role"),
}
_FOLDED = {"Sanction", "Identification", "Passport", "CryptoWallet", "Address", "Position", "Occupancy"}

_NAMES = {
    "name": (NameKind.PRIMARY, Strength.STRONG),
    "alias": (NameKind.AKA, Strength.STRONG),
    "weakAlias": (NameKind.AKA, Strength.WEAK),
    "abbreviation": (NameKind.AKA, Strength.WEAK),
    "previousName": (NameKind.FKA, Strength.STRONG),
}
_DATES = {"birthDate": DateKind.BIRTH, "deathDate": DateKind.DEATH, "incorporationDate": DateKind.INCORPORATION}
_COUNTRIES = {
    "nationality": CountryRole.NATIONALITY,
    "citizenship": CountryRole.CITIZENSHIP,
    "birthCountry": CountryRole.BIRTH,
    "jurisdiction": CountryRole.REGISTRATION,
    "flag": CountryRole.REGISTRATION,
    "country": CountryRole.OTHER,
    "mainCountry": CountryRole.OTHER,
}
_IDS: dict[str, IdType] = {
    "passportNumber": IdType.PASSPORT,
    "socialSecurityNumber": IdType.NATIONAL_ID,
    **dict.fromkeys(("taxNumber", "innCode", "vatCode"), IdType.TAX_ID),
    **dict.fromkeys(("registrationNumber", "ogrnCode"), IdType.REGISTRATION),
    "imoNumber": IdType.IMO,
    "mmsi": IdType.MMSI,
    "callSign": IdType.CALL_SIGN,
    "leiCode": IdType.LEI,
    "uscCode": IdType.USCC,
    "swiftBic": IdType.SWIFT_BIC,
    "serialNumber": IdType.AIRCRAFT_SERIAL,
    "website": IdType.WEBSITE,
    "email": IdType.EMAIL,
    "phone": IdType.PHONE,
    **dict.fromkeys(
        ("idNumber", "okpoCode", "dunsCode", "wikidataId", "permId", "bvdId", "uniqueEntityId", "icaoCode"),
        IdType.OTHER,
    ),
}
#: FtM property -> our attribute key (other properties keep their FtM name as the key).
_ATTRS = {
    "gender": "gender",
    "position": "position",
    "title": "title",
    "topics": "topics",
    "flag": "flag",
    "modifiedAt": "modified_at",
    "legalForm": "legal_form",
    "status": "status",
    "sector": "sector",
    "type": "vessel_type",
    "tonnage": "tonnage",
    "buildDate": "build_date",
    "grossRegisteredTonnage": "gross_registered_tonnage",
    "deadweightTonnage": "deadweight_tonnage",
    "model": "aircraft_model",
    "manufacturer": "aircraft_manufacturer",
}
_REMARKS = ("notes", "description", "summary")
_PROGRAMS = ("program", "programId")
#: Properties read into fields (``flag`` is both a country and an attribute) or noise.
_NOT_ATTRIBUTES = {*_NAMES, *_DATES, *_COUNTRIES, *_IDS, *_REMARKS, *_PROGRAMS} - {"flag"} | {
    "address",
    "addressEntity",
    "birthPlace",
    "createdAt",
    "indexText",
}
_ID_VALUES = {t.value for t in IdType}
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_ISO2 = re.compile(r"^[a-z]{2}$")
_IMO = re.compile(r"^\s*IMO\s*(\d{7})\s*$", re.I)
_FTM_ID_BAD = re.compile(r"[^0-9A-Za-z.\-]+")


def sniff(path: Path, head: bytes) -> bool:
    """JSON lines whose first line is an FtM entity (an object with id, schema and properties)."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    if b"\n" in head or len(head) < SNIFF_BYTES:  # the whole first line is here
        try:
            data = json.loads(first)
        except ValueError:
            return False
        return isinstance(data, dict) and _is_entity(data)
    return all(key in first for key in (b'"id"', b'"schema"', b'"properties"'))


def _is_entity(data: dict[str, Any]) -> bool:
    return isinstance(data.get("id"), str) and isinstance(data.get("schema"), str) and "properties" in data


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    if len(files) != 1:
        raise ParseError(", ".join(str(f) for f in files), "read one FollowTheMoney file at a time")
    path = files[0]
    index = _index_json(path)
    source = source_override or _source(path, index)
    return ListData(
        source=source,
        format=FORMAT.name,
        files=(path,),
        entities=FtmEntities(path, source),
        published=_published(index),
    )


def _index_json(path: Path) -> dict[str, Any]:
    """OpenSanctions' dataset metadata beside the file, if it describes this file."""
    index = path.with_name("index.json")
    if index == path or not index.is_file() or index.stat().st_size > 16 * 1024 * 1024:
        return {}
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    if not isinstance(data, dict):
        return {}
    resources = data.get("resources")
    if isinstance(resources, list) and resources:
        names = {str(r.get("path") or r.get("name")) for r in resources if isinstance(r, dict)}
        if path.name not in names:
            return {}
    return data


def _source(path: Path, index: dict[str, Any]) -> str:
    if isinstance(index.get("name"), str) and index["name"]:
        return str(index["name"])
    with closing(_records(path)) as records:
        for _, data in records:
            datasets = data.get("datasets")
            if isinstance(datasets, list) and datasets and isinstance(datasets[0], str):
                return datasets[0]
            break
    return path.name.split(".")[0]


def _published(index: dict[str, Any]) -> date | None:
    """The export's date from index.json: updated_at, last_change, or the version ('20240311...')."""
    for key in ("updated_at", "last_change", "last_export"):
        if day := parse_iso_day(str(index.get(key) or "")):
            return date.fromisoformat(day)
    version = str(index.get("version") or "")
    if re.match(r"^\d{8}", version) and (day := parse_iso_day(f"{version[:4]}-{version[4:6]}-{version[6:8]}")):
        return date.fromisoformat(day)
    return None


def _records(path: Path) -> Generator[tuple[int, dict[str, Any]], None, None]:
    """(line number, entity dict) for each non-blank line; bad lines raise ParseError."""
    with text_lines(path, "utf-8-sig") as lines:
        for text in lines:
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise ParseError(path, f"not a JSON object: {exc}", line=lines.line) from exc
            if not isinstance(data, dict) or not _is_entity(data):
                raise ParseError(path, "not a FollowTheMoney entity (needs id, schema and properties)", line=lines.line)
            props = data["properties"]
            if not isinstance(props, dict) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in props.values()
            ):
                raise ParseError(path, "properties must map names to lists of strings", line=lines.line)
            yield lines.line, data


# --- reading -----------------------------------------------------------------


class FtmEntities:
    """The parties of one FtM file, read lazily; after iterating, ``schemata`` counts every
    schema in the file and ``skipped`` those neither read as parties nor folded into them."""

    def __init__(self, path: Path, source: str):
        self.path = path
        self.source = source
        self._reset()

    def _reset(self) -> None:
        self.schemata: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self._captions: dict[str, str] = {}
        self._parties: set[str] = set()
        self._links: dict[str, list[tuple[RelationKind, str, str]]] = {}
        self._sanctions: dict[str, list[dict[str, list[str]]]] = {}
        self._ids: dict[str, list[Identifier]] = {}
        self._addresses: dict[str, Address] = {}
        self._positions: dict[str, str] = {}
        self._occupancies: dict[str, list[str]] = {}

    def __iter__(self) -> Iterator[Entity]:
        self._index()
        with closing(_records(self.path)) as records:
            for _, data in records:
                if data["schema"] in SCHEMATA:
                    yield self._entity(data)

    def _index(self) -> None:
        self._reset()
        with closing(_records(self.path)) as records:
            for _, data in records:
                schema, eid, props = data["schema"], data["id"], data["properties"]
                self.schemata[schema] += 1
                names = props.get("name") or props.get("full") or [eid]
                self._captions[eid] = str(data.get("caption") or names[0])
                if schema in SCHEMATA:
                    self._parties.add(eid)
                elif schema in _LINKS:
                    self._index_link(schema, props)
                elif schema in _FOLDED:
                    self._index_record(schema, eid, props)
                else:
                    self.skipped[schema] += 1

    def _index_link(self, schema: str, props: dict[str, list[str]]) -> None:
        src_prop, dst_prop, kind, role_prop = _LINKS[schema]
        role = "; ".join(props.get(role_prop, []))
        if schema == "Ownership" and props.get("percentage"):
            role = f"{role} ({props['percentage'][0]}%)".strip()
        for src in props.get(src_prop, []):
            for dst in props.get(dst_prop, []):
                self._links.setdefault(src, []).append((kind, dst, role))

    def _index_record(self, schema: str, eid: str, props: dict[str, list[str]]) -> None:
        first = {k: v[0] for k, v in props.items() if v}
        ident: Identifier | None = None
        if schema == "Sanction":
            for target in props.get("entity", []):
                self._sanctions.setdefault(target, []).append(props)
        elif schema in ("Identification", "Passport") and first.get("number"):
            label = first.get("type")
            country = _code(first.get("country", ""))
            keep_label = label if label and label.lower() not in _ID_VALUES else None
            ident = Identifier(type=_id_type(label, schema), value=first["number"], country=country, label=keep_label)
        elif schema == "CryptoWallet" and (key := first.get("publicKey") or first.get("cryptoAddress")):
            ident = Identifier(IdType.CRYPTO, key, label=first.get("currencySymbol") or first.get("currency"))
        elif schema == "Position" and first.get("name"):
            self._positions[eid] = first["name"]
        elif schema == "Occupancy":
            for holder in props.get("holder", []):
                self._occupancies.setdefault(holder, []).extend(props.get("post", []))
        elif schema == "Address":
            self._addresses[eid] = _address_entity(first)
        if ident is not None:
            for holder in props.get("holder", []):
                self._ids.setdefault(holder, []).append(ident)

    def _entity(self, data: dict[str, Any]) -> Entity:
        eid: str = data["id"]
        props: dict[str, list[str]] = data["properties"]
        schema = SCHEMATA[data["schema"]]

        def values(*names: str) -> list[str]:
            return [v for name in names for v in props.get(name, [])]

        names = [
            Name(value=v, kind=kind, strength=strength, original_script=bool(_NON_LATIN.search(v)))
            for prop, (kind, strength) in _NAMES.items()
            for v in values(prop)
        ]
        dates = [d for prop, kind in _DATES.items() for v in values(prop) if (d := parse_event_date(v, kind))]
        countries = [
            Country(code=code, role=role, name=None if code == v else v)
            for prop, role in _COUNTRIES.items()
            for v in values(prop)
            for code in [_code(v)]
        ]
        identifiers = [Identifier(_prop_id_type(p, schema), _id_value(p, v), label=p) for p in _IDS for v in values(p)]
        addresses = [Address(full=v) for v in values("address")]
        addresses += [self._addresses[a] for a in values("addressEntity") if a in self._addresses]
        attributes = [(_ATTRS.get(p, p), v) for p, vs in props.items() if p not in _NOT_ATTRIBUTES for v in vs]
        attributes += [("position", self._positions[p]) for p in self._occupancies.get(eid, []) if p in self._positions]
        programs, remarks = values(*_PROGRAMS), values(*_REMARKS)
        listed = [day for v in values("createdAt") if (day := parse_iso_day(v))]
        sanctioned: list[str] = []
        for sanction in self._sanctions.get(eid, []):
            programs += [v for prop in _PROGRAMS for v in sanction.get(prop, [])]
            remarks += sanction.get("reason", []) + [f"Provisions: {v}" for v in sanction.get("provisions", [])]
            attributes += [("sanction_authority", v) for v in sanction.get("authority", [])]
            dates_listed = sanction.get("listingDate", []) + sanction.get("startDate", [])
            sanctioned += [day for v in dates_listed if (day := parse_iso_day(v))]
        listed = sanctioned or listed
        datasets = [d for d in data.get("datasets") or [] if isinstance(d, str)]
        return Entity(
            source=self.source,
            source_id=self._source_id(eid),
            schema=schema,
            names=tuple(sorted(dict.fromkeys(names), key=lambda n: n.kind is not NameKind.PRIMARY)),
            addresses=tuple(dict.fromkeys(addresses)),
            countries=tuple(dict.fromkeys(countries)),
            dates=tuple(dict.fromkeys(dates)),
            places_of_birth=tuple(dict.fromkeys(values("birthPlace"))),
            identifiers=_merge_ids([*identifiers, *self._ids.get(eid, [])]),
            programs=tuple(dict.fromkeys(programs)),
            listed_on=min(listed) if listed else None,
            remarks=tuple(dict.fromkeys(remarks)),
            relations=tuple(self._relations(eid)),
            source_list=", ".join(datasets) if datasets and datasets != [self.source] else None,
            attributes=tuple(dict.fromkeys(attributes)),
        )

    def _relations(self, eid: str) -> Iterator[Relation]:
        for kind, target, role in self._links.get(eid, []):
            target_id = f"{self.source}:{self._source_id(target)}" if target in self._parties else None
            yield Relation(kind=kind, target_name=self._captions.get(target, target), target_id=target_id, text=role)

    def _source_id(self, ftm_id: str) -> str:
        """Undo the writer's ``<source>-`` prefix (see :func:`ftm_id`)."""
        prefix = _FTM_ID_BAD.sub("-", self.source).strip("-.") + "-"
        return ftm_id[len(prefix) :] if ftm_id.startswith(prefix) and len(ftm_id) > len(prefix) else ftm_id


def _code(value: str) -> str | None:
    """An FtM country value ('ru', 'suhh', 'xk') -> ISO alpha-2 or None."""
    value = value.strip().lower()
    if _ISO2.match(value):
        return value
    return country_code(value) if len(value) > 3 else None


def _id_type(label: str | None, schema: str) -> IdType:
    """The type of an Identification/Passport record from its free-text 'type'."""
    text = (label or "").strip().lower()
    if text in _ID_VALUES:
        return IdType(text)
    if schema == "Passport" or "passport" in text:
        return IdType.PASSPORT
    if "national" in text or "identity" in text or "id card" in text:
        return IdType.NATIONAL_ID
    if "tax" in text or text == "inn":
        return IdType.TAX_ID
    return IdType.OTHER


def _prop_id_type(prop: str, schema: Schema) -> IdType:
    if prop == "idNumber" and schema is Schema.PERSON:
        return IdType.NATIONAL_ID
    if prop == "registrationNumber" and schema is Schema.AIRCRAFT:
        return IdType.AIRCRAFT_TAIL
    return _IDS[prop]


def _id_value(prop: str, value: str) -> str:
    """FtM writes IMO numbers as 'IMO8937675'; the lists (and our model) use the seven digits."""
    if prop == "imoNumber" and (m := _IMO.match(value)):
        return m.group(1)
    return value


def _merge_ids(identifiers: list[Identifier]) -> tuple[Identifier, ...]:
    """One identifier per (type, value): a record with a country beats a bare property."""
    out: dict[tuple[IdType, str], Identifier] = {}
    for ident in identifiers:
        key = (ident.type, ident.value)
        if key not in out or (ident.country and not out[key].country):
            out[key] = ident
    return tuple(out.values())


def _address_entity(first: dict[str, str]) -> Address:
    parts = [first.get(k) for k in ("street", "street2", "postOfficeBox", "city", "postalCode", "region", "state")]
    return Address(
        full=first.get("full") or ", ".join(p for p in parts if p),
        street=first.get("street"),
        city=first.get("city"),
        region=first.get("region") or first.get("state"),
        postal_code=first.get("postalCode"),
        country=_code(first.get("country", "")),
    )


# --- writing -----------------------------------------------------------------

_OUT_SCHEMATA = {schema: name for name, schema in SCHEMATA.items() if name not in ("Company", "PublicBody")}
#: National ids and aircraft tail numbers depend on the schema: see _id_prop.
_OUT_IDS = {
    IdType.PASSPORT: "passportNumber",
    IdType.TAX_ID: "taxNumber",
    IdType.REGISTRATION: "registrationNumber",
    IdType.IMO: "imoNumber",
    IdType.MMSI: "mmsi",
    IdType.CALL_SIGN: "callSign",
    IdType.LEI: "leiCode",
    IdType.USCC: "uscCode",
    IdType.SWIFT_BIC: "swiftBic",
    IdType.AIRCRAFT_SERIAL: "serialNumber",
    IdType.WEBSITE: "website",
    IdType.EMAIL: "email",
    IdType.PHONE: "phone",
}
_OUT_COUNTRIES = {
    CountryRole.NATIONALITY: "nationality",
    CountryRole.CITIZENSHIP: "citizenship",
    CountryRole.BIRTH: "birthCountry",
    CountryRole.REGISTRATION: "jurisdiction",
}
_OUT_DATES = {DateKind.BIRTH: "birthDate", DateKind.DEATH: "deathDate", DateKind.INCORPORATION: "incorporationDate"}
_OUT_ATTRS = {key: prop for prop, key in _ATTRS.items()}
#: The FtM topic of each official source (an FtM file's entities keep their own topics).
_TOPICS = {
    **dict.fromkeys(("ofac-sdn", "ofac-nonsdn", "un", "uk-ofsi", "uk-fcdo", "eu-fsf"), "sanction"),
    **dict.fromkeys(("us-csl", "bis-dpl"), "export.control"),
}


def ftm_id(entity_id: str) -> str:
    """A Proscreen entity id as an FtM id, which allows only letters, digits, '.' and '-'."""
    slug = _FTM_ID_BAD.sub("-", entity_id).strip("-.")
    if not slug or len(slug) > 128:
        slug = "proscreen-" + hashlib.sha1(entity_id.encode("utf-8")).hexdigest()
    return slug


def entity_to_ftm(entity: Entity) -> dict[str, Any]:
    """The entity as one FtM entity dict (its edges and records are in :func:`ftm_records`)."""
    return ftm_records(entity)[0]


def ftm_records(entity: Entity) -> list[dict[str, Any]]:
    """The entity, then its Sanction, Passport/Identification/CryptoWallet and edge entities."""
    return _Writer(entity).records()


def write_ftm(entities: Iterable[Entity], stream: TextIO) -> int:
    """Write FtM JSON lines; returns the number of lines (FtM entities) written."""
    count = 0
    for entity in entities:
        for record in ftm_records(entity):
            stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


class _Writer:
    """The FtM entities for one of ours, built with followthemoney's own value cleaning."""

    def __init__(self, entity: Entity):
        from followthemoney import model

        self.model = model
        self.entity = entity
        self.schema = _OUT_SCHEMATA[entity.schema]
        self.id = ftm_id(entity.id)
        self.proxy = model.make_entity(self.schema)
        self.proxy.id = self.id
        self.notes: list[str] = []
        self.extra: list[Any] = []

    def put(self, prop: str, value: str, note: str | None = None) -> bool:
        """Add a value FtM accepts; otherwise keep ``note`` (when given) for the notes."""
        if _add(self.proxy, prop, value):
            return True
        if note is not None:
            self.notes.append(note)
        return False

    def record(self, schema: str, key: str, values: dict[str, list[str]]) -> None:
        """A separate entity pointing at ours; its id is derived from ours and ``key``."""
        proxy = self.model.make_entity(schema)
        proxy.id = f"{self.id}-{schema.lower()}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"
        for prop, items in values.items():
            for item in items:
                _add(proxy, prop, item)
        self.extra.append(proxy)

    def records(self) -> list[dict[str, Any]]:
        e = self.entity
        for name in e.names:
            self.put(_name_prop(name), name.value, f"Name: {name.value}")
        for country in e.countries:
            self._country(country)
        for event in e.dates:
            self._date(event)
        for address in e.addresses:
            full = address.full or ", ".join(p for p in (address.street, address.city, address.postal_code) if p)
            self.put("address", full, f"Address: {full}")
        for place in e.places_of_birth:
            self.put("birthPlace", place, f"Place of birth: {place}")
        for ident in e.identifiers:
            self._identifier(ident)
        self._attributes()
        for relation in e.relations:
            self._relation(relation)
        if e.programs or e.listed_on:
            listing = [e.listed_on] if e.listed_on else []
            self.record(
                "Sanction", "sanction", {"entity": [self.id], "program": list(e.programs), "listingDate": listing}
            )
        for note in [*e.remarks, *self.notes]:
            self.put("notes", note)
        out = []
        for proxy in [self.proxy, *self.extra]:
            data: dict[str, Any] = proxy.to_dict()
            data["datasets"] = [e.source]
            out.append(data)
        out[0]["caption"] = e.caption
        return out

    def _country(self, country: Country) -> None:
        note = f"Country ({country.role.value}): {country.name or country.code}"
        prop = _OUT_COUNTRIES.get(country.role, "country")
        if self.schema == "Vessel" and country.role is CountryRole.REGISTRATION:
            prop = "flag"
        if not country.code:
            self.notes.append(note)
        elif not self.put(prop, country.code):
            self.put("country", country.code, note)

    def _date(self, event: EventDate) -> None:
        """FtM dates are single partial dates: a range is written as both ends, with a note."""
        written = [self.put(_OUT_DATES[event.kind], value) for value in (event.start, event.end) if value]
        if not all(written) or event.circa or event.end:
            span = event.start + (f" to {event.end}" if event.end else "")
            self.notes.append(f"{event.kind.value} date: {event.text or span}")

    def _identifier(self, ident: Identifier) -> None:
        prop = _id_prop(ident, self.schema)
        if ident.type is IdType.CRYPTO:
            currency = [ident.label] if ident.label else []
            self.record(
                "CryptoWallet",
                ident.value,
                {"publicKey": [ident.value], "holder": [self.id], "currencySymbol": currency},
            )
        elif prop and not ident.country and self.put(prop, ident.value):
            return
        elif self.schema in ("Vessel", "Airplane"):  # an Identification's holder must be a legal entity
            self.notes.append(f"{ident.label or ident.type.value}: {ident.value}")
        else:
            kind = ident.label if ident.type is IdType.OTHER and ident.label else ident.type.value
            values: dict[str, list[str]] = {"holder": [self.id], "number": [ident.value], "type": [kind]}
            values["country"] = [ident.country] if ident.country else []
            self.record("Passport" if ident.type is IdType.PASSPORT else "Identification", ident.value, values)

    def _attributes(self) -> None:
        topics = [v for k, v in self.entity.attributes if k == "topics"]
        if not topics and self.entity.source in _TOPICS:
            topics = [_TOPICS[self.entity.source]]
        for topic in topics:
            self.put("topics", topic, f"topics: {topic}")
        for key, value in self.entity.attributes:
            if key != "topics":
                prop = _OUT_ATTRS.get(key, key)
                self.put(prop, value.lower() if prop == "gender" else value, f"{key}: {value}")

    def _relation(self, relation: Relation) -> None:
        if not relation.target_id or relation.target_id == self.entity.id:
            text = f" ({relation.text})" if relation.text else ""
            self.notes.append(f"{relation.kind.value}: {relation.target_name}{text}")
            return
        me, target, kind = self.id, ftm_id(relation.target_id), relation.kind
        role = [relation.text] if relation.text else []
        person = self.schema == "Person"
        values: dict[str, list[str]]
        if kind is RelationKind.FAMILY and person:
            schema, values = "Family", {"person": [me], "relative": [target], "relationship": role}
        elif kind is RelationKind.ASSOCIATED_WITH and person:
            schema, values = "Associate", {"person": [me], "associate": [target], "relationship": role}
        elif kind is RelationKind.OWNED_BY and not person:
            schema, values = "Ownership", {"asset": [me], "owner": [target], "role": role}
        elif kind is RelationKind.CONTROLLED_BY and not person:
            schema, values = "Directorship", {"organization": [me], "director": [target], "role": role}
        else:
            schema, values = "UnknownLink", {"subject": [me], "object": [target], "role": role}
        self.record(schema, f"{me}|{target}|{kind.value}|{relation.text}", values)


def _add(proxy: Any, prop: str, value: str) -> bool:
    """Add one value through FtM's cleaning; False when FtM has no such property or refuses the value."""
    prop_obj = proxy.schema.get(prop)
    return prop_obj is not None and not prop_obj.stub and proxy.unsafe_add(prop_obj, value) is not None


def _name_prop(name: Name) -> str:
    if name.kind is NameKind.PRIMARY:
        return "name"
    if name.kind is NameKind.FKA:
        return "previousName"
    return "weakAlias" if name.strength is Strength.WEAK else "alias"


def _id_prop(ident: Identifier, schema: str) -> str | None:
    """The FtM property for an identifier: its label when that is an FtM identifier property of its type."""
    if ident.label and ident.label in _IDS and _IDS[ident.label] in (ident.type, IdType.OTHER):
        return ident.label
    if ident.type is IdType.NATIONAL_ID:
        return "idNumber" if schema == "Person" else None
    if ident.type is IdType.AIRCRAFT_TAIL:
        return "registrationNumber" if schema == "Airplane" else None
    return _OUT_IDS.get(ident.type)


FORMAT = ListFormat(
    name="ftm",
    title="FollowTheMoney entities (JSON lines, e.g. OpenSanctions)",
    sniff=sniff,
    read=read,
)
