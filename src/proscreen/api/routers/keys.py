"""``/keys`` (admin): make, list and revoke API keys over HTTP, as ``proscreen keys`` does."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Request

from proscreen.api.auth import Principal, admin
from proscreen.api.models.common import ErrorOut
from proscreen.api.models.records import KeyIn, KeyOut, NewKeyOut
from proscreen.api.state import ServiceState
from proscreen.store.keys import create_key, list_keys, revoke_key

router = APIRouter(prefix="/keys", tags=["API keys"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 429)}


@router.get("", response_model=list[KeyOut], responses=ERRORS, summary="List API keys (admin)")
def keys(request: Request, _: Principal = Depends(admin)) -> list[dict[str, Any]]:
    service: ServiceState = request.app.state.service
    return [KeyOut.from_key(k) for k in list_keys(service.store)]


@router.post("", response_model=NewKeyOut, status_code=201, responses=ERRORS, summary="Create an API key (admin)")
def create(body: KeyIn, request: Request, _: Principal = Depends(admin)) -> dict[str, Any]:
    """The response holds the key itself; it is shown this once and only its hash is stored."""
    service: ServiceState = request.app.state.service
    key, secret = create_key(service.store, body.name, body.role, body.rate_limit)
    return {**KeyOut.from_key(key), "key": secret}


@router.delete("/{prefix}", response_model=KeyOut, responses=ERRORS, summary="Revoke an API key (admin)")
def revoke(
    request: Request,
    prefix: str = Path(..., min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_]+$"),
    _: Principal = Depends(admin),
) -> dict[str, Any]:
    service: ServiceState = request.app.state.service
    revoked = revoke_key(service.store, prefix)
    service.keys.clear()  # this process stops accepting it now, not after the cache time
    return KeyOut.from_key(revoked)
