"""Run the service under uvicorn (what ``proscreen serve`` calls)."""

from __future__ import annotations

import os
import tempfile
from importlib.util import find_spec

from proscreen.api.app import ENV_DB, ENV_HOST, ENV_NO_AUTH, is_loopback
from proscreen.exceptions import ConfigError
from proscreen.store import Store


def serve(
    host: str,
    port: int,
    workers: int = 1,
    db_url: str | None = None,
    no_auth: bool = False,
    log_level: str = "info",
    access_log: bool = False,
) -> None:
    import uvicorn

    if no_auth and not is_loopback(host):
        raise ConfigError(f"--no-auth is refused unless the service listens on loopback (not {host!r})")
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    with Store.open(db_url) as store:  # migrate once, before any worker starts
        if workers > 1:
            # build missing indexes here once; workers then only load them (and answer the supervisor's pings)
            from proscreen.screening import Screener

            Screener(store).warm()
    os.environ[ENV_DB] = db_url or ""
    os.environ[ENV_HOST] = host
    os.environ[ENV_NO_AUTH] = "1" if no_auth else "0"
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="proscreen-metrics-")
    uvicorn.run(
        "proscreen.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop" if find_spec("uvloop") else "asyncio",
        http="httptools" if find_spec("httptools") else "h11",
        log_level=log_level,
        access_log=access_log,
        timeout_keep_alive=30,
        timeout_graceful_shutdown=30,
        limit_concurrency=1000,
        server_header=False,
        timeout_worker_healthcheck=30,
    )
