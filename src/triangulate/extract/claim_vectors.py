"""Each claim's sentence embedding, computed once, when alignment first needs it.

Claim alignment compares claims by the embedding of their masked predicate (values
hidden). Only claims with a plausible partner in another article of their story are
ever embedded (about two in three on BASIL), so the vectors are made there, not for
every claim at extraction; each is kept on its claim (float16) and stored with the
article, so later runs (incremental additions) never embed a claim again.
"""

from __future__ import annotations

import numpy as np

from triangulate.model import Claim
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


def claim_vectors(claims: list[Claim], embedder: Embedder | None = None) -> np.ndarray:
    """One unit row per claim. Claims without a vector are embedded (in one batch) and
    keep it; every row is read back from the packed form, so a vector made now and one
    stored by an earlier run give the same similarities."""
    missing = [c for c in claims if c.vector is None]
    if missing:
        fresh = (embedder or default_embedder()).embed([claim_text(c) for c in missing])
        for claim, vector in zip(missing, fresh, strict=True):
            claim.vector = pack_vector(vector)
    if not claims:
        return np.zeros((0, DIM), dtype=np.float32)
    return unpack_vectors([c.vector or b"" for c in claims])
