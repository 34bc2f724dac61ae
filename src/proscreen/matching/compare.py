"""Scoring a query against a listed party.

What a score means
------------------
A score is a float in [0, 1] that says how likely the query and the listed
party are the same real-world party, judged from names first and secondary
facts second:

* **0** - nothing in common: no name token agrees, or the facts contradict.
* **threshold** (0.7 by default, :class:`MatchConfig.threshold`) - the point
  from which a screening officer should review: the names agree as well as a
  one-letter typo in one of two tokens, a reordered or abbreviated name, a
  transliteration variant or a full name against a listed short form.
* **1** - the same name (after normalisation: case, accents, script, titles,
  legal forms, word order) and nothing contradicts it.

The score starts from the best name similarity over all names and aliases of
the party; every other feature in the weight table adds ``weight * evidence``
(evidence in [-1, 1]). Positive secondary evidence (same date of birth,
same country) only counts when the names already agree reasonably
(:attr:`MatchConfig.support_floor`), so a date can never make a match out of
different names; contradictions always count. An identical identifier is
strong evidence on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from proscreen.matching.config import DEFAULT_CONFIG, MatchConfig
from proscreen.matching.features import EXPLANATIONS, FEATURES, best_name
from proscreen.matching.prepare import (
    PreparedEntity,
    PreparedQuery,
    prepare_entity,
    prepare_query,
    query_as_entity,
)
from proscreen.model import Entity, Query


@dataclass(frozen=True, slots=True)
class FeatureResult:
    """One feature's contribution: its value, its weight and why."""

    name: str
    value: float
    weight: float
    detail: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing a query with one party."""

    score: float
    match: bool
    threshold: float
    features: tuple[FeatureResult, ...]
    entity_id: str = ""

    @property
    def explanation(self) -> str:
        return "; ".join(f"{f.name} {f.value:+.2f}: {f.detail}" for f in self.features if f.weight)


def score(query: PreparedQuery, entity: PreparedEntity, config: MatchConfig = DEFAULT_CONFIG) -> Comparison:
    """Score a prepared query against a prepared entity (the fast path)."""
    results: list[FeatureResult] = []
    total = 0.0
    name_score = 0.0
    for feature_name in config.weights:
        func = FEATURES.get(feature_name)
        if func is None:
            continue
        value, detail = func(query, entity, config)
        weight = config.weight(feature_name, value)
        results.append(FeatureResult(feature_name, value, weight, detail, EXPLANATIONS[feature_name]))
        if feature_name == "name":
            name_score = value
        elif value > 0 and feature_name != "identifier" and name_score < config.support_floor:
            continue  # support only confirms names that already agree
        total += weight * value
    final = min(1.0, max(0.0, total))
    return Comparison(
        score=round(final, 4),
        match=final >= config.threshold,
        threshold=config.threshold,
        features=tuple(results),
        entity_id=entity.id,
    )


def score_value(query: PreparedQuery, entity: PreparedEntity, config: MatchConfig = DEFAULT_CONFIG) -> float:
    """``score(query, entity, config).score`` without building the explanation (for ranking many candidates)."""
    total = 0.0
    name_value = 0.0
    for feature_name in config.weights:
        if feature_name == "name":
            best, pos = best_name(query, entity, config)
            value = best if pos >= 0 else 0.0
            name_value = value
        else:
            func = FEATURES.get(feature_name)
            if func is None:
                continue
            value = func(query, entity, config)[0]
            if value > 0 and feature_name != "identifier" and name_value < config.support_floor:
                continue
        total += config.weight(feature_name, value) * value
    return round(min(1.0, max(0.0, total)), 4)


def compare_entity(query: Query, entity: Entity, config: MatchConfig = DEFAULT_CONFIG) -> Comparison:
    """Compare a query with a listed entity (prepares both; use :func:`score` in loops)."""
    return score(prepare_query(query), prepare_entity(entity), config)


def compare(query_a: Query, query_b: Query, config: MatchConfig = DEFAULT_CONFIG) -> Comparison:
    """Compare two queries, e.g. two records from a customer file."""
    return score(prepare_query(query_a), query_as_entity(prepare_query(query_b)), config)
