"""Import official list files into the store: sniff, parse all, then write versions.

Every group of files is parsed completely before anything is written, so a bad
file ends the import with an error and leaves the previous versions in force.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from proscreen.model import Entity, ListVersion
from proscreen.sources import ListFormat, plan
from proscreen.sources.archives import extract_zip, is_zip, remove_tree
from proscreen.store import ImportResult, NewVersion, Store

#: Called with (label, entities read so far) while parsing; for progress bars.
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class ImportOutcome:
    format: str
    files: tuple[str, ...]
    version: ListVersion
    created: bool
    warnings: tuple[str, ...] = ()


@dataclass
class _Parsed:
    fmt: ListFormat
    new: NewVersion
    entities: list[Entity]
    warnings: tuple[str, ...]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_paths(
    store: Store,
    paths: Sequence[Path],
    format_name: str | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    published: date | None = None,
) -> list[ImportOutcome]:
    """Import files or folders (zip archives are opened); one version per source read.

    ``published`` states the publication date for files that do not carry one
    (OFAC's legacy CSV); a date the file states wins.
    """
    tmp = Path(tempfile.mkdtemp(prefix="proscreen-import-"))
    try:
        expanded: list[Path] = []
        for path in paths:
            if path.is_file() and is_zip(path):
                expanded.append(_unzip(path, tmp))
            else:
                expanded.append(path)
        parsed = [_parse(fmt, files, source, progress, published) for fmt, files in plan(expanded, format_name)]
        outcomes = []
        for item in parsed:
            result: ImportResult = store.import_version(item.new, item.entities)
            outcomes.append(ImportOutcome(item.fmt.name, item.new.files, result.version, result.created, item.warnings))
        return outcomes
    finally:
        remove_tree(tmp)


def _unzip(path: Path, tmp: Path) -> Path:
    dest = tmp / f"{len(list(tmp.iterdir()))}-{path.stem}"
    dest.mkdir()
    extract_zip(path, dest)
    return dest


def _parse(
    fmt: ListFormat, files: list[Path], source: str | None, progress: Progress | None, published: date | None
) -> _Parsed:
    data = fmt.read(files, source)
    label = f"{data.source} ({fmt.name})"
    entities: list[Entity] = []
    for entity in data.entities:
        entities.append(entity)
        if progress and len(entities) % 500 == 0:
            progress(label, len(entities))
    if progress:
        progress(label, len(entities))
    new = NewVersion(
        source=data.source,
        format=fmt.name,
        checksums=tuple((f.name, sha256_file(f)) for f in sorted(files)),
        files=tuple(str(f) for f in sorted(files)),
        published=data.published or published,
    )
    return _Parsed(fmt, new, entities, tuple(data.warnings))
