"""Execution engines: where article stages run. Stages never know which engine runs them.

``LocalEngine`` runs in this process. ``PoolEngine`` runs batches in worker processes,
each building its stages (and so loading its models) once.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from triangulate.errors import Err, TriangulateError
from triangulate.model import Article
from triangulate.pipeline.registry import build_stage


class Engine(Protocol):
    def map_batches(self, stages: tuple[str, ...],
                    batches: Iterable[list[Article]]) -> Iterator[list[Article]]:
        """Run the named article stages over each batch; yield batches in input order."""
        ...

    def close(self) -> None: ...


def run_stages(stages: list[Any], batch: list[Article]) -> list[Article]:
    for stage in stages:
        batch = stage(batch)
    return batch


class LocalEngine:
    def __init__(self) -> None:
        self._built: dict[tuple[str, ...], list[Any]] = {}

    def map_batches(self, stages: tuple[str, ...],
                    batches: Iterable[list[Article]]) -> Iterator[list[Article]]:
        built = self._built.get(stages)
        if built is None:
            built = self._built[stages] = [build_stage(n) for n in stages]
        for batch in batches:
            yield run_stages(built, batch)

    def close(self) -> None:
        self._built.clear()


_worker_stages: list[Any] = []


def _init_worker(stages: tuple[str, ...], threads: int) -> None:
    global _worker_stages
    # the workers share the cores: a model that takes every core in each worker makes
    # them wait on each other (the user's own setting wins)
    os.environ.setdefault("TRIANGULATE_THREADS", str(threads))
    _worker_stages = [build_stage(n) for n in stages]


def _work(batch: list[Article]) -> list[Article]:
    return run_stages(_worker_stages, batch)


class PoolEngine:
    """A process pool; at most ``2 * workers`` batches in flight so memory stays bounded."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._stages: tuple[str, ...] | None = None

    def _pool_for(self, stages: tuple[str, ...]) -> ProcessPoolExecutor:
        if self._pool is None or self._stages != stages:
            self.close()
            threads = max(1, (os.cpu_count() or 1) // self.workers)
            self._pool = ProcessPoolExecutor(self.workers, initializer=_init_worker,
                                             initargs=(stages, threads))
            self._stages = stages
        return self._pool

    def map_batches(self, stages: tuple[str, ...],
                    batches: Iterable[list[Article]]) -> Iterator[list[Article]]:
        pool = self._pool_for(stages)
        pending: deque[Future[list[Article]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_work, batch))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


ENGINES: tuple[str, ...] = ("auto", "local", "pool", "ray")


def make_engine(workers: int = 1, engine: str = "auto") -> Engine:
    """``auto``: a pool when ``workers > 1``, else this process. ``ray``: Ray Data with
    ``workers`` actors (needs the ``triangulate[ray]`` extra; imported only here)."""
    if engine == "auto":
        return PoolEngine(workers) if workers > 1 else LocalEngine()
    if engine == "local":
        return LocalEngine()
    if engine == "pool":
        return PoolEngine(workers)
    if engine == "ray":
        try:
            from triangulate.pipeline.ray_engine import RayEngine
        except ImportError as exc:
            raise TriangulateError(Err.BAD_SETTING, name="engine", detail=(
                "the ray engine needs Ray: pip install 'triangulate[ray]'")) from exc
        return RayEngine(workers)
    raise TriangulateError(Err.BAD_SETTING, name="engine",
                           detail=f"{engine!r}; choose one of {', '.join(ENGINES)}")
