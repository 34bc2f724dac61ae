"""Batch screening throughput: `proscreen screen-file` over N generated parties, 1 and 2 workers.

Run: .venv/bin/python benchmarks/bench_screen_file.py [--rows 20000] [--workers 1,2] [--keep DIR]

Imports the sample lists bundled in ``src/proscreen/samples/`` into a temporary
SQLite store, builds the indexes once (a 5-row warm-up run, timed apart), then
writes a CSV of N parties: about 10% listed names with variations (typos,
reordered tokens, case, legal forms, "SURNAME, Given"), the rest random person
names (tokens of the synthetic negatives set) and company names, a third with a
date of birth or a country. Each worker count screens the same file to JSON
lines in a child process; peak memory is sampled from /proc over the whole
process tree (the CLI, the forkserver and the workers): the sum of RSS (shared
pages counted in each process) and the sum of PSS (shared pages split). A
64-row run per worker count measures the start-up (processes, name tables,
indexes); "after it" is the rate of the remaining rows. CPU seconds (all
processes) show the work done apart from what other programs on the machine take.
Prints figures; asserts nothing. Target: >= 100,000 rows/minute.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROSCREEN = [sys.executable, "-c", "from proscreen.cli import main; main()"]
NEGATIVES = REPO.parent / "shared" / "eval" / "search_negatives_dev.jsonl"
COMPANY_WORDS = (
    "Global", "Trading", "Logistics", "Shipping", "Energy", "Petro", "Industrial", "Holdings", "Capital", "Marine",
    "Star", "Golden", "Eastern", "Northern", "Pacific", "Atlantic", "Alpha", "Delta", "Unity", "Horizon", "Summit",
    "Green", "Silver", "Royal", "United", "Prime", "Apex", "Vertex", "Metro", "Tech", "Systems", "Electronics",
    "Chemicals", "Machinery", "Aviation", "Textiles", "Foods", "Agro", "Mining", "Steel", "Power",
)  # fmt: skip
LEGAL_FORMS = ("LLC", "Ltd", "Limited", "GmbH", "S.A.", "JSC", "Co., Ltd.", "PVT LTD", "FZE", "Inc.", "")
#: Rows of the start-up run: enough chunks (16, 32, ...) for two workers.
SMALL = 64
COUNTRIES = ("us", "gb", "de", "fr", "cn", "ru", "ir", "ae", "pk", "in", "tr", "br", "ng", "kp", "sy")


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PROSCREEN, *args], env=env, capture_output=True, text=True, check=True)


def listed_names(db_url: str, env: dict[str, str]) -> list[tuple[str, str]]:
    """(schema, primary name) of every listed party, read through the store API in a child process."""
    code = (
        "import json, sys\nfrom proscreen.store import Store\n"
        f"s = Store.open({db_url!r})\n"
        "for v in s.current_versions():\n"
        "    for e in s.entities(v):\n"
        "        sys.stdout.write(json.dumps([str(e.schema), e.caption]) + '\\n')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return [tuple(json.loads(line)) for line in out.splitlines()]  # type: ignore[misc]


def vary(name: str, rng: random.Random) -> str:
    tokens = name.split()
    kind = rng.randrange(6)
    if kind == 0 and len(name) > 5:  # a typo
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + rng.choice("aeioumnrst") + name[i + 1 :]
    if kind == 1 and len(tokens) > 1:  # reordered
        rng.shuffle(tokens)
        return " ".join(tokens)
    if kind == 2:
        return name.title()
    if kind == 3 and len(tokens) > 1:  # SURNAME, Given
        return f"{tokens[-1].upper()}, {' '.join(tokens[:-1]).title()}"
    if kind == 4 and len(name) > 6:  # a dropped letter
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1 :]
    return name


def generate(path: Path, rows: int, listed: list[tuple[str, str]], seed: int = 7) -> None:
    rng = random.Random(seed)
    given: list[str] = []
    family: list[str] = []
    for line in NEGATIVES.read_text(encoding="utf-8").splitlines():
        parts = json.loads(line)["query"]["name"].split()
        if len(parts) >= 2:
            given.append(parts[0])
            family.append(parts[-1])
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "schema", "birth_date", "countries"])
        for i in range(1, rows + 1):
            roll = rng.random()
            if roll < 0.10 and listed:
                schema, name = rng.choice(listed)
                name = vary(name, rng)
            elif roll < 0.65:
                schema = "Person"
                middle = f" {rng.choice(given)}" if rng.random() < 0.3 else ""
                name = f"{rng.choice(given)}{middle} {rng.choice(family)}"
            else:
                schema = "Organization"
                words = " ".join(rng.sample(COMPANY_WORDS, rng.randint(1, 3)))
                name = f"{words} {rng.choice(LEGAL_FORMS)}".strip()
            dob = (
                f"{rng.randint(1940, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if rng.random() < 0.3
                else ""
            )
            country = rng.choice(COUNTRIES) if rng.random() < 0.3 else ""
            out.writerow([f"r{i}", name, schema if schema in ("Person", "Organization") else "", dob, country])


def tree_memory(root: int, cpu: dict[int, float]) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes of ``root`` and all its descendants (Linux /proc).

    Also records each process's CPU seconds so far (user + system) in ``cpu``.
    """
    parents: dict[int, int] = {}
    ticks: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                ticks[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    rss = pss = 0
    for pid in tree:
        cpu[pid] = max(cpu.get(pid, 0.0), ticks.get(pid, 0.0))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, int, float, dict[str, object]]:
    """Seconds, peak RSS sum, peak PSS sum, CPU seconds (all processes) and the --json summary of one CLI run."""
    started = time.perf_counter()
    proc = subprocess.Popen([*PROSCREEN, *args, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0, 0]
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            rss, pss = tree_memory(proc.pid, cpu) if Path("/proc").is_dir() else (0, 0)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"screen-file failed: {stderr.decode()[-2000:]}")
    return seconds, peak[0], peak[1], sum(cpu.values()), json.loads(stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000, help="parties to generate")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated")
    parser.add_argument("--keep", type=Path, help="work in this folder (kept) instead of a temporary one")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]

    with tempfile.TemporaryDirectory(prefix="bench-screen-file-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{work / 'bench.db'}"
        env = {**os.environ, "PROSCREEN_DATA_DIR": str(work / "data"), "PROSCREEN_DB_URL": db_url}
        if not (work / "bench.db").exists():
            started = time.perf_counter()
            cli("lists", "import", *map(str, sorted((REPO / "src/proscreen/samples").glob("*.zip"))), env=env)
            print(f"import of the sample lists: {time.perf_counter() - started:.1f} s")
        listed = listed_names(db_url, env)
        source = work / f"parties-{args.rows}.csv"
        generate(source, args.rows, listed)
        warm = work / "warm.csv"
        generate(warm, 5, listed, seed=1)
        seconds, *_ = run(["screen-file", str(warm), "-o", str(work / "warm.jsonl"), "--workers", "1"], env)
        print(f"{len(listed):,} listed parties; index load/build and warm-up (5 rows): {seconds:.1f} s")
        print(f"{args.rows:,} generated rows, CPUs available: {len(os.sched_getaffinity(0))}")

        small = work / f"parties-{SMALL}.csv"
        generate(small, SMALL, listed, seed=2)
        rates: dict[int, float] = {}
        marginal: dict[int, float] = {}
        for workers in counts:
            startup, *_ = run(
                ["screen-file", str(small), "-o", str(work / "small.jsonl"), "--workers", str(workers)], env
            )
            out = work / f"out-w{workers}.jsonl"
            seconds, rss, pss, cpu_seconds, summary = run(
                ["screen-file", str(source), "-o", str(out), "--workers", str(workers)], env
            )
            rates[workers] = args.rows / seconds * 60
            marginal[workers] = (args.rows - SMALL) / max(seconds - startup, 1e-9) * 60
            print(
                f"workers={workers}: {seconds:8.1f} s  {rates[workers]:10,.0f} rows/minute  "
                f"(start-up, a {SMALL}-row run: {startup:.1f} s; after it: {marginal[workers]:,.0f} rows/minute)  "
                f"peak RSS {rss / 1e6:6,.0f} MB (PSS {pss / 1e6:,.0f} MB)  "
                f"CPU {cpu_seconds:.0f} s ({args.rows / max(cpu_seconds, 1e-9) * 60:,.0f} rows per CPU-minute)  "
                f"matched rows {summary['matched']:,}, errors {summary['errors']:,}, "
                f"index load {summary['index_seconds']} s"
            )
        if 1 in rates and 2 in rates:
            print(
                f"ratio workers2/workers1: {rates[2] / rates[1]:.2f} (after start-up: {marginal[2] / marginal[1]:.2f})"
            )
        best = max(rates.values())
        print(f"best: {best:,.0f} rows/minute (target 100,000: {'met' if best >= 100_000 else 'not met'})")
        if len(counts) > 1:
            same = len({(work / f"out-w{w}.jsonl").read_bytes() for w in counts}) == 1
            print(f"outputs identical across worker counts: {same}")


if __name__ == "__main__":
    main()
