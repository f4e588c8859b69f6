"""Claim alignment on small real-shaped claims, with the real MiniLM embedder."""

from __future__ import annotations

import numpy as np
import pytest

from triangulate.compare.align import AlignmentStage, candidate_pairs, content_words, overlap
from triangulate.model import Article, Claim, ClaimValue, Corpus, Mention, Story


def _article(aid: str, sentences: list[str], entity_names: dict[str, str]) -> Article:
    text = " ".join(sentences)
    a = Article(id=aid, text=text)
    pos = 0
    for n, s in enumerate(sentences, 1):
        start = text.index(s, pos)
        pos = start + len(s)
        a.claims.append(Claim(id=f"{aid}:c{n}", span=a.span(start, pos), sentence=n - 1,
                              predicate=s.lower()))
        for name, eid in entity_names.items():
            i = s.find(name)
            if i >= 0:
                a.mentions.append(Mention(span=a.span(start + i, start + i + len(name)),
                                          label="PERSON", entity=eid))
    return a


def test_same_statement_in_other_words_aligns_and_others_stay_apart() -> None:
    names = {"Varga": "e1", "Helena Varga": "e1"}
    a = _article("a", ["Governor Helena Varga said no one had been injured in the flood.",
                       "The bridge over the river was closed to traffic on Monday."], names)
    b = _article("b", ["Varga told reporters that nobody had been injured by the flood.",
                       "Schools in the town will stay shut until the end of the week."], names)
    corpus = Corpus(articles=[a, b], stories=[Story(id="s1", title="t", articles=["a", "b"])])
    groups = AlignmentStage()(corpus).claim_groups
    assert [g.claims for g in groups] == [["a:c1", "b:c1"]]


def test_a_shared_figure_keeps_a_pair_whatever_the_wording() -> None:
    owners = ["a", "b"]
    words = [frozenset({"rain", "recorded"}), frozenset({"rainfall", "reached"})]
    keys = [{"quantity:[0.21, 0.21] m"}, {"quantity:[0.21, 0.21] m"}]
    assert candidate_pairs(owners, keys, words) == {(0, 1)}
    assert candidate_pairs(owners, [set(), set()], words) == set()


def test_claims_of_one_article_are_never_paired() -> None:
    words = [frozenset({"army", "moved", "tanks"})] * 2
    assert candidate_pairs(["a", "a"], [{"e1"}, {"e1"}], words) == set()


def test_content_words_drop_stop_words_and_placeholders() -> None:
    c = Claim(id="x", span=Article(id="x", text="abc").span(0, 3), sentence=0,
              predicate="the army moved <num> tanks to the border on <date>.",
              values=[ClaimValue(kind="quantity", span=Article(id="x", text="abc").span(0, 1),
                                 value="1")])
    assert content_words(c) == {"army", "moved", "tanks", "border"}
    assert overlap(frozenset({"a1", "b1"}), frozenset({"a1", "c1"})) == 0.5


def test_stage_over_many_stories_indexes_the_corpus_once(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    names = {"Varga": "e1", "Helena Varga": "e1"}
    articles, stories = [], []
    for n in range(3):  # three stories of two articles that say the same thing
        a = _article(f"a{n}", ["Governor Helena Varga said no one had been injured."], names)
        b = _article(f"b{n}", ["Varga told reporters that nobody had been injured."], names)
        articles += [a, b]
        stories.append(Story(id=f"s{n}", title="t", articles=[b.id, a.id]))
    calls: list[int] = []
    by_id = Corpus.by_id

    def counted(self: Corpus) -> dict[str, Article]:
        calls.append(1)
        return by_id(self)

    monkeypatch.setattr(Corpus, "by_id", counted)
    groups = AlignmentStage()(Corpus(articles=articles, stories=stories)).claim_groups
    assert len(calls) == 1  # not once per story: that grows with stories x articles
    # a group lists its articles in the story's order
    assert [g.articles for g in groups] == [[f"b{n}", f"a{n}"] for n in range(3)]


class _Counting:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        from triangulate.models.embedder import default_embedder

        self.inner = default_embedder()
        self.dim = self.inner.dim
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def test_only_claims_with_a_partner_are_embedded_and_they_keep_their_vector() -> None:
    names = {"Varga": "e1", "Helena Varga": "e1"}
    a = _article("a", ["Governor Helena Varga said no one had been injured in the flood.",
                       "The bridge over the river was closed to traffic on Monday."], names)
    b = _article("b", ["Varga told reporters that nobody had been injured by the flood.",
                       "Schools in the town will stay shut until the end of the week."], names)
    story = Story(id="s1", title="t", articles=["a", "b"])
    counting = _Counting()
    first = AlignmentStage(counting)(Corpus(articles=[a, b], stories=[story])).claim_groups
    # the bridge and the schools share no key and no word with the other article
    assert sorted(counting.texts) == sorted([a.claims[0].predicate, b.claims[0].predicate])
    assert a.claims[0].vector is not None and a.claims[1].vector is None
    counting.texts.clear()
    again = AlignmentStage(counting)(Corpus(articles=[a, b], stories=[story])).claim_groups
    assert counting.texts == [] and again == first
