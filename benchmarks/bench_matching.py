"""Pair accuracy on the labelled name pairs (eval/name_bench_cases.csv).

Prints precision / recall / F1 at the default threshold overall, per case group
and per label quality, side by side with OpenSanctions' logic-v2 when
nomenklatura is installed (an optional benchmark dependency only).

    .venv/bin/python benchmarks/bench_matching.py [--errors] [--cases PATH] [--no-peer]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from proscreen.exceptions import InputError
from proscreen.matching import DEFAULT_CONFIG, compare
from proscreen.model import Query

DEFAULT_CASES = Path("/work/shared/eval/name_bench_cases.csv")
PUTIN = Path("/work/shared/eval/putin_names.txt")


def putin_pairs(threshold: float) -> None:
    """Every pair of lines in putin_names.txt names the same person: the share we match."""
    names = [line.strip() for line in PUTIN.open(encoding="utf-8") if line.strip()]
    total = matched = 0
    worst: list[tuple[float, str, str]] = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            try:
                value = compare(Query(name=a, schema="Person"), Query(name=b, schema="Person")).score
            except InputError:
                value = 0.0
            total += 1
            matched += value >= threshold
            worst.append((value, a, b))
    print(f"\n== putin_names.txt: {matched}/{total} pairs match ({matched / total:.1%}) at {threshold}")
    per_name = dict.fromkeys(names, 0)
    for value, a, b in worst:
        if value >= threshold:
            per_name[a] += 1
            per_name[b] += 1
    lonely = sorted(per_name.items(), key=lambda kv: kv[1])[:8]
    print("  names matching fewest others: " + ", ".join(f"{n} ({c})" for n, c in lonely))


def _ours(row: dict[str, str]) -> tuple[float, str]:
    schema = row["schema"] if row["schema"] != "Company" else "Organization"
    try:
        result = compare(Query(name=row["name1"], schema=schema), Query(name=row["name2"], schema=schema))
    except InputError as exc:
        return 0.0, f"input error: {exc}"
    return result.score, result.explanation


def _peer() -> Callable[[dict[str, str]], tuple[float, str]] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
    except ImportError:
        return None
    algo = get_algorithm("logic-v2")
    assert algo is not None
    config = algo.default_config()

    def run(row: dict[str, str]) -> tuple[float, str]:
        left = model.make_entity(row["schema"])
        left.id = "a"
        left.add("name", row["name1"])
        right = model.make_entity(row["schema"])
        right.id = "b"
        right.add("name", row["name2"])
        return float(algo.compare(left, right, config).score), ""

    run({"schema": "Person", "name1": "warm up", "name2": "warm up"})
    return run


def _f1(rows: list[tuple[bool, bool]]) -> tuple[float, float, float, float, int]:
    tp = sum(1 for truth, pred in rows if truth and pred)
    fp = sum(1 for truth, pred in rows if not truth and pred)
    fn = sum(1 for truth, pred in rows if truth and not pred)
    acc = sum(1 for truth, pred in rows if truth == pred) / len(rows) if rows else 0.0
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, acc, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--errors", action="store_true", help="list every misclassified pair")
    parser.add_argument("--no-peer", action="store_true", help="skip nomenklatura even when installed")
    parser.add_argument("--threshold", type=float, default=DEFAULT_CONFIG.threshold)
    args = parser.parse_args()
    cases = list(csv.DictReader(args.cases.open(encoding="utf-8")))
    systems: dict[str, tuple[Callable[[dict[str, str]], tuple[float, str]], float]] = {
        "proscreen": (_ours, args.threshold)
    }
    peer = None if args.no_peer else _peer()
    if peer is not None:
        systems["logic-v2"] = (peer, 0.7)
    for label, (func, threshold) in systems.items():
        groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        errors: list[str] = []
        started = time.perf_counter()
        for row in cases:
            truth = row["is_match"].strip().lower() == "true"
            value, why = func(row)
            pred = value >= threshold
            for key in ("all", f"group={row['case_group']}", f"quality={row['quality']}", f"schema={row['schema']}"):
                groups[key].append((truth, pred))
            if truth != pred:
                kind = "FN" if truth else "FP"
                errors.append(f"{kind} {row['quality']:6} {value:.2f} {row['name1']!r} ~ {row['name2']!r}  [{why}]")
        elapsed = time.perf_counter() - started
        print(f"\n== {label} (threshold {threshold}) on {len(cases)} pairs, {elapsed / len(cases) * 1000:.2f} ms/pair")
        print(f"{'slice':28} {'n':>5} {'prec':>6} {'rec':>6} {'F1':>6} {'acc':>6}")
        for key in sorted(groups, key=lambda k: (k != "all", k)):
            p, r, f, acc, n = _f1(groups[key])
            print(f"{key:28} {n:5d} {p:6.3f} {r:6.3f} {f:6.3f} {acc:6.3f}")
        if args.errors and label == "proscreen":
            print("\n".join(sorted(errors)))
    putin_pairs(args.threshold)


if __name__ == "__main__":
    main()
