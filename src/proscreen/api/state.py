"""What the service holds for its lifetime: one store, one screener, keys, audit writer, readiness.

Nothing here is opened per request. The screener's indexes are loaded (or
built) by a background thread at startup; ``/readyz`` answers 200 once that
has finished. The list versions in force are read once and kept
(:class:`VersionCache`) until an import through the API reloads them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path

from proscreen.api.audit import AuditWriter
from proscreen.api.auth import KeyRing
from proscreen.api.errors import NotReady
from proscreen.api.ratelimit import RateLimiter
from proscreen.matching import compare
from proscreen.model import ListVersion, Query
from proscreen.screening import Screener
from proscreen.settings import Settings
from proscreen.store import Store

log = logging.getLogger("proscreen.api")

#: Distinct ``as_of`` dates whose versions are kept.
AS_OF_CACHE = 256


class VersionCache(Store):
    """A Store whose current list versions are read once and kept until :meth:`reload`.

    The Screener asks for the versions in force on every screen; on a service
    that is a database round trip per request for an answer that changes only
    when lists are imported.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(store.engine)
        self._current: OrderedDict[date | None, list[ListVersion]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def current_versions(self, as_of: date | None = None) -> list[ListVersion]:
        with self._cache_lock:
            found = self._current.get(as_of)
            if found is not None:
                self._current.move_to_end(as_of)
                return list(found)
        versions = super().current_versions(as_of)
        with self._cache_lock:
            self._current[as_of] = versions
            while len(self._current) > AS_OF_CACHE:
                self._current.popitem(last=False)
        return list(versions)

    def reload(self) -> None:
        with self._cache_lock:
            self._current.clear()


class ServiceState:
    def __init__(self, settings: Settings, db_url: str | None, auth: bool, index_dir: Path | None = None) -> None:
        self.settings = settings
        self.store = VersionCache(Store.open(db_url))
        self.index_dir = index_dir or settings.data_dir / "index"
        self.screener = Screener(self.store, cache_dir=self.index_dir)
        self.limiter = RateLimiter(settings.api_rate_limit, settings.api_rate_burst)
        self.keys = KeyRing(self.store, settings.api_key_cache_seconds, self.limiter, enabled=auth)
        self.audit = AuditWriter(self.store, settings.audit_flush_seconds)
        self.ready = threading.Event()
        self.load_error: str | None = None
        self.import_lock = threading.Lock()
        self._warm_thread: threading.Thread | None = None

    def start(self) -> None:
        self.audit.start()
        self._warm_thread = threading.Thread(target=self._warm, name="proscreen-warm", daemon=True)
        self._warm_thread.start()

    def _warm(self) -> None:
        try:
            versions = self.screener.warm()
            # the matcher builds its name tables on first use (seconds): do it before answering ready
            compare(Query("Warm Up Trading Co", "Organization"), Query("Mohammed Warm Up", "Person"))
            if versions:
                self.screener.screen(Query("Warm Up Trading Co"), 1)
            log.info("ready: %s", ", ".join(v.label for v in versions) or "no lists imported")
        except Exception as exc:  # reported by /readyz; the service keeps running
            log.exception("could not load the lists")
            self.load_error = type(exc).__name__
            return
        self.ready.set()

    def check_ready(self) -> None:
        if not self.ready.is_set():
            raise NotReady()

    def versions(self) -> list[ListVersion]:
        return self.store.current_versions()

    def refresh(self) -> list[ListVersion]:
        """After an import: build the new versions' indexes, then switch screens over to them."""
        builder = Screener(Store(self.store.engine), cache_dir=self.index_dir)
        builder.warm()
        self.store.reload()
        return self.screener.warm()

    def close(self) -> None:
        self.audit.close()
        self.store.close()
