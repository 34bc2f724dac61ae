"""Errors only the HTTP door raises, and the one handler map every error goes through.

    ProscreenError (proscreen.exceptions)
    └── ApiError
        ├── Unauthorized            no key, or a key that is wrong or revoked (status 401)
        ├── Forbidden               the key's role may not do this            (status 403)
        ├── PayloadTooLarge         the request body is over the limit        (status 413)
        ├── RateLimited             the key has used up its requests          (status 429)
        ├── NotReady                the lists are still loading               (status 503)
        └── RequestTimeout          the work took longer than allowed         (status 503)

Every ``ProscreenError`` becomes ``{"detail": message}`` with the error's
``status``; server-side errors (5xx) get a generic message, never internals or
a stack trace. Request validation errors become 422 without echoing the input.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from proscreen.exceptions import ProscreenError

log = logging.getLogger("proscreen.api")

GENERIC_500 = "internal server error"


class ApiError(ProscreenError):
    status = 400
    headers: dict[str, str] = {}  # noqa: RUF012 - read-only default, instances set their own


class Unauthorized(ApiError):
    status = 401

    def __init__(self) -> None:
        super().__init__("missing or invalid API key")
        self.headers = {"WWW-Authenticate": 'Bearer realm="proscreen"'}


class Forbidden(ApiError):
    status = 403

    def __init__(self) -> None:
        super().__init__("this API key may not use this endpoint")


class PayloadTooLarge(ApiError):
    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body too large (at most {limit:,} bytes)")


class RateLimited(ApiError):
    status = 429

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(f"rate limit exceeded; retry after {seconds} s")
        self.headers = {"Retry-After": str(seconds)}


class NotReady(ApiError):
    status = 503

    def __init__(self, message: str = "the lists and indexes are still loading") -> None:
        super().__init__(message)
        self.headers = {"Retry-After": "5"}


class RequestTimeout(ApiError):
    status = 503

    def __init__(self, seconds: float, done: int, total: int) -> None:
        super().__init__(
            f"request took longer than {seconds:g} s ({done} of {total} queries screened); send smaller batches"
        )
        self.headers = {"Retry-After": "1"}


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"detail": message if status < 500 else GENERIC_500}


async def _proscreen_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProscreenError)
    status = exc.status
    if status >= 500 and not isinstance(exc, ApiError):
        log.error("error on %s %s: %s", request.method, request.url.path, exc)
    message = str(exc) if status < 500 or isinstance(exc, ApiError) else GENERIC_500
    headers = getattr(exc, "headers", None) or None
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()[:50]
    ]
    return JSONResponse({"detail": errors}, status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if exc.status_code < 500 else GENERIC_500
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": GENERIC_500}, status_code=500)


def install(app: FastAPI) -> None:
    """The one handler map: Proscreen errors by status, validation, HTTP errors, anything else."""
    app.add_exception_handler(ProscreenError, _proscreen_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
