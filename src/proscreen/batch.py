"""Batch screening: a file of parties in, ranked and explained matches out.

    summary = screen_file("parties.csv", "results.jsonl", limit=10, workers=4, resume=True)
    for row, row_id, query in read_queries("parties.xlsx", {"name": "Company"}): ...
    compare_file("pairs.csv", "scored.csv")

What files are read and written, and how rows are numbered, is in
:mod:`proscreen.batch_files`. Outputs, by extension:

- ``.jsonl``: ``{"id": ..., "matches": [Match.to_dict(), ...]}`` (best first, at
  most ``limit``, above the screener's report floor) or ``{"id": ..., "error":
  "row 7, field birth_date: ..."}`` per input row, in input order, written as
  chunks complete.
- ``.csv`` / ``.xlsx``: one line per (row, match), plus one per row without
  matches and per error. Rows are first journalled as JSON lines to a sidecar
  ``OUTPUT.progress.jsonl``; at the end the sheet is generated from it (into a
  temporary file, then renamed) and the sidecar is removed.

Resume (``resume=True``): the complete records of the JSON lines output (or of the
sidecar) are kept, a torn last line is cut off, their ids are checked against the
input's first rows, and screening continues after them, appending. A finished
csv/xlsx run has no sidecar: its output is simply generated again.

Parallelism: the parent loads (and if need be builds) the index of every list
version once, so workers only load files. ``workers`` processes (forkserver, or
spawn) each open their own Screener once and screen chunks of rows (16 rows at
first, doubling up to ``chunk_size``); at most three chunks per worker are in
flight and results are written in input order, so memory does not grow with the
file. The forkserver loads the name tables once (:mod:`proscreen._batch_preload`)
and the workers inherit them. ``workers`` is a maximum: a small file gets fewer;
one worker screens in the calling process. A script that uses several must guard
its entry point with ``if __name__ == "__main__":`` (processes are not forked).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proscreen.batch_files import (
    FIELDS,
    InputRow,
    RowError,
    count_rows,
    input_format,
    output_format,
    parse_column_map,
    read_header,
    read_queries,
    resolve_columns,
    split_values,
    table_rows,
    write_flat,
)
from proscreen.exceptions import InputError, ProscreenError, UnknownFormatError
from proscreen.model import Query

if TYPE_CHECKING:
    from proscreen.matching import MatchConfig
    from proscreen.screening import Screener

__all__ = [
    "FIELDS",
    "BatchSummary",
    "CompareSummary",
    "InputRow",
    "RowError",
    "RowResult",
    "compare_file",
    "count_rows",
    "default_workers",
    "parse_column_map",
    "read_queries",
    "screen_file",
]

#: Rows per chunk sent to a worker (chunks start at FIRST_CHUNK so progress shows early).
CHUNK_SIZE = 256
FIRST_CHUNK = 16
#: Chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 3
#: Distinct queries whose results a process remembers (files often repeat a name).
CACHE_SIZE = 4096
_FIELD_MESSAGE = re.compile(r"^(name|schema|birth_date|countries|identifiers)\b[^:\s]*: (.*)$", re.S)

#: Called after each chunk is written: (rows done, resumed ones included; total rows when known).
ProgressCallback = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class RowResult:
    """One screened row: its matches (``Match.to_dict()``, best first) or why it has none."""

    row: int
    id: str
    name: str
    matches: tuple[dict[str, Any], ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BatchSummary:
    input: Path
    output: Path
    rows: int  # screened by this run
    matched: int  # rows with at least one match at the threshold
    errors: int  # rows that could not be screened
    resumed: int  # rows already in the output from an earlier run
    seconds: float  # wall time, index loading included
    index_seconds: float  # of which loading (or building) the indexes
    workers: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(input=str(self.input), output=str(self.output), seconds=round(self.seconds, 3))
        out.update(index_seconds=round(self.index_seconds, 3), rows_per_second=round(self.rows_per_second, 2))
        return out


# --- screening rows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    limit: int
    threshold: float | None
    sources: tuple[str, ...]
    programs: tuple[str, ...]
    schemas: tuple[str, ...]
    as_of: date | None


def _row_error(row: int, exc: Exception) -> str:
    """``row 7, field birth_date: ...`` from the matcher's ``birth_date: ...``."""
    message = str(exc)
    if not isinstance(exc, InputError):
        return str(RowError(row, None, f"could not screen: {type(exc).__name__}: {message}"))
    found = _FIELD_MESSAGE.match(message)
    return str(RowError(row, found.group(1), found.group(2)) if found else RowError(row, None, message))


def _screen_rows(
    screener: Screener, job: _Job, items: list[InputRow], cache: dict[tuple[Any, ...], Any]
) -> list[RowResult]:
    results: list[RowResult] = []
    for row, row_id, item in items:
        if isinstance(item, RowError):
            results.append(RowResult(row, row_id, item.name, error=str(item)))
            continue
        key = (item.name, item.schema, item.birth_date, item.countries, item.identifiers)
        found = cache.get(key)
        if found is None:
            try:
                matches = screener.screen(
                    item, job.limit, sources=job.sources, programs=job.programs, schemas=job.schemas,
                    as_of=job.as_of, threshold=job.threshold,
                )  # fmt: skip
                found = tuple(m.to_dict() for m in matches)
            except Exception as exc:  # one bad row (or a matcher bug on odd input) must not sink the batch
                found = exc
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            cache[key] = found
        if isinstance(found, Exception):
            results.append(RowResult(row, row_id, item.name, error=_row_error(row, found)))
        else:
            results.append(RowResult(row, row_id, item.name, matches=found))
    return results


_worker: tuple[Screener, _Job, dict[tuple[Any, ...], Any]] | None = None


def _init_worker(db_url: str, cache_dir: Path, config: dict[str, Any] | None, job: _Job) -> None:
    """Open this worker's Screener once (the indexes are already on disk)."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from proscreen.matching import DEFAULT_CONFIG, MatchConfig
    from proscreen.screening import Screener
    from proscreen.store import Store

    match_config = MatchConfig(**config) if config is not None else DEFAULT_CONFIG
    screener = Screener(Store.open(db_url, migrate=False), match_config, cache_dir)
    screener.warm(job.sources, job.as_of)  # the index files the parent made sure of
    import proscreen._batch_preload  # noqa: F401 - the name tables, unless inherited from the forkserver

    _worker = (screener, job, {})


def _worker_chunk(items: list[InputRow]) -> list[RowResult]:
    if _worker is None:
        raise RuntimeError("batch worker used before _init_worker")
    screener, job, cache = _worker
    return _screen_rows(screener, job, items, cache)


def _chunks(rows: Iterator[InputRow], size: int) -> Iterator[list[InputRow]]:
    n = min(FIRST_CHUNK, size)
    while chunk := list(itertools.islice(rows, n)):
        yield chunk
        n = min(size, n * 2)


def _mp_context() -> Any:
    import multiprocessing

    # Not fork: the parent has threads (the progress bar) and open database connections.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["proscreen.batch", "proscreen.screening", "proscreen._batch_preload"])
    return context


def _run_pool(
    chunks: Iterator[list[InputRow]], workers: int, initargs: tuple[Any, ...]
) -> Generator[list[RowResult], None, None]:
    """Screen chunks in ``workers`` processes; results come back in input order."""
    pool = ProcessPoolExecutor(workers, mp_context=_mp_context(), initializer=_init_worker, initargs=initargs)
    pending: deque[Future[list[RowResult]]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_worker_chunk, chunk))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as exc:
        raise ProscreenError(f"a worker process stopped ({exc}); out of memory? Rerun with --resume") from None
    finally:
        if pending:  # interrupted or failed: stop the workers now rather than let them finish their chunks
            _terminate_workers(pool)
        pool.shutdown(wait=not pending, cancel_futures=True)


def _terminate_workers(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = getattr(pool, "_processes", None) or {}  # older versions: no public way
    for process in list(processes.values()):
        process.terminate()


def _config_args(config: MatchConfig) -> dict[str, Any] | None:
    """A custom config as picklable keyword arguments (its weight table is a read-only mapping)."""
    from proscreen.matching import DEFAULT_CONFIG

    if config is DEFAULT_CONFIG:
        return None
    args = {f.name: getattr(config, f.name) for f in fields(config) if f.init}
    return {k: dict(v) if isinstance(v, Mapping) else v for k, v in args.items()}


def default_workers() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def screen_file(
    input_path: Path | str,
    output_path: Path | str,
    *,
    limit: int = 10,
    threshold: float | None = None,
    sources: Sequence[str] = (),
    programs: Sequence[str] = (),
    schemas: Sequence[str] = (),
    as_of: date | None = None,
    workers: int | None = None,
    resume: bool = False,
    column_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    db_url: str | None = None,
    config: MatchConfig | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: ProgressCallback | None = None,
) -> BatchSummary:
    """Screen every row of ``input_path``; write the results to ``output_path`` (see the module doc).

    ``workers`` defaults to the CPUs available. Raises InputError before screening
    anything when the file, its header, the options or the store are not usable.
    """
    from proscreen.screening import Screener
    from proscreen.settings import get_settings
    from proscreen.store import Store

    started = time.perf_counter()
    source, output = Path(input_path), Path(output_path)
    out_fmt = output_format(output)
    workers = default_workers() if workers is None else workers
    if limit < 1 or workers < 1 or chunk_size < 1:
        raise InputError("limit, workers and chunk size must be at least 1")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold must be between 0 and 1, not {threshold}")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise InputError(f"{output}: the output would overwrite the input")
    rows = read_queries(source, column_map, sheet=sheet)  # checks the file and its header now
    total = count_rows(source, sheet=sheet)
    journal = output if out_fmt == "jsonl" else output.with_name(output.name + ".progress.jsonl")

    url = db_url or get_settings().database_url
    screener = Screener(Store.open(url), config) if config else Screener.open(url)
    results: Generator[list[RowResult], None, None] | None = None
    try:
        if not screener.versions(sources, as_of):
            raise InputError("no lists to screen against" + (f" on {as_of}" if as_of else "") + ": import some first")
        screener.warm(sources, as_of)  # builds any missing index file once, before a worker starts
        index_seconds = time.perf_counter() - started
        done = _resume_point(journal) if resume and journal.exists() else 0
        if done:
            rows = _skip_done(rows, journal, done, source)
        if total is not None:  # no more processes than first-size chunks to give them
            workers = max(1, min(workers, -(-(total - done) // FIRST_CHUNK)))
        job = _Job(limit, threshold, tuple(sources), tuple(programs), tuple(schemas), as_of)
        if workers == 1:
            cache: dict[tuple[Any, ...], Any] = {}
            results = (_screen_rows(screener, job, chunk, cache) for chunk in _chunks(rows, chunk_size))
        else:
            initargs = (url, screener.cache_dir, _config_args(screener.config), job)
            screener.close()  # workers open their own; nothing of the parent's is shared
            results = _run_pool(_chunks(rows, chunk_size), workers, initargs)
        if progress:
            progress(done, total)
        screened = matched = errors = 0
        with journal.open("a" if done else "w", encoding="utf-8", newline="\n") as out:
            for chunk_results in results:
                for r in chunk_results:
                    out.write(_record(r, flat=out_fmt != "jsonl") + "\n")
                    matched += any(m["match"] for m in r.matches)
                    errors += r.error is not None
                screened += len(chunk_results)
                out.flush()  # a crash loses at most the chunks in flight
                if progress:
                    progress(done + screened, None if total is None else max(total, done + screened))
        if out_fmt != "jsonl":
            write_flat(_journal_records(journal), output)
            journal.unlink()
    finally:
        if results is not None:
            results.close()
        screener.close()
    seconds = time.perf_counter() - started
    return BatchSummary(source, output, screened, matched, errors, done, seconds, index_seconds, workers)


# --- the journal: writing and resuming ----------------------------------------------


def _record(result: RowResult, flat: bool) -> str:
    rec: dict[str, Any] = {"row": result.row, "id": result.id, "name": result.name} if flat else {"id": result.id}
    if result.error is not None:
        rec["error"] = result.error
    else:
        rec["matches"] = list(result.matches)
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def _journal_records(journal: Path) -> Iterator[dict[str, Any]]:
    with journal.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _resume_point(journal: Path) -> int:
    """How many complete records ``journal`` holds; whatever follows them (a torn line) is cut off."""
    count = end = 0
    with journal.open("rb+") as f:
        for raw in f:
            try:
                complete = raw.endswith(b"\n") and "id" in json.loads(raw)
            except (ValueError, TypeError):
                complete = False
            if not complete:
                break
            count, end = count + 1, end + len(raw)
        f.truncate(end)
    return count


def _skip_done(rows: Iterator[InputRow], journal: Path, done: int, source: Path) -> Iterator[InputRow]:
    """Consume the first ``done`` rows, checking that their ids are the ones already written."""
    with journal.open("rb") as f:
        for n, raw in enumerate(itertools.islice(f, done), start=1):
            written = str(json.loads(raw)["id"])
            item = next(rows, None)
            if item is None or item[1] != written:
                where = f"has id {item[1]!r} there" if item else "has fewer rows"
                raise InputError(
                    f"cannot resume: record {n} of {journal} is id {written!r} but {source} {where}; "
                    "is it the output of another file? Use --no-resume to start over"
                )
    return rows


# --- comparing pairs --------------------------------------------------------------

_PAIR_FIELDS = ("schema", "name1", "name2", "birth_date1", "birth_date2", "countries1", "countries2", "identifiers1",
                "identifiers2")  # fmt: skip


@dataclass(frozen=True, slots=True)
class CompareSummary:
    rows: int
    matches: int
    errors: tuple[str, ...]  # one per row that could not be compared
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "matches": self.matches, "errors": list(self.errors), "seconds": self.seconds}


def _pair_query(get: Callable[[str], str], side: str) -> Query:
    return Query(
        name=get(f"name{side}"),
        schema=get("schema") or "Thing",
        birth_date=get(f"birth_date{side}") or None,
        countries=split_values(get(f"countries{side}")),
        identifiers=split_values(get(f"identifiers{side}"), ";|"),
    )


def compare_file(
    input_path: Path | str,
    output_path: Path | str,
    *,
    config: MatchConfig | None = None,
    progress: ProgressCallback | None = None,
) -> CompareSummary:
    """Score each pair of names in a sheet; write its rows plus ``score`` and ``match`` columns as CSV.

    Columns ``schema, name1, name2``, optionally ``birth_date1/2``, ``countries1/2``,
    ``identifiers1/2``; other columns are kept as they are. A pair that cannot be
    compared keeps empty ``score`` and ``match`` cells; its error is in the summary.
    """
    from proscreen.matching import DEFAULT_CONFIG, compare

    started = time.perf_counter()
    source, output = Path(input_path), Path(output_path)
    fmt = input_format(source)
    if fmt == "jsonl" or output.suffix.lower() != ".csv":
        raise UnknownFormatError("compare-file reads a .csv, .tsv or .xlsx sheet of pairs and writes .csv")
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    header = read_header(source, fmt, None)
    columns = resolve_columns(source, header, _PAIR_FIELDS, {}, required=("name1", "name2"))
    out_header = [*header, *(c for c in ("score", "match") if c not in header)]
    at_score, at_match = out_header.index("score"), out_header.index("match")
    total = count_rows(source)
    n = matches = 0
    errors: list[str] = []
    rows = table_rows(source, fmt)
    tmp = output.with_name(f".{output.name}.tmp{os.getpid()}")
    try:
        next(rows, None)  # the header
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(out_header)
            for n, cells in enumerate(rows, start=1):
                line = [""] * len(out_header)
                if isinstance(cells, RowError):
                    errors.append(str(RowError(n, None, cells.message)))
                else:
                    line[: len(header)] = (cells + [""] * len(header))[: len(header)]

                    def get(field: str, line: list[str] = line) -> str:
                        return line[columns[field]].strip() if field in columns else ""

                    try:
                        result = compare(_pair_query(get, "1"), _pair_query(get, "2"), config or DEFAULT_CONFIG)
                    except InputError as exc:
                        errors.append(_row_error(n, exc))
                    else:
                        line[at_score], line[at_match] = f"{result.score:.4f}", "true" if result.match else "false"
                        matches += result.match
                writer.writerow(line)
                if progress and n % 100 == 0:
                    progress(n, total)
        tmp.replace(output)
    finally:
        rows.close()
        tmp.unlink(missing_ok=True)
    if progress:
        progress(n, n)
    return CompareSummary(n, matches, tuple(errors), time.perf_counter() - started)
