"""Shared by the benchmarks: read the sample lists with the project's parsers."""

from __future__ import annotations

import importlib
from pathlib import Path

from proscreen.model import Entity

LISTS = Path("/work/shared/data/lists")
EVAL = Path("/work/shared/eval")

#: (parser module, path) of every sample list the negatives evaluation loads.
ALL_LISTS = (
    ("ofac_csv", LISTS / "ofac/composite_2024-12-19"),
    ("ofac_csv", LISTS / "ofac/non_sdn_csv_2025-12"),
    ("un_xml", LISTS / "un/consolidated.xml"),
    ("us_csl", LISTS / "csl/csl_2023-11-30_partial.csv"),
    ("bis_dpl", LISTS / "bis/dpl_2023-11-30.txt"),
    ("uk_ofsi", LISTS / "uk/ConList_2018-04-13.csv"),
)
UN_LIST = (("un_xml", LISTS / "un/consolidated.xml"),)


def read_lists(specs: tuple[tuple[str, Path], ...]) -> list[Entity]:
    entities: list[Entity] = []
    for module, path in specs:
        fmt = importlib.import_module(f"proscreen.sources.{module}").FORMAT
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        entities.extend(fmt.read(files, None).entities)
    return entities
