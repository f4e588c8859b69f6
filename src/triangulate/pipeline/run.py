"""One analysis run: read → store → annotate what is new → compare → store results.

The CLI and the Python API both call :func:`run`; progress goes to an optional
``Progress`` object so the same code runs with a terminal bar or silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Protocol

from msgspec import Struct, field

from triangulate.errors import Err, ReadError, TriangulateError
from triangulate.model import Article, Corpus
from triangulate.pipeline.engine import Engine, LocalEngine
from triangulate.pipeline.incremental import Comparison, StoredArticles
from triangulate.pipeline.kept import KeptResults, SpilledResults
from triangulate.pipeline.registry import (
    ANNOTATION_MARK,
    DEFAULT_ARTICLE_STAGES,
    DEFAULT_CORPUS_STAGES,
)
from triangulate.store.base import SAVE_BATCH, Store, batches_of

BATCH = 32


class Progress(Protocol):
    def task(self, label: str, total: int | None) -> Callable[[int], None]:
        """Start a task; the returned function advances it by n."""
        ...


class _Silent:
    def task(self, label: str, total: int | None) -> Callable[[int], None]:
        return lambda n: None


class RunResult(Struct, kw_only=True):
    corpus: Corpus  # empty where the run was asked not to load it (``load_corpus``)
    article_ids: list[str] = field(default_factory=list)  # what the results cover
    errors: list[str] = field(default_factory=list)
    added: int = 0
    duplicates: int = 0
    annotated: int = 0
    # with ``whole_store``: the stories that are new or whose articles changed since the
    # store's previous results (what a reader following the collection should look at)
    changed_stories: list[str] = field(default_factory=list)
    # the stories whose families, claim groups and findings were computed in this run
    # (with ``whole_store``, the others kept the store's results: nothing they read changed)
    compared_stories: list[str] = field(default_factory=list)


def ingest(inputs: Iterable[Article | ReadError], store: Store,
           on_error: Callable[[ReadError], None], progress: Progress) -> tuple[list[str], int, int]:
    """Store what was read; returns the run's article ids (stored ids), added, duplicates."""
    ids: list[str] = []
    seen: set[str] = set()
    added = duplicates = 0
    advance = progress.task("reading", None)

    def articles() -> Iterator[Article]:
        for item in inputs:
            if isinstance(item, ReadError):
                on_error(item)
            else:
                yield item
            advance(1)

    for batch in batches_of(articles(), SAVE_BATCH):
        result = store.add_articles(batch)
        added += len(result.added)
        duplicates += len(result.duplicates)
        for article in batch:
            stored = result.duplicates.get(article.id, article.id)
            if stored not in seen:
                seen.add(stored)
                ids.append(stored)
    return ids, added, duplicates


def annotate(ids: list[str], store: Store, engine: Engine, stages: tuple[str, ...],
             progress: Progress) -> int:
    """Run article stages on stored articles that lack them; save as each batch ends.

    Articles are read a few hundred at a time and let go once saved, so a run never
    holds its corpus. Returns how many articles were annotated now."""
    advance = progress.task("extracting", len(ids))

    def pending() -> Iterator[list[Article]]:
        for chunk in batches_of(ids, SAVE_BATCH):
            todo = []
            for article in store.get_articles(chunk):
                if ANNOTATION_MARK in article.annotated_by and all(
                        s in article.annotated_by for s in stages):
                    advance(1)
                else:
                    todo.append(article)
            yield from batches_of(todo, BATCH)

    fresh = 0
    for batch in engine.map_batches(stages, pending()):
        for article in batch:
            article.annotated_by = [m for m in article.annotated_by
                                    if not m.startswith("version:")] + [ANNOTATION_MARK]
        store.save_annotations(batch)
        fresh += len(batch)
        advance(len(batch))
    return fresh


def compare(store: Store, ids: list[str], stages: tuple[str, ...], progress: Progress,
            previous: KeptResults | None = None) -> tuple[Corpus, list[str]]:
    """Run the corpus stages over stored articles and save what they find.

    The articles are read a batch (or a chunk of stories) at a time, and their new
    annotations and the results are written as each chunk is done, in the one
    transaction that replaces the store's results (a crash leaves the previous ones).
    With ``previous`` (the store's last results, ``pipeline.kept``) the stories that
    have not changed keep their results. Returns the corpus-wide results (entities,
    stories; the rest is in the store) and the ids of the stories compared."""
    comparison = Comparison(StoredArticles(store, ids), stages, previous,
                            progress.task("comparing", len(stages)))
    parts = iter(comparison)
    # the corpus-wide stages (and the first chunk) run before the store's write lock is
    # taken: the lock is held while chunks are compared and saved, not for the whole run
    first = next(parts, None)
    store.save_results(comparison.corpus,
                       parts=chain([first] if first is not None else [], parts))
    return comparison.corpus, comparison.compared


def run(inputs: Iterable[Article | ReadError], store: Store, *,
        engine: Engine | None = None,
        article_stages: tuple[str, ...] = DEFAULT_ARTICLE_STAGES,
        corpus_stages: tuple[str, ...] = DEFAULT_CORPUS_STAGES,
        progress: Progress | None = None,
        on_error: Callable[[ReadError], None] | None = None,
        whole_store: bool = False, load_corpus: bool = True) -> RunResult:
    """Store and analyse ``inputs``.

    The results cover this run's inputs, or with ``whole_store`` every article in the
    store (an update: only articles not yet annotated go through the article stages;
    stories, families and findings are then computed again for the whole collection
    from the stored annotations, so they equal a run over everything at once).
    Without ``load_corpus`` the results stay in the store (``RunResult.article_ids``
    says which articles they cover; ``report.write_from_store`` writes them).
    """
    progress = progress or _Silent()
    errors: list[str] = []

    def record(err: ReadError) -> None:
        errors.append(str(err))
        if on_error is not None:
            on_error(err)

    engine = engine or LocalEngine()
    ids, added, duplicates = ingest(inputs, store, record, progress)
    before: set[frozenset[str]] = set()
    if whole_store:
        ids = store.article_ids()
        before = {frozenset(s.articles) for s in store.stories()}
    if not ids:
        raise TriangulateError(Err.NO_ARTICLES)
    fresh = annotate(ids, store, engine, article_stages, progress)
    if whole_store:
        # the previous results are copied aside first: saving the new ones replaces them
        with SpilledResults(store) as previous:
            _, compared = compare(store, ids, corpus_stages, progress, previous)
    else:
        _, compared = compare(store, ids, corpus_stages, progress)
    # the report covers the run's articles: read back, with all the comparison wrote
    corpus = store.load_results(ids) if load_corpus else Corpus()
    stories = corpus.stories if load_corpus else store.stories()
    changed = [s.id for s in stories if frozenset(s.articles) not in before] \
        if whole_store else []
    return RunResult(corpus=corpus, article_ids=ids, errors=errors, added=added,
                     duplicates=duplicates, annotated=fresh, changed_stories=changed,
                     compared_stories=compared)
