"""Crash safety: ``triangulate analyze`` killed with SIGKILL at several points leaves a
store that opens, passes SQLite's integrity check and is consistent (every stored
article is whole; corpus results are a whole set or none), and a run after the kills
writes the same report as one uninterrupted run on a fresh store.

The kills land in each phase of a run, found from the progress bars the command shows
on a terminal (``TTY_COMPATIBLE=1`` makes Rich draw them into a pipe):
1. while inputs are read: an extra input is a named pipe that is never written, so the
   run waits there, mid-ingest, until it is killed;
2. a random moment into the article stages ("extracting");
3. a random moment into the corpus stages ("comparing");
4. the moment the corpus results are committed (while the report is written).
Delays come from a seeded generator, scaled by the phases' lengths in the reference run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from triangulate.model import content_hash
from triangulate.pipeline.registry import DEFAULT_ARTICLE_STAGES
from triangulate.store import codec
from triangulate.store.sqlite_schema import RESULT_TABLES

REPO = Path(__file__).resolve().parents[2]
SEED = 20241219
ARTICLES = 12
RUN_TIMEOUT = 240.0
PHASES = ("reading", "extracting", "comparing")


def _write_corpus(shared: Path, folder: Path) -> None:
    """Four stories of three outlets each: the shortest BASIL triplets, one JSON file each."""
    basil = shared / "eval" / "basil"
    stories = json.loads((basil / "basil-dev-stories.json").read_text(encoding="utf-8"))
    by_story: dict[str, list[dict[str, str]]] = {}
    for line in (basil / "basil-dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        by_story.setdefault(stories[record["id"]], []).append(record)
    triplets = sorted((rs for rs in by_story.values() if len(rs) == 3),
                      key=lambda rs: (sum(len(r["text"]) for r in rs), rs[0]["id"]))
    folder.mkdir()
    for record in (r for rs in triplets[: ARTICLES // 3] for r in rs):
        (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")


class Run:
    """One ``triangulate analyze`` in a child process, its progress labels timed."""

    def __init__(self, inputs: list[Path], db: Path, out: Path) -> None:
        env = {**os.environ, "TTY_COMPATIBLE": "1", "TERM": "xterm", "COLUMNS": "100",
               "HF_HUB_OFFLINE": "1"}
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "triangulate", "analyze", *map(str, inputs),
             "--db", str(db), "--out", str(out), "--quiet"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.seen: dict[str, float] = {}
        self.ended = 0.0
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        while chunk := self.proc.stderr.read1(65536):  # type: ignore[attr-defined]
            self.output += chunk
            now = time.monotonic() - self.started
            for label in PHASES:
                if label not in self.seen and label.encode() in self.output:
                    self.seen[label] = now

    def wait_for(self, what: Callable[[], bool], why: str) -> None:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not what():
            if self.proc.poll() is not None:
                self._reader.join(timeout=10)  # its last output may hold the label
                if what():
                    return
                pytest.fail(f"the run ended before {why}: {self.tail()}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"no {why} within {RUN_TIMEOUT:.0f} s: {self.tail()}")
            time.sleep(0.01)

    def wait_label(self, label: str) -> None:
        self.wait_for(lambda: label in self.seen, f"progress label {label!r}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join(timeout=10)

    def finish(self) -> int:
        code = self.proc.wait(timeout=RUN_TIMEOUT)
        self.ended = time.monotonic() - self.started
        self._reader.join(timeout=10)
        return code

    def tail(self) -> str:
        return bytes(self.output[-2000:]).decode("utf-8", "replace")


def _results_saved_at(db: Path) -> str | None:
    """When corpus results were last committed (read-only: the run is not disturbed)."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'results_saved_at'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _result_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in RESULT_TABLES}


def _finding_ids(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM findings")}


def _check_store(db: Path, reference: Path, texts: dict[str, str]) -> str:
    """Assert the store after a kill is sound; return what it holds, for the record."""
    if not db.exists():
        return "no store yet"
    with sqlite3.connect(db) as conn:  # opening replays or drops the write-ahead log
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "articles" not in tables:
            return "empty store"
        rows = conn.execute(
            "SELECT a.id, a.content_hash, a.text, n.data FROM articles a"
            " LEFT JOIN article_annotations n ON n.article_id = a.id").fetchall()
        annotated = 0
        for article_id, stored_hash, text, blob in rows:
            assert texts.get(article_id) == text, f"article {article_id} is not whole"
            assert stored_hash == content_hash(text)
            assert blob is not None, f"article {article_id} has no annotation row"
            done = set(codec.decode_annotations(blob)["annotated_by"])
            assert not done or set(DEFAULT_ARTICLE_STAGES) <= done, (article_id, done)
            annotated += bool(done)
        counts = _result_counts(conn)
        if any(counts.values()):
            with sqlite3.connect(reference) as ref:
                assert counts == _result_counts(ref), "a partial set of results"
                assert _finding_ids(conn) == _finding_ids(ref)
            results = "a full set of results"
        else:
            results = "no results"
    return f"{len(rows)} articles, {annotated} annotated, {results}"


def _report(out: Path) -> dict[str, object]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report.pop("generated_at", None)
    return dict(report)


@pytest.mark.slow
def test_killed_runs_leave_a_sound_store_and_the_same_final_report(shared_dir: Path,
                                                                   tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    _write_corpus(shared_dir, corpus)

    # The reference: one uninterrupted run on a fresh store.
    ref_db, ref_out = tmp_path / "reference.db", tmp_path / "reference"
    reference = Run([corpus], ref_db, ref_out)
    assert reference.finish() == 0, reference.tail()
    assert set(reference.seen) == set(PHASES), f"progress labels not seen: {reference.tail()}"
    extracting = reference.seen["comparing"] - reference.seen["extracting"]
    comparing = reference.ended - reference.seen["comparing"]
    with sqlite3.connect(ref_db) as conn:
        texts = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM articles")}
    assert len(texts) == ARTICLES

    rng = random.Random(SEED)
    db, out = tmp_path / "crashed.db", tmp_path / "crashed"
    states: list[str] = []

    # 1. Mid-ingest: the run waits on a pipe nobody writes, after reading the folder.
    pipe = tmp_path / "never-written.txt"
    os.mkfifo(pipe)
    run = Run([corpus, pipe], db, out)
    run.wait_label("reading")
    time.sleep(rng.uniform(0.0, 0.5))
    run.kill()
    states.append("ingest: " + _check_store(db, ref_db, texts))

    # 2. and 3. A random moment into the article stages, then into the corpus stages.
    for label, length in (("extracting", extracting), ("comparing", comparing)):
        run = Run([corpus], db, out)
        run.wait_label(label)
        time.sleep(rng.uniform(0.1, 0.9) * length)
        run.kill()
        states.append(f"{label}: " + _check_store(db, ref_db, texts))

    # 4. The moment the results are committed: the report is being written. (A run
    # takes seconds, so its commit time differs from any earlier one.)
    before = _results_saved_at(db)
    run = Run([corpus], db, out)
    run.wait_for(lambda: _results_saved_at(db) not in (None, before), "the results commit")
    run.kill()
    states.append("results saved: " + _check_store(db, ref_db, texts))

    final = Run([corpus], db, out)
    assert final.finish() == 0, final.tail()
    assert "full set" in _check_store(db, ref_db, texts)
    got, want = _report(out), _report(ref_out)
    assert got == want, (states, _difference(got, want))


def _difference(got: object, want: object, path: str = "") -> str:
    """Where two JSON values first differ, for the failure message."""
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want)):
            if got.get(key) != want.get(key):
                return _difference(got.get(key), want.get(key), f"{path}.{key}")
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return f"{path}: {len(got)} items, expected {len(want)}"
        for n, (a, b) in enumerate(zip(got, want, strict=True)):
            if a != b:
                return _difference(a, b, f"{path}[{n}]")
    return f"{path}: {str(got)[:300]!r} != {str(want)[:300]!r}"
