"""Wire models shared by several endpoints: text limits, a query, a match, a list version, an error."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from proscreen.model import ListVersion, Query
from proscreen.names.text import MAX_NAME_LENGTH
from proscreen.screening import Match

#: Queries in one batch at most (``/screen``, ``/match``, ``/reconcile``).
MAX_BATCH = 1000
#: Results per query at most.
MAX_LIMIT = 100
#: Longest short text field (ids, codes, dates) accepted.
MAX_SHORT = 200
#: Countries or identifiers per query at most.
MAX_VALUES = 20

SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft", "Thing")


def check_text(value: str) -> str:
    """Refuse text that cannot be stored or echoed safely: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode (lone surrogate)") from None
    return value


Text = Annotated[str, Field(max_length=MAX_SHORT), AfterValidator(check_text)]
NameText = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH), AfterValidator(check_text)]


class Wire(BaseModel):
    """Base of every wire model: unknown fields are refused, ``schema`` is a normal field name."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class ErrorOut(BaseModel):
    detail: Any = Field(..., examples=["missing or invalid API key"])


class QueryIn(Wire):
    """A party to screen, as in ``screen-file`` JSON lines."""

    name: NameText = Field(..., examples=["Akhtar and Sons (Pvt.) Ltd."])
    schema_: Text = Field(
        "Thing", alias="schema", description="Person, Organization (Company), LegalEntity, Vessel, Aircraft or Thing."
    )
    birth_date: Text | None = Field(None, description="Birth or incorporation: YYYY, YYYY-MM or YYYY-MM-DD.")
    countries: list[Text] = Field(default_factory=list, max_length=MAX_VALUES, examples=[["pk"]])
    identifiers: list[Text] = Field(default_factory=list, max_length=MAX_VALUES)

    def to_query(self, query_id: str | None = None) -> Query:
        return Query(
            name=self.name,
            schema=self.schema_,
            birth_date=self.birth_date,
            countries=tuple(self.countries),
            identifiers=tuple(self.identifiers),
            id=query_id,
        )


class FeatureOut(BaseModel):
    feature: str
    value: float
    weight: float
    detail: str
    explanation: str


class MatchOut(BaseModel):
    """One listed party like the query: ``Match.to_dict()`` (what ``proscreen screen --json`` prints)."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    entity_id: str
    source: str
    source_id: str
    name: str
    schema_: str = Field(alias="schema")
    score: float = Field(..., ge=0, le=1)
    match: bool
    programs: list[str]
    source_list: str | None
    list_version: str
    explanation: list[FeatureOut]

    @classmethod
    def from_match(cls, match: Match) -> dict[str, Any]:
        return match.to_dict()


class ListVersionOut(BaseModel):
    source: str
    version: int
    label: str
    format: str
    published: date
    published_from_file: bool
    imported_at: str
    entities: int
    added: int
    amended: int
    removed: int
    checksums: dict[str, str]

    @classmethod
    def from_version(cls, v: ListVersion) -> dict[str, Any]:
        return {
            "source": v.source,
            "version": v.seq,
            "label": v.label,
            "format": v.format,
            "published": v.published.isoformat(),
            "published_from_file": v.published_from_file,
            "imported_at": v.imported_at.isoformat(timespec="seconds"),
            "entities": v.entity_count,
            "added": v.added,
            "amended": v.amended,
            "removed": v.removed,
            "checksums": dict(v.checksums),
        }
