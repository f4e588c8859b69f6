"""The real server under 50 concurrent readers: every request answered, none failed.

The load is the one of ``python -m bench.web_load`` (which see), on a smaller store and
for a few seconds. The latency bound is loose on purpose: with no pause between requests,
a reader's latency is about the number of readers over the server's throughput, and the
test machine may be busy with other work; it catches stalls, not slow pages.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

# bench/ is a package at the repository root: `make test` runs `python -m pytest` there,
# which puts the root on sys.path, but a bare `pytest` does not.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.web_latency import fill_store  # noqa: E402
from bench.web_load import (  # noqa: E402
    MIX,
    LoadResult,
    Sample,
    Target,
    percentile,
    report,
    run_load,
    serve,
    targets_of,
)
from triangulate.store import open_store  # noqa: E402

STORIES, PER_STORY = 200, 5
CLIENTS, SECONDS = 50, 5.0
P99_BOUND = 3.0  # seconds; about 0.8 s on a 2-core machine at load average 7


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("load") / "load.db")
    with open_store(path) as store:
        fill_store(store, STORIES, PER_STORY)
    return path


@pytest.mark.slow
def test_fifty_concurrent_readers_get_every_answer_without_error(db: str) -> None:
    targets = targets_of(db)
    assert len(targets) == STORIES
    with serve(db) as base_url:
        result = run_load(base_url, targets, clients=CLIENTS, seconds=SECONDS)
    summary = report(result)
    assert result.unanswered == 0, summary
    assert not result.errors, summary
    assert len(result.samples) >= CLIENTS, summary  # every reader was answered at least once
    assert {s.kind for s in result.samples} == {k.name for k in MIX}, summary
    assert percentile(result.latencies(), 0.99) < P99_BOUND, summary


def test_a_server_that_is_not_there_counts_as_errors() -> None:
    # the load's own check: refused connections are errors, and still answered requests;
    # a port bound but not listening refuses them, and nothing else can take it meanwhile
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        result = run_load(f"http://127.0.0.1:{port}", [Target("story-0", ("a",))],
                          clients=2, seconds=0.3)
    assert result.samples and result.unanswered == 0
    assert len(result.errors) == len(result.samples)
    assert f"{len(result.errors)} errors" in report(result)


@pytest.mark.parametrize(("values", "q", "expected"), [
    ([], 0.99, 0.0),
    ([5.0], 0.5, 5.0),
    ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0),
    ([float(i) for i in range(1, 101)], 0.95, 95.0),
    ([float(i) for i in range(1, 101)], 0.99, 99.0),
    ([float(i) for i in range(1, 101)], 1.0, 100.0),
])
def test_percentile_is_the_nearest_rank(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == expected


def test_the_report_has_a_line_per_kind_and_overall() -> None:
    result = LoadResult(clients=1, seconds=2.0, sent=3, samples=[
        Sample("index", 0.010, None), Sample("story page", 0.030, None),
        Sample("missing page", 0.020, "HTTP 500 for /stories/x")])
    text = report(result)
    for kind in MIX:
        assert kind.name in text
    assert "3 requests answered of 3 sent" in text and "1.5 requests/s, 1 errors" in text
    assert "HTTP 500 for /stories/x" in text
