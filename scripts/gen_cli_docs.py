"""Write docs/cli.md from the CLI's own --help texts (tests/test_docs.py checks it is current).

Run: .venv/bin/python scripts/gen_cli_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    import click
    import typer
    from typer.testing import CliRunner

    from proscreen.cli import app

    root = typer.main.get_command(app)
    runner = CliRunner()
    env = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    out = ["# Command line reference", "", "Generated from `proscreen --help`; do not edit by hand.", ""]

    def walk(command: click.Command, path: list[str]) -> None:
        ctx = click.Context(command, info_name=" ".join(path))
        result = runner.invoke(app, [*path[1:], "--help"], env=env, prog_name="proscreen")
        text = "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())
        out.extend([f"## `{' '.join(path)}`", "", "```", text, "```", ""])
        if isinstance(command, click.Group):
            for name in sorted(command.list_commands(ctx)):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, [*path, name])

    walk(root, ["proscreen"])
    return "\n".join(out)


if __name__ == "__main__":
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
