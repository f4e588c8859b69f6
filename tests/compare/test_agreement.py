"""Agreement and contradiction between two statements: each cue, the verdict, the cascade."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from triangulate.compare import agreement
from triangulate.compare.agreement import (
    AGREE,
    CONTRADICT,
    NEUTRAL,
    ConfirmingJudge,
    Cue,
    Judgement,
    RuleJudge,
    combine,
    contradiction_cues,
    coverage,
    date_cues,
    judge,
    judge_many,
    negation_cues,
    number_cues,
    verdict,
)

# (a, b, the cue kinds expected between them: empty for none)
CUES: list[tuple[str, str, set[str]]] = [
    # negation
    ("The ministry said the missile had been fired.",
     "The ministry said the missile had not been fired.", {"negation"}),
    ("The company denied that it had closed the plant.",
     "The company said it had closed the plant.", {"negation"}),
    ("The mayor did not attend the meeting.",
     "The mayor never attended the meeting.", set()),  # both negated
    ("Critics say it was not only late but also costly.",
     "Critics say it was late and costly.", set()),  # "not only" negates nothing
    ("The film No Country for Old Men won the award.",
     "The film No Country for Old Men won the award on Sunday.", set()),  # a title
    ("The spokesman refused to confirm the number of casualties.",
     "The spokesman confirmed the number of casualties.", {"implicit_negation"}),
    # opposites anywhere, and the common-word ones only in the same slot
    ("Shares rose 8 percent after the announcement.",
     "Shares fell 8 percent after the announcement.", {"antonym"}),
    ("The minister confirmed the report.", "The minister denied the report.",
     {"antonym", "negation"}),
    ("Prices rose before the vote.", "Prices rose after the vote.", {"antonym"}),
    ("Before the storm, residents of New York bought water.",
     "The old pier collapsed after the storm.", set()),  # not the same slot; a name
    # numbers
    ("The flood killed 12 people, officials said.",
     "The flood killed 30 people, officials said.", {"number"}),
    ("More than 400 people were evacuated.", "About 400 people were evacuated.", set()),
    ("About 4,000 residents were evacuated.", "Some 4,000 people were evacuated.", set()),
    ("The convoy of 40 trucks travelled 300 km.", "The convoy travelled 300 km.", set()),
    # dates and weekdays
    ("The dam burst on 19 December 2024.", "The dam burst on 20 December 2024.", {"date"}),
    ("The storm hit the coast in 2024.", "The storm hit the coast on 19 December 2024.",
     set()),
    ("The talks began on Tuesday.", "The talks began on Wednesday.", {"date"}),
    ("Born in 1948, she graduated in 1968.", "She graduated in 1968.", set()),
    # the same slot with another name or word
    ("Police arrested Maria Ivanova on Monday.", "Police arrested Anna Petrova on Monday.",
     {"entity"}),
    ("Tim Roth is an English actor.", "Tim Roth is an American actor.", {"entity"}),
    ("The report was published as a book in 2017.",
     "The report was published as a film in 2017.", {"substitution"}),
    ("Penélope Cruz has modelled for L'Oréal.", "Penélope Cruz has modelled for L'Oréal.",
     set()),
    ("The Faroe Islands are part of the kingdom.", "The Faeroe Islands are part of the "
     "kingdom.", set()),  # one name spelt two ways
]


@pytest.mark.parametrize(("a", "b", "kinds"), CUES)
def test_contradiction_cues(a: str, b: str, kinds: set[str]) -> None:
    found = {c.kind for c in contradiction_cues(a, b)}
    assert found == kinds


@pytest.mark.parametrize(("a", "b", "kinds"), CUES)
def test_cues_do_not_depend_on_order(a: str, b: str, kinds: set[str]) -> None:
    assert {c.kind for c in contradiction_cues(b, a)} == kinds


def test_cues_name_what_differs() -> None:
    (cue,) = number_cues("The flood killed 12 people.", "The flood killed 30 people.")
    assert (cue.a, cue.b) == ("12 people", "30 people")
    (cue,) = date_cues("It opened on 19 December 2024.", "It opened on 3 May 2023.")
    assert (cue.a, cue.b) == ("19 December 2024", "3 May 2023")
    (cue,) = negation_cues("The bridge was closed.", "The bridge was not closed.")
    assert (cue.a, cue.b) == ("", "not")


def test_dates_resolve_against_the_publication_date() -> None:
    a, b = "The talks ended yesterday.", "The talks ended on 18 December 2024."
    assert date_cues(a, b, published="2024-12-19") == []
    assert [c.kind for c in date_cues(a, b, published="2024-12-25")] == ["date"]


@pytest.mark.parametrize(("weights", "expected"), [
    ([], 0.0), ([0.5], 0.5), ([0.5, 0.5], 0.75), ([0.3, 0.3, 0.3], 0.657),
])
def test_combine_is_a_noisy_or(weights: list[float], expected: float) -> None:
    cues = [Cue(kind="number", a="", b="", weight=w) for w in weights]
    assert combine(cues) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Police arrested two men.", "Police arrested two men on Monday in the capital.", 1.0),
    ("Police arrested two men.", "The council approved a budget.", 0.0),
    ("", "Anything at all.", 0.0),
])
def test_coverage_of_the_shorter_text(a: str, b: str, expected: float) -> None:
    assert coverage(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(("support", "weights", "label"), [
    (0.9, [], AGREE),
    (0.9, [0.3], AGREE),  # one weak cue does not make a contradiction
    (0.9, [0.8], CONTRADICT),
    (0.9, [0.5], NEUTRAL),  # a negating verb alone: in doubt
    (0.9, [0.3, 0.3], NEUTRAL),
    (0.9, [0.5, 0.3], CONTRADICT),
    (0.5, [], NEUTRAL),  # related, not enough to agree
    (0.1, [0.8], NEUTRAL),  # unrelated texts do not contradict each other
])
def test_verdict(support: float, weights: list[float], label: str) -> None:
    cues = [Cue(kind="antonym", a="rose", b="fell", weight=w) for w in weights]
    j = verdict(cues, support)
    assert j.label == label
    assert 0.0 <= j.score <= 1.0 and j.reason


# whole pairs, as aligned claims from two reports read (needs the MiniLM embedder)
PAIRS: list[tuple[str, str, str]] = [
    ("The dam burst on Tuesday, killing 12 people, officials said.",
     "Officials said 12 people were killed when the dam burst on Tuesday.", AGREE),
    ("The dam burst on Tuesday, killing 12 people, officials said.",
     "The dam burst on Tuesday, killing 30 people, officials said.", CONTRADICT),
    ("The ministry said the missile had been fired.",
     "The ministry said the missile had not been fired.", CONTRADICT),
    ("Shares rose 8 percent after the announcement.",
     "Shares fell 8 percent after the announcement.", CONTRADICT),
    ("The city council approved a new budget for road repairs on Tuesday.",
     "Shares in the carmaker fell 8 percent after it cut its annual forecast.", NEUTRAL),
]


def test_judge_pairs() -> None:
    got = judge_many([(a, b) for a, b, _ in PAIRS])
    assert [j.label for j in got] == [label for _, _, label in PAIRS], [j.reason for j in got]


def test_judge_one_pair_says_why() -> None:
    j = judge("The flood killed 12 people.", "The flood killed 30 people.")
    assert j.label == CONTRADICT
    assert "12 people" in j.reason and "30 people" in j.reason
    assert [c.kind for c in j.cues] == ["number"]


def test_judge_many_of_nothing() -> None:
    assert judge_many([]) == []


class _Fixed:
    """A stand-in second judge: the same label for every pair, and a record of them."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.seen: list[tuple[str, str]] = []

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        self.seen.extend(pairs)
        return [Judgement(label=self.label, score=0.9, reason=f"model: {self.label}")
                for _ in pairs]


def test_confirming_judge_lets_the_model_decide_related_pairs() -> None:
    related = ("The ministry said the missile had been fired.",
               "The ministry said the missile had not been fired.")
    unrelated = ("The city council approved a new budget for road repairs.",
                 "Shares in the carmaker fell 8 percent after it cut its forecast.")
    model = _Fixed(AGREE)
    out = ConfirmingJudge(RuleJudge(), model).judge_many([related, unrelated])
    assert model.seen == [related]  # the unrelated pair never reaches the model
    assert [j.label for j in out] == [AGREE, NEUTRAL]
    assert "rules:" in out[0].reason and out[0].cues  # the rules' cues stay visible


def test_confirming_judge_keeps_value_mismatches() -> None:
    pair = ("The flood killed 12 people.", "The flood killed 30 people.")
    (j,) = ConfirmingJudge(RuleJudge(), _Fixed(AGREE)).judge_many([pair])
    assert j.label == CONTRADICT and "number" in j.reason


def test_default_judge_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIANGULATE_NLI", raising=False)
    assert isinstance(agreement.default_judge(), RuleJudge)
    assert isinstance(agreement.default_judge(use_nli=False), RuleJudge)
