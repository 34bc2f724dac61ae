"""``/reconcile``: the Reconciliation Service API 0.2 (OpenRefine's protocol).

Request models follow ``reconciliation-query-batch.json``: a batch is an object
of queries; a query needs ``query`` or a non-empty ``properties``; no other
fields are allowed. Responses follow the result-batch, manifest and suggest
schemas; the tests validate them against the published JSON schemas.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from proscreen.api.models.common import MAX_BATCH, MAX_LIMIT, NameText, Text, check_text

#: Our types, as the manifest and the type suggest service show them.
TYPES = {
    "Person": "A natural person",
    "Organization": "A company, organisation or other legal entity",
    "Vessel": "A ship",
    "Aircraft": "An aircraft",
    "Thing": "Any listed party",
}
#: Properties a query may refine with (``pid``): id -> (name, description).
PROPERTIES = {
    "country": ("Country", "Nationality, jurisdiction or address country (ISO code or name)"),
    "birth_date": ("Date of birth", "Date of birth or incorporation: YYYY, YYYY-MM or YYYY-MM-DD"),
    "identifier": ("Identifier", "Tax, registration, passport or IMO number"),
}
#: Spellings of the property ids that are read as ours.
PROPERTY_ALIASES = {
    "country": "country",
    "nationality": "country",
    "jurisdiction": "country",
    "birth_date": "birth_date",
    "birthdate": "birth_date",
    "date_of_birth": "birth_date",
    "dob": "birth_date",
    "incorporationdate": "birth_date",
    "identifier": "identifier",
    "idnumber": "identifier",
    "registrationnumber": "identifier",
    "taxnumber": "identifier",
    "imonumber": "identifier",
    "passportnumber": "identifier",
}


class EntityRef(BaseModel):
    """A property value that is another (already reconciled) entity."""

    model_config = ConfigDict(extra="allow")
    id: Text
    name: Text | None = None


PropertyValue = Annotated[str, Field(max_length=1000)] | float | bool | EntityRef


class PropertyIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    pid: Text
    v: PropertyValue | list[PropertyValue]

    def texts(self) -> list[str]:
        values = self.v if isinstance(self.v, list) else [self.v]
        out = []
        for value in values:
            if isinstance(value, EntityRef):
                text = value.name or value.id
            elif isinstance(value, bool):
                continue
            else:
                text = str(value)
            text = check_text(text).strip()
            if text:
                out.append(text)
        return out


class ReconQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: NameText | None = None
    type: Text | list[Text] | None = None
    limit: float | None = Field(None, ge=0, le=MAX_LIMIT)
    properties: list[PropertyIn] | None = Field(None, max_length=50)
    type_strict: Literal["any", "should", "all"] | None = None

    @model_validator(mode="after")
    def _query_or_properties(self) -> Self:
        if self.query is None and not self.properties:
            raise ValueError("a query needs `query` or a non-empty `properties`")
        return self

    def types(self) -> list[str]:
        if self.type is None:
            return []
        return [self.type] if isinstance(self.type, str) else list(self.type)


class ReconBatch(RootModel[dict[Text, ReconQuery]]):
    @model_validator(mode="after")
    def _size(self) -> Self:
        if len(self.root) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} queries in one batch")
        return self


class TypeOut(BaseModel):
    id: str
    name: str
    description: str | None = None


class FeatureOut(BaseModel):
    id: str
    value: float | bool


class Candidate(BaseModel):
    id: str
    name: str
    description: str | None = None
    score: float
    match: bool
    features: list[FeatureOut] = []
    type: list[TypeOut] = []


class ReconResult(BaseModel):
    result: list[Candidate]


class SuggestEntity(BaseModel):
    id: str
    name: str
    description: str | None = None
    notable: list[TypeOut] = []


class SuggestEntities(BaseModel):
    result: list[SuggestEntity]


class SuggestTypes(BaseModel):
    result: list[TypeOut]


class SuggestProperties(BaseModel):
    result: list[TypeOut]


class Manifest(BaseModel):
    """The service manifest (``manifest.json``); free-form enough to carry its nested settings."""

    model_config = ConfigDict(extra="allow")
    versions: list[str]
    name: str
    identifierSpace: str  # the protocol's field name
    schemaSpace: str  # the protocol's field name
