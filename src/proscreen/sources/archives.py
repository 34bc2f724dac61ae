"""Zip archives of list files (OFAC and others publish some lists zipped), opened defensively.

Refused: members whose path escapes the folder, more than 1,000 members, a total
uncompressed size over ``max_archive_bytes``, a member compressed more than
``max_archive_ratio`` to one (the mark of a zip bomb). Sizes are checked while
extracting too, since a zip's header may lie.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from proscreen.exceptions import ParseError, UnsafeInputError
from proscreen.settings import get_settings

MAX_MEMBERS = 1000


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip" and zipfile.is_zipfile(path)


def extract_zip(path: Path, dest: Path) -> list[Path]:
    settings = get_settings()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ParseError(path, f"not a valid zip archive: {exc}") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise UnsafeInputError(path, f"archive has {len(members)} members (limit {MAX_MEMBERS})")
        total = sum(m.file_size for m in members)
        if total > settings.max_archive_bytes:
            raise UnsafeInputError(path, f"archive expands to {total} bytes (limit {settings.max_archive_bytes})")
        out: list[Path] = []
        for member in members:
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts:
                raise UnsafeInputError(path, f"member {member.filename!r} would be written outside the folder")
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > settings.max_archive_ratio:
                raise UnsafeInputError(
                    path, f"member {member.filename!r} is compressed {ratio:.0f}:1, a likely zip bomb"
                )
            target = dest / Path(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with archive.open(member) as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > member.file_size or written > settings.max_archive_bytes:
                        raise UnsafeInputError(path, f"member {member.filename!r} is larger than its header says")
                    dst.write(chunk)
            out.append(target)
        return out


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
