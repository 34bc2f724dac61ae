"""Candidate retrieval: an inverted index from name keys to entity positions.

Built once per list version from prepared entities; saved to one file whose
arrays are memory-mapped on load (entities are kept pickled one by one and
unpickled only when asked for). A lookup scores every entity that shares a
key with the query by the summed ``key weight * IDF`` of the shared keys and
returns the best positions. The file also holds the token arrays of
:mod:`proscreen.index.bound`, which bound every candidate's name score from
above in a few numpy operations, so that :func:`proscreen.index.rank.rank`
scores exactly only the few candidates that could matter.

    index = SearchIndex.build(prepared_entities)
    index.save(path); index = SearchIndex.load(path)
    positions = index.candidates(prepared_query, limit=50)
    entity = index.entities[positions[0]]
"""

from __future__ import annotations

import hashlib
import math
import pickle
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import overload

import numpy as np
import numpy.typing as npt

from proscreen.index.bound import ArrayBuilder, Bounder, _ranges
from proscreen.index.keys import forms_keys
from proscreen.index.storage import load_arrays, save_arrays
from proscreen.matching.config import MatchConfig
from proscreen.matching.prepare import PreparedEntity, PreparedQuery

FORMAT_VERSION = 2
#: Keys carried by more than this share of all entities are only used when nothing rarer is shared;
#: whole tokens and name classes (weight >= STRONG_KEY) may be more common before they are left out.
COMMON_KEY_SHARE = 0.02
STRONG_KEY_SHARE = 0.10
STRONG_KEY = 0.8
#: Default number of candidates returned.
DEFAULT_LIMIT = 50


@lru_cache(maxsize=500_000)
def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key (Python's own hash differs between processes)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class EntityStore(Sequence[PreparedEntity]):
    """The prepared entities of an index, by position; unpickled on first access."""

    def __init__(self, blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]) -> None:
        self._blob = blob
        self._offsets = offsets
        self._cache: dict[int, PreparedEntity] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, pos: int) -> PreparedEntity: ...

    @overload
    def __getitem__(self, pos: slice) -> list[PreparedEntity]: ...

    def __getitem__(self, pos: int | slice) -> PreparedEntity | list[PreparedEntity]:
        if isinstance(pos, slice):
            return [self[i] for i in range(*pos.indices(len(self)))]
        if pos < 0:
            pos += len(self)
        cached = self._cache.get(pos)
        if cached is not None:
            return cached
        start, end = int(self._offsets[pos]), int(self._offsets[pos + 1])
        entity: PreparedEntity = pickle.loads(self._blob[start:end].tobytes())
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[pos] = entity
        return entity

    def __iter__(self) -> Iterator[PreparedEntity]:
        for i in range(len(self)):
            yield self[i]


class SearchIndex:
    """Inverted index over name keys of prepared entities."""

    def __init__(
        self,
        arrays: dict[str, npt.NDArray[np.generic]],
        meta: dict[str, object],
        entities: Sequence[PreparedEntity] | None = None,
    ) -> None:
        self._key_hash: npt.NDArray[np.uint64] = arrays["key_hash"]  # type: ignore[assignment]
        self._key_start: npt.NDArray[np.int64] = arrays["key_start"]  # type: ignore[assignment]
        self._key_len: npt.NDArray[np.int32] = arrays["key_len"]  # type: ignore[assignment]
        self._postings: npt.NDArray[np.int32] = arrays["postings"]  # type: ignore[assignment]
        self._arrays = arrays
        self.meta = meta
        self.entities: Sequence[PreparedEntity] = (
            entities if entities is not None else EntityStore(arrays["entity_blob"], arrays["entity_offsets"])  # type: ignore[arg-type]
        )
        self.bounder = Bounder(arrays) if "occ_tok" in arrays else None

    def __len__(self) -> int:
        return len(self.entities)

    @classmethod
    def build(cls, prepared_entities: Iterable[PreparedEntity]) -> SearchIndex:
        """Index prepared entities; positions are their order in ``prepared_entities``."""
        key_ids: dict[str, int] = {}
        key_col = array("i")
        ent_col = array("i")
        blob = bytearray()
        offsets = array("q", [0])
        count = 0
        bound_arrays = ArrayBuilder()
        for pos, entity in enumerate(prepared_entities):
            bound_arrays.add(entity)
            for key in forms_keys(entity.names):
                kid = key_ids.get(key)
                if kid is None:
                    kid = key_ids[key] = len(key_ids)
                key_col.append(kid)
                ent_col.append(pos)
            blob += pickle.dumps(entity, protocol=pickle.HIGHEST_PROTOCOL)
            offsets.append(len(blob))
            count = pos + 1
        keys = np.frombuffer(key_col, dtype=np.int32) if key_col else np.zeros(0, np.int32)
        ents = np.frombuffer(ent_col, dtype=np.int32) if ent_col else np.zeros(0, np.int32)
        order = np.argsort(keys, kind="stable")
        postings = ents[order]
        lengths = np.bincount(keys, minlength=len(key_ids)).astype(np.int32)
        starts = np.zeros(len(key_ids), dtype=np.int64)
        if len(key_ids) > 1:
            starts[1:] = np.cumsum(lengths)[:-1]
        hashes = np.fromiter((key_hash(k) for k in key_ids), dtype=np.uint64, count=len(key_ids))
        by_hash = np.argsort(hashes, kind="stable")
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "key_hash": hashes[by_hash],
            "key_start": starts[by_hash],
            "key_len": lengths[by_hash],
            "postings": postings.astype(np.int32),
            "entity_blob": np.frombuffer(bytes(blob), dtype=np.uint8),
            "entity_offsets": np.frombuffer(offsets, dtype=np.int64).copy(),
            **bound_arrays.arrays(),
        }
        return cls(arrays, {"version": FORMAT_VERSION, "entities": count, "keys": len(key_ids)})

    def save(self, path: str | Path) -> None:
        """Write the index to one file (see :mod:`proscreen.index.storage`)."""
        save_arrays(Path(path), self._arrays, self.meta)

    @classmethod
    def load(cls, path: str | Path) -> SearchIndex:
        """Map an index file written by :meth:`save`."""
        arrays, meta = load_arrays(Path(path))
        return cls(arrays, meta)

    def candidates(self, prepared_query: PreparedQuery, limit: int = DEFAULT_LIMIT) -> list[int]:
        """Positions of the entities most likely to match, best first (at most ``limit``)."""
        positions, _ = self.lookup(query_keys(prepared_query), limit)
        return [int(p) for p in positions]

    def lookup(
        self, keys: QueryKeys, limit: int = DEFAULT_LIMIT
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """(positions, retrieval scores) of the best ``limit`` entities sharing keys with the query, best first."""
        n = len(self.entities)
        wanted, weights = keys
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0))
        if n == 0 or limit <= 0 or len(wanted) == 0:
            return empty
        idx = np.searchsorted(self._key_hash, wanted)
        idx[idx >= len(self._key_hash)] = 0
        found = self._key_hash[idx] == wanted
        if not found.any():
            return empty
        idx, weights = idx[found], weights[found]
        dfs = self._key_len[idx].astype(np.int64)
        scores = weights * np.log1p(n / dfs)
        common = dfs > np.maximum(50.0, np.where(weights >= STRONG_KEY, STRONG_KEY_SHARE, COMMON_KEY_SHARE) * n)
        if common.all():
            common[np.argsort(dfs)[:2]] = False  # nothing rare: use the two rarest keys anyway
        keep = ~common
        idx, scores, dfs = idx[keep], scores[keep], dfs[keep]
        ids = self._postings[_ranges(self._key_start[idx].astype(np.int64), dfs)].astype(np.int64)
        ws = np.repeat(scores, dfs)
        if len(ids) * 8 < n:
            uniq, inverse = np.unique(ids, return_inverse=True)
            totals = np.bincount(inverse, weights=ws)
        else:
            full = np.bincount(ids, weights=ws, minlength=n)
            uniq = np.flatnonzero(full)
            totals = full[uniq]
        top = np.argpartition(-totals, limit - 1)[:limit] if len(uniq) > limit else np.arange(len(uniq))
        top = top[np.argsort(-totals[top], kind="stable")]
        return uniq[top].astype(np.int64), np.asarray(totals[top], dtype=np.float64)

    def bounds(
        self, prepared_query: PreparedQuery, positions: npt.NDArray[np.int64], config: MatchConfig
    ) -> npt.NDArray[np.float64]:
        """An upper bound of the name score of each candidate (1.0 everywhere when the index has no bound data)."""
        if self.bounder is None:
            return np.ones(len(positions))
        return self.bounder.bounds(prepared_query, positions, config)

    def key_count(self) -> int:
        return len(self._key_hash)

    def nbytes(self) -> int:
        return int(sum(a.nbytes for a in self._arrays.values()))


#: A query's retrieval keys: their hashes and weights.
QueryKeys = tuple[npt.NDArray[np.uint64], npt.NDArray[np.float64]]


def query_keys(prepared_query: PreparedQuery) -> QueryKeys:
    """The retrieval keys of a query (computed once, looked up in every index)."""
    keys = forms_keys(prepared_query.forms)
    hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
    weights = np.fromiter(keys.values(), dtype=np.float64, count=len(keys))
    return hashes, weights


def idf(n: int, df: int) -> float:
    """Inverse document frequency used to weigh a shared key."""
    return math.log1p(n / df) if df else 0.0
