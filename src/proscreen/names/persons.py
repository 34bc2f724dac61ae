"""Person names: titles and honorifics ("Dr.", "Haji", "Sheikh") off the front."""

from __future__ import annotations

from proscreen.names.tables import AMBIGUOUS_TITLES, PERSON_TITLES

_DROPPABLE = PERSON_TITLES - AMBIGUOUS_TITLES


def drop_titles(tokens: list[str]) -> list[str]:
    """Tokens without leading titles; the name is kept whole if only titles would remain."""
    i = 0
    while i < len(tokens) - 1 and tokens[i] in _DROPPABLE:
        i += 1
    rest = tokens[i:]
    return rest if rest else tokens


def is_initial(token: str) -> bool:
    """A one-letter part standing for a name ("J." in "J. Smith")."""
    return len(token) == 1 and token.isalpha()
