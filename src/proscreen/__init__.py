"""Proscreen: restricted-party and counter-proliferation screening.

The public Python API lives here. Heavy parts (the store, the matcher, the
index) load on first use, so ``import proscreen`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from proscreen.exceptions import (
    ConfigError,
    DownloadError,
    InputError,
    NotFoundError,
    ParseError,
    ProscreenError,
    UnknownFormatError,
    UnsafeInputError,
)
from proscreen.model import (
    Address,
    Country,
    Entity,
    EventDate,
    Identifier,
    ListVersion,
    Name,
    Query,
    Relation,
    Schema,
)

if TYPE_CHECKING:
    from proscreen.matching import Comparison, compare
    from proscreen.screening import Match, Screener
    from proscreen.store import Store

__version__ = "0.1.0"

_LAZY = {
    "Comparison": "proscreen.matching",
    "Match": "proscreen.screening",
    "Screener": "proscreen.screening",
    "Store": "proscreen.store",
    "compare": "proscreen.matching",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'proscreen' has no attribute {name!r}")


__all__ = [
    "Address",
    "Comparison",
    "ConfigError",
    "Country",
    "DownloadError",
    "Entity",
    "EventDate",
    "Identifier",
    "InputError",
    "ListVersion",
    "Match",
    "Name",
    "NotFoundError",
    "ParseError",
    "ProscreenError",
    "Query",
    "Relation",
    "Schema",
    "Screener",
    "Store",
    "UnknownFormatError",
    "UnsafeInputError",
    "compare",
]
