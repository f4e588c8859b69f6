"""Claims on small real-shaped sentences, with the real spaCy model and the real stages."""

from __future__ import annotations

import pytest

from triangulate.extract.claims import format_interval, masked_predicate
from triangulate.model import Article
from triangulate.pipeline.engine import LocalEngine
from triangulate.pipeline.registry import DEFAULT_ARTICLE_STAGES


def annotate(text: str, published: str | None = "2024-12-20") -> Article:
    article = Article(id="t", text=text, published=published)
    (batch,) = LocalEngine().map_batches(DEFAULT_ARTICLE_STAGES, [[article]])
    return batch[0]


def test_independent_clauses_become_separate_claims() -> None:
    a = annotate("The army moved 300 tanks to the border, and the government denied any plan "
                 "to invade.")
    texts = [c.span.text for c in a.claims]
    assert len(texts) == 2, texts
    assert texts == ["The army moved 300 tanks to the border",
                     "the government denied any plan to invade."]


def test_shared_subject_coordination_stays_one_claim() -> None:
    a = annotate("The minister arrived in Minsk on Friday and met the president.")
    assert len(a.claims) == 1


def test_values_subject_and_masked_predicate() -> None:
    a = annotate("The missile can strike targets up to 300 kilometers away, officials said "
                 "on December 19th.")
    (claim,) = a.claims
    kinds = {v.kind for v in claim.values}
    assert {"quantity", "date"} <= kinds
    q = next(v for v in claim.values if v.kind == "quantity")
    assert q.span.text == "up to 300 kilometers" and q.high == 300_000 and q.unit == "m"
    assert "<num>" in claim.predicate and "300" not in claim.predicate
    assert claim.subject_text == "The missile"
    assert claim.anonymous  # "officials said"


@pytest.mark.parametrize(("text", "flag"), [
    ("The ministry reportedly moved the launchers to the west of the country.", "hedged"),
    ("The ministry did not confirm that the launchers had been moved.", "negated"),
])
def test_certainty_flags(text: str, flag: str) -> None:
    (claim,) = annotate(text).claims
    assert getattr(claim, flag)


def test_headings_questions_and_fragments_are_not_claims() -> None:
    a = annotate("Deterrence or Dependence?\nWhat is the system?\nThe system was placed on "
                 "combat duty last week.")
    assert [c.span.text for c in a.claims] == ["The system was placed on combat duty last week."]


def test_prediction_is_not_checkable() -> None:
    (claim,) = annotate("The deployment will lead to a new arms race in the region.").claims
    assert not claim.checkable


def test_claim_spans_match_text() -> None:
    a = annotate("Belarus’ Defense Minister Victor Khrenin confirmed the deployment. "
                 "“We say: no, we don’t want to fight,” Khrenin added.")
    for c in a.claims:
        assert a.text[c.span.start:c.span.end] == c.span.text
        for v in c.values:
            assert a.text[v.span.start:v.span.end] == v.span.text
    quoted = [c for c in a.claims if "We say" in c.span.text]
    assert quoted and quoted[0].quote and "Khrenin" in (quoted[0].speaker or "")


def test_interval_format_and_masking() -> None:
    assert format_interval(100.0, 1000.0, "m", True, False) == "[100, 1000) m"
    assert format_interval(5_500_000.0, None, "m") == "[5.5e+06, inf) m"
    assert masked_predicate("About 40 people came.", 0, []) == "about 40 people came."
