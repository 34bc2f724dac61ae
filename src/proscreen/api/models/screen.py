"""``POST /screen`` and ``POST /compare``: requests and responses."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from pydantic import BaseModel, Field, model_validator

from proscreen.api.models.common import (
    MAX_BATCH,
    MAX_LIMIT,
    MAX_VALUES,
    FeatureOut,
    ListVersionOut,
    MatchOut,
    QueryIn,
    Text,
    Wire,
)
from proscreen.matching import Comparison


class ScreenItem(Wire):
    """One query of a batch: the caller's id (echoed back) and the party."""

    id: Text | None = Field(None, examples=["customer-0042"])
    query: QueryIn


class ScreenRequest(Wire):
    """One query (``query``, optional ``id``) or a batch (``queries``), and the filters for all of them."""

    id: Text | None = Field(None, description="The caller's id of a single query.")
    query: QueryIn | None = None
    queries: list[ScreenItem] | None = Field(None, min_length=1, max_length=MAX_BATCH)
    sources: list[Text] = Field(default_factory=list, max_length=MAX_VALUES, examples=[["ofac-sdn"]])
    programs: list[Text] = Field(default_factory=list, max_length=MAX_VALUES, examples=[["NPWMD"]])
    schemas: list[Text] = Field(default_factory=list, max_length=10, description="Only entities of these types.")
    as_of: date | None = Field(None, description="Screen against the lists as they stood on this date.")
    threshold: float | None = Field(None, ge=0, le=1, description="Decision threshold (default: the matcher's).")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)

    @model_validator(mode="after")
    def _one_or_many(self) -> Self:
        if (self.query is None) == (self.queries is None):
            raise ValueError("give either `query` (one party) or `queries` (a batch), not both or neither")
        if self.queries is not None and self.id is not None:
            raise ValueError("`id` belongs to a single `query`; in a batch each item has its own id")
        return self

    def items(self) -> list[ScreenItem]:
        if self.queries is not None:
            return self.queries
        assert self.query is not None
        return [ScreenItem(id=self.id, query=self.query)]


class ScreenResult(BaseModel):
    id: str | None
    query: QueryIn
    alerts: int = Field(..., description="Results at or above the threshold.")
    matches: list[MatchOut]


class ScreenResponse(BaseModel):
    threshold: float
    list_versions: list[ListVersionOut] = Field(..., description="The list versions every query was screened against.")
    results: list[ScreenResult]


class CompareRequest(Wire):
    a: QueryIn
    b: QueryIn


class CompareResponse(BaseModel):
    score: float = Field(..., ge=0, le=1)
    match: bool
    threshold: float
    explanation: list[FeatureOut]

    @classmethod
    def from_comparison(cls, result: Comparison) -> dict[str, Any]:
        return {
            "score": round(result.score, 4),
            "match": result.match,
            "threshold": result.threshold,
            "explanation": [
                {
                    "feature": f.name,
                    "value": round(f.value, 4),
                    "weight": f.weight,
                    "detail": f.detail,
                    "explanation": f.explanation,
                }
                for f in result.features
            ],
        }
