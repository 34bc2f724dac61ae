"""API keys: created once, kept only as a hash, looked up by their public prefix.

A key reads ``psk_<prefix>_<secret>``: the prefix (12 hex characters) names
the key in listings and the audit log; the secret (32 random bytes,
URL-safe base64) is shown once, when the key is made, and the store keeps
only its SHA-256. A presented key is found by its prefix and its hash is
compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from proscreen.exceptions import InputError, NotFoundError
from proscreen.store.store import Store
from proscreen.store.tables import api_keys

KEY_PREFIX = "psk_"


class Role(StrEnum):
    """What a key may do; each role may do everything the roles before it may."""

    VIEWER = "viewer"  # search, entities, lists
    ANALYST = "analyst"  # + screen, match, reconcile, compare
    ADMIN = "admin"  # + import lists, manage keys

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as the store knows it (never its secret)."""

    prefix: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None = None
    rate_limit: float | None = None  # requests per second; None: the service default

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "name": self.name,
            "role": str(self.role),
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "revoked_at": self.revoked_at.isoformat(timespec="seconds") if self.revoked_at else None,
            "rate_limit": self.rate_limit,
        }


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InputError(f"role must be one of {', '.join(r.value for r in Role)}, not {value!r}") from None


def create_key(store: Store, name: str, role: Role | str, rate_limit: float | None = None) -> tuple[ApiKey, str]:
    """Make a key; returns it and the full key text, which is never shown again."""
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("a key needs a name of 1 to 200 characters")
    if rate_limit is not None and rate_limit <= 0:
        raise InputError("rate limit must be a positive number of requests per second")
    role = parse_role(role) if isinstance(role, str) else role
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        conn.execute(
            api_keys.insert().values(
                prefix=prefix,
                name=name,
                role=role.value,
                secret_hash=hash_secret(secret),
                created_at=now,
                revoked_at=None,
                rate_limit=rate_limit,
            )
        )
    return ApiKey(prefix, name, role, now, None, rate_limit), f"{KEY_PREFIX}{prefix}_{secret}"


def list_keys(store: Store, include_revoked: bool = True) -> list[ApiKey]:
    query = sa.select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
    if not include_revoked:
        query = query.where(api_keys.c.revoked_at.is_(None))
    with store.engine.connect() as conn:
        return [_key(row) for row in conn.execute(query)]


def revoke_key(store: Store, prefix: str) -> ApiKey:
    """Revoke a key by its prefix (the key stays listed, marked revoked)."""
    prefix = prefix.removeprefix(KEY_PREFIX).split("_", 1)[0]
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(api_keys).where(api_keys.c.prefix == prefix)).first()
        if row is None:
            raise NotFoundError(f"no API key with prefix {prefix!r}")
        if row.revoked_at is None:
            conn.execute(api_keys.update().where(api_keys.c.prefix == prefix).values(revoked_at=datetime.now(UTC)))
            row = conn.execute(sa.select(api_keys).where(api_keys.c.prefix == prefix)).one()
    return _key(row)


def split_key(presented: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key text, else None."""
    if not presented.startswith(KEY_PREFIX) or len(presented) > 200:
        return None
    prefix, sep, secret = presented[len(KEY_PREFIX) :].partition("_")
    if not sep or not prefix or not secret:
        return None
    return prefix, secret


def authenticate(store: Store, presented: str) -> ApiKey | None:
    """The active key ``presented`` is, or None (unknown, revoked or malformed)."""
    parts = split_key(presented)
    if parts is None:
        return None
    prefix, secret = parts
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(api_keys).where(api_keys.c.prefix == prefix)).first()
    expected = row.secret_hash if row is not None else hash_secret("no such key")
    ok = hmac.compare_digest(hash_secret(secret), expected)
    if row is None or not ok or row.revoked_at is not None:
        return None
    return _key(row)


def _key(row: Any) -> ApiKey:
    return ApiKey(
        prefix=row.prefix,
        name=row.name,
        role=Role(row.role),
        created_at=_utc(row.created_at),
        revoked_at=_utc(row.revoked_at) if row.revoked_at else None,
        rate_limit=row.rate_limit,
    )


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
