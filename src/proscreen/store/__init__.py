"""The store: list versions, entity revisions and diffs (SQLite default, PostgreSQL for teams)."""

from proscreen.store.diff import ChangeKind, EntityChange, FieldChange, VersionDiff
from proscreen.store.store import ImportResult, NewVersion, Revision, Store

__all__ = [
    "ChangeKind",
    "EntityChange",
    "FieldChange",
    "ImportResult",
    "NewVersion",
    "Revision",
    "Store",
    "VersionDiff",
]
