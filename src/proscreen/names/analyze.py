"""Name analysis: one raw name -> a :class:`NameForm` ready for fast comparison.

Steps: clean -> drop titles / "M/s" prefixes -> pull out legal forms
("(Pvt.) Ltd." -> ``llc``) -> transliterate -> tokenise (apostrophes dropped,
hyphens split, glued legal forms split, digits inside words read as letters) ->
numbers as digits -> synonyms folded (``Mohd`` -> ``muhammad``, ``Corporation``
-> ``corp``) -> a weight per token (particles, initials, patronymics and generic
organisation words weigh less) -> phonetic keys and name-equivalence classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from proscreen.names import orgs, persons
from proscreen.names.numbers import replace_numbers
from proscreen.names.phonetic import metaphone, skeleton
from proscreen.names.script import LATIN, SYLLABIC, dominant_script, latinize, syllables
from proscreen.names.symbols import name_classes
from proscreen.names.tables import (
    LEET,
    ORG_GENERIC,
    PARTICLE_WEIGHTS,
    PATRONYMIC_ENDINGS,
    STOPWORDS,
    TOKEN_SYNONYMS,
)
from proscreen.names.text import MAX_NAME_LENGTH, clean

PERSON = "person"
ORG = "org"
OBJECT = "object"
ANY = "any"

#: Weight of an initial ("J."), a generic organisation word and a patronymic.
INITIAL_WEIGHT = 0.5
GENERIC_WEIGHT = 0.35
PATRONYMIC_WEIGHT = 0.6

_NO_CLASS: frozenset[str] = frozenset()
_SPLIT = re.compile(r"[^a-z0-9]+")
#: Dotted abbreviations "a.b.c." / "u.k." read as one token ("abc", "uk").
_DOTTED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.\s?){2,}(?:[^\W\d_](?![^\W\d_]))?")
#: A legal form glued to the end of a camel-case name: "SiemensAG".
_CAMEL_LEGAL = re.compile(r"([a-z])(AG|SA|LLC|LTD|GMBH|JSC|PLC|INC|BV|NV)\b")
_APOSTROPHES = re.compile(r"['`´’‘ʼʻʿʾ\u02b9\u02bc\u2032]")


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name, analysed. Every field is plain data (picklable, shared where equal)."""

    text: str  # the name as given (cleaned)
    kind: str  # PERSON, ORG, OBJECT or ANY
    script: str  # dominant script of the original
    tokens: tuple[str, ...]  # lower-case ASCII tokens, legal forms and stopwords removed
    weights: tuple[float, ...]  # importance of each token
    phonetic: tuple[str, ...]  # metaphone key per token ("" when none)
    skeletons: tuple[str, ...]  # consonant skeleton per token, for cross-script comparison
    classes: tuple[frozenset[str], ...]  # name-equivalence class ids per token
    syllables: tuple[str, ...]  # Han/Hangul characters, compared as-is between such names
    legal_forms: frozenset[str]  # generic legal forms ("llc", "jsc"...)
    numbers: frozenset[str]  # digit strings the name contains
    key: str  # tokens joined without spaces: equal keys mean equal names
    signature: frozenset[str]  # cheap keys (tokens, phonetic keys, prefixes): no shared key, no similarity

    @property
    def is_empty(self) -> bool:
        return not self.tokens

    def __reduce__(self) -> tuple[type[NameForm], tuple[object, ...]]:
        # positional rebuild: much faster to unpickle than the dataclass default
        return (
            NameForm,
            (
                self.text,
                self.kind,
                self.script,
                self.tokens,
                self.weights,
                self.phonetic,
                self.skeletons,
                self.classes,
                self.syllables,
                self.legal_forms,
                self.numbers,
                self.key,
                self.signature,
            ),
        )


def analyze_name(text: str, kind: str = ANY) -> NameForm:
    """Analyse one name. ``kind`` is PERSON, ORG, OBJECT or ANY (unknown)."""
    return _analyze(text[:MAX_NAME_LENGTH], kind)


@lru_cache(maxsize=65536)
def _analyze(raw: str, kind: str) -> NameForm:
    text = clean(raw)
    script = dominant_script(text)
    legal: list[str] = []
    if kind != PERSON:
        text = orgs.drop_place_tail(text)
        lowered, legal = orgs.extract_legal_forms(_CAMEL_LEGAL.sub(r"\1 \2", text).casefold())
        lowered = _DOTTED.sub(_undot, lowered)
    else:
        lowered = text.casefold()
    latin = latinize(lowered, script).lower()
    latin = _APOSTROPHES.sub("", latin)
    tokens = [t for t in _SPLIT.split(latin) if t]
    tokens = [_unleet(t) for t in tokens]
    if kind == PERSON:
        tokens = persons.drop_titles(tokens)
    elif kind in (ORG, OBJECT, ANY):
        tokens = orgs.drop_prefixes(tokens)
        tokens, more = orgs.split_legal_tokens(tokens)
        legal.extend(more)
    if kind != PERSON:
        tokens = replace_numbers(tokens, roman=kind in (ORG, OBJECT, ANY))
    tokens = [TOKEN_SYNONYMS.get(t, t) for t in tokens]
    content = [t for t in tokens if t not in STOPWORDS]
    if content and kind != PERSON:
        tokens = content
    tokens = _dedupe_adjacent(tokens)
    weights = tuple(_weight(t, kind, len(tokens)) for t in tokens)
    syl = syllables(text) if script in SYLLABIC else ()
    return NameForm(
        text=text,
        kind=kind,
        script=script,
        tokens=tuple(tokens),
        weights=weights,
        phonetic=tuple(metaphone(t) for t in tokens),
        skeletons=tuple(skeleton(t) for t in tokens),
        classes=tuple(_NO_CLASS if syl else name_classes(t) for t in tokens),
        syllables=syl,
        legal_forms=frozenset(legal),
        numbers=frozenset(t for t in tokens if t.isdigit()),
        key="".join(tokens),
        signature=_signature(tokens),
    )


def _signature(tokens: list[str]) -> frozenset[str]:
    keys: set[str] = set()
    for token in tokens:
        if len(token) < 2:
            continue
        keys.add(token[:3])
        keys.add("~" + skeleton(token)[:2])
        ph = metaphone(token)
        if ph:
            keys.add("#" + ph[:2])
        if len(token) > 3:
            keys.add(">" + token[-3:])
    return frozenset(keys)


def _undot(match: re.Match[str]) -> str:
    text = match.group(0)
    return text.replace(".", "").replace(" ", "") + (" " if text.endswith(" ") else "")


def _unleet(token: str) -> str:
    """Digits between letters read as the letters they stand for ("sech1n" -> "sechin")."""
    if token.isalpha() or token.isdigit() or len(token) < 3:
        return token
    chars = list(token)
    for i in range(1, len(chars) - 1):
        if chars[i].isdigit() and chars[i - 1].isalpha() and chars[i + 1].isalpha():
            chars[i] = LEET.get(chars[i], chars[i])
    if chars[0].isdigit() and len(chars) > 2 and chars[1].isalpha() and chars[2].isalpha():
        pass  # "1st", "3rd": ordinals, not letters
    return "".join(chars)


def _dedupe_adjacent(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if not out or out[-1] != token or token.isdigit():
            out.append(token)
    return out


def _weight(token: str, kind: str, count: int) -> float:
    if count == 1:
        return 1.0
    if len(token) == 1 and token.isalpha():
        return INITIAL_WEIGHT
    if token in PARTICLE_WEIGHTS and kind != ORG:
        return PARTICLE_WEIGHTS[token]
    if token in ORG_GENERIC and kind != PERSON:
        return GENERIC_WEIGHT
    if kind != ORG and len(token) > 6 and token.endswith(PATRONYMIC_ENDINGS):
        return PATRONYMIC_WEIGHT
    return 1.0


def is_latin(form: NameForm) -> bool:
    return form.script == LATIN
