"""Phonetic keys: Metaphone (rigour's Rust implementation) and a consonant skeleton.

The skeleton is for names written in different scripts: transliteration from
Arabic or Hebrew loses short vowels and writes ``w``/``y`` for long ones, so
``bwtyn`` (بوتين) and ``putin`` agree once vowels and glides are dropped and
near consonants share a letter (p/b, v/f/w, q/k/c/g, z/s, t/d, l/r...).
"""

from __future__ import annotations

from functools import lru_cache

_SKELETON = str.maketrans(
    {
        "p": "b",
        "v": "f",
        "w": "",
        "q": "k",
        "c": "k",
        "g": "k",
        "j": "k",
        "z": "s",
        "x": "s",
        "d": "t",
        "r": "l",
        "h": "",
        "y": "",
        "a": "",
        "e": "",
        "i": "",
        "o": "",
        "u": "",
    }
)


@lru_cache(maxsize=200_000)
def metaphone(token: str) -> str:
    """The Metaphone key of an ASCII token ("" for digits and one-letter tokens)."""
    if len(token) < 2 or not token.isalpha():
        return ""
    from rigour._core import metaphone as _metaphone

    return str(_metaphone(token))


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonants only, near sounds merged, doubles squeezed: "bwtyn" -> "btn", "putin" -> "btn"."""
    if not token.isalpha():
        return token
    body = token.translate(_SKELETON)
    out: list[str] = []
    for ch in body:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)
