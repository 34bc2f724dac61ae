"""``POST /screen`` (one party or a batch, as the CLI screens) and ``POST /compare``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from proscreen.api.auth import Principal, analyst
from proscreen.api.models.common import ErrorOut, ListVersionOut, MatchOut
from proscreen.api.models.screen import CompareRequest, CompareResponse, ScreenRequest, ScreenResponse
from proscreen.api.runner import Filters, screen_groups
from proscreen.matching import compare

router = APIRouter(tags=["Screening"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 413, 429, 503)}


@router.post("/screen", response_model=ScreenResponse, responses=ERRORS, summary="Screen parties against the lists")
def screen(body: ScreenRequest, request: Request, principal: Principal = Depends(analyst)) -> dict[str, Any]:
    """Screen one party (``query``) or up to 1,000 (``queries``): ranked matches, each with the
    features that explain its score and the list version it comes from."""
    items = body.items()
    filters = Filters(
        limit=body.limit,
        sources=tuple(body.sources),
        programs=tuple(body.programs),
        schemas=tuple(body.schemas),
        as_of=body.as_of,
        threshold=body.threshold,
    )
    echoes = [item.query.model_dump(by_alias=True) for item in items]
    done = screen_groups(
        request.app.state.service,
        principal,
        "screen",
        [[item.query.to_query(item.id)] for item in items],
        [{"id": item.id, **echo} for item, echo in zip(items, echoes, strict=True)],
        filters,
    )
    return {
        "threshold": done.threshold,
        "list_versions": [ListVersionOut.from_version(v) for v in done.versions],
        "results": [
            {
                "id": item.id,
                "query": echo,
                "alerts": sum(1 for m in matches if m.match),
                "matches": [MatchOut.from_match(m) for m in matches],
            }
            for item, echo, matches in zip(items, echoes, done.results, strict=True)
        ],
    }


@router.post("/compare", response_model=CompareResponse, responses=ERRORS, summary="Compare two parties")
def compare_parties(body: CompareRequest, _: Principal = Depends(analyst)) -> dict[str, Any]:
    """The score of ``a`` against ``b``, the decision and the features behind it."""
    return CompareResponse.from_comparison(compare(body.a.to_query(), body.b.to_query()))
