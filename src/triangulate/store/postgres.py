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

Vectors: PostgreSQL has no vector type without the pgvector extension, which is not
assumed, so each article's embedding lives in a faiss file (``vector_index.py``) keyed
by the article's ``seq``; ``article_annotations.embedding`` is written NULL (a value left
there by an older version is still read). The file is, in order:
- ``vectors_path`` given to :class:`PostgresStore` (``open_store(url, vectors=...)``);
- a ``vectors=PATH`` query parameter of the URL, taken out before connecting, so the
  CLI's ``--db`` and the web app can name it;
- else ``$XDG_DATA_HOME/triangulate/vectors/HOST-PORT-DATABASE-SCHEMA.faiss``
  (``~/.local/share`` when ``XDG_DATA_HOME`` is unset).
The file is a cache of data derived from the database, one per machine that uses the
store (processes on one machine share it safely, see ``vector_index.py``): an article
whose vector it lacks (file deleted, another machine) loads with ``embedding=None``;
story grouping then computes it again (``extract/lead.py``), and the run's save writes
it to the file, so losing the file costs only that time. A write commits to PostgreSQL
first and then updates the file. The store's id (``store_id`` in ``meta``) is written
into the file, so a file left by another store, or by a database since dropped and made
again, is refused (T106) instead of giving its vectors to the wrong articles.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import unquote

import numpy as np
import psycopg
from psycopg import sql

from triangulate.errors import Err, TriangulateError
from triangulate.model import (
    Article,
    Corpus,
)
from triangulate.store import codec
from triangulate.store.base import AddResult
from triangulate.store.ids import place_new
from triangulate.store.postgres_schema import (
    RESULT_COLUMNS,
    RESULT_TABLES,
    SCHEMA_VERSION,
    TABLES,
)
from triangulate.store.postgres_url import mask_password
from triangulate.store.sql_reads import SQLReads
from triangulate.store.vector_index import FaissVectorIndex

_CONNECT_TIMEOUT_S = 10
# Advisory lock keys (first half; the second is the schema's hash, so stores in other
# schemas of the same database do not wait on each other).
_LOCK_SCHEMA = 0x7472_6900
_LOCK_ARTICLES = 0x7472_6901
_LOCK_RESULTS = 0x7472_6902
_VECTOR_SAVE_INTERVAL_S = 60.0
_RANK_BATCH = 2000  # ranked findings read, numbered and copied at once
# result tables written a few stories at a time (``save_results(parts=...)``)
_STORY_TABLES = ("families", "claim_groups", "timeline")
# ``Article.embedding`` is float32 little-endian bytes, which faiss keeps exactly
_EMBEDDING_DTYPE = np.dtype("<f4")

_ARTICLE_SELECT = (
    "SELECT " + ", ".join(f"a.{c}" for c in codec.ARTICLE_COLUMNS)
    + ", n.data, n.embedding, a.seq FROM articles a"
    " LEFT JOIN article_annotations n ON n.article_id = a.id"
)

T = TypeVar("T")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _article(row: Sequence[Any], share: bool = True) -> Article:
    n = len(codec.ARTICLE_COLUMNS)
    columns = dict(zip(codec.ARTICLE_COLUMNS, row[:n], strict=True))
    return codec.article_from_row(columns, row[n], row[n + 1], share)


_VECTORS_PARAM = re.compile(r"(?:^|&)vectors=([^&]*)")


def split_vectors_param(url: str) -> tuple[str, str | None]:
    """The URL without its ``vectors=PATH`` query parameter (libpq refuses unknown
    ones), and that path, percent-decoded; other parameters are kept as written."""
    base, mark, rest = url.partition("?")
    if not mark:
        return url, None
    query, hash_mark, fragment = rest.partition("#")
    found = _VECTORS_PARAM.search(query)
    if found is None:
        return url, None
    kept = "&".join(p for p in query.split("&") if p and not p.startswith("vectors="))
    stripped = base + (f"?{kept}" if kept else "") + hash_mark + fragment
    return stripped, unquote(found.group(1)) or None


def default_vectors_path(host: str, port: int | str, dbname: str, schema: str) -> Path:
    """Where a store keeps its vector file when none is named: one file per database
    and schema, in the user's data folder (XDG base directories)."""
    data = os.environ.get("XDG_DATA_HOME", "")
    folder = Path(data) if os.path.isabs(data) else Path.home() / ".local" / "share"
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{host}-{port}-{dbname}-{schema}").strip("_.")
    return folder / "triangulate" / "vectors" / f"{name}.faiss"


class _VectorChanges(NamedTuple):
    """Vectors to put in (and keys to take out of) the file once the transaction commits."""

    keys: list[int]
    vectors: list[np.ndarray]
    removed: list[int]


class PostgresStore(SQLReads):
    """:class:`~triangulate.store.base.Store` on PostgreSQL; ``url`` is a libpq URL.

    ``vectors_path`` is the faiss file for article embeddings (see the module's doc for
    the default).
    """

    _ph = "%s"
    _article_select = _ARTICLE_SELECT

    def __init__(self, url: str, vectors_path: str | os.PathLike[str] | None = None) -> None:
        url, from_url = split_vectors_param(url)
        self.url = mask_password(url)
        self._lock = threading.RLock()
        self._closed = False
        self._conn = self._connect(url)
        try:
            store_id, schema = self._prepare()
            path = vectors_path or from_url or default_vectors_path(
                self._conn.info.host, self._conn.info.port, self._conn.info.dbname, schema)
            self._vectors = FaissVectorIndex(path, owner=store_id)
        except psycopg.Error as exc:
            self._conn.close()
            raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                   detail=_first_line(exc)) from exc
        except BaseException:
            self._conn.close()
            raise

    @property
    def vectors_path(self) -> Path:
        return self._vectors.path

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

    def _prepare(self) -> tuple[str, str]:
        """Create or check the tables; returns the store's id and its schema."""
        conn = self._conn
        with conn.transaction():
            row = conn.execute("SELECT current_schema()").fetchone()
            if row is None or row[0] is None:
                raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                       detail="no schema to create tables in (see search_path)")
            schema: str = row[0]
            # Two processes opening a new store at once: one creates, the other waits.
            self._advisory_lock(_LOCK_SCHEMA)
            tables = {r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
            if not tables:
                for statement in TABLES:
                    conn.execute(statement)
                conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', %s),"
                             " ('created_at', now()::text)", (str(SCHEMA_VERSION),))
            elif "meta" not in tables:
                raise TriangulateError(Err.STORE_OPEN, url=self.url,
                                       detail="not a triangulate store (no meta table)")
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            found = row[0] if row else "none"
            if found != str(SCHEMA_VERSION):
                raise TriangulateError(Err.STORE_SCHEMA, url=self.url, found=found,
                                       wanted=SCHEMA_VERSION)
            return self._store_id(), schema

    def _store_id(self) -> str:
        """The id that ties a vector file to this store; a store made before there was
        one gets it now (read first, so a read-only role can open a store that has one)."""
        select = "SELECT value FROM meta WHERE key = 'store_id'"
        row = self._conn.execute(select).fetchone()
        if row is None:
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('store_id', %s)"
                               " ON CONFLICT (key) DO NOTHING", (uuid.uuid4().hex,))
            row = self._conn.execute(select).fetchone()
        if row is None:  # pragma: no cover - the row was just written
            raise TriangulateError(Err.STORE_OPEN, url=self.url, detail="no store_id in meta")
        return str(row[0])

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
        """A read snapshot: several queries see one state even if another process writes.

        Inside this thread's own write transaction (a comparison reads articles while
        its results are saved), the reads join it and see what it wrote so far."""
        with self._lock:
            if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                yield self._conn
                return
            with self._conn.transaction():
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
        # the thread lock spans commit and vector file, so vectors land in commit order
        with self._lock:
            with self._write(_LOCK_ARTICLES) as conn:
                new = self._insert_new(conn, batch, result)
                changes = self._vector_changes(
                    conn, [a for a in new if a.embedding is not None])
            self._apply_vectors(changes)
        return result

    def _insert_new(self, conn: psycopg.Connection[Any], batch: list[Article],
                    result: AddResult) -> list[Article]:
        by_hash = self._ids_by_hash(conn, [a.content_hash for a in batch])
        taken = self._existing_ids(conn, list(dict.fromkeys(a.id for a in batch)))
        new = place_new(batch, by_hash, taken, lambda candidate: conn.execute(
            "SELECT 1 FROM articles WHERE id = %s", (candidate,)).fetchone() is not None,
            result)
        self._copy(conn, "articles", codec.ARTICLE_COLUMNS,
                   ([getattr(a, c) for c in codec.ARTICLE_COLUMNS] for a in new))
        # the embedding column stays NULL: vectors go to the vector file
        self._copy(conn, "article_annotations", ("article_id", "data"),
                   ((a.id, codec.encode_annotations(a)) for a in new))
        return new

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

    def get_articles(self, article_ids: Iterable[str], share: bool = True) -> list[Article]:
        """Articles in the order asked; unknown ids are skipped, repeated ids given once."""
        wanted = list(dict.fromkeys(article_ids))
        with self._lock:
            return self._select_articles(self._conn, wanted, share)

    def _select_articles(self, conn: psycopg.Connection[Any], wanted: list[str],
                         share: bool = True) -> list[Article]:
        if not wanted:
            return []
        found = {a.id: a for a in (self._decode(row, share) for row in conn.execute(
            f"{_ARTICLE_SELECT} WHERE a.id = ANY(%s)", (wanted,)))}
        return [found[i] for i in wanted if i in found]

    def _decode(self, row: Sequence[Any], share: bool = True  # type: ignore[override]
                ) -> Article:
        """An article row, with its vector from the file unless the row still holds one
        (written by a version that kept vectors in the table)."""
        article = _article(row, share)
        if article.embedding is None:
            seq = int(row[-1])
            vector = self._vectors.get([seq]).get(seq)
            if vector is not None:
                article.embedding = vector.astype(_EMBEDDING_DTYPE).tobytes()
        return article

    def save_annotations(self, articles: Iterable[Article]) -> None:
        batch = list(articles)
        if not batch:
            return
        # No advisory lock: an upsert of rows that already exist cannot clash on a key.
        with self._lock:
            with self._write() as conn:
                changes = self._put_annotations(conn, batch)
            self._apply_vectors(changes)

    def _put_annotations(self, conn: Any, batch: list[Article]) -> _VectorChanges:
        stored = self._existing_ids(conn, list(dict.fromkeys(a.id for a in batch)))
        for article in batch:
            if article.id not in stored:
                raise TriangulateError(Err.STORE_MISSING, url=self.url, article=article.id,
                                       what="its annotations")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO article_annotations (article_id, data, embedding)"
                " VALUES (%s, %s, NULL) ON CONFLICT (article_id) DO UPDATE"
                " SET data = excluded.data, embedding = NULL",
                [(a.id, codec.encode_annotations(a)) for a in batch])
            # the language is found by an article stage but lives in its own column
            cur.executemany("UPDATE articles SET language = %s WHERE id = %s",
                            [(a.language, a.id) for a in batch])
        return self._vector_changes(conn, batch)

    # ---- vectors ---------------------------------------------------------------------

    def _vector_changes(self, conn: Any, batch: list[Article]) -> _VectorChanges:
        """What the vector file must take from these articles. Checked inside the write
        transaction, so a bad vector rolls the whole write back."""
        changes = _VectorChanges([], [], [])
        if not batch:
            return changes
        seqs = dict(conn.execute("SELECT id, seq FROM articles WHERE id = ANY(%s)",
                                 (list(dict.fromkeys(a.id for a in batch)),)))
        latest = {a.id: a for a in batch}  # an article given twice keeps its last vector
        for article_id, article in latest.items():
            seq = int(seqs[article_id])
            if article.embedding is None:
                if seq in self._vectors:
                    changes.removed.append(seq)
            else:
                changes.keys.append(seq)
                changes.vectors.append(self._as_vector(article, article.embedding))
        if changes.vectors:
            self._check_dimensions(changes.vectors)
        return changes

    def _as_vector(self, article: Article, data: bytes) -> np.ndarray:
        try:
            vector = np.frombuffer(data, dtype=_EMBEDDING_DTYPE)
        except (TypeError, ValueError) as exc:
            raise self._bad_vector(article) from exc
        if not len(vector):
            raise self._bad_vector(article)
        return vector

    def _bad_vector(self, article: Article) -> TriangulateError:
        return TriangulateError(Err.STORE_WRITE, url=self.url, detail=(
            f"the embedding of article {article.id!r} is not float32 bytes"))

    def _check_dimensions(self, vectors: list[np.ndarray]) -> None:
        wanted = self._vectors.dim or len(vectors[0])
        for vector in vectors:
            if len(vector) != wanted:
                raise TriangulateError(Err.VECTORS_DIM, path=str(self._vectors.path),
                                       found=wanted, got=len(vector))

    def _apply_vectors(self, changes: _VectorChanges, save_now: bool = False) -> None:
        """After the commit: the database is saved whatever happens to the file.

        The whole file is written at each save, so article writes (a run saves every
        batch) save it at most every ``_VECTOR_SAVE_INTERVAL_S``; results and ``close``
        save it at once. A crash in between loses only vectors that are computed again.
        """
        if changes.keys:
            self._vectors.put(changes.keys, np.stack(changes.vectors))
        if changes.removed:
            self._vectors.remove(changes.removed)
        self._vectors.save(0.0 if save_now else _VECTOR_SAVE_INTERVAL_S)

    # ---- corpus-level results --------------------------------------------------------

    def save_results(self, corpus: Corpus, with_annotations: bool = False,
                     parts: Iterable[Corpus] | None = None) -> None:
        with self._lock:
            with self._write(_LOCK_RESULTS) as conn:
                changes = _VectorChanges([], [], [])
                for table in RESULT_TABLES:
                    # DELETE, not TRUNCATE: readers keep their snapshot instead of waiting
                    conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
                if parts is None:
                    if with_annotations and corpus.articles:
                        changes = self._put_annotations(conn, corpus.articles)
                    self._copy_results(conn, corpus, (*_STORY_TABLES, "findings"))
                else:
                    # findings wait in a temporary table until all are in: their rank
                    # (and so their id) is corpus-wide
                    conn.execute("CREATE TEMP TABLE finding_ranks (seq bigserial PRIMARY KEY,"
                                 " score double precision, key bytea, data bytea)"
                                 " ON COMMIT DROP")
                    for part in parts:
                        if part.articles:
                            more = self._put_annotations(conn, part.articles)
                            changes.keys.extend(more.keys)
                            changes.vectors.extend(more.vectors)
                            changes.removed.extend(more.removed)
                        self._copy_results(conn, part, _STORY_TABLES)
                        self._copy(conn, "finding_ranks", ("score", "key", "data"),
                                   ((f.score, f.rank_key(), codec.encode(f))
                                    for f in part.findings))
                self._check_stories(conn, corpus)
                self._copy_results(conn, corpus, ("entities", "stories", "story_articles"))
                if parts is not None:
                    self._copy_ranked_findings(conn)
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('results_saved_at', now()::text)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            self._apply_vectors(changes, save_now=True)

    def _check_stories(self, conn: psycopg.Connection[Any], corpus: Corpus) -> None:
        in_stories = list(dict.fromkeys(a for s in corpus.stories for a in s.articles))
        stored = self._existing_ids(conn, in_stories)
        for story in corpus.stories:
            for article_id in story.articles:
                if article_id not in stored:
                    raise TriangulateError(Err.STORE_MISSING, url=self.url,
                                           article=article_id, what=f"story {story.id!r}")

    def _copy_results(self, conn: psycopg.Connection[Any], corpus: Corpus,
                      tables: tuple[str, ...]) -> None:
        for table, columns in RESULT_COLUMNS:
            if table in tables:
                self._copy(conn, table, columns, _result_rows(table, corpus))

    def _copy_ranked_findings(self, conn: psycopg.Connection[Any]) -> None:
        """The staged findings in rank order, numbered, a few thousand at a time (a COPY
        cannot run while the ordered read is under way, so they take turns)."""
        columns = dict(RESULT_COLUMNS)["findings"]
        numbered = 0
        with conn.cursor(name="ranked_findings") as cur:
            cur.execute("SELECT data FROM finding_ranks ORDER BY score DESC, key, seq")
            while rows := cur.fetchmany(_RANK_BATCH):
                found = Corpus(findings=list(codec.numbered_findings(
                    (bytes(r[0]) for r in rows), start=numbered + 1)))
                numbered += len(found.findings)
                self._copy(conn, "findings", columns, _result_rows("findings", found))

    def _rows(self, conn: Any, table: str, kind: type[T], where: str = "",
              params: Sequence[Any] = ()) -> list[T]:
        return _load(conn, table, kind, where, params)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                try:
                    self._vectors.save()
                finally:
                    self._vectors.close()
                    super().close()

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

