"""Hostile article text, titles, outlets, urls and ids stay text; every answer is guarded."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import HOSTILE, HOSTILE_ID
from fastapi import FastAPI
from fastapi.testclient import TestClient
from page_parser import assert_inert

from triangulate.web.security import CSP, HEADERS

PAGES = ["/", "/stories/s1", "/findings", "/findings?kind=conflict", "/articles/gazette-1",
         "/articles/" + quote(HOSTILE_ID, safe=""), "/stories/nope"]


@pytest.mark.parametrize("url", PAGES)
def test_hostile_input_never_becomes_markup(client: TestClient, url: str) -> None:
    html = client.get(url).text
    assert_inert(html)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_payload_is_shown_as_text(client: TestClient, name: str) -> None:
    html = client.get("/stories/s1").text
    # escaped, so the browser shows the characters the article holds
    escaped = (HOSTILE[name].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&#34;").replace("'", "&#39;"))
    assert escaped in html


def test_template_syntax_is_not_evaluated(client: TestClient) -> None:
    for url in ("/stories/s1", "/articles/" + quote(HOSTILE_ID, safe=""), "/findings"):
        html = client.get(url).text
        assert "{{ 7*7 }}" in html
        assert "{{ config }}" in html  # a raw block in the input is not a raw block here


def test_javascript_url_is_not_a_link(client: TestClient) -> None:
    html = client.get("/articles/" + quote(HOSTILE_ID, safe="")).text
    assert '<span class="url">javascript:window.__pwned=1</span>' in html


@pytest.mark.parametrize("url", [*PAGES, "/static/app.css", "/api/stories", "/api/stories/nope",
                                 "/openapi.json", "/upload"])
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    answer = client.get(url)
    for name, value in HEADERS.items():
        assert answer.headers[name] == value
    assert "frame-ancestors 'none'" in CSP and "script-src" not in CSP
    assert "'unsafe-inline'" not in CSP


def test_errors_inside_the_app_keep_the_headers(app: FastAPI,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.state.data, "story_corpus", broken)
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    answer = client.get("/stories/s1")
    assert answer.status_code == 500 and "boom" not in answer.text
    assert answer.headers["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "attacker:8000"])
def test_other_host_names_are_refused(client: TestClient, host: str) -> None:
    # a page elsewhere that rebinds its name to 127.0.0.1 must not read the store
    answer = client.get("/api/stories", headers={"host": host})
    assert answer.status_code == 400
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_loopback_host_names_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/stories", headers={"host": host}).status_code == 200
