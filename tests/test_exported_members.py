"""The public surface is explicit and sorted, and every name in it resolves."""

from __future__ import annotations

import subprocess
import sys
import types

import proscreen


def test_all_is_sorted_and_resolves() -> None:
    assert proscreen.__all__ == sorted(proscreen.__all__)
    for name in proscreen.__all__:
        assert getattr(proscreen, name) is not None, name


def test_public_members_are_exported() -> None:
    public = {
        name
        for name, value in vars(proscreen).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    } - {"annotations", "TYPE_CHECKING", "Any"}
    assert public <= set(proscreen.__all__), public - set(proscreen.__all__)


def test_import_is_light() -> None:
    code = (
        "import sys, proscreen; "
        "heavy = [m for m in ('sqlalchemy', 'fastapi', 'dask', 'lxml', 'rigour', 'rapidfuzz') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
