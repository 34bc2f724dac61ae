"""POST /lists/import (admin): uploaded files become a new version that screens then use; --no-auth."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.api.conftest import Server, start_server, stop, wait_ready


def test_upload_imports_a_list_and_screens_use_it(server: Server, lists_dir: Path) -> None:
    path = lists_dir / "bis/dpl_2023-11-30.txt"
    with server.client("analyst") as client:
        files = {"files": (path.name, path.read_bytes(), "text/plain")}
        assert client.post("/lists/import", files=files).status_code == 403
    with server.client("admin") as client:
        response = client.post("/lists/import", files=[("files", (path.name, path.read_bytes(), "text/plain"))])
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["imported"][0]["source"] == "bis-dpl" and data["created"] == [True]
        assert "bis-dpl@1" in data["current"]
        again = client.post("/lists/import", files=[("files", (path.name, path.read_bytes(), "text/plain"))])
        assert again.json()["created"] == [False]
        junk = client.post("/lists/import", files=[("files", ("notes.txt", b"hello\n", "text/plain"))])
        assert junk.status_code == 422 and "notes.txt" in junk.json()["detail"]
        assert "/tmp" not in junk.json()["detail"] or "proscreen-upload" in junk.json()["detail"]
        assert client.post("/lists/import").status_code == 422
    with server.client("viewer") as client:
        assert "bis-dpl@1" in client.get("/lists").json()["current"]
    with server.client() as client:
        screened = client.post("/screen", json={"query": {"name": "Aaron Abraham Villa"}, "sources": ["bis-dpl"]})
        assert screened.status_code == 200, screened.text
        assert screened.json()["results"][0]["matches"][0]["source"] == "bis-dpl"


def test_no_auth_only_on_loopback(server: Server, tmp_path: Path) -> None:
    refused = subprocess.run(
        [
            str(Path(sys.executable).parent / "proscreen"),
            "--db",
            server.db_url,
            "serve",
            "--host",
            "0.0.0.0",
            "--no-auth",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1 and "loopback" in refused.stderr
    log = tmp_path / "noauth.log"
    proc, url = start_server(server.db_url, server.data_dir, log, "--no-auth")
    try:
        wait_ready(proc, url, log)
        assert httpx.get(url + "/lists").status_code == 200
        assert (
            httpx.post(url + "/compare", json={"a": {"name": "Ali Khan"}, "b": {"name": "Ali Kahn"}}).status_code == 200
        )
    finally:
        stop(proc)
