"""Cleaning raw text before analysis: Unicode form, control characters, whitespace, length."""

from __future__ import annotations

import re
import unicodedata

from proscreen.exceptions import InputError

#: Longest name accepted from a user; list names longer than this are cut.
MAX_NAME_LENGTH = 1000

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC form, control and format characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        text = "".join(
            " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
            for ch in text
            if unicodedata.category(ch) not in ("Cf", "Co", "Cs", "Cn") or ch == "\u200c"
        )
        text = text.replace("\u200c", "")
    return _SPACES.sub(" ", text).strip()


def validate_name(value: object, field: str = "name") -> str:
    """A cleaned user-supplied name; InputError (naming the field) when it cannot be screened."""
    if not isinstance(value, str):
        raise InputError(f"{field}: expected text, got {type(value).__name__}")
    if len(value) > MAX_NAME_LENGTH:
        raise InputError(f"{field}: too long ({len(value)} characters, at most {MAX_NAME_LENGTH})")
    text = clean(value)
    if not text:
        raise InputError(f"{field}: empty")
    letters = sum(1 for ch in text if ch.isalnum())
    if letters == 0:
        raise InputError(f"{field}: has no letters or digits: {value!r}")
    if letters < 2 and not any(unicodedata.category(ch) == "Lo" for ch in text):
        raise InputError(f"{field}: too short to screen ({value!r}); give at least two letters")
    return text


_ALTERNATIVES = re.compile(r"(?<=[^\W\d_]{3})\s*/\s*(?=[^\W\d_]{3})")


def split_alternatives(text: str) -> list[str]:
    """Names a list writes in one field separated by "/" ("Al-Qa'ida/Islamic Army"); "A/S", "M/s" stay."""
    if "/" not in text:
        return [text]
    parts = [p.strip() for p in _ALTERNATIVES.split(text)]
    return [p for p in parts if p] or [text]
