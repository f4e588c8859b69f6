"""Many readers at once: the real web server under concurrent clients, over 10,000 articles.

    python -m bench.web_load [--clients 50] [--seconds 30] [--stories 1000] [--per-story 10]
                             [--db STORE]

The store is filled as in :mod:`bench.web_latency` (synthetic annotated articles and
results; ``--db`` uses an existing store instead), then ``triangulate serve`` runs in a
child process on 127.0.0.1 and a free port, as a user would start it. ``--clients``
clients (asyncio, one httpx connection each, one request at a time, no pause) loop over a
mix of what a reader asks for: the story list, story pages, a story's JSON, findings JSON,
article pages, and a page that does not exist, for ``--seconds`` seconds. Requests still
in flight at the deadline are awaited, so every request sent must be answered.

Prints requests, requests per second, errors (a connection error or time-out, any 5xx, or
any status other than the one expected: 200, or 404 for the missing page) and p50, p95,
p99 and max latency per kind and overall, then the load average (the machine may be
shared). Exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.web_latency import fill_and_report
from triangulate.store import open_store

READY_SECONDS = 60.0  # how long the server may take to start (imports, snapshot)
REQUEST_TIMEOUT = 30.0  # a request unanswered this long counts as an error


@dataclass(frozen=True)
class Target:
    """A story of the store under test and its article ids: what requests are made of."""

    story: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """One kind of request in the mix: how often it comes, its path, its expected status."""

    name: str
    weight: int
    path: Callable[[random.Random, list[Target]], str]
    expected: int = 200


def _story(rng: random.Random, targets: list[Target]) -> Target:
    return rng.choice(targets)


# Weights: story pages and their JSON most, the list and articles often, a bad link rarely.
MIX: tuple[Kind, ...] = (
    Kind("index", 2, lambda r, t: "/" if r.random() < 0.7
         else f"/?page={r.randint(1, max(1, len(t) // 50))}"),
    Kind("story page", 4, lambda r, t: f"/stories/{_story(r, t).story}"),
    Kind("story JSON", 3, lambda r, t: f"/api/stories/{_story(r, t).story}"),
    Kind("findings JSON", 2, lambda r, t: f"/api/findings?story={_story(r, t).story}"
         if r.random() < 0.7 else "/api/findings?kind=conflict&limit=50"),
    Kind("article page", 3, lambda r, t: f"/articles/{r.choice(_story(r, t).articles)}"),
    Kind("missing page", 1, lambda r, t: f"/stories/no-such-story-{r.randrange(10**6)}", 404),
)


@dataclass(frozen=True)
class Sample:
    """One request: its kind, how long it took, and what went wrong (None when nothing)."""

    kind: str
    seconds: float
    error: str | None


@dataclass
class LoadResult:
    """Every request of a run, how many were sent, and how long the run took."""

    clients: int
    seconds: float = 0.0
    sent: int = 0
    samples: list[Sample] = field(default_factory=list)

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.error is not None]

    @property
    def unanswered(self) -> int:
        return self.sent - len(self.samples)

    def latencies(self, kind: str | None = None) -> list[float]:
        return sorted(s.seconds for s in self.samples if kind is None or s.kind == kind)


def percentile(ordered: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (0 < q <= 1) of sorted ``ordered``; 0 when empty."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def targets_of(db: str) -> list[Target]:
    """The stories of the store at ``db`` that have articles."""
    with open_store(db) as store:
        return [Target(s.id, tuple(s.articles)) for s in store.stories() if s.articles]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ready(base_url: str, process: subprocess.Popen[bytes]) -> bool:
    """Whether the server answers before READY_SECONDS; False once it has exited."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(f"{base_url}/favicon.ico", timeout=2.0).status_code == 204:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


@contextmanager
def serve(db: str, attempts: int = 3) -> Iterator[str]:
    """``triangulate serve`` over ``db`` in a child process; yields its base URL.

    The port is picked free, then given to the server: another process may take it in
    between, so a server that fails to start is tried again on another port.
    """
    with tempfile.TemporaryFile() as log:
        for _ in range(attempts):
            port = _free_port()
            base_url = f"http://127.0.0.1:{port}"
            process = subprocess.Popen(
                [sys.executable, "-m", "triangulate", "serve", "--db", db, "--port", str(port)],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
            try:
                if _wait_ready(base_url, process):
                    yield base_url
                    return
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"the server did not start in {attempts} attempts:\n{tail}")


async def _client(base_url: str, tls: ssl.SSLContext, targets: list[Target], deadline: float,
                  seed: int, result: LoadResult) -> None:
    """One reader on its own connection: a request at a time, each answered before the
    next, until the deadline."""
    rng = random.Random(seed)
    weights = [k.weight for k in MIX]
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT, limits=limits,
                                 verify=tls) as http:
        while time.monotonic() < deadline:
            kind = rng.choices(MIX, weights)[0]
            path = kind.path(rng, targets)
            result.sent += 1
            start = time.perf_counter()
            error: str | None = None
            try:
                response = await http.get(path)
                if response.status_code != kind.expected:
                    error = f"HTTP {response.status_code} for {path}"
            except httpx.TimeoutException:
                error = f"time-out for {path}"
            except httpx.TransportError as exc:
                error = f"{type(exc).__name__} for {path}"
            result.samples.append(Sample(kind.name, time.perf_counter() - start, error))


async def _run(base_url: str, targets: list[Target], clients: int, seconds: float,
               seed: int) -> LoadResult:
    result = LoadResult(clients=clients)
    # A client per reader keeps each pool to one connection (a shared pool of many costs
    # the load generator more CPU per request than the server spends); one TLS context for
    # all, unused over http, because building one per client costs tens of ms each.
    tls = ssl.create_default_context()
    began = time.monotonic()
    await asyncio.gather(*(_client(base_url, tls, targets, began + seconds, seed * 1000 + i,
                                   result) for i in range(clients)))
    result.seconds = time.monotonic() - began
    return result


def run_load(base_url: str, targets: list[Target], clients: int = 50, seconds: float = 30.0,
             seed: int = 0) -> LoadResult:
    """``clients`` concurrent readers against ``base_url`` for ``seconds``, all timed."""
    if not targets:
        raise ValueError("the store has no story with articles to ask for")
    # a thread of its own: the caller's thread may already run an event loop (a test
    # session with a browser driver does), and asyncio.run refuses to nest
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _run(base_url, targets, clients, seconds,
                                             seed)).result()


def report(result: LoadResult) -> str:
    """The figures: per kind and overall requests, errors and latency quantiles in ms."""
    lines = [f"{'kind':<16}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
             f"{'p99 ms':>9}{'max ms':>9}"]
    for kind in [*(k.name for k in MIX), None]:
        times = result.latencies(kind)
        errors = sum(1 for s in result.errors if kind is None or s.kind == kind)
        ms = [1000 * percentile(times, q) for q in (0.5, 0.95, 0.99, 1.0)]
        lines.append(f"{kind or 'all':<16}{len(times):>9}{errors:>8}"
                     + "".join(f"{v:>9.1f}" for v in ms))
    rate = len(result.samples) / result.seconds if result.seconds else 0.0
    lines.append(f"{len(result.samples)} requests answered of {result.sent} sent by "
                 f"{result.clients} clients in {result.seconds:.1f} s: {rate:.1f} requests/s, "
                 f"{len(result.errors)} errors")
    for sample in result.errors[:10]:
        lines.append(f"  error: {sample.kind}: {sample.error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--per-story", type=int, default=10)
    parser.add_argument("--db", help="an existing store to serve instead of a synthetic one")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "load.db")
        if not args.db:
            fill_and_report(db, args.stories, args.per_story)
        targets = targets_of(db)
        start = time.perf_counter()
        with serve(db) as base_url:
            print(f"triangulate serve at {base_url}/ ready in "
                  f"{time.perf_counter() - start:.1f} s; {args.clients} clients for "
                  f"{args.seconds:g} s over {len(targets)} stories", flush=True)
            print(_load_average("before"), flush=True)
            result = run_load(base_url, targets, args.clients, args.seconds)
    print(report(result))
    print(_load_average("after"))
    return 1 if result.errors or result.unanswered else 0


def _load_average(when: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


if __name__ == "__main__":
    sys.exit(main())
