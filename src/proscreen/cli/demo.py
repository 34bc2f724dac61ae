"""`proscreen demo`: import the bundled sample lists and show what they hold."""

from __future__ import annotations

import typer

from proscreen.cli.app import app, console, errors, open_store
from proscreen.cli.lists import _versions_table


@app.command("demo")
def demo_cmd() -> None:
    """Import the bundled sample lists (real official files) and show what they contain."""
    from proscreen.importer import import_paths
    from proscreen.samples import sample_files

    with errors():
        store = open_store()
        console.print(f"Store: {store.url}")
        with console.status("importing the bundled sample lists..."):
            outcomes = import_paths(store, sample_files())
        for o in outcomes:
            state = "imported" if o.created else "already there"
            console.print(f"  {state}: {o.version.label} ({o.version.entity_count:,} entities)")
        console.print(_versions_table(store.current_versions(), "Sample lists in the store"))
        entity = store.entity("ofac-sdn:52051")
    console.print(
        f"\nThe 2024-12-19 NPWMD designation [bold]{entity.caption}[/] ({entity.id}), programs "
        f"{', '.join(entity.programs)}; try [bold]proscreen entity {entity.id}[/]."
    )
    raise typer.Exit(0)
