"""Ranking: retrieval, score bounds and exact scores, in the order that does the least work.

    ranked = rank(index, prepared_query, config, limit=10, floor=0.5)
    # [(score, position), ...] best first, ties by entity id

The index proposes candidates (:meth:`SearchIndex.lookup`), every candidate gets a
cheap upper bound of its score (:mod:`proscreen.index.bound` plus the most the
secondary features could add), and candidates are scored exactly in decreasing
bound order until no remaining bound can reach the best ``limit`` scores.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

import numpy as np

from proscreen.index.search import SearchIndex, query_keys
from proscreen.matching.compare import score_value
from proscreen.matching.config import MatchConfig
from proscreen.matching.prepare import PreparedEntity, PreparedQuery

#: Candidates asked of the index per result wanted, and at least. Most are set aside by their
#: score bound before any exact scoring.
CANDIDATES_PER_RESULT = 10
MIN_CANDIDATES = 150
#: Rounding slack: exact scores are rounded to 4 decimals.
_SLACK = 1e-4


def rank(
    index: SearchIndex,
    prepared: PreparedQuery,
    config: MatchConfig,
    limit: int,
    floor: float,
    *,
    accept: Callable[[PreparedEntity], bool] | None = None,
    exhaustive: bool = False,
) -> list[tuple[float, int]]:
    """(score, position) of the candidates scoring at least ``floor``: the best ``limit`` (all when exhaustive)."""
    n_candidates = max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT)
    positions, _ = index.lookup(query_keys(prepared), n_candidates)
    if len(positions) == 0:
        return []
    names = index.bounds(prepared, positions, config)
    support = max_support(prepared, config)
    id_support = config.weights.get("identifier", (0.0, 0.0))[0] if prepared.identifiers else 0.0
    bounds = np.where(names >= config.support_floor, names + support, names + id_support)
    keep = np.flatnonzero(bounds >= floor - _SLACK)
    keep = keep[np.argsort(-bounds[keep], kind="stable")]
    top: list[float] = []
    scored: list[tuple[float, str, int]] = []
    entities = index.entities
    for i in keep.tolist():
        bound = float(bounds[i])
        if not exhaustive and len(top) >= limit and bound + _SLACK < top[0]:
            break
        pos = int(positions[i])
        candidate = entities[pos]
        if accept is not None and not accept(candidate):
            continue
        value = score_value(prepared, candidate, config)
        if value >= floor:
            scored.append((value, candidate.id, pos))
            if len(top) < limit:
                heapq.heappush(top, value)
            elif value > top[0]:
                heapq.heapreplace(top, value)
    scored.sort(key=lambda item: (-item[0], item[1]))
    if not exhaustive:
        scored = scored[:limit]
    return [(value, pos) for value, _, pos in scored]


def max_support(prepared: PreparedQuery, config: MatchConfig) -> float:
    """The most the secondary features can add to a name score for this query."""
    present = {
        "birth_date": bool(prepared.dates),
        "country": bool(prepared.countries),
        "identifier": bool(prepared.identifiers),
    }
    return sum(
        max(0.0, support)
        for feature, (support, _) in config.weights.items()
        if feature != "name" and present.get(feature, True)
    )
