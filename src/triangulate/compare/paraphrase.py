"""Whether two sentences say the same thing: MiniLM cosine plus lexical and parse evidence.

The score is a logistic model over features of four kinds:

* the embedding cosine of the two sentences;
* word overlap: n-gram precision both ways on crude stems (so inflections match),
  BLEU-like mean precision, character trigrams, content words one side adds;
* where the two differ: the longest stretch of words one side has and the other lacks,
  at the edges or inside (an added clause is the commonest reason two close sentences
  are not paraphrases), and numbers and names cited by one side only;
* from a spaCy parse of each sentence (once per sentence, cached): overlap of lemmas
  by part of speech, of dependency triples, of main verb, subject and objects, and what
  the unmatched words are: new verbs, a new clause, or a description of something both
  mention.

Weights and threshold were fitted on the MRPC training split (our dev set);
``python -m bench.mrpc`` prints the cross-validated figures and ``--fit`` the constants.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from triangulate.models.embedder import Embedder, default_embedder

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

FEATURES: tuple[str, ...] = (
    # embedding
    "cosine", "cosine_sq",
    # overlap on stems
    "unigram_min", "unigram_max", "bigram_min", "bigram_max", "trigram_min", "trigram_max",
    "fourgram_min", "fourgram_max", "bleu_min", "bleu_max", "content_min", "content_max",
    "added_min", "added_max", "added_log_min", "added_log_max", "chars_min", "chars_max",
    "chars_jaccard", "sequence_ratio", "common_share_min", "common_share_max",
    # lengths
    "length_min", "length_gap", "length_ratio",
    # where the two differ
    "gap_max", "gap_min", "gap_share", "edge_gap_max", "edge_gap_min", "net_added_max",
    "net_added_min", "content_gap_max", "content_gap_min", "content_gap_share",
    "absent_run_max", "absent_run_min",
    # numbers, names, negation
    "numbers_any", "numbers_differ", "numbers_unmatched_max", "numbers_unmatched_min",
    "numbers_jaccard", "names_differ", "names_unmatched_max", "names_unmatched_min",
    "names_jaccard", "negation_differs",
    # from the parse
    "lemma_min", "lemma_max", "noun_min", "noun_max", "verb_min", "verb_max", "proper_min",
    "proper_max", "modifier_min", "modifier_max", "proper_unmatched_max",
    "proper_unmatched_min", "triple_min", "triple_max", "root_same", "subject_same",
    "object_min", "object_max", "new_verbs_max", "new_verbs_min", "new_clause_max",
    "new_clause_min", "new_description_max", "new_description_min", "new_main_max",
    "new_main_min",
)

# Fitted by ``python -m bench.mrpc --fit`` on all 4,076 MRPC training pairs, features
# standardised with MEAN / SCALE first. THRESHOLD maximises F1 on that set.
MEAN = np.array([
    0.7939, 0.6500, 0.6316, 0.7372, 0.4503, 0.5355, 0.3486, 0.4188, 0.2782, 0.3378, 0.4348,
    0.5139, 0.6221, 0.7423, 2.7816, 4.8894, 1.1826, 1.6886, 0.6292, 0.7393, 0.5301, 0.6254,
    0.5798, 0.6841, 17.8368, 3.1416, 0.8508, 5.6126, 3.1877, 0.2817, 3.8256, 1.3584, 4.3798,
    1.8648, 3.2709, 1.7291, 0.1990, 4.0910, 2.2659, 0.4266, 0.2628, 0.4725, 0.2291, 0.7759,
    0.6700, 1.1293, 0.3064, 0.5608, 0.0439, 0.6178, 0.7341, 0.5945, 0.7800, 0.5389, 0.7102,
    0.6103, 0.8792, 0.5394, 0.8388, 1.2448, 0.3111, 0.4417, 0.5340, 0.5037, 0.7321, 0.5403,
    0.7168, 1.1141, 0.5088, 1.2807, 0.4046, 2.4661, 1.0265, 1.6533, 0.7978,
])
SCALE = np.array([
    0.1407, 0.2080, 0.1466, 0.1557, 0.1895, 0.2169, 0.2091, 0.2458, 0.2141, 0.2561, 0.1833,
    0.2101, 0.1616, 0.1709, 1.9745, 2.2912, 0.5701, 0.4342, 0.1459, 0.1520, 0.1666, 0.1552,
    0.1518, 0.1689, 4.8393, 2.2859, 0.1002, 2.4811, 1.8382, 0.1335, 3.1093, 1.8622, 2.5800,
    1.9367, 1.6414, 1.1294, 0.1153, 1.9261, 1.2807, 0.4946, 0.4401, 0.9599, 0.6895, 0.3931,
    0.4702, 1.2250, 0.6409, 0.3860, 0.2049, 0.1629, 0.1737, 0.2624, 0.2703, 0.3554, 0.3751,
    0.3633, 0.2574, 0.3956, 0.3207, 1.3144, 0.6476, 0.2059, 0.2391, 0.5000, 0.4429, 0.2959,
    0.3296, 0.8918, 0.6478, 1.3332, 0.7570, 1.7788, 1.2396, 1.2726, 0.8945,
])
WEIGHTS = np.array([
    0.2864, 0.2541, 0.0669, 0.0400, 0.0914, -0.0120, 0.0124, -0.0813, -0.0308, -0.1011,
    -0.0393, -0.1143, 0.0316, 0.0191, 0.0383, 0.0167, -0.0425, -0.1539, 0.2024, 0.0655,
    0.1876, 0.0349, 0.0792, -0.0387, 0.1371, -0.0748, -0.0376, -0.0472, 0.0715, -0.1155,
    -0.3159, 0.0457, -0.1889, 0.0792, -0.0840, -0.0779, -0.0516, -0.0486, -0.0281, -0.0367,
    -0.1223, -0.1347, -0.1629, -0.0675, -0.1469, 0.0255, -0.0560, -0.0026, -0.1643, -0.0555,
    0.1051, 0.0037, -0.1330, 0.1888, -0.1003, -0.1719, -0.0251, 0.0755, 0.0283, 0.1231,
    -0.0355, -0.1168, -0.0306, -0.1336, -0.0308, 0.0244, 0.0142, -0.1463, 0.0972, -0.2633,
    0.1088, 0.0489, 0.0227, 0.0493, -0.0056,
])
BIAS = 1.0754
THRESHOLD = 0.50

_STOP = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was",
    "were", "be", "been", "being", "by", "with", "as", "that", "this", "these", "those", "it",
    "its", "from", "has", "have", "had", "will", "would", "shall", "should", "can", "could", "may",
    "might", "said", "says", "say", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "your", "him", "them", "us", "not", "no", "than", "then", "there", "here", "which",
    "who", "whom", "what", "when", "where", "also", "into", "over", "after", "before"
])
_NEGATION = frozenset(["not", "no", "never", "nor", "without", "n't"])
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$%€£]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A capitalised word that does not open a sentence: a cheap stand-in for a name.
_NAME = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b[A-Z][A-Za-z'\-]+")
_STEM_LEN = 5  # prefix stemming: "reported"/"reports" meet without a lemmatiser


@dataclass(frozen=True)
class SentenceTokens:
    """What the lexical features need of one sentence, computed once (no model)."""

    stems: tuple[str, ...]
    content: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    ngrams: tuple[frozenset[tuple[str, ...]], ...]  # 1- to 4-grams of stems
    words: frozenset[str] = frozenset()  # lower-cased tokens
    stem_set: frozenset[str] = frozenset()
    chars: frozenset[str] = frozenset()  # character trigrams of the lower-cased tokens
    negated: bool = False


def content_stems(text: str) -> frozenset[str]:
    """The stems of a sentence's content words (``tokens_of(text).content``, alone)."""
    return frozenset(t.lower()[:_STEM_LEN] for t in _WORD.findall(text)) - _STOP


def tokens_of(text: str) -> SentenceTokens:
    words = [t.lower() for t in _WORD.findall(text)]
    stems = tuple(t[:_STEM_LEN] for t in words)
    content = frozenset(stems) - _STOP
    numbers = frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))
    names = frozenset(w.lower() for w in _NAME.findall(text) if w.lower() not in _STOP)
    ngrams = tuple(frozenset(zip(*(stems[i:] for i in range(n)), strict=False))
                   for n in (1, 2, 3, 4))
    flat = " ".join(words)
    chars = frozenset(flat[i:i + 3] for i in range(len(flat) - 2))
    negated = any(w in _NEGATION or w.endswith("n't") for w in words)
    return SentenceTokens(stems, content, numbers, names, ngrams, frozenset(words),
                          frozenset(stems), chars, negated)


# --- what the parse says ---------------------------------------------------------------

_CONTENT_POS = frozenset(["NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"])
# the relation that puts a word in a clause of its own ...
_CLAUSE_DEPS = frozenset(["conj", "advcl", "ccomp", "parataxis", "xcomp"])
# ... or makes it describe something else (an apposition, a relative clause, a modifier)
_DESCRIPTION_DEPS = frozenset(["appos", "relcl", "acl", "amod", "compound", "nummod",
                               "npadvmod", "poss"])
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
_OBJECT_DEPS = frozenset(["dobj", "pobj", "attr"])


@dataclass(frozen=True)
class SentenceFacts:
    """What the parse features need of one sentence: lemma sets and what each word does."""

    lemmas: frozenset[str]  # every token's lemma, lower-cased
    content: frozenset[str]  # lemmas of content words
    nouns: frozenset[str]
    verbs: frozenset[str]
    proper: frozenset[str]
    modifiers: frozenset[str]  # adjectives and adverbs
    triples: frozenset[tuple[str, str, str]]  # (head lemma, relation, lemma), content words
    roots: frozenset[str]
    subjects: frozenset[str]
    objects: frozenset[str]
    # each content word: (lemma, is a verb, "clause" | "description" | "main")
    roles: tuple[tuple[str, bool, str], ...]


_FACTS_CACHE_SIZE = 50_000
_facts: OrderedDict[str, SentenceFacts] = OrderedDict()


def _role(token: Token) -> str:
    """Whether a word sits in a clause of its own, in a description, or in the main clause."""
    for _ in range(30):  # a parse is a tree; the bound only guards a malformed one
        if token.dep_ == "ROOT" or token.head.i == token.i:
            return "main"
        if token.dep_ in _CLAUSE_DEPS:
            return "clause"
        if token.dep_ in _DESCRIPTION_DEPS:
            return "description"
        token = token.head
    return "main"


def facts_of_doc(doc: Doc | Span) -> SentenceFacts:
    """The facts of one parsed sentence."""
    content = [t for t in doc if t.pos_ in _CONTENT_POS]

    def by_pos(*pos: str) -> frozenset[str]:
        return frozenset(t.lemma_.lower() for t in content if t.pos_ in pos)

    def by_dep(deps: frozenset[str]) -> frozenset[str]:
        return frozenset(t.lemma_.lower() for t in doc if t.dep_ in deps)

    return SentenceFacts(
        lemmas=frozenset(t.lemma_.lower() for t in doc),
        content=by_pos(*_CONTENT_POS),
        nouns=by_pos("NOUN"), verbs=by_pos("VERB"), proper=by_pos("PROPN"),
        modifiers=by_pos("ADJ", "ADV"),
        triples=frozenset((t.head.lemma_.lower(), t.dep_, t.lemma_.lower())
                          for t in content if t.dep_ != "ROOT"),
        roots=by_dep(frozenset(["ROOT"])), subjects=by_dep(_SUBJECT_DEPS),
        objects=by_dep(_OBJECT_DEPS),
        roles=tuple((t.lemma_.lower(), t.pos_ == "VERB", _role(t)) for t in content),
    )


def facts_of(texts: Sequence[str]) -> list[SentenceFacts]:
    """Parse facts of each text; only texts not seen lately are parsed (one batch, no NER)."""
    todo = sorted({t for t in texts if t not in _facts})
    if todo:
        from triangulate.models.language import load_spacy

        nlp = load_spacy()
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=64, disable=["ner"]),
                             strict=True):
            _facts[text] = facts_of_doc(doc)
    out = []
    for t in texts:
        _facts.move_to_end(t)
        out.append(_facts[t])
    while len(_facts) > _FACTS_CACHE_SIZE:
        _facts.popitem(last=False)
    return out


# --- the features of one pair ----------------------------------------------------------

def _both_ways(a: frozenset[object], b: frozenset[object]) -> tuple[float, float]:
    """Share of a found in b and of b found in a, the smaller first (one intersection)."""
    common = len(a & b)
    x = common / len(a) if a else 1.0
    y = common / len(b) if b else 1.0
    return (x, y) if x <= y else (y, x)


def _jaccard(a: frozenset[object], b: frozenset[object]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _ngram_overlap(a: SentenceTokens, b: SentenceTokens) -> list[float]:
    """1- to 4-gram precision both ways (smaller, larger), then BLEU-like both ways: the
    geometric mean of one side's add-one smoothed precisions against the other."""
    out: list[float] = []
    log_a = log_b = 0.0
    for ga, gb in zip(a.ngrams, b.ngrams, strict=True):
        common = len(ga & gb)
        x = common / len(ga) if ga else 1.0
        y = common / len(gb) if gb else 1.0
        out += [min(x, y), max(x, y)]
        log_a += math.log((common + 1) / (len(ga) + 1))
        log_b += math.log((common + 1) / (len(gb) + 1))
    bleu_a, bleu_b = math.exp(log_a / len(a.ngrams)), math.exp(log_b / len(a.ngrams))
    return [*out, min(bleu_a, bleu_b), max(bleu_a, bleu_b)]


def _longest_absent(stems: tuple[str, ...], other: frozenset[str]) -> int:
    best = run = 0
    for s in stems:
        run = run + 1 if s not in other else 0
        best = max(best, run)
    return best


def _differences(a: SentenceTokens, b: SentenceTokens) -> list[float]:
    """Where the two word sequences part: from one diff of the stem sequences."""
    la, lb = len(a.stems), len(b.stems)
    ops = difflib.SequenceMatcher(None, a.stems, b.stems, autojunk=False).get_opcodes()
    common = gap_a = gap_b = net_a = net_b = cont_a = cont_b = 0
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            common += i2 - i1
            continue
        gap_a, gap_b = max(gap_a, i2 - i1), max(gap_b, j2 - j1)
        net_a, net_b = max(net_a, (i2 - i1) - (j2 - j1)), max(net_b, (j2 - j1) - (i2 - i1))
        # content words of this stretch that the other sentence lacks anywhere
        cont_a = max(cont_a, sum(1 for s in a.stems[i1:i2]
                                 if s not in _STOP and s not in b.stem_set))
        cont_b = max(cont_b, sum(1 for s in b.stems[j1:j2]
                                 if s not in _STOP and s not in a.stem_set))
    edge_a = edge_b = 0
    for op, i1, i2, j1, j2 in (ops[:1] + ops[-1:]) if ops else []:
        if op != "equal":
            edge_a, edge_b = max(edge_a, i2 - i1), max(edge_b, j2 - j1)
    run_a, run_b = _longest_absent(a.stems, b.stem_set), _longest_absent(b.stems, a.stem_set)
    longest, shortest = max(la, lb, 1), max(min(la, lb), 1)
    return [
        2 * common / max(la + lb, 1), common / longest, common / shortest,
        float(max(gap_a, gap_b)), float(min(gap_a, gap_b)), max(gap_a, gap_b) / longest,
        float(max(edge_a, edge_b)), float(min(edge_a, edge_b)),
        float(max(net_a, net_b)), float(min(net_a, net_b)),
        float(max(cont_a, cont_b)), float(min(cont_a, cont_b)), max(cont_a, cont_b) / shortest,
        float(max(run_a, run_b)), float(min(run_a, run_b)),
    ]


def _parse_features(a: SentenceFacts, b: SentenceFacts) -> list[float]:
    out: list[float] = []
    for mine, theirs in ((a.content, b.content), (a.nouns, b.nouns), (a.verbs, b.verbs),
                         (a.proper, b.proper), (a.modifiers, b.modifiers)):
        out.extend(_both_ways(mine, theirs))
    pa, pb = len(a.proper - b.lemmas), len(b.proper - a.lemmas)
    out += [float(max(pa, pb)), float(min(pa, pb))]
    out.extend(_both_ways(a.triples, b.triples))
    out += [float(bool(a.roots & b.roots)), float(bool(a.subjects & b.subjects))]
    out.extend(_both_ways(a.objects, b.objects))
    counts = []
    for side, other in ((a, b.lemmas), (b, a.lemmas)):
        new = [r for r in side.roles if r[0] not in other]
        counts.append((sum(1 for _, verb, _ in new if verb),
                       sum(1 for *_, role in new if role == "clause"),
                       sum(1 for *_, role in new if role == "description"),
                       sum(1 for *_, role in new if role == "main")))
    for ca, cb in zip(*counts, strict=True):
        out += [float(max(ca, cb)), float(min(ca, cb))]
    return out


def pair_features(cosine: float, a: SentenceTokens, b: SentenceTokens,
                  fa: SentenceFacts, fb: SentenceFacts) -> list[float]:
    """The feature row of one pair, in the order of :data:`FEATURES`."""
    added_a, added_b = len(a.content - b.content), len(b.content - a.content)
    added_lo, added_hi = min(added_a, added_b), max(added_a, added_b)
    chars_common = len(a.chars & b.chars)
    chars_a = chars_common / len(a.chars) if a.chars else 1.0
    chars_b = chars_common / len(b.chars) if b.chars else 1.0
    chars_union = len(a.chars) + len(b.chars) - chars_common
    sequence, share_min, share_max, *differences = _differences(a, b)
    la, lb = len(a.stems), len(b.stems)
    num_a, num_b = len(a.numbers - b.numbers), len(b.numbers - a.numbers)
    name_a = sum(1 for n in a.names if n not in b.words)
    name_b = sum(1 for n in b.names if n not in a.words)
    return [
        cosine, cosine * cosine,
        *_ngram_overlap(a, b),
        *_both_ways(a.content, b.content),
        float(added_lo), float(added_hi), math.log1p(added_lo), math.log1p(added_hi),
        min(chars_a, chars_b), max(chars_a, chars_b),
        chars_common / chars_union if chars_union else 1.0,
        sequence, share_min, share_max,
        float(min(la, lb)), float(abs(la - lb)), min(la, lb) / max(la, lb, 1),
        *differences,
        float(bool(a.numbers or b.numbers)), float(a.numbers != b.numbers),
        float(max(num_a, num_b)), float(min(num_a, num_b)),
        _jaccard(a.numbers, b.numbers),
        float(a.names != b.names), float(max(name_a, name_b)), float(min(name_a, name_b)),
        _jaccard(a.names, b.names),
        float(a.negated != b.negated),
        *_parse_features(fa, fb),
    ]


def feature_matrix(pairs: Sequence[tuple[str, str]],
                   embedder: Embedder | None = None) -> np.ndarray:
    """One feature row per sentence pair (embeddings and parses computed in one batch)."""
    if not pairs:
        return np.zeros((0, len(FEATURES)))
    emb = embedder or default_embedder()
    texts = sorted({t for pair in pairs for t in pair})
    index = {t: i for i, t in enumerate(texts)}
    vecs = emb.embed(texts)
    toks = [tokens_of(t) for t in texts]
    facts = facts_of(texts)
    rows = []
    for a, b in pairs:
        i, j = index[a], index[b]
        cosine = float(vecs[i] @ vecs[j])
        rows.append(pair_features(cosine, toks[i], toks[j], facts[i], facts[j]))
    return np.array(rows, dtype=np.float64)


def scores_from_features(features: np.ndarray, weights: np.ndarray = WEIGHTS,
                         bias: float = BIAS) -> np.ndarray:
    z = ((features - MEAN) / SCALE) @ weights + bias
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def paraphrase_scores(pairs: Sequence[tuple[str, str]],
                      embedder: Embedder | None = None) -> np.ndarray:
    """Probability-like paraphrase score in 0..1 for each pair."""
    return scores_from_features(feature_matrix(pairs, embedder))


def paraphrase_score(a: str, b: str, embedder: Embedder | None = None) -> float:
    return float(paraphrase_scores([(a, b)], embedder)[0])


def is_paraphrase(a: str, b: str, threshold: float = THRESHOLD,
                  embedder: Embedder | None = None) -> bool:
    return paraphrase_score(a, b, embedder) >= threshold
