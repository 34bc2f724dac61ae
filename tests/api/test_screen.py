"""/screen, /compare, /search, /entities, /lists over the real server: results, limits, bad input."""

from __future__ import annotations

import json

import httpx

from tests.api.conftest import Server


def test_screen_one_query_like_the_cli(server: Server) -> None:
    with server.client() as client:
        response = client.post(
            "/screen",
            json={"id": "c1", "query": {"name": "M/s Akhtar & Sons (Pvt.) Ltd., Karachi", "schema": "Organization"}},
        )
    assert response.status_code == 200, response.text
    data = response.json()
    assert {v["label"] for v in data["list_versions"]} >= {"ofac-sdn@1", "un@1"}
    (result,) = data["results"]
    assert result["id"] == "c1" and result["query"]["name"].startswith("M/s Akhtar")
    best = result["matches"][0]
    assert best["entity_id"] == "ofac-sdn:52051" and best["match"] and result["alerts"] >= 1
    assert best["list_version"] == "ofac-sdn@1"
    assert set(best) >= {
        "entity_id",
        "source",
        "source_id",
        "name",
        "schema",
        "score",
        "match",
        "programs",
        "explanation",
    }
    assert any(f["feature"] == "name" and f["explanation"] for f in best["explanation"])


def test_screen_batch_and_filters(server: Server) -> None:
    queries = [
        {"id": "a", "query": {"name": "National Development Complex"}},
        {"id": "b", "query": {"name": "Kim Jong Un", "schema": "Person", "countries": ["kp"]}},
        {"id": "c", "query": {"name": "Zzyzx Qwerty Plumbing"}},
    ]
    with server.client() as client:
        data = client.post("/screen", json={"queries": queries, "sources": ["ofac-sdn"], "limit": 3}).json()
        assert [r["id"] for r in data["results"]] == ["a", "b", "c"]
        assert [v["label"] for v in data["list_versions"]] == ["ofac-sdn@1"]
        assert all(m["source"] == "ofac-sdn" for r in data["results"] for m in r["matches"])
        assert all(len(r["matches"]) <= 3 for r in data["results"])
        assert data["results"][0]["matches"][0]["entity_id"] == "ofac-sdn:52049"
        strict = client.post("/screen", json={"query": {"name": "National Development Complex"}, "threshold": 1.0})
        assert all(m["match"] == (m["score"] >= 1.0) for m in strict.json()["results"][0]["matches"])
        npwmd = client.post("/screen", json={"query": {"name": "National Development"}, "programs": ["npwmd"]})
        assert all("NPWMD" in m["programs"] for m in npwmd.json()["results"][0]["matches"])
        before = client.post("/screen", json={"query": {"name": "Akhtar and Sons"}, "as_of": "2000-01-01"})
        assert before.status_code == 400 and "no lists" in before.json()["detail"]
        unknown = client.post("/screen", json={"query": {"name": "Akhtar and Sons"}, "sources": ["nope"]})
        assert unknown.status_code == 400 and "unknown source" in unknown.json()["detail"]


def test_batch_limit_and_body_limit(server: Server) -> None:
    item = {"query": {"name": "Ali Khan"}}
    with server.client() as client:
        too_many = client.post("/screen", json={"queries": [item] * 1001})
        assert too_many.status_code == 422
        assert any("queries" in e["loc"] for e in too_many.json()["detail"])
        huge = client.post(
            "/screen", content=b'{"query": {"name": "' + b"a" * (5 * 1024 * 1024) + b'"}}',
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert huge.status_code == 413 and "too large" in huge.json()["detail"]

        def chunks() -> object:
            yield b'{"query": {"name": "'
            for _ in range(5):
                yield b"a" * (1024 * 1024)
            yield b'"}}'

        streamed = client.post("/screen", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413


def test_bad_input_is_a_client_error_never_a_500(server: Server) -> None:
    cases: list[tuple[bytes | object, int]] = [
        (b"{not json", 422),
        (b"", 422),
        (b"[]", 422),
        ({"query": {"name": 42}}, 422),
        ({"query": {"name": ["a", "b"]}}, 422),
        ({"query": {"name": "Ali Khan", "countries": "pk"}}, 422),
        ({"query": {"name": "Ali Khan"}, "limit": 0}, 422),
        ({"query": {"name": "Ali Khan"}, "limit": "ten"}, 422),
        ({"query": {"name": "Ali Khan"}, "threshold": 2}, 422),
        ({"query": {"name": "Ali Khan"}, "as_of": "yesterday"}, 422),
        ({"query": {"name": "Ali Khan"}, "queries": [{"query": {"name": "x y"}}]}, 422),
        ({"query": {"name": "Ali Khan", "unknown": 1}}, 422),
        ({"query": {"name": "x" * 1001}}, 422),
        ({"query": {"name": ""}}, 422),
        ({"query": {"name": "???"}}, 400),
        ({"query": {"name": "Ali Khan", "schema": "Planet"}}, 400),
        ({"query": {"name": "Ali Khan", "birth_date": "soon"}}, 400),
        ({"query": {"name": "Ali Khan", "countries": ["Atlantis"]}}, 400),
        ({"query": {"name": "bad\u0000nul"}}, 422),
    ]
    with server.client() as client:
        for body, status in cases:
            if isinstance(body, bytes):
                response = client.post("/screen", content=body, headers={"Content-Type": "application/json"})
            else:
                response = client.post("/screen", json=body)
            assert response.status_code == status, (body, response.text)
            assert "detail" in response.json() and "Traceback" not in response.text
        lone = client.post(
            "/screen", content=b'{"query": {"name": "\\ud800abc"}}', headers={"Content-Type": "application/json"}
        )
        assert lone.status_code == 422


def test_unicode_names(server: Server) -> None:
    names = [
        "كيم جونغ أون",
        "Ким Чен Ын",
        "김정은",
        "金正恩",
        "Akhtar & Sons 🏭",
        "Zoë Ålesund-Øster",
        "a\u0301b\u0301c",
    ]
    with server.client() as client:
        response = client.post("/screen", json={"queries": [{"id": n, "query": {"name": n}} for n in names]})
    assert response.status_code == 200, response.text
    assert [r["id"] for r in response.json()["results"]] == names
    assert [r["query"]["name"] for r in response.json()["results"]] == names


def test_compare(server: Server) -> None:
    with server.client() as client:
        data = client.post("/compare", json={"a": {"name": "Mohammed Ali"}, "b": {"name": "Muhammad Ali"}}).json()
        assert 0 <= data["score"] <= 1 and isinstance(data["match"], bool)
        assert data["explanation"][0]["feature"] == "name"
        assert client.post("/compare", json={"a": {"name": "Ali"}}).status_code == 422


def test_search_entities_lists_diff(server: Server) -> None:
    with server.client("viewer") as client:
        hits = client.get("/search", params={"q": "national development complex", "limit": 3}).json()
        assert hits["results"][0]["id"] == "ofac-sdn:52049" and len(hits["results"]) <= 3
        assert client.get("/search", params={"q": ""}).status_code == 422
        assert client.get("/search", params={"q": "x" * 201}).status_code == 422
        entity = client.get("/entities/ofac-sdn:52051").json()
        assert entity["caption"] == "AKHTAR AND SONS PRIVATE LIMITED" and entity["listed"] is True
        assert [h["from_version"] for h in entity["history"]] == ["ofac-sdn@1"]
        assert entity["history"][0]["entity"]["programs"] == ["NPWMD"]
        assert client.get("/entities/ofac-sdn:0").status_code == 404
        lists = client.get("/lists").json()
        assert {"un@1", "ofac-sdn@1"} <= set(lists["current"])
        diff = client.get("/lists/un/diff").json()
        assert diff["from"] is None and diff["to"] == "un@1" and diff["counts"]["added"] == 1003
        assert client.get("/lists/nope/diff").status_code == 404
        assert client.get("/lists/un/diff", params={"from": 7}).status_code == 404


def test_metrics_count_requests_and_screens(server: Server) -> None:
    with server.client() as client:
        client.post("/screen", json={"query": {"name": "Akhtar and Sons"}})
        text = client.get("/metrics").text
    assert 'proscreen_http_requests_total{method="POST",route="/screen",status="200"}' in text
    assert "proscreen_http_request_duration_seconds_bucket" in text
    assert 'proscreen_screens_total{endpoint="screen"}' in text
    assert 'proscreen_alerts_total{endpoint="screen"}' in text


def test_no_stack_traces_and_generic_errors(server: Server) -> None:
    with server.client() as client:
        for response in (
            client.get("/nowhere"),
            client.put("/screen", json={}),
            client.post(
                "/screen", content=json.dumps({"query": {"name": "Ali"}}), headers={"Content-Type": "text/plain"}
            ),
        ):
            assert response.status_code in (404, 405, 422), response.text
            assert "Traceback" not in response.text and "detail" in response.json()
    assert "server" not in {k.lower() for k in httpx.get(server.url + "/healthz").headers}
