"""What changed between two versions of a list (pure functions over entity dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from proscreen.model import ListVersion


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    AMENDED = "amended"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an amended entity: its old and new value, and for lists the items in and out."""

    field: str
    old: Any
    new: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "old": self.old, "new": self.new}
        if self.added or self.removed:
            out["added"] = list(self.added)
            out["removed"] = list(self.removed)
        return out


@dataclass(frozen=True, slots=True)
class EntityChange:
    entity_id: str
    caption: str
    kind: ChangeKind
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"entity_id": self.entity_id, "caption": self.caption, "change": str(self.kind)}
        if self.fields:
            out["fields"] = [f.to_dict() for f in self.fields]
        return out


@dataclass(frozen=True)
class VersionDiff:
    source: str
    old: ListVersion | None  # None: compared with nothing (the first version)
    new: ListVersion
    changes: tuple[EntityChange, ...] = field(default=())

    def of(self, kind: ChangeKind) -> list[EntityChange]:
        return [c for c in self.changes if c.kind is kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "from": self.old.label if self.old else None,
            "to": self.new.label,
            "counts": {k.value: len(self.of(k)) for k in ChangeKind},
            **{k.value: [c.to_dict() for c in self.of(k)] for k in ChangeKind},
        }


def _freeze(item: Any) -> Any:
    if isinstance(item, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in item.items()))
    if isinstance(item, list):
        return tuple(_freeze(v) for v in item)
    return item


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """Field-by-field differences between two ``Entity.to_dict()`` payloads."""
    changes: list[FieldChange] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if isinstance(before, list) or isinstance(after, list):
            before_items = before if isinstance(before, list) else []
            after_items = after if isinstance(after, list) else []
            before_set = {_freeze(v) for v in before_items}
            after_set = {_freeze(v) for v in after_items}
            added = tuple(v for v in after_items if _freeze(v) not in before_set)
            removed = tuple(v for v in before_items if _freeze(v) not in after_set)
            changes.append(FieldChange(key, before, after, added, removed))
        else:
            changes.append(FieldChange(key, before, after))
    return tuple(changes)
