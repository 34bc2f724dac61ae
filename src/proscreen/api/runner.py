"""Screening for the HTTP door: many queries against one set of list versions, timed, audited, counted.

Every screening endpoint (``/screen``, ``/match``, ``/reconcile``) comes through
:func:`screen_groups`. A *group* is what the caller sees as one query; yente
examples with several names become a group of queries whose results are
merged (best score per entity). Each group is one audit record.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from proscreen.api.auth import Principal
from proscreen.api.errors import RequestTimeout
from proscreen.api.metrics import record_screens
from proscreen.api.state import ServiceState
from proscreen.exceptions import InputError
from proscreen.model import ListVersion, Query
from proscreen.screening import Match
from proscreen.store.audit import AuditRecord


@dataclass(frozen=True)
class Filters:
    limit: int = 10
    sources: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    as_of: date | None = None
    threshold: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"limit": self.limit}
        for key in ("sources", "programs", "schemas"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if self.as_of:
            out["as_of"] = self.as_of.isoformat()
        if self.threshold is not None:
            out["threshold"] = self.threshold
        return out


@dataclass
class Screening:
    versions: list[ListVersion]
    threshold: float
    results: list[list[Match]] = field(default_factory=list)


def screen_groups(
    service: ServiceState,
    principal: Principal,
    endpoint: str,
    groups: Sequence[Sequence[Query]],
    echoes: Sequence[dict[str, Any]],
    filters: Filters,
    tolerant: bool = False,
) -> Screening:
    """Screen each group; InputError names the query at fault (``tolerant``: that group gets no results)."""
    service.check_ready()
    screener = service.screener
    versions = screener.versions(filters.sources, filters.as_of)
    if not versions:
        when = f" on {filters.as_of}" if filters.as_of else ""
        raise InputError(f"no lists to screen against{when}: import some first")
    cut = screener.config.threshold if filters.threshold is None else filters.threshold
    out = Screening(versions, cut)
    deadline = time.monotonic() + service.settings.api_timeout
    screened = 0
    for pos, group in enumerate(groups):
        if time.monotonic() > deadline:
            raise RequestTimeout(service.settings.api_timeout, pos, len(groups))
        best: dict[str, Match] = {}
        try:
            for query in group:
                for m in screener.screen(
                    query,
                    filters.limit,
                    sources=filters.sources,
                    programs=filters.programs,
                    schemas=filters.schemas,
                    as_of=filters.as_of,
                    threshold=filters.threshold,
                ):
                    seen = best.get(m.entity.id)
                    if seen is None or m.score > seen.score:
                        best[m.entity.id] = m
                screened += 1
        except InputError as exc:
            if not tolerant:
                label = group[0].id if group and group[0].id else str(pos)
                raise InputError(f"query {label}: {exc}") from None
            best = {}
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.entity.id))[: filters.limit]
        out.results.append(ranked)
    labels = tuple(v.label for v in versions)
    now = datetime.now(UTC)
    records = [
        AuditRecord(
            at=now,
            key_name=principal.name,
            key_prefix=principal.prefix,
            endpoint=endpoint,
            query_id=group[0].id if group else None,
            query={"query": echo, "filters": filters.to_dict()},
            list_versions=labels,
            results=tuple({"entity_id": m.entity.id, "score": round(m.score, 4), "match": m.match} for m in results),
        )
        for group, echo, results in zip(groups, echoes, out.results, strict=True)
    ]
    service.audit.submit(records)
    record_screens(endpoint, screened, sum(r.alerts for r in records))
    return out
