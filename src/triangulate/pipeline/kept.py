"""A previous run's per-story results, by story fingerprint, for an update to keep.

An update compares again only the stories whose fingerprint is new
(:mod:`triangulate.pipeline.incremental`); the others keep what the previous run found.
Those results are read a chunk of stories at a time, as the comparison reaches them.
A store's previous results are copied first to a temporary file (:class:`SpilledResults`):
saving the new results replaces them in the store, and holding them all in memory
would cost as much as the corpus they were found in.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, Self

import msgspec

from triangulate.model import Corpus
from triangulate.store.base import Store, batches_of

# stories whose results are read from the store at once while copying them
_COPY_BATCH = 200
_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(Corpus)


def by_story(corpus: Corpus) -> dict[str | None, Corpus]:
    """A corpus's per-story results (families, claim groups, findings, timeline)
    split by story id, each in its order."""
    out: dict[str | None, Corpus] = {}
    for fam in corpus.families:
        out.setdefault(fam.story, Corpus()).families.append(fam)
    for g in corpus.claim_groups:
        out.setdefault(g.story, Corpus()).claim_groups.append(g)
    for f in corpus.findings:
        out.setdefault(f.story, Corpus()).findings.append(f)
    for t in corpus.timeline:
        out.setdefault(t.story, Corpus()).timeline.append(t)
    return out


class KeptResults(Protocol):
    """Per-story results of a previous run, found by the story's fingerprint."""

    def take(self, fingerprints: Iterable[str]) -> dict[str, Corpus]:
        """The results of the stories with these fingerprints, where the previous run
        had such a story (one it compared and found nothing in has an empty entry)."""
        ...


class HeldResults:
    """A previous run's results in memory."""

    def __init__(self, previous: Corpus) -> None:
        split = by_story(previous)
        self._kept = {s.fingerprint: split.get(s.id, Corpus())
                      for s in previous.stories if s.fingerprint}

    def take(self, fingerprints: Iterable[str]) -> dict[str, Corpus]:
        return {fp: self._kept[fp] for fp in fingerprints if fp in self._kept}


class SpilledResults:
    """A store's per-story results, copied a few stories at a time to a temporary
    SQLite file that lives as long as this object is open (use it as a context)."""

    def __init__(self, store: Store) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="triangulate-kept-")
        self._db: sqlite3.Connection | None = None
        try:
            self._db = sqlite3.connect(Path(self._dir.name) / "kept.db")
            self._db.execute(
                "CREATE TABLE kept (fingerprint TEXT PRIMARY KEY, data BLOB NOT NULL)")
            stories = [s for s in store.stories() if s.fingerprint]
            for some in batches_of(stories, _COPY_BATCH):
                split = by_story(store.story_results([s.id for s in some]))
                self._db.executemany(
                    "INSERT OR REPLACE INTO kept (fingerprint, data) VALUES (?, ?)",
                    ((s.fingerprint, _encoder.encode(split.get(s.id, Corpus())))
                     for s in some))
            self._db.commit()
        except BaseException:
            self.close()
            raise

    def take(self, fingerprints: Iterable[str]) -> dict[str, Corpus]:
        if self._db is None:
            raise RuntimeError("SpilledResults used after close")
        wanted = list(dict.fromkeys(fingerprints))
        out: dict[str, Corpus] = {}
        for some in batches_of(wanted, 500):
            marks = ", ".join("?" * len(some))
            for fp, data in self._db.execute(
                    f"SELECT fingerprint, data FROM kept WHERE fingerprint IN ({marks})", some):
                out[fp] = _decoder.decode(data)
        return out

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._dir.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
