"""The audit log: who screened what, when, against which list versions, with which results.

Append-only: this module only inserts and reads, and the migration adds
triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from proscreen.store.store import Store
from proscreen.store.tables import audit_log

#: Rows fetched per round trip when exporting.
EXPORT_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One screened query and what it returned."""

    at: datetime
    key_name: str
    endpoint: str
    query: dict[str, Any]
    list_versions: tuple[str, ...]
    results: tuple[dict[str, Any], ...]  # {"entity_id", "score", "match"}
    key_prefix: str | None = None
    query_id: str | None = None
    id: int | None = field(default=None, compare=False)

    @property
    def alerts(self) -> int:
        return sum(1 for r in self.results if r.get("match"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "key_name": self.key_name,
            "key_prefix": self.key_prefix,
            "endpoint": self.endpoint,
            "query_id": self.query_id,
            "query": self.query,
            "list_versions": list(self.list_versions),
            "results": list(self.results),
            "alerts": self.alerts,
        }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def append(store: Store, records: Sequence[AuditRecord]) -> int:
    """Write records in one transaction; returns how many."""
    if not records:
        return 0
    rows = [
        {
            "at": r.at,
            "key_name": r.key_name,
            "key_prefix": r.key_prefix,
            "endpoint": r.endpoint,
            "query_id": r.query_id,
            "query": _dumps(r.query),
            "list_versions": _dumps(list(r.list_versions)),
            "results": _dumps(list(r.results)),
            "alerts": r.alerts,
        }
        for r in records
    ]
    with store.engine.begin() as conn:
        conn.execute(audit_log.insert(), rows)
    return len(rows)


def records(store: Store, start: datetime | None = None, end: datetime | None = None) -> Iterator[AuditRecord]:
    """Records with ``start <= at < end``, oldest first, read in chunks."""
    last_id = 0
    while True:
        query = sa.select(audit_log).where(audit_log.c.id > last_id).order_by(audit_log.c.id).limit(EXPORT_CHUNK)
        if start is not None:
            query = query.where(audit_log.c.at >= start)
        if end is not None:
            query = query.where(audit_log.c.at < end)
        with store.engine.connect() as conn:
            rows = list(conn.execute(query))
        if not rows:
            return
        for row in rows:
            yield _record(row)
        last_id = rows[-1].id


def count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one())


def _record(row: Any) -> AuditRecord:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return AuditRecord(
        at=at,
        key_name=row.key_name,
        key_prefix=row.key_prefix,
        endpoint=row.endpoint,
        query_id=row.query_id,
        query=json.loads(row.query),
        list_versions=tuple(json.loads(row.list_versions)),
        results=tuple(json.loads(row.results)),
        id=row.id,
    )
