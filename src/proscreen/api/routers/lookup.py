"""``GET /search`` (a quick lookup while someone types) and ``GET /entities/{id}`` (everything about one)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from proscreen.api.auth import Principal, viewer
from proscreen.api.models.common import ErrorOut, check_text
from proscreen.api.models.records import EntityDetail, SearchOut
from proscreen.api.state import ServiceState
from proscreen.exceptions import InputError
from proscreen.model import Query as Party
from proscreen.screening import Match

router = APIRouter(tags=["Lookup"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 429, 503)}
#: Lowest score a search shows (a lookup is looser than a screen's decision threshold).
SEARCH_FLOOR = 0.5


def lookup(service: ServiceState, text: str, limit: int, schema: str = "Thing") -> list[Match]:
    """The listed parties whose names are most like ``text`` (no audit: this is not a screening decision)."""
    service.check_ready()
    try:
        check_text(text)
    except ValueError as exc:
        raise InputError(f"q: {exc}") from None
    return service.screener.screen(Party(text, schema), limit, threshold=SEARCH_FLOOR)


@router.get("/search", response_model=SearchOut, responses=ERRORS, summary="Quick lookup by name")
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=200, description="A name, or the start of one."),
    limit: int = Query(10, ge=1, le=50),
    schema: str = Query("Thing", max_length=20, description="Person, Organization, Vessel, Aircraft or Thing."),
    _: Principal = Depends(viewer),
) -> dict[str, Any]:
    hits = lookup(request.app.state.service, q, limit, schema)
    return {
        "q": q,
        "results": [
            {
                "id": m.entity.id,
                "caption": m.entity.caption,
                "schema": str(m.entity.schema),
                "source": m.entity.source,
                "programs": list(m.entity.programs),
                "score": round(m.score, 4),
                "match": m.match,
            }
            for m in hits
        ],
    }


@router.get("/entities/{entity_id:path}", response_model=EntityDetail, responses=ERRORS, summary="One entity")
def entity(entity_id: str, request: Request, _: Principal = Depends(viewer)) -> dict[str, Any]:
    """Everything known about one entity: names, facts, relations (with their targets' names)
    and every revision of it across list versions."""
    service: ServiceState = request.app.state.service
    if len(entity_id) > 300:
        raise InputError("entity id too long")
    history = service.store.history(entity_id)
    entity = history[-1].entity
    targets = service.store.get_entities([r.target_id for r in entity.relations if r.target_id])
    return EntityDetail.build(history, targets)
