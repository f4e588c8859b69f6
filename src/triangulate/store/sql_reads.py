"""Reading the store: the same SQL on every back-end but for the placeholder.

SQLite and PostgreSQL both inherit these methods; each supplies how to run a result
query (``_rows``), how to decode an article row (``_decode``), how to select articles
by id (``_select_articles``), its article query and its parameter placeholder.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar, Self, TypeVar

from triangulate.model import (
    Article,
    ClaimGroup,
    Corpus,
    Entity,
    Family,
    Finding,
    Story,
    TimelineEntry,
)
from triangulate.store import codec
from triangulate.store.base import batches_of

T = TypeVar("T")
# the result tables and what their rows hold
RESULT_KINDS: dict[str, type] = {
    "entities": Entity, "stories": Story, "families": Family, "claim_groups": ClaimGroup,
    "findings": Finding, "timeline": TimelineEntry,
}
_NO_LIMIT = 1 << 62  # LIMIT needs a number on both back-ends
# ids asked for in one statement (SQLite allows 32,766 parameters; PostgreSQL 65,535)
_IDS_AT_ONCE = 500


class SQLReads:
    _ph: ClassVar[str]  # "?" or "%s"
    _article_select: ClassVar[str]  # SELECT of article rows, seq last, aliased "a"
    _lock: threading.RLock | threading.Lock
    _conn: Any
    _closed: bool

    def _rows(self, conn: Any, table: str, kind: type[T], where: str = "",
              params: Sequence[Any] = ()) -> list[T]:
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    @staticmethod
    def _decode(row: Any) -> Article:
        raise NotImplementedError

    def _all_articles(self, conn: Any) -> list[Article]:
        return [self._decode(r) for r in conn.execute(f"{self._article_select} ORDER BY a.seq")]

    def iter_articles(self, batch_size: int = 256) -> Iterator[Article]:
        """Every article in insertion order, ``batch_size`` rows in memory at a time.

        Pages by ``seq`` instead of holding a cursor open, so the lock is free between
        batches and the caller may use the store while iterating.
        """
        for row in self._pages(self._article_select, "a.seq", batch_size):
            yield self._decode(row)

    def _pages(self, select: str, seq: str, batch_size: int) -> Iterator[Any]:
        """The rows of ``select`` (whose last column is ``seq``) in ``seq`` order, read
        ``batch_size`` at a time, the lock held only while a page is read."""
        last = 0
        while True:
            with self._lock:
                rows = self._conn.execute(
                    f"{select} WHERE {seq} > {self._ph} ORDER BY {seq} LIMIT {self._ph}",
                    (last, max(1, batch_size))).fetchall()
            if not rows:
                return
            last = rows[-1][-1]
            yield from rows

    def article_ids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._conn.execute("SELECT id FROM articles ORDER BY seq")]

    def count_articles(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    def _select_articles(self, conn: Any, wanted: list[str]) -> list[Article]:
        raise NotImplementedError

    def load_results(self, article_ids: Iterable[str] | None = None) -> Corpus:
        wanted = None if article_ids is None else list(dict.fromkeys(article_ids))
        with self._read() as conn:
            articles = (self._all_articles(conn) if wanted is None
                        else self._select_articles(conn, wanted))
            return Corpus(
                articles=articles,
                entities=self._rows(conn, "entities", Entity),
                stories=self._rows(conn, "stories", Story),
                families=self._rows(conn, "families", Family),
                claim_groups=self._rows(conn, "claim_groups", ClaimGroup),
                findings=self._rows(conn, "findings", Finding),
                timeline=self._rows(conn, "timeline", TimelineEntry),
            )

    def story_results(self, story_ids: Iterable[str | None]) -> Corpus:
        """The families, claim groups, findings and timeline entries of some stories,
        each in saved order (what an update keeps for a story that did not change);
        ``None`` among the ids asks for those saved without a story."""
        wanted = list(dict.fromkeys(story_ids))
        out = Corpus()
        kinds = (("families", Family, out.families), ("claim_groups", ClaimGroup,
                 out.claim_groups), ("findings", Finding, out.findings),
                 ("timeline", TimelineEntry, out.timeline))
        with self._read() as conn:
            for table, kind, into in kinds:
                rows: list[Any] = []
                for some in batches_of(wanted, _IDS_AT_ONCE):
                    rows += self._seq_rows(conn, table, kind, some)
                rows.sort(key=lambda r: r[0])
                into += [row for _, row in rows]
        return out

    def _seq_rows(self, conn: Any, table: str, kind: type[T],
                  stories: list[str | None]) -> list[tuple[int, T]]:
        named = [s for s in stories if s is not None]
        where = [f"story IN ({', '.join([self._ph] * len(named))})"] if named else []
        if len(named) < len(stories):
            where.append("story IS NULL")
        return [(seq, codec.decode(data, kind)) for seq, data in conn.execute(
            f"SELECT seq, data FROM {table} WHERE {' OR '.join(where)}", named)]

    def iter_results(self, part: str, batch_size: int = 1000) -> Iterator[Any]:
        """One kind of corpus-level result in saved order, ``batch_size`` rows read at
        a time (paged by ``seq``, so the store stays usable between pages)."""
        kind = RESULT_KINDS.get(part)
        if kind is None:
            raise ValueError(f"unknown result part {part!r}; parts: {', '.join(RESULT_KINDS)}")
        for data, _ in self._pages(f"SELECT data, seq FROM {part}", "seq", batch_size):
            yield codec.decode(data, kind)

    def stories(self) -> list[Story]:
        with self._lock:
            return self._rows(self._conn, "stories", Story)

    def story(self, story_id: str) -> Story | None:
        with self._lock:
            found = self._rows(self._conn, "stories", Story, f"id = {self._ph}", (story_id,))
        return found[0] if found else None

    def stories_of(self, article_id: str) -> list[str]:
        """Ids of the stories that hold an article (not part of the Store protocol)."""
        with self._lock:
            return [r[0] for r in self._conn.execute(
                "SELECT sa.story_id FROM story_articles sa JOIN stories s ON s.id = sa.story_id"
                f" WHERE sa.article_id = {self._ph} GROUP BY sa.story_id ORDER BY min(s.seq)",
                (article_id,))]

    def findings(self, kind: str | None = None, story: str | None = None,
                 offset: int = 0, limit: int | None = None) -> list[Finding]:
        """Findings in saved order, filtered by kind and/or story when given; ``limit``
        of them from ``offset``."""
        where: list[str] = []
        params: list[Any] = []
        if kind is not None:
            where.append(f"kind = {self._ph}")
            params.append(kind)
        if story is not None:
            where.append(f"story = {self._ph}")
            params.append(story)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        if offset or limit is not None:
            clause += f" ORDER BY seq LIMIT {self._ph} OFFSET {self._ph}"
            params += [_NO_LIMIT if limit is None else max(0, limit), max(0, offset)]
        else:
            clause += " ORDER BY seq"
        with self._lock:
            return [codec.decode(r[0], Finding) for r in self._conn.execute(
                f"SELECT data FROM findings{clause}", params)]

    def entities(self, entity_ids: Iterable[str]) -> list[Entity]:
        """Entities by id, in the order asked; unknown ids are skipped."""
        wanted = list(dict.fromkeys(entity_ids))
        found: dict[str, Entity] = {}
        with self._read() as conn:
            for some in batches_of(wanted, _IDS_AT_ONCE):
                marks = ", ".join([self._ph] * len(some))
                for (data,) in conn.execute(
                        f"SELECT data FROM entities WHERE id IN ({marks})", some):
                    entity = codec.decode(data, Entity)
                    found[entity.id] = entity
        return [found[i] for i in wanted if i in found]

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Every read inside sees one state of the store (one read transaction), even
        while another process saves: for a reader that pages through many parts."""
        with self._read():
            yield

    def results_saved_at(self) -> str | None:
        """When the results were last saved (changes with every save), or None."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT value FROM meta WHERE key = {self._ph}", ("results_saved_at",)
            ).fetchone()
        return None if row is None else str(row[0])

    def finding_counts(self) -> dict[tuple[str, str], int]:
        """How many findings each (story, kind) has."""
        with self._lock:
            return {(story, kind): int(n) for story, kind, n in self._conn.execute(
                "SELECT story, kind, count(*) FROM findings GROUP BY story, kind")}

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
