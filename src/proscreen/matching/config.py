"""Matcher settings: the decision threshold and the weight table, in one object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: The algorithm as a declarative table: feature -> (weight of support, weight of contradiction).
#: The name score is the base; every other feature returns evidence in [-1, 1] that moves the
#: score by ``weight * evidence``, with the first weight when the evidence supports the match and
#: the second when it contradicts it. Support is deliberately small: a date or a country can
#: confirm a name match but never make one; contradictions weigh more.
DEFAULT_WEIGHTS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "name": (1.0, 1.0),  # best name/alias similarity, [0, 1]
        "birth_date": (0.08, 0.2),  # date of birth/incorporation agrees (+) or clearly differs (-)
        "country": (0.03, 0.05),  # a country in common (+) or none in common (-)
        "identifier": (0.5, 0.0),  # an identifier (passport, tax ID, IMO...) in common
        "schema": (0.0, 0.35),  # person vs organisation vs vessel: a mismatch lowers
    }
)


@dataclass(frozen=True, eq=False)
class MatchConfig:
    """Everything the matcher can be tuned with. Defaults are the product's settings."""

    #: Scores at or above this are a match (an alert to review).
    threshold: float = 0.7
    weights: Mapping[str, tuple[float, float]] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    #: Positive secondary evidence only counts when the names are at least this similar.
    support_floor: float = 0.6
    #: Token similarity below which two tokens are not aligned (they conflict instead).
    pair_min: float = 0.5
    #: Token similarity from edits: sim = 1 - edit_cost * edits ** edit_exponent / length.
    edit_cost: float = 1.5
    edit_exponent: float = 1.0
    #: How much of an imperfect pair counts as a conflict: den += weight * partial_cost * (1 - sim).
    partial_cost: float = 1.25
    #: Similarity of two different spellings of the same name (Mohammed/Muhammad).
    equivalent_sim: float = 0.92
    #: Floor for tokens with equal Metaphone keys that are already somewhat alike.
    phonetic_sim: float = 0.8
    #: Floor for tokens with equal consonant skeletons when the names' scripts differ.
    skeleton_sim: float = 0.85
    #: Similarity of an initial to a name with that first letter ("J." ~ "John").
    initial_sim: float = 0.9
    #: Similarity of a cut-off token to a long one it begins ("Dr" ~ "Drissi", a truncated field).
    abbreviation_sim: float = 0.75
    #: Cost of a token on each side that found no partner (a substitution), per unit weight.
    conflict_cost: float = 2.0
    #: Cost of a query token with no partner and nothing to conflict with.
    query_extra_cost: float = 0.4
    #: Cost of a listed-name token with no partner (list names are often longer).
    entity_extra_cost: float = 0.3
    #: Cost of an unpaired token of an organisation or vessel name (either side).
    org_extra_cost: float = 0.7
    #: Factor on the name score when both names carry numbers and they differ.
    number_mismatch: float = 0.75
    #: Factor on the name score when both names carry legal forms and none agree.
    legal_form_mismatch: float = 0.9
    #: Highest name score a weak alias can give on its own.
    weak_alias_cap: float = 0.75
    #: Name scores below this get a one-line explanation (saves time on far-off candidates).
    explain_floor: float = 0.4
    #: Highest name score when only initials or particles were matched.
    anchorless_cap: float = 0.45

    def weight(self, feature: str, evidence: float) -> float:
        """The weight of ``feature`` for this evidence (support or contradiction)."""
        support, contradiction = self.weights.get(feature, (0.0, 0.0))
        return support if evidence >= 0 else contradiction


DEFAULT_CONFIG = MatchConfig()
