"""How the codec keeps a loaded article small: float32 lead vectors, shared repeats."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from triangulate.extract.lead import pack_lead, unpack_lead
from triangulate.model import (
    Article,
    Claim,
    ClaimValue,
    Mention,
    Quote,
    ReferenceFact,
    Span,
    SyntaxFacts,
    TitleFacts,
)
from triangulate.store import codec

TEXT = ("Police chief Ana Ruiz said 12 people were hurt. "
        "Ruiz said the road stays closed, police said.")


def _article(article_id: str = "wire-7") -> Article:
    a = Article(id=article_id, text=TEXT)
    ruiz = a.span(13, 21)
    said = a.span(22, 26)
    twelve = a.span(27, 29)
    a.mentions = [Mention(span=ruiz, label="PERSON"), Mention(span=a.span(48, 52),
                                                             label="PERSON")]
    a.quotes = [Quote(id=f"{article_id}:q1", span=a.span(27, 47), kind="reported",
                      speaker="Ana Ruiz", speaker_span=ruiz, cue="said", cue_span=said)]
    a.claims = [Claim(id=f"{article_id}:c1", span=a.span(0, 47), sentence=0,
                      subject_text="Ana Ruiz", subject_span=ruiz, quote=f"{article_id}:q1",
                      speaker="Ana Ruiz", predicate="<N> people were hurt",
                      values=[ClaimValue(kind="quantity", span=twelve, value="[12, 12] count",
                                         unit="count")])]
    a.embedding = pack_lead(np.array([0.6, -0.8, 0.0], dtype=np.float32))
    return a


def _loaded(article: Article) -> Article:
    columns = {c: getattr(article, c) for c in codec.ARTICLE_COLUMNS}
    return codec.article_from_row(columns, codec.encode_annotations(article),
                                  codec.pack_embedding(article.embedding))


def _spans(article: Article) -> list[Span]:
    found = [m.span for m in article.mentions]
    for q in article.quotes:
        found += [s for s in (q.span, q.speaker_span, q.cue_span) if s is not None]
    for c in article.claims:
        found += [s for s in (c.span, c.subject_span) if s is not None]
        found += [v.span for v in c.values]
    return found


@pytest.mark.parametrize("vector", [
    [0.6, -0.8, 0.0],
    [1 / 3, -2 / 7, 1e-30, -0.0, 12345.678],
    [],
])
def test_lead_vector_round_trips_through_the_stored_column(vector: list[float]) -> None:
    packed = pack_lead(np.asarray(vector, dtype=np.float32))
    assert len(packed) == 4 * len(vector)
    assert codec.unpack_embedding(codec.pack_embedding(packed)) == packed  # bit for bit
    assert unpack_lead(packed).tolist() == np.asarray(vector, dtype=np.float32).tolist()


def test_column_written_as_float64_before_reads_as_float32() -> None:
    old = [0.25, -1.5, float(np.float32(1 / 3))]  # lists of float32 values, as stored
    column = struct.pack("<3d", *old)
    assert codec.pack_embedding(codec.unpack_embedding(column)) == column
    assert unpack_lead(codec.unpack_embedding(column) or b"").tolist() == old


def test_no_embedding_stays_none() -> None:
    assert codec.pack_embedding(None) is None and codec.unpack_embedding(None) is None


def test_loaded_article_equals_the_saved_one() -> None:
    article = _article()
    assert _loaded(article) == article


def test_spans_share_the_article_id_and_equal_spans_are_one() -> None:
    loaded = _loaded(_article())
    spans = _spans(loaded)
    assert all(s.article is loaded.id for s in spans)
    ruiz = loaded.mentions[0].span
    assert loaded.quotes[0].speaker_span is ruiz and loaded.claims[0].subject_span is ruiz
    assert all(s.text == loaded.text[s.start:s.end] for s in spans)


@pytest.mark.parametrize("get", [
    lambda a: (a.mentions[0].label, a.mentions[1].label),  # short: interned
    lambda a: (a.quotes[0].speaker, a.claims[0].speaker),  # within the article
    lambda a: (a.quotes[0].id, a.claims[0].quote),  # a reference and what it names
])
def test_equal_strings_are_one_object(get: object) -> None:
    first, second = get(_loaded(_article()))  # type: ignore[operator]
    assert first == second and first is second


def test_short_strings_are_shared_between_articles() -> None:
    one, two = _loaded(_article("a")), _loaded(_article("b"))
    assert one.mentions[0].label is two.mentions[0].label
    assert one.quotes[0].cue is two.quotes[0].cue


def test_a_span_of_another_article_is_left_alone() -> None:
    article = _article()
    stray = Span(article="elsewhere", start=0, end=6, text="Police")
    article.mentions.append(Mention(span=stray, label="ORG"))
    loaded = _loaded(article)
    assert loaded.mentions[-1].span == stray and loaded == article


def test_syntax_facts_round_trip_with_shared_keys() -> None:
    article = _article()
    article.facts = SyntaxFacts(
        sentence_starts=[0, 48],
        references=[ReferenceFact(start=48, end=52, kind="role", head="chief",
                                  modifiers=("police",))],
        titles={"13:21": TitleFacts(heads=("chief",), modifiers=("police",)),
                "48:52": TitleFacts()},
        speaks={"13:21": True, "48:52": True}, ranks={"13:21": 0, "48:52": 1})
    loaded = _loaded(article)
    assert loaded == article
    assert loaded.facts is not None
    keys = [list(d) for d in (loaded.facts.titles, loaded.facts.speaks, loaded.facts.ranks)]
    assert all(a is b is c for a, b, c in zip(*keys, strict=True))
    assert loaded.facts.titles["48:52"].heads == ()
