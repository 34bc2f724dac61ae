"""A single-file container of named numpy arrays, memory-mapped on load.

Layout: 8-byte magic, 8-byte header length, a JSON header (name -> dtype,
shape, offset), then the raw arrays, each 64-byte aligned. Loading maps the
file and builds array views without copying, so it takes milliseconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from proscreen.exceptions import InputError

MAGIC = b"PSIDX001"
_ALIGN = 64


def save_arrays(path: Path, arrays: dict[str, npt.NDArray[np.generic]], meta: dict[str, object]) -> None:
    """Write ``arrays`` and a small JSON ``meta`` dict to ``path`` (atomically, via a temp file)."""
    header: dict[str, object] = {"meta": meta, "arrays": {}}
    layout: dict[str, dict[str, object]] = {}
    offset = 0
    for name, arr in arrays.items():
        offset = (offset + _ALIGN - 1) // _ALIGN * _ALIGN
        layout[name] = {"dtype": arr.dtype.str, "shape": list(arr.shape), "offset": offset}
        offset += arr.nbytes
    header["arrays"] = layout
    blob = json.dumps(header).encode("utf-8")
    start = (16 + len(blob) + _ALIGN - 1) // _ALIGN * _ALIGN
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(MAGIC)
        fh.write(len(blob).to_bytes(8, "little"))
        fh.write(blob)
        for name, arr in arrays.items():
            pos = start + int(layout[name]["offset"])  # type: ignore[call-overload]
            fh.write(b"\0" * (pos - fh.tell()))
            fh.write(np.ascontiguousarray(arr).tobytes())
    tmp.replace(path)


def load_arrays(path: Path) -> tuple[dict[str, npt.NDArray[np.generic]], dict[str, object]]:
    """Map a file written by :func:`save_arrays`; arrays are read-only views."""
    with path.open("rb") as fh:
        if fh.read(8) != MAGIC:
            raise InputError(f"{path}: not a Proscreen index file")
        size = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(size).decode("utf-8"))
    start = (16 + size + _ALIGN - 1) // _ALIGN * _ALIGN
    data = np.memmap(path, dtype=np.uint8, mode="r")
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        shape = tuple(spec["shape"])
        count = int(np.prod(shape)) if shape else 1
        begin = start + spec["offset"]
        raw = data[begin : begin + count * dtype.itemsize]
        arrays[name] = raw.view(dtype).reshape(shape)
    return arrays, dict(header["meta"])
