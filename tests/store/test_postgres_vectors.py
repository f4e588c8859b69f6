"""The PostgreSQL store's vectors live in a faiss file: where that file is, what it holds,
and that losing or damaging it loses nothing but the time to compute vectors again."""

from __future__ import annotations

import copy
from pathlib import Path
from urllib.parse import quote

import msgspec
import numpy as np
import pytest

from triangulate.errors import TriangulateError
from triangulate.model import Article
from triangulate.store import codec, open_store
from triangulate.store.sqlite import SQLiteStore

pytest.importorskip("psycopg", reason="PostgreSQL tests skipped: psycopg is not installed")
pytest.importorskip("faiss", reason="PostgreSQL tests skipped: faiss-cpu is not installed")

from triangulate.store.postgres import (  # noqa: E402
    PostgresStore,
    default_vectors_path,
    split_vectors_param,
)

DIM = 384


def _packed(values: object) -> bytes:
    """As ``Article.embedding`` holds a vector: float32 little-endian."""
    return np.asarray(values, dtype="<f4").tobytes()


def _with_vectors(url: str, path: Path) -> str:
    return f"{url}&vectors={quote(str(path))}"


def _articles(n: int = 4, seed: int = 1) -> list[Article]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        v = rng.normal(size=DIM)
        out.append(Article(id=f"r{i}", text=f"Report {i}: the bridge reopened on Monday.",
                           outlet=f"Outlet {i}", embedding=_packed(v / np.linalg.norm(v)),
                           annotated_by=["lead"]))
    return out


def _same_but_embedding(a: Article, b: Article) -> bool:
    return msgspec.structs.replace(a, embedding=None) == msgspec.structs.replace(
        b, embedding=None)


@pytest.mark.parametrize(("url", "stripped", "path"), [
    ("postgresql://h/db?vectors=/v/x.faiss", "postgresql://h/db", "/v/x.faiss"),
    ("postgresql://h/db?sslmode=require&vectors=%2Fv%2Fa%20b.faiss&connect_timeout=3",
     "postgresql://h/db?sslmode=require&connect_timeout=3", "/v/a b.faiss"),
    ("postgresql://h/db?options=-csearch_path%3Ds1&vectors=v.faiss",
     "postgresql://h/db?options=-csearch_path%3Ds1", "v.faiss"),
    ("postgresql://h/db?sslmode=require", "postgresql://h/db?sslmode=require", None),
    ("postgresql://h/db", "postgresql://h/db", None),
    ("postgresql://h/db?myvectors=1", "postgresql://h/db?myvectors=1", None),
])
def test_vectors_parameter_is_taken_out_of_the_url(url: str, stripped: str,
                                                   path: str | None) -> None:
    assert split_vectors_param(url) == (stripped, path)


def test_default_vector_file_is_in_the_data_folder(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = default_vectors_path("db.example", 5432, "news", "public")
    assert path == tmp_path / "triangulate" / "vectors" / "db.example-5432-news-public.faiss"
    socket = default_vectors_path("/var/run/postgresql", 5432, "news", "s1")
    assert socket.parent == path.parent and socket.name == "var_run_postgresql-5432-news-s1.faiss"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_vectors_path("h", 1, "d", "s").parent == (
        Path.home() / ".local" / "share" / "triangulate" / "vectors")


def test_vector_file_comes_from_the_argument_the_url_or_the_default(
        postgres_schema_url: str, tmp_path: Path) -> None:
    given, in_url = tmp_path / "given.faiss", tmp_path / "in-url.faiss"
    with open_store(_with_vectors(postgres_schema_url, in_url), vectors=given) as store:
        assert isinstance(store, PostgresStore) and store.vectors_path == given
    with open_store(_with_vectors(postgres_schema_url, in_url)) as store:
        assert isinstance(store, PostgresStore) and store.vectors_path == in_url
        assert "vectors=" not in store.url
        store.add_articles(_articles(1))
    assert in_url.is_file()
    with open_store(postgres_schema_url) as store:
        assert isinstance(store, PostgresStore)
        default = store.vectors_path
    assert default.parent == tmp_path / "data-home" / "triangulate" / "vectors"  # conftest


def test_articles_round_trip_like_sqlite(postgres_schema_url: str, tmp_path: Path) -> None:
    vectors = tmp_path / "v.faiss"
    with SQLiteStore(str(tmp_path / "s.db")) as lite, \
            PostgresStore(postgres_schema_url, vectors_path=vectors) as pg:
        for store in (lite, pg):
            store.add_articles(_articles(3))
            changed = _articles(4, seed=2)  # annotations saved later replace the vectors
            store.save_annotations(changed[1:3])
            store.add_articles(changed[3:])
        expected = lite.get_articles(lite.article_ids())
        got = pg.get_articles(pg.article_ids())
        assert [a.id for a in got] == [a.id for a in expected] == ["r0", "r1", "r2", "r3"]
        assert got == expected  # float32 vectors come back from faiss bit for bit
        assert all(a.embedding is not None for a in got)
        assert [a.embedding for a in pg.iter_articles(batch_size=2)] == [
            a.embedding for a in got]
        # nothing of the vectors is kept in the table
        import psycopg

        with psycopg.connect(postgres_schema_url) as conn:
            row = conn.execute("SELECT count(*) FROM article_annotations"
                               " WHERE embedding IS NOT NULL").fetchone()
        assert row == (0,)


def test_lost_vector_file_loads_articles_without_embedding(postgres_schema_url: str,
                                                           tmp_path: Path) -> None:
    vectors = tmp_path / "v.faiss"
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        store.add_articles(_articles(2))
    vectors.unlink()
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        loaded = store.get_articles(["r0", "r1"])
        assert [a.embedding for a in loaded] == [None, None]
        assert all(_same_but_embedding(a, b) for a, b in zip(loaded, _articles(2), strict=True))
        store.save_annotations(_articles(2)[:1])  # computed again and saved again
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        assert [a.embedding is None for a in store.get_articles(["r0", "r1"])] == [False, True]


def test_damaged_vector_file_is_refused_and_the_database_kept(postgres_schema_url: str,
                                                              tmp_path: Path) -> None:
    vectors = tmp_path / "v.faiss"
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        store.add_articles(_articles(3))
    vectors.write_bytes(vectors.read_bytes()[:-7])
    with pytest.raises(TriangulateError) as err:
        PostgresStore(postgres_schema_url, vectors_path=vectors)
    assert err.value.code == "T106" and str(vectors) in str(err.value)
    assert "truncated" in str(err.value) and vectors.exists()
    vectors.unlink()  # what the message says to do
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        assert store.article_ids() == ["r0", "r1", "r2"]
        assert [a.outlet for a in store.get_articles(store.article_ids())] == [
            "Outlet 0", "Outlet 1", "Outlet 2"]


def test_vector_file_of_another_store_is_refused(postgres_url: str, tmp_path: Path,
                                                 request: pytest.FixtureRequest) -> None:
    first: str = request.getfixturevalue("postgres_schema_url")
    vectors = tmp_path / "v.faiss"
    with PostgresStore(first, vectors_path=vectors) as store:
        store.add_articles(_articles(1))
    import psycopg

    # the same schema dropped and made again: its seq numbers start over
    with psycopg.connect(first, autocommit=True) as conn:
        conn.execute("DROP TABLE meta, articles, article_annotations, entities, stories,"
                     " story_articles, families, claim_groups, findings, timeline CASCADE")
    with pytest.raises(TriangulateError) as err:
        PostgresStore(first, vectors_path=vectors)
    assert err.value.code == "T106" and "another store" in str(err.value)


def test_vector_of_another_dimension_rolls_the_write_back(postgres_schema_url: str,
                                                          tmp_path: Path) -> None:
    with PostgresStore(postgres_schema_url, vectors_path=tmp_path / "v.faiss") as store:
        store.add_articles(_articles(1))
        short = Article(id="short", text="A vector of the wrong size.",
                        embedding=_packed([1.0, 0.0]))
        with pytest.raises(TriangulateError) as err:
            store.add_articles([short])
        assert err.value.code == "T107" and "dimension 384, not 2" in str(err.value)
        assert store.article_ids() == ["r0"]


def test_vector_left_in_the_table_by_an_older_version_is_read(postgres_schema_url: str,
                                                              tmp_path: Path) -> None:
    import psycopg

    with PostgresStore(postgres_schema_url, vectors_path=tmp_path / "v.faiss") as store:
        store.add_articles([Article(id="old", text="Stored before the vector file.")])
    with psycopg.connect(postgres_schema_url, autocommit=True) as conn:
        conn.execute("UPDATE article_annotations SET embedding = %s",
                     (codec.pack_embedding(_packed([0.1, 1 / 3])),))
    with PostgresStore(postgres_schema_url, vectors_path=tmp_path / "v.faiss") as store:
        old = store.get_article("old")
        assert old is not None and old.embedding == _packed([0.1, 1 / 3])


# ---- a real run ----------------------------------------------------------------------


def test_run_after_losing_the_vector_file_finds_the_same_stories(
        postgres_schema_url: str, tmp_path: Path, demo_articles: list[Article]) -> None:
    """Real models: the second run reads stored annotations without vectors, the lead
    vectors are computed again, the stories are the same and the file is written again."""
    from triangulate import analyze

    vectors = tmp_path / "v.faiss"
    db = _with_vectors(postgres_schema_url, vectors)
    first = analyze(copy.deepcopy(demo_articles), db=db)
    assert first.annotated == 5 and vectors.is_file()
    stories = [(s.id, s.title, s.articles) for s in first.corpus.stories]
    assert stories
    before = {a.id: a.embedding for a in first.corpus.articles}
    vectors.unlink()
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        assert all(a.embedding is None for a in store.get_articles(list(before)))

    second = analyze(copy.deepcopy(demo_articles), db=db)
    assert second.annotated == 0 and second.added == 0  # nothing extracted again
    assert [(s.id, s.title, s.articles) for s in second.corpus.stories] == stories
    assert len(second.corpus.findings) == len(first.corpus.findings)
    with PostgresStore(postgres_schema_url, vectors_path=vectors) as store:
        for article in store.get_articles(list(before)):
            earlier = before[article.id]
            assert article.embedding is not None and earlier is not None
            np.testing.assert_allclose(np.frombuffer(article.embedding, dtype="<f4"),
                                       np.frombuffer(earlier, dtype="<f4"), atol=1e-5)
