"""`proscreen demo`: import the bundled sample lists, show them, and screen a designated party."""

from __future__ import annotations

from rich.table import Table

from proscreen.cli.app import app, console, errors, open_store
from proscreen.cli.lists import _versions_table
from proscreen.cli.screen import explanation_text

DEMO_QUERY = "M/s Akhtar & Sons (Pvt.) Ltd., Karachi"


@app.command("demo")
def demo_cmd() -> None:
    """Import the bundled sample lists (real official files), show them, and screen a sample party."""
    from proscreen.importer import import_paths
    from proscreen.model import Query
    from proscreen.samples import sample_files
    from proscreen.screening import Screener

    with errors():
        store = open_store()
        console.print(f"Store: {store.url}")
        with console.status("importing the bundled sample lists..."):
            outcomes = import_paths(store, sample_files())
        for o in outcomes:
            state = "imported" if o.created else "already there"
            console.print(f"  {state}: {o.version.label} ({o.version.entity_count:,} entities)")
        console.print(_versions_table(store.current_versions(), "Sample lists in the store"))
        screener = Screener(store)
        with console.status("building the search indexes (once per list version)..."):
            screener.warm()
        matches = screener.screen(Query(DEMO_QUERY, "Organization"), limit=3)
    table = Table(title=f"proscreen screen {DEMO_QUERY!r} --schema Organization", title_justify="left", show_lines=True)
    for col in ("score", "match", "entity", "listed name", "programs", "why"):
        table.add_column(col)
    for m in matches:
        table.add_row(
            f"{m.score:.3f}",
            "[bold red]MATCH[/]" if m.match else "",
            m.entity.id,
            m.entity.caption,
            ", ".join(m.entity.programs),
            explanation_text(m.comparison.features),
        )
    console.print(table)
    console.print("Next: [bold]proscreen entity ofac-sdn:52051[/], [bold]proscreen screen 'Dr. Abdul Qadir Khan'[/].")
