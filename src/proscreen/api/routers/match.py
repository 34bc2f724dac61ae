"""``POST /match/{dataset}``: yente's matching API, so clients written for yente work unchanged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from proscreen.api.auth import Principal, analyst
from proscreen.api.models.common import MAX_LIMIT, ErrorOut
from proscreen.api.models.yente import EntityMatchQuery, EntityMatchResponse, ScoredEntityResponse
from proscreen.api.runner import Filters, screen_groups
from proscreen.api.state import ServiceState
from proscreen.exceptions import NotFoundError
from proscreen.matching.features import FEATURES

router = APIRouter(tags=["Matching (yente-compatible)"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413, 429, 503)}
#: The dataset that means every source.
DEFAULT_DATASET = "default"
#: yente's FtM schemata -> ours, for ``exclude_schema``.
_SCHEMA_FILTER = {"Airplane": "Aircraft", "Company": "Organization"}


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    responses=ERRORS,
    summary="Query-by-example matcher (yente's /match)",
)
def match(
    body: EntityMatchQuery,
    request: Request,
    response: Response,
    dataset: str,
    limit: int = Query(5, ge=1, le=MAX_LIMIT, description="Results per query."),
    threshold: float | None = Query(None, ge=0, le=1, description="Score from which a result is a match."),
    cutoff: float | None = Query(None, ge=0, le=1, deprecated=True, description="Lowest score returned at all."),
    algorithm: str = Query("proscreen", max_length=100, description="Accepted for compatibility; Proscreen has one."),
    include_dataset: list[str] = Query([], description="Only these sources."),
    exclude_dataset: list[str] = Query([], description="Not these sources."),
    exclude_schema: list[str] = Query([], description="Not these entity types."),
    exclude_entity_ids: list[str] = Query([], max_length=50, description="Never return these entities."),
    principal: Principal = Depends(analyst),
) -> dict[str, Any]:
    """Match FollowTheMoney-style examples (``schema`` and ``properties``: name, alias, birthDate,
    nationality, country, jurisdiction, idNumber, registrationNumber, imoNumber...) as yente does.
    ``dataset`` is ``default`` (every source) or one source's short name, e.g. ``ofac-sdn``."""
    service: ServiceState = request.app.state.service
    known = [v.source for v in service.versions()]
    if dataset == DEFAULT_DATASET:
        sources = [s for s in known if (not include_dataset or s in include_dataset) and s not in exclude_dataset]
    elif dataset in known:
        sources = [dataset]
    else:
        raise NotFoundError(f"no dataset {dataset!r}; use {DEFAULT_DATASET!r} or one of: {', '.join(known)}")
    if not sources:
        raise NotFoundError("no sources left after include_dataset/exclude_dataset")
    excluded = {_SCHEMA_FILTER.get(s, s) for s in exclude_schema}
    schemas = tuple(s for s in ("Person", "Organization", "LegalEntity", "Vessel", "Aircraft") if s not in excluded)
    keys = list(body.queries)
    groups = [body.queries[k].to_queries(k) for k in keys]
    echoes = [body.queries[k].model_dump(by_alias=True) for k in keys]
    skip = set(exclude_entity_ids)
    filters = Filters(
        limit=limit + len(skip),
        sources=tuple(sources),
        schemas=schemas if excluded else (),
        threshold=threshold,
    )
    done = screen_groups(service, principal, f"match/{dataset}", groups, echoes, filters)
    floor = cutoff or 0.0
    responses = {}
    for key, echo, matches in zip(keys, echoes, done.results, strict=True):
        kept = [m for m in matches if m.entity.id not in skip and m.score >= floor][:limit]
        responses[key] = {
            "status": 200,
            "results": [ScoredEntityResponse.from_match(m) for m in kept],
            "total": {"value": len(kept), "relation": "eq"},
            "query": echo,
        }
    response.headers["x-batch-size"] = str(len(responses))
    return {"responses": responses, "matcher": matcher_docs(service.screener.config.weights), "limit": limit}


def matcher_docs(weights: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """yente's ``matcher`` block: each feature's one-line description and its weight (its support weight
    when the matcher weighs support and contradiction apart)."""
    docs = {}
    for name, func in FEATURES.items():
        weight = weights.get(name)
        coefficient = float(weight[0] if isinstance(weight, tuple | list) else weight or 0.0)
        if weight:
            docs[name] = {"description": (func.__doc__ or name).strip().splitlines()[0], "coefficient": coefficient}
    return docs
