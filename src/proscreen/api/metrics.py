"""Prometheus metrics: requests, latencies, screens and alerts.

With several worker processes ``proscreen serve`` sets ``PROMETHEUS_MULTIPROC_DIR``
before the workers start, and ``/metrics`` adds up every worker's figures.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

REQUESTS = Counter(
    "proscreen_http_requests_total", "HTTP requests by route, method and status.", ["route", "method", "status"]
)
LATENCY = Histogram(
    "proscreen_http_request_duration_seconds",
    "Time to answer an HTTP request, by route.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
SCREENS = Counter("proscreen_screens_total", "Queries screened, by endpoint.", ["endpoint"])
ALERTS = Counter("proscreen_alerts_total", "Results at or above the decision threshold, by endpoint.", ["endpoint"])
AUDIT_WRITTEN = Counter("proscreen_audit_records_total", "Audit records written to the store.")
AUDIT_FAILURES = Counter("proscreen_audit_write_failures_total", "Failed attempts to write audit records.")


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def record_screens(endpoint: str, screens: int, alerts: int) -> None:
    SCREENS.labels(endpoint).inc(screens)
    if alerts:
        ALERTS.labels(endpoint).inc(alerts)
