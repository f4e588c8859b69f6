"""A small store for the web app: two reports of one fictional flood, one of them hostile.

Built through the store API (no NLP pipeline), so the web tests run in seconds. The
hostile article carries markup, script, event handlers, a javascript: URL, a closing
textarea and template syntax in every string a page shows: id, title, outlet, url, text,
and in the story title and a finding summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from triangulate.model import (
    AlignedSentence,
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Entity,
    Evidence,
    Family,
    Finding,
    Quote,
    Sentence,
    Span,
    Story,
    TimelineEntry,
)
from triangulate.store import open_store
from triangulate.web.app import create_app

# every payload sets window.__pwned or changes the title if it ever runs
HOSTILE = {
    "script": "<script>window.__pwned = 1; document.title = 'PWNED'</script>",
    "img": "<img src=x onerror=\"window.__pwned = 1\">",
    "svg": "<svg onload=\"window.__pwned = 1\"><circle r=5></svg>",
    "javascript": "javascript:window.__pwned=1",
    "broken": "<div class=\"x\"><b>unclosed <i>tags</p></mark></svg></table>",
    "textarea": "</textarea><script>window.__pwned = 1</script>",
    "template": "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7}",
    "attribute": "\" onmouseover=\"window.__pwned = 1\" data-x=\"",
    "style": "<style>body { display: none }</style>",
}
HOSTILE_ID = "<script>x</script>/../evil?&#"

CALM = (
    "Floodwaters forced 1,200 residents from their homes in Marlow on Tuesday, officials "
    "said.\n"
    "Mayor Jane Ortiz said the river peaked at 5.4 metres overnight.\n"
    "\"We have never seen water this high,\" Ortiz told reporters."
)
EVIL = (
    "About 900 residents were evacuated from Marlow on Tuesday " + HOSTILE["script"] + ".\n"
    "Mayor Jane Ortiz said the river peaked at 5.1 metres " + HOSTILE["img"] + " overnight.\n"
    "\"We have never seen the water this high " + HOSTILE["textarea"] + "\", Ortiz said.\n"
    + HOSTILE["template"] + " " + HOSTILE["broken"] + " " + HOSTILE["svg"] + " "
    + HOSTILE["attribute"] + " " + HOSTILE["style"]
)


def span_of(article: Article, needle: str) -> Span:
    start = article.text.index(needle)
    return article.span(start, start + len(needle))


def _sentences(article: Article) -> list[Sentence]:
    out, start = [], 0
    for line in article.text.split("\n"):
        out.append(Sentence(start=start, end=start + len(line)))
        start += len(line) + 1
    return out


def make_corpus() -> Corpus:
    calm = Article(id="gazette-1", text=CALM, title="Flood forces 1,200 from homes in Marlow",
                   outlet="Riverside Gazette", published="2024-12-03",
                   url="https://gazette.example/flood")
    evil = Article(id=HOSTILE_ID, text=EVIL, title=HOSTILE["script"] + HOSTILE["template"],
                   outlet=HOSTILE["img"], published="2024-12-03", url=HOSTILE["javascript"],
                   source_path=HOSTILE["textarea"])
    for a in (calm, evil):
        a.sentences = _sentences(a)
    calm.quotes = [Quote(id="gazette-1:q1",
                         span=span_of(calm, "We have never seen water this high"),
                         speaker="Ortiz", speaker_entity="e-ortiz", cue="told")]
    evil.quotes = [Quote(id="evil:q1", span=span_of(
        evil, "We have never seen the water this high " + HOSTILE["textarea"]),
        speaker=HOSTILE["attribute"], cue="said")]
    count_calm = span_of(calm, "1,200 residents")
    count_evil = span_of(evil, "About 900 residents")
    calm.claims = [Claim(id="gazette-1:c1", span=span_of(calm, CALM.split("\n")[0]), sentence=0,
                         values=[ClaimValue(kind="quantity", span=count_calm, value="1200",
                                            low=1200, high=1200, unit="count")])]
    evil.claims = [Claim(id="evil:c1", span=evil.span(0, evil.text.index("\n")), sentence=0,
                         values=[ClaimValue(kind="quantity", span=count_evil, value="900",
                                            low=900, high=900, unit="count")])]
    ids = [calm.id, evil.id]
    findings = [
        Finding(id="f-conflict", kind="conflict", story="s1",
                summary="How many left Marlow: " + HOSTILE["script"],
                evidence=[Evidence.of(count_calm, "gazette-1:c1"),
                          Evidence.of(count_evil, "evil:c1")],
                independent_sources=2, score=0.9),
        Finding(id="f-single", kind="single_source", story="s1",
                summary="Only one report has " + HOSTILE["template"],
                evidence=[Evidence.of(span_of(evil, HOSTILE["template"]))],
                independent_sources=1, score=0.5),
        Finding(id="f-anon", kind="anonymous_source", story="s1",
                summary="Evacuation figure rests on unnamed officials",
                evidence=[Evidence.of(span_of(calm, "officials said"))],
                independent_sources=1, score=0.3),
    ]
    left, right = calm.span(0, len(CALM.split("\n")[0])), evil.span(0, evil.text.index("\n"))
    family = Family(id="fam1", articles=ids, similarity=0.7, story="s1", alignment=[
        AlignedSentence(status="changed", left=left, right=right, similarity=0.7),
        AlignedSentence(status="added", left=None, right=span_of(evil, HOSTILE["broken"]))])
    timeline = [TimelineEntry(date="2024-12-03", article=evil.id, story="s1",
                              event=HOSTILE["svg"], articles=ids,
                              **_flat(span_of(evil, "on Tuesday " + HOSTILE["script"])))]
    return Corpus(
        articles=[calm, evil],
        entities=[Entity(id="e-ortiz", name="Jane Ortiz", type="PERSON", articles=ids,
                         mentions=2)],
        stories=[Story(id="s1", title="Flooding in Marlow " + HOSTILE["textarea"],
                       articles=ids)],
        families=[family],
        claim_groups=[ClaimGroup(id="g1", story="s1", claims=["gazette-1:c1", "evil:c1"],
                                 articles=ids, label="How many were evacuated")],
        findings=findings, timeline=timeline)


def _flat(span: Span) -> dict[str, object]:
    return {"start": span.start, "end": span.end, "text": span.text}


def fill(db: str) -> None:
    corpus = make_corpus()
    with open_store(db) as store:
        store.add_articles(corpus.articles)
        store.save_results(corpus)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "web.db")
    fill(path)
    return path


@pytest.fixture
def app(db: str) -> FastAPI:
    return create_app(db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
