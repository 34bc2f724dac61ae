"""The command line: a thin Typer door over the library core.

Each command parses its arguments, calls the core once and prints the result,
as a Rich table for people or JSON (``--json``) for programs.
"""

from __future__ import annotations

from proscreen.cli.app import app


def main() -> None:
    """Entry point of the ``proscreen`` console script."""
    app(prog_name="proscreen")


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["app", "main"]
