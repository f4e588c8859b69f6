"""The PostgreSQL store (psycopg 3), for several processes or machines sharing one store.

Same behaviour as the SQLite store, checked by the same contract tests:
- Tables are created on first open in the connection's current schema, with the schema
  version in ``meta``; opening a store of another version fails with T103.
- Each public write is one transaction, rolled back on any exception. Writes that
  allocate ids (``add_articles``) or replace the result set (``save_results``) first take
  a transaction-scoped advisory lock, so concurrent writers queue instead of failing on
  unique keys, as SQLite's ``BEGIN IMMEDIATE`` makes them queue.
- Reads that span several queries (``load_results``) run in one REPEATABLE READ
  transaction, so they see one state.
- Thread-safety: one connection, every use under one re-entrant lock.
- Bulk rows go through ``COPY``, the fastest path into PostgreSQL.

``url`` is the URL with any password masked, so it can be shown and logged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from psycopg import sql

from triangulate.errors import Err, TriangulateError
from triangulate.model import (
    Article,
    Corpus,
)
from triangulate.store import codec
from triangulate.store.base import AddResult
from triangulate.store.ids import fresh_id, rename_article
from triangulate.store.postgres_schema import (
    RESULT_COLUMNS,
    RESULT_TABLES,
    SCHEMA_VERSION,
    TABLES,
)
from triangulate.store.postgres_url import mask_password
from triangulate.store.sql_reads import SQLReads

_CONNECT_TIMEOUT_S = 10
# Advisory lock keys (first half; the second is the schema's hash, so stores in other
# schemas of the same database do not wait on each other).
_LOCK_SCHEMA = 0x7472_6900
_LOCK_ARTICLES = 0x7472_6901
_LOCK_RESULTS = 0x7472_6902

_ARTICLE_SELECT = (
    "SELECT " + ", ".join(f"a.{c}" for c in codec.ARTICLE_COLUMNS)
    + ", n.data, n.embedding, a.seq FROM articles a"
    " LEFT JOIN article_annotations n ON n.article_id = a.id"
)

T = TypeVar("T")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _article(row: Sequence[Any]) -> Article:
    n = len(codec.ARTICLE_COLUMNS)
    columns = dict(zip(codec.ARTICLE_COLUMNS, row[:n], strict=True))
    return codec.article_from_row(columns, row[n], row[n + 1])


class PostgresStore(SQLReads):
    _ph = "%s"
    _article_select = _ARTICLE_SELECT
    _decode = staticmethod(_article)
    """:class:`~triangulate.store.base.Store` on PostgreSQL; ``url`` is a libpq URL."""

    def __init__(self, url: str) -> None:
        self.url = mask_password(url)
        self._lock = threading.RLock()
        self._closed = False
        self._conn = self._connect(url)
        try:
            self._prepare()
        except psycopg.Error as exc:
            self._conn.close()
            raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                   detail=_first_line(exc)) from exc
        except BaseException:
            self._conn.close()
            raise

    # ---- opening -------------------------------------------------------------------

    def _connect(self, url: str) -> psycopg.Connection[Any]:
        options: dict[str, Any] = {"autocommit": True, "application_name": "triangulate"}
        if "connect_timeout" not in url:
            options["connect_timeout"] = _CONNECT_TIMEOUT_S
        try:
            return psycopg.connect(url, **options)
        except psycopg.Error as exc:
            raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                   detail=_first_line(exc)) from exc

    def _prepare(self) -> None:
        conn = self._conn
        with conn.transaction():
            schema = conn.execute("SELECT current_schema()").fetchone()
            if schema is None or schema[0] is None:
                raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                       detail="no schema to create tables in (see search_path)")
            # Two processes opening a new store at once: one creates, the other waits.
            self._advisory_lock(_LOCK_SCHEMA)
            tables = {r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
            if not tables:
                for statement in TABLES:
                    conn.execute(statement)
                conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', %s),"
                             " ('created_at', now()::text)", (str(SCHEMA_VERSION),))
                return
        if "meta" not in tables:
            raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                   detail="not a triangulate store (no meta table)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        found = row[0] if row else "none"
        if found != str(SCHEMA_VERSION):
            raise TriangulateError(Err.STORE_SCHEMA, url=self.url, found=found,
                                   wanted=SCHEMA_VERSION)

    def _advisory_lock(self, key: int) -> None:
        self._conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))",
                           (key,))

    # ---- transactions ----------------------------------------------------------------

    @contextmanager
    def _write(self, lock: int | None = None) -> Iterator[psycopg.Connection[Any]]:
        """One write transaction under the thread lock; anything raised rolls it back."""
        with self._lock:
            try:
                with self._conn.transaction():
                    if lock is not None:
                        self._advisory_lock(lock)
                    yield self._conn
            except psycopg.Error as exc:
                raise TriangulateError(Err.STORE_WRITE, url=self.url,
                                       detail=_first_line(exc)) from exc

    @contextmanager
    def _read(self) -> Iterator[psycopg.Connection[Any]]:
        """A read snapshot: several queries see one state even if another process writes."""
        with self._lock, self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield self._conn

    @staticmethod
    def _copy(conn: psycopg.Connection[Any], table: str, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> None:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
        with conn.cursor() as cur, cur.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    # ---- articles --------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        batch = list(articles)
        result = AddResult()
        if not batch:
            return result
        with self._write(_LOCK_ARTICLES) as conn:
            by_hash = self._ids_by_hash(conn, [a.content_hash for a in batch])
            wanted = list(dict.fromkeys(a.id for a in batch))
            asked = set(wanted)
            taken = self._existing_ids(conn, wanted)

            def is_taken(candidate: str) -> bool:
                # ids asked for in this batch are kept for the articles that ask for them
                return candidate in taken or candidate in asked or conn.execute(
                    "SELECT 1 FROM articles WHERE id = %s", (candidate,)).fetchone() is not None

            new: list[Article] = []
            for article in batch:
                stored = by_hash.get(article.content_hash)
                if stored is not None:
                    result.duplicates[article.id] = stored
                    continue
                if article.id in taken:
                    requested = article.id
                    rename_article(article, fresh_id(requested, is_taken))
                    result.renamed[requested] = article.id
                taken.add(article.id)
                by_hash[article.content_hash] = article.id
                new.append(article)
                result.added.append(article.id)
            self._copy(conn, "articles", codec.ARTICLE_COLUMNS,
                       ([getattr(a, c) for c in codec.ARTICLE_COLUMNS] for a in new))
            self._copy(conn, "article_annotations", ("article_id", "data", "embedding"),
                       ((a.id, codec.encode_annotations(a), codec.pack_embedding(a.embedding))
                        for a in new))
        return result

    @staticmethod
    def _ids_by_hash(conn: psycopg.Connection[Any], hashes: list[str]) -> dict[str, str]:
        rows = conn.execute("SELECT content_hash, id FROM articles WHERE content_hash = ANY(%s)",
                            (list(dict.fromkeys(hashes)),))
        return {h: i for h, i in rows}

    @staticmethod
    def _existing_ids(conn: psycopg.Connection[Any], ids: list[str]) -> set[str]:
        rows = conn.execute("SELECT id FROM articles WHERE id = ANY(%s)", (ids,))
        return {r[0] for r in rows}

    def find_by_hash(self, content_hash: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id FROM articles WHERE content_hash = %s", (content_hash,)).fetchone()
        return row[0] if row else None

    def get_article(self, article_id: str) -> Article | None:
        found = self.get_articles([article_id])
        return found[0] if found else None

    def get_articles(self, article_ids: Iterable[str]) -> list[Article]:
        """Articles in the order asked; unknown ids are skipped, repeated ids given once."""
        wanted = list(dict.fromkeys(article_ids))
        with self._lock:
            return self._select_articles(self._conn, wanted)

    @staticmethod
    def _select_articles(conn: psycopg.Connection[Any], wanted: list[str]) -> list[Article]:
        if not wanted:
            return []
        found = {a.id: a for a in map(_article, conn.execute(
            f"{_ARTICLE_SELECT} WHERE a.id = ANY(%s)", (wanted,)))}
        return [found[i] for i in wanted if i in found]

    def save_annotations(self, articles: Iterable[Article]) -> None:
        batch = list(articles)
        if not batch:
            return
        # No advisory lock: an upsert of rows that already exist cannot clash on a key.
        with self._write() as conn:
            self._put_annotations(conn, batch)

    def _put_annotations(self, conn: Any, batch: list[Article]) -> None:
        stored = self._existing_ids(conn, list(dict.fromkeys(a.id for a in batch)))
        for article in batch:
            if article.id not in stored:
                raise TriangulateError(Err.STORE_MISSING, url=self.url, article=article.id,
                                       what="its annotations")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO article_annotations (article_id, data, embedding)"
                " VALUES (%s, %s, %s) ON CONFLICT (article_id) DO UPDATE"
                " SET data = excluded.data, embedding = excluded.embedding",
                [(a.id, codec.encode_annotations(a), codec.pack_embedding(a.embedding))
                 for a in batch])
            # the language is found by an article stage but lives in its own column
            cur.executemany("UPDATE articles SET language = %s WHERE id = %s",
                            [(a.language, a.id) for a in batch])

    # ---- corpus-level results --------------------------------------------------------

    def save_results(self, corpus: Corpus, with_annotations: bool = False) -> None:
        with self._write(_LOCK_RESULTS) as conn:
            if with_annotations and corpus.articles:
                self._put_annotations(conn, corpus.articles)
            in_stories = list(dict.fromkeys(a for s in corpus.stories for a in s.articles))
            stored = self._existing_ids(conn, in_stories)
            for story in corpus.stories:
                for article_id in story.articles:
                    if article_id not in stored:
                        raise TriangulateError(Err.STORE_MISSING, url=self.url,
                                               article=article_id, what=f"story {story.id!r}")
            for table in RESULT_TABLES:
                # DELETE, not TRUNCATE: readers keep their snapshot instead of waiting
                conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
            for table, columns in RESULT_COLUMNS:
                self._copy(conn, table, columns, _result_rows(table, corpus))
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('results_saved_at', now()::text)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value")

    def _rows(self, conn: Any, table: str, kind: type[T], where: str = "",
              params: Sequence[Any] = ()) -> list[T]:
        return _load(conn, table, kind, where, params)

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"


def _result_rows(table: str, corpus: Corpus) -> Iterator[tuple[Any, ...]]:
    """The rows of one result table, in the column order of ``RESULT_COLUMNS``."""
    enc = codec.encode
    if table == "entities":
        yield from ((e.id, e.name, e.type, e.mentions, enc(e)) for e in corpus.entities)
    elif table == "stories":
        yield from ((s.id, s.title, len(s.articles), enc(s)) for s in corpus.stories)
    elif table == "story_articles":
        yield from ((s.id, n, a) for s in corpus.stories for n, a in enumerate(s.articles))
    elif table == "families":
        yield from ((f.id, f.story, f.similarity, enc(f)) for f in corpus.families)
    elif table == "claim_groups":
        yield from ((g.id, g.story, g.label, enc(g)) for g in corpus.claim_groups)
    elif table == "findings":
        yield from ((f.id, f.kind, f.story, f.score, f.independent_sources, f.summary, enc(f))
                    for f in corpus.findings)
    elif table == "timeline":
        yield from ((t.date, t.story, t.article, enc(t)) for t in corpus.timeline)
    else:
        raise ValueError(table)


def _load(conn: psycopg.Connection[Any], table: str, kind: type[T], where: str = "",
          params: Sequence[Any] = ()) -> list[T]:
    clause = f" WHERE {where}" if where else ""
    return [codec.decode(r[0], kind)
            for r in conn.execute(f"SELECT data FROM {table}{clause} ORDER BY seq",
                                  params)]

