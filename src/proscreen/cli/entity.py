"""`proscreen entity ID` and `proscreen export`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from proscreen.cli.app import app, console, errors, open_store, print_json
from proscreen.model import Entity


@app.command("entity")
def entity_cmd(
    entity_id: str = typer.Argument(..., help="Entity id, e.g. ofac-sdn:52051."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Everything known about one entity: names, facts, relations and its history across versions."""
    with errors():
        store = open_store()
        history = store.history(entity_id)
        entity = history[-1].entity
        targets = store.get_entities([r.target_id for r in entity.relations if r.target_id])
    revisions = [
        {
            "from_version": r.first.label,
            "from_published": r.first.published.isoformat(),
            "until_version": r.last.label if r.last else None,
            "current": r.last is None,
        }
        for r in history
    ]
    if as_json:
        print_json({**entity.to_dict(), "listed": history[-1].last is None, "history": revisions})
        return
    _print_entity(entity, targets)
    table = Table(title="History", title_justify="left")
    for col in ("valid from", "published", "until"):
        table.add_column(col)
    for r in history:
        table.add_row(r.first.label, r.first.published.isoformat(), r.last.label if r.last else "current")
    console.print(table)


def _print_entity(entity: Entity, targets: dict[str, Entity]) -> None:
    table = Table(title=f"{entity.id}  {entity.caption}", show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value")

    def row(label: str, values: Any) -> None:
        values = [v for v in values if v]
        if values:
            table.add_row(label, "\n".join(str(v) for v in values))

    row("schema", [entity.schema.value])
    row("source list", [entity.source_list])
    row("programs", [", ".join(entity.programs)])
    row("listed on", [entity.listed_on])
    row(
        "names",
        [
            f"{n.value}  [dim]({n.kind.value}, {n.strength.value}{', original script' if n.original_script else ''})[/]"
            for n in entity.names
        ],
    )
    row(
        "dates",
        [
            f"{d.kind.value}: {d.start}{' to ' + d.end if d.end else ''}{' (circa)' if d.circa else ''}"
            for d in entity.dates
        ],
    )
    row("places of birth", entity.places_of_birth)
    row("countries", [f"{c.code or '?'} ({c.role.value}){' ' + c.name if c.name else ''}" for c in entity.countries])
    row(
        "identifiers",
        [f"{i.type.value}: {i.value}{' (' + i.country + ')' if i.country else ''}" for i in entity.identifiers],
    )
    row("addresses", [a.full for a in entity.addresses])
    rels = []
    for r in entity.relations:
        target = targets.get(r.target_id or "")
        rels.append(f"{r.kind.value}: {target.caption + ' [' + target.id + ']' if target else r.target_name}")
    row("relations", rels)
    row("attributes", [f"{k}: {v}" for k, v in entity.attributes])
    row("remarks", entity.remarks)
    console.print(table)


@app.command("export")
def export_cmd(
    format_name: str = typer.Option("ftm", "--format", help="Output format: ftm (FollowTheMoney JSON lines)."),
    sources: list[str] = typer.Option(None, "--source", help="Sources to export (default: all)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
) -> None:
    """Write the current entities out, e.g. as FollowTheMoney JSON lines for the OpenSanctions ecosystem."""
    from proscreen.exceptions import InputError
    from proscreen.sources.ftm import write_ftm

    with errors():
        if format_name != "ftm":
            raise InputError(f"unknown export format {format_name!r}; known: ftm")
        store = open_store()
        versions = [v for v in store.current_versions() if not sources or v.source in sources]
        stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        try:
            count = 0
            for version in versions:
                count += write_ftm(store.entities(version), stream)
        finally:
            if output:
                stream.close()
    if output:
        console.print(f"wrote {count:,} entities to {output}")
