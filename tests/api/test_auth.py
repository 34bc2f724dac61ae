"""Keys and roles against the real server: 401 for a wrong or missing key, 403 for a role too low."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import Server

SCREEN = {"query": {"name": "Akhtar and Sons", "schema": "Organization"}}
MATCH = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Akhtar and Sons"]}}}}
RECON = {"q0": {"query": "Akhtar and Sons"}}
# (method, path, body, the lowest role allowed)
ENDPOINTS = [
    ("GET", "/search?q=akhtar", None, "viewer"),
    ("GET", "/entities/ofac-sdn:52051", None, "viewer"),
    ("GET", "/lists", None, "viewer"),
    ("GET", "/lists/un/diff", None, "viewer"),
    ("GET", "/metrics", None, "viewer"),
    ("POST", "/screen", SCREEN, "analyst"),
    ("POST", "/match/default", MATCH, "analyst"),
    ("POST", "/reconcile", RECON, "analyst"),
    ("GET", "/reconcile/suggest/entity?prefix=akhtar", None, "analyst"),
    ("POST", "/compare", {"a": {"name": "Ali Khan"}, "b": {"name": "Ali Kahn"}}, "analyst"),
    ("GET", "/keys", None, "admin"),
]
RANK = {"viewer": 0, "analyst": 1, "admin": 2}


def call(client: httpx.Client, method: str, path: str, body: object) -> httpx.Response:
    return client.request(method, path, json=body) if body is not None else client.request(method, path)


@pytest.mark.parametrize(("method", "path", "body", "needed"), ENDPOINTS)
def test_role_matrix(server: Server, method: str, path: str, body: object, needed: str) -> None:
    for role in ("viewer", "analyst", "admin"):
        with server.client(role) as client:
            response = call(client, method, path, body)
        if RANK[role] >= RANK[needed]:
            assert response.status_code == 200, (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.json() == {"detail": "this API key may not use this endpoint"}


@pytest.mark.parametrize(("method", "path", "body", "needed"), ENDPOINTS)
def test_missing_or_wrong_key_is_401_without_detail(
    server: Server, method: str, path: str, body: object, needed: str
) -> None:
    bad_keys = [None, "nonsense", server.keys["revoked"], server.keys["admin"][:-2] + "xx", "psk_" + "0" * 12 + "_x"]
    for key in bad_keys:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        with httpx.Client(base_url=server.url, headers=headers) as client:
            response = call(client, method, path, body)
        assert response.status_code == 401, (key, response.text)
        assert response.json() == {"detail": "missing or invalid API key"}


def test_every_header_form_is_accepted(server: Server) -> None:
    key = server.keys["viewer"]
    for headers in ({"Authorization": f"Bearer {key}"}, {"Authorization": f"ApiKey {key}"}, {"X-API-Key": key}):
        assert httpx.get(server.url + "/lists", headers=headers).status_code == 200, headers
    assert httpx.get(server.url + "/lists", headers={"Authorization": f"Basic {key}"}).status_code == 401


def test_health_needs_no_key_and_docs_are_served(server: Server) -> None:
    assert httpx.get(server.url + "/healthz").json()["status"] == "ok"
    ready = httpx.get(server.url + "/readyz").json()
    assert ready["status"] == "ready" and {"un@1", "ofac-sdn@1"} <= set(ready["list_versions"])
    spec = httpx.get(server.url + "/openapi.json").json()
    assert {"/screen", "/match/{dataset}", "/reconcile", "/search", "/lists/import"} <= set(spec["paths"])
    assert "Swagger" in httpx.get(server.url + "/docs").text


def test_rate_limit_answers_429_with_retry_after(server: Server) -> None:
    with server.client("slow") as client:
        codes = [client.post("/compare", json={"a": {"name": "Ali Khan"}, "b": {"name": "Ali Kahn"}}) for _ in range(3)]
    assert codes[0].status_code == 200
    limited = [r for r in codes if r.status_code == 429]
    assert limited, [r.status_code for r in codes]
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert "rate limit" in limited[0].json()["detail"]


def test_keys_over_http(server: Server) -> None:
    with server.client("admin") as client:
        made = client.post("/keys", json={"name": "made over http", "role": "viewer"})
        assert made.status_code == 201
        key = made.json()["key"]
        assert key.startswith("psk_") and made.json()["role"] == "viewer"
        listed = client.get("/keys").json()
        assert any(k["prefix"] == made.json()["prefix"] for k in listed)
        assert all("key" not in k and "secret_hash" not in k for k in listed)
        assert httpx.get(server.url + "/lists", headers={"X-API-Key": key}).status_code == 200
        assert client.delete(f"/keys/{made.json()['prefix']}").json()["revoked_at"]
        assert client.delete("/keys/doesnotexist").status_code == 404
    assert httpx.get(server.url + "/lists", headers={"X-API-Key": key}).status_code == 401
