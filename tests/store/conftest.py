"""Fixtures for store tests. ``store`` / ``open_store_again`` run every contract test
against each back-end in ``BACKENDS``; a new back-end adds one branch to ``_opener``.

PostgreSQL: one throw-away server per test session (``tests/pgserver.py``), one schema
per test, its vector file in the test's temporary folder (and ``XDG_DATA_HOME`` points
there too, so a store opened with the default vector file never writes to the home
folder). Where PostgreSQL or psycopg is missing, its tests skip and say why.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from triangulate.model import (
    AlignedSentence,
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Entity,
    Evidence,
    Family,
    Finding,
    Mention,
    Quantity,
    Quote,
    Sentence,
    Story,
    TimeExpression,
    TimelineEntry,
)
from triangulate.store.base import Store
from triangulate.store.sqlite import SQLiteStore

BACKENDS = ["sqlite", "postgresql"]

Opener = Callable[[], Store]

_schemas = itertools.count(1)


@pytest.fixture(autouse=True)
def _data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a database on a PostgreSQL server for this session (or skip)."""
    given = os.environ.get("TRIANGULATE_TEST_POSTGRES")
    if given:
        yield given
        return
    from pgserver import ServerUnavailable, start_server

    try:
        server = start_server()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A fresh, empty schema for one test, as a URL whose search_path is that schema."""
    import psycopg

    schema = f"t{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _opener(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    if backend == "sqlite":
        path = tmp_path / "store.db"
        return lambda: SQLiteStore(str(path))
    if backend == "postgresql":
        pytest.importorskip("faiss", reason="PostgreSQL tests skipped: faiss-cpu is not "
                            "installed (pip install 'triangulate[postgres]')")
        from triangulate.store.postgres import PostgresStore

        url: str = request.getfixturevalue("postgres_schema_url")
        vectors = tmp_path / "vectors.faiss"
        return lambda: PostgresStore(url, vectors_path=vectors)
    raise ValueError(backend)


@pytest.fixture(params=BACKENDS)
def open_store_again(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens (again) the one store of this test: for reopen and multi-handle tests."""
    return _opener(request.param, request, tmp_path)


@pytest.fixture
def store(open_store_again: Opener) -> Iterator[Store]:
    with open_store_again() as opened:
        yield opened


def _at(article: Article, needle: str, after: int = 0) -> tuple[int, int]:
    start = article.text.index(needle, after)
    return start, start + len(needle)


def annotated_article(article_id: str = "reuters-1") -> Article:
    """An article with every annotation field filled, by hand, spans checked."""
    text = (
        "Officials said on 19 December 2024 that 12 people were hurt in Lyon.\n"
        '"We are investigating," said police chief Ana Ruiz.\n'
        "A source who asked not to be named said about 300 metres of road were closed."
    )
    a = Article(id=article_id, text=text, title="Blast in Lyon", outlet="Reuters",
                published="2024-12-19", url="https://example.org/lyon",
                source_path="in/reuters.txt", language="en")
    first_end = text.index("\n")
    second_end = text.index("\n", first_end + 1)
    a.sentences = [Sentence(start=0, end=first_end),
                   Sentence(start=first_end + 1, end=second_end),
                   Sentence(start=second_end + 1, end=len(text))]
    ruiz = a.span(*_at(a, "Ana Ruiz"))
    lyon = a.span(*_at(a, "Lyon"))
    a.mentions = [Mention(span=lyon, label="GPE", entity="e-lyon"),
                  Mention(span=ruiz, label="PERSON", entity="e-ruiz"),
                  Mention(span=a.span(*_at(a, "Officials")), label="NORP")]
    hurt = a.span(*_at(a, "12 people"))
    road = a.span(*_at(a, "about 300 metres"))
    a.quantities = [
        Quantity(span=hurt, low=12.0, high=12.0, unit="count", measure="injured", kind="count"),
        Quantity(span=road, low=270.0, high=None, unit="m", high_inclusive=False,
                 measure="road", approximate=True),
    ]
    date = a.span(*_at(a, "19 December 2024"))
    a.times = [TimeExpression(span=date, type="DATE", value="2024-12-19"),
               TimeExpression(span=a.span(0, 9), type="DATE")]
    said = a.span(*_at(a, "said", first_end))
    a.quotes = [
        Quote(id=f"{article_id}:q1", span=a.span(*_at(a, "We are investigating,")),
              speaker="police chief Ana Ruiz", speaker_span=ruiz, speaker_entity="e-ruiz",
              cue="said", cue_span=said),
        Quote(id=f"{article_id}:q2", span=a.span(*_at(a, "about 300 metres of road were closed")),
              kind="reported", speaker="A source", anonymous=True, medium="state radio"),
    ]
    a.claims = [
        Claim(id=f"{article_id}:c1", span=a.span(0, first_end), sentence=0,
              subject="e-lyon", subject_text="Lyon", predicate="<N> people were hurt in",
              values=[ClaimValue(kind="quantity", span=hurt, value="[12, 12] count",
                                 low=12.0, high=12.0, unit="count"),
                      ClaimValue(kind="date", span=date, value="2024-12-19")]),
        Claim(id=f"{article_id}:c2", span=a.span(second_end + 1, len(text)), sentence=2,
              predicate="road closed", quote=f"{article_id}:q2", speaker="A source",
              anonymous=True, hedged=True, negated=False, checkable=False,
              values=[ClaimValue(kind="quantity", span=road, value="[270, inf) m",
                                 low=270.0, unit="m")]),
    ]
    a.embedding = np.asarray([0.1, -0.2, 1 / 3, 1e-30, -0.0, 12345.678],
                             dtype="<f4").tobytes()
    a.annotated_by = ["sentences", "entities", "quantities", "times", "quotes", "claims",
                      "embed"]
    return a


def plain_article(article_id: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=article_id, text=text, outlet=outlet)


def full_corpus(articles: list[Article], tag: str = "") -> Corpus:
    """Every kind of corpus-level result, over the given (stored) articles."""
    ids = [a.id for a in articles]
    a0 = articles[0]
    head = a0.span(0, min(9, len(a0.text)))
    ev = Evidence.of(a0.claims[0].span if a0.claims else head, claim="c1")
    return Corpus(
        articles=articles,
        entities=[Entity(id=f"e-lyon{tag}", name="Lyon", type="GPE", aliases=["Lyons"],
                         articles=ids, mentions=3),
                  Entity(id=f"e-ruiz{tag}", name="Ana Ruiz", type="PERSON")],
        stories=[Story(id=f"s1{tag}", title="Blast in Lyon", articles=ids),
                 Story(id=f"s2{tag}", title="Road closure", articles=ids[-1:])],
        families=[Family(id=f"f1{tag}", articles=ids, similarity=0.93, story=f"s1{tag}",
                         alignment=[AlignedSentence(status="kept", left=head,
                                                    right=None, similarity=1.0)])],
        claim_groups=[ClaimGroup(id=f"g1{tag}", story=f"s1{tag}", claims=["c1", "c2"],
                                 articles=ids, label="injured")],
        findings=[
            Finding(id=f"x1{tag}", kind="conflict", story=f"s1{tag}", summary="12 vs 15 hurt",
                    evidence=[ev, ev], independent_sources=2, score=0.9),
            Finding(id=f"x2{tag}", kind="single_source", story=f"s1{tag}", summary="one source",
                    evidence=[ev], independent_sources=1, score=0.4),
            Finding(id=f"x3{tag}", kind="conflict", story=f"s2{tag}", summary="road length",
                    evidence=[], independent_sources=2),
            Finding(id=f"x4{tag}", kind="anonymous_source", story=f"s2{tag}", summary="anon",
                    evidence=[ev], independent_sources=0, score=0.1),
        ],
        timeline=[TimelineEntry(date="2024-12-19", article=ids[0], start=head.start,
                                end=head.end, text=head.text, story=f"s1{tag}", event="blast",
                                articles=ids),
                  TimelineEntry(date="2024-12", article=ids[-1], start=0, end=1, text="x")],
    )


@pytest.fixture
def article() -> Article:
    return annotated_article()


@pytest.fixture
def stored_articles(store: Store) -> list[Article]:
    articles = [annotated_article("a1"),
                plain_article("a2", "Police closed the road on Friday.", outlet="AFP"),
                plain_article("a3", "Twelve people were hurt, the mayor said.", outlet="BBC")]
    store.add_articles(articles)
    return articles


@pytest.fixture
def make_annotated() -> Callable[[str], Article]:
    return annotated_article


@pytest.fixture
def make_corpus() -> Callable[..., Corpus]:
    return full_corpus
