"""Rewrite families: articles that are copies or rewrites of one another.

Two routes make a pair of articles one family, always inside one story:

* near-copies: MinHash LSH over word shingles finds pairs whose shingle sets have a
  Jaccard similarity above a threshold, without comparing all pairs;
* partial rewrites: the sentences of both articles are aligned in order (a monotone
  alignment, dynamic programming over a sentence similarity matrix of MiniLM cosine and
  word overlap); when a large enough share of sentences align, one was rewritten from
  the other even where few shingles survive.

Each family keeps the sentence alignment rows (kept / changed / added / dropped) of the
pairs that joined it, so a reader can see how the copies differ;
:func:`word_diff` gives the word-level view of one changed row.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from triangulate.compare.minhash import jaccard, make_index, shingles
from triangulate.compare.paraphrase import tokens_of
from triangulate.extract.lead import article_embedding, split_sentences
from triangulate.model import AlignedSentence, Article, Corpus, Family
from triangulate.models.embedder import Embedder, default_embedder

_DIFF_TOKEN = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class FamilySettings:
    copy_jaccard: float = 0.5  # shingle Jaccard at which two articles are near-copies
    shingle_size: int = 5
    align_threshold: float = 0.6  # sentence similarity needed to align two sentences
    cosine_weight: float = 0.5  # sentence similarity = w * cosine + (1 - w) * word Dice
    # aligned sentences / sentences of the shorter article; two reports quoting the same
    # statements can share half of a short article without one being a rewrite
    min_share: float = 0.6
    min_aligned: int = 2
    neighbours: int = 10  # rewrite candidates per article (nearest by mean embedding)
    backend: str = "rensa"


@dataclass
class PairAlignment:
    left: str
    right: str
    similarity: float
    aligned: int
    rows: list[AlignedSentence]


@dataclass
class _Sentences:
    """One article's sentences: offsets, texts, content-word rows and (later) embeddings."""

    article: Article
    spans: list[tuple[int, int]]
    texts: list[str]
    canonical: list[str]
    words: np.ndarray  # sentences x story vocabulary, 1 where the sentence has the stem
    vectors: np.ndarray | None = None


def sentence_offsets(article: Article) -> list[tuple[int, int]]:
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    return split_sentences(article.text)


def _canonical(text: str) -> str:
    """Equal for sentences that differ only in case, spacing or punctuation."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def dice_matrix(left: _Sentences, right: _Sentences) -> np.ndarray:
    """Dice overlap of content-word stems for every sentence pair."""
    inter = left.words @ right.words.T
    sizes = left.words.sum(axis=1)[:, None] + right.words.sum(axis=1)[None, :]
    dice = np.divide(2 * inter, sizes, out=np.zeros_like(inter), where=sizes > 0)
    return np.where(identical(left, right), 1.0, dice)


def identical(left: _Sentences, right: _Sentences) -> np.ndarray:
    same = [[a == b for b in right.canonical] for a in left.canonical]
    return np.array(same, dtype=bool).reshape(len(left.texts), len(right.texts))


def similarity_matrix(left: _Sentences, right: _Sentences, cosine_weight: float) -> np.ndarray:
    """Sentence-by-sentence similarity: MiniLM cosine blended with content-word Dice.

    Identical sentences (up to case, spacing, punctuation) score 1 whatever the model says.
    """
    dice = dice_matrix(left, right)
    assert left.vectors is not None and right.vectors is not None, "_embed runs first"
    cos = np.clip(left.vectors @ right.vectors.T, 0.0, 1.0).reshape(dice.shape)
    sim = cosine_weight * cos + (1 - cosine_weight) * dice
    return np.where(identical(left, right), 1.0, sim)


def most_alignable(mask: np.ndarray) -> int:
    """Most sentence pairs a monotone alignment can take from the allowed cells."""
    n, m = mask.shape
    row = np.zeros(m + 1, dtype=np.int64)
    for i in range(n):
        # row[j] = max(up, up-left + match, left): the "left" term is a running maximum
        up = np.maximum(row[1:], row[:-1] + mask[i])
        row[1:] = np.maximum.accumulate(up)
    return int(row[m])


def could_be_rewrite(left: _Sentences, right: _Sentences, settings: FamilySettings) -> bool:
    """A cheap upper bound, before any embedding: since cosine is at most 1, two sentences
    can only align where their word Dice reaches (threshold - w) / (1 - w)."""
    w = settings.cosine_weight
    floor = (settings.align_threshold - w) / (1 - w) if w < 1 else -1.0
    shorter = min(len(left.texts), len(right.texts))
    if shorter == 0:
        return False
    alignable = most_alignable(dice_matrix(left, right) > floor)
    return alignable >= min(settings.min_aligned, shorter) and \
        alignable / shorter >= settings.min_share


def monotone_alignment(sim: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Pairs (i, j), increasing in both, maximising the sum of (sim - threshold).

    Only pairs above the threshold can align; gaps cost nothing, so the alignment keeps
    every in-order match that pays for itself (a weighted longest common subsequence).
    """
    n, m = sim.shape
    gain = sim - threshold
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        take = np.where(gain[i - 1] > 0, best[i - 1, :-1] + gain[i - 1], -np.inf)
        best[i, 1:] = np.maximum.accumulate(np.maximum(best[i - 1, 1:], take))
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        g = gain[i - 1, j - 1]
        if g > 0 and best[i, j] == best[i - 1, j - 1] + g:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def alignment_rows(left: _Sentences, right: _Sentences, pairs: list[tuple[int, int]],
                   sim: np.ndarray) -> list[AlignedSentence]:
    """Rows in reading order: between two aligned pairs, dropped then added sentences."""
    rows: list[AlignedSentence] = []
    li = ri = 0
    for i, j in [*pairs, (len(left.texts), len(right.texts))]:
        for k in range(li, i):
            rows.append(AlignedSentence(status="dropped", left=left.article.span(*left.spans[k]),
                                        right=None))
        for k in range(ri, j):
            rows.append(AlignedSentence(status="added", left=None,
                                        right=right.article.span(*right.spans[k])))
        if i < len(left.texts) and j < len(right.texts):
            same = _canonical(left.texts[i]) == _canonical(right.texts[j])
            rows.append(AlignedSentence(status="kept" if same else "changed",
                                        left=left.article.span(*left.spans[i]),
                                        right=right.article.span(*right.spans[j]),
                                        similarity=round(float(sim[i, j]), 4)))
        li, ri = i + 1, j + 1
    return rows


def align_pair(left: _Sentences, right: _Sentences, settings: FamilySettings) -> PairAlignment:
    sim = similarity_matrix(left, right, settings.cosine_weight)
    pairs = monotone_alignment(sim, settings.align_threshold)
    total = len(left.texts) + len(right.texts)
    similarity = 2 * sum(float(sim[i, j]) for i, j in pairs) / total if total else 0.0
    return PairAlignment(left=left.article.id, right=right.article.id,
                         similarity=min(1.0, similarity), aligned=len(pairs),
                         rows=alignment_rows(left, right, pairs, sim))


def is_rewrite(pair: PairAlignment, left: _Sentences, right: _Sentences,
               settings: FamilySettings) -> bool:
    shorter = min(len(left.texts), len(right.texts))
    return (shorter > 0 and pair.aligned >= min(settings.min_aligned, shorter)
            and pair.aligned / shorter >= settings.min_share)


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff of two texts as (op, text) pieces, op in equal/insert/delete/replace.

    ``replace`` carries the new words and always follows a ``delete`` carrying the old
    ones, so joining equal + delete pieces gives ``a`` back and equal + insert + replace
    pieces give ``b``. Words and the whitespace between them are separate tokens.
    """
    ta, tb = _DIFF_TOKEN.findall(a), _DIFF_TOKEN.findall(b)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if op == "equal":
            out.append(("equal", old))
        elif op == "delete":
            out.append(("delete", old))
        elif op == "insert":
            out.append(("insert", new))
        else:
            out.extend([("delete", old), ("replace", new)])
    return out


def _lexical(articles: list[Article]) -> dict[str, _Sentences]:
    """Sentences and their content-word rows over one shared vocabulary (no model yet)."""
    spans = {a.id: sentence_offsets(a) for a in articles}
    texts = {a.id: [" ".join(a.text[s:e].split()) for s, e in spans[a.id]] for a in articles}
    stems = {a.id: [tokens_of(t).content for t in texts[a.id]] for a in articles}
    vocab: dict[str, int] = {}
    for a in articles:
        for sentence in stems[a.id]:
            for w in sorted(sentence):
                vocab.setdefault(w, len(vocab))
    out = {}
    for a in articles:
        words = np.zeros((len(texts[a.id]), len(vocab)), dtype=np.float32)
        for i, sentence in enumerate(stems[a.id]):
            words[i, [vocab[w] for w in sentence]] = 1.0
        out[a.id] = _Sentences(a, spans[a.id], texts[a.id],
                               [_canonical(t) for t in texts[a.id]], words)
    return out


def _embed(sentences: list[_Sentences], embedder: Embedder) -> None:
    todo = [s for s in sentences if s.vectors is None]
    flat = [t for s in todo for t in s.texts]
    vectors = embedder.embed(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    at = 0
    for s in todo:
        s.vectors = vectors[at:at + len(s.texts)]
        at += len(s.texts)


class _UnionFind:
    def __init__(self, keys: list[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[rb] = ra
        return True


def _order_key(article: Article, position: int) -> tuple[str, int]:
    # the earlier report is the left (original) side; undated ones keep corpus order
    return (article.published or "9999", position)


def find_families(articles: list[Article], story: str | None = None,
                  settings: FamilySettings | None = None,
                  embedder: Embedder | None = None,
                  first_id: int = 1) -> list[Family]:
    """Families among the articles of one story (ids ``f<first_id>``, ``f<first_id+1>``...)."""
    s = settings or FamilySettings()
    if len(articles) < 2:
        return []
    order = {a.id: _order_key(a, i) for i, a in enumerate(articles)}
    articles = sorted(articles, key=lambda a: order[a.id])
    by_id = {a.id: a for a in articles}

    # near-copies: LSH candidates, verified by exact Jaccard
    shingle_sets = {a.id: shingles(a.text, s.shingle_size) for a in articles}
    index = make_index(s.copy_jaccard, s.backend)
    candidates: set[tuple[str, str]] = set()
    copies: set[tuple[str, str]] = set()
    for a in articles:
        found: list[Hashable] = index.query(shingle_sets[a.id])
        for other in found:
            key = (str(other), a.id)
            if jaccard(shingle_sets[key[0]], shingle_sets[a.id]) >= s.copy_jaccard:
                copies.add(key)
                candidates.add(key)
        index.insert(a.id, shingle_sets[a.id])

    # rewrites: all pairs in a small story; in a large one each article against its
    # nearest neighbours by lead embedding, so the work grows linearly
    model = embedder or default_embedder()
    if len(articles) > s.neighbours + 1:
        leads = np.stack([article_embedding(a, model) for a in articles])
        sims = leads @ leads.T
        for i, a in enumerate(articles):
            ranked = [j for j in np.argsort(-sims[i], kind="stable") if j != i][:s.neighbours]
            for j in ranked:
                left, right = sorted((a.id, articles[j].id), key=lambda k: order[k])
                candidates.add((left, right))
    else:
        candidates.update((a.id, b.id) for i, a in enumerate(articles)
                          for b in articles[i + 1:])

    sents = _lexical(articles)
    todo = sorted((p for p in candidates
                   if p in copies or could_be_rewrite(sents[p[0]], sents[p[1]], s)),
                  key=lambda p: (order[p[0]], order[p[1]]))
    _embed([sents[k] for k in sorted({k for p in todo for k in p}, key=lambda k: order[k])],
           model)
    pairs: list[PairAlignment] = []
    for left, right in todo:
        pa = align_pair(sents[left], sents[right], s)
        if (left, right) in copies or is_rewrite(pa, sents[left], sents[right], s):
            pairs.append(pa)

    # families: components over the strongest links first (a maximum spanning forest),
    # keeping the alignment of each link that joined two parts
    uf = _UnionFind([a.id for a in articles])
    links: list[PairAlignment] = []
    for pa in sorted(pairs, key=lambda p: (-p.similarity, order[p.left], order[p.right])):
        if uf.union(pa.left, pa.right):
            links.append(pa)
    groups: dict[str, list[PairAlignment]] = {}
    for pa in links:
        groups.setdefault(uf.find(pa.left), []).append(pa)
    families: list[Family] = []
    members_of = {root: sorted({k for pa in g for k in (pa.left, pa.right)},
                               key=lambda k: order[k]) for root, g in groups.items()}
    for root in sorted(groups, key=lambda r: order[members_of[r][0]]):
        group = sorted(groups[root], key=lambda p: (order[p.left], order[p.right]))
        families.append(Family(
            id=f"f{first_id + len(families)}",
            articles=[by_id[k].id for k in members_of[root]],
            similarity=round(sum(p.similarity for p in group) / len(group), 4),
            story=story,
            alignment=[row for p in group for row in p.rows],
        ))
    return families


class FamilyStage:
    """Corpus stage: fills ``corpus.families`` (replacing any earlier result)."""

    name: ClassVar[str] = "families"

    def __init__(self, settings: FamilySettings | None = None,
                 embedder: Embedder | None = None) -> None:
        self.settings = settings or FamilySettings()
        self.embedder = embedder

    def __call__(self, corpus: Corpus) -> Corpus:
        by_id = corpus.by_id()
        groups: list[tuple[str | None, list[Article]]]
        if corpus.stories:
            groups = [(st.id, [by_id[a] for a in st.articles if a in by_id])
                      for st in corpus.stories]
        else:
            groups = [(None, list(corpus.articles))]
        families: list[Family] = []
        for story, members in groups:
            families.extend(find_families(members, story, self.settings, self.embedder,
                                          first_id=len(families) + 1))
        corpus.families = families
        return corpus
