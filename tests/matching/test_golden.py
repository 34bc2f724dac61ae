"""Golden cases pin the matcher's decisions (tests/matching/golden_cases.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from proscreen.matching import DEFAULT_CONFIG, compare_entity
from proscreen.model import Query
from tests.matching.factory import make_entity

with (Path(__file__).parent / "golden_cases.csv").open(encoding="utf-8") as fh:
    CASES = list(csv.DictReader(fh))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['query_name']}~{c['entity_names']}" for c in CASES])
def test_golden(case: dict[str, str]) -> None:
    names = case["entity_names"].split("|")
    weak = tuple(w for w in case["entity_weak"].split("|") if w)
    entity = make_entity(
        case["entity_schema"],
        names[0],
        *names[1:],
        weak=weak,
        dob=case["entity_dob"] or None,
        countries=tuple(c for c in case["entity_countries"].split("|") if c),
    )
    query = Query(
        name=case["query_name"],
        schema=case["query_schema"],
        birth_date=case["query_dob"] or None,
        countries=tuple(c for c in case["query_countries"].split("|") if c),
    )
    result = compare_entity(query, entity)
    expected = case["match"] == "true"
    assert result.match is expected, f"{case['note']}: score {result.score} ({result.explanation})"
    assert 0.0 <= result.score <= 1.0
    assert result.threshold == DEFAULT_CONFIG.threshold
