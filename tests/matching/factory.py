"""A tiny factory for test entities: ``make_entity("Person", "Name", "Alias", dob="1960")``."""

from __future__ import annotations

from proscreen.model import (
    Country,
    CountryRole,
    Entity,
    EventDate,
    Identifier,
    IdType,
    Name,
    NameKind,
    Schema,
    Strength,
)


def make_entity(
    schema: str,
    name: str,
    *aliases: str,
    weak: tuple[str, ...] = (),
    dob: str | None = None,
    countries: tuple[str, ...] = (),
    ids: tuple[str, ...] = (),
    source_id: str = "1",
) -> Entity:
    names = [Name(name)]
    names += [Name(a, kind=NameKind.AKA) for a in aliases]
    names += [Name(w, kind=NameKind.AKA, strength=Strength.WEAK) for w in weak]
    return Entity(
        source="test",
        source_id=source_id,
        schema=Schema(schema),
        names=tuple(names),
        dates=(EventDate(dob),) if dob else (),
        countries=tuple(Country(c, CountryRole.NATIONALITY) for c in countries),
        identifiers=tuple(Identifier(IdType.OTHER, v) for v in ids),
    )
