"""Index scale: build, save, load and lookup+score latency on generated entities.

    .venv/bin/python benchmarks/bench_index_scale.py 100000 [--queries 500] [--path /tmp/scale.idx]

Names are generated from common given names (so some keys are very frequent,
as "Muhammad" or "Ali" are on real lists) and random syllable surnames and
company words; queries are listed names with a typo, and unrelated names.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import time
from pathlib import Path

from proscreen.index import SearchIndex
from proscreen.index.rank import rank
from proscreen.matching import DEFAULT_CONFIG, prepare_entity, prepare_query, score
from proscreen.model import Entity, EventDate, Name, NameKind, Query, Schema

GIVEN = [
    "muhammad",
    "ali",
    "ahmed",
    "hassan",
    "omar",
    "abdul",
    "ivan",
    "sergey",
    "vladimir",
    "john",
    "james",
    "maria",
    "anna",
    "li",
    "wei",
    "chen",
    "kim",
    "jong",
    "yusuf",
    "ibrahim",
    "mustafa",
    "khalid",
    "fatima",
    "aisha",
    "elena",
    "olga",
    "pavel",
    "dmitry",
    "alexander",
    "michael",
    "david",
    "peter",
    "paul",
    "juan",
    "carlos",
    "jose",
    "luis",
    "ahmad",
    "mahmoud",
    "said",
    "karim",
    "nasser",
    "rashid",
    "tariq",
    "zaid",
    "hamid",
    "farid",
    "reza",
    "ali",
    "hussein",
]
SYLLABLES = [
    "ka",
    "ra",
    "ma",
    "la",
    "na",
    "sa",
    "ta",
    "ba",
    "da",
    "fa",
    "ga",
    "ha",
    "ja",
    "ko",
    "ro",
    "mo",
    "lo",
    "no",
    "so",
    "to",
    "bo",
    "do",
    "zi",
    "vi",
    "mi",
    "li",
    "ni",
    "shi",
    "chi",
    "rin",
    "dar",
    "kov",
    "ev",
    "an",
]
ORG_WORDS = [
    "trading",
    "industrial",
    "group",
    "shipping",
    "energy",
    "petroleum",
    "electronics",
    "machinery",
    "logistics",
    "holding",
    "bank",
]
LEGAL = ("LLC", "Ltd", "JSC", "GmbH", "Co., Ltd.", "")


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def make(rng: random.Random, i: int) -> Entity:
    if rng.random() < 0.6:
        name = f"{rng.choice(GIVEN).capitalize()} {surname(rng)}"
        if rng.random() < 0.4:
            name = f"{rng.choice(GIVEN).capitalize()} {name}"
        alias = f"{surname(rng)}, {rng.choice(GIVEN).capitalize()}"
        year = rng.randint(1940, 2000)
        return Entity(
            "gen",
            str(i),
            Schema.PERSON,
            (Name(name), Name(alias, kind=NameKind.AKA)),
            dates=(EventDate(str(year)),),
        )
    words = [surname(rng), *rng.sample(ORG_WORDS, rng.randint(1, 2))]
    name = " ".join(words).title() + " " + rng.choice(LEGAL)
    return Entity("gen", str(i), Schema.ORGANIZATION, (Name(name.strip()),))


def typo(rng: random.Random, text: str) -> str:
    chars = list(text)
    pos = rng.randrange(1, len(chars) - 1)
    if chars[pos].isalpha():
        chars[pos] = rng.choice("aeioukrt")
    return "".join(chars)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int, nargs="?", default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--path", type=Path, default=Path("/tmp/proscreen_scale.idx"))
    parser.add_argument("--workers", type=int, default=2, help="processes preparing entities")
    args = parser.parse_args()
    rng = random.Random(7)
    started = time.perf_counter()
    entities = [make(rng, i) for i in range(args.size)]
    generated = time.perf_counter()
    if args.workers > 1:
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            prepared = pool.map(prepare_entity, entities, chunksize=2000)
    else:
        prepared = [prepare_entity(e) for e in entities]
    ready = time.perf_counter()
    index = SearchIndex.build(prepared)
    built = time.perf_counter()
    index.save(args.path)
    saved = time.perf_counter()
    del index, prepared
    load_start = time.perf_counter()
    index = SearchIndex.load(args.path)
    loaded = time.perf_counter()
    print(f"{args.size} entities ({index.key_count()} keys, file {args.path.stat().st_size / 1e6:.0f} MB)")
    print(f"  generate {generated - started:.1f}s, prepare {ready - generated:.1f}s, index build {built - ready:.1f}s")
    print(f"  save {saved - built:.1f}s, load {loaded - load_start:.3f}s")

    queries: list[tuple[Query, str | None]] = []
    for _ in range(args.queries):
        if rng.random() < 0.5:
            target = entities[rng.randrange(len(entities))]
            queries.append((Query(typo(rng, target.names[0].value), target.schema.value), target.id))
        else:
            queries.append((Query(f"{rng.choice(GIVEN).capitalize()} {surname(rng)}", "Person"), None))
    prepare_query(queries[0][0])
    latencies: list[float] = []
    found = expected = 0
    for query, target in queries:
        t0 = time.perf_counter()
        pq = prepare_query(query)
        ranked = rank(index, pq, DEFAULT_CONFIG, 10, 0.5)
        results = [score(pq, index.entities[p]) for _, p in ranked]  # explained, as the Screener returns them
        latencies.append(time.perf_counter() - t0)
        if target is not None:
            expected += 1
            found += any(r.entity_id == target for r in results)
    latencies.sort()
    n = len(latencies)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  screen (rank: lookup, bounds, exact scores, top 10 explained): p50 {latencies[n // 2] * 1000:.1f} ms, "
        f"p99 {latencies[int(n * 0.99)] * 1000:.1f} ms; typo'd targets found {found}/{expected}"
    )
    print(f"  peak memory {rss:.0f} MB (whole process, generation included)")


if __name__ == "__main__":
    main()
