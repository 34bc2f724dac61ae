"""The audit writer: a background thread that writes audit records to the store in batches.

Request handlers hand records over (``submit``) and return at once; the thread
writes whatever has gathered every ``PROSCREEN_AUDIT_FLUSH_SECONDS`` (or at
once when a batch is full), in one transaction. A failed write is retried, the
records kept. ``close()`` (called when the service shuts down) writes
everything still queued before it returns, so a graceful shutdown loses nothing.
"""

from __future__ import annotations

import logging
import queue
import threading
import time

from proscreen.api.metrics import AUDIT_FAILURES, AUDIT_WRITTEN
from proscreen.store import Store
from proscreen.store.audit import AuditRecord, append

log = logging.getLogger("proscreen.api.audit")

#: Records written per transaction at most.
BATCH = 1000
#: Seconds to wait before retrying a failed write.
RETRY_SECONDS = 1.0


class AuditWriter:
    def __init__(self, store: Store, flush_seconds: float = 0.2) -> None:
        self.store = store
        self.flush_seconds = max(0.01, flush_seconds)
        self._queue: queue.SimpleQueue[AuditRecord | None] = queue.SimpleQueue()
        self._pending: list[AuditRecord] = []
        self._thread = threading.Thread(target=self._run, name="proscreen-audit", daemon=True)
        self._closed = threading.Event()
        self._idle = threading.Condition()
        self._submitted = 0
        self._written = 0

    def start(self) -> None:
        self._thread.start()

    def submit(self, records: list[AuditRecord]) -> None:
        if self._closed.is_set():
            append(self.store, records)  # after shutdown began: write synchronously rather than lose them
            return
        with self._idle:
            self._submitted += len(records)
        for record in records:
            self._queue.put(record)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted so far is written; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._idle:
            target = self._submitted
            while self._written < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self) -> None:
        """Stop the thread after it has written every queued record."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._queue.put(None)
        self._thread.join()
        self._drain(block=False)
        while self._pending:  # the thread could not write them: last attempt, here
            self._write()
            if self._pending:
                time.sleep(RETRY_SECONDS)

    def _run(self) -> None:
        stop = False
        while not stop:
            stop = self._drain(block=True)
            if self._pending:
                self._write()
                if self._pending and not stop:
                    time.sleep(RETRY_SECONDS)
            if not stop and len(self._pending) < BATCH:
                time.sleep(self.flush_seconds)

    def _drain(self, block: bool) -> bool:
        """Move queued records into the pending batch; True when the stop marker was seen."""
        try:
            if block and not self._pending:
                item = self._queue.get()
                if item is None:
                    return True
                self._pending.append(item)
            while len(self._pending) < BATCH * 10:
                item = self._queue.get_nowait()
                if item is None:
                    return True
                self._pending.append(item)
        except queue.Empty:
            pass
        return False

    def _write(self) -> None:
        while self._pending:
            batch = self._pending[:BATCH]
            try:
                append(self.store, batch)
            except Exception:  # keep the records and retry; never lose them silently
                AUDIT_FAILURES.inc()
                log.exception("could not write %d audit records; will retry", len(batch))
                return
            del self._pending[: len(batch)]
            AUDIT_WRITTEN.inc(len(batch))
            with self._idle:
                self._written += len(batch)
                self._idle.notify_all()
