"""Scores, features, validation and the two-query comparison."""

from __future__ import annotations

import pickle

import pytest

from proscreen.exceptions import InputError
from proscreen.matching import (
    DEFAULT_CONFIG,
    MatchConfig,
    compare,
    compare_entity,
    prepare_entity,
    prepare_query,
    score,
)
from proscreen.model import Query
from tests.matching.factory import make_entity


def test_same_name_scores_one() -> None:
    result = compare(Query("Vladimir Putin", "Person"), Query("PUTIN, Vladimir", "Person"))
    assert result.score == 1.0
    assert result.match


def test_every_feature_explains_itself() -> None:
    result = compare_entity(Query("Vladimir Putin", "Person"), make_entity("Person", "Vladimir Putin"))
    names = [f.name for f in result.features]
    assert names[0] == "name"
    assert all(f.explanation and f.detail for f in result.features)


def test_date_of_birth_cannot_make_a_match_of_different_names() -> None:
    entity = make_entity("Person", "George Habbash", dob="1946-08-02", countries=("jo",))
    result = compare_entity(Query("George Bush", "Person", birth_date="1946-08-02", countries=("jo",)), entity)
    assert not result.match


def test_date_of_birth_mismatch_lowers() -> None:
    entity = make_entity("Person", "Ivan Petrov", dob="1950-01-01")
    same = compare_entity(Query("Ivan Petrov", "Person", birth_date="1950-01-01"), entity)
    other = compare_entity(Query("Ivan Petrov", "Person", birth_date="1990-06-30"), entity)
    assert same.score > other.score


def test_identifier_is_strong_evidence() -> None:
    entity = make_entity("Vessel", "OCEAN STAR", ids=("IMO 9123456",))
    with_id = compare_entity(Query("Ocean Stars", "Vessel", identifiers=("9123456",)), entity)
    without = compare_entity(Query("Ocean Stars", "Vessel"), entity)
    assert with_id.score > without.score
    assert with_id.match


def test_weak_alias_alone_is_capped() -> None:
    entity = make_entity("Organization", "Bank Melli Iran", weak=("BMI",))
    result = compare_entity(Query("BMI", "Organization"), entity)
    assert result.score <= DEFAULT_CONFIG.weak_alias_cap


def test_threshold_is_a_setting() -> None:
    strict = MatchConfig(threshold=0.99)
    pq = prepare_query(Query("John Smith", "Person"))
    pe = prepare_entity(make_entity("Person", "Jon Smith"))
    assert score(pq, pe).match
    assert not score(pq, pe, strict).match


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (Query(""), "name"),
        (Query("x"), "name"),
        (Query("a" * 10_000), "name"),
        (Query("\x00\x01"), "name"),
        (Query("John Smith", schema="Planet"), "schema"),
        (Query("John Smith", birth_date="yesterday"), "birth_date"),
        (Query("John Smith", countries=("zz",)), "countries"),
    ],
)
def test_bad_input_names_the_field(query: Query, field: str) -> None:
    with pytest.raises(InputError, match=field):
        prepare_query(query)


def test_odd_dates_degrade_to_the_year() -> None:
    pq = prepare_query(Query("John Smith", birth_date="1968-13-30"))
    assert pq.dates[0][0] == 19680101


def test_mixed_scripts_do_not_crash() -> None:
    result = compare(Query("Влади́мир Putin 习近平"), Query("Vladimir Putin"))
    assert 0.0 <= result.score <= 1.0


def test_prepared_forms_pickle() -> None:
    pe = prepare_entity(make_entity("Person", "Vladimir Putin", "Владимир Путин", dob="1952-10-07"))
    assert pickle.loads(pickle.dumps(pe)) == pe
