"""MinHash LSH behind one small interface, for finding near-copies without all pairs.

The caller states the Jaccard similarity it cares about; :func:`lsh_params` derives
the number of bands and rows that make pairs above it likely to share a bucket and
pairs below it unlikely (the S-curve ``1 - (1 - s**r)**b``). Two back-ends: rensa
(Rust, fast; the default) and datasketch (the reference implementation). Keys are any
hashable values; an index hands back the keys it was given.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Protocol

import numpy as np

from triangulate.errors import Err, TriangulateError

DEFAULT_PERMUTATIONS = 128
DEFAULT_SEED = 1
_WORD = re.compile(r"\w+(?:['’.]\w+)*")


class LSHIndex(Protocol):
    threshold: float

    def insert(self, key: Hashable, tokens: Iterable[str]) -> None:
        """Add one item, given as its set of tokens (shingles)."""
        ...

    def query(self, tokens: Iterable[str]) -> list[Hashable]:
        """Keys of items that probably have Jaccard similarity >= threshold with these tokens."""
        ...


def shingles(text: str, size: int = 5) -> set[str]:
    """Word ``size``-grams of the lower-cased text (whole text if shorter)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int = DEFAULT_PERMUTATIONS,
               false_positive_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows), bands * rows <= num_perm, minimising the weighted error areas.

    The false-positive area is the probability mass of the S-curve below the threshold,
    the false-negative area the mass missing above it (both integrated numerically).
    """
    if not 0.0 < threshold < 1.0:
        raise TriangulateError(Err.BAD_SETTING, name="Jaccard threshold",
                               detail=f"{threshold} is not strictly between 0 and 1")
    below = np.linspace(0.0, threshold, 201)
    above = np.linspace(threshold, 1.0, 201)
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(1 - (1 - below ** rows) ** bands, below)
            fn = np.trapezoid((1 - above ** rows) ** bands, above)
            err = false_positive_weight * fp + (1 - false_positive_weight) * fn
            if best is None or err < best[0] - 1e-12:
                best = (float(err), bands, rows)
    assert best is not None
    return best[1], best[2]


class RensaLSH:
    """rensa's RMinHashLSH; it wants integer keys, so keys are numbered here."""

    def __init__(self, threshold: float, num_perm: int = DEFAULT_PERMUTATIONS,
                 seed: int = DEFAULT_SEED) -> None:
        import rensa

        self.threshold = threshold
        bands, rows = lsh_params(threshold, num_perm)
        self._perm = bands * rows  # rensa needs bands to divide the permutations
        self._seed = seed
        self._rensa = rensa
        self._index = rensa.RMinHashLSH(threshold=threshold, num_perm=self._perm,
                                        num_bands=bands)
        self._keys: list[Hashable] = []

    def _sketch(self, tokens: Iterable[str]) -> object:
        sketch = self._rensa.RMinHash(num_perm=self._perm, seed=self._seed)
        sketch.update(sorted(set(tokens)))
        return sketch

    def insert(self, key: Hashable, tokens: Iterable[str]) -> None:
        self._index.insert(len(self._keys), self._sketch(tokens))
        self._keys.append(key)

    def query(self, tokens: Iterable[str]) -> list[Hashable]:
        return [self._keys[i] for i in sorted(self._index.query(self._sketch(tokens)))]


class DatasketchLSH:
    """datasketch's MinHashLSH with the same bands and rows (the reference back-end)."""

    def __init__(self, threshold: float, num_perm: int = DEFAULT_PERMUTATIONS,
                 seed: int = DEFAULT_SEED) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        bands, rows = lsh_params(threshold, num_perm)
        self._perm = bands * rows
        self._seed = seed
        self._minhash = MinHash
        self._index = MinHashLSH(num_perm=self._perm, params=(bands, rows))
        self._keys: list[Hashable] = []

    def _sketch(self, tokens: Iterable[str]) -> object:
        sketch = self._minhash(num_perm=self._perm, seed=self._seed)
        sketch.update_batch([t.encode("utf-8") for t in sorted(set(tokens))])
        return sketch

    def insert(self, key: Hashable, tokens: Iterable[str]) -> None:
        # datasketch refuses duplicate keys, so it gets our own running numbers
        self._index.insert(len(self._keys), self._sketch(tokens))
        self._keys.append(key)

    def query(self, tokens: Iterable[str]) -> list[Hashable]:
        return [self._keys[i] for i in sorted(self._index.query(self._sketch(tokens)))]


BACKENDS: dict[str, type[RensaLSH] | type[DatasketchLSH]] = {
    "rensa": RensaLSH,
    "datasketch": DatasketchLSH,
}


def make_index(threshold: float, backend: str = "rensa",
               num_perm: int = DEFAULT_PERMUTATIONS) -> LSHIndex:
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise TriangulateError(Err.BAD_SETTING, name="LSH back-end",
                               detail=f"{backend!r} is unknown; known: {', '.join(BACKENDS)}") \
            from None
    return cls(threshold, num_perm)
