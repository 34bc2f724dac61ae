"""The Screener: store + index + matcher -> ranked, explained matches.

One search index is built per list version (the first time it is needed, or at
import), saved in the data folder and loaded from there afterwards. A screen
asks each selected version's index for candidates, scores them with the
matcher, and returns the best, each with its explanation and the list version
it came from. Filters: sources, programs, entity types, and a point in time
(the versions in force on a date).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from proscreen.exceptions import InputError
from proscreen.index import SearchIndex
from proscreen.index.rank import rank
from proscreen.index.search import FORMAT_VERSION
from proscreen.matching import (
    DEFAULT_CONFIG,
    Comparison,
    MatchConfig,
    prepare_entity,
    prepare_query,
    score,
)
from proscreen.model import Entity, ListVersion, Query
from proscreen.settings import get_settings
from proscreen.store import Store

#: Scores below this are not reported at all (well under any sensible threshold).
REPORT_FLOOR = 0.5


@dataclass(frozen=True)
class Match:
    """One listed party that resembles the query."""

    entity: Entity
    version: ListVersion
    comparison: Comparison
    match: bool

    @property
    def score(self) -> float:
        return self.comparison.score

    @property
    def explanation(self) -> list[dict[str, Any]]:
        return [
            {
                "feature": f.name,
                "value": round(f.value, 4),
                "weight": f.weight,
                "detail": f.detail,
                "explanation": f.explanation,
            }
            for f in self.comparison.features
        ]

    def to_dict(self) -> dict[str, Any]:
        e = self.entity
        return {
            "entity_id": e.id,
            "source": e.source,
            "source_id": e.source_id,
            "name": e.caption,
            "schema": str(e.schema),
            "score": round(self.score, 4),
            "match": self.match,
            "programs": list(e.programs),
            "source_list": e.source_list,
            "list_version": self.version.label,
            "explanation": self.explanation,
        }


@cache
def code_fingerprint() -> str:
    """A digest of the code that shapes an index (names, matching, index).

    Index files hold prepared entities; when that code changes, old files must
    not be read, so the digest is part of every index file name.
    """
    root = Path(__file__).parent
    digest = hashlib.sha256(f"{FORMAT_VERSION}".encode())
    for package in ("names", "matching", "index"):
        for path in sorted((root / package).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Loaded:
    """One version's index and a cache of its entities."""

    def __init__(self, version: ListVersion, index: SearchIndex):
        self.version = version
        self.index = index
        self.entities: dict[str, Entity] = {}


class _View:
    """The indexes of the versions one screen uses, merged into one (see :mod:`proscreen.index.merge`)."""

    def __init__(self, parts: list[_Loaded]):
        from proscreen.index.merge import merge

        self.parts = parts
        self.index = merge([p.index for p in parts])
        self.offsets = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(p.index) for p in parts], out=self.offsets[1:])

    def locate(self, pos: int) -> tuple[_Loaded, int]:
        part = int(np.searchsorted(self.offsets, pos, side="right")) - 1
        return self.parts[part], pos - int(self.offsets[part])


class Screener:
    """Screen parties against the lists in a store."""

    def __init__(self, store: Store, config: MatchConfig = DEFAULT_CONFIG, cache_dir: Path | None = None):
        self.store = store
        self.config = config
        self.cache_dir = cache_dir or get_settings().data_dir / "index"
        self._loaded: dict[int, _Loaded] = {}
        self._lock = threading.Lock()
        self._versions: dict[tuple[tuple[str, ...], date | None], list[ListVersion]] = {}
        self._stamp: tuple[object, ...] | None = None
        self._files_stamp: tuple[int, ...] | None = None
        self._views: dict[tuple[int, ...], _View] = {}

    @classmethod
    def open(cls, db_url: str | None = None, config: MatchConfig | None = None) -> Screener:
        return cls(Store.open(db_url), config or DEFAULT_CONFIG)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Screener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- versions and indexes -----------------------------------------------

    def versions(self, sources: Sequence[str] = (), as_of: date | None = None) -> list[ListVersion]:
        """The list versions a screen uses: the latest (or in force on ``as_of``) of each chosen source."""
        self._check_stamp()
        key = (tuple(sources), as_of)
        cached = self._versions.get(key)
        if cached is None:
            cached = self._versions[key] = self._read_versions(sources, as_of)
        return list(cached)

    def _check_stamp(self) -> None:
        """Forget cached versions when the store's versions changed (an SQLite file's time says when to look)."""
        files = self._file_times()
        if files is not None and files == self._files_stamp and self._stamp is not None:
            return
        from proscreen.store.tables import list_versions as table

        query = sa.select(sa.func.count(), sa.func.max(table.c.id), sa.func.max(table.c.imported_at))
        with self.store.engine.connect() as conn:
            row = conn.execute(query).first()
        stamp = tuple(row) if row is not None else ()
        if stamp != self._stamp:
            self._versions = {}
            self._stamp = stamp
        self._files_stamp = files

    def _file_times(self) -> tuple[int, ...] | None:
        url = str(self.store.url)
        if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
            return None
        path = url[len("sqlite:///") :]
        out: list[int] = [int(time.monotonic() // 60)]  # look at least once a minute anyway
        for name in (path, path + "-wal"):
            try:
                st = os.stat(name)
            except OSError:
                out.extend((0, 0))
                continue
            out.extend((st.st_mtime_ns, st.st_size))
        return tuple(out)

    def _read_versions(self, sources: Sequence[str], as_of: date | None) -> list[ListVersion]:
        versions = self.store.current_versions(as_of)
        if sources:
            known = {v.source for v in self.store.current_versions()}
            unknown = [s for s in sources if s not in known]
            if unknown:
                raise InputError(f"unknown source(s): {', '.join(unknown)}; the store has {', '.join(sorted(known))}")
            versions = [v for v in versions if v.source in sources]
        return versions

    def index_path(self, version: ListVersion) -> Path:
        identity = f"{self.store.url}|{version.id}|{version.imported_at.isoformat()}|{code_fingerprint()}"
        digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
        return self.cache_dir / f"{version.source}@{version.seq}-{digest}.idx"

    def _index(self, version: ListVersion) -> _Loaded:
        loaded = self._loaded.get(version.id)
        if loaded is not None:
            return loaded
        with self._lock:
            loaded = self._loaded.get(version.id)
            if loaded is None:
                loaded = _Loaded(version, self._load_or_build(version))
                self._loaded[version.id] = loaded
        return loaded

    def _load_or_build(self, version: ListVersion) -> SearchIndex:
        path = self.index_path(version)
        if path.exists():
            try:
                return SearchIndex.load(path)
            except Exception:
                path.unlink(missing_ok=True)
        index = SearchIndex.build(prepare_entity(e) for e in self.store.entities(version))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        index.save(tmp)
        tmp.replace(path)
        return index

    def warm(self, sources: Sequence[str] = (), as_of: date | None = None) -> list[ListVersion]:
        """Load (or build) the indexes of the versions a screen would use."""
        versions = self.versions(sources, as_of)
        for version in versions:
            self._index(version)
        return versions

    # --- screening ------------------------------------------------------------

    def screen(
        self,
        query: Query,
        limit: int = 10,
        *,
        sources: Sequence[str] = (),
        programs: Sequence[str] = (),
        schemas: Sequence[str] = (),
        as_of: date | None = None,
        threshold: float | None = None,
    ) -> list[Match]:
        """The listed parties most like ``query``, best first (scores above a low floor)."""
        if limit < 1:
            raise InputError("limit must be at least 1")
        cut = self.config.threshold if threshold is None else threshold
        if not 0.0 <= cut <= 1.0:
            raise InputError(f"threshold must be between 0 and 1, not {cut}")
        prepared = prepare_query(query)
        wanted_programs = {p.upper() for p in programs}
        wanted_schemas = set(schemas)
        floor = min(REPORT_FLOOR, cut)
        view = self._view(self.versions(sources, as_of))
        if view is None:
            return []
        accept = (lambda e: e.schema in wanted_schemas) if wanted_schemas else None
        ranked = rank(view.index, prepared, self.config, limit, floor, accept=accept, exhaustive=bool(wanted_programs))
        matches: list[Match] = []
        for _, pos in ranked:
            loaded, local = view.locate(pos)
            candidate = loaded.index.entities[local]
            entity = self._entity(loaded, candidate.id)
            if wanted_programs and not wanted_programs & {p.upper() for p in entity.programs}:
                continue
            comparison = score(prepared, candidate, self.config)
            matches.append(Match(entity, loaded.version, comparison, comparison.score >= cut))
            if len(matches) >= limit:
                break
        return matches

    def _view(self, versions: list[ListVersion]) -> _View | None:
        if not versions:
            return None
        key = tuple(v.id for v in versions)
        view = self._views.get(key)
        if view is None:
            parts = [self._index(v) for v in versions]
            with self._lock:
                view = self._views.get(key)
                if view is None:
                    if len(self._views) >= 16:
                        self._views.clear()
                    view = self._views[key] = _View(parts)
        return view

    def _entity(self, loaded: _Loaded, entity_id: str) -> Entity:
        entity = loaded.entities.get(entity_id)
        if entity is None:
            entity = self.store.entity(entity_id, loaded.version)
            if len(loaded.entities) > 50_000:
                loaded.entities.clear()
            loaded.entities[entity_id] = entity
        return entity
