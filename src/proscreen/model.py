"""The one data model every official list is read into.

Frozen, slotted dataclasses with no I/O. Every list format is parsed into
:class:`Entity` objects; the store keeps them as JSON (``to_dict``/``from_dict``)
and compares versions field by field.

Conventions:
- Country codes are ISO 3166-1 alpha-2, lower case (``"pk"``); ``None`` when the
  list names a country we cannot map (the raw text is kept in ``Country.name``).
- Dates are ISO 8601 *partial* strings: ``"1966"``, ``"1966-11"`` or ``"1966-11-22"``.
  A range is ``EventDate(start, end)``; ``circa`` marks "circa"/"approximately".
- An entity id is ``"<source>:<source id>"``, e.g. ``"ofac-sdn:52051"``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Schema(StrEnum):
    """What kind of party an entity is."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"
    #: A person or an organisation; the list does not say which (e.g. BIS DPL).
    LEGAL_ENTITY = "LegalEntity"


class NameKind(StrEnum):
    PRIMARY = "primary"
    AKA = "aka"  # also known as
    FKA = "fka"  # formerly known as
    NKA = "nka"  # now known as


class Strength(StrEnum):
    STRONG = "strong"
    WEAK = "weak"


class CountryRole(StrEnum):
    NATIONALITY = "nationality"
    CITIZENSHIP = "citizenship"
    RESIDENCE = "residence"
    REGISTRATION = "registration"  # jurisdiction of incorporation, flag state
    ADDRESS = "address"  # the country of a listed address
    BIRTH = "birth"  # the country of a place of birth
    OTHER = "other"


class DateKind(StrEnum):
    BIRTH = "birth"
    INCORPORATION = "incorporation"
    DEATH = "death"


class IdType(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TAX_ID = "tax_id"
    REGISTRATION = "registration"
    IMO = "imo"
    MMSI = "mmsi"
    CALL_SIGN = "call_sign"
    LEI = "lei"
    USCC = "uscc"  # Chinese Unified Social Credit Code
    SWIFT_BIC = "swift_bic"
    WEBSITE = "website"
    EMAIL = "email"
    PHONE = "phone"
    CRYPTO = "crypto"  # digital-currency address
    AIRCRAFT_SERIAL = "aircraft_serial"
    AIRCRAFT_TAIL = "aircraft_tail"
    OTHER = "other"


class RelationKind(StrEnum):
    LINKED_TO = "linked_to"
    OWNED_BY = "owned_by"
    CONTROLLED_BY = "controlled_by"
    ASSOCIATED_WITH = "associated_with"
    FAMILY = "family"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity: its primary name or an alias."""

    value: str
    kind: NameKind = NameKind.PRIMARY
    strength: Strength = Strength.STRONG
    #: True when the list gives this name in its original (non-Latin) script.
    original_script: bool = False
    #: ISO 639 language or script code when the list gives one.
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    full: str = ""
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO alpha-2, lower case
    country_name: str | None = None  # as written on the list


@dataclass(frozen=True, slots=True)
class Country:
    code: str | None
    role: CountryRole = CountryRole.OTHER
    name: str | None = None  # as written on the list


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date of birth/incorporation: exact, year or month only, or a range."""

    start: str  # ISO partial date; the only date when not a range
    end: str | None = None
    kind: DateKind = DateKind.BIRTH
    circa: bool = False
    text: str | None = None  # as written on the list, when it was not plain


@dataclass(frozen=True, slots=True)
class Identifier:
    type: IdType
    value: str
    country: str | None = None  # issuing country, ISO alpha-2 lower case
    label: str | None = None  # the list's own name for the identifier
    issued: str | None = None  # ISO (partial) date of issue
    expires: str | None = None  # ISO (partial) date of expiry


@dataclass(frozen=True, slots=True)
class Relation:
    """An edge to another party, kept with the text it was read from."""

    kind: RelationKind
    target_name: str
    target_id: str | None = None  # entity id when the list names the target's id
    text: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One listed party, as one list states it."""

    source: str
    source_id: str
    schema: Schema
    names: tuple[Name, ...]
    addresses: tuple[Address, ...] = ()
    countries: tuple[Country, ...] = ()
    dates: tuple[EventDate, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str | None = None  # ISO date
    remarks: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: For aggregated lists (US CSL): the list the row comes from, e.g. "Entity List".
    source_list: str | None = None
    #: Other facts as (key, value) pairs: title, gender, vessel flag, tonnage...
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        return f"{self.source}:{self.source_id}"

    @property
    def caption(self) -> str:
        """The primary name (the first name if none is marked primary)."""
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.value
        return self.names[0].value if self.names else self.source_id

    def attribute(self, key: str) -> str | None:
        for k, v in self.attributes:
            if k == key:
                return v
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; empty fields are left out."""
        out: dict[str, Any] = {"id": self.id}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, (), ""):
                continue
            if f.name == "attributes":
                out[f.name] = [list(pair) for pair in value]
            elif isinstance(value, tuple):
                out[f.name] = [_plain(v) if hasattr(v, "__slots__") else v for v in value]
            else:
                out[f.name] = str(value) if isinstance(value, StrEnum) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        def many(key: str, kind: Any) -> tuple[Any, ...]:
            return tuple(kind(**_drop_none(item)) for item in data.get(key, ()))

        return cls(
            source=data["source"],
            source_id=data["source_id"],
            schema=Schema(data["schema"]),
            names=tuple(
                Name(
                    value=n["value"],
                    kind=NameKind(n.get("kind", "primary")),
                    strength=Strength(n.get("strength", "strong")),
                    original_script=bool(n.get("original_script", False)),
                    lang=n.get("lang"),
                )
                for n in data.get("names", ())
            ),
            addresses=many("addresses", Address),
            countries=tuple(
                Country(code=c.get("code"), role=CountryRole(c.get("role", "other")), name=c.get("name"))
                for c in data.get("countries", ())
            ),
            dates=tuple(
                EventDate(
                    start=d["start"],
                    end=d.get("end"),
                    kind=DateKind(d.get("kind", "birth")),
                    circa=bool(d.get("circa", False)),
                    text=d.get("text"),
                )
                for d in data.get("dates", ())
            ),
            places_of_birth=tuple(data.get("places_of_birth", ())),
            identifiers=tuple(
                Identifier(
                    type=IdType(i["type"]),
                    value=i["value"],
                    country=i.get("country"),
                    label=i.get("label"),
                    issued=i.get("issued"),
                    expires=i.get("expires"),
                )
                for i in data.get("identifiers", ())
            ),
            programs=tuple(data.get("programs", ())),
            listed_on=data.get("listed_on"),
            remarks=tuple(data.get("remarks", ())),
            relations=tuple(
                Relation(
                    kind=RelationKind(r["kind"]),
                    target_name=r["target_name"],
                    target_id=r.get("target_id"),
                    text=r.get("text", ""),
                )
                for r in data.get("relations", ())
            ),
            source_list=data.get("source_list"),
            attributes=tuple((str(k), str(v)) for k, v in data.get("attributes", ())),
        )

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, compact): what the store keeps and hashes."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def content_hash(self) -> str:
        """A digest of everything the list says about this entity (stable across runs)."""
        return json_hash(self.to_json())


def json_hash(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _plain(obj: Any) -> dict[str, Any]:
    """A nested dataclass as a dict without empty/default values, enums as strings.

    Hand-written because ``dataclasses.asdict`` deep-copies and was most of an import's time.
    """
    out: dict[str, Any] = {}
    for key in obj.__slots__:
        value = getattr(obj, key)
        if value is None or value == "" or value is False:
            continue
        out[key] = str(value) if isinstance(value, StrEnum) else value
    return out


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@dataclass(frozen=True, slots=True)
class ListVersion:
    """One import of one source's files."""

    id: int
    source: str
    seq: int  # 1, 2, 3... per source, in import order
    format: str
    published: date
    imported_at: datetime
    checksums: tuple[tuple[str, str], ...]  # (file name, sha256)
    entity_count: int
    added: int = 0
    amended: int = 0
    removed: int = 0
    published_from_file: bool = True  # False when the file did not say and the import time was used
    files: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return f"{self.source}@{self.seq}"


@dataclass(frozen=True, slots=True)
class Query:
    """A party to screen: a name and what else is known about it.

    ``schema`` is "Person", "Organization", "Vessel", "Aircraft", "LegalEntity"
    (person or organisation) or "Thing" (unknown); "Company" is read as
    Organization. ``birth_date`` is a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD)
    of birth or incorporation; ``countries`` are ISO alpha-2 codes (any case);
    ``identifiers`` are identifier values (tax ID, passport, IMO...) as written.
    """

    name: str
    schema: str = "Thing"
    birth_date: str | None = None
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    id: str | None = None
