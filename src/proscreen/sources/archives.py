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
#: Members smaller than this are not checked for their compression ratio.
TINY_MEMBER = 64 * 1024


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip" and zipfile.is_zipfile(path)


def check_zip(path: Path, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Refuse a hostile archive before decompressing anything; return its file members."""
    settings = get_settings()
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        raise UnsafeInputError(path, f"archive has {len(members)} members, more than the {MAX_MEMBERS} allowed")
    total = sum(m.file_size for m in members)
    if total > settings.max_archive_bytes:
        raise UnsafeInputError(
            path, f"archive expands to {total} bytes, more than the {settings.max_archive_bytes} allowed"
        )
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts:
            raise UnsafeInputError(path, f"member {member.filename!r} would be written outside the folder")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > TINY_MEMBER and ratio > settings.max_archive_ratio:  # tiny members cannot be bombs
            raise UnsafeInputError(
                path,
                f"{member.filename} compresses {ratio:.0f}:1, more than the {settings.max_archive_ratio}:1 allowed"
                " (a likely zip bomb)",
            )
    return members


def extract_zip(path: Path, dest: Path) -> list[Path]:
    settings = get_settings()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ParseError(path, f"not a valid zip archive: {exc}") from exc
    with archive:
        out: list[Path] = []
        for member in check_zip(path, archive):
            target = dest / Path(*PurePosixPath(member.filename).parts)
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
