"""`proscreen serve`: the HTTP screening service."""

from __future__ import annotations

import typer

from proscreen.cli.app import app, errors, state
from proscreen.settings import get_settings


@app.command("serve")
def serve_cmd(
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default: PROSCREEN_API_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port (default: PROSCREEN_API_PORT, 8000)."),
    workers: int | None = typer.Option(None, "--workers", help="Worker processes (default: PROSCREEN_API_WORKERS, 1)."),
    no_auth: bool = typer.Option(False, "--no-auth", help="Serve without API keys (refused unless on loopback)."),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request."),
) -> None:
    """Run the HTTP API (screen, yente-compatible /match, OpenRefine /reconcile...); docs at /docs."""
    from proscreen.api.server import serve

    settings = get_settings()
    with errors():
        serve(
            host or settings.api_host,
            port if port is not None else settings.api_port,
            workers if workers is not None else settings.api_workers,
            db_url=state.db_url,
            no_auth=no_auth,
            access_log=access_log,
        )
