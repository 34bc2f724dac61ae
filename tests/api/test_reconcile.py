"""/reconcile: every response validates against the Reconciliation API 0.2 schemas; invalid examples are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT7

from tests.api.conftest import Server
from tests.conftest import SHARED

SPEC = SHARED / "specs" / "reconciliation-0.2"


@pytest.fixture(scope="module")
def registry() -> Registry:
    if not SPEC.is_dir():
        pytest.skip("the shared reconciliation specs are not beside the repository")
    resources = []
    for path in sorted((SPEC / "schemas").glob("*.json")):
        schema = json.loads(path.read_text())
        resources.append((schema["$id"].rstrip("#"), DRAFT7.create_resource(schema)))
    return Registry().with_resources(resources)


def validate(registry: Registry, name: str, document: Any) -> None:
    schema = json.loads((SPEC / "schemas" / f"{name}.json").read_text())
    jsonschema.Draft7Validator(schema, registry=registry).validate(document)


def examples(kind: str, validity: str) -> list[Path]:
    return sorted((SPEC / "examples" / kind / validity).glob("*.json"))


def test_schemas_resolve_locally(registry: Registry) -> None:
    # the invalid manifest examples are invalid for these schemas too: the $refs resolve without the network
    for path in examples("manifest", "invalid"):
        with pytest.raises(jsonschema.ValidationError):
            validate(registry, "manifest", json.loads(path.read_text()))


def test_manifest_is_public_and_valid(server: Server, registry: Registry) -> None:
    import httpx

    manifest = httpx.get(server.url + "/reconcile").json()
    validate(registry, "manifest", manifest)
    assert manifest["authentication"]["name"] == "X-API-Key"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"Person", "Organization", "Vessel", "Aircraft", "Thing"}


def test_query_batches_form_and_json(server: Server, registry: Registry) -> None:
    batch = {
        "q0": {
            "query": "Akhtar and Sons",
            "type": "Organization",
            "limit": 3,
            "properties": [{"pid": "country", "v": "pk"}],
        },
        "q1": {
            "query": "Kim Jong Un",
            "type": ["Person"],
            "properties": [{"pid": "birth_date", "v": "1984"}, {"pid": "country", "v": ["kp", {"id": "kp"}]}],
        },
        "q2": {"query": "Zzyzx Qwerty"},
        "q3": {"properties": [{"pid": "country", "v": "pk"}]},
        "q4": {"query": "??"},
        "q5": {"query": "Kim Jong Un", "properties": [{"pid": "country", "v": "Atlantis"}]},
    }
    with server.client() as client:
        form = client.post("/reconcile", data={"queries": json.dumps(batch)})
        body = client.post("/reconcile", json=batch)
        get = client.get("/reconcile", params={"queries": json.dumps(batch)})
    for response in (form, body, get):
        assert response.status_code == 200, response.text
        data = response.json()
        validate(registry, "reconciliation-result-batch", data)
        assert set(data) == set(batch)
        assert data["q0"]["result"][0]["id"] == "ofac-sdn:52051" and data["q0"]["result"][0]["match"] is True
        assert len(data["q0"]["result"]) <= 3
        assert data["q3"]["result"] == [] and data["q4"]["result"] == [] and data["q5"]["result"] == []


@pytest.mark.parametrize("path", examples("reconciliation-query-batch", "valid"), ids=lambda p: p.name)
def test_valid_example_batches_are_accepted(server: Server, registry: Registry, path: Path) -> None:
    with server.client() as client:
        response = client.post("/reconcile", data={"queries": path.read_text()})
    assert response.status_code == 200, response.text
    validate(registry, "reconciliation-result-batch", response.json())


@pytest.mark.parametrize("path", examples("reconciliation-query-batch", "invalid"), ids=lambda p: p.name)
def test_invalid_example_batches_are_rejected(server: Server, path: Path) -> None:
    with server.client() as client:
        form = client.post("/reconcile", data={"queries": path.read_text()})
        body = client.post("/reconcile", content=path.read_bytes(), headers={"Content-Type": "application/json"})
    assert form.status_code in (400, 422), form.text
    assert body.status_code in (400, 422), body.text


def test_malformed_batches_are_rejected(server: Server) -> None:
    with server.client() as client:
        for raw in ("{not json", "[]", '{"q0": []}', '{"q0": {"query": 5}}', '{"q0": {"query": "x", "limit": -1}}'):
            response = client.post("/reconcile", data={"queries": raw})
            assert response.status_code in (400, 422), (raw, response.text)
        assert client.post("/reconcile", data={"other": "x"}).status_code == 400
        too_many = {f"q{i}": {"query": "Ali Khan"} for i in range(1001)}
        assert client.post("/reconcile", data={"queries": json.dumps(too_many)}).status_code == 400


def test_suggest_and_preview(server: Server, registry: Registry) -> None:
    with server.client() as client:
        entities = client.get("/reconcile/suggest/entity", params={"prefix": "akhtar and sons"}).json()
        validate(registry, "suggest-entities-response", entities)
        assert entities["result"][0]["id"] == "ofac-sdn:52051"
        types = client.get("/reconcile/suggest/type", params={"prefix": "pe"}).json()
        validate(registry, "suggest-types-response", types)
        assert [t["id"] for t in types["result"]] == ["Person"]
        props = client.get("/reconcile/suggest/property", params={"prefix": ""}).json()
        validate(registry, "suggest-properties-response", props)
        assert {p["id"] for p in props["result"]} >= {"country", "birth_date"}
        preview = client.get("/reconcile/preview", params={"id": "ofac-sdn:52051"})
        assert preview.status_code == 200 and "AKHTAR AND SONS" in preview.text
        assert preview.headers["content-type"].startswith("text/html")
        assert client.get("/reconcile/preview", params={"id": "<script>"}).status_code == 404
