"""`proscreen audit export`: the audit log of the HTTP service as JSON lines or CSV."""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import typer

from proscreen.cli.app import app, console, errors, open_store
from proscreen.exceptions import InputError

audit_app = typer.Typer(help="The audit log of screening requests.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

CSV_COLUMNS = (
    "id",
    "at",
    "key_name",
    "key_prefix",
    "endpoint",
    "query_id",
    "query",
    "list_versions",
    "results",
    "alerts",
)


def parse_time(value: str | None, option: str) -> datetime | None:
    """A date (midnight UTC) or an ISO date-time (UTC unless it says otherwise)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} must be a date (2024-11-01) or a date-time, not {value!r}") from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


@audit_app.command("export")
def export_cmd(
    start: str | None = typer.Option(None, "--from", help="From this date or time (inclusive, UTC)."),
    end: str | None = typer.Option(None, "--to", help="Until this date or time (exclusive, UTC)."),
    format_name: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
) -> None:
    """Write the audit records: who screened what, when, against which versions, with which results."""
    from proscreen.store.audit import records

    with errors():
        if format_name not in ("jsonl", "csv"):
            raise InputError(f"--format must be jsonl or csv, not {format_name!r}")
        frm, to = parse_time(start, "--from"), parse_time(end, "--to")
        store = open_store()
        stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
        count = 0
        try:
            writer = csv.DictWriter(stream, CSV_COLUMNS) if format_name == "csv" else None
            if writer:
                writer.writeheader()
            for record in records(store, frm, to):
                data = record.to_dict()
                if writer:
                    for key in ("query", "list_versions", "results"):
                        data[key] = json.dumps(data[key], ensure_ascii=False, sort_keys=True)
                    writer.writerow(data)
                else:
                    stream.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        finally:
            if output:
                stream.close()
    if output:
        console.print(f"wrote {count:,} audit records to {output}")
