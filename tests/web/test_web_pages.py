"""Server-rendered pages: the story list, a story, an article, findings; links land."""

from __future__ import annotations

import re
from urllib.parse import quote

from conftest import HOSTILE_ID
from fastapi.testclient import TestClient
from page_parser import parse


def test_story_list_shows_counts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'href="/stories/s1"' in html
    row = re.search(r'<a class="story-title" href="/stories/s1">.*?</tr>', html, re.S)
    assert row
    cells = re.findall(r'<td class="num[^"]*">(\d+)</td>', row.group(0))
    assert cells == ["2", "2", "1", "1", "3"]  # articles, outlets, conflicts, single, all


def test_story_page_has_every_part_and_every_link_lands(client: TestClient) -> None:
    html = client.get("/stories/s1").text
    page = parse(html)
    for part in ("Findings", "Claims by source", "Quotes by speaker", "Timeline",
                 "Copies and rewrites", "Source texts"):
        assert part in html
    assert len(page.ids) == len(set(page.ids))
    targets = {h[1:] for h in page.hrefs if h.startswith("#")}
    assert targets and targets <= set(page.ids)
    # the conflict's evidence links to its span, marked in the full text
    assert 'id="finding-f-conflict"' in html
    anchor = re.search(r'<a class="jump" href="#(art-0-\d+-\d+)">Show in article', html)
    assert anchor and re.search(rf'<mark class="[^"]*k-conflict[^"]*" id="{anchor.group(1)}"',
                                html)


def test_matrix_marks_the_conflicting_articles(client: TestClient) -> None:
    html = client.get("/stories/s1").text
    matrix = re.search(r'<table class="matrix">.*?</table>', html, re.S)
    assert matrix
    assert matrix.group(0).count('class="cell contradicts"') == 2
    assert "How many were evacuated" in matrix.group(0)


def test_article_page_marks_quotes_and_claims(client: TestClient) -> None:
    html = client.get("/articles/gazette-1").text
    assert '<mark class="quote" id="q-0"' in html and '<mark class="claim" id="c-0"' in html
    assert 'href="/stories/s1"' in html


def test_ids_with_slashes_and_markup_are_reachable(client: TestClient) -> None:
    url = "/articles/" + quote(HOSTILE_ID, safe="")
    assert client.get(url).status_code == 200
    assert client.get("/api" + url).json()["id"] == HOSTILE_ID
    # links to it are percent-encoded, never raw
    findings = client.get("/findings").text
    assert 'href="' + url + '"' in findings


def test_findings_page_filters_by_kind(client: TestClient) -> None:
    html = client.get("/findings", params={"kind": "conflict"}).text
    assert "/stories/s1#finding-f-conflict" in html
    assert "finding-f-single" not in html
    assert 'aria-current="page"' in html
    everything = client.get("/findings").text
    assert "finding-f-single" in everything and "finding-f-anon" in everything


def test_unknown_pages_are_404_pages(client: TestClient) -> None:
    for url in ("/stories/nope", "/articles/nope", "/no/such/page"):
        page = client.get(url)
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
    html = client.get("/stories/nope").text
    assert "no story &#39;nope&#39; in this store" in html and "T402" in html


def test_bad_query_is_a_clear_error(client: TestClient) -> None:
    page = client.get("/", params={"page": "0"})
    assert page.status_code == 422 and "page" in page.text


def test_stylesheet_is_served_and_pages_use_no_inline_style(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".matrix" in css.text and ".pager" in css.text
    for url in ("/", "/stories/s1", "/findings", "/articles/gazette-1"):
        page = parse(client.get(url).text)
        assert "style" not in page.tags
        assert not [a for a in page.attrs if a[1] == "style"]
        assert "script" not in page.tags
