"""Official list formats: one parser module each, and the registry that sniffs files.

Each module named in ``_MODULES`` defines ``FORMAT: ListFormat``. The registry
is the only place that knows which modules exist; parsers are imported on
first use so ``import proscreen`` stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from proscreen.exceptions import UnknownFormatError
from proscreen.sources.base import ListData, ListFormat, head_bytes

#: Order matters: the first format whose sniff accepts a file claims it.
_MODULES = (
    "ofac_csv",
    "ofac_xml",
    "ofac_advanced",
    "un_xml",
    "us_csl",
    "bis_dpl",
    "uk_ofsi",
    "uk_fcdo",
    "eu_fsf",
    "ftm",
)

#: Fixed short names of the sources Proscreen knows (FollowTheMoney files use their dataset name).
SOURCES = ("ofac-sdn", "ofac-nonsdn", "un", "us-csl", "bis-dpl", "uk-ofsi", "uk-fcdo", "eu-fsf")


@cache
def formats() -> tuple[ListFormat, ...]:
    return tuple(importlib.import_module(f"proscreen.sources.{name}").FORMAT for name in _MODULES)


def get_format(name: str) -> ListFormat:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in formats())
    raise UnknownFormatError(f"unknown format {name!r}; known formats: {known}")


def sniff(path: Path) -> ListFormat:
    """The format of one file, judged by its name and first bytes."""
    head = head_bytes(path)
    for fmt in formats():
        if fmt.sniff(path, head):
            return fmt
    raise UnknownFormatError(f"{path}: not a list file Proscreen recognises (give --format to force one)")


def collect_files(paths: Sequence[Path]) -> list[Path]:
    """Files named directly, and the files inside named folders (not recursive into hidden ones)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise UnknownFormatError(f"{path}: no such file or folder")
    return files


def plan(paths: Sequence[Path], format_name: str | None = None) -> list[tuple[ListFormat, list[Path]]]:
    """Sniff and group files: one (format, files) pair per import."""
    files = collect_files(paths)
    by_format: dict[str, list[Path]] = {}
    fmts: dict[str, ListFormat] = {}
    skipped: list[str] = []
    for file in files:
        if format_name:
            fmt = get_format(format_name)
        else:
            try:
                fmt = sniff(file)
            except UnknownFormatError:
                # Companion files (e.g. provenance notes) inside a folder are skipped;
                # a file named directly must be recognised.
                if file in paths:
                    raise
                skipped.append(file.name)
                continue
        fmts[fmt.name] = fmt
        by_format.setdefault(fmt.name, []).append(file)
    if not by_format:
        found = f" (not recognised: {', '.join(skipped[:10])})" if skipped else ""
        raise UnknownFormatError("no list files found in " + ", ".join(str(p) for p in paths) + found)
    out: list[tuple[ListFormat, list[Path]]] = []
    for name, group_files in by_format.items():
        groups = fmts[name].group(group_files)
        grouped = {f for g in groups for f in g}
        # A file its format could not place (e.g. forced with --format) is read alone: the parser
        # then says what is wrong with it, rather than the file being passed over in silence.
        groups += [[f] for f in group_files if f not in grouped]
        out.extend((fmts[name], group) for group in groups)
    return out


__all__ = ["SOURCES", "ListData", "ListFormat", "collect_files", "formats", "get_format", "plan", "sniff"]
