"""The files of batch screening: sheets and JSON lines of parties in, flat sheets out.

Inputs, by extension:
- ``.csv`` (``.tsv``) and ``.xlsx``: a header row, then one party per row. Columns
  ``id, name, schema, birth_date, countries, identifiers`` (case, ``_``, ``-`` and
  spaces do not matter; ``dob``, ``country``, ``type``... are understood); only
  ``name`` is required; ``countries`` and ``identifiers`` hold several values
  separated by ``;``. Other headers are mapped with a column map
  (``{"name": "Company", "id": "Ref"}``). A CSV's delimiter is read from its header.
- ``.jsonl`` (``.ndjson``, ``.json-lines``): ``{"id": ..., "query": {"name": ...,
  "schema": ..., "birth_date": ..., "countries": ["pk"], "identifiers": [...]}}`` per
  line (a bare query object works too); other keys are ignored.

Rows are numbered from 1: the first data row of a sheet, the line of a JSON lines
file; blank rows are skipped. A row without an id gets its row number as id. A row
that cannot be read is a :class:`RowError` (``row 7, field birth_date: ...``) and
reading goes on; a sheet without a name column is an InputError at once.

Outputs: the flat sheet for people (:data:`FLAT_COLUMNS`, csv or xlsx) is written
from row records ``{"row", "id", "name", "matches": [Match.to_dict()...]}`` or
``{"row", "id", "name", "error"}``, streamed.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from proscreen.exceptions import InputError, UnknownFormatError
from proscreen.model import Query

#: The fields a row can give, in the order of a sheet's usual columns.
FIELDS = ("id", "name", "schema", "birth_date", "countries", "identifiers")
#: Other headers understood without a column map.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("ref", "reference", "row_id"),
    "schema": ("type", "entity_type", "kind"),
    "birth_date": ("dob", "date_of_birth", "birthdate", "incorporation_date"),
    "countries": ("country", "country_code", "nationality"),
    "identifiers": ("identifier", "ids", "id_numbers"),
}
#: Columns of the flat (csv/xlsx) output: one line per (input row, match).
FLAT_COLUMNS = (
    "row", "id", "query_name", "rank", "entity_id", "listed_name", "schema", "source",
    "programs", "list_version", "score", "match", "explanation", "error",
)  # fmt: skip
INPUT_FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json-lines": "jsonl", ".jsonlines": "jsonl",
}  # fmt: skip
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json-lines": "jsonl", ".csv": "csv", ".xlsx": "xlsx"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Longest cell a CSV row may have (the csv module's default limit).
MAX_FIELD = 131_072


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one input row cannot be screened; ``str()`` gives ``row 7, field birth_date: ...``."""

    row: int
    field: str | None
    message: str
    name: str = ""

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.message}"


#: One input row: its number, its id and the query (or why there is none).
InputRow = tuple[int, str, Query | RowError]


def input_format(path: Path) -> str:
    fmt = INPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(INPUT_FORMATS))
        raise UnknownFormatError(f"{path}: cannot read {path.suffix or 'a file without extension'}; use {known}")
    return fmt


def output_format(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(OUTPUT_FORMATS)
        raise UnknownFormatError(f"{path}: cannot write {path.suffix or 'a file without extension'}; use {known}")
    return fmt


def parse_column_map(specs: Iterable[str]) -> dict[str, str]:
    """``["name=Company,id=Ref"]`` -> ``{"name": "Company", "id": "Ref"}`` (a column name may hold commas)."""
    split = re.compile(r",(?=\s*(?:" + "|".join(FIELDS) + r")\s*=)")
    out: dict[str, str] = {}
    for spec in specs:
        for part in split.split(spec):
            key, sep, column = part.partition("=")
            key = key.strip().lower()
            if not sep or not column.strip():
                raise InputError(f"--column-map: expected FIELD=COLUMN, not {part!r}")
            if key not in FIELDS:
                raise InputError(f"--column-map: unknown field {key!r}; fields are {', '.join(FIELDS)}")
            out[key] = column.strip()
    return out


# --- reading --------------------------------------------------------------------


def read_queries(
    path: Path | str, column_map: Mapping[str, str] | None = None, *, sheet: str | None = None
) -> Iterator[InputRow]:
    """The rows of a CSV, XLSX or JSON lines file as queries, read lazily.

    The file and its header are checked at once: InputError naming the file and the columns found.
    """
    path = Path(path)
    fmt = input_format(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if fmt == "jsonl":
        if sheet:
            raise InputError(f"{path}: --sheet only applies to .xlsx files")
        return _jsonl_queries(path)
    header = read_header(path, fmt, sheet)
    columns = resolve_columns(path, header, FIELDS, column_map or {}, required=("name",))
    return _table_queries(path, fmt, sheet, len(header), columns)


def read_header(path: Path, fmt: str, sheet: str | None) -> list[str]:
    rows = table_rows(path, fmt, sheet)
    try:
        header = next(rows, None)
    finally:
        rows.close()
    if header is None:
        raise InputError(f"{path}: empty, no header row")
    if isinstance(header, RowError):
        raise InputError(f"{path}: unreadable header: {header.message}")
    return header


def resolve_columns(
    path: Path, header: Sequence[str], wanted: Sequence[str], column_map: Mapping[str, str], required: Sequence[str]
) -> dict[str, int]:
    """The position of each wanted field in ``header``: as mapped, by its name, or by an alias.

    A field may end in 1 or 2 (``name1``, ``dob2``): the aliases of its base apply.
    """

    def norm(text: str) -> str:
        return re.sub(r"[\s_\-]+", "_", text.strip().lower())

    found = ", ".join(repr(h) for h in header) or "none"
    positions: dict[str, int] = {}
    for i, column in enumerate(header):
        positions.setdefault(norm(column), i)
    columns: dict[str, int] = {}
    for field, column in column_map.items():
        if norm(column) not in positions:
            raise InputError(f"{path}: no column {column!r} (mapped to {field}); columns found: {found}")
        columns[field] = positions[norm(column)]
    for field in wanted:
        base = field.rstrip("12")
        suffix = field[len(base) :]
        for candidate in (field, *(alias + suffix for alias in ALIASES.get(base, ()))):
            if field not in columns and norm(candidate) in positions:
                columns[field] = positions[norm(candidate)]
    missing = [f for f in required if f not in columns]
    if missing:
        raise InputError(
            f"{path}: no {' or '.join(missing)} column; columns found: {found}"
            f" (map one with --column-map {missing[0]}=COLUMN)"
        )
    return columns


def table_rows(path: Path, fmt: str, sheet: str | None = None) -> Generator[list[str] | RowError, None, None]:
    """The header, then the non-blank rows of a csv/tsv/xlsx sheet as text cells (or why a row is unreadable).

    A RowError's ``row`` here is 0: the caller numbers rows.
    """
    if fmt == "xlsx":
        yield from _xlsx_rows(path, sheet)
        return
    if sheet:
        raise InputError(f"{path}: --sheet only applies to .xlsx files")
    records = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            first = f.readline()
            delimiter = "\t" if fmt == "tsv" else max(",;\t|", key=first.count)
            reader = csv.reader(itertools.chain([first], f), delimiter=delimiter)
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:  # a field over the size limit, a stray NUL: that row only
                    records += 1
                    yield RowError(0, None, f"unreadable CSV record: {exc}")
                    continue
                if any(len(c) > MAX_FIELD for c in cells):
                    # Checked here, not left to csv.field_size_limit: that limit is process-wide
                    # and other libraries raise it.
                    records += 1
                    yield RowError(0, None, f"unreadable CSV record: field larger than field limit ({MAX_FIELD})")
                    continue
                if any(c.strip() for c in cells):
                    records += 1
                    yield cells
    except UnicodeDecodeError as exc:
        where = f"after row {records - 1}" if records > 1 else "in its header"
        raise InputError(f"{path}: not UTF-8 text ({where}): {exc.reason}; save it as UTF-8 CSV") from None


def _openpyxl() -> Any:
    import openpyxl  # type: ignore[import-untyped]  # openpyxl ships no type hints

    return openpyxl


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list[str] | RowError]:
    try:
        book = _openpyxl().load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors all mean "not a workbook"
        raise InputError(f"{path}: not a readable .xlsx workbook: {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(f"{path}: no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        for values in ws.iter_rows(values_only=True):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield cells
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table_queries(path: Path, fmt: str, sheet: str | None, width: int, columns: dict[str, int]) -> Iterator[InputRow]:
    rows = table_rows(path, fmt, sheet)
    try:
        next(rows, None)  # the header
        for row, cells in enumerate(rows, start=1):
            if isinstance(cells, RowError):
                yield row, str(row), RowError(row, None, cells.message)
                continue
            get = _getter(cells, columns)
            row_id, name = get("id") or str(row), get("name")
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                message = f"{len(cells)} fields but the header has {width} columns"
                yield row, row_id, RowError(row, None, message, name)
                continue
            yield (
                row,
                row_id,
                Query(
                    name=name,
                    schema=get("schema") or "Thing",
                    birth_date=get("birth_date") or None,
                    countries=split_values(get("countries")),
                    identifiers=split_values(get("identifiers"), ";|"),
                    id=row_id,
                ),
            )
    finally:
        rows.close()


def _getter(cells: Sequence[str], columns: Mapping[str, int]) -> Any:
    def get(field: str) -> str:
        pos = columns.get(field)
        return cells[pos].strip() if pos is not None and pos < len(cells) else ""

    return get


def split_values(text: str, separators: str = ";,|") -> tuple[str, ...]:
    """Several values in one cell: ``"pk; af"`` -> ``("pk", "af")``."""
    parts = re.split(f"[{re.escape(separators)}]", text) if text else []
    return tuple(p.strip() for p in parts if p.strip())


def _lines(f: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary file; None for a line over ``limit`` bytes (skipped, never held whole)."""
    while raw := f.readline(limit + 1):
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (more := f.readline(limit)) and not more.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw


def _max_line() -> int:
    from proscreen.settings import get_settings

    return get_settings().max_line_bytes


def _jsonl_queries(path: Path) -> Iterator[InputRow]:
    limit = _max_line()
    with path.open("rb") as f:
        for row, raw in enumerate(_lines(f, limit), start=1):
            if raw is None:
                yield row, str(row), RowError(row, None, f"line longer than {limit:,} bytes")
            elif raw.strip():
                yield _json_query(row, raw)


def _json_query(row: int, raw: bytes) -> InputRow:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return row, str(row), RowError(row, None, f"not valid JSON: {exc}")
    if not isinstance(data, dict):
        return row, str(row), RowError(row, None, f"expected a JSON object, got {type(data).__name__}")
    raw_id = data.get("id")
    row_id = str(row) if raw_id in (None, "") else raw_id if isinstance(raw_id, str) else json.dumps(raw_id)
    q = data.get("query", data)
    if not isinstance(q, dict):
        return row, row_id, RowError(row, "query", f"expected an object, got {type(q).__name__}")
    name = q.get("name")
    if not isinstance(name, str):
        what = "missing" if name is None else f"expected text, got {type(name).__name__}"
        return row, row_id, RowError(row, "name", what)
    values: dict[str, Any] = {"name": name, "id": row_id}
    for field in ("schema", "birth_date"):
        value = q.get(field)
        if field == "birth_date" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a bare year
        if value is not None and not isinstance(value, str):
            return row, row_id, RowError(row, field, f"expected text, got {type(value).__name__}", name)
        if value:
            values[field] = value
    for field in ("countries", "identifiers"):
        value = q.get(field) or []
        if isinstance(value, str):
            value = list(split_values(value))
        items = [v.get("value") if isinstance(v, dict) else v for v in value] if isinstance(value, list) else None
        if items is None or not all(isinstance(v, str) for v in items):
            return row, row_id, RowError(row, field, "expected a list of text values", name)
        values[field] = tuple(items)
    return row, row_id, Query(**values)


def count_rows(path: Path | str, *, sheet: str | None = None) -> int | None:
    """How many rows a file holds (a quick pass; for XLSX what the sheet declares); None when unknown."""
    path = Path(path)
    fmt = input_format(path)
    if fmt == "jsonl":
        with path.open("rb") as f:
            return sum(1 for raw in _lines(f, _max_line()) if raw is None or raw.strip())
    if fmt == "xlsx":
        book = _openpyxl().load_workbook(path, read_only=True, data_only=True)
        try:
            ws = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
            return max(0, ws.max_row - 1) if isinstance(ws.max_row, int) else None
        finally:
            book.close()
    return max(0, sum(1 for _ in table_rows(path, fmt, sheet)) - 1)


# --- writing --------------------------------------------------------------------


def short_explanation(explanation: Iterable[Mapping[str, Any]], width: int = 300) -> str:
    """The weighted features of a match on one line: ``name +0.95: ...; birth_date +0.10: ...``."""
    text = "; ".join(f"{e['feature']} {e['value']:+.2f}: {e['detail']}" for e in explanation if e.get("weight"))
    return text if len(text) <= width else text[: width - 1] + "…"


def flat_rows(records: Iterable[Mapping[str, Any]]) -> Iterator[list[Any]]:
    """The lines of the flat sheet (:data:`FLAT_COLUMNS`) for row records."""
    for rec in records:
        head = [rec["row"], rec["id"], rec["name"]]
        if "error" in rec or not rec["matches"]:
            yield [*head, *([None] * 10), rec.get("error")]
            continue
        for rank, m in enumerate(rec["matches"], start=1):
            yield [
                *head, rank, m["entity_id"], m["name"], m.get("schema"), m["source"],
                "; ".join(m.get("programs") or ()), m.get("list_version"), m["score"], m["match"],
                short_explanation(m.get("explanation") or ()), None,
            ]  # fmt: skip


def write_flat(records: Iterable[Mapping[str, Any]], output: Path) -> None:
    """Write the csv or xlsx sheet of row records to ``output`` (a temporary file, then renamed)."""
    tmp = output.with_name(f".{output.name}.tmp{os.getpid()}")
    try:
        if output_format(output) == "xlsx":
            _write_xlsx(flat_rows(records), tmp)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(FLAT_COLUMNS)
                writer.writerows([_csv_cell(v) for v in line] for line in flat_rows(records))
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # a spreadsheet must never run a name as a formula
    return value


def _write_xlsx(lines: Iterable[list[Any]], path: Path) -> None:
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]  # no type hints
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]  # no type hints
    from openpyxl.styles import Font  # type: ignore[import-untyped]  # no type hints

    book = openpyxl.Workbook(write_only=True)  # rows go straight to a temporary file: memory stays flat
    ws = book.create_sheet("matches")
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMN", (7, 14, 30, 6, 22, 30, 12, 12, 16, 14, 8, 8, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    header = []
    for column in FLAT_COLUMNS:
        cell = WriteOnlyCell(ws, value=column)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for line in lines:
        cells: list[Any] = []
        for value in line:
            if isinstance(value, str):
                cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:32_000])
                cell.data_type = "s"  # text stays text: a name starting with "=" is not a formula
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)
    book.save(path)
