"""Every screening request lands in the append-only audit log, and `proscreen audit export` gives it back."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from proscreen.cli import app
from proscreen.store import Store
from proscreen.store.audit import count, records
from tests.api.conftest import Server

runner = CliRunner()


def wait_for(server: Server, condition: object, timeout: float = 10.0) -> list[dict[str, object]]:
    deadline = time.monotonic() + timeout
    while True:
        with Store.open(server.db_url) as store:
            rows = [r.to_dict() for r in records(store)]
        if callable(condition) and condition(rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"audit rows not written: {rows[-5:]}")
        time.sleep(0.1)


def test_screens_are_audited_and_exported(server: Server) -> None:
    marker = f"audit-{time.time_ns()}"
    with server.client() as client:
        client.post("/screen", json={"id": marker, "query": {"name": "Akhtar and Sons", "schema": "Organization"}})
        client.post(
            "/match/default", json={"queries": {marker: {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
        )
        client.post("/reconcile", data={"queries": json.dumps({marker: {"query": "National Development Complex"}})})
    rows = wait_for(server, lambda rows: sum(r["query_id"] == marker for r in rows) == 3)
    mine = {r["endpoint"]: r for r in rows if r["query_id"] == marker}
    assert set(mine) == {"screen", "match/default", "reconcile"}
    screen = mine["screen"]
    assert screen["key_name"] == "test analyst" and screen["key_prefix"]
    assert screen["query"]["query"]["name"] == "Akhtar and Sons"
    assert set(screen["list_versions"]) >= {"ofac-sdn@1", "un@1"}
    top = screen["results"][0]
    assert top == {"entity_id": "ofac-sdn:52051", "score": top["score"], "match": True} and screen["alerts"] >= 1
    assert mine["match/default"]["query"]["query"]["properties"]["name"] == ["Kim Jong Un"]

    day = datetime.now(UTC).date()
    result = runner.invoke(app, ["--db", server.db_url, "audit", "export", "--from", day.isoformat()])
    assert result.exit_code == 0, result.stderr
    exported = [json.loads(line) for line in result.stdout.splitlines()]
    assert sum(r["query_id"] == marker for r in exported) == 3
    tomorrow = (day + timedelta(days=1)).isoformat()
    result = runner.invoke(app, ["--db", server.db_url, "audit", "export", "--from", tomorrow])
    assert result.exit_code == 0 and result.stdout == ""
    result = runner.invoke(app, ["--db", server.db_url, "audit", "export", "--format", "csv", "--to", tomorrow])
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in table if r["query_id"] == marker and r["endpoint"] == "screen")
    assert json.loads(row["results"])[0]["entity_id"] == "ofac-sdn:52051"
    bad = runner.invoke(app, ["--db", server.db_url, "audit", "export", "--from", "someday"])
    assert bad.exit_code == 1


def test_failed_requests_are_not_audited_as_screens(server: Server) -> None:
    with Store.open(server.db_url) as store:
        before = count(store)
    with server.client("viewer") as client:
        assert client.post("/screen", json={"query": {"name": "Ali Khan"}}).status_code == 403
    time.sleep(0.5)
    with Store.open(server.db_url) as store:
        assert count(store) == before


def test_audit_log_refuses_update_and_delete(server: Server) -> None:
    wait_for(server, lambda rows: len(rows) > 0)
    with Store.open(server.db_url) as store:
        for statement in ("UPDATE audit_log SET key_name = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as conn:
                conn.execute(sa.text(statement))
