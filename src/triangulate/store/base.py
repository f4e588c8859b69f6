"""The store interface. SQLite implements it now; a server database can later.

Articles are identified by id and deduplicated by content hash, so ingesting the same
input twice stores nothing new. Article annotations are saved with the article;
corpus-level results (entities, stories, families, claim groups, findings, timeline)
are saved as one consistent set per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from itertools import islice
from typing import Any, Protocol, Self, TypeVar

from msgspec import Struct, field

from triangulate.model import Article, Corpus, Entity, Finding, Story

T = TypeVar("T")
SAVE_BATCH = 256  # articles a store writes (or reads) at once


def batches_of(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class AddResult(Struct, kw_only=True):
    """What ``add_articles`` did: ids of newly stored articles and of duplicates.

    ``duplicates`` maps the id the input asked for to the id already stored with the
    same content. ``renamed`` maps an asked-for id that was taken by other content to
    the fresh id it was stored under.
    """

    added: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)


class Store(Protocol):
    url: str

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        """Store new articles (one transaction); content already stored is skipped.

        Mutates ``article.id`` of a renamed article so callers keep a consistent id.
        """
        ...

    def find_by_hash(self, content_hash: str) -> str | None: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def get_articles(self, article_ids: Iterable[str], share: bool = True) -> list[Article]:
        """Articles with their annotations, in the order asked; unknown ids are skipped.

        With ``share``, strings an article repeats are made one object (less memory for
        articles kept long; the reading takes about twice as long)."""
        ...

    def iter_articles(self, batch_size: int = 256) -> Iterator[Article]:
        """Every stored article, streamed in insertion order."""
        ...

    def article_ids(self) -> list[str]: ...

    def count_articles(self) -> int: ...

    def save_annotations(self, articles: Iterable[Article]) -> None:
        """Replace the stored annotations of these (already stored) articles, atomically."""
        ...

    def save_results(self, corpus: Corpus, with_annotations: bool = False,
                     parts: Iterable[Corpus] | None = None) -> None:
        """Replace all corpus-level results with the corpus's, atomically.

        With ``with_annotations`` the corpus's article annotations are saved in the same
        transaction (corpus stages link them to results, e.g. mention → entity), so a
        crash never leaves one without the other.

        With ``parts`` (``pipeline.incremental.Comparison``), the per-story results and
        the articles come a few stories at a time and are written as they come:
        families, claim groups and timeline entries in the order given, findings ranked
        across all parts by score and ``Finding.rank_key`` and numbered f1, f2, ...;
        ``corpus`` gives the entities and stories, read once the parts are exhausted
        (so a generator may fill it as it runs).
        """
        ...

    def load_results(self, article_ids: Iterable[str] | None = None) -> Corpus:
        """The stored corpus: articles (all, or those asked) and corpus-level results."""
        ...

    def iter_results(self, part: str, batch_size: int = 1000) -> Iterator[Any]:
        """Every saved row of one result part (``entities``, ``stories``, ``families``,
        ``claim_groups``, ``findings`` or ``timeline``) in saved order, streamed."""
        ...

    def story_results(self, story_ids: Iterable[str | None]) -> Corpus:
        """The families, claim groups, findings and timeline entries saved for these
        stories, each in saved order (no articles, entities or stories); ``None`` asks
        for those saved without a story."""
        ...

    def stories(self) -> list[Story]: ...

    def story(self, story_id: str) -> Story | None: ...

    def findings(self, kind: str | None = None, story: str | None = None,
                 offset: int = 0, limit: int | None = None) -> list[Finding]:
        """Findings in saved (ranked) order, by kind and story when given, ``limit`` of
        them from ``offset``."""
        ...

    def entities(self, entity_ids: Iterable[str]) -> list[Entity]:
        """Entities by id, in the order asked; unknown ids are skipped."""
        ...

    def reading(self) -> AbstractContextManager[None]:
        """Every read inside sees one state of the store (one read transaction), even
        while another process saves: for a reader that pages through many parts."""
        ...

    def results_saved_at(self) -> str | None:
        """When the results were last saved (changes with every save), or None."""
        ...

    def finding_counts(self) -> dict[tuple[str, str], int]:
        """How many findings each (story, kind) has."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
