"""What a stage is. A stage adds annotation and knows nothing of its neighbours.

Article stages work on a batch of articles independently of the rest of the corpus, so
an engine may run them in this process, in a pool or on a cluster. Corpus stages need
the articles of a run together: the corpus-wide ones (entities, stories) see them all,
streamed in batches where they can; the per-story ones a few stories at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Protocol, runtime_checkable

from triangulate.model import Article, Corpus


@runtime_checkable
class ArticleStage(Protocol):
    name: ClassVar[str]

    def __call__(self, articles: list[Article]) -> list[Article]:
        """Return the same articles with this stage's annotation added."""
        ...


@runtime_checkable
class CorpusStage(Protocol):
    name: ClassVar[str]

    def __call__(self, corpus: Corpus) -> Corpus:
        """Return the corpus with this stage's corpus-level results added."""
        ...


@runtime_checkable
class StreamingCorpusStage(CorpusStage, Protocol):
    """A corpus-wide stage that can also read the articles a batch at a time, so that a
    large run never holds them all (``pipeline.incremental``)."""

    def over(self, batches: Callable[[], Iterable[list[Article]]], corpus: Corpus) -> Corpus:
        """Add this stage's results to ``corpus`` from every article ``batches()``
        yields; it may call ``batches`` more than once and gets the same order."""
        ...

    def annotate(self, articles: list[Article]) -> None:
        """Write on articles loaded again what :meth:`over` wrote on them."""
        ...
