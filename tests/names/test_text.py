"""Input validation of names."""

from __future__ import annotations

import pytest

from proscreen.exceptions import InputError
from proscreen.names.text import clean, split_alternatives, validate_name


@pytest.mark.parametrize("bad", ["", "   ", "x", "!!!", "a" * 10_000])
def test_invalid_names_raise_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="name"):
        validate_name(bad)


def test_control_characters_are_removed() -> None:
    assert clean("Vladimir\x00\x07 \u200bPutin\n") == "Vladimir Putin"


def test_a_single_ideograph_is_a_name() -> None:
    assert validate_name("峰") == "峰"


def test_alternatives() -> None:
    assert split_alternatives("Al-Qa'ida/Islamic Army") == ["Al-Qa'ida", "Islamic Army"]
    assert split_alternatives("Mendez Denmark A/S") == ["Mendez Denmark A/S"]
    assert split_alternatives("M/s Akhtar") == ["M/s Akhtar"]
