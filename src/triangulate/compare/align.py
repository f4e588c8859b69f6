"""Claim alignment: claims from different articles of a story that say the same thing.

Two claims align when their masked wording is close (values hidden, so "300 km" and
"thousands of kilometres" do not keep them apart) and, unless the wording is very
close, they share an entity or a figure or date. Candidates come from blocks (claims
naming the same entity, figure or date, or sharing a distinctive word), never from all
pairs; a cheap word-overlap test drops most of them before any sentence embedding, so
only claims with a plausible partner are embedded (and keep their vector for later runs).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import ClassVar

import numpy as np
from msgspec import Struct
from spacy.lang.en.stop_words import STOP_WORDS

from triangulate.extract.claim_vectors import claim_vectors
from triangulate.model import Article, Claim, ClaimGroup, Corpus, Story
from triangulate.models.embedder import DIM, Embedder

# Checked by reading the seed and demo alignments and BASIL's groups; see BENCHMARKS.md.
SAME_WORDING = 0.80  # cosine of masked predicates that aligns claims on wording alone
WITH_ENTITY = 0.62  # cosine that aligns claims sharing an entity, figure or date
MIN_OVERLAP = 0.2  # Dice overlap of content words below which a pair is not embedded
MAX_BLOCK = 400  # a key shared by more claims than this is too common to block on
EMBED_CHUNK = 2048  # claims embedded together before their stories are aligned
_WORD = re.compile(r"[^\W\d_]{3,}")
_PLACEHOLDER = re.compile(r"<\w+>")  # the masks of extract.claims.MASK


def claim_entities(article: Article, claim: Claim) -> set[str]:
    """What a claim names, as blocking keys: entity ids (or lower-cased names before
    merging), and its figures and dates ("210 mm" and "210 millimetres" give one key)."""
    out = {f"{v.kind}:{v.value}" for v in claim.values if v.kind in {"quantity", "date"}}
    for m in article.mentions:
        if claim.span.start <= m.span.start and m.span.end <= claim.span.end:
            out.add(m.entity or m.span.text.lower())
    if claim.subject:
        out.add(claim.subject)
    return out


def content_words(claim: Claim) -> frozenset[str]:
    """The words that carry a claim's meaning: its masked predicate less stop words."""
    text = _PLACEHOLDER.sub(" ", claim.predicate or claim.span.text.lower())
    return frozenset(w for w in _WORD.findall(text) if w not in STOP_WORDS)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def candidate_pairs(owners: list[str], keys: list[set[str]], words: list[frozenset[str]]
                    ) -> set[tuple[int, int]]:
    """Cross-article pairs that share a key (entity, figure, date) or a distinctive word
    and whose words overlap enough to be worth embedding; figures and dates shared
    exactly keep a pair whatever the wording."""
    n = len(owners)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        for k in keys[i]:
            blocks[k].append(i)
        for w in words[i]:
            blocks["w:" + w].append(i)
    # a word most claims of the story use says nothing about which ones match
    word_cap = max(4, n // 5)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) > (word_cap if key.startswith("w:") else MAX_BLOCK):
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if owners[i] != owners[j]:
                    pairs.add((i, j))
    return {(i, j) for i, j in pairs
            if overlap(words[i], words[j]) >= MIN_OVERLAP or _shared_value(keys[i], keys[j])}


def _shared_value(a: set[str], b: set[str]) -> bool:
    return any(k.startswith(("quantity:", "date:")) for k in a & b)


class Candidates(Struct, frozen=True):
    """A story's claims and the cross-article pairs worth embedding and scoring."""

    owners: list[str]
    keys: list[set[str]]
    pairs: set[tuple[int, int]]

    @property
    def needed(self) -> list[int]:
        """The claims that take part in some pair: the only ones embedded."""
        return sorted({i for p in self.pairs for i in p})


def candidates(items: list[tuple[Article, Claim]]) -> Candidates:
    owners = [a.id for a, _ in items]
    keys = [claim_entities(a, c) for a, c in items]
    words = [content_words(c) for _, c in items]
    return Candidates(owners=owners, keys=keys, pairs=candidate_pairs(owners, keys, words))


def cluster(items: list[tuple[Article, Claim]], embedder: Embedder | None = None,
            found: Candidates | None = None) -> tuple[list[list[int]], np.ndarray]:
    """Average-linkage agglomeration over the candidate pairs, best pairs first.

    Two clusters merge only when they hold no claim of the same article and the mean
    similarity across them stays above the entity threshold, so a chain of
    pairwise-close claims cannot grow into one group that swallows the story. Returns
    the clusters (claim indices) and the vectors (zero for claims never embedded).
    """
    found = found or candidates(items)
    owners, keys, pairs = found.owners, found.keys, found.pairs
    needed = found.needed
    vectors = np.zeros((len(items), DIM), dtype=np.float32)
    if needed:
        vectors[needed] = claim_vectors([items[i][1] for i in needed], embedder)
    scored = []
    for i, j in pairs:
        sim = float(vectors[i] @ vectors[j])
        if sim >= SAME_WORDING or (sim >= WITH_ENTITY and keys[i] & keys[j]):
            scored.append((sim, i, j))
    scored.sort(reverse=True)
    home = list(range(len(owners)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(owners))}
    articles: dict[int, set[str]] = {i: {o} for i, o in enumerate(owners)}
    for _, i, j in scored:
        ci, cj = home[i], home[j]
        if ci == cj or articles[ci] & articles[cj]:
            continue
        if float((vectors[members[ci]] @ vectors[members[cj]].T).mean()) < WITH_ENTITY:
            continue
        for k in members[cj]:
            home[k] = ci
        members[ci].extend(members.pop(cj))
        articles[ci] |= articles.pop(cj)
    clusters = sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])
    return clusters, vectors


def align_claims(story: Story, items: list[tuple[Article, Claim]],
                 embedder: Embedder | None = None,
                 start_id: int = 1, found: Candidates | None = None) -> list[ClaimGroup]:
    if len(items) < 2:
        return []
    clusters, vectors = cluster(items, embedder, found)
    owners = [a.id for a, _ in items]
    # each article's first claim: a group lists its articles in story order
    first: dict[str, int] = {}
    for i, owner in enumerate(owners):
        first.setdefault(owner, i)
    groups: list[ClaimGroup] = []
    for idx in clusters:
        articles = sorted({owners[i] for i in idx}, key=first.__getitem__)
        centre = vectors[idx].mean(axis=0)
        medoid = idx[int(np.argmax(vectors[idx] @ centre))]
        groups.append(ClaimGroup(
            id=f"g{start_id + len(groups)}", story=story.id,
            claims=[items[i][1].id for i in idx], articles=articles,
            label=_label(items[medoid][1].span.text)))
    return groups


def _label(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def story_items(corpus: Corpus, story: Story,
                by_id: dict[str, Article] | None = None) -> list[tuple[Article, Claim]]:
    """The claims of a story's articles; pass ``by_id`` (``corpus.by_id()``) when calling
    for every story, so the index is built once and not once per story."""
    by_id = corpus.by_id() if by_id is None else by_id
    return [(by_id[a], c) for a in story.articles if a in by_id for c in by_id[a].claims]


def stories_of(corpus: Corpus) -> Iterable[Story]:
    """The corpus's stories, or the whole corpus as one when grouping did not run."""
    if corpus.stories:
        return corpus.stories
    return [Story(id="s1", title=corpus.articles[0].title or "" if corpus.articles else "",
                  articles=[a.id for a in corpus.articles])]


class AlignmentStage:
    name: ClassVar[str] = "alignment"

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder

    def __call__(self, corpus: Corpus) -> Corpus:
        by_id = corpus.by_id()
        groups: list[ClaimGroup] = []
        work: list[tuple[Story, list[tuple[Article, Claim]], Candidates]] = []
        waiting = 0  # claims of ``work`` still to embed

        def flush() -> None:
            # the claims of several stories embedded in one call (batches of similar
            # lengths pad less than one call a story), then those stories aligned and
            # let go, so memory holds one chunk of stories, not the corpus's pairs
            claim_vectors([items[i][1] for _, items, found in work for i in found.needed],
                          self.embedder)
            for story, items, found in work:
                groups.extend(align_claims(story, items, self.embedder,
                                           start_id=len(groups) + 1, found=found))
            work.clear()

        for story in stories_of(corpus):
            if len(story.articles) < 2:  # nothing to align with: spare the embeddings
                continue
            items = story_items(corpus, story, by_id)
            found = candidates(items)
            work.append((story, items, found))
            waiting += len(found.needed)
            if waiting >= EMBED_CHUNK:
                flush()
                waiting = 0
        flush()
        corpus.claim_groups = groups
        return corpus
