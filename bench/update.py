"""What an update costs against a full comparison: BASIL dev stored, then one more story.

    python -m bench.update [--new-stories 1] [--workers 2]

Stores BASIL dev without the articles of its last ``--new-stories`` gold stories (a
full run), then adds them with ``update=True``. Prints, for the update, how many
articles were extracted and how many stories compared again, and the time of its
comparison phase against the comparison phase of a full run over the same store (both
measured here, in one process, so the ratio holds on a busy machine); then checks that
the update's report equals a full run's.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.shared import eval_dir
from bench.throughput import load_basil
from triangulate import analyze
from triangulate.model import Article
from triangulate.pipeline.registry import DEFAULT_CORPUS_STAGES
from triangulate.pipeline.run import compare
from triangulate.store import open_store


class _Phases:
    """Progress sink that times each phase of a run."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}

    def task(self, label: str, total: int | None) -> Callable[[int], None]:
        self.started[label] = time.perf_counter()
        return lambda n: None

    def since(self, label: str) -> float:
        return time.perf_counter() - self.started[label]


def _split(new_stories: int) -> tuple[list[Article], list[Article]]:
    gold = json.loads((eval_dir("basil") / "basil-dev-stories.json").read_text())
    last = set(list(dict.fromkeys(gold[a.id] for a in load_basil()))[-new_stories:])
    articles = load_basil()
    return ([a for a in articles if gold[a.id] not in last],
            [a for a in articles if gold[a.id] in last])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new-stories", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    stored, new = _split(args.new_stories)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "growing.db")
        analyze(stored, db=db, workers=args.workers)
        phases = _Phases()
        start = time.perf_counter()
        update = analyze(new, db=db, workers=args.workers, update=True, progress=phases)
        update_total = time.perf_counter() - start
        update_compare = phases.since("comparing")  # comparison and saving the results
        # every story compared from the same stored annotations, in this process, and
        # saved (the same results again)
        with open_store(db) as store:
            start = time.perf_counter()
            compare(store, store.article_ids(), DEFAULT_CORPUS_STAGES, _Phases())
            full_compare = time.perf_counter() - start
        full = analyze(stored + new, db=str(Path(tmp) / "full.db"), workers=args.workers)
    print(f"store: {len(stored)} articles; update: {len(new)} new articles "
          f"({args.new_stories} gold stories)")
    print(f"update: {update.annotated} articles extracted, "
          f"{len(update.compared_stories)} of {len(update.corpus.stories)} stories compared "
          f"again, {update_total:.2f} s in all")
    print(f"comparison: update {update_compare:.2f} s (saving included) against every "
          f"story compared and saved {full_compare:.2f} s: "
          f"ratio {update_compare / full_compare:.2f}")
    print(f"update report equals a full run's: {_same(update.to_dict(), full.to_dict())}")


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    a, b = dict(a), dict(b)
    a.pop("generated_at", None)
    b.pop("generated_at", None)
    return a == b


if __name__ == "__main__":
    main()
