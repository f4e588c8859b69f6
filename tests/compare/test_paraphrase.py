"""Sentence-pair paraphrase judgement: each feature and the combined decision."""

from __future__ import annotations

import numpy as np
import pytest

from triangulate.compare.paraphrase import (
    FEATURES,
    MEAN,
    SCALE,
    WEIGHTS,
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
# a known gap: parallel wording with other people and stances still scores high, as MRPC
# (where the weights come from) has few such negatives
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


def test_feature_row_shape_and_agreement_flags() -> None:
    a = tokens_of("The strike killed 12 people in Gaza.")
    b = tokens_of("The strike killed 15 people in Rafah.")
    row = dict(zip(FEATURES, pair_features(0.9, a, b), strict=True))
    assert row["numbers_differ"] == 1.0 and row["names_differ"] == 1.0
    same = dict(zip(FEATURES, pair_features(0.9, a, a), strict=True))
    assert same["numbers_differ"] == 0.0 and same["sequence_ratio"] == 1.0


def test_constants_fit_the_features() -> None:
    assert len(MEAN) == len(SCALE) == len(WEIGHTS) == len(FEATURES)
    assert (SCALE > 0).all()


def test_empty_batch() -> None:
    assert paraphrase_scores([]).shape == (0,)
