"""What every list parser is, and the safe readers they share.

A parser module defines one :class:`ListFormat`: how to recognise its files
(``sniff``), how to group files that belong together (the OFAC legacy CSV set is
four files), and ``read`` which turns a group into a :class:`ListData` whose
``entities`` the importer consumes. Parsers raise :class:`ParseError` naming the
file and the line or element; they never write anything.
"""

from __future__ import annotations

import codecs
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
    #: Things the parser tolerated and a user should know (e.g. a truncated last record).
    warnings: list[str] = field(default_factory=list)


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


class LineReader:
    """Iterate a file's lines as text, refusing lines longer than a limit.

    ``csv.reader`` happily buffers a 2 GB line; this reader stops at the limit
    with an error that names the file and line. Lines are read as bytes and
    decoded one at a time, so a decoding error names its exact line. Line ends
    are kept as they are (``csv`` wants ``newline=""`` semantics).
    """

    def __init__(self, path: Path, encoding: str, errors: str, limit: int):
        self.path = path
        self.encoding = encoding
        self.errors = errors
        self.limit = limit
        self.line = 0
        self._raw: IO[bytes] | None = open(path, "rb")  # noqa: SIM115 - closed at the end or by close()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._raw is None:
            raise StopIteration
        data = self._raw.readline(self.limit + 1)
        if not data:
            self.close()
            raise StopIteration
        self.line += 1
        if len(data) > self.limit and not data.endswith(b"\n"):
            self.close()
            raise UnsafeInputError(self.path, f"line longer than {self.limit} bytes", line=self.line)
        try:
            return data.decode(self.encoding, self.errors)
        except UnicodeDecodeError as exc:
            self.close()
            raise ParseError(self.path, f"not valid {self.encoding} text: {exc.reason}", line=self.line) from exc

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    @property
    def stream(self) -> LineReader:
        """The underlying stream (this reader itself): ``lines.close()`` closes it."""
        return self

    def __enter__(self) -> LineReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def text_lines(path: Path, encoding: str = "utf-8", limit: int | None = None, errors: str = "strict") -> LineReader:
    """Open ``path`` for ``csv.reader``: raw line ends kept, long lines refused, exact error lines.

    Use ``encoding="cp1252", errors="latin1_fallback"`` for OFAC's Windows-1252 files.
    OFAC's trailing Ctrl-Z (0x1A) is the parser's to drop.
    """
    max_line = limit or get_settings().max_line_bytes
    if encoding.lower().replace("-", "").replace("_", "") in ("cp1252", "windows1252") and errors == "strict":
        errors = "latin1_fallback"  # the five bytes cp1252 leaves undefined are read as Latin-1
    return LineReader(path, encoding, errors, max_line)


def decode_cp1252(data: bytes) -> str:
    """Windows-1252 with Latin-1 for the five bytes cp1252 leaves undefined."""
    return data.decode("cp1252", errors="latin1_fallback")


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("latin1_fallback", _latin1_fallback)


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
    check_xml_prolog(path)
    with open(path, "rb") as fh:
        yield from _iterparse(fh, path, tags, events)


def _iterparse(fh: IO[bytes], path: Path, tags: Sequence[str] | None, events: tuple[str, ...]) -> Iterator[Any]:
    from lxml import etree

    try:
        context = etree.iterparse(
            fh,
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
