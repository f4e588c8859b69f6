"""Each claim's sentence embedding, computed once where the model stages run.

Claim alignment compares claims by the embedding of their masked predicate (values
hidden). Computing it here, as an article stage, puts the model work in the parallel
part of the pipeline and stores it with the claims, so comparison and later runs
(incremental additions) never embed a claim again.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from triangulate.model import Article, Claim
from triangulate.models.embedder import (
    DIM,
    Embedder,
    default_embedder,
    pack_vector,
    unpack_vectors,
)


def claim_text(claim: Claim) -> str:
    """What a claim's vector embeds: its masked predicate, else its words."""
    return claim.predicate or claim.span.text


class ClaimVectorStage:
    name: ClassVar[str] = "claim_vectors"

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder

    def __call__(self, articles: list[Article]) -> list[Article]:
        claims = [c for a in articles for c in a.claims if c.vector is None]
        for claim, vector in zip(claims, claim_vectors(claims, self.embedder), strict=True):
            claim.vector = pack_vector(vector)
        for article in articles:
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles


def claim_vectors(claims: list[Claim], embedder: Embedder | None = None) -> np.ndarray:
    """One unit row per claim: the stored vector, else embedded now (and not stored:
    a stage that keeps it is the one above)."""
    out = np.zeros((len(claims), DIM), dtype=np.float32)
    stored = [i for i, c in enumerate(claims) if c.vector is not None]
    if stored:
        out[stored] = unpack_vectors([claims[i].vector or b"" for i in stored])
    missing = [i for i, c in enumerate(claims) if c.vector is None]
    if missing:
        out[missing] = (embedder or default_embedder()).embed([claim_text(claims[i])
                                                               for i in missing])
    return out
