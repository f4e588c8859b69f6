"""Claim alignment: claims from different articles of a story that say the same thing.

Two claims align when their masked wording is close (values hidden, so "300 km" and
"thousands of kilometres" do not keep them apart) and, unless the wording is very
close, they share an entity or a figure or date. Candidates come from blocks (claims naming the same
entity) and from nearest neighbours in embedding space, never from all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import ClassVar

import numpy as np

from triangulate.model import Article, Claim, ClaimGroup, Corpus, Story
from triangulate.models.embedder import Embedder, default_embedder

# Chosen on the demo-like dev cases in tests/compare/test_align.py; see BENCHMARKS.md.
SAME_WORDING = 0.80  # cosine of masked predicates that aligns claims on wording alone
WITH_ENTITY = 0.62  # cosine that aligns claims sharing a named entity
NEIGHBOURS = 8
MAX_BLOCK = 400  # an entity named by more claims than this is too common to block on


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


def candidate_pairs(vectors: np.ndarray, owners: list[str], entities: list[set[str]],
                    k: int = NEIGHBOURS) -> set[tuple[int, int]]:
    """Pairs worth scoring: same entity block, or among each claim's k nearest."""
    n = len(owners)
    pairs: set[tuple[int, int]] = set()
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, ents in enumerate(entities):
        for e in ents:
            blocks[e].append(i)
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if owners[i] != owners[j]:
                    pairs.add((i, j))
    if n > 1:
        kk = min(k + 1, n)
        for lo in range(0, n, 1024):
            sims = vectors[lo:lo + 1024] @ vectors.T
            top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
            for r, row in enumerate(top):
                i = lo + r
                for j in row:
                    j = int(j)
                    if j != i and owners[i] != owners[j]:
                        pairs.add((min(i, j), max(i, j)))
    return pairs


def cluster(vectors: np.ndarray, owners: list[str], entities: list[set[str]]
            ) -> list[list[int]]:
    """Average-linkage agglomeration over the candidate pairs, best pairs first.

    Two clusters merge only when they hold no claim of the same article and the mean
    similarity across them stays above the entity threshold, so a chain of
    pairwise-close claims cannot grow into one group that swallows the story.
    """
    scored = []
    for i, j in candidate_pairs(vectors, owners, entities):
        sim = float(vectors[i] @ vectors[j])
        if sim >= SAME_WORDING or (sim >= WITH_ENTITY and entities[i] & entities[j]):
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
    return sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])


def align_claims(story: Story, items: list[tuple[Article, Claim]], embedder: Embedder,
                 start_id: int = 1) -> list[ClaimGroup]:
    if len(items) < 2:
        return []
    vectors = embedder.embed([c.predicate or c.span.text for _, c in items])
    owners = [a.id for a, _ in items]
    entities = [claim_entities(a, c) for a, c in items]
    clusters = cluster(vectors, owners, entities)
    groups: list[ClaimGroup] = []
    for idx in clusters:
        articles = sorted({owners[i] for i in idx}, key=owners.index)
        if len(articles) < 2:
            continue
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


def story_items(corpus: Corpus, story: Story) -> list[tuple[Article, Claim]]:
    by_id = corpus.by_id()
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
        embedder = self.embedder or default_embedder()
        groups: list[ClaimGroup] = []
        for story in stories_of(corpus):
            if len(story.articles) < 2:  # nothing to align with: spare the embeddings
                continue
            groups.extend(align_claims(story, story_items(corpus, story), embedder,
                                       start_id=len(groups) + 1))
        corpus.claim_groups = groups
        return corpus
