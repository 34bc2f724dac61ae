"""Parts of the service in-process: rate limiter, audit writer, keys in the store, loopback rule, migrations."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from proscreen.api.app import is_loopback
from proscreen.api.audit import AuditWriter
from proscreen.api.ratelimit import RateLimiter
from proscreen.exceptions import ConfigError, InputError, NotFoundError
from proscreen.store import Store
from proscreen.store.audit import AuditRecord, count, records
from proscreen.store.keys import Role, authenticate, create_key, list_keys, revoke_key


def record(n: int) -> AuditRecord:
    return AuditRecord(
        at=datetime.now(UTC),
        key_name="k",
        endpoint="screen",
        query={"query": {"name": f"name {n}"}},
        list_versions=("un@1",),
        results=({"entity_id": "un:1", "score": 0.9, "match": True},),
        query_id=str(n),
    )


def test_rate_limiter_bucket() -> None:
    limiter = RateLimiter(rate=10, burst=5)
    assert [limiter.acquire("a") for _ in range(5)] == [0.0] * 5
    assert limiter.acquire("a") > 0
    assert limiter.acquire("b") == 0.0  # buckets are per key
    assert limiter.acquire("slow", rate=0.5) == 0.0
    assert limiter.acquire("slow", rate=0.5) == pytest.approx(2.0, abs=0.1)
    time.sleep(0.15)
    assert limiter.acquire("a") == 0.0


def test_keys_are_hashed_and_revocable(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        key, secret = create_key(store, "ci", "viewer")
        assert key.role is Role.VIEWER and secret.startswith(f"psk_{key.prefix}_")
        with store.engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT secret_hash FROM api_keys")).scalar_one()
        assert secret.split("_", 2)[2] not in stored and len(stored) == 64
        assert authenticate(store, secret) == key
        assert authenticate(store, secret + "x") is None
        assert authenticate(store, "psk_nope_nope") is None
        assert revoke_key(store, key.prefix).revoked_at is not None
        assert authenticate(store, secret) is None
        assert [k.prefix for k in list_keys(store)] == [key.prefix]
        with pytest.raises(NotFoundError):
            revoke_key(store, "missing")
        with pytest.raises(InputError, match="role"):
            create_key(store, "x", "root")
        assert Role.ADMIN.allows(Role.ANALYST) and not Role.VIEWER.allows(Role.ANALYST)


def test_audit_writer_loses_nothing_on_close(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        writer = AuditWriter(store, flush_seconds=5.0)  # long: close() must write what is queued
        writer.start()
        writer.submit([record(0)])
        assert writer.flush(5)
        writer.submit([record(n) for n in range(1, 2500)])
        writer.close()
        assert count(store) == 2500
        assert [r.query_id for r in records(store)] == [str(n) for n in range(2500)]
        writer.submit([record(9999)])  # after close: written at once
        assert count(store) == 2501


def test_loopback_rule() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.1") and not is_loopback("example.org")
    from proscreen.api.server import serve

    with pytest.raises(ConfigError, match="loopback"):
        serve("0.0.0.0", 0, no_auth=True)


@pytest.mark.postgres
def test_audit_log_is_append_only_on_postgresql() -> None:
    from tests.store.conftest import _pg_database

    gen = _pg_database()
    url = next(gen)
    try:
        with Store.open(url) as store:
            from proscreen.store.audit import append

            append(store, [record(1)])
            for statement in ("UPDATE audit_log SET key_name = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
                with pytest.raises(sa.exc.DatabaseError, match="append-only"), store.engine.begin() as conn:
                    conn.execute(sa.text(statement))
            assert count(store) == 1
    finally:
        next(gen, None)
