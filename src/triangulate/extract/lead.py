"""The lead of an article (title and first sentences) as one sentence-embedding vector.

News states what happened in its title and first sentences, so their mean MiniLM
vector is what story grouping and rewrite detection compare. It is computed here, as an
article stage, so that it runs in parallel with the other model stages and is stored
with the annotations instead of being recomputed by every run.
"""

from __future__ import annotations

import re
from typing import ClassVar

import numpy as np

from triangulate.model import Article
from triangulate.models.embedder import DIM, Embedder, default_embedder

LEAD_SENTENCES = 3  # sentences after the title that go into the vector
# how ``Article.embedding`` holds the vector: float32 little-endian bytes, exactly the
# values the comparison computes with, in an eighth of a list of Python floats
LEAD_DTYPE = np.dtype("<f4")

# a sentence ends at . ! ? (and closing quotes) before a capital, digit or opening quote,
# so "3:40 a.m. local time" stays one sentence; a blank line always ends one
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(\[])|\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Fallback sentence offsets where the sentence stage has not run."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_spans(article: Article) -> list[tuple[int, int]]:
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    return split_sentences(article.text)


def lead_text(article: Article, sentences: int) -> list[str]:
    """The title and the first few sentences: where news states what happened."""
    parts = [article.title.strip()] if article.title and article.title.strip() else []
    for start, end in sentence_spans(article)[:sentences]:
        piece = " ".join(article.text[start:end].split())
        if piece:
            parts.append(piece)
    return parts or [" ".join(article.text.split())[:500]]


def embed_leads(articles: list[Article], embedder: Embedder | None = None,
                sentences: int = LEAD_SENTENCES) -> None:
    """Fill ``article.embedding`` (the mean MiniLM vector of title and lead, unit length)
    where it is missing, with every lead of the batch in one call to the embedder (it
    sorts by length, so less padding)."""
    todo = [a for a in articles
            if a.embedding is None or len(a.embedding) != DIM * LEAD_DTYPE.itemsize]
    if not todo:
        return
    leads = [lead_text(a, sentences) for a in todo]
    vectors = (embedder or default_embedder()).embed([t for parts in leads for t in parts])
    at = 0
    for article, parts in zip(todo, leads, strict=True):
        mean = vectors[at:at + len(parts)].mean(axis=0)
        at += len(parts)
        mean /= max(float(np.linalg.norm(mean)), 1e-12)
        article.embedding = pack_lead(mean)


def pack_lead(vector: np.ndarray) -> bytes:
    """A lead vector as ``Article.embedding`` holds it."""
    return np.asarray(vector, dtype=LEAD_DTYPE).tobytes()


def unpack_lead(data: bytes) -> np.ndarray:
    """The float32 vector of an ``Article.embedding`` (a copy: callers may change it)."""
    return np.frombuffer(data, dtype=LEAD_DTYPE).astype(np.float32)


def article_embedding(article: Article, embedder: Embedder | None = None,
                      sentences: int = LEAD_SENTENCES) -> np.ndarray:
    """The article's lead vector, computed once and kept in ``article.embedding``."""
    embed_leads([article], embedder, sentences)
    assert article.embedding is not None  # embed_leads filled it
    return unpack_lead(article.embedding)


class LeadStage:
    """Article stage: fills ``article.embedding`` with the lead vector."""

    name: ClassVar[str] = "lead"

    def __init__(self, sentences: int = LEAD_SENTENCES, embedder: Embedder | None = None
                 ) -> None:
        self.sentences = sentences
        self.embedder = embedder

    def __call__(self, articles: list[Article]) -> list[Article]:
        embed_leads(articles, self.embedder, self.sentences)
        for article in articles:
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
