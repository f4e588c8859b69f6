"""The JSON API: stories, one story as a contract report, articles, findings, OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from triangulate.report import validate_report


def test_story_list(client: TestClient) -> None:
    data = client.get("/api/stories").json()
    assert data["total"] == 1 and data["offset"] == 0
    assert data["stories"] == [{"id": "s1", "title": data["stories"][0]["title"],
                                "articles": 2, "outlets": 2, "conflicts": 1,
                                "single_source": 1, "findings": 3}]
    assert client.get("/api/stories", params={"offset": 1}).json()["stories"] == []
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422


def test_one_story_is_a_valid_report_of_that_story(client: TestClient) -> None:
    story = client.get("/api/stories/s1").json()
    validate_report(story)  # the contract's schema, and every span's text
    assert [s["id"] for s in story["stories"]] == ["s1"]
    assert {f["id"] for f in story["findings"]} == {"f-conflict", "f-single", "f-anon"}
    assert [f["id"] for f in story["families"]] == ["fam1"]
    assert [g["id"] for g in story["claim_groups"]] == ["g1"]
    assert len(story["timeline"]) == 1 and len(story["quotes"]) == 2
    assert [e["id"] for e in story["entities"]] == ["e-ortiz"]


def test_article_with_quotes_claims_and_stories(client: TestClient) -> None:
    article = client.get("/api/articles/gazette-1").json()
    assert article["outlet"] == "Riverside Gazette"
    assert article["text"][article["quotes"][0]["start"]:article["quotes"][0]["end"]] == \
        article["quotes"][0]["text"]
    assert [c["id"] for c in article["claims"]] == ["gazette-1:c1"]
    assert article["stories"] == ["s1"]


def test_findings_by_kind_and_story(client: TestClient) -> None:
    everything = client.get("/api/findings").json()
    assert [f["id"] for f in everything["findings"]] == ["f-conflict", "f-single", "f-anon"]
    conflicts = client.get("/api/findings", params={"kind": "conflict"}).json()
    assert conflicts["total"] == 1 and conflicts["kind"] == "conflict"
    evidence = conflicts["findings"][0]["evidence"]
    assert [e["text"] for e in evidence] == ["1,200 residents", "About 900 residents"]
    assert client.get("/api/findings", params={"story": "other"}).json()["total"] == 0
    page = client.get("/api/findings", params={"offset": 1, "limit": 1}).json()
    assert page["total"] == 3 and [f["id"] for f in page["findings"]] == ["f-single"]


def test_unknown_ids_are_json_404s(client: TestClient) -> None:
    for url in ("/api/stories/nope", "/api/articles/nope"):
        answer = client.get(url)
        assert answer.status_code == 404
        assert answer.json()["code"] == "T402"
        assert "nope" in answer.json()["detail"]


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) == {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                          "/api/findings"}
    story = paths["/api/stories/{story_id}"]["get"]
    assert story["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/StoryReport")
    assert "404" in story["responses"]
    kinds = [p for p in paths["/api/findings"]["get"]["parameters"] if p["name"] == "kind"]
    assert kinds and "conflict" in kinds[0]["description"]
    assert "FindingOut" in spec["components"]["schemas"]
    # no interactive docs: they would load script from a CDN
    assert client.get("/docs").status_code == 404
