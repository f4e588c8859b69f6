"""What a stage is. A stage adds annotation and knows nothing of its neighbours.

Article stages work on a batch of articles independently of the rest of the corpus, so
an engine may run them in this process, in a pool or on a cluster. Corpus stages need
all the articles of a run at once (grouping, alignment, findings).
"""

from __future__ import annotations

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
