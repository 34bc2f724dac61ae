"""Load test of the HTTP service: the real server (``proscreen serve``) driven from this second process.

Starts ``proscreen serve`` on 127.0.0.1 over a store holding the UN list and
OFAC's SDN list (built once into ``--data-dir`` and reused), then drives
single-name ``POST /screen`` and ``POST /match/default`` requests with an
asyncio/httpx client at a fixed concurrency, each for ``--duration`` seconds
(at most ``--max-requests``). Prints requests per second, p50/p95/p99
latency, errors, and the server's memory (RSS of all its processes) at the
start, the end and its peak of the soak.

    .venv/bin/python benchmarks/bench_api_load.py [--duration 60] [--workers 2] [--concurrency 16]
    .venv/bin/python benchmarks/bench_api_load.py --duration 300     # the long soak
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from _lists import LISTS

NAMES = [
    "Akhtar and Sons Private Limited", "National Development Complex", "Kim Jong Un", "Banco Nacional de Cuba",
    "Mohammed Ali Hassan", "Ivan Petrov", "Rockside Enterprise", "Affiliates International", "Global Trading LLC",
    "Korea Mining Development Trading Corporation", "Hassan Nasrallah", "Sea Star Shipping", "John Smith",
    "Osama bin Laden", "Islamic Revolutionary Guard Corps", "Maria Gonzalez", "Tanchon Commercial Bank",
    "Al Qaida", "Ali Khan", "Viktor Bout", "Green Pine Associated Corporation", "Li Wei", "Acme Widgets Ltd",
]  # fmt: skip
COUNTRIES = ["pk", "kp", "ir", "ru", "cn", "us", "gb", "cu"]


def build_store(data_dir: Path) -> str:
    from proscreen.importer import import_paths
    from proscreen.screening import Screener
    from proscreen.store import Store

    db_url = f"sqlite:///{data_dir / 'store.db'}"
    with Store.open(db_url) as store:
        if not store.versions():
            print("importing UN and OFAC SDN lists...", flush=True)
            import_paths(store, [LISTS / "un/consolidated.xml"])
            import_paths(store, [LISTS / "ofac/composite_2024-12-19"], published=date(2024, 12, 19))
        Screener(store, cache_dir=data_dir / "index").warm()
    return db_url


def make_key(db_url: str) -> str:
    from proscreen.store import Store
    from proscreen.store.keys import create_key

    with Store.open(db_url) as store:
        return create_key(store, "load test", "analyst", rate_limit=1_000_000)[1]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_bytes(pid: int) -> int:
    """RSS of a process and its children (uvicorn workers), from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def body(kind: str, rng: random.Random) -> dict[str, object]:
    name = rng.choice(NAMES)
    if kind == "screen":
        query: dict[str, object] = {"name": name}
        if rng.random() < 0.3:
            query["countries"] = [rng.choice(COUNTRIES)]
        return {"query": query, "limit": 5}
    props: dict[str, list[str]] = {"name": [name]}
    if rng.random() < 0.3:
        props["nationality"] = [rng.choice(COUNTRIES)]
    return {"queries": {"q1": {"schema": "Thing", "properties": props}}}


async def drive(
    url: str, key: str, kind: str, duration: float, max_requests: int, concurrency: int, pid: int
) -> dict[str, float]:
    path = "/screen" if kind == "screen" else "/match/default"
    latencies: list[float] = []
    errors = 0
    sent = 0
    rss = [rss_bytes(pid)]
    stop_at = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {key}"}, limits=limits, timeout=30
    ) as client:

        async def worker(seed: int) -> None:
            nonlocal errors, sent
            rng = random.Random(seed)
            while time.monotonic() < stop_at and sent < max_requests:
                sent += 1
                start = time.perf_counter()
                try:
                    response = await client.post(path, json=body(kind, rng))
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - start)
                errors += not ok

        async def sample() -> None:
            while time.monotonic() < stop_at and sent < max_requests:
                await asyncio.sleep(1.0)
                rss.append(rss_bytes(pid))

        started = time.monotonic()
        await asyncio.gather(sample(), *(worker(i) for i in range(concurrency)))
        elapsed = time.monotonic() - started
    rss.append(rss_bytes(pid))
    ms = [v * 1000 for v in latencies]
    third = max(1, len(rss) // 3)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "mean": statistics.fmean(ms) if ms else float("nan"),
        "errors": errors,
        "rss_start": rss[0] / 2**20,
        "rss_end": rss[-1] / 2**20,
        "rss_peak": max(rss) / 2**20,
        "rss_first_third": statistics.fmean(rss[:third]) / 2**20,
        "rss_last_third": statistics.fmean(rss[-third:]) / 2**20,
    }


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("server not ready in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60, help="Seconds per endpoint (soak); 300 for the long one.")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="Requests per endpoint at most.")
    parser.add_argument("--concurrency", type=int, default=16, help="Requests in flight.")
    parser.add_argument("--workers", type=int, default=2, help="Server worker processes.")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/proscreen-bench-api"), help="Store and indexes.")
    parser.add_argument("--endpoints", default="screen,match", help="Comma-separated: screen, match.")
    args = parser.parse_args()

    args.data_dir.mkdir(parents=True, exist_ok=True)
    db_url = build_store(args.data_dir)
    key = make_key(db_url)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PROSCREEN_DATA_DIR": str(args.data_dir), "PROSCREEN_API_RATE_LIMIT": "1000000"}
    exe = Path(sys.executable).parent / "proscreen"
    cmd = [str(exe), "--db", db_url, "serve", "--port", str(port), "--workers", str(args.workers)]
    log = open(args.data_dir / "server.log", "ab")  # noqa: SIM115 - open for the server's lifetime
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_ready(url, proc)
        print(
            f"server: {args.workers} worker(s) on {url}; client: concurrency {args.concurrency}, "
            f"{args.duration:g} s per endpoint; {os.cpu_count()} CPUs shared by both",
            flush=True,
        )
        for kind in args.endpoints.split(","):
            asyncio.run(drive(url, key, kind, min(5.0, args.duration), 200, args.concurrency, proc.pid))  # warm-up
            r = asyncio.run(drive(url, key, kind, args.duration, args.max_requests, args.concurrency, proc.pid))
            print(
                f"{kind:>6}: {r['requests']:,.0f} requests in {r['seconds']:.1f} s = {r['rps']:.1f} req/s; "
                f"latency ms p50 {r['p50']:.1f} p95 {r['p95']:.1f} p99 {r['p99']:.1f} (mean {r['mean']:.1f}); "
                f"errors {r['errors']:.0f}; server RSS MiB start {r['rss_start']:.0f} end {r['rss_end']:.0f} "
                f"peak {r['rss_peak']:.0f} (mean first third {r['rss_first_third']:.0f}, "
                f"last third {r['rss_last_third']:.0f})",
                flush=True,
            )
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


if __name__ == "__main__":
    main()
