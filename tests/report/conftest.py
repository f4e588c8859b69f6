"""A small hand-built corpus: three reports of one fictional flood, every stage filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from triangulate.model import (
    AlignedSentence,
    Article,
    Claim,
    ClaimValue,
    Corpus,
    Entity,
    Evidence,
    Family,
    Finding,
    Quote,
    Span,
    Story,
    TimelineEntry,
)
from triangulate.report import build_report

WHEN = datetime(2024, 12, 20, 9, 30, tzinfo=UTC)

GAZETTE = (
    "Floodwaters forced 1,200 residents from their homes in Marlow on Tuesday, officials "
    "said.\n"
    "Mayor Jane Ortiz said the river peaked at 5.4 metres overnight.\n"
    "\"We have never seen water this high,\" Ortiz told reporters.\n"
    "A senior emergency official, speaking on condition of anonymity, said two bridges had "
    "been closed."
)
COURIER = (
    "About 900 residents were evacuated from Marlow on Tuesday as the river burst its banks.\n"
    "Mayor Jane Ortiz said the river peaked at 5.1 metres on Monday night.\n"
    "\"We have never seen the water this high,\" Ortiz said.\n"
    "Roads will reopen on Dec. 19, according to the county highways office."
)
WIRE = COURIER.replace("About 900", "Some 900")


def span_of(article: Article, needle: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th ``needle`` in the article's text."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(needle, start + 1)
    return article.span(start, start + len(needle))


def _claim(article: Article, cid: str, sentence: int, text: str, **extra: Any) -> Claim:
    return Claim(id=cid, span=span_of(article, text), sentence=sentence, **extra)


def make_corpus() -> Corpus:
    a1 = Article(id="gazette-1", text=GAZETTE, title="Flood forces 1,200 from homes in Marlow",
                 outlet="Riverside Gazette", published="2024-12-03",
                 url="https://gazette.example/flood", source_path="in/gazette-1.txt")
    a2 = Article(id="courier-7", text=COURIER, title="Marlow evacuates 900 as river bursts banks",
                 outlet="Daily Courier", published="2024-12-03T18:04:00Z", url=None)
    a3 = Article(id="wire-3", text=WIRE, title="Marlow evacuates 900 as river bursts banks",
                 outlet="Courier Wire", published=None)

    a1.quotes = [Quote(id="gazette-1:q1", span=span_of(a1, "We have never seen water this high"),
                       speaker="Ortiz", speaker_span=span_of(a1, "Ortiz", 1),
                       speaker_entity="e-ortiz", cue="told", cue_span=span_of(a1, "told"))]
    a2.quotes = [Quote(id="courier-7:q1",
                       span=span_of(a2, "We have never seen the water this high"),
                       speaker="Ortiz", speaker_entity="e-ortiz", cue="said")]
    a1.claims = [
        _claim(a1, "gazette-1:c2", 1,
               "Mayor Jane Ortiz said the river peaked at 5.4 metres overnight.",
               subject="e-ortiz", subject_text="Mayor Jane Ortiz",
               subject_span=span_of(a1, "Mayor Jane Ortiz"),
               speaker="Jane Ortiz", speaker_entity="e-ortiz",
               values=[ClaimValue(kind="quantity", span=span_of(a1, "5.4 metres"),
                                  value="5.4 m", low=5.4, high=5.4, unit="m",
                                  measure="level")]),
        _claim(a1, "gazette-1:c1", 0,
               "Floodwaters forced 1,200 residents from their homes in Marlow on Tuesday"),
        _claim(a1, "gazette-1:c4", 3, "said two bridges had been closed", anonymous=True,
               speaker="A senior emergency official"),
    ]
    a2.claims = [
        _claim(a2, "courier-7:c1", 0, "About 900 residents were evacuated from Marlow"),
        _claim(a2, "courier-7:c2", 1,
               "Mayor Jane Ortiz said the river peaked at 5.1 metres on Monday night."),
        _claim(a2, "courier-7:c4", 3, "Roads will reopen on Dec. 19", hedged=True),
    ]
    a3.claims = [_claim(a3, "wire-3:c1", 0, "Some 900 residents were evacuated from Marlow")]

    def ev(article: Article, text: str, claim: str | None = None) -> Evidence:
        return Evidence.of(span_of(article, text), claim)

    findings = [
        Finding(id="f1", kind="corroborated", story="s1",
                summary="Mayor Jane Ortiz said the river peaked overnight.",
                evidence=[ev(a1, "Mayor Jane Ortiz said the river peaked"),
                          ev(a2, "Mayor Jane Ortiz said the river peaked")],
                independent_sources=2, score=0.4),
        Finding(id="f2", kind="conflict", story="s1",
                summary="How many residents left Marlow: 1,200 or about 900.",
                evidence=[ev(a1, "1,200 residents", "gazette-1:c1"),
                          ev(a2, "About 900 residents", "courier-7:c1")],
                independent_sources=2, score=0.9),
        Finding(id="f3", kind="single_source", story="s1",
                summary="Only the Courier family says roads will reopen on Dec. 19.",
                evidence=[ev(a2, "Roads will reopen on Dec. 19", "courier-7:c4")],
                independent_sources=1, score=0.5),
        Finding(id="f4", kind="anonymous_source", story="s1",
                summary="Bridge closures rest on an unnamed official.",
                evidence=[ev(a1, "speaking on condition of anonymity", "gazette-1:c4")],
                independent_sources=1, score=0.3),
        Finding(id="f5", kind="unverified_source", story="s1",
                summary="The county highways office is cited by one outlet only.",
                evidence=[ev(a2, "according to the county highways office")],
                independent_sources=1, score=0.2),
    ]
    timeline = [
        TimelineEntry(date="2024-12-03", article="gazette-1", story="s1", event="evacuation",
                      articles=["gazette-1", "courier-7"],
                      **_flat(span_of(a1, "from their homes in Marlow on Tuesday"))),
        TimelineEntry(date="--12-19", article="courier-7", story="s1", event="roads reopen",
                      **_flat(span_of(a2, "Roads will reopen on Dec. 19"))),
    ]
    family = Family(id="fam1", articles=["courier-7", "wire-3"], similarity=0.94, story="s1",
                    alignment=[AlignedSentence(status="changed",
                                               left=span_of(a2, "About 900 residents"),
                                               right=span_of(a3, "Some 900 residents"),
                                               similarity=0.9),
                               AlignedSentence(status="kept", left=None, right=None)])
    return Corpus(
        articles=[a1, a2, a3],
        entities=[Entity(id="e-ortiz", name="Jane Ortiz", type="PERSON", aliases=["Ortiz"],
                         articles=["gazette-1", "courier-7", "wire-3"], mentions=5),
                  Entity(id="e-marlow", name="Marlow", type="GPE",
                         articles=["gazette-1", "courier-7", "wire-3"], mentions=3)],
        stories=[Story(id="s1", title="Flooding in Marlow",
                       articles=["gazette-1", "courier-7", "wire-3"])],
        families=[family],
        findings=findings,
        timeline=timeline,
    )


def _flat(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


@pytest.fixture
def corpus() -> Corpus:
    return make_corpus()


@pytest.fixture
def report(corpus: Corpus) -> dict[str, Any]:
    return build_report(corpus, generated_at=WHEN)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """Records tags, ids, hrefs and nesting errors of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value))
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value is not None:
                self.hrefs.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture
def parse() -> Callable[[str], Page]:
    """Parse a page, recording tags, ids, hrefs and nesting errors."""
    return _parse
