"""The matcher: compare a query with listed parties and explain the score.

Public API::

    prepare_entity(entity) -> PreparedEntity
    prepare_query(query) -> PreparedQuery            # validates; raises InputError
    score(prepared_query, prepared_entity, config=DEFAULT_CONFIG) -> Comparison
    score_value(prepared_query, prepared_entity, config=DEFAULT_CONFIG) -> float   # same score, no explanation
    compare_entity(query, entity, config=DEFAULT_CONFIG) -> Comparison
    compare(query_a, query_b, config=DEFAULT_CONFIG) -> Comparison
    MatchConfig, DEFAULT_CONFIG, Comparison, FeatureResult

See :mod:`proscreen.matching.compare` for what a score means.
"""

from proscreen.matching.compare import Comparison, FeatureResult, compare, compare_entity, score, score_value
from proscreen.matching.config import DEFAULT_CONFIG, MatchConfig
from proscreen.matching.prepare import PreparedEntity, PreparedQuery, prepare_entity, prepare_query

__all__ = [
    "DEFAULT_CONFIG",
    "Comparison",
    "FeatureResult",
    "MatchConfig",
    "PreparedEntity",
    "PreparedQuery",
    "compare",
    "compare_entity",
    "prepare_entity",
    "prepare_query",
    "score",
    "score_value",
]
