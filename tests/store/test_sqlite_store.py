"""What is particular to the SQLite back-end: the file, its schema, pragmas and errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from triangulate.errors import TriangulateError
from triangulate.model import Article, Corpus
from triangulate.store import codec, open_store
from triangulate.store.sqlite import SQLiteStore
from triangulate.store.sqlite_schema import SCHEMA_VERSION


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_file_uses_wal_and_records_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn = _raw(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)
    conn.close()


def test_schema_version_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    conn = _raw(path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(TriangulateError) as err:
        SQLiteStore(path)
    assert err.value.code == "T103"
    assert "schema version 999" in str(err.value) and f"needs {SCHEMA_VERSION}" in str(err.value)


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p.write_text("headline,body\nfire,big fire\n" * 50), "not an SQLite database"),
    (lambda p: p.write_bytes(b"\x00\x01binary" * 300), "not an SQLite database"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: None, "does not exist"),  # the folder is missing, see below
])
def test_unopenable_path_is_a_clear_error(tmp_path: Path, make: Callable[[Path], object],
                                          reason: str) -> None:
    path = tmp_path / "x.db" if reason != "does not exist" else tmp_path / "no" / "x.db"
    make(path)
    with pytest.raises(TriangulateError) as err:
        SQLiteStore(path)
    assert err.value.code == "T101" and reason in str(err.value) and str(path) in str(err.value)


def test_other_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = _raw(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    with pytest.raises(TriangulateError) as err:
        SQLiteStore(path)
    assert err.value.code == "T101" and "not a triangulate store" in str(err.value)


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with SQLiteStore(path) as store:
        assert store.count_articles() == 0


def test_memory_store_and_url_forms(tmp_path: Path) -> None:
    with SQLiteStore(":memory:") as store:
        store.add_articles([Article(id="m", text="In memory.")])
        assert store.count_articles() == 1
    with open_store(f"sqlite:///{tmp_path / 'u.db'}") as store:
        assert isinstance(store, SQLiteStore) and store.url == str(tmp_path / "u.db")


def test_crash_inside_save_results_keeps_previous(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  make_annotated: Callable[[str], Article],
                                                  make_corpus: Callable[..., Corpus]) -> None:
    path = tmp_path / "s.db"
    articles = [make_annotated("a1"), Article(id="a2", text="Second.")]
    with SQLiteStore(path) as store:
        store.add_articles(articles)
        before = make_corpus(articles)
        store.save_results(before)
        real = codec.encode
        calls = 0

        def failing(obj: object) -> bytes:
            nonlocal calls
            calls += 1
            if calls > 5:  # after the entities and stories rows are in
                raise RuntimeError("disk on fire")
            return real(obj)

        monkeypatch.setattr(codec, "encode", failing)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.save_results(make_corpus(articles, tag="-new"))
        assert calls > 5
        monkeypatch.setattr(codec, "encode", real)
        assert store.load_results() == before
    with SQLiteStore(path) as reopened:  # and nothing half-done reached the file
        assert reopened.load_results() == before


def test_write_errors_name_the_store(tmp_path: Path, make_corpus: Callable[..., Corpus]) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        articles = [Article(id="a1", text="Only one.")]
        store.add_articles(articles)
        corpus = make_corpus(articles)
        corpus.findings.append(corpus.findings[0])  # same id twice
        with pytest.raises(TriangulateError) as err:
            store.save_results(corpus)
        assert err.value.code == "T104" and "findings.id" in str(err.value)
        assert store.load_results() == Corpus(articles=articles)


def test_article_story_lookup_and_indexes(tmp_path: Path, make_corpus: Callable[..., Corpus]
                                          ) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        articles = [Article(id="a1", text="One."), Article(id="a2", text="Two.")]
        store.add_articles(articles)
        store.save_results(make_corpus(articles))
        assert store.stories_of("a2") == ["s1", "s2"]
        assert store.stories_of("a1") == ["s1"]
        assert store.stories_of("ghost") == []
        plans = {
            "SELECT story_id FROM story_articles WHERE article_id = 'a1'": "story_articles_article",
            "SELECT data FROM findings WHERE kind = 'conflict'": "findings_kind",
            "SELECT data FROM findings WHERE story = 's1' AND kind = 'x'": "findings_story_kind",
            "SELECT data FROM findings WHERE story = 's1'": "findings_story_kind",
            "SELECT data FROM timeline WHERE story = 's1'": "timeline_story_date",
            "SELECT id FROM articles WHERE content_hash = 'h'": "autoindex_articles",
        }
        for query, index in plans.items():
            plan = " ".join(r[-1] for r in store._conn.execute(f"EXPLAIN QUERY PLAN {query}"))
            assert index in plan, (query, plan)


def test_close_is_idempotent(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.close()
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.count_articles()


def test_second_handle_sees_committed_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as writer, SQLiteStore(path) as reader:
        writer.add_articles([Article(id="w", text="Written by the first handle.")])
        assert reader.get_article("w") is not None
        assert reader.add_articles([Article(id="w", text="Written by the first handle.")]
                                   ).duplicates == {"w": "w"}
