"""Screening speed through the real Screener: all six bundled sample lists in one store.

Imports ``src/proscreen/samples/*.zip`` into a SQLite store under ``--dir`` (kept
between runs; the import is skipped when the store is there), opens a
:class:`~proscreen.screening.Screener`, warms it (index build or load timed apart)
and screens the synthetic negatives' names one by one: screens per second,
p50/p99 latency and the alert rate. ``--peer N`` also times the yente-like peer
(rapidfuzz top-20 over every name, then nomenklatura logic-v2) on the first N
queries, for the ratio.

    .venv/bin/python benchmarks/bench_screener.py [--dir /tmp/proscreen-bench] [--peer 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
NEGATIVES = Path("/work/shared/eval/search_negatives_dev.jsonl")


def load_queries(path: Path) -> list[dict[str, object]]:
    return [json.loads(line)["query"] for line in path.open(encoding="utf-8")]


def to_query(q: dict[str, object]):  # type: ignore[no-untyped-def]
    from proscreen.model import Query

    return Query(
        name=str(q["name"]),
        schema=str(q.get("schema") or "Thing"),
        birth_date=q.get("birth_date"),  # type: ignore[arg-type]
        countries=tuple(q.get("countries") or ()),  # type: ignore[arg-type]
    )


def open_store(folder: Path):  # type: ignore[no-untyped-def]
    from proscreen.importer import import_paths
    from proscreen.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "store.db"
    fresh = not db.exists()
    store = Store.open(f"sqlite:///{db}")
    if fresh:
        started = time.perf_counter()
        import_paths(store, sorted((REPO / "src/proscreen/samples").glob("*.zip")))
        print(f"import: {time.perf_counter() - started:.1f}s")
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=Path("/tmp/proscreen-bench"))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--peer", type=int, default=0, help="queries to time the nomenklatura peer on")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--un", action="store_true", help="search_un_treated.jsonl through the Screener (source un)")
    parser.add_argument("--recall", type=int, default=0, help="UN and negative queries to check against brute force")
    args = parser.parse_args()

    from proscreen.model import Query
    from proscreen.screening import Screener

    store = open_store(args.dir)
    screener = Screener(store, cache_dir=args.dir / "index")
    started = time.perf_counter()
    versions = screener.warm()
    print(f"warm (load or build {len(versions)} indexes): {time.perf_counter() - started:.2f}s")
    raw = load_queries(NEGATIVES)[: args.queries]
    queries = [
        Query(name=str(q["name"]), schema=str(q.get("schema") or "Thing"), birth_date=q.get("birth_date"))  # type: ignore[arg-type]
        for q in raw
    ]
    started = time.perf_counter()
    screener.screen(queries[0])
    print(f"first screen: {time.perf_counter() - started:.2f}s")
    for q in queries[:50]:
        screener.screen(q)  # warm caches the way a running service is
    prof = cProfile.Profile() if args.profile else None
    latencies: list[float] = []
    alerts = 0
    if prof:
        prof.enable()
    for q in queries:
        t0 = time.perf_counter()
        matches = screener.screen(q)
        latencies.append(time.perf_counter() - t0)
        alerts += any(m.match for m in matches)
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    n = len(latencies)
    total = sum(latencies)
    latencies.sort()
    print(
        f"Screener, all sample lists: {n / total:.0f} screens/s, p50 {latencies[n // 2] * 1000:.2f} ms, "
        f"p99 {latencies[int(n * 0.99)] * 1000:.2f} ms; alerted {alerts}/{n}"
    )
    if args.un:
        un_search(screener)
    if args.recall:
        un = load_queries(Path("/work/shared/eval/search_un_treated.jsonl"))
        step = max(1, len(un) // args.recall)
        sample = un[::step][: args.recall] + raw[:: max(1, len(raw) // args.recall)][: args.recall]
        recall(
            screener,
            [
                Query(
                    name=str(q["name"]),
                    schema=str(q.get("schema") or "Thing"),
                    birth_date=q.get("birth_date"),
                    countries=tuple(q.get("countries") or ()),
                )
                for q in sample
            ],
        )  # type: ignore[arg-type]
    if args.peer:
        peer_rate = peer(store, screener, raw[: args.peer])
        print(f"peer (rapidfuzz top-20 + logic-v2): {peer_rate:.1f} screens/s; ratio {n / total / peer_rate:.1f}x")


def un_search(screener) -> None:  # type: ignore[no-untyped-def]
    """search_un_treated.jsonl against the store's UN list: expected entity first / above the threshold."""
    with Path("/work/shared/eval/search_un_treated.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    first = above = alerts = 0
    misses: list[str] = []
    for row in rows:
        expected = {(e["source"], e["source_id"]) for e in row["expected"]}
        matches = screener.screen(to_query(row["query"]), sources=["un"])
        alerts += sum(m.match for m in matches)
        keys = [(m.entity.source, m.entity.source_id) for m in matches]
        first += bool(keys) and keys[0] in expected
        hit = next((m for m in matches if (m.entity.source, m.entity.source_id) in expected), None)
        above += hit is not None and hit.match
        if hit is None or not hit.match:
            misses.append(f"{row['query']['name']!r} -> {hit.score if hit else None}")
    n = len(rows)
    print(
        f"UN search via Screener ({n}): first {first / n:.1%}, above threshold {above / n:.1%}, "
        f"alerts/query {alerts / n:.2f}"
    )
    for line in misses[:15]:
        print("  miss", line)


def recall(screener, queries) -> None:  # type: ignore[no-untyped-def]
    """Share of the brute-force matches (every entity scored; best 10 at the threshold) the Screener returns."""
    from proscreen.matching import prepare_query, score_value

    view = screener._view(screener.versions())
    entities = list(view.index.entities)
    cut = screener.config.threshold
    hits = total = 0
    missed: list[str] = []
    started = time.perf_counter()
    for q in queries:
        pq = prepare_query(q)
        scores = sorted(((score_value(pq, e, screener.config), e.id) for e in entities), key=lambda t: (-t[0], t[1]))
        truth = {eid for value, eid in scores[:10] if value >= cut}
        got = {m.entity.id for m in screener.screen(q) if m.match}
        total += len(truth)
        hits += len(truth & got)
        missed.extend(f"{q.name!r} -> {eid}" for eid in truth - got)
    print(
        f"recall vs brute force ({len(queries)} queries, {time.perf_counter() - started:.0f}s): "
        f"{hits}/{total} = {hits / max(1, total):.2%}"
    )
    for line in missed[:20]:
        print("  missed", line)


def peer(store, screener, raw: list[dict[str, object]]) -> float:  # type: ignore[no-untyped-def]
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from rapidfuzz import fuzz, process, utils

    algo = get_algorithm("logic-v2")
    cfg = algo.default_config()
    names: list[str] = []
    owners: list[object] = []
    for version in screener.versions():
        for e in store.entities(version):
            schema = (
                str(e.schema) if str(e.schema) in ("Person", "Organization", "Vessel", "Company") else "LegalEntity"
            )
            ent = model.make_entity(schema)
            ent.id = e.id
            for n in e.names:
                ent.add("name", n.value)
                names.append(n.value)
                owners.append(ent)
            if schema == "Person":
                for d in e.dates:
                    ent.add("birthDate", d.start)
    choices = [utils.default_process(n) for n in names]

    def make(q: dict[str, object]):  # type: ignore[no-untyped-def]
        ent = model.make_entity("Person")
        ent.id = "q"
        ent.add("name", q["name"])
        if q.get("birth_date"):
            ent.add("birthDate", q["birth_date"])
        return ent

    algo.compare(make(raw[0]), owners[0], cfg)  # loads name data
    started = time.perf_counter()
    for q in raw:
        qe = make(q)
        hits = process.extract(utils.default_process(str(q["name"])), choices, scorer=fuzz.WRatio, limit=20)
        seen: set[str] = set()
        for _, _, pos in hits:
            cand = owners[pos]
            if cand.id in seen:  # type: ignore[attr-defined]
                continue
            seen.add(cand.id)  # type: ignore[attr-defined]
            algo.compare(qe, cand, cfg)
    return len(raw) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
