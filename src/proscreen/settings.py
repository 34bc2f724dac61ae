"""Every setting in one place. Each reads a ``PROSCREEN_*`` environment variable.

Call :func:`get_settings` for the values in force; tests and doors may build a
:class:`Settings` directly with overrides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _data_dir() -> Path:
    env = os.environ.get("PROSCREEN_DATA_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "proscreen"


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _list(name: str) -> tuple[str, ...]:
    """A comma-separated list; empty when the variable is unset."""
    value = os.environ.get(name, "")
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    #: Folder for the default SQLite database and index files.
    data_dir: Path = field(default_factory=_data_dir)
    #: SQLAlchemy URL of the store; default: SQLite file in ``data_dir``.
    db_url: str | None = field(default_factory=lambda: os.environ.get("PROSCREEN_DB_URL"))
    #: Longest line (bytes) a list file may have; longer lines are refused as hostile.
    max_line_bytes: int = field(default_factory=lambda: _int("PROSCREEN_MAX_LINE_BYTES", 16 * 1024 * 1024))
    #: Largest total uncompressed size accepted from an archive.
    max_archive_bytes: int = field(default_factory=lambda: _int("PROSCREEN_MAX_ARCHIVE_BYTES", 2 * 1024**3))
    #: Largest compression ratio accepted from an archive member (zip-bomb guard).
    max_archive_ratio: int = field(default_factory=lambda: _int("PROSCREEN_MAX_ARCHIVE_RATIO", 200))
    #: Seconds to wait for an official list download.
    download_timeout: float = field(default_factory=lambda: _float("PROSCREEN_DOWNLOAD_TIMEOUT", 60.0))

    # --- HTTP service (`proscreen serve`) ---
    #: Address and port the service binds to, and its worker processes.
    api_host: str = field(default_factory=lambda: os.environ.get("PROSCREEN_API_HOST", "127.0.0.1"))
    api_port: int = field(default_factory=lambda: _int("PROSCREEN_API_PORT", 8000))
    api_workers: int = field(default_factory=lambda: _int("PROSCREEN_API_WORKERS", 1))
    #: Origins allowed to call the service from a browser (comma-separated); none by default.
    cors_origins: tuple[str, ...] = field(default_factory=lambda: _list("PROSCREEN_CORS_ORIGINS"))
    #: Largest request body (bytes), and largest upload to ``POST /lists/import``.
    api_max_body_bytes: int = field(default_factory=lambda: _int("PROSCREEN_API_MAX_BODY_BYTES", 4 * 1024 * 1024))
    api_max_upload_bytes: int = field(default_factory=lambda: _int("PROSCREEN_API_MAX_UPLOAD_BYTES", 512 * 1024**2))
    #: Requests per second each API key may make (a token bucket), and the burst it may save up.
    api_rate_limit: float = field(default_factory=lambda: _float("PROSCREEN_API_RATE_LIMIT", 50.0))
    api_rate_burst: int = field(default_factory=lambda: _int("PROSCREEN_API_RATE_BURST", 100))
    #: Seconds a screening request may take before it is abandoned (checked between queries).
    api_timeout: float = field(default_factory=lambda: _float("PROSCREEN_API_TIMEOUT", 60.0))
    #: Seconds a verified API key is trusted before it is read again (so revocation takes this long).
    api_key_cache_seconds: float = field(default_factory=lambda: _float("PROSCREEN_API_KEY_CACHE_SECONDS", 5.0))
    #: Seconds between writes of the audit log's buffer to the store.
    audit_flush_seconds: float = field(default_factory=lambda: _float("PROSCREEN_AUDIT_FLUSH_SECONDS", 0.2))

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.data_dir / 'proscreen.db'}"


def get_settings() -> Settings:
    return Settings()
