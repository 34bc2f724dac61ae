"""Name normalisation: scripts, legal forms, titles, numbers, tokens."""

from __future__ import annotations

import pytest

from proscreen.names.analyze import OBJECT, ORG, PERSON, analyze_name
from proscreen.names.script import latinize


@pytest.mark.parametrize(
    ("text", "kind", "tokens", "legal"),
    [
        ("M/s Akhtar & Sons (Pvt.) Ltd., Karachi", ORG, ("akhtar", "sons"), {"llc"}),
        ("AKHTAR AND SONS PRIVATE LIMITED", ORG, ("akhtar", "sons"), {"llc"}),
        ("Open Joint Stock Company Gazprom", ORG, ("gazprom",), {"jsc"}),
        ("OAO Gazprom", ORG, ("gazprom",), {"jsc"}),
        ("JSCARGUMENT", ORG, ("argument",), set()),
        ("Beijing Co., Ltd.", ORG, ("beijing",), {"llc"}),
        ('ООО "БАЙ"', ORG, ("bay",), {"llc"}),
        ("A.B.C. Company", ORG, ("abc", "co"), set()),
        ("Dr. Abdul Qadir Khan", PERSON, ("abdul", "qadir", "khan"), set()),
        ("Haji Mohd Salman", PERSON, ("muhammad", "salman"), set()),
        ("Ig0r Sech1n", PERSON, ("igor", "sechin"), set()),
    ],
)
def test_tokens_and_legal_forms(text: str, kind: str, tokens: tuple[str, ...], legal: set[str]) -> None:
    form = analyze_name(text, kind)
    assert form.tokens == tokens
    assert set(form.legal_forms) == legal


def test_numbers_are_digits() -> None:
    assert analyze_name("Brigade Forty-Four", ORG).numbers == {"44"}
    assert analyze_name("Bowne Global Solutions II", ORG).numbers == {"2"}
    assert analyze_name("Tanker 5", OBJECT).numbers == {"5"}


def test_a_legal_form_alone_stays_the_name() -> None:
    assert analyze_name("CORP", ORG).tokens


def test_weights_favour_names_over_particles() -> None:
    form = analyze_name("Abu Bakar al-Baghdadi", PERSON)
    weights = dict(zip(form.tokens, form.weights, strict=True))
    assert weights["al"] < weights["baghdadi"]
    assert weights["abu"] < weights["bakar"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Минский завод колёсных тягачей", "Minskiy zavod kolesnykh tyagachey"),
        ("Vučić", "Vucic"),
        ("ПУТИН", "PUTIN"),
    ],
)
def test_latinize(text: str, expected: str) -> None:
    assert latinize(text) == expected


def test_han_is_split_into_syllables() -> None:
    form = analyze_name("习近平", PERSON)
    assert form.tokens == ("xi", "jin", "ping")
    assert form.syllables == ("习", "近", "平")


def test_arabic_keeps_long_vowels() -> None:
    assert analyze_name("فلاديمير بوتين", PERSON).tokens[0].startswith("fla")
