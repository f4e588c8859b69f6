"""Rewrite families: articles that are copies or rewrites of one another.

Two routes make a pair of articles one family, always inside one story:

* near-copies: MinHash LSH over word shingles finds pairs whose shingle sets have a
  Jaccard similarity above a threshold, without comparing all pairs;
* partial rewrites: the sentences of both articles are aligned in order (a monotone
  alignment, dynamic programming over a sentence similarity matrix); when a large enough
  share of sentences align, one was rewritten from the other even where few shingles
  survive.

Whether two sentences may align is one decision, :func:`judge_cells`: identical (up to
case, spacing, punctuation), or a cheap blend of MiniLM cosine and content-word Dice
above ``align_threshold`` *and* the paraphrase classifier of
:mod:`triangulate.compare.paraphrase` saying paraphrase. The blend is computed for every
cell; the classifier only for the cells an alignment would use (:func:`judged_alignment`),
so it runs on a handful of sentence pairs per candidate article pair.
:func:`pair_decisions` applies the same decision to a list of sentence pairs
(``python -m bench.mrpc`` scores it on MRPC).

Each family keeps the sentence alignment rows (kept / changed / added / dropped) of the
pairs that joined it, so a reader can see how the copies differ;
:func:`word_diff` gives the word-level view of one changed row.
"""

from __future__ import annotations

import difflib
import math
import re
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from triangulate.compare.minhash import jaccard, make_index, shingles
from triangulate.compare.paraphrase import THRESHOLD, content_stems, paraphrase_scores
from triangulate.extract.lead import article_embedding, split_sentences
from triangulate.model import AlignedSentence, Article, Corpus, Family
from triangulate.models.embedder import Embedder, default_embedder

_DIFF_TOKEN = re.compile(r"\s+|\S+")
Cells = list[tuple[int, int]]  # (left sentence, right sentence) index pairs


@dataclass(frozen=True)
class FamilySettings:
    copy_jaccard: float = 0.5  # shingle Jaccard at which two articles are near-copies
    shingle_size: int = 5
    # blend a sentence pair must exceed before the classifier judges it: the highest
    # floor at which the decision's MRPC F1 stays within 0.002 of the classifier's alone
    # (bench.mrpc sweeps it); it keeps the classifier on pairs like those it was fitted on
    align_threshold: float = 0.55
    # content-word Dice a sentence pair must exceed, also before the classifier: no MRPC
    # pair of either label falls below it, and it lets the article-pair bound prune
    # before any embedding (could_be_rewrite)
    min_dice: float = 0.2
    cosine_weight: float = 0.5  # blend = w * cosine + (1 - w) * content-word Dice
    paraphrase_threshold: float = THRESHOLD  # classifier score at which two sentences align
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


def _clean(text: str) -> str:
    """The form of a sentence that is embedded, compared and judged: spacing collapsed."""
    return " ".join(text.split())


def blend(cosine: np.ndarray, dice: np.ndarray, same: np.ndarray,
          cosine_weight: float) -> np.ndarray:
    """The cheap sentence similarity: clipped cosine blended with Dice; identical is 1."""
    sim = cosine_weight * np.clip(cosine, 0.0, 1.0) + (1 - cosine_weight) * dice
    return np.where(same, 1.0, sim)


def dice_matrix(left: _Sentences, right: _Sentences) -> np.ndarray:
    """Dice overlap of content-word stems for every sentence pair."""
    inter = left.words @ right.words.T
    sizes = left.words.sum(axis=1)[:, None] + right.words.sum(axis=1)[None, :]
    dice = np.divide(2 * inter, sizes, out=np.zeros_like(inter), where=sizes > 0)
    return np.where(identical(left, right), 1.0, dice)


def identical(left: _Sentences, right: _Sentences) -> np.ndarray:
    same = [[a == b for b in right.canonical] for a in left.canonical]
    return np.array(same, dtype=bool).reshape(len(left.texts), len(right.texts))


def similarity_matrix(left: _Sentences, right: _Sentences, cosine_weight: float,
                      dice: np.ndarray | None = None) -> np.ndarray:
    """Sentence-by-sentence similarity: MiniLM cosine blended with content-word Dice.

    Identical sentences (up to case, spacing, punctuation) score 1 whatever the model says.
    """
    dice = dice_matrix(left, right) if dice is None else dice
    assert left.vectors is not None and right.vectors is not None, "_embed runs first"
    cos = (left.vectors @ right.vectors.T).reshape(dice.shape)
    return blend(cos, dice, identical(left, right), cosine_weight)


@dataclass
class SentenceJudge:
    """The paraphrase classifier as families use it: verdicts cached by sentence pair,
    with a count of the pairs scored and the time spent (for benchmarks)."""

    threshold: float = THRESHOLD
    embedder: Embedder | None = None
    calls: int = 0
    seconds: float = 0.0
    _verdicts: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        todo = list(dict.fromkeys(p for p in pairs if p not in self._verdicts))
        if todo:
            start = time.perf_counter()
            scores = paraphrase_scores(todo, self.embedder)
            self.seconds += time.perf_counter() - start
            self.calls += len(todo)
            self._verdicts.update(zip(todo, (bool(x >= self.threshold) for x in scores),
                                      strict=True))
        return np.array([self._verdicts[p] for p in pairs], dtype=bool)


def candidates(sim: np.ndarray, dice: np.ndarray, same: np.ndarray,
               settings: FamilySettings) -> np.ndarray:
    """Sentence pairs that may align, before the classifier: identical, or word Dice and
    blend both above their floors."""
    return np.asarray(same, dtype=bool) | (
        (np.asarray(dice) > settings.min_dice) & (np.asarray(sim) > settings.align_threshold))


def judge_cells(texts: Sequence[tuple[str, str]], sim: np.ndarray, dice: np.ndarray,
                same: np.ndarray, settings: FamilySettings, judge: SentenceJudge) -> np.ndarray:
    """Whether each sentence pair may align: identical, or a candidate (see
    :func:`candidates`) that the classifier calls a paraphrase (asked only about those)."""
    same = np.asarray(same, dtype=bool)
    ask = ~same & candidates(sim, dice, same, settings)
    out = same.copy()
    if ask.any():
        out[ask] = judge([texts[int(k)] for k in np.flatnonzero(ask)])
    return out


def pair_blend(pairs: Sequence[tuple[str, str]], settings: FamilySettings | None = None,
               embedder: Embedder | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Blend, word Dice and identical flag of each sentence pair, as the alignment sees them.
    """
    s = settings or FamilySettings()
    clean = [(_clean(a), _clean(b)) for a, b in pairs]
    texts = sorted({t for pair in clean for t in pair})
    at = {t: i for i, t in enumerate(texts)}
    vectors = (embedder or default_embedder()).embed(texts) if texts else np.zeros((0, 1))
    content = {t: content_stems(t) for t in texts}
    cos = np.array([float(vectors[at[a]] @ vectors[at[b]]) for a, b in clean])
    dice = np.array([2 * len(content[a] & content[b]) / (len(content[a]) + len(content[b]))
                     if content[a] or content[b] else 0.0 for a, b in clean])
    same = np.array([_canonical(a) == _canonical(b) for a, b in clean], dtype=bool)
    return blend(cos, dice, same, s.cosine_weight), np.where(same, 1.0, dice), same


def pair_decisions(pairs: Sequence[tuple[str, str]], settings: FamilySettings | None = None,
                   judge: SentenceJudge | None = None) -> np.ndarray:
    """The alignment decision of the families stage for each sentence pair."""
    s = settings or FamilySettings()
    j = judge or SentenceJudge(s.paraphrase_threshold)
    sim, dice, same = pair_blend(pairs, s, j.embedder)
    clean = [(_clean(a), _clean(b)) for a, b in pairs]
    return judge_cells(clean, sim, dice, same, s, j)


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
    """A cheap upper bound, before any embedding: two sentences can only align where their
    word Dice exceeds ``min_dice`` and, since cosine is at most 1, (threshold - w) / (1 - w).
    """
    w = settings.cosine_weight
    floor = max(settings.min_dice,
                (settings.align_threshold - w) / (1 - w) if w < 1 else -1.0)
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


def needed_for_rewrite(left: _Sentences, right: _Sentences, settings: FamilySettings) -> int:
    """Fewest aligned sentences that make the pair a rewrite (0: it never can be)."""
    shorter = min(len(left.texts), len(right.texts))
    if shorter == 0:
        return 0
    return max(min(settings.min_aligned, shorter), math.ceil(settings.min_share * shorter - 1e-9))


def lazy_alignment(sim: np.ndarray, allowed: np.ndarray, known: np.ndarray, floor: float,
                   verdicts: Callable[[Cells], np.ndarray],
                   needed: int = 0) -> Cells | None:
    """The best monotone alignment (gain ``sim - floor``) over the allowed cells that pass
    ``verdicts``, asking it only about cells some best alignment wants.

    Align over the allowed cells, ask ``verdicts`` about the aligned cells not ``known``,
    disallow those it refuses, and align again until every aligned cell is known.
    Disallowing cells never raises the best score of the rest, so this ends on the best
    alignment of accepted cells. With ``needed``, gives up (None) as soon as no alignment
    of the cells left could reach that many pairs.
    """
    allowed, known = allowed.copy(), known.copy()
    while True:
        if needed and most_alignable(allowed) < needed:
            return None
        pairs = monotone_alignment(np.where(allowed, sim, floor), floor)
        open_cells = [(i, j) for i, j in pairs if not known[i, j]]
        if not open_cells:
            return pairs
        rows, cols = (np.array(x) for x in zip(*open_cells, strict=True))
        accepted = np.asarray(verdicts(open_cells), dtype=bool)
        known[rows, cols] = True
        allowed[rows[~accepted], cols[~accepted]] = False


def judged_alignment(left: _Sentences, right: _Sentences, sim: np.ndarray, dice: np.ndarray,
                     settings: FamilySettings, judge: SentenceJudge,
                     needed: int = 0) -> Cells | None:
    """The best monotone alignment over the cells :func:`judge_cells` accepts, judging
    lazily (:func:`lazy_alignment`); identical sentences need no verdict."""
    same = identical(left, right)

    def verdicts(cells: Cells) -> np.ndarray:
        rows, cols = (np.array(x) for x in zip(*cells, strict=True))
        return judge_cells([(left.texts[i], right.texts[j]) for i, j in cells],
                           sim[rows, cols], dice[rows, cols], same[rows, cols],
                           settings, judge)

    return lazy_alignment(sim, candidates(sim, dice, same, settings), same,
                          settings.align_threshold, verdicts, needed)


def align_pair(left: _Sentences, right: _Sentences, settings: FamilySettings,
               judge: SentenceJudge | None = None, needed: int = 0) -> PairAlignment | None:
    """The sentence alignment of two articles; None when it cannot reach ``needed`` pairs."""
    dice = dice_matrix(left, right)
    sim = similarity_matrix(left, right, settings.cosine_weight, dice)
    pairs = judged_alignment(left, right, sim, dice, settings,
                             judge or SentenceJudge(settings.paraphrase_threshold), needed)
    if pairs is None:
        return None
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
    texts = {a.id: [_clean(a.text[s:e]) for s, e in spans[a.id]] for a in articles}
    stems = {a.id: [content_stems(t) for t in texts[a.id]] for a in articles}
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
                  first_id: int = 1, judge: SentenceJudge | None = None) -> list[Family]:
    """Families among the articles of one story (ids ``f<first_id>``, ``f<first_id+1>``...).

    ``judge`` (optional) is the sentence classifier to use, e.g. to share its cache or
    read its counts across calls."""
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
    judge = judge or SentenceJudge(s.paraphrase_threshold, model)
    pairs: list[PairAlignment] = []
    for left, right in todo:
        copy = (left, right) in copies
        # a near-copy joins whatever its sentences do; a rewrite must reach the share
        needed = 0 if copy else needed_for_rewrite(sents[left], sents[right], s)
        pa = align_pair(sents[left], sents[right], s, judge, needed)
        if pa is not None and (copy or is_rewrite(pa, sents[left], sents[right], s)):
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
        # one classifier cache for the whole corpus; its counts say what the stage cost
        self.judge = SentenceJudge(self.settings.paraphrase_threshold, embedder)

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
                                          first_id=len(families) + 1, judge=self.judge))
        corpus.families = families
        return corpus
