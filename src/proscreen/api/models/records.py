"""Entities, their history, list diffs, search results and API keys on the wire."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from proscreen.api.models.common import ListVersionOut
from proscreen.model import Entity
from proscreen.store import Revision, VersionDiff
from proscreen.store.keys import ApiKey


class NameOut(BaseModel):
    value: str
    kind: str = "primary"
    strength: str = "strong"
    original_script: bool = False
    lang: str | None = None


class AddressOut(BaseModel):
    full: str = ""
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    country_name: str | None = None


class CountryOut(BaseModel):
    code: str | None = None
    role: str = "other"
    name: str | None = None


class DateOut(BaseModel):
    start: str
    end: str | None = None
    kind: str = "birth"
    circa: bool = False
    text: str | None = None


class IdentifierOut(BaseModel):
    type: str
    value: str
    country: str | None = None
    label: str | None = None
    issued: str | None = None
    expires: str | None = None


class RelationOut(BaseModel):
    kind: str
    target_name: str
    target_id: str | None = None
    text: str = ""
    target_caption: str | None = Field(None, description="The target's name, when the store holds it.")


class EntityOut(BaseModel):
    """An entity as ``Entity.to_dict()`` gives it."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: str
    source: str
    source_id: str
    schema_: str = Field(alias="schema")
    names: list[NameOut] = []
    addresses: list[AddressOut] = []
    countries: list[CountryOut] = []
    dates: list[DateOut] = []
    places_of_birth: list[str] = []
    identifiers: list[IdentifierOut] = []
    programs: list[str] = []
    listed_on: str | None = None
    remarks: list[str] = []
    relations: list[RelationOut] = []
    source_list: str | None = None
    attributes: list[list[str]] = []


class RevisionOut(BaseModel):
    from_version: str
    from_published: str
    until_version: str | None
    current: bool
    entity: EntityOut


class EntityDetail(EntityOut):
    """Everything about one entity: its newest revision, its relations resolved, its history."""

    caption: str
    listed: bool = Field(..., description="False when the newest version of its list no longer holds it.")
    history: list[RevisionOut]

    @classmethod
    def build(cls, history: list[Revision], targets: dict[str, Entity]) -> dict[str, Any]:
        entity = history[-1].entity
        data = entity.to_dict()
        data["relations"] = [
            {**r, "target_caption": targets[r["target_id"]].caption if r.get("target_id") in targets else None}
            for r in data.get("relations", [])
        ]
        data["caption"] = entity.caption
        data["listed"] = history[-1].last is None
        data["history"] = [
            {
                "from_version": r.first.label,
                "from_published": r.first.published.isoformat(),
                "until_version": r.last.label if r.last else None,
                "current": r.last is None,
                "entity": r.entity.to_dict(),
            }
            for r in history
        ]
        return data


class FieldChangeOut(BaseModel):
    field: str
    old: Any = None
    new: Any = None
    added: list[Any] | None = None
    removed: list[Any] | None = None


class EntityChangeOut(BaseModel):
    entity_id: str
    caption: str
    change: str
    fields: list[FieldChangeOut] = []


class DiffOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    source: str
    from_: str | None = Field(alias="from")
    to: str
    counts: dict[str, int]
    added: list[EntityChangeOut]
    removed: list[EntityChangeOut]
    amended: list[EntityChangeOut]

    @classmethod
    def from_diff(cls, diff: VersionDiff) -> dict[str, Any]:
        return diff.to_dict()


class ListsOut(BaseModel):
    current: list[str] = Field(..., description="The version of each source that screens use now.")
    versions: list[ListVersionOut]


class ImportOut(BaseModel):
    imported: list[ListVersionOut]
    created: list[bool]
    warnings: list[str]
    current: list[str]


class SearchHit(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    source: str
    programs: list[str]
    score: float
    match: bool


class SearchOut(BaseModel):
    q: str
    results: list[SearchHit]


class KeyOut(BaseModel):
    prefix: str
    name: str
    role: str
    created_at: str
    revoked_at: str | None
    rate_limit: float | None

    @classmethod
    def from_key(cls, key: ApiKey) -> dict[str, Any]:
        return key.to_dict()


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")
    role: Literal["viewer", "analyst", "admin"]
    rate_limit: float | None = Field(
        None, gt=0, le=1_000_000, description="Requests per second (default: the service's)."
    )


class NewKeyOut(KeyOut):
    key: str = Field(..., description="The key itself: shown this once, never stored.")
