"""Whether two sentences say the same thing: MiniLM cosine plus lexical evidence.

The score is a logistic model over a few features: embedding cosine, word and n-gram
overlap (on crude stems, so inflections match), how many content words one side adds,
and whether the two sides cite the same numbers and names (a paraphrase seldom changes
a figure or a name, while two different reports of one event often do). Weights and
threshold were fitted on the MRPC training split with two-fold cross-validation;
``python -m bench.mrpc`` re-fits them and prints the figures.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from triangulate.models.embedder import Embedder, default_embedder

FEATURES: tuple[str, ...] = (
    "cosine", "cosine_sq", "unigram_max", "unigram_min", "bigram", "trigram", "fourgram",
    "added_max", "added_min", "length_gap", "numbers_differ", "numbers_symdiff",
    "names_differ", "names_symdiff", "sequence_ratio",
)

# Fitted by ``python -m bench.mrpc --fit`` on all 4,076 MRPC training pairs, features
# standardised with MEAN / SCALE first. THRESHOLD maximises F1 on that set.
MEAN = np.array([
    0.7939, 0.6500, 0.7372, 0.6316, 0.4929, 0.3837, 0.3080,
    4.8894, 2.7816, 0.1492, 0.2628, 0.7017, 0.6700, 1.6553, 0.6254,
])
SCALE = np.array([
    0.1407, 0.2080, 0.1557, 0.1466, 0.2005, 0.2255, 0.2335,
    2.2912, 1.9745, 0.1002, 0.4401, 1.5839, 0.4702, 1.7713, 0.1552,
])
WEIGHTS = np.array([
    0.3617, 0.1579, 0.0380, 0.5062, -0.0657, -0.3747, -0.3121,
    -0.1800, -0.0840, -0.2610, -0.0444, -0.2398, -0.1034, 0.1382, 0.6909,
])
BIAS = 0.9893
THRESHOLD = 0.44

_STOP = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "being", "by", "with", "as", "that", "this", "these", "those", "it",
    "its", "from", "has", "have", "had", "will", "would", "shall", "should", "can", "could", "may",
    "might", "said", "says", "say", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "your", "him", "them", "us", "not", "no", "than", "then", "there", "here", "which",
    "who", "whom", "what", "when", "where", "also", "into", "over", "after", "before"
])
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$%€£]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A capitalised word that does not open a sentence: a cheap stand-in for a name.
_NAME = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b[A-Z][A-Za-z'\-]+")
_STEM_LEN = 5  # prefix stemming: "reported"/"reports" meet without a lemmatiser


@dataclass(frozen=True)
class SentenceTokens:
    """What the lexical features need of one sentence, computed once."""

    stems: tuple[str, ...]
    content: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    ngrams: tuple[frozenset[tuple[str, ...]], ...]  # 1- to 4-grams of stems


def tokens_of(text: str) -> SentenceTokens:
    stems = tuple(t.lower()[:_STEM_LEN] for t in _WORD.findall(text))
    content = frozenset(s for s in stems if s not in _STOP)
    numbers = frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))
    names = frozenset(w.lower() for w in _NAME.findall(text) if w.lower() not in _STOP)
    ngrams = tuple(frozenset(zip(*(stems[i:] for i in range(n)), strict=False))
                   for n in (1, 2, 3, 4))
    return SentenceTokens(stems, content, numbers, names, ngrams)


def _precision(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    return len(a & b) / len(a) if a else 0.0


def pair_features(cosine: float, a: SentenceTokens, b: SentenceTokens) -> list[float]:
    """The feature row of one pair, in the order of :data:`FEATURES`."""
    uni_a = _precision(a.ngrams[0], b.ngrams[0])
    uni_b = _precision(b.ngrams[0], a.ngrams[0])
    mean_p = [(_precision(a.ngrams[n], b.ngrams[n]) + _precision(b.ngrams[n], a.ngrams[n])) / 2
              for n in (1, 2, 3)]
    added_a, added_b = len(a.content - b.content), len(b.content - a.content)
    longest = max(len(a.stems), len(b.stems), 1)
    return [
        cosine, cosine * cosine, max(uni_a, uni_b), min(uni_a, uni_b), *mean_p,
        float(max(added_a, added_b)), float(min(added_a, added_b)),
        abs(len(a.stems) - len(b.stems)) / longest,
        float(a.numbers != b.numbers), float(len(a.numbers ^ b.numbers)),
        float(a.names != b.names), float(len(a.names ^ b.names)),
        difflib.SequenceMatcher(None, a.stems, b.stems, autojunk=False).ratio(),
    ]


def feature_matrix(pairs: Sequence[tuple[str, str]],
                   embedder: Embedder | None = None) -> np.ndarray:
    """One feature row per sentence pair (embeddings computed in one batch)."""
    if not pairs:
        return np.zeros((0, len(FEATURES)))
    emb = embedder or default_embedder()
    texts = sorted({t for pair in pairs for t in pair})
    index = {t: i for i, t in enumerate(texts)}
    vecs = emb.embed(texts)
    toks = {t: tokens_of(t) for t in texts}
    rows = []
    for a, b in pairs:
        cosine = float(vecs[index[a]] @ vecs[index[b]])
        rows.append(pair_features(cosine, toks[a], toks[b]))
    return np.array(rows, dtype=np.float64)


def scores_from_features(features: np.ndarray, weights: np.ndarray = WEIGHTS,
                         bias: float = BIAS) -> np.ndarray:
    z = ((features - MEAN) / SCALE) @ weights + bias
    return 1.0 / (1.0 + np.exp(-z))


def paraphrase_scores(pairs: Sequence[tuple[str, str]],
                      embedder: Embedder | None = None) -> np.ndarray:
    """Probability-like paraphrase score in 0..1 for each pair."""
    return scores_from_features(feature_matrix(pairs, embedder))


def paraphrase_score(a: str, b: str, embedder: Embedder | None = None) -> float:
    return float(paraphrase_scores([(a, b)], embedder)[0])


def is_paraphrase(a: str, b: str, threshold: float = THRESHOLD,
                  embedder: Embedder | None = None) -> bool:
    return paraphrase_score(a, b, embedder) >= threshold
