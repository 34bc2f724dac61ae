"""Name-equivalence classes: which spellings are the same given or family name.

Backed by rigour's person-name database (Wikidata-derived): a token gets the
ids of the names it can spell, so "vladimir" and "volodymyr", or "muhammad"
and "mohammed", share an id. Common contractions (``Mohd``) are folded into a
full spelling by :data:`proscreen.names.tables.TOKEN_SYNONYMS` first.

rigour builds its name tagger on first use, which takes 10-30 seconds. So every
answer is kept in a table file in the data folder (``name-classes-<rigour
version>.tsv``, one ``token<TAB>id,id`` line per token, appended as new tokens are
met): a process reads it in milliseconds and only starts the tagger for a token
no process has asked about yet. Index builds fill the table with every listed
token, so screening mostly finds its tokens there. The table is a cache of the
tagger's answers: deleting it changes no result.
"""

from __future__ import annotations

import atexit
import os
import threading
from functools import lru_cache
from pathlib import Path

_EMPTY: frozenset[str] = frozenset()
#: New answers are written to the table file once this many have gathered (and at exit).
FLUSH_EVERY = 2000

_lock = threading.Lock()
_table: dict[str, frozenset[str]] | None = None
_pending: dict[str, frozenset[str]] = {}


@lru_cache(maxsize=1)
def table_path() -> Path | None:
    """The table file (None when no data folder can be used)."""
    try:
        from importlib.metadata import version

        from proscreen.settings import get_settings

        return get_settings().data_dir / f"name-classes-rigour{version('rigour')}.tsv"
    except Exception:
        return None


def _load() -> dict[str, frozenset[str]]:
    global _table
    if _table is not None:
        return _table
    table: dict[str, frozenset[str]] = {}
    path = table_path()
    if path is not None:
        try:
            with path.open(encoding="ascii", errors="replace") as fh:
                for line in fh:
                    token, sep, ids = line.rstrip("\n").partition("\t")
                    if sep and token:
                        table[token] = frozenset(ids.split(",")) if ids else _EMPTY
        except OSError:
            pass
    _table = table
    return table


def flush() -> None:
    """Append the answers gathered since the last flush to the table file."""
    with _lock:
        if not _pending:
            return
        lines = "".join(f"{t}\t{','.join(sorted(ids))}\n" for t, ids in _pending.items())
        _pending.clear()
    path = table_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode("ascii", "replace"))
        finally:
            os.close(fd)
    except OSError:
        pass  # a read-only data folder: answers stay in memory


atexit.register(flush)


def name_classes(token: str) -> frozenset[str]:
    """Ids of the names ``token`` can be a spelling of (empty when unknown, short or numeric)."""
    if len(token) < 4 or not token.isalpha() or not token.isascii():
        return _EMPTY
    table = _table if _table is not None else _load()
    found = table.get(token)
    if found is not None:
        return found
    ids = _tagger_classes(token)
    with _lock:
        table[token] = ids
        _pending[token] = ids
        full = len(_pending) >= FLUSH_EVERY
    if full:
        flush()
    return ids


def _tagger_classes(token: str) -> frozenset[str]:
    from rigour.names import NameTypeTag, analyze_names

    ids: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [token], consolidate=False, phonetics=False, rewrite=False):
        for span in name.spans:
            if str(span.symbol.category.value) == "NAME" and len(span.parts) == 1:
                ids.add(str(span.symbol.id))
    return frozenset(ids) if ids else _EMPTY
