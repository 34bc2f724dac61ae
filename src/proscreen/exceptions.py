"""Proscreen's exceptions: one root, every error a door can show a user.

    ProscreenError
    ├── ConfigError                 a setting is invalid                  (status 500)
    ├── InputError                  a user's input is invalid              (status 400)
    │   ├── ParseError              a list file is malformed or hostile   (status 422)
    │   │   └── UnsafeInputError    entity expansion, zip bomb, huge line (status 422)
    │   └── UnknownFormatError      no parser recognises a file           (status 422)
    ├── NotFoundError               an entity, source or version is unknown (status 404)
    └── DownloadError               an official file could not be fetched (status 502)

Errors that an API can return carry a class-level ``status``; one handler map reads it.
"""

from __future__ import annotations

from pathlib import Path


class ProscreenError(Exception):
    """Root of every error Proscreen raises on purpose."""

    status: int = 500


class ConfigError(ProscreenError):
    status = 500


class InputError(ProscreenError):
    status = 400


class ParseError(InputError):
    """A list file could not be read. Names the file and the line or element."""

    status = 422

    def __init__(self, path: Path | str, message: str, line: int | None = None, element: str | None = None):
        self.path = str(path)
        self.line = line
        self.element = element
        self.reason = message
        where = self.path
        if line is not None:
            where += f", line {line}"
        if element:
            where += f", element {element}"
        super().__init__(f"{where}: {message}")


class UnsafeInputError(ParseError):
    """A file that looks hostile: entity expansion, external entities, a zip bomb, a huge line."""


class UnknownFormatError(InputError):
    status = 422


class NotFoundError(ProscreenError):
    status = 404


class DownloadError(ProscreenError):
    status = 502
