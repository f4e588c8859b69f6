"""Throughput of the whole pipeline on real news text, and where the time goes.

    python -m bench.throughput --articles 180
    python -m bench.throughput --articles 1000 --workers 2 --engine pool
    python -m bench.throughput --articles 180 --store postgresql://user@host/db

Input: BASIL dev (180 articles). For N > 180 the set is repeated with light perturbation
(new ids, a few words swapped for other words of the same article), so every copy has
new content: nothing is deduplicated or served from a parse cache.

Measured, in this order:
1. model loading (spaCy, the sentence embedder) in this process, then a warm-up run of
   the whole pipeline on 3 other articles, so that what stages load on first use is not
   counted in the figures below;
2. the spaCy-only floor: ``nlp.pipe`` over the same texts with the same pipeline;
3. the whole run (``pipeline.run.run``: store, article stages on the chosen engine,
   corpus stages, results saved), with its phases, articles/s and words/s;
4. a per-stage breakdown in this process: the spaCy parse, then each registered article
   stage, then each corpus stage, on the same batches, with the parse and embedding
   caches emptied first so nothing is served from the whole run's work.
Times are wall-clock; CPU seconds (this process and its children) are printed beside the
whole run, since on a shared machine wall time also counts other people's work.
Peak memory is the maximum resident set (``getrusage``) of this process and, for the
pool engine, of its largest worker; ``--tracemalloc`` adds the peak of Python's own
allocations during the run (it slows the run, so its times are then not comparable).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.shared import eval_dir
from triangulate.model import Article, Corpus
from triangulate.pipeline.engine import ENGINES, make_engine
from triangulate.pipeline.registry import (
    DEFAULT_ARTICLE_STAGES,
    DEFAULT_CORPUS_STAGES,
    build_stage,
)
from triangulate.pipeline.run import BATCH, run
from triangulate.store import open_store

_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
_SWAPS_PER_COPY = 3


def load_basil() -> list[Article]:
    articles = []
    with open(eval_dir("basil") / "basil-dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            articles.append(Article(id=row["id"], title=row.get("title"),
                                    outlet=row.get("outlet"), published=row.get("published"),
                                    url=row.get("url"), text=row["text"]))
    return articles


def perturb(article: Article, copy: int, rng: random.Random) -> Article:
    """A copy with a new id and a few words replaced by other words of the same text."""
    words = list(_WORD.finditer(article.text))
    text = article.text
    if len(words) > 1:
        # right to left, so earlier offsets stay valid as the text changes length
        for m in sorted(rng.sample(words, min(_SWAPS_PER_COPY, len(words))),
                        key=lambda m: m.start(), reverse=True):
            text = text[:m.start()] + rng.choice(words).group() + text[m.end():]
    return Article(id=f"{article.id}~{copy}", text=text, title=article.title,
                   outlet=article.outlet, published=article.published, url=article.url)


def make_inputs(n: int, seed: int = 13) -> list[Article]:
    base = load_basil()
    rng = random.Random(seed)
    out = [Article(id=a.id, text=a.text, title=a.title, outlet=a.outlet,
                   published=a.published, url=a.url) for a in base[:n]]
    copy = 1
    while len(out) < n:
        out += [perturb(a, copy, rng) for a in base[:n - len(out)]]
        copy += 1
    return out


def fresh(articles: list[Article]) -> list[Article]:
    """Unannotated copies: every pass starts from the same input."""
    return [Article(id=a.id, text=a.text, title=a.title, outlet=a.outlet,
                    published=a.published, url=a.url) for a in articles]


class PhaseClock:
    """A ``Progress`` that notes when each phase of the run starts."""

    def __init__(self) -> None:
        self.starts: list[tuple[str, float]] = []

    def task(self, label: str, total: int | None) -> Callable[[int], None]:
        self.starts.append((label, time.perf_counter()))
        return lambda n: None

    def durations(self, end: float) -> list[tuple[str, float]]:
        ends = [t for _, t in self.starts[1:]] + [end]
        return [(label, stop - start) for (label, start), stop in zip(self.starts, ends,
                                                                      strict=True)]


def _batches(articles: list[Article]) -> Iterator[list[Article]]:
    for start in range(0, len(articles), BATCH):
        yield articles[start:start + BATCH]


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _row(label: str, seconds: float, total: float | None = None, extra: str = "") -> str:
    share = f"{100 * seconds / total:5.1f}%" if total else "      "
    return f"  {label:<28} {seconds:8.2f} s  {share}  {extra}"


def load_models() -> float:
    from triangulate.models.embedder import default_embedder
    from triangulate.models.language import load_spacy

    start = time.perf_counter()
    load_spacy()
    default_embedder().embed(["warm up"])
    return time.perf_counter() - start


def warm_up() -> float:
    """The whole pipeline once on a few articles the timed runs do not see."""
    articles = [perturb(a, 0, random.Random(7)) for a in load_basil()[-3:]]
    start = time.perf_counter()
    with open_store(":memory:") as store:
        run(articles, store)
    _forget_caches()
    return time.perf_counter() - start


def _forget_caches() -> None:
    # Bench-only reach into the model modules: a cached parse or vector would make a
    # stage look cheaper than it is on new text.
    from triangulate.models import language
    from triangulate.models.embedder import default_embedder

    language._docs.clear()
    default_embedder()._cache.clear()


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def spacy_floor(articles: list[Article]) -> tuple[float, float]:
    """Wall and CPU seconds of ``nlp.pipe`` over the texts."""
    from triangulate.models.language import load_spacy

    nlp = load_spacy()
    cpu, start = _cpu_seconds(), time.perf_counter()
    for _ in nlp.pipe([a.text for a in articles], batch_size=BATCH):
        pass
    return time.perf_counter() - start, _cpu_seconds() - cpu


def whole_run(articles: list[Article], store_url: str, workers: int, engine_name: str,
              trace: bool) -> tuple[float, float, list[tuple[str, float]], Corpus, float | None]:
    clock = PhaseClock()
    engine = make_engine(workers, engine_name)
    if trace:
        tracemalloc.start()
    try:
        with open_store(store_url) as store:
            cpu, start = _cpu_seconds(), time.perf_counter()
            result = run(fresh(articles), store, engine=engine, progress=clock)
            end = time.perf_counter()
            cpu = _cpu_seconds() - cpu
    finally:
        engine.close()
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return end - start, cpu, clock.durations(end), result.corpus, traced


def breakdown(articles: list[Article]) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Seconds per article stage (the spaCy parse apart) and per corpus stage."""
    from triangulate.models import language

    _forget_caches()
    stages = [build_stage(name) for name in DEFAULT_ARTICLE_STAGES]
    spent = dict.fromkeys(["spaCy parse", *DEFAULT_ARTICLE_STAGES], 0.0)
    done: list[Article] = []
    for batch in _batches(fresh(articles)):
        start = time.perf_counter()
        language.parse_many(batch)
        spent["spaCy parse"] += time.perf_counter() - start
        for name, stage in zip(DEFAULT_ARTICLE_STAGES, stages, strict=True):
            start = time.perf_counter()
            batch = stage(batch)
            spent[name] += time.perf_counter() - start
        done += batch
    corpus = Corpus(articles=done)
    corpus_spent: list[tuple[str, float]] = []
    for name in DEFAULT_CORPUS_STAGES:
        stage = build_stage(name)
        start = time.perf_counter()
        corpus = stage(corpus)
        corpus_spent.append((name, time.perf_counter() - start))
    return list(spent.items()), corpus_spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=180, help="how many articles")
    parser.add_argument("--workers", type=int, default=1, help="engine workers")
    parser.add_argument("--engine", choices=ENGINES, default="auto")
    parser.add_argument("--store", default=None,
                        help="store URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace Python allocations during the run (slower)")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the per-stage pass")
    args = parser.parse_args(argv)

    articles = make_inputs(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    chars = sum(len(a.text) for a in articles)
    print(f"input: {len(articles)} articles, {words} words, {chars} characters "
          f"(BASIL dev{', perturbed copies' if len(articles) > 180 else ''})")
    print(f"engine: {args.engine}, workers: {args.workers}")

    load = load_models()
    print(f"model loading (this process): {load:.2f} s; "
          f"warm-up run on 3 other articles: {warm_up():.2f} s")
    floor, floor_cpu = spacy_floor(articles)
    print(f"spaCy floor (nlp.pipe, same pipeline): {floor:.2f} s ({floor_cpu:.2f} CPU s), "
          f"{len(articles) / floor:.1f} articles/s, {words / floor:.0f} words/s")

    with tempfile.TemporaryDirectory(prefix="triangulate-bench-") as tmp:
        store_url = args.store or str(Path(tmp) / "bench.db")
        total, cpu, phases, corpus, traced = whole_run(articles, store_url, args.workers,
                                                  args.engine, args.tracemalloc)
    print(f"\nwhole run: {total:.2f} s, {len(articles) / total:.1f} articles/s, "
          f"{words / total:.0f} words/s, {total / floor:.1f}x the spaCy floor; "
          f"{cpu:.2f} CPU s, {cpu / floor_cpu:.1f}x the floor's CPU")
    print(f"  results: {len(corpus.stories)} stories, {len(corpus.families)} families, "
          f"{len(corpus.claim_groups)} claim groups, {len(corpus.findings)} findings")
    for label, seconds in phases:
        print(_row(label, seconds, total))
    print(f"peak memory: this process {_maxrss_mb(resource.RUSAGE_SELF):.0f} MB resident"
          + (f", largest worker {_maxrss_mb(resource.RUSAGE_CHILDREN):.0f} MB"
             if args.workers > 1 and args.engine in ("auto", "pool") else "")
          + (f", Python allocations {traced:.0f} MB (tracemalloc)" if traced else ""))

    if not args.no_breakdown:
        article_spent, corpus_spent = breakdown(articles)
        spent = sum(s for _, s in article_spent) + sum(s for _, s in corpus_spent)
        print(f"\nper stage, in this process ({spent:.2f} s in all, "
              f"{spent / floor:.1f}x the spaCy floor):")
        for label, seconds in article_spent:
            print(_row(label, seconds, spent, f"{1000 * seconds / len(articles):6.1f} ms/article"))
        for label, seconds in corpus_spent:
            print(_row(f"{label} (corpus)", seconds, spent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
