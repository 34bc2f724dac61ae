"""`proscreen lists ...`: import, list, diff and update the official lists."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from proscreen.cli.app import app, console, errors, open_store, print_json
from proscreen.model import ListVersion

lists_app = typer.Typer(help="Official lists: import, versions, changes, updates.", invoke_without_command=True)
app.add_typer(lists_app, name="lists")


def version_dict(v: ListVersion) -> dict[str, Any]:
    return {
        "source": v.source,
        "version": v.seq,
        "format": v.format,
        "published": v.published.isoformat(),
        "published_from_file": v.published_from_file,
        "imported_at": v.imported_at.isoformat(timespec="seconds"),
        "entities": v.entity_count,
        "added": v.added,
        "amended": v.amended,
        "removed": v.removed,
        "checksums": dict(v.checksums),
    }


def _versions_table(versions: list[ListVersion], title: str) -> Table:
    table = Table(title=title)
    for col in ("source", "version", "format", "published", "imported", "entities", "added", "amended", "removed"):
        table.add_column(
            col, justify="right" if col in ("version", "entities", "added", "amended", "removed") else "left"
        )
    for v in versions:
        published = v.published.isoformat() + ("" if v.published_from_file else " (import)")
        table.add_row(
            v.source, str(v.seq), v.format, published, v.imported_at.strftime("%Y-%m-%d %H:%M"),
            f"{v.entity_count:,}", f"{v.added:,}", f"{v.amended:,}", f"{v.removed:,}",
        )  # fmt: skip
    return table


@lists_app.callback()
def show_lists(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Sources and their versions, with counts and dates."""
    if ctx.invoked_subcommand is not None:
        return
    with errors():
        store = open_store()
        versions = store.versions()
    if as_json:
        print_json([version_dict(v) for v in versions])
    elif not versions:
        console.print("No lists imported yet. Try [bold]proscreen lists import PATH[/].")
    else:
        console.print(_versions_table(versions, "List versions"))


@lists_app.command("import")
def import_cmd(
    paths: list[Path] = typer.Argument(..., help="List files, folders or zip archives.", exists=False),
    format_name: str | None = typer.Option(None, "--format", help="Force a format instead of sniffing."),
    source: str | None = typer.Option(None, "--source", help="Override the source short name."),
    published: str | None = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for files that state none, e.g. OFAC CSV."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import official list files; each source read becomes a new version (unless unchanged)."""
    from proscreen.cli.screen import parse_day
    from proscreen.importer import import_paths

    with errors():
        day = parse_day(published, "--published")
        store = open_store()
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} entities"),
            TimeElapsedColumn(), console=console, transient=True, disable=as_json,
        ) as progress:  # fmt: skip
            tasks: dict[str, Any] = {}

            def on_progress(label: str, count: int) -> None:
                if label not in tasks:
                    tasks[label] = progress.add_task(f"reading {label}", total=None)
                progress.update(tasks[label], completed=count)

            outcomes = import_paths(store, paths, format_name, source, progress=on_progress, published=day)
    if as_json:
        print_json([{**version_dict(o.version), "created": o.created, "warnings": list(o.warnings)} for o in outcomes])
        return
    for o in outcomes:
        for warning in o.warnings:
            console.print(f"[yellow]warning:[/] {warning}", highlight=False)
        v = o.version
        if o.created:
            console.print(
                f"[green]imported[/] {v.label}: {v.entity_count:,} entities "
                f"(+{v.added:,} added, {v.amended:,} amended, -{v.removed:,} removed), published {v.published}"
            )
        else:
            console.print(f"[yellow]unchanged[/] {v.label}: these files were imported before; no new version")


@lists_app.command("diff")
def diff_cmd(
    source: str = typer.Argument(..., help="Source short name, e.g. ofac-sdn."),
    old: int | None = typer.Argument(None, help="Version to compare from (default: the one before NEW)."),
    new: int | None = typer.Argument(None, help="Version to compare to (default: the latest)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int = typer.Option(50, "--limit", help="Rows per change kind in the table (JSON has all)."),
) -> None:
    """Entities added, removed and amended between two versions of a source, with the changed fields."""
    from proscreen.store import ChangeKind

    with errors():
        store = open_store()
        diff = store.diff(source, old, new)
    if as_json:
        print_json(diff.to_dict())
        return
    frm = diff.old.label if diff.old else "(nothing)"
    console.print(f"[bold]{source}[/]: {frm} -> {diff.new.label}")
    for kind in ChangeKind:
        rows = diff.of(kind)
        table = Table(title=f"{kind.value} ({len(rows):,})", title_justify="left")
        table.add_column("entity")
        table.add_column("name")
        if kind is ChangeKind.AMENDED:
            table.add_column("changed fields")
        for change in rows[:limit]:
            cells = [change.entity_id, change.caption]
            if kind is ChangeKind.AMENDED:
                cells.append(_describe_fields(change.fields))
            table.add_row(*cells)
        if len(rows) > limit:
            table.caption = f"... and {len(rows) - limit:,} more (use --limit or --json)"
        console.print(table)


def _describe_fields(fields: Any) -> str:
    parts = []
    for f in fields:
        if f.added or f.removed:
            bits = [f"+{len(f.added)}" if f.added else "", f"-{len(f.removed)}" if f.removed else ""]
            parts.append(f"{f.field} ({' '.join(b for b in bits if b)})")
        else:
            parts.append(f"{f.field}: {f.old!r} -> {f.new!r}")
    return "; ".join(parts)


@lists_app.command("update")
def update_cmd(
    sources: list[str] = typer.Option(None, "--source", help="Sources to update (default: every known one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Download the current official files from their published addresses and import them."""
    from proscreen.importer import import_paths
    from proscreen.sources.download import download_source, official_urls

    with errors():
        store = open_store()
        chosen = sources or sorted(official_urls())
        results = []
        with tempfile.TemporaryDirectory(prefix="proscreen-update-") as tmp:
            downloaded = {s: download_source(s, Path(tmp) / s) for s in chosen}
            for source, files in downloaded.items():
                results.extend(import_paths(store, files, source=source))
    if as_json:
        print_json([{**version_dict(o.version), "created": o.created} for o in results])
        return
    for o in results:
        state = "imported" if o.created else "unchanged"
        console.print(f"{state} {o.version.label}: {o.version.entity_count:,} entities")
