"""Numbers in names: words, ordinals and Roman numerals -> digits ("Forty-Four" -> "44").

Backed by rigour's multilingual ordinals table; a vessel "Tanker 5" and a
"Brigade Forty-Four" must compare on their numbers, which have to agree.
"""

from __future__ import annotations

from functools import lru_cache

from proscreen.names.tables import ROMAN, ROMAN_SINGLE

_MAX_PHRASE = 3


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], str]:
    """Number phrases as token tuples -> digit string."""
    import re

    from rigour._core import ordinals_dict

    from proscreen.names.script import latinize

    out: dict[tuple[str, ...], str] = {}
    for value, forms in ordinals_dict().items():
        for form in forms:
            tokens = tuple(t for t in re.split(r"[^a-z0-9]+", latinize(form).lower()) if t)
            if not tokens or len(tokens) > _MAX_PHRASE:
                continue
            if len(tokens) == 1 and len(tokens[0]) == 1 and tokens[0].isalpha():
                continue  # "I", "V", "X": initials far more often than numbers
            if all(t.isdigit() for t in tokens) and len(tokens) == 1:
                continue
            if tokens[0] in ("no", "number") and len(tokens) == 2:
                tokens = tokens[1:]
            out[tokens] = str(value)
    return out


def replace_numbers(tokens: list[str], roman: bool) -> list[str]:
    """Tokens with number words, ordinals ("1st", "first") and (optionally) Roman numerals as digits."""
    phrases = _phrases()
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        for size in range(min(_MAX_PHRASE, n - i), 0, -1):
            key = tuple(tokens[i : i + size])
            value = phrases.get(key)
            if value is not None and (roman or not _is_roman(key)):
                out.append(value)
                i += size
                break
        else:
            token = tokens[i]
            if roman and token in ROMAN:
                out.append(str(ROMAN[token]))
            elif roman and token in ROMAN_SINGLE and i == n - 1 and n > 1:
                out.append(str(ROMAN_SINGLE[token]))
            else:
                out.append(token)
            i += 1
    return out


def _is_roman(tokens: tuple[str, ...]) -> bool:
    return all(set(t) <= set("ivxlcdm") for t in tokens)
