"""A real `proscreen serve` process on a loopback port, over a temp SQLite store holding real lists.

The store (UN consolidated list, OFAC SDN composite of 2024-12-19), its
indexes and the API keys are made once per session; the server is started as
a subprocess on a free port and the tests wait for ``/readyz``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from proscreen.importer import import_paths
from proscreen.screening import Screener
from proscreen.store import Store
from proscreen.store.keys import create_key

#: Seconds to wait for the server to be ready (the indexes are built before it starts).
READY_TIMEOUT = 120


@dataclass(frozen=True)
class Server:
    url: str
    db_url: str
    data_dir: Path
    keys: dict[str, str]  # role or purpose -> key
    log: Path

    def client(self, key: str | None = "analyst", **headers: str) -> httpx.Client:
        if key is not None:
            headers.setdefault("Authorization", f"Bearer {self.keys[key]}")
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db_url: str, data_dir: Path, log: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    environ = {**os.environ, "PROSCREEN_DATA_DIR": str(data_dir), **(env or {})}
    environ.pop("PROSCREEN_DB_URL", None)
    cmd = [str(Path(sys.executable).parent / "proscreen"), "--db", db_url, "serve", "--port", str(port), *args]
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=environ)
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path, path: str = "/readyz") -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {READY_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> tuple[str, Path]:
    """A store with the UN list and OFAC's SDN list, and their indexes already built."""
    data_dir = tmp_path_factory.mktemp("api")
    db_url = f"sqlite:///{data_dir / 'store.db'}"
    with Store.open(db_url) as store:
        import_paths(store, [lists_dir / "un/consolidated.xml"])
        import_paths(store, [lists_dir / "ofac/composite_2024-12-19"], published=date(2024, 12, 19))
        Screener(store, cache_dir=data_dir / "index").warm()
    return db_url, data_dir


@pytest.fixture(scope="session")
def server(api_store: tuple[str, Path]) -> Iterator[Server]:
    db_url, data_dir = api_store
    keys = {}
    with Store.open(db_url) as store:
        for role in ("viewer", "analyst", "admin"):
            keys[role] = create_key(store, f"test {role}", role, rate_limit=10_000)[1]
        keys["slow"] = create_key(store, "rate limited", "analyst", rate_limit=0.2)[1]
        keys["revoked"] = create_key(store, "revoked", "admin")[1]
        from proscreen.store.keys import revoke_key, split_key

        parts = split_key(keys["revoked"])
        assert parts is not None
        revoke_key(store, parts[0])
    log = data_dir / "server.log"
    proc, url = start_server(db_url, data_dir, log)
    try:
        wait_ready(proc, url, log)
        yield Server(url, db_url, data_dir, keys, log)
    finally:
        stop(proc)
