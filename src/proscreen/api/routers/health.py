"""``/healthz`` (the process answers), ``/readyz`` (lists and indexes loaded) and ``/metrics``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from proscreen.api.auth import Principal, viewer
from proscreen.api.metrics import exposition
from proscreen.api.state import ServiceState

router = APIRouter(tags=["Service"])


class Health(BaseModel):
    status: str
    list_versions: list[str] = []


@router.get("/healthz", response_model=Health, summary="Liveness: the process answers")
async def healthz() -> dict[str, Any]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=Health,
    summary="Readiness: the lists and their indexes are loaded",
    responses={503: {"model": Health, "description": "Still loading, or loading failed"}},
)
def readyz(request: Request) -> Any:
    service: ServiceState = request.app.state.service
    if service.load_error:
        return JSONResponse({"status": "failed", "list_versions": []}, status_code=503)
    if not service.ready.is_set():
        return JSONResponse({"status": "loading", "list_versions": []}, status_code=503)
    return {"status": "ready", "list_versions": [v.label for v in service.versions()]}


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
async def metrics(_: Principal = Depends(viewer)) -> Response:
    body, content_type = exposition()
    return Response(body, media_type=content_type)
