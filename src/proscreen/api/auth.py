"""Who is calling: API keys from headers, roles per endpoint, rate limits per key.

A key may come as ``Authorization: Bearer <key>``, ``Authorization: ApiKey <key>``
(what yente clients send) or ``X-API-Key: <key>``. Verified keys are cached
for a few seconds (``PROSCREEN_API_KEY_CACHE_SECONDS``), so a revoked key stops
working within that time. Wrong or missing key: 401; a role too low: 403;
over the key's rate: 429 with ``Retry-After``. No response says more.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from proscreen.api.errors import Forbidden, RateLimited, Unauthorized
from proscreen.api.ratelimit import RateLimiter
from proscreen.store import Store
from proscreen.store.keys import ApiKey, Role, authenticate

#: How many verified keys are cached at most.
CACHE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request: the key's name (as the audit log shows it) and role."""

    name: str
    role: Role
    prefix: str | None = None
    rate_limit: float | None = None


ANONYMOUS = Principal(name="anonymous (--no-auth)", role=Role.ADMIN)


class KeyRing:
    """Verifies presented keys against the store, with a short-lived cache."""

    def __init__(self, store: Store, ttl: float, limiter: RateLimiter, enabled: bool = True) -> None:
        self.store = store
        self.ttl = ttl
        self.limiter = limiter
        self.enabled = enabled
        self._cache: dict[str, tuple[float, ApiKey]] = {}
        self._lock = threading.Lock()

    def verify(self, presented: str) -> Principal | None:
        digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).hexdigest()
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and now - cached[0] < self.ttl:
            key = cached[1]
        else:
            found = authenticate(self.store, presented)
            if found is None:
                with self._lock:
                    self._cache.pop(digest, None)
                return None
            key = found
            with self._lock:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.clear()
                self._cache[digest] = (now, key)
        return Principal(name=key.name, role=key.role, prefix=key.prefix, rate_limit=key.rate_limit)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>`.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key: `X-API-Key: <key>`.")


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() in ("bearer", "apikey") and value.strip():
            return value.strip()
    key = request.headers.get("x-api-key")
    return key.strip() if key and key.strip() else None


def require(role: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency: the caller, when its key is valid, its role allows ``role`` and it is within its rate."""

    async def dependency(
        request: Request,
        _bearer_doc: HTTPAuthorizationCredentials | None = Depends(_bearer),
        _header_doc: str | None = Depends(_header),
    ) -> Principal:
        ring: KeyRing = request.app.state.service.keys
        if not ring.enabled:
            request.state.principal = ANONYMOUS
            return ANONYMOUS
        presented = presented_key(request)
        if presented is None:
            raise Unauthorized()
        principal = ring.verify(presented)
        if principal is None:
            raise Unauthorized()
        if not principal.role.allows(role):
            raise Forbidden()
        wait = ring.limiter.acquire(principal.prefix or principal.name, principal.rate_limit)
        if wait > 0:
            raise RateLimited(wait)
        request.state.principal = principal
        return principal

    return dependency


viewer = require(Role.VIEWER)
analyst = require(Role.ANALYST)
admin = require(Role.ADMIN)
