"""Country names and codes as lists write them -> ISO 3166-1 alpha-2, lower case.

Backed by rigour's territory database (OpenSanctions'), which knows the list
spellings ("Korea, North", "Burma", "Congo, Democratic Republic of the").
"""

from __future__ import annotations

from functools import lru_cache


def _simple(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


@lru_cache(maxsize=1)
def _plain_names() -> dict[str, str]:
    """Territory names and full names -> alpha-2 code: the fast path (rigour's fuzzy lookup
    builds a transliterated name table that costs seconds, so it is only the fallback)."""
    from rigour.territories import get_territories

    table: dict[str, str] = {}
    for territory in get_territories():
        code = str(territory.code)
        if len(code) != 2:
            continue
        for name in (territory.name, territory.full_name, territory.alpha3):
            if name:
                table.setdefault(_simple(str(name)), code)
    for name, code in _LIST_SPELLINGS.items():
        table.setdefault(_simple(name), code)
    return table


#: Spellings the official lists use that are not a territory's name in rigour.
_LIST_SPELLINGS = {
    "Korea, North": "kp",
    "North Korea": "kp",
    "DPRK": "kp",
    "Korea, South": "kr",
    "South Korea": "kr",
    "Burma": "mm",
    "Turkey": "tr",
    "Russia": "ru",
    "Iran": "ir",
    "Syria": "sy",
    "Laos": "la",
    "Vietnam": "vn",
    "Moldova": "md",
    "Tanzania": "tz",
    "Venezuela": "ve",
    "Bolivia": "bo",
    "Congo, Democratic Republic of the": "cd",
    "Democratic Republic of the Congo": "cd",
    "Congo, Republic of the": "cg",
    "Bahamas, The": "bs",
    "Gambia, The": "gm",
    "Cote d Ivoire": "ci",
    "Cote d'Ivoire": "ci",
    "Man, Isle of": "im",
    "Virgin Islands, British": "vg",
    "Macau": "mo",
    "Macao": "mo",
    "Hong Kong": "hk",
    "Taiwan": "tw",
    "Palestinian": "ps",
    "West Bank": "ps",
    "Gaza": "ps",
    "UK": "gb",
    "United Kingdom": "gb",
    "USA": "us",
    "United States": "us",
    "UAE": "ae",
    "Kosovo": "xk",
    "Czech Republic": "cz",
    "Micronesia, Federated States of": "fm",
    "St. Kitts and Nevis": "kn",
    "St. Vincent and the Grenadines": "vc",
    "Holy See": "va",
}


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The ISO alpha-2 code (lower case) for a country name or code, or None."""
    if not text:
        return None
    value = text.strip().strip(".,;")
    if not value or value in ("-0-", "-"):
        return None
    from rigour.territories import get_territory, lookup_territory

    if len(value) == 2 and value.isalpha():
        territory = get_territory(value.lower())
        return str(territory.code) if territory is not None and len(str(territory.code)) == 2 else None
    fast = _plain_names().get(_simple(value))
    if fast:
        return fast
    territory = lookup_territory(value)
    if territory is None:
        return None
    code = str(territory.code)
    # rigour knows sub-national and historic territories (e.g. "gb-sct", "suhh"); keep alpha-2 only.
    if len(code) != 2:
        parent = getattr(territory, "parent", None)
        code = str(parent.code) if parent is not None and len(str(parent.code)) == 2 else code
    return code if len(code) == 2 else None
