"""`proscreen keys create|list|revoke`: API keys for the HTTP service."""

from __future__ import annotations

import typer
from rich.table import Table

from proscreen.cli.app import app, console, errors, open_store, print_json

keys_app = typer.Typer(help="API keys for `proscreen serve`: create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def create_cmd(
    name: str = typer.Option(..., "--name", help="Who or what uses the key (shown in the audit log)."),
    role: str = typer.Option("analyst", "--role", help="viewer, analyst or admin."),
    rate_limit: float | None = typer.Option(None, "--rate-limit", help="Requests per second (default: the service's)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Create a key and print it once; only its hash is stored."""
    from proscreen.store.keys import create_key

    with errors():
        key, secret = create_key(open_store(), name, role, rate_limit)
    if as_json:
        print_json({**key.to_dict(), "key": secret})
        return
    console.print(f"Created {key.role} key [bold]{key.name}[/] (prefix {key.prefix}). It is shown only this once:")
    print(secret)


@keys_app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every key: prefix, name, role, created, revoked."""
    from proscreen.store.keys import list_keys

    with errors():
        keys = list_keys(open_store())
    if as_json:
        print_json([k.to_dict() for k in keys])
        return
    table = Table(title="API keys")
    for col in ("prefix", "name", "role", "created", "revoked", "rate limit"):
        table.add_column(col)
    for k in keys:
        table.add_row(
            k.prefix,
            k.name,
            str(k.role),
            k.created_at.strftime("%Y-%m-%d %H:%M"),
            k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else "",
            f"{k.rate_limit:g}/s" if k.rate_limit else "default",
        )
    console.print(table if keys else "No API keys yet. Try [bold]proscreen keys create --name NAME --role analyst[/].")


@keys_app.command("revoke")
def revoke_cmd(prefix: str = typer.Argument(..., help="The key's prefix (see `proscreen keys list`).")) -> None:
    """Revoke a key; a running service stops accepting it within PROSCREEN_API_KEY_CACHE_SECONDS."""
    from proscreen.store.keys import revoke_key

    with errors():
        key = revoke_key(open_store(), prefix)
    console.print(f"revoked {key.prefix} ({key.name})")
