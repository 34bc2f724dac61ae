"""The HTTP door: a FastAPI application over the same library core as the CLI.

``create_app()`` builds the application; ``proscreen serve`` runs it under
uvicorn. Routers are thin: they turn wire models (``api.models``) into core
calls (Screener, Store, matcher) and core results back into wire models.
FastAPI and friends are imported only here and by the ``serve`` command.
"""

from __future__ import annotations

from proscreen.api.app import ServiceConfig, create_app

__all__ = ["ServiceConfig", "create_app"]
