"""Retrieval keys: the strings under which a name is filed in the inverted index.

Per token: the token itself (``t``), its Metaphone key (``m``), its first four
letters (``p``, catches typos late in a word and one word written as two) and
its consonant skeleton (``s``, catches names transliterated from Arabic or
Chinese), its name-equivalence classes (``c``: Jawad and Javad) and its letter
trigrams (``g``, catch a typo anywhere in a long
word). Adjacent tokens are also filed joined ("abu bakar" under ``abubakar``)
so that a name written as one word finds its split form.
Every key carries a weight: how much a shared key of that type says.
"""

from __future__ import annotations

from itertools import pairwise

from proscreen.names.analyze import NameForm

#: Weight of a shared key, by key type.
KEY_WEIGHTS = {"t": 1.0, "j": 1.0, "c": 0.8, "m": 0.6, "p": 0.5, "s": 0.35, "g": 0.25}

_PREFIX = 4


def name_keys(form: NameForm) -> dict[str, float]:
    """Key -> weight for one analysed name."""
    keys: dict[str, float] = {}
    tokens = form.tokens
    for i, token in enumerate(tokens):
        if len(token) < 2 and not token.isdigit():
            continue  # initials retrieve nothing useful
        keys["t" + token] = KEY_WEIGHTS["t"]
        if token.isdigit():
            continue
        for cls in form.classes[i]:
            keys.setdefault("c" + cls, KEY_WEIGHTS["c"])
        if form.phonetic[i] and len(form.phonetic[i]) >= 2:
            keys.setdefault("m" + form.phonetic[i], KEY_WEIGHTS["m"])
        if len(token) >= _PREFIX + 1:
            keys.setdefault("p" + token[:_PREFIX], KEY_WEIGHTS["p"])
        if len(form.skeletons[i]) >= 2:
            keys.setdefault("s" + form.skeletons[i], KEY_WEIGHTS["s"])
        if len(token) >= 5:
            for k in range(len(token) - 2):
                keys.setdefault("g" + token[k : k + 3], KEY_WEIGHTS["g"])
    for a, b in pairwise(tokens):
        joined = a + b
        keys.setdefault("j" + joined, KEY_WEIGHTS["j"])
        keys.setdefault("p" + joined[:_PREFIX], KEY_WEIGHTS["p"])
    for token in tokens:
        # a joined token is filed under its own "j" key too, so joined and split forms meet
        if len(token) >= 6:
            keys.setdefault("j" + token, KEY_WEIGHTS["j"])
    return keys


def forms_keys(forms: tuple[NameForm, ...] | list[NameForm]) -> dict[str, float]:
    """Keys of several names (an entity's aliases, or a query analysed several ways): max weight per key."""
    out: dict[str, float] = {}
    for form in forms:
        for key, weight in name_keys(form).items():
            if weight > out.get(key, 0.0):
                out[key] = weight
    return out
