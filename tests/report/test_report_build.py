"""build_report: the contract's fields, order and determinism."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from triangulate.model import Corpus
from triangulate.report import build_report, validate_report

CONTRACT_KEYS = ["version", "generated_at", "articles", "stories", "families", "entities",
                 "quotes", "claims", "findings", "timeline"]


def test_report_follows_the_contract(report: dict[str, Any]) -> None:
    validate_report(report)
    assert list(report)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert report["version"] == 1
    assert report["generated_at"] == "2024-12-20T09:30:00+00:00"


def test_article_fields(report: dict[str, Any]) -> None:
    first = report["articles"][0]
    assert list(first)[:7] == ["id", "title", "outlet", "published", "url", "source_path", "text"]
    assert [a["id"] for a in report["articles"]] == ["gazette-1", "courier-7", "wire-3"]
    # a timestamp keeps its calendar date: the contract's field is YYYY-MM-DD
    assert report["articles"][1]["published"] == "2024-12-03"
    assert report["articles"][2]["published"] is None


def test_quotes_are_flattened_with_their_article(report: dict[str, Any]) -> None:
    quotes = {q["id"]: q for q in report["quotes"]}
    q = quotes["gazette-1:q1"]
    assert (q["article"], q["speaker"], q["speaker_entity"], q["cue"]) == (
        "gazette-1", "Ortiz", "e-ortiz", "told")
    text = report["articles"][0]["text"]
    assert text[q["start"]:q["end"]] == q["text"] == "We have never seen water this high"
    assert q["cue_span"]["text"] == "told"
    assert quotes["courier-7:q1"]["speaker_span"] is None


def test_claims_are_in_text_order_with_their_flags(report: dict[str, Any]) -> None:
    ids = [c["id"] for c in report["claims"] if c["article"] == "gazette-1"]
    assert ids == ["gazette-1:c1", "gazette-1:c2", "gazette-1:c4"]
    claims = {c["id"]: c for c in report["claims"]}
    assert claims["gazette-1:c4"]["anonymous"] is True
    assert claims["courier-7:c4"]["hedged"] is True
    assert claims["gazette-1:c2"]["values"][0]["text"] == "5.4 metres"
    assert claims["gazette-1:c2"]["subject"] == "e-ortiz"


def test_findings_keep_the_pipeline_ranking(report: dict[str, Any]) -> None:
    assert [f["id"] for f in report["findings"]] == ["f1", "f2", "f3", "f4", "f5"]
    conflict = report["findings"][1]
    assert conflict["evidence"][0] == {"article": "gazette-1", "start": 19, "end": 34,
                                       "text": "1,200 residents", "claim": "gazette-1:c1"}


def test_timeline_and_families(report: dict[str, Any]) -> None:
    assert [t["date"] for t in report["timeline"]] == ["2024-12-03", "--12-19"]
    assert report["timeline"][0]["articles"] == ["gazette-1", "courier-7"]
    family = report["families"][0]
    assert (family["articles"], family["similarity"]) == (["courier-7", "wire-3"], 0.94)


def test_same_corpus_same_json(corpus: Corpus) -> None:
    when = datetime(2025, 1, 2, 3, 4, 5)  # naive: taken as UTC
    first = json.dumps(build_report(corpus, generated_at=when))
    # stage order must not matter: quotes and claims are reported in text order
    for article in corpus.articles:
        article.claims.reverse()
    assert json.dumps(build_report(corpus, generated_at=when)) == first
    assert build_report(corpus, generated_at=when)["generated_at"] == "2025-01-02T03:04:05+00:00"


def test_non_finite_numbers_never_reach_json(corpus: Corpus) -> None:
    corpus.families[0].similarity = float("nan")
    corpus.findings[0].score = float("inf")
    report = build_report(corpus)
    json.dumps(report, allow_nan=False)
    validate_report(report)


def test_empty_corpus_is_a_valid_report() -> None:
    report = build_report(Corpus())
    validate_report(report)
    assert report["articles"] == [] and report["findings"] == []
