"""``POST /match/{dataset}``: the request and response shapes of OpenSanctions' yente.

A yente client sends FollowTheMoney-style examples (``schema`` and
``properties``); each is read into one :class:`~proscreen.model.Query` per
name, and the results come back as yente's ``ScoredEntityResponse``: FtM-style
``properties``, ``datasets``, ``score``, ``match``, ``features`` and
``explanations``. Field names and defaults follow yente's own models, so
clients written for yente parse these responses unchanged.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from proscreen.api.models.common import MAX_BATCH, Text, Wire, check_text
from proscreen.exceptions import InputError
from proscreen.model import CountryRole, DateKind, Entity, IdType, NameKind, Query, Strength
from proscreen.screening import Match

#: FtM schemata -> ours.
SCHEMATA = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "PublicBody": "Organization",
    "LegalEntity": "LegalEntity",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
    "Aircraft": "Aircraft",
    "Thing": "Thing",
}
OUT_SCHEMATA = {"Aircraft": "Airplane"}
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
DATE_PROPS = ("birthDate", "incorporationDate")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry", "flag", "birthCountry")
ID_PROPS = (
    "idNumber", "taxNumber", "registrationNumber", "imoNumber", "passportNumber", "leiCode", "innCode",
    "ogrnCode", "vatCode", "swiftBic", "mmsi", "callSign", "serialNumber", "uscCode",
)  # fmt: skip
#: Sources that are export-control lists rather than sanctions (their FtM topic).
EXPORT_CONTROL = frozenset({"us-csl", "bis-dpl"})
#: Names screened per example at most (each name is one screen).
MAX_NAMES = 10

_OUT_COUNTRY = {
    CountryRole.NATIONALITY: "nationality",
    CountryRole.CITIZENSHIP: "citizenship",
    CountryRole.REGISTRATION: "jurisdiction",
    CountryRole.BIRTH: "birthCountry",
}
_OUT_ID = {
    IdType.PASSPORT: "passportNumber",
    IdType.NATIONAL_ID: "idNumber",
    IdType.TAX_ID: "taxNumber",
    IdType.REGISTRATION: "registrationNumber",
    IdType.IMO: "imoNumber",
    IdType.MMSI: "mmsi",
    IdType.CALL_SIGN: "callSign",
    IdType.LEI: "leiCode",
    IdType.USCC: "uscCode",
    IdType.SWIFT_BIC: "swiftBic",
    IdType.AIRCRAFT_SERIAL: "serialNumber",
    IdType.AIRCRAFT_TAIL: "registrationNumber",
    IdType.WEBSITE: "website",
    IdType.EMAIL: "email",
    IdType.PHONE: "phone",
}
_OUT_DATE = {DateKind.BIRTH: "birthDate", DateKind.INCORPORATION: "incorporationDate", DateKind.DEATH: "deathDate"}


class EntityExample(Wire):
    """An example entity to match, as yente takes it."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, serialize_by_alias=True)

    id: Text | None = Field(None, examples=["my-entity-id"])
    schema_: Text = Field(..., alias="schema", examples=["Person"])
    properties: dict[Text, str | list[Any]] = Field(
        ..., examples=[{"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]}]
    )

    def values(self, prop: str) -> list[str]:
        raw = self.properties.get(prop, [])
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for item in items:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                text = check_text(str(item)).strip()
                if text:
                    out.append(text)
        return out

    def to_queries(self, key: str) -> list[Query]:
        """One query per name (name, alias...); InputError when the example cannot be screened."""
        schema = SCHEMATA.get(self.schema_)
        if schema is None:
            raise InputError(f"query {key!r}: unknown schema {self.schema_!r}; use one of {', '.join(SCHEMATA)}")
        names = list(dict.fromkeys(n for p in NAME_PROPS for n in self.values(p)))
        if not names:
            raise InputError(f"query {key!r}: no name; give properties.name")
        dates = [d for p in DATE_PROPS for d in self.values(p)]
        countries = tuple(dict.fromkeys(c.lower() for p in COUNTRY_PROPS for c in self.values(p)))
        identifiers = tuple(dict.fromkeys(i for p in ID_PROPS for i in self.values(p)))
        return [
            Query(name, schema, dates[0] if dates else None, countries, identifiers, id=key)
            for name in names[:MAX_NAMES]
        ]


class EntityMatchQuery(Wire):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    weights: dict[Text, float] = Field(default_factory=dict, description="Accepted for compatibility; not used.")
    config: dict[Text, str | int | float | bool | None] = Field(
        default_factory=dict, description="Accepted for compatibility; not used."
    )
    queries: dict[Text, EntityExample] = Field(..., max_length=MAX_BATCH)


class FtResult(BaseModel):
    score: float
    detail: str | None = None


class ScoredEntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str] = []
    referents: list[str] = []
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    features: dict[str, float]
    explanations: dict[str, FtResult]
    match: bool
    token: str | None = None

    @classmethod
    def from_match(cls, m: Match) -> dict[str, Any]:
        features = [f for f in m.comparison.features if f.weight]
        return {
            **entity_response(m.entity),
            "last_change": m.version.imported_at.isoformat(timespec="seconds"),
            "score": round(m.score, 4),
            "features": {f.name: round(f.value, 4) for f in features},
            "explanations": {f.name: {"score": round(f.value, 4), "detail": f.detail} for f in features},
            "match": m.match,
            "token": None,
        }


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str | None = None
    coefficient: float
    url: str | None = None


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


def entity_response(entity: Entity) -> dict[str, Any]:
    """An entity as yente's ``EntityResponse``: FtM-style property names, values as lists of text."""
    props: dict[str, list[str]] = {}

    def put(prop: str, value: str | None) -> None:
        if value:
            values = props.setdefault(prop, [])
            if value not in values:
                values.append(value)

    for name in entity.names:
        if name.kind is NameKind.PRIMARY:
            put("name", name.value)
        elif name.kind is NameKind.FKA:
            put("previousName", name.value)
        else:
            put("weakAlias" if name.strength is Strength.WEAK else "alias", name.value)
    for event in entity.dates:
        put(_OUT_DATE[event.kind], event.start)
    for country in entity.countries:
        put(_OUT_COUNTRY.get(country.role, "country"), country.code)
    for ident in entity.identifiers:
        put(_OUT_ID.get(ident.type, "idNumber"), ident.value)
    for address in entity.addresses:
        put("address", address.full)
    for place in entity.places_of_birth:
        put("birthPlace", place)
    for program in entity.programs:
        put("program", program)
    for remark in entity.remarks:
        put("notes", remark)
    put("topics", "export.control" if entity.source in EXPORT_CONTROL else "sanction")
    schema = str(entity.schema)
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": OUT_SCHEMATA.get(schema, schema),
        "properties": props,
        "datasets": [entity.source],
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": None,
    }
