"""What every list parser is, and the safe readers they share.

A parser module defines one :class:`ListFormat`: how to recognise its files
(``sniff``), how to group files that belong together (the OFAC legacy CSV set is
four files), and ``read`` which turns a group into a :class:`ListData` whose
``entities`` the importer consumes. Parsers raise :class:`ParseError` naming the
file and the line or element; they never write anything.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from proscreen.exceptions import ParseError, UnsafeInputError
from proscreen.model import Entity
from proscreen.settings import get_settings

SNIFF_BYTES = 64 * 1024


@dataclass
class ListData:
    """One source's content as read from one group of files."""

    source: str
    format: str
    files: tuple[Path, ...]
    entities: Iterable[Entity]
    #: Publication date stated by the file, if any.
    published: date | None = None


@dataclass(frozen=True)
class ListFormat:
    name: str  # e.g. "ofac-csv"
    title: str
    #: Does this file (path and first SNIFF_BYTES bytes) belong to the format?
    sniff: Callable[[Path, bytes], bool]
    #: Turn a group of files into list data (for one source).
    read: Callable[[Sequence[Path], str | None], ListData]
    #: Split the files of this format into groups, each one import. Default: one file each.
    group: Callable[[Sequence[Path]], list[list[Path]]] = field(default=lambda files: [[f] for f in files])
    #: Source short names this format can produce -> {file name: official download URL}.
    urls: dict[str, dict[str, str]] = field(default_factory=dict)


# --- safe text reading -------------------------------------------------------


class _LimitedLines:
    """Iterate a text stream line by line, refusing lines longer than a limit.

    ``csv.reader`` happily buffers a 2 GB line; this wrapper stops at the limit
    with an error that names the file and line.
    """

    def __init__(self, stream: IO[str], path: Path, limit: int):
        self.stream = stream
        self.path = path
        self.limit = limit
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            text = self.stream.readline(self.limit + 1)
        except UnicodeDecodeError as exc:
            raise ParseError(self.path, f"not valid {exc.encoding} text: {exc.reason}", line=self.line + 1) from exc
        if not text:
            raise StopIteration
        self.line += 1
        if len(text) > self.limit and not text.endswith("\n"):
            raise UnsafeInputError(self.path, f"line longer than {self.limit} characters", line=self.line)
        return text


def text_lines(path: Path, encoding: str = "utf-8", limit: int | None = None) -> _LimitedLines:
    """Open ``path`` as text for ``csv.reader``: universal newlines kept raw, long lines refused.

    OFAC's trailing Ctrl-Z (0x1A) is dropped by :func:`strip_eof`, not here.
    """
    max_line = limit or get_settings().max_line_bytes
    raw = open(path, "rb")  # noqa: SIM115 - closed with the wrapper
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
    return _LimitedLines(stream, path, max_line)


def decode_cp1252(data: bytes) -> str:
    """Windows-1252 with Latin-1 for the five bytes cp1252 leaves undefined."""
    return data.decode("cp1252", errors="latin1_fallback")


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("latin1_fallback", _latin1_fallback)


def strip_eof(value: str) -> str:
    """Drop OFAC's end-of-file Ctrl-Z and surrounding blanks."""
    return value.replace("\x1a", "").strip()


def head_bytes(path: Path, size: int = SNIFF_BYTES) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


# --- safe XML ----------------------------------------------------------------


def check_xml_prolog(path: Path) -> None:
    """Refuse XML with a DOCTYPE: official lists have none, and DTDs carry entity bombs and XXE."""
    head = head_bytes(path, SNIFF_BYTES)
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        line = head[: upper.find(b"<!")].count(b"\n") + 1
        raise UnsafeInputError(path, "XML with a DOCTYPE or entity declarations is refused", line=line)


def iter_xml(path: Path, tags: Sequence[str] | None = None, events: tuple[str, ...] = ("end",)) -> Iterator[Any]:
    """Stream ``(event, element)`` pairs from an XML file, safely.

    Entity expansion, DTD loading and network access are off; syntax errors
    become :class:`ParseError` with the line number.
    """
    from lxml import etree

    check_xml_prolog(path)
    try:
        context = etree.iterparse(
            str(path),
            events=events,
            tag=tags,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
        )
        yield from context
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise ParseError(path, f"malformed XML: {exc.msg}", line=line) from exc


def local(tag: Any) -> str:
    """An element's tag without its namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def xml_error(path: Path, element: Any, message: str) -> ParseError:
    line = getattr(element, "sourceline", None)
    return ParseError(path, message, line=line, element=local(element.tag))
