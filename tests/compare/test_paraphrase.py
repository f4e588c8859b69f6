"""Sentence-pair paraphrase judgement: each feature and the combined decision."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from triangulate.compare.paraphrase import (
    FEATURES,
    MEAN,
    SCALE,
    THRESHOLD,
    WEIGHTS,
    content_stems,
    facts_of,
    is_paraphrase,
    pair_features,
    paraphrase_score,
    paraphrase_scores,
    tokens_of,
)

PAIRS: list[tuple[str, str, bool]] = [
    # (a, b, paraphrase?)
    ("The central bank raised its main interest rate on Wednesday, citing stubborn inflation.",
     "Citing stubborn inflation, the central bank raised its main interest rate on Wednesday.",
     True),
    ("Police arrested a 34-year-old man in connection with the shooting, officials said.",
     "Officials said police had arrested a man, 34, in connection with the shooting.",
     True),
    ("The ministry said the missile system had been placed on combat duty in the west.",
     "The missile system has been put on combat duty in the west, the ministry said.",
     True),
    ("The earthquake killed at least 120 people in the northern province, officials said.",
     "The earthquake injured more than 300 people in the capital, rescuers said.",
     False),
    ("Shares in the carmaker fell 8 percent after it cut its annual forecast.",
     "The city council approved a new budget for road repairs on Tuesday.",
     False),
]
# a known gap: parallel wording with other people and stances still scores high (0.73), as
# MRPC (where the weights come from) has few such negatives: there, pairs where each side
# names someone the other does not are paraphrases about as often as the rest (66% vs 69%)
KNOWN_GAPS = [
    pytest.param("Senator Smith voted against the bill, saying it would raise taxes.",
                 "Senator Jones voted for the bill, saying it would cut the deficit.",
                 False, marks=pytest.mark.xfail(strict=True, reason="same frame, other names")),
]


@pytest.mark.parametrize(("a", "b", "expected"), [*PAIRS, *KNOWN_GAPS])
def test_is_paraphrase(a: str, b: str, expected: bool) -> None:
    assert is_paraphrase(a, b) is expected, paraphrase_score(a, b)


def test_scores_batch_equals_single() -> None:
    pairs = [(a, b) for a, b, _ in PAIRS]
    batch = paraphrase_scores(pairs)
    single = [paraphrase_score(a, b) for a, b in pairs]
    assert np.allclose(batch, single, atol=1e-6)
    assert all(0.0 <= s <= 1.0 for s in single)


def test_tokens_numbers_and_names() -> None:
    t = tokens_of("Officials in Kyiv said 1,200 troops and Colonel Petrenko arrived on Monday.")
    assert t.numbers == frozenset({"1200"})
    assert "kyiv" in t.names and "petrenko" in t.names
    assert "officials" not in t.names  # sentence-initial capital is no name
    assert "troop" in t.content  # stemmed by prefix
    assert "the" not in t.content


def row_of(a: str, b: str, cosine: float = 0.9) -> dict[str, float]:
    fa, fb = facts_of([a, b])
    return dict(zip(FEATURES, pair_features(cosine, tokens_of(a), tokens_of(b), fa, fb),
                    strict=True))


def test_feature_row_shape_and_agreement_flags() -> None:
    a, b = "The strike killed 12 people in Gaza.", "The strike killed 15 people in Rafah."
    row = row_of(a, b)
    assert row["numbers_differ"] == 1.0 and row["names_differ"] == 1.0
    assert row["names_unmatched_max"] == 1.0 and row["numbers_unmatched_min"] == 1.0
    same = row_of(a, a)
    assert same["numbers_differ"] == 0.0 and same["sequence_ratio"] == 1.0
    assert same["gap_max"] == 0.0 and same["lemma_min"] == 1.0


# (a, b, feature, expected value): one rule each, on small news-shaped sentences
FEATURE_CASES: list[tuple[str, str, str, float]] = [
    # a clause added at the end: one stretch of 5 words, all of them content the other lacks
    ("The talks ended on Friday.", "The talks ended on Friday without any agreement reached.",
     "edge_gap_max", 4.0),
    ("The talks ended on Friday.", "The talks ended on Friday without any agreement reached.",
     "absent_run_max", 4.0),
    ("The talks ended on Friday.", "The talks ended on Friday without any agreement reached.",
     "net_added_max", 4.0),
    # a word swapped inside: the gap is one word on each side
    ("Rebels seized the northern town.", "Rebels captured the northern town.", "gap_min", 1.0),
    ("Rebels seized the northern town.", "Rebels captured the northern town.", "verb_max", 0.0),
    # the same verb lemma through inflection, and the same subject
    ("The minister resigns over the scandal.", "The minister resigned over the scandal.",
     "verb_min", 1.0),
    ("The minister resigns over the scandal.", "The minister resigned over the scandal.",
     "subject_same", 1.0),
    ("Police arrested two men.", "Police did not arrest two men.", "negation_differs", 1.0),
    ("Sales rose 5 percent.", "Sales rose 5 percent.", "numbers_jaccard", 1.0),
    ("Sales rose 5 percent.", "Sales rose 7 percent.", "numbers_jaccard", 0.0),
]


@pytest.mark.parametrize(("a", "b", "feature", "expected"), FEATURE_CASES)
def test_feature_rule(a: str, b: str, feature: str, expected: float) -> None:
    assert row_of(a, b)[feature] == pytest.approx(expected)


def test_features_do_not_depend_on_order() -> None:
    a = "The company said profits rose to $5 million in the third quarter."
    b = "Profits rose to $5 million, the company said on Tuesday."
    assert row_of(a, b) == pytest.approx(row_of(b, a))


def test_new_clause_counts_its_verb() -> None:
    row = row_of("Troops left the city.", "Troops left the city and rebels moved in.")
    assert row["new_verbs_max"] >= 1.0 and row["new_verbs_min"] == 0.0


def test_constants_fit_the_features() -> None:
    assert len(MEAN) == len(SCALE) == len(WEIGHTS) == len(FEATURES)
    assert (SCALE > 0).all()
    assert 0.0 < THRESHOLD < 1.0


def test_empty_batch() -> None:
    assert paraphrase_scores([]).shape == (0,)


@given(st.text(alphabet=st.sampled_from(list("Aab z'-,.0159 THE the Not n't")), max_size=80))
def test_content_stems_are_what_tokens_of_finds(text: str) -> None:
    assert content_stems(text) == tokens_of(text).content
