"""`proscreen screen` and `proscreen compare`: one party at a time."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from rich.table import Table

from proscreen.cli.app import app, console, errors, print_json, state
from proscreen.exceptions import InputError
from proscreen.model import Query

SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft", "Thing")


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} must be a date like 2024-11-01, not {value!r}") from None


def check_schema(value: str) -> str:
    for schema in SCHEMAS:
        if value.lower() == schema.lower():
            return schema
    raise InputError(f"--schema must be one of {', '.join(SCHEMAS)}, not {value!r}")


def explanation_text(features: Any) -> str:
    return "\n".join(f"{f.name} {f.value:+.2f}: {f.detail}" for f in features if f.weight)


@app.command("screen")
def screen_cmd(
    name: str = typer.Argument(..., help="The party's name."),
    schema: str = typer.Option("Thing", "--schema", help="Person, Organization, Vessel, Aircraft (or Thing)."),
    dob: str | None = typer.Option(None, "--dob", help="Date of birth or incorporation: YYYY, YYYY-MM or YYYY-MM-DD."),
    countries: list[str] = typer.Option(None, "--country", help="ISO country code; repeat for several."),
    identifiers: list[str] = typer.Option(None, "--id", help="An identifier (tax ID, passport, IMO...)."),
    sources: list[str] = typer.Option(None, "--source", help="Only these sources (e.g. ofac-sdn); repeatable."),
    programs: list[str] = typer.Option(None, "--program", help="Only entities under these programs (e.g. NPWMD)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Screen against the lists as they stood on this date."),
    limit: int = typer.Option(10, "--limit", help="At most this many results."),
    threshold: float | None = typer.Option(None, "--threshold", help="Decision threshold (default: the matcher's)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Screen one party against the lists: ranked matches with the reasons for each score."""
    from proscreen.screening import Screener

    with errors():
        query = Query(
            name=name,
            schema=check_schema(schema),
            birth_date=dob,
            countries=tuple(countries or ()),
            identifiers=tuple(identifiers or ()),
        )
        day = parse_day(as_of, "--as-of")
        with Screener.open(state.db_url) as screener:
            versions = screener.versions(sources or (), day)
            if not versions:
                raise InputError("no lists to screen against" + (f" on {day}" if day else "") + ": import some first")
            matches = screener.screen(
                query, limit, sources=sources or (), programs=programs or (), as_of=day, threshold=threshold
            )
            cut = screener.config.threshold if threshold is None else threshold
    if as_json:
        print_json(
            {
                "query": {"name": name, "schema": query.schema, "birth_date": dob, "countries": list(query.countries)},
                "threshold": cut,
                "list_versions": [v.label for v in versions],
                "matches": [m.to_dict() for m in matches],
            }
        )
        return
    alerts = sum(m.match for m in matches)
    title = f"{name!r}: {alerts} match(es) at threshold {cut:.2f} against {', '.join(v.label for v in versions)}"
    table = Table(title=title, title_justify="left", show_lines=True)
    for col in ("score", "match", "entity", "name", "programs", "why"):
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
    console.print(table if matches else f"{title}\nNo similar listed party.")


@app.command("compare")
def compare_cmd(
    name1: str = typer.Argument(..., help="First name."),
    name2: str = typer.Argument(..., help="Second name."),
    schema: str = typer.Option("Thing", "--schema", help="Person, Organization, Vessel, Aircraft (or Thing)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Compare two names: the score, the decision and the features behind it."""
    from proscreen.matching import compare

    with errors():
        kind = check_schema(schema)
        result = compare(Query(name1, kind), Query(name2, kind))
    if as_json:
        print_json(
            {
                "name1": name1,
                "name2": name2,
                "schema": kind,
                "score": round(result.score, 4),
                "match": result.match,
                "threshold": result.threshold,
                "explanation": [
                    {"feature": f.name, "value": round(f.value, 4), "weight": f.weight, "detail": f.detail}
                    for f in result.features
                ],
            }
        )
        return
    verdict = "[bold red]MATCH[/]" if result.match else "no match"
    console.print(f"{name1!r} ~ {name2!r}: score {result.score:.3f} ({verdict} at {result.threshold:.2f})")
    console.print(explanation_text(result.features))
