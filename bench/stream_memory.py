"""Peak memory and time of the comparison over a large store, streamed from SQLite.

    python -m bench.stream_memory --articles 10000
    python -m bench.stream_memory --articles 100000 --keep /tmp/big.db   # reuse the store
    python -m bench.stream_memory --articles 100000 --keep /tmp/big.db --add 500  # update

The store holds N annotated articles: BASIL dev through every article stage, copied
the way ``bench.scale`` copies it (new ids, dates moved, lead vectors mapped so each
copy groups as BASIL does), written a batch at a time, so that building it never holds
the corpus either. A child process then opens the store and runs what ``triangulate
analyze --update`` runs after extraction: every corpus stage over every stored article
(entities, stories, families, alignment, findings), reading the articles from the
store and saving their new annotations and the results in one transaction
(``pipeline.run.compare``). It prints the peak resident memory of that process
(``ru_maxrss``), its wall and CPU time, and what it found.

With ``--add N`` the kept store (compared before) gets the next N synthetic articles and
the child runs what an update runs: the store's previous results are copied aside
(``pipeline.kept.SpilledResults``) and only stories whose fingerprint changed are
compared again; it prints how many were.

Claim vectors come from the embedder's cache, filled by one comparison of the 180
articles (as in ``bench.scale``): every copy embeds the same claims, so without it the
run would measure the embedding model, not the comparison.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import msgspec

from bench.scale import annotated_basil, iter_synthetic
from triangulate.pipeline.registry import DEFAULT_CORPUS_STAGES
from triangulate.store import open_store
from triangulate.store.base import SAVE_BATCH, batches_of


class Measured(msgspec.Struct):
    articles: int
    compared: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    counts: dict[str, int]


class _Silent:
    def task(self, label: str, total: int | None) -> Callable[[int], None]:
        return lambda n: None


def build(path: Path, n: int) -> None:
    """A store of ``n`` annotated articles, written a batch at a time."""
    base = annotated_basil().articles
    start = time.perf_counter()
    with open_store(str(path)) as store:
        for batch in batches_of(iter_synthetic(base, n), SAVE_BATCH):
            store.add_articles(batch)
    print(f"store of {n:,} articles built in {time.perf_counter() - start:.0f} s "
          f"({path.stat().st_size / 1e9:.2f} GB)", file=sys.stderr, flush=True)


def add(path: Path, n: int) -> None:
    """The next ``n`` synthetic articles of the store's series, stored (not compared)."""
    with open_store(str(path)) as store:
        have = store.count_articles()
        new = islice(iter_synthetic(annotated_basil().articles, have + n), have, None)
        for batch in batches_of(new, SAVE_BATCH):
            store.add_articles(batch)
    print(f"{n:,} articles added to the {have:,} stored", file=sys.stderr, flush=True)


def measure(path: Path, stages: tuple[str, ...] = DEFAULT_CORPUS_STAGES,
            update: bool = False, report: Path | None = None) -> Measured:
    from triangulate.models.embedder import default_embedder
    from triangulate.pipeline.kept import SpilledResults
    from triangulate.pipeline.run import compare

    if stages:
        default_embedder()._cache.update(annotated_basil().embeddings)  # bench-only
    cpu, start = time.process_time(), time.perf_counter()
    compared: list[str] = []
    with open_store(str(path)) as store:
        ids = store.article_ids()
        if update:
            with SpilledResults(store) as previous:
                _, compared = compare(store, ids, stages, _Silent(), previous)
        elif stages:
            _, compared = compare(store, ids, stages, _Silent())
        if report is not None:  # what `triangulate analyze` writes after the comparison
            from triangulate.report import write_from_store

            write_from_store(store, ids, report)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    # what was saved, counted in the file (loading it would add to the peak)
    with sqlite3.connect(path) as conn:
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("entities", "stories", "families", "claim_groups",
                                "findings", "timeline")}
    return Measured(articles=len(ids), compared=len(compared), wall_s=wall, cpu_s=cpu,
                    peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    counts=counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None,
                        help="store file to build (or reuse, if it exists) and keep")
    parser.add_argument("--stages", default=",".join(DEFAULT_CORPUS_STAGES),
                        help="corpus stages to run, in order (e.g. entities,stories for the "
                             "corpus-wide part alone)")
    parser.add_argument("--add", type=int, default=0,
                        help="add this many articles to the kept store, then update it")
    parser.add_argument("--report", type=Path, default=None,
                        help="then write the report files here from the store (with "
                             "--stages '' that alone, over a kept store already compared)")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    if args.child:
        print(msgspec.json.encode(
            measure(args.child, stages, args.add > 0, args.report)).decode())
        return 0
    if args.add and not (args.keep and args.keep.exists()):
        parser.error("--add updates a store kept (and compared) by an earlier run: --keep")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "stream.db"
        if not path.exists():
            build(path, args.articles)
        if args.add:
            add(path, args.add)
        done = subprocess.run([sys.executable, "-m", "bench.stream_memory", "--child",
                               str(path), "--stages", ",".join(stages),
                               "--add", str(args.add)]
                              + (["--report", str(args.report)] if args.report else []),
                              stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            print(f"comparison failed (exit {done.returncode})")
            return 1
        m = msgspec.json.decode(done.stdout.strip().splitlines()[-1], type=Measured)
    what = (f"{'update' if args.add else 'comparison'} ({', '.join(stages)})" if stages
             else "no comparison")
    if args.report:
        what += ", report written from the store,"
    print(f"{what} of {m.articles:,} stored articles, streamed: "
          f"{m.compared:,} stories compared; peak RSS "
          f"{m.peak_mb:,.0f} MB, {m.wall_s:.0f} s wall, {m.cpu_s:.0f} s CPU")
    for key, value in m.counts.items():
        print(f"  {key}: {value:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
