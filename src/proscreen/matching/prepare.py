"""Preparation: entities and queries -> compact, picklable forms the scorer reads fast.

Everything that does not depend on the other side is computed here once:
analysed names (:class:`~proscreen.names.analyze.NameForm`), dates as integer
intervals, normalised countries and identifiers. Queries are validated here:
bad input raises :class:`~proscreen.exceptions.InputError` naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proscreen.exceptions import InputError
from proscreen.model import DateKind, Entity, Query, Schema, Strength
from proscreen.names.analyze import ANY, OBJECT, ORG, PERSON, NameForm, analyze_name
from proscreen.names.text import split_alternatives, validate_name

#: A date as an interval of YYYYMMDD integers and its precision (1 year, 2 month, 3 day, 0 range).
DateSpan = tuple[int, int, int]

SCHEMAS = {
    "person": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "company": "Organization",
    "legalentity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
    "thing": "Thing",
}
_KIND = {"Person": PERSON, "Organization": ORG, "Vessel": OBJECT, "Aircraft": OBJECT, "LegalEntity": ANY, "Thing": ANY}
_NOT_COUNTRIES = frozenset({"zz", "xx", "xz", "eu", "un"})
_ID_CLEAN = re.compile(r"[^0-9A-Z]")
_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:T.*)?\s*$")


@dataclass(frozen=True, slots=True)
class PreparedEntity:
    """A listed party ready for scoring and indexing."""

    id: str
    schema: str
    caption: str
    names: tuple[NameForm, ...]
    weak: tuple[bool, ...]  # per name: a weak alias
    dates: tuple[DateSpan, ...]
    countries: frozenset[str]
    identifiers: frozenset[str]

    @property
    def kind(self) -> str:
        return _KIND.get(self.schema, ANY)

    def __reduce__(self) -> tuple[type[PreparedEntity], tuple[object, ...]]:
        return (PreparedEntity, tuple(getattr(self, f) for f in self.__slots__))


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A validated screening query: its name analysed for each kind of party it may be."""

    id: str | None
    schema: str
    name: str
    forms: tuple[NameForm, ...]  # one per kind: PERSON/ORG/OBJECT, or both PERSON and ORG when unknown
    dates: tuple[DateSpan, ...]
    countries: frozenset[str]
    identifiers: frozenset[str]

    def form_for(self, kind: str) -> NameForm:
        """The analysis of the query name that suits an entity of ``kind``."""
        for form in self.forms:
            if form.kind == kind:
                return form
        return self.forms[0]


def kind_of(schema: str) -> str:
    return _KIND.get(schema, ANY)


def prepare_entity(entity: Entity) -> PreparedEntity:
    """Analyse every name and alias of a listed entity (never raises on odd list data)."""
    schema = entity.schema.value if isinstance(entity.schema, Schema) else str(entity.schema)
    kind = kind_of(schema)
    names: list[NameForm] = []
    weak: list[bool] = []
    seen: dict[str, int] = {}
    for name in entity.names:
        if not name.value or not name.value.strip():
            continue
        is_weak = name.strength is Strength.WEAK
        values = split_alternatives(name.value)
        if len(values) > 1:
            values.insert(0, name.value)
        for value in values:
            form = analyze_name(value, kind)
            if form.is_empty:
                continue
            if form.key in seen:
                pos = seen[form.key]
                if weak[pos] and not is_weak:
                    weak[pos] = False
                continue
            seen[form.key] = len(names)
            names.append(form)
            weak.append(is_weak)
    dates: list[DateSpan] = []
    for event in entity.dates:
        if event.kind is DateKind.DEATH:
            continue
        span = _entity_date(event.start, event.end, event.circa)
        if span is not None:
            dates.append(span)
    identifiers = frozenset(v for i in entity.identifiers for v in identifier_keys(i.value))
    countries = frozenset(c.code for c in entity.countries if c.code)
    return PreparedEntity(
        id=entity.id,
        schema=schema,
        caption=entity.caption,
        names=tuple(names),
        weak=tuple(weak),
        dates=tuple(dict.fromkeys(dates)),
        countries=countries,
        identifiers=identifiers,
    )


def prepare_query(query: Query) -> PreparedQuery:
    """Validate and analyse a query; InputError names the field that is wrong."""
    name = validate_name(query.name, "name")
    schema = normalize_schema(query.schema)
    kind = kind_of(schema)
    kinds = (PERSON, ORG) if kind == ANY else (kind,)
    forms = tuple(analyze_name(name, k) for k in kinds)
    if all(f.is_empty for f in forms):
        raise InputError(f"name: nothing left to compare in {query.name!r}")
    dates: tuple[DateSpan, ...] = ()
    if query.birth_date:
        dates = (parse_date(query.birth_date, "birth_date"),)
    countries = frozenset(normalize_country(c) for c in query.countries if c and c.strip())
    identifiers = frozenset(v for i in query.identifiers for v in identifier_keys(i))
    return PreparedQuery(
        id=query.id,
        schema=schema,
        name=name,
        forms=forms,
        dates=dates,
        countries=countries,
        identifiers=identifiers,
    )


def query_as_entity(query: PreparedQuery) -> PreparedEntity:
    """A prepared query seen as a one-name entity (to compare two queries)."""
    kind = kind_of(query.schema)
    form = query.form_for(kind if kind != ANY else PERSON)
    names = [form]
    alternatives = split_alternatives(query.name)
    if len(alternatives) > 1:
        names.extend(f for f in (analyze_name(v, form.kind) for v in alternatives) if not f.is_empty)
    return PreparedEntity(
        id=query.id or "",
        schema=query.schema,
        caption=query.name,
        names=tuple(names),
        weak=(False,) * len(names),
        dates=query.dates,
        countries=query.countries,
        identifiers=query.identifiers,
    )


def normalize_schema(value: str | None) -> str:
    if not value:
        return "Thing"
    schema = SCHEMAS.get(str(value).strip().lower().replace(" ", ""))
    if schema is None:
        raise InputError(f"schema: unknown {value!r}; use one of Person, Organization, Vessel, Aircraft, LegalEntity")
    return schema


def normalize_country(value: str) -> str:
    from proscreen.names.countries import country_code

    text = value.strip()
    code = country_code(text)
    if code in _NOT_COUNTRIES:
        code = None
    if code is None or (len(text) == 2 and code != text.lower()):
        raise InputError(f"countries: unknown country code {value!r}")
    return code


def normalize_identifier(value: str) -> str | None:
    """Upper-case letters and digits only; None when too short to identify anything."""
    cleaned = _ID_CLEAN.sub("", value.upper())
    return cleaned if len(cleaned) >= 4 and any(ch.isdigit() for ch in cleaned) else None


def identifier_keys(value: str) -> tuple[str, ...]:
    """Comparable forms of an identifier: letters and digits, and its digits alone ("IMO 9123456")."""
    full = normalize_identifier(value)
    if full is None:
        return ()
    digits = "".join(ch for ch in full if ch.isdigit())
    if digits != full and len(digits) >= 6 and full.endswith(digits):
        return (full, digits)
    return (full,)


def parse_date(value: str, field: str = "birth_date") -> DateSpan:
    """A partial ISO date -> span. Impossible months/days fall back to the year; no year is an error."""
    match = _DATE.match(value)
    if match is None:
        raise InputError(f"{field}: not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year = int(match.group(1))
    if not 1800 <= year <= 2200:
        raise InputError(f"{field}: year out of range: {value!r}")
    month = int(match.group(2)) if match.group(2) else 0
    day = int(match.group(3)) if match.group(3) else 0
    if not 1 <= month <= 12:
        return _span(year, 0, 0)
    if day and not 1 <= day <= 31:
        return _span(year, month, 0)
    return _span(year, month, day)


def _span(year: int, month: int, day: int) -> DateSpan:
    if month == 0:
        return (year * 10000 + 101, year * 10000 + 1231, 1)
    if day == 0:
        return (year * 10000 + month * 100 + 1, year * 10000 + month * 100 + 31, 2)
    value = year * 10000 + month * 100 + day
    return (value, value, 3)


def _entity_date(start: str, end: str | None, circa: bool) -> DateSpan | None:
    try:
        lo = parse_date(start)
        hi = parse_date(end) if end else lo
    except InputError:
        return None
    if end or circa:
        pad = 10000 if circa else 0
        return (lo[0] - pad, hi[1] + pad, 0)
    return lo
