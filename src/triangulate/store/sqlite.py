"""The SQLite store: one file (or ``:memory:``), WAL journal, foreign keys on.

Thread-safety: one connection made with ``check_same_thread=False`` and every use of it
under one re-entrant lock, so several threads (a web server's) may share one store;
calls are serialised, which SQLite would do for writes anyway. Several processes may
open the same file: writes take SQLite's write lock up front (``BEGIN IMMEDIATE``) and
wait for it up to ``busy_timeout``.

Transactions are explicit (``isolation_level=None``): each public write is one
``BEGIN IMMEDIATE ... COMMIT``, rolled back on any exception, so a failure mid-way
leaves the store as it was.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from triangulate.errors import Err, TriangulateError
from triangulate.model import (
    Article,
    Corpus,
)
from triangulate.store import codec
from triangulate.store.base import AddResult
from triangulate.store.ids import place_new
from triangulate.store.sql_reads import SQLReads
from triangulate.store.sqlite_schema import RESULT_TABLES, SCHEMA_VERSION, TABLES

_CHUNK = 500  # ids per IN (...) query, well under SQLite's bound-parameter limit
_BUSY_TIMEOUT_MS = 10_000

_ARTICLE_SELECT = (
    "SELECT " + ", ".join(f"a.{c}" for c in codec.ARTICLE_COLUMNS)
    + ", n.data, n.embedding, a.seq FROM articles a"
    " LEFT JOIN article_annotations n ON n.article_id = a.id"
)
_ARTICLE_INSERT = (
    "INSERT INTO articles (" + ", ".join(codec.ARTICLE_COLUMNS) + ", added_at) VALUES ("
    + ", ".join("?" * (len(codec.ARTICLE_COLUMNS) + 1)) + ")"
)

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


_FINDING_INSERT = ("INSERT INTO findings (id, kind, story, score, independent_sources, summary,"
                   " data) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _article(row: tuple[Any, ...], share: bool = True) -> Article:
    n = len(codec.ARTICLE_COLUMNS)
    columns = dict(zip(codec.ARTICLE_COLUMNS, row[:n], strict=True))
    return codec.article_from_row(columns, row[n], row[n + 1], share)


class SQLiteStore(SQLReads):
    _ph = "?"
    _article_select = _ARTICLE_SELECT
    _decode = staticmethod(_article)
    """:class:`~triangulate.store.base.Store` on SQLite; ``path`` may be ``":memory:"``."""

    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        self._lock = threading.RLock()
        self._closed = False
        self._conn = self._connect(self.url)
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise self._open_error(exc) from exc
        except BaseException:
            self._conn.close()
            raise

    # ---- opening -------------------------------------------------------------------

    def _connect(self, url: str) -> sqlite3.Connection:
        if url != ":memory:":
            path = Path(url)
            if path.is_dir():
                raise TriangulateError(Err.STORE_OPEN, url=url, detail="it is a directory")
            if not path.parent.is_dir():
                raise TriangulateError(Err.STORE_OPEN, url=url,
                                       detail=f"folder {str(path.parent)!r} does not exist")
        try:
            return sqlite3.connect(url, isolation_level=None, check_same_thread=False,
                                   timeout=_BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise self._open_error(exc) from exc

    def _open_error(self, exc: sqlite3.Error) -> TriangulateError:
        detail = str(exc)
        if "not a database" in detail:
            detail = "not an SQLite database (file is not a database)"
        return TriangulateError(Err.STORE_OPEN, url=self.url, detail=detail)

    def _prepare(self) -> None:
        conn = self._conn
        # Reading the header first makes a non-database file fail here, with a clear error.
        conn.execute("PRAGMA schema_version").fetchone()
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
        conn.execute("PRAGMA synchronous=NORMAL")  # with WAL: never corrupt, fewer fsyncs
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        with self._write():
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                for statement in TABLES:
                    conn.execute(statement)
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
                    ("schema_version", str(SCHEMA_VERSION)), ("created_at", _now())])
                return
        if "meta" not in tables:
            raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                   detail="not a triangulate store (no meta table)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        found = row[0] if row else "none"
        if found != str(SCHEMA_VERSION):
            raise TriangulateError(Err.STORE_SCHEMA, url=self.url, found=found,
                                   wanted=SCHEMA_VERSION)

    # ---- transactions ----------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock; anything raised inside rolls it back."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise TriangulateError(Err.STORE_WRITE, url=self.url, detail=str(exc)) from exc
            try:
                yield self._conn
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise TriangulateError(Err.STORE_WRITE, url=self.url,
                                           detail=str(exc)) from exc
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read snapshot: several queries see one state even if another process writes.

        Inside this thread's own write transaction (a comparison reads articles while
        its results are saved), the reads join it and see what it wrote so far."""
        with self._lock:
            if self._conn.in_transaction:
                yield self._conn
                return
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                if self._conn.in_transaction:
                    self._conn.execute("COMMIT")

    # ---- articles --------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        batch = list(articles)
        result = AddResult()
        if not batch:
            return result
        with self._write() as conn:
            by_hash = self._ids_by_hash(conn, [a.content_hash for a in batch])
            taken = self._existing_ids(conn, list(dict.fromkeys(a.id for a in batch)))
            new = place_new(batch, by_hash, taken, lambda candidate: conn.execute(
                "SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone() is not None,
                result)
            now = _now()
            conn.executemany(_ARTICLE_INSERT, (
                (*(getattr(a, c) for c in codec.ARTICLE_COLUMNS), now) for a in new))
            conn.executemany(
                "INSERT INTO article_annotations (article_id, data, embedding) VALUES (?, ?, ?)",
                ((a.id, codec.encode_annotations(a), codec.pack_embedding(a.embedding))
                 for a in new))
        return result

    @staticmethod
    def _ids_by_hash(conn: sqlite3.Connection, hashes: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(hashes))):
            marks = _marks(len(chunk))
            query = f"SELECT content_hash, id FROM articles WHERE content_hash IN ({marks})"
            found.update(conn.execute(query, chunk).fetchall())
        return found

    @staticmethod
    def _existing_ids(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(r[0] for r in conn.execute(
                f"SELECT id FROM articles WHERE id IN ({_marks(len(chunk))})", chunk))
        return found

    def find_by_hash(self, content_hash: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def get_article(self, article_id: str) -> Article | None:
        found = self.get_articles([article_id])
        return found[0] if found else None

    def get_articles(self, article_ids: Iterable[str], share: bool = True) -> list[Article]:
        """Articles in the order asked; unknown ids are skipped, repeated ids given once."""
        wanted = list(dict.fromkeys(article_ids))
        with self._read() as conn:
            return self._select_articles(conn, wanted, share)

    @staticmethod
    def _select_articles(conn: sqlite3.Connection, wanted: list[str],
                         share: bool = True) -> list[Article]:
        found: dict[str, Article] = {}
        for chunk in _chunks(wanted):
            for row in conn.execute(
                    f"{_ARTICLE_SELECT} WHERE a.id IN ({_marks(len(chunk))})", chunk):
                article = _article(row, share)
                found[article.id] = article
        return [found[i] for i in wanted if i in found]

    def save_annotations(self, articles: Iterable[Article]) -> None:
        batch = list(articles)
        if not batch:
            return
        with self._write() as conn:
            self._put_annotations(conn, batch)

    def _put_annotations(self, conn: sqlite3.Connection, batch: list[Article]) -> None:
        stored = self._existing_ids(conn, list(dict.fromkeys(a.id for a in batch)))
        for article in batch:
            if article.id not in stored:
                raise TriangulateError(Err.STORE_MISSING, url=self.url, article=article.id,
                                       what="its annotations")
        conn.executemany(
            "INSERT INTO article_annotations (article_id, data, embedding) VALUES (?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE"
            " SET data = excluded.data, embedding = excluded.embedding",
            ((a.id, codec.encode_annotations(a), codec.pack_embedding(a.embedding))
             for a in batch))
        # the language is found by an article stage but lives in its own column
        conn.executemany("UPDATE articles SET language = ? WHERE id = ?",
                         ((a.language, a.id) for a in batch))

    # ---- corpus-level results --------------------------------------------------------

    def save_results(self, corpus: Corpus, with_annotations: bool = False,
                     parts: Iterable[Corpus] | None = None) -> None:
        enc = codec.encode
        with self._write() as conn:
            for table in RESULT_TABLES:
                conn.execute(f"DELETE FROM {table}")
            if parts is None:
                if with_annotations and corpus.articles:
                    self._put_annotations(conn, corpus.articles)
                self._put_story_results(conn, corpus)
                conn.executemany(_FINDING_INSERT, (
                    (f.id, f.kind, f.story, f.score, f.independent_sources, f.summary, enc(f))
                    for f in corpus.findings))
            else:
                # findings wait in a temporary table until all are in: their rank (and
                # so their id) is corpus-wide
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS finding_ranks ("
                             "seq INTEGER PRIMARY KEY, score REAL, key BLOB, data BLOB)")
                conn.execute("DELETE FROM temp.finding_ranks")
                for part in parts:
                    if part.articles:
                        self._put_annotations(conn, part.articles)
                    self._put_story_results(conn, part)
                    conn.executemany(
                        "INSERT INTO temp.finding_ranks (score, key, data) VALUES (?, ?, ?)",
                        ((f.score, f.rank_key(), enc(f)) for f in part.findings))
            in_stories = list(dict.fromkeys(a for s in corpus.stories for a in s.articles))
            stored = self._existing_ids(conn, in_stories)
            for story in corpus.stories:
                for article_id in story.articles:
                    if article_id not in stored:
                        raise TriangulateError(Err.STORE_MISSING, url=self.url,
                                               article=article_id, what=f"story {story.id!r}")
            conn.executemany(
                "INSERT INTO entities (id, name, type, mentions, data) VALUES (?, ?, ?, ?, ?)",
                ((e.id, e.name, e.type, e.mentions, enc(e)) for e in corpus.entities))
            conn.executemany(
                "INSERT INTO stories (id, title, size, data) VALUES (?, ?, ?, ?)",
                ((s.id, s.title, len(s.articles), enc(s)) for s in corpus.stories))
            conn.executemany(
                "INSERT INTO story_articles (story_id, position, article_id) VALUES (?, ?, ?)",
                ((s.id, n, a) for s in corpus.stories for n, a in enumerate(s.articles)))
            if parts is not None:
                ranked = conn.execute("SELECT data FROM temp.finding_ranks"
                                      " ORDER BY score DESC, key, seq")
                conn.executemany(_FINDING_INSERT, (
                    (f.id, f.kind, f.story, f.score, f.independent_sources, f.summary, enc(f))
                    for f in codec.numbered_findings(row[0] for row in ranked)))
                conn.execute("DELETE FROM temp.finding_ranks")
            # to the microsecond: readers tell one save from the next by it
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         ("results_saved_at", datetime.now(UTC).isoformat()))

    @staticmethod
    def _put_story_results(conn: sqlite3.Connection, part: Corpus) -> None:
        """The families, claim groups and timeline entries of some stories, in order."""
        enc = codec.encode
        conn.executemany(
            "INSERT INTO families (id, story, similarity, data) VALUES (?, ?, ?, ?)",
            ((f.id, f.story, f.similarity, enc(f)) for f in part.families))
        conn.executemany(
            "INSERT INTO claim_groups (id, story, label, data) VALUES (?, ?, ?, ?)",
            ((g.id, g.story, g.label, enc(g)) for g in part.claim_groups))
        conn.executemany(
            "INSERT INTO timeline (date, story, article, data) VALUES (?, ?, ?, ?)",
            ((t.date, t.story, t.article, enc(t)) for t in part.timeline))

    def _rows(self, conn: Any, table: str, kind: type[T], where: str = "",
              params: Sequence[Any] = ()) -> list[T]:
        return _load(conn, table, kind, where, params)

    def __repr__(self) -> str:
        return f"SQLiteStore({self.url!r})"


def _load(conn: sqlite3.Connection, table: str, kind: type[T], where: str = "",
          params: Sequence[Any] = ()) -> list[T]:
    clause = f" WHERE {where}" if where else ""
    return [codec.decode(r[0], kind)
            for r in conn.execute(f"SELECT data FROM {table}{clause} ORDER BY seq", params)]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
