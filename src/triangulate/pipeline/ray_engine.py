"""Article stages on Ray Data, for a machine's cores or a cluster (``--engine ray``).

Needs the optional extra ``triangulate[ray]``; importing this module imports Ray. Stages
know nothing of Ray: each actor of a fixed-size pool builds them by name once
(:func:`~triangulate.pipeline.registry.build_stage`), so models load once per actor.

Articles cross process boundaries as MessagePack bytes (``encode_article``), one row per
article, so Ray only ever moves a binary column. Rows may come back in any order; the
engine reassembles the caller's batches and yields each one as soon as it is complete,
in input order, as the :class:`~triangulate.pipeline.engine.Engine` protocol asks.

Ray itself: ``address`` (or the ``RAY_ADDRESS`` environment variable) joins a running
cluster; without one, a local instance with ``workers`` CPUs is started, and shut down
again by :meth:`RayEngine.close`. A Ray already initialised by the caller is used as it
is and left running.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import ray
import ray.data

from triangulate.model import Article, decode_article, encode_article
from triangulate.pipeline.engine import run_stages
from triangulate.pipeline.registry import build_stage

_SEQ = "seq"
_ARTICLE = "article"
_MAX_BLOCKS = 1000  # past this, Ray's per-block overhead outweighs finer scheduling


class ArticleWorker:
    """One Ray Data actor: builds the stages once, then annotates batches of rows."""

    def __init__(self, stages: tuple[str, ...]) -> None:
        self.stages = [build_stage(name) for name in stages]

    def __call__(self, batch: dict[str, np.ndarray[Any, Any]]) -> dict[str, np.ndarray[Any, Any]]:
        articles = [decode_article(bytes(data)) for data in batch[_ARTICLE]]
        done = run_stages(self.stages, articles)
        encoded = np.empty(len(done), dtype=object)  # a list of bytes, not a 2-D byte array
        encoded[:] = [encode_article(a) for a in done]
        return {_SEQ: np.asarray(batch[_SEQ]), _ARTICLE: encoded}


class RayEngine:
    """An :class:`~triangulate.pipeline.engine.Engine` on a pool of ``workers`` Ray actors.

    ``batch_size`` is how many articles an actor annotates per call (the caller's
    batches are regrouped; article stages do not depend on batch boundaries).
    """

    def __init__(self, workers: int = 2, *, address: str | None = None, batch_size: int = 32,
                 progress_bars: bool = False) -> None:
        self.workers = max(1, workers)
        self.address = address
        self.batch_size = max(1, batch_size)
        self.progress_bars = progress_bars
        self._started_ray = False

    def _ensure_ray(self) -> None:
        if ray.is_initialized():
            return
        options: dict[str, Any] = {"include_dashboard": False, "logging_level": "WARNING",
                                   "log_to_driver": False}
        if self.address is None and not os.environ.get("RAY_ADDRESS"):
            options["num_cpus"] = self.workers  # only a new local instance takes a size
        ray.init(address=self.address, **options)
        self._started_ray = True

    def map_batches(self, stages: tuple[str, ...],
                    batches: Iterable[list[Article]]) -> Iterator[list[Article]]:
        sizes: list[int] = []
        rows: list[dict[str, Any]] = []
        for batch in batches:
            sizes.append(len(batch))
            rows.extend({_SEQ: seq, _ARTICLE: encode_article(a)}
                        for seq, a in enumerate(batch, start=len(rows)))
        if not rows:
            yield from ([] for _ in sizes)
            return
        self._ensure_ray()
        ray.data.DataContext.get_current().enable_progress_bars = self.progress_bars
        if not self.progress_bars:  # quiet: Ray Data logs every run's start and end
            logging.getLogger("ray.data").setLevel(logging.ERROR)
        blocks = min(_MAX_BLOCKS, -(-len(rows) // self.batch_size))  # ~ one block per call
        dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            ArticleWorker,
            fn_constructor_args=(tuple(stages),),
            # no more actors than blocks: an idle actor would still load every model
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, blocks)),
            batch_size=self.batch_size,
            batch_format="numpy",
            num_cpus=1,
        )
        del rows  # the dataset holds its own copy in Ray's object store
        yield from _regroup(_rows_out(dataset), sizes)

    def close(self) -> None:
        if self._started_ray and ray.is_initialized():
            ray.shutdown()
        self._started_ray = False


def _rows_out(dataset: ray.data.Dataset) -> Iterator[tuple[int, bytes]]:
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        for seq, data in zip(batch[_SEQ], batch[_ARTICLE], strict=True):
            yield int(seq), bytes(data)


def _regroup(rows: Iterable[tuple[int, bytes]], sizes: list[int]) -> Iterator[list[Article]]:
    """The caller's batches, in order, from ``(seq, article)`` rows in any order."""
    waiting: dict[int, bytes] = {}
    batch_index = 0
    start = 0  # seq of the first article of the batch being completed

    def complete() -> Iterator[list[Article]]:
        nonlocal batch_index, start
        while batch_index < len(sizes) and all(
                s in waiting for s in range(start, start + sizes[batch_index])):
            end = start + sizes[batch_index]
            yield [decode_article(waiting.pop(s)) for s in range(start, end)]
            batch_index, start = batch_index + 1, end

    for seq, data in rows:
        waiting[seq] = data
        yield from complete()
    yield from complete()
    if batch_index != len(sizes):
        raise RuntimeError(f"Ray returned {len(waiting)} stray articles; "
                           f"{len(sizes) - batch_index} batches incomplete")
