"""What only the PostgreSQL back-end does: URLs, opening errors, writers on two connections.

The behaviour shared with SQLite is in ``test_store_contract.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from triangulate.errors import TriangulateError
from triangulate.model import Article
from triangulate.store import open_store
from triangulate.store.postgres_url import mask_password


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://ann:s3cret@db.example:5432/news", "postgresql://ann:***@db.example:5432/news"),
    ("postgresql://ann@db.example/news", "postgresql://ann@db.example/news"),
    ("postgresql://:only@db/news", "postgresql://:***@db/news"),
    ("postgresql://db/news?password=s3cret&sslmode=require",
     "postgresql://db/news?password=***&sslmode=require"),
    ("host=db user=ann password='a b' dbname=news", "host=db user=ann password=*** dbname=news"),
    ("host=db password=s3cret", "host=db password=***"),
])
def test_password_is_masked(url: str, shown: str) -> None:
    assert mask_password(url) == shown


@pytest.mark.parametrize("url", ["mysql://u@h/db", "redis://localhost:6379"])
def test_other_database_urls_are_refused(url: str) -> None:
    with pytest.raises(TriangulateError) as err:
        open_store(url)
    assert err.value.code == "T102"


def test_unreachable_server_fails_to_open_without_showing_password() -> None:
    # port 1 on loopback: nothing listens there, so the refusal is immediate
    with pytest.raises(TriangulateError) as err:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/news?connect_timeout=2")
    assert err.value.code == "T101"
    assert "s3cret" not in str(err.value) and "***" in str(err.value)


def test_open_store_routes_postgresql_urls(postgres_schema_url: str) -> None:
    from triangulate.store.postgres import PostgresStore

    with open_store(postgres_schema_url) as store:
        assert isinstance(store, PostgresStore)
        assert store.count_articles() == 0
        assert repr(store).startswith("PostgresStore('postgresql://")


def _execute(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def test_other_schema_version_is_refused(postgres_schema_url: str) -> None:
    open_store(postgres_schema_url).close()
    _execute(postgres_schema_url, "UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(TriangulateError) as err:
        open_store(postgres_schema_url)
    assert err.value.code == "T103" and "999" in str(err.value)


def test_schema_of_another_program_is_refused(postgres_schema_url: str) -> None:
    _execute(postgres_schema_url, "CREATE TABLE invoices (id int)")
    with pytest.raises(TriangulateError) as err:
        open_store(postgres_schema_url)
    assert err.value.code == "T101" and "not a triangulate store" in str(err.value)


def _in_threads(work: Callable[[int], None], n: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_new_store_opened_by_several_connections_at_once(postgres_schema_url: str) -> None:
    def work(_: int) -> None:
        open_store(postgres_schema_url).close()

    assert _in_threads(work, 4) == []
    with open_store(postgres_schema_url) as store:
        assert store.count_articles() == 0


def test_writers_on_separate_connections_queue_instead_of_clashing(
        postgres_schema_url: str) -> None:
    """Every connection ingests the same articles, and one id that means other content."""
    open_store(postgres_schema_url).close()
    results = []

    def work(i: int) -> None:
        with open_store(postgres_schema_url) as store:
            batch = [Article(id=f"shared-{k}", text=f"Report {k} seen by every writer.")
                     for k in range(20)]
            batch.append(Article(id="clash", text=f"Writer {i} has its own text."))
            results.append(store.add_articles(batch))

    assert _in_threads(work, 4) == []
    with open_store(postgres_schema_url) as store:
        assert store.count_articles() == 20 + 4
        ids = set(store.article_ids())
    assert {"clash", "clash-2", "clash-3", "clash-4"} <= ids
    assert sum(len(r.added) for r in results) == 24
    assert sorted(len(r.duplicates) for r in results) == [0, 20, 20, 20]


def test_missing_postgresql_gives_a_skip_message_with_the_install_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pgserver

    monkeypatch.setattr(pgserver, "find_bindir", lambda: None)
    with pytest.raises(pgserver.ServerUnavailable, match="apt-get install -y postgresql"):
        pgserver.start_server()
