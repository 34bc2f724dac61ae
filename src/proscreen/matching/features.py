"""Features: pure functions of a prepared query and entity returning (value, detail).

The first line of each docstring is the explanation a user sees. ``name``
returns a similarity in [0, 1]; the others return evidence in [-1, 1]
(+1 agrees, 0 unknown, -1 contradicts), weighed by the table in
:mod:`proscreen.matching.config`.
"""

from __future__ import annotations

from collections.abc import Callable

from proscreen.matching.align import name_score, name_similarity
from proscreen.matching.config import MatchConfig
from proscreen.matching.prepare import DateSpan, PreparedEntity, PreparedQuery, kind_of
from proscreen.names.analyze import ANY

Feature = Callable[[PreparedQuery, PreparedEntity, MatchConfig], tuple[float, str]]


def best_name(query: PreparedQuery, entity: PreparedEntity, cfg: MatchConfig) -> tuple[float, int]:
    """(best name score, position of that name among the entity's names; -1 when none compares)."""
    kind = entity.kind if kind_of(query.schema) == ANY else kind_of(query.schema)
    form = query.form_for(kind)
    best = -1.0
    best_pos = -1
    signature = form.signature
    for pos, listed in enumerate(entity.names):
        if signature.isdisjoint(listed.signature) and listed.signature:
            continue  # not one token alike: the name scores nothing
        value = name_score(form, listed, cfg)
        if entity.weak[pos] and value > cfg.weak_alias_cap:
            value = cfg.weak_alias_cap
        if value > best:
            best, best_pos = value, pos
            if value >= 1.0:
                break
    return best, best_pos


def name(query: PreparedQuery, entity: PreparedEntity, cfg: MatchConfig) -> tuple[float, str]:
    """How similar the query name is to the closest name or alias of the listed party."""
    best, best_pos = best_name(query, entity, cfg)
    if best_pos < 0:
        return 0.0, "no names"
    kind = entity.kind if kind_of(query.schema) == ANY else kind_of(query.schema)
    form = query.form_for(kind)
    listed = entity.names[best_pos]
    if best < cfg.explain_floor:
        return best, f"{listed.text!r}: little in common"
    _, detail = name_similarity(form, listed, cfg)
    if entity.weak[best_pos]:
        detail += " | weak alias"
    return best, f"{listed.text!r}: {detail}"


def birth_date(query: PreparedQuery, entity: PreparedEntity, cfg: MatchConfig) -> tuple[float, str]:
    """Whether the date of birth or incorporation agrees with the listed one(s)."""
    if not query.dates or not entity.dates:
        return 0.0, "no date to compare"
    best = -1.0
    for q in query.dates:
        for e in entity.dates:
            best = max(best, _date_evidence(q, e))
    label = {1.0: "same date", 0.5: "consistent (same year or within range)"}.get(best)
    if label is None:
        label = "close but different" if best > -1.0 else "different dates"
    return best, label


def _date_evidence(q: DateSpan, e: DateSpan) -> float:
    if q[2] == 3 and e[2] == 3 and q[0] == e[0]:
        return 1.0
    if q[0] <= e[1] and e[0] <= q[1]:
        return 0.5
    qy, ey = q[0] // 10000, e[0] // 10000
    if q[2] == 3 and e[2] == 3 and qy == ey:
        qm, qd = q[0] // 100 % 100, q[0] % 100
        em, ed = e[0] // 100 % 100, e[0] % 100
        if qm == ed and qd == em:
            return 0.3  # day and month swapped
        return -0.3
    gap = min(abs(q[0] - e[1]), abs(e[0] - q[1])) // 10000
    if gap <= 1:
        return -0.3
    return -1.0


def country(query: PreparedQuery, entity: PreparedEntity, cfg: MatchConfig) -> tuple[float, str]:
    """Whether the query and the listed party share a country."""
    if not query.countries or not entity.countries:
        return 0.0, "no country to compare"
    common = query.countries & entity.countries
    if common:
        return 1.0, "shared country: " + ", ".join(sorted(common))
    return -1.0, "no country in common"


def identifier(query: PreparedQuery, entity: PreparedEntity, cfg: MatchConfig) -> tuple[float, str]:
    """Whether an identifier (passport, tax ID, IMO number...) is exactly the same."""
    if not query.identifiers or not entity.identifiers:
        return 0.0, "no identifier to compare"
    common = query.identifiers & entity.identifiers
    if common:
        return 1.0, "same identifier: " + ", ".join(sorted(common))
    return 0.0, "no identifier in common"


_SCHEMA_GROUP = {"Person": "person", "Organization": "org", "Vessel": "vessel", "Aircraft": "aircraft"}


def schema(query: PreparedQuery, entity: PreparedEntity, cfg: MatchConfig) -> tuple[float, str]:
    """Whether the kind of party (person, organisation, vessel...) is compatible."""
    qg = _SCHEMA_GROUP.get(query.schema)
    eg = _SCHEMA_GROUP.get(entity.schema)
    if qg is None or eg is None or qg == eg:
        return 0.0, f"{query.schema} ~ {entity.schema}"
    return -1.0, f"{query.schema} is not a {entity.schema}"


#: Every feature by the name used in the weight table.
FEATURES: dict[str, Feature] = {
    "name": name,
    "birth_date": birth_date,
    "country": country,
    "identifier": identifier,
    "schema": schema,
}

#: The one-line explanation of each feature (first line of its docstring).
EXPLANATIONS: dict[str, str] = {key: (func.__doc__ or key).strip().splitlines()[0] for key, func in FEATURES.items()}
