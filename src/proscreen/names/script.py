"""Scripts and transliteration: any writing system -> lower-case ASCII.

Transliteration uses ``anyascii`` (fast, table-driven, good for Latin, Cyrillic,
Greek, Indic, Ethiopic and Southeast Asian scripts) and ICU via ``normality``
for the Arabic family (Arabic, Persian, Urdu, Pashto) and Hebrew, where ICU keeps
the long vowels that Latin spellings of those names write (``فلاديمير`` ->
``fladymyr``, not ``fldymyr``). Han, Hangul and Kana are written syllable by
syllable so that each syllable becomes its own token (``习近平`` -> ``xi jin ping``);
the tokenizer joins them back when the other name writes them as one word.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LATIN = "latin"
CYRILLIC = "cyrillic"
GREEK = "greek"
ARABIC = "arabic"
HEBREW = "hebrew"
HAN = "han"
HANGUL = "hangul"
KANA = "kana"
OTHER = "other"

#: Scripts written without spaces between name syllables: compared syllable by syllable.
SYLLABIC = frozenset({HAN, HANGUL})

_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, LATIN),
    (0x1E00, 0x1EFF, LATIN),
    (0x0370, 0x03FF, GREEK),
    (0x1F00, 0x1FFF, GREEK),
    (0x0400, 0x052F, CYRILLIC),
    (0x1C80, 0x1C8F, CYRILLIC),
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x1100, 0x11FF, HANGUL),
    (0x3130, 0x318F, HANGUL),
    (0xAC00, 0xD7AF, HANGUL),
    (0x3040, 0x30FF, KANA),
    (0x31F0, 0x31FF, KANA),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xF900, 0xFAFF, HAN),
    (0x20000, 0x2FA1F, HAN),
)


def char_script(char: str) -> str | None:
    """The script of one letter, or None for digits, spaces and punctuation."""
    cp = ord(char)
    if cp < 0x80:
        return LATIN if char.isalpha() else None
    if not char.isalpha():
        return None
    for lo, hi, name in _RANGES:
        if lo <= cp <= hi:
            return name
    return OTHER


def dominant_script(text: str) -> str:
    """The script most letters of ``text`` are written in (``latin`` when there are none)."""
    if text.isascii():
        return LATIN
    counts: dict[str, int] = {}
    for char in text:
        script = char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return LATIN
    return max(counts.items(), key=lambda item: item[1])[0]


@lru_cache(maxsize=1)
def _icu() -> object:
    import icu

    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def _icu_ascii(text: str) -> str:
    translit = _icu()
    out: str = translit.transliterate(text)  # type: ignore[attr-defined]
    return out


def _anyascii(text: str) -> str:
    from anyascii import anyascii

    out: str = anyascii(text)
    return out


def latinize(text: str, script: str | None = None) -> str:
    """Transliterate ``text`` to ASCII (case kept); syllabic scripts get a space per syllable."""
    if text.isascii():
        return text
    script = script or dominant_script(text)
    if script in (ARABIC, HEBREW):
        try:
            out = _icu_ascii(text)
        except Exception:  # ICU missing or failing: anyascii is always there
            out = _anyascii(text)
        return out if out.isascii() else _anyascii(out)
    if script in SYLLABIC:
        parts: list[str] = []
        for char in text:
            cs = char_script(char)
            if cs in SYLLABIC:
                parts.append(" " + _anyascii(char) + " ")
            else:
                parts.append(_anyascii(char))
        return "".join(parts)
    return _anyascii(text)


def syllables(text: str) -> tuple[str, ...]:
    """The Han/Hangul characters of ``text`` in order (each one a syllable of a name)."""
    return tuple(char for char in text if char_script(char) in SYLLABIC)


def strip_marks(text: str) -> str:
    """Drop combining accents (``é`` -> ``e``) without transliterating other scripts."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
