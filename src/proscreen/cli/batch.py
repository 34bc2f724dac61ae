"""`proscreen screen-file` and `proscreen compare-file`: many parties at a time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from proscreen.cli.app import app, console, err_console, errors, print_json, state
from proscreen.cli.screen import parse_day

if TYPE_CHECKING:
    from proscreen.batch import ProgressCallback


@contextmanager
def progress_bar(verb: str) -> Iterator[ProgressCallback]:
    """A Rich bar on stderr (rows done / total, rows per second) fed by the core's progress callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err_console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("loading lists", total=None, rate="")
        first: list[tuple[float, int]] = []

        def update(done: int, total: int | None) -> None:
            now = time.perf_counter()
            if not first:
                first.append((now, done))
            since, start = first[0]
            rate = f"{(done - start) / (now - since):,.0f} rows/s" if now > since and done > start else ""
            bar.update(task, description=verb, completed=done, total=total, rate=rate)

        yield update


@app.command("screen-file")
def screen_file_cmd(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="Parties: .csv, .tsv, .xlsx or .jsonl."),
    output: Path = typer.Option(..., "--output", "-o", help="Results: .jsonl, .csv or .xlsx."),
    limit: int = typer.Option(10, "--limit", help="At most this many matches per party."),
    threshold: float | None = typer.Option(None, "--threshold", help="Decision threshold (default: the matcher's)."),
    sources: list[str] = typer.Option(None, "--source", help="Only these sources (e.g. ofac-sdn); repeatable."),
    programs: list[str] = typer.Option(None, "--program", help="Only entities under these programs; repeatable."),
    as_of: str | None = typer.Option(None, "--as-of", help="Screen against the lists as they stood on this date."),
    workers: int | None = typer.Option(None, "--workers", help="Processes to screen with (default: the CPUs)."),
    resume: bool = typer.Option(
        False, "--resume/--no-resume", help="Keep the rows already in OUTPUT (or its sidecar) and go on after them."
    ),
    column_map: list[str] = typer.Option(
        None, "--column-map", help="Columns with other names: name=Company,id=Ref,birth_date=DOB,countries=Country."
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="The .xlsx sheet to read (default: the first)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Screen every party in a file: ranked matches per row, written in input order, resumable.

    Columns: id, name, schema, birth_date, countries (separated by ";"), identifiers; only name is required.

    A row that cannot be screened gets an error record (row, field, reason); the other rows go on.

    A .csv/.xlsx OUTPUT is journalled to OUTPUT.progress.jsonl while it runs: that is what --resume reads.
    """
    from proscreen.batch import parse_column_map, screen_file

    with errors():
        mapping = parse_column_map(column_map or ())
        day = parse_day(as_of, "--as-of")
        with progress_bar("screening") as progress:
            summary = screen_file(
                input_path, output, limit=limit, threshold=threshold, sources=sources or (),
                programs=programs or (), as_of=day, workers=workers, resume=resume, column_map=mapping,
                sheet=sheet, db_url=state.db_url, progress=progress,
            )  # fmt: skip
    if as_json:
        print_json(summary.to_dict())
        return
    resumed = f" (after {summary.resumed:,} already done)" if summary.resumed else ""
    console.print(
        f"{summary.rows:,} rows{resumed}: {summary.matched:,} matched, {summary.errors:,} errors; "
        f"{summary.seconds:.1f} s, {summary.rows_per_second:,.1f} rows/s "
        f"({summary.workers} worker{'s' if summary.workers > 1 else ''}) -> {output}",
        highlight=False,
        soft_wrap=True,
    )


@app.command("compare-file")
def compare_file_cmd(
    input_path: Path = typer.Argument(..., metavar="PAIRS", help="A .csv/.xlsx sheet: schema, name1, name2, ..."),
    output: Path = typer.Option(..., "--output", "-o", help="The same rows plus score and match columns (.csv)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Score pairs of names: columns schema, name1, name2 (birth_date1/2, countries1/2 optional)."""
    from proscreen.batch import compare_file

    with errors(), progress_bar("comparing") as progress:
        summary = compare_file(input_path, output, progress=progress)
    if as_json:
        print_json(summary.to_dict())
        return
    for message in summary.errors[:20]:
        err_console.print(f"[yellow]skipped[/] {message}", highlight=False)
    if len(summary.errors) > 20:
        err_console.print(f"... and {len(summary.errors) - 20} more rows that could not be compared")
    console.print(
        f"{summary.rows:,} pairs: {summary.matches:,} matches, {len(summary.errors):,} errors; "
        f"{summary.seconds:.1f} s -> {output}",
        highlight=False,
        soft_wrap=True,
    )
