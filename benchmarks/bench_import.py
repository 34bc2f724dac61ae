"""Import benchmark: seconds and peak memory to parse and store each sample list.

Run: .venv/bin/python benchmarks/bench_import.py [--db URL]

Each list is imported into a fresh SQLite store (or the given URL) in a child
process, so peak memory (ru_maxrss) is that import's alone. As a baseline in the
same run it also times a bare ``csv.reader`` pass over the same bytes: the
ratio shows what parsing and storing cost above reading the file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
CASES = {
    "ofac-sdn CSV set (composite, 4 files)": "ofac/composite_2024-12-19",
    "ofac-nonsdn CSV set": "ofac/non_sdn_csv_2025-12",
    "ofac-nonsdn classic XML": "ofac/non_sdn_xml_2018-04-06/consolidated.xml",
    "ofac-nonsdn advanced XML": "ofac/non_sdn_advanced_xml_2020-03-17/cons_advanced.xml",
    "un XML": "un/consolidated.xml",
    "us-csl CSV": "csl/csl_2023-11-30_partial.csv",
    "bis-dpl TXT": "bis/dpl_2023-11-30.txt",
    "uk-ofsi CSV": "uk/ConList_2018-04-13.csv",
    "uk-fcdo ODS": "uk/UK_Sanctions_List_summary_2025-08-11.ods",
    "eu-fsf CSV": "eu/eu_fsf_csv_2018-07-04_first1000lines.csv",
    "ftm JSON lines": "opensanctions/sa_wiki_peps_20240311/entities.ftm.json",
}


def child(path: str, db_url: str) -> None:
    from proscreen.importer import import_paths
    from proscreen.store import Store

    target = Path(path)
    files = [target] if target.is_file() else sorted(p for p in target.iterdir() if p.is_file())
    raw = sum(p.stat().st_size for p in files)
    t0 = time.perf_counter()
    for p in files:  # baseline: read every row with the csv module, nothing else (bytes for binary files)
        data = p.read_bytes()
        if b"\0" not in data[:4096] and not data.startswith(b"PK"):
            for _ in csv.reader(io.StringIO(data.decode("latin-1"), newline="")):
                pass
    baseline = time.perf_counter() - t0
    store = Store.open(db_url)
    t0 = time.perf_counter()
    outcomes = import_paths(store, [target])
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    entities = sum(o.version.entity_count for o in outcomes)
    print(
        json.dumps(
            {"seconds": seconds, "baseline": baseline, "peak_mb": peak_mb, "entities": entities, "mb": raw / 1e6}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file per list)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    columns = ("MB", "entities", "seconds", "ent/s", "csv-read s", "ratio", "peak MB")
    widths = (6, 9, 8, 8, 10, 6, 8)
    print(f"{'list':40} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for label, rel in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db or f"sqlite:///{tmp}/bench.db"
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(SHARED / rel), url], capture_output=True, text=True
            )
            if out.returncode != 0:
                last = out.stderr.strip().splitlines()[-1] if out.stderr else ""
                print(f"{label:40} FAILED: {last}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{label:40} {r['mb']:6.1f} {r['entities']:9,} {r['seconds']:8.2f} "
                f"{r['entities'] / r['seconds']:8,.0f} "
                f"{r['baseline']:10.3f} {r['seconds'] / max(r['baseline'], 1e-9):6.0f} {r['peak_mb']:8.0f}"
            )


if __name__ == "__main__":
    main()
