"""The application factory: settings in, a FastAPI app out (routers, middleware, error map, lifespan).

``create_app(ServiceConfig(...))`` is what tests and ``proscreen serve`` use;
``app_from_env()`` is the factory uvicorn's worker processes call, reading the
configuration the ``serve`` command left in the environment.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from proscreen.api import errors
from proscreen.api.middleware import LimitsMiddleware, MetricsMiddleware
from proscreen.api.routers import health, keys, lists, lookup, match, reconcile, screen
from proscreen.api.state import ServiceState
from proscreen.exceptions import ConfigError
from proscreen.settings import Settings, get_settings

log = logging.getLogger("proscreen.api")

#: Environment handed from ``proscreen serve`` to its worker processes.
ENV_DB = "PROSCREEN_SERVE_DB_URL"
ENV_NO_AUTH = "PROSCREEN_SERVE_NO_AUTH"
ENV_HOST = "PROSCREEN_SERVE_HOST"
UPLOAD_PATHS = ("/lists/import",)

DESCRIPTION = """Screen parties against sanctions and export-control lists, with the reasons for every score.

Authenticate with an API key (`proscreen keys create`): `Authorization: Bearer <key>`,
`Authorization: ApiKey <key>` or `X-API-Key: <key>`. Roles: **viewer** (search, entities,
lists), **analyst** (+ screen, match, reconcile, compare), **admin** (+ import, keys).
"""


@dataclass(frozen=True)
class ServiceConfig:
    db_url: str | None = None
    auth: bool = True
    index_dir: Path | None = None
    settings: Settings = field(default_factory=get_settings)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    config = config or ServiceConfig()
    settings = config.settings
    service = ServiceState(settings, config.db_url, config.auth, config.index_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.close()

    from proscreen import __version__

    app = FastAPI(
        title="Proscreen",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.service = service
    errors.install(app)
    for router in (
        health.router,
        screen.router,
        match.router,
        reconcile.router,
        lookup.router,
        lists.router,
        keys.router,
    ):
        app.include_router(router)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )
    app.add_middleware(
        LimitsMiddleware,
        max_body=settings.api_max_body_bytes,
        max_upload=settings.api_max_upload_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    app.add_middleware(MetricsMiddleware)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call (``proscreen serve`` sets the environment)."""
    no_auth = os.environ.get(ENV_NO_AUTH) == "1"
    host = os.environ.get(ENV_HOST, "")
    if no_auth and not is_loopback(host):
        raise ConfigError("--no-auth is only allowed when the service listens on a loopback address")
    return create_app(ServiceConfig(db_url=os.environ.get(ENV_DB) or None, auth=not no_auth))
