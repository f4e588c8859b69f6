"""The Python API: ``analyze(paths or articles) -> Report``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from triangulate.errors import ReadError
from triangulate.model import Article, Corpus, normalise_text
from triangulate.pipeline.engine import make_engine
from triangulate.pipeline.run import Progress, RunResult, run
from triangulate.store import open_store
from triangulate.store.base import Store

if TYPE_CHECKING:
    import pandas as pd

    from triangulate.readers import Limits

FRAMES = ("articles", "stories", "families", "entities", "quotes", "claims", "findings",
          "timeline")


class Report:
    """The result of a run: the contract JSON, the corpus behind it, and DataFrames."""

    def __init__(self, result: RunResult, generated_at: datetime | None = None) -> None:
        self.corpus: Corpus = result.corpus
        self.errors: list[str] = result.errors
        self.added = result.added
        self.duplicates = result.duplicates
        self.annotated = result.annotated
        self.changed_stories = result.changed_stories  # with ``update``: new or grown
        # with ``update``: the stories compared again (the others kept their results)
        self.compared_stories = result.compared_stories
        self._generated_at = generated_at or datetime.now(UTC)
        self._data: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report as ``report.json`` holds it (the report contract, version 1)."""
        if self._data is None:
            from triangulate.report import build_report

            self._data = build_report(self.corpus, generated_at=self._generated_at)
        return self._data

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write report.json, report.md and report.html into ``out_dir``."""
        from triangulate.report import write_report

        return write_report(self.to_dict(), Path(out_dir))

    def frame(self, name: str) -> pd.DataFrame:
        """One part of the report as a pandas DataFrame (for notebooks)."""
        import pandas as pd

        if name not in FRAMES:
            raise KeyError(f"unknown part {name!r}; parts: {', '.join(FRAMES)}")
        return pd.DataFrame(self.to_dict()[name])

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: self.frame(name) for name in FRAMES}

    def counts(self) -> dict[str, int]:
        data = self.to_dict()
        counts = {name: len(data[name]) for name in FRAMES}
        for finding in data["findings"]:
            key = f"findings.{finding['kind']}"
            counts[key] = counts.get(key, 0) + 1
        return counts

    def __repr__(self) -> str:
        c = self.counts()
        return (f"<Report {c['articles']} articles, {c['stories']} stories, "
                f"{c['findings']} findings, {len(self.errors)} input errors>")


def _as_inputs(items: Iterable[str | Path | Article], limits: Limits | None
               ) -> Iterator[Article | ReadError]:
    from triangulate.readers import read_inputs

    paths: list[str | Path] = []
    for item in items:
        if isinstance(item, Article):
            if paths:
                yield from read_inputs(paths, limits=limits)
                paths = []
            item.text = normalise_text(item.text)
            yield item
        else:
            paths.append(item)
    if paths:
        yield from read_inputs(paths, limits=limits)


def analyze(inputs: str | Path | Article | Iterable[str | Path | Article], *,
            db: str = ":memory:", workers: int = 1, engine: str = "auto",
            limits: Limits | None = None,
            update: bool = False,
            progress: Progress | None = None,
            on_error: Callable[[ReadError], None] | None = None) -> Report:
    """Analyse files, folders, feeds, archives or ``Article`` objects.

    >>> report = analyze(["reports/"])            # doctest: +SKIP
    >>> report.frame("findings").head()           # doctest: +SKIP

    ``db`` is a SQLite file to keep articles and annotations in (in memory by default);
    ``workers`` > 1 runs the model-heavy stages in a process pool; ``engine="ray"`` runs
    them on Ray Data (the ``triangulate[ray]`` extra). With ``update`` the report covers
    every article in ``db``, not only ``inputs``: articles stored by earlier runs keep
    their annotations, so only the new ones are extracted. The report is held in
    memory; for a run too large for that, :func:`analyze_to` writes it from the store.
    """
    with _running(inputs, db, workers, engine, limits, update, progress, on_error,
                  load_corpus=True) as (result, _):
        return Report(result)


class Written(Struct, kw_only=True):
    """What :func:`analyze_to` wrote, and what the run did."""

    paths: dict[str, Path]  # json, markdown, html
    counts: dict[str, int]  # items of each report part, and findings.<kind>
    errors: list[str]
    added: int
    duplicates: int
    annotated: int
    changed_stories: list[str]
    compared_stories: list[str]


def analyze_to(inputs: str | Path | Article | Iterable[str | Path | Article],
               out_dir: str | Path, *, db: str = ":memory:", workers: int = 1,
               engine: str = "auto", limits: Limits | None = None, update: bool = False,
               progress: Progress | None = None,
               on_error: Callable[[ReadError], None] | None = None,
               generated_at: datetime | None = None) -> Written:
    """Like :func:`analyze`, but write report.json, report.md and report.html into
    ``out_dir`` straight from the store, a few hundred articles at a time, so memory
    does not grow with the run (the pages draw at most ``report.files.PAGE_ARTICLES``
    articles: a larger run's pages show its highest-ranked stories)."""
    from triangulate.report import write_from_store
    from triangulate.report.files import report_paths

    report_paths(Path(out_dir))  # an unwritable folder fails now, not after the work
    with _running(inputs, db, workers, engine, limits, update, progress, on_error,
                  load_corpus=False) as (result, store):
        written = write_from_store(store, result.article_ids, Path(out_dir), generated_at)
    return Written(paths=written.paths, counts=written.counts, errors=result.errors,
                   added=result.added, duplicates=result.duplicates,
                   annotated=result.annotated, changed_stories=result.changed_stories,
                   compared_stories=result.compared_stories)


@contextmanager
def _running(inputs: str | Path | Article | Iterable[str | Path | Article], db: str,
             workers: int, engine: str, limits: Limits | None, update: bool,
             progress: Progress | None, on_error: Callable[[ReadError], None] | None,
             load_corpus: bool) -> Iterator[tuple[RunResult, Store]]:
    """One run; the store stays open while the caller reads the results."""
    if isinstance(inputs, str | Path | Article):
        inputs = [inputs]
    runner = make_engine(workers, engine)
    try:
        with open_store(db) as store:
            result = run(_as_inputs(inputs, limits), store, engine=runner, progress=progress,
                         on_error=on_error, whole_store=update, load_corpus=load_corpus)
            yield result, store
    finally:
        runner.close()
