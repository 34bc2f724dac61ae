"""Per-key rate limiting: an in-process token bucket per API key.

Each key may make ``rate`` requests per second on average and save up to
``burst`` for a burst (a key given a slower rate than the default saves at
most one second's worth). With several worker processes each keeps its own
buckets, so a key's effective limit is multiplied by the number of workers.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str, rate: float | None = None) -> float:
        """Take one token for ``key``; returns 0 when allowed, else the seconds to wait for one."""
        rate = rate if rate and rate > 0 else self.rate
        if rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            capacity = float(self.burst) if rate >= self.rate else max(1.0, min(float(self.burst), rate))
            if bucket is None or bucket.rate != rate:
                bucket = _Bucket(rate, capacity, capacity, now)
                self._buckets[key] = bucket
            bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.stamp) * rate)
            bucket.stamp = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / rate
