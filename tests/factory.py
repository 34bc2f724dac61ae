"""A tiny factory for test entities."""

from __future__ import annotations

from proscreen.model import Entity, Identifier, IdType, Name, NameKind, Schema, Strength


def make_entity(
    source_id: str,
    name: str,
    *aliases: str,
    source: str = "test-list",
    schema: Schema = Schema.ORGANIZATION,
    weak: tuple[str, ...] = (),
    programs: tuple[str, ...] = ("NPWMD",),
    tax_id: str | None = None,
    remarks: tuple[str, ...] = (),
) -> Entity:
    names = [Name(name)]
    names += [Name(a, NameKind.AKA) for a in aliases]
    names += [Name(w, NameKind.AKA, Strength.WEAK) for w in weak]
    ids = (Identifier(IdType.TAX_ID, tax_id, "pk"),) if tax_id else ()
    return Entity(
        source=source,
        source_id=source_id,
        schema=schema,
        names=tuple(names),
        identifiers=ids,
        programs=programs,
        remarks=remarks,
    )
