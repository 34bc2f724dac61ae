"""/match/{dataset}: yente's request and response shape."""

from __future__ import annotations

from tests.api.conftest import Server

QUERIES = {
    "queries": {
        "person": {
            "schema": "Person",
            "properties": {"name": ["Kim Jong Un"], "birthDate": ["1984-01-08"], "nationality": ["kp"]},
        },
        "company": {
            "schema": "Company",
            "properties": {
                "name": ["Akhtar and Sons Private Limited"],
                "jurisdiction": ["pk"],
                "alias": ["Akhtar Sons"],
            },
        },
        "vessel": {"schema": "Vessel", "properties": {"name": "SEA STAR", "imoNumber": ["9999999"]}},
    }
}
RESULT_FIELDS = {"id", "caption", "schema", "properties", "datasets", "score", "match", "features", "explanations"}


def test_match_response_has_yentes_shape(server: Server) -> None:
    with server.client(None, Authorization=f"ApiKey {server.keys['analyst']}") as client:
        response = client.post(
            "/match/default", json=QUERIES, params={"threshold": 0.7, "limit": 3, "algorithm": "logic-v2"}
        )
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) >= {"responses", "limit"} and data["limit"] == 3
    assert set(data["responses"]) == {"person", "company", "vessel"}
    assert response.headers["x-batch-size"] == "3"
    for key, matches in data["responses"].items():
        assert matches["status"] == 200
        assert matches["total"]["relation"] == "eq" and matches["total"]["value"] == len(matches["results"])
        assert matches["query"]["schema"] == QUERIES["queries"][key]["schema"]
        assert len(matches["results"]) <= 3
        for result in matches["results"]:
            assert set(result) >= RESULT_FIELDS
            assert all(isinstance(v, list) for v in result["properties"].values())
            assert 0 <= result["score"] <= 1 and result["match"] == (result["score"] >= 0.7)
            assert all(isinstance(v, float) for v in result["features"].values())
            assert all(set(e) >= {"score", "detail"} for e in result["explanations"].values())
    company = data["responses"]["company"]["results"][0]
    assert company["id"] == "ofac-sdn:52051" and company["match"] and company["datasets"] == ["ofac-sdn"]
    assert "AKHTAR AND SONS PRIVATE LIMITED" in company["properties"]["name"]
    person = data["responses"]["person"]["results"][0]
    assert person["caption"] == "KIM, Jong Un" and person["schema"] == "Person"


def test_match_dataset_selects_sources(server: Server) -> None:
    body = {"queries": {"q": {"schema": "Organization", "properties": {"name": ["National Development Complex"]}}}}
    with server.client() as client:
        un = client.post("/match/un", json=body).json()
        assert all(r["datasets"] == ["un"] for r in un["responses"]["q"]["results"])
        ofac = client.post("/match/ofac-sdn", json=body).json()
        assert ofac["responses"]["q"]["results"][0]["id"] == "ofac-sdn:52049"
        excluded = client.post("/match/default", json=body, params={"exclude_entity_ids": ["ofac-sdn:52049"]}).json()
        assert all(r["id"] != "ofac-sdn:52049" for r in excluded["responses"]["q"]["results"])
        only_un = client.post("/match/default", json=body, params={"include_dataset": ["un"]}).json()
        assert all(r["datasets"] == ["un"] for r in only_un["responses"]["q"]["results"])
        assert client.post("/match/nope", json=body).status_code == 404


def test_match_bad_examples(server: Server) -> None:
    with server.client() as client:
        no_name = client.post(
            "/match/default", json={"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1980"]}}}}
        )
        assert no_name.status_code == 400 and "no name" in no_name.json()["detail"]
        bad_schema = client.post(
            "/match/default", json={"queries": {"q": {"schema": "Planet", "properties": {"name": ["X Y"]}}}}
        )
        assert bad_schema.status_code == 400
        assert (
            client.post("/match/default", json={"queries": {"q": {"properties": {"name": ["X Y"]}}}}).status_code == 422
        )
        assert client.post("/match/default", json={"queries": []}).status_code == 422
        too_many = {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": ["A B"]}} for i in range(1001)}}
        assert client.post("/match/default", json=too_many).status_code == 422
        assert client.post("/match/default", json={"queries": {}}, params={"limit": 0}).status_code == 422
