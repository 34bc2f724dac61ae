"""``/reconcile``: a Reconciliation Service API 0.2 endpoint, as OpenRefine calls it.

``GET /reconcile`` is the manifest (public: clients read it to learn how to
authenticate); queries come as ``POST`` with a form field ``queries`` (what
OpenRefine sends), as a JSON body, or as ``GET ?queries=``. Preview and suggest
(entity, type, property) complete the protocol.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from proscreen.api.auth import Principal, analyst
from proscreen.api.models.common import ErrorOut
from proscreen.api.models.reconcile import (
    PROPERTIES,
    PROPERTY_ALIASES,
    TYPES,
    Manifest,
    ReconBatch,
    ReconQuery,
    ReconResult,
    SuggestEntities,
    SuggestProperties,
    SuggestTypes,
)
from proscreen.api.runner import Filters, screen_groups
from proscreen.api.state import ServiceState
from proscreen.exceptions import InputError
from proscreen.model import Query as Party
from proscreen.screening import Match

router = APIRouter(prefix="/reconcile", tags=["Reconciliation (OpenRefine)"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 413, 422, 429, 503)}
DEFAULT_LIMIT = 5
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 300


def manifest(base: str) -> dict[str, Any]:
    return {
        "versions": ["0.2"],
        "name": "Proscreen sanctions and export-control lists",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": f"{base}/reconcile/types/",
        "documentation": f"{base}/docs",
        "serviceVersion": _version(),
        "view": {"url": f"{base}/reconcile/preview?id={{{{id}}}}"},
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "defaultTypes": [{"id": t, "name": t} for t in TYPES],
        "suggest": {
            "entity": {"service_url": base, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": base, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": base, "service_path": "/reconcile/suggest/property"},
        },
        "authentication": {
            "type": "apiKey",
            "name": "X-API-Key",
            "in": "header",
            "description": "A Proscreen API key with the analyst role (`proscreen keys create`)",
        },
    }


def _version() -> str:
    from proscreen import __version__

    return __version__


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _parse(raw: str) -> ReconBatch:
    try:
        return ReconBatch.model_validate_json(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'queries'}: {e['msg']}" for e in exc.errors()[:10]
        )
        raise InputError(f"invalid reconciliation queries: {problems}") from None


def _to_party(key: str, q: ReconQuery) -> list[Party]:
    if not q.query:
        return []
    types = [t for t in q.types() if t in TYPES]
    schema = types[0] if len(types) == 1 else "Thing"
    countries: list[str] = []
    dates: list[str] = []
    identifiers: list[str] = []
    for prop in q.properties or []:
        kind = PROPERTY_ALIASES.get(prop.pid.lower().replace(" ", "_"))
        target = {"country": countries, "birth_date": dates, "identifier": identifiers}.get(kind or "")
        if target is not None:
            target.extend(prop.texts())
    return [Party(q.query, schema, dates[0] if dates else None, tuple(countries[:20]), tuple(identifiers[:20]), id=key)]


def _candidate(m: Match) -> dict[str, Any]:
    e = m.entity
    description = ", ".join(p for p in (e.source, "; ".join(e.programs), m.version.label) if p)
    schema = str(e.schema)
    return {
        "id": e.id,
        "name": e.caption,
        "description": description,
        "score": round(m.score, 4),
        "match": m.match,
        "features": [{"id": f.name, "value": round(f.value, 4)} for f in m.comparison.features if f.weight],
        "type": [{"id": schema, "name": schema}],
    }


def _reconcile(request: Request, principal: Principal, raw: str) -> dict[str, Any]:
    batch = _parse(raw)
    service: ServiceState = request.app.state.service
    keys = list(batch.root)
    queries = [batch.root[k] for k in keys]
    limit = max((int(q.limit) for q in queries if q.limit), default=DEFAULT_LIMIT) or DEFAULT_LIMIT
    groups = [_to_party(k, q) for k, q in zip(keys, queries, strict=True)]
    echoes = [q.model_dump(exclude_none=True) for q in queries]
    done = screen_groups(service, principal, "reconcile", groups, echoes, Filters(limit=limit), tolerant=True)
    return {
        key: {"result": [_candidate(m) for m in matches[: int(q.limit or DEFAULT_LIMIT) or DEFAULT_LIMIT]]}
        for key, q, matches in zip(keys, queries, done.results, strict=True)
    }


@router.get(
    "",
    response_model=Manifest | dict[str, ReconResult],
    responses=ERRORS,
    response_model_exclude_none=True,
    summary="Service manifest, or a batch given as ?queries=",
)
async def reconcile_get(request: Request, queries: str | None = Query(None, max_length=1_000_000)) -> Any:
    """Without ``queries``: the service manifest (no key needed). With ``queries``: as POST."""
    if queries is None:
        return JSONResponse(manifest(_base(request)))
    principal = await analyst(request, None, None)
    return await run_in_threadpool(_reconcile, request, principal, queries)


_BATCH_BODY = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "properties": {"queries": {"type": "string", "description": "A JSON query batch"}},
                "required": ["queries"],
            }
        },
        "application/json": {"schema": {"type": "object", "additionalProperties": {"type": "object"}}},
    },
}


@router.post(
    "",
    response_model=dict[str, ReconResult],
    responses=ERRORS,
    response_model_exclude_none=True,
    summary="Reconcile a batch of queries",
    openapi_extra={"requestBody": _BATCH_BODY},
)
async def reconcile_post(request: Request, principal: Principal = Depends(analyst)) -> Any:
    """A query batch, as a form field ``queries`` (OpenRefine) or as the JSON body."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        raw = form.get("queries")
        if not isinstance(raw, str):
            if form.get("extend") is not None:
                raise InputError("data extension is not supported by this service")
            raise InputError("the form has no `queries` field")
    else:
        raw = (await request.body()).decode("utf-8", "replace")
    return await run_in_threadpool(_reconcile, request, principal, raw)


@router.get(
    "/preview",
    response_class=HTMLResponse,
    responses=ERRORS,
    response_model_exclude_none=True,
    summary="An HTML preview of an entity",
)
def preview(request: Request, id: str = Query(..., max_length=300), _: Principal = Depends(analyst)) -> HTMLResponse:
    service: ServiceState = request.app.state.service
    e = service.store.entity(id)
    rows = [
        ("Type", str(e.schema)),
        ("Source", e.source + (f" ({e.source_list})" if e.source_list else "")),
        ("Programs", ", ".join(e.programs)),
        ("Also known as", "; ".join(n.value for n in e.names[1:6])),
        ("Dates", ", ".join(d.start for d in e.dates)),
        ("Countries", ", ".join(c.code or c.name or "" for c in e.countries)),
    ]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows if v)
    body = (
        "<!doctype html><html><head><meta charset='utf-8'><title>"
        f"{html.escape(e.caption)}</title></head><body style='font-family:sans-serif;font-size:13px'>"
        f"<h3>{html.escape(e.caption)}</h3><p><code>{html.escape(e.id)}</code></p><table>{cells}</table></body></html>"
    )
    return HTMLResponse(body)


@router.get(
    "/suggest/entity",
    response_model=SuggestEntities,
    responses=ERRORS,
    response_model_exclude_none=True,
    summary="Suggest entities",
)
def suggest_entity(
    request: Request,
    prefix: str = Query(..., min_length=1, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=50),
    _: Principal = Depends(analyst),
) -> dict[str, Any]:
    from proscreen.api.routers.lookup import lookup

    hits = lookup(request.app.state.service, prefix, limit)
    return {
        "result": [
            {
                "id": m.entity.id,
                "name": m.entity.caption,
                "description": ", ".join(p for p in (m.entity.source, "; ".join(m.entity.programs)) if p),
                "notable": [{"id": str(m.entity.schema), "name": str(m.entity.schema)}],
            }
            for m in hits
        ]
    }


@router.get(
    "/suggest/type",
    response_model=SuggestTypes,
    responses=ERRORS,
    response_model_exclude_none=True,
    summary="Suggest types",
)
def suggest_type(prefix: str = Query("", max_length=200), _: Principal = Depends(analyst)) -> dict[str, Any]:
    wanted = prefix.strip().lower()
    return {
        "result": [
            {"id": t, "name": t, "description": d}
            for t, d in TYPES.items()
            if not wanted or t.lower().startswith(wanted)
        ]
    }


@router.get(
    "/suggest/property",
    response_model=SuggestProperties,
    responses=ERRORS,
    response_model_exclude_none=True,
    summary="Suggest properties",
)
def suggest_property(prefix: str = Query("", max_length=200), _: Principal = Depends(analyst)) -> dict[str, Any]:
    wanted = prefix.strip().lower()
    return {
        "result": [
            {"id": pid, "name": name, "description": description}
            for pid, (name, description) in PROPERTIES.items()
            if not wanted or pid.startswith(wanted) or name.lower().startswith(wanted)
        ]
    }
