"""``GET /lists`` (versions), ``GET /lists/{source}/diff`` and ``POST /lists/import`` (admin)."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from proscreen.api.auth import Principal, admin, viewer
from proscreen.api.models.common import ErrorOut, ListVersionOut
from proscreen.api.models.records import DiffOut, ImportOut, ListsOut
from proscreen.api.state import ServiceState
from proscreen.exceptions import InputError

router = APIRouter(prefix="/lists", tags=["Lists"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413, 422, 429)}
#: Files in one upload at most.
MAX_FILES = 50
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 20


@router.get("", response_model=ListsOut, responses=ERRORS, summary="List versions")
def lists(request: Request, _: Principal = Depends(viewer)) -> dict[str, Any]:
    """Every version of every source, and the ones screens use now."""
    service: ServiceState = request.app.state.service
    return {
        "current": [v.label for v in service.versions()],
        "versions": [ListVersionOut.from_version(v) for v in service.store.versions()],
    }


@router.get("/{source}/diff", response_model=DiffOut, responses=ERRORS, summary="What changed between two versions")
def diff(
    source: str,
    request: Request,
    from_: int | None = Query(None, alias="from", ge=1, le=1_000_000, description="Version to compare from."),
    to: int | None = Query(None, ge=1, le=1_000_000, description="Version to compare to (default: the latest)."),
    _: Principal = Depends(viewer),
) -> dict[str, Any]:
    """Entities added, removed and amended (with the changed fields) between two versions of a source."""
    service: ServiceState = request.app.state.service
    return DiffOut.from_diff(service.store.diff(source, from_, to))


def _safe_name(name: str | None, pos: int) -> str:
    base = _SAFE_NAME.sub("_", Path(name or "").name).strip("._")
    return base[:100] or f"upload-{pos}"


@router.post(
    "/import",
    response_model=ImportOut,
    responses=ERRORS,
    summary="Import official list files (admin)",
)
async def import_lists(
    request: Request,
    files: list[UploadFile] = File(..., description="List files (all files of one list together), or zip archives."),
    format: str | None = Form(None, max_length=50, description="Force a format instead of sniffing."),
    source: str | None = Form(None, max_length=100, description="Override the source short name."),
    published: date | None = Form(None, description="Publication date for files that state none."),
    _: Principal = Depends(admin),
) -> dict[str, Any]:
    """Upload list files; each source read becomes a new version (unless unchanged). Screens switch
    to the new versions once their indexes are built."""
    if not files or len(files) > MAX_FILES:
        raise InputError(f"upload 1 to {MAX_FILES} files")
    service: ServiceState = request.app.state.service
    folder = Path(tempfile.mkdtemp(prefix="proscreen-upload-"))
    try:
        used: set[str] = set()
        for pos, upload in enumerate(files):
            name = _safe_name(upload.filename, pos)
            if name in used:
                raise InputError(f"two files named {name!r} in one upload")
            used.add(name)
            with open(folder / name, "wb") as out:
                while chunk := await upload.read(_CHUNK):
                    out.write(chunk)
        return await run_in_threadpool(_import, service, folder, format, source, published)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _import(
    service: ServiceState, folder: Path, format_name: str | None, source: str | None, published: date | None
) -> dict[str, Any]:
    from proscreen.importer import import_paths

    with service.import_lock:
        outcomes = import_paths(service.store, [folder], format_name, source, published=published)
        current = service.refresh()
    return {
        "imported": [ListVersionOut.from_version(o.version) for o in outcomes],
        "created": [o.created for o in outcomes],
        "warnings": [w for o in outcomes for w in o.warnings],
        "current": [v.label for v in current],
    }
