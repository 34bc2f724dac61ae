from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LISTS = SHARED / "data" / "lists"


@pytest.fixture(scope="session")
def lists_dir() -> Path:
    if not LISTS.is_dir():
        pytest.skip("../shared/data/lists is not beside the repository")
    return LISTS
