"""Name-equivalence classes: which spellings are the same given or family name.

Backed by rigour's person-name database (Wikidata-derived): a token gets the
ids of the names it can spell, so "vladimir" and "volodymyr", or "muhammad"
and "mohammed", share an id. Common contractions (``Mohd``) are folded into a
full spelling by :data:`proscreen.names.tables.TOKEN_SYNONYMS` first.
"""

from __future__ import annotations

from functools import lru_cache

_EMPTY: frozenset[str] = frozenset()


@lru_cache(maxsize=200_000)
def name_classes(token: str) -> frozenset[str]:
    """Ids of the names ``token`` can be a spelling of (empty when unknown, short or numeric)."""
    if len(token) < 4 or not token.isalpha():
        return _EMPTY
    from rigour.names import NameTypeTag, analyze_names

    ids: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [token], consolidate=False, phonetics=False, rewrite=False):
        for span in name.spans:
            if str(span.symbol.category.value) == "NAME" and len(span.parts) == 1:
                ids.add(str(span.symbol.id))
    return frozenset(ids) if ids else _EMPTY
