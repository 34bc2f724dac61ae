"""The root Typer app, its global options and the error handler every command shares."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console

from proscreen.exceptions import ProscreenError

app = typer.Typer(
    help="Proscreen: screen parties against sanctions and export-control lists.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


class State:
    db_url: str | None = None


state = State()


@app.callback()
def _root(
    db: str | None = typer.Option(
        None, "--db", envvar="PROSCREEN_DB_URL", help="Store URL (sqlite:///file.db or postgresql://...)."
    ),
) -> None:
    state.db_url = db


@contextmanager
def errors() -> Iterator[None]:
    """Turn Proscreen errors into a one-line message and exit code 1 (never a traceback)."""
    try:
        yield
    except ProscreenError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err_console.print("interrupted")
        raise typer.Exit(130) from None


def open_store() -> Any:
    from proscreen.store import Store

    return Store.open(state.db_url)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _register() -> None:
    # Command modules register themselves on import.
    from proscreen.cli import audit, batch, demo, entity, keys, lists, screen, serve  # noqa: F401


_register()
