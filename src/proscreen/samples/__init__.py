"""The sample lists shipped with Proscreen (real official files, zipped)."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.zip"))
