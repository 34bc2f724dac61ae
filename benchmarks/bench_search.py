"""Search quality and speed: index + matcher over the parsed sample lists.

* ``search_un_treated.jsonl`` against the UN list only: is the expected entity
  ranked first, and is it above the threshold? Alerts per query.
* ``search_negatives_dev.jsonl`` against all sample lists: share of queries
  that raise any alert.
* speed: single-name screens per second and p50/p99 latency, all lists loaded.
* ``--recall``: the index's recall against a brute-force scan at the threshold.

    .venv/bin/python benchmarks/bench_search.py [--limit 50] [--recall] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _lists import ALL_LISTS, EVAL, UN_LIST, read_lists
from proscreen.index import SearchIndex
from proscreen.index.rank import rank
from proscreen.matching import DEFAULT_CONFIG, Comparison, PreparedQuery, prepare_entity, prepare_query, score
from proscreen.model import Query


def load_queries(path: Path) -> list[tuple[str, Query, set[str]]]:
    out = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        q = row["query"]
        query = Query(
            name=q["name"],
            schema=q.get("schema", "Thing"),
            birth_date=q.get("birth_date"),
            countries=tuple(q.get("countries") or ()),
            id=row["id"],
        )
        expected = {f"{e['source']}:{e['source_id']}" for e in row.get("expected", [])}
        out.append((row["id"], query, expected))
    return out


def search(index: SearchIndex, pq: PreparedQuery, limit: int) -> list[Comparison]:
    """The Screener's path: retrieval, score bounds, exact scores; the best 10 above 0.5, explained."""
    return [score(pq, index.entities[pos]) for _, pos in rank(index, pq, DEFAULT_CONFIG, 10, 0.5)]


def build(specs: tuple[tuple[str, Path], ...]) -> SearchIndex:
    started = time.perf_counter()
    entities = read_lists(specs)
    parsed = time.perf_counter()
    prepared = [prepare_entity(e) for e in entities]
    ready = time.perf_counter()
    index = SearchIndex.build(prepared)
    done = time.perf_counter()
    print(
        f"  {len(entities)} entities: parse {parsed - started:.1f}s, prepare {ready - parsed:.1f}s, "
        f"index {done - ready:.1f}s ({index.key_count()} keys, {index.nbytes() / 1e6:.0f} MB)"
    )
    return index


def brute_force(index: SearchIndex, pq: PreparedQuery) -> set[int]:
    return {i for i in range(len(index)) if score(pq, index.entities[i]).match}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=150, help="candidates compared with brute force (--recall)")
    parser.add_argument("--recall", action="store_true", help="measure recall against a brute-force scan")
    parser.add_argument("--recall-negatives", type=int, default=100, help="negatives to brute-force")
    parser.add_argument("--show", action="store_true", help="print misses and false alerts")
    args = parser.parse_args()

    print("UN list:")
    un_index = build(UN_LIST)
    treated = load_queries(EVAL / "search_un_treated.jsonl")
    warm = prepare_query(treated[0][1])
    search(un_index, warm, args.limit)
    first = above = alerts = 0
    misses: list[str] = []
    recall_hits = recall_total = 0
    for qid, query, expected in treated:
        pq = prepare_query(query)
        results = search(un_index, pq, args.limit)
        alerts += sum(1 for r in results if r.match)
        top = results[0] if results else None
        hit = next((r for r in results if r.entity_id in expected), None)
        if top is not None and top.entity_id in expected:
            first += 1
        if hit is not None and hit.match:
            above += 1
        else:
            misses.append(
                f"  {qid} {query.name!r} -> {hit.score if hit else None} top={top.entity_id if top else None}"
            )
        if args.recall:
            truth = brute_force(un_index, pq)
            got = set(un_index.candidates(pq, args.limit))
            recall_total += len(truth)
            recall_hits += len(truth & got)
    n = len(treated)
    print(f"search_un_treated ({n} queries, limit {args.limit}, threshold {DEFAULT_CONFIG.threshold}):")
    print(f"  expected entity ranked first: {first / n:.1%}")
    print(f"  expected entity above threshold: {above / n:.1%}")
    print(f"  alerts per query: {alerts / n:.2f}")
    if args.recall:
        print(f"  index recall vs brute force: {recall_hits}/{recall_total} = {recall_hits / max(1, recall_total):.2%}")
    if args.show:
        print("\n".join(misses))

    print("All sample lists:")
    index = build(ALL_LISTS)
    negatives = load_queries(EVAL / "search_negatives_dev.jsonl")
    alerted = 0
    latencies: list[float] = []
    false_alerts: list[str] = []
    recall_hits = recall_total = 0
    search(index, prepare_query(negatives[0][1]), args.limit)
    for i, (qid, query, _) in enumerate(negatives):
        started = time.perf_counter()
        pq = prepare_query(query)
        results = search(index, pq, args.limit)
        latencies.append(time.perf_counter() - started)
        hits = [r for r in results if r.match]
        if hits:
            alerted += 1
            false_alerts.append(f"  {qid} {query.name!r} -> {hits[0].entity_id} {hits[0].score} {hits[0].explanation}")
        if args.recall and i < args.recall_negatives:
            truth = brute_force(index, pq)
            got = set(index.candidates(pq, args.limit))
            recall_total += len(truth)
            recall_hits += len(truth & got)
    n = len(negatives)
    latencies.sort()
    total = sum(latencies)
    print(f"search_negatives_dev ({n} queries): alerted {alerted} = {alerted / n:.1%}")
    print(
        f"  speed: {n / total:.0f} screens/s, p50 {latencies[n // 2] * 1000:.2f} ms, "
        f"p99 {latencies[int(n * 0.99)] * 1000:.2f} ms ({len(index)} entities)"
    )
    if args.recall:
        print(f"  index recall vs brute force ({args.recall_negatives} negatives): {recall_hits}/{recall_total}")
    if args.show:
        print("\n".join(false_alerts))


if __name__ == "__main__":
    main()
