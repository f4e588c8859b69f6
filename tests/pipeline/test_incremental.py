"""Story fingerprints: what makes an update compare a story again (no models)."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from triangulate.model import (
    Article,
    Claim,
    Corpus,
    Entity,
    Family,
    Finding,
    Mention,
    Story,
    TimelineEntry,
)
from triangulate.pipeline.incremental import compare_changed, fingerprints, story_chunks
from triangulate.pipeline.kept import HeldResults, SpilledResults
from triangulate.store import open_store


def _corpus() -> Corpus:
    a = Article(id="a", text="Governor Helena Varga visited Brest, Belarus on Monday.")
    b = Article(id="b", text="Varga said the bridge in Brest would reopen.")
    a.mentions = [Mention(span=a.span(9, 21), label="PERSON", entity="e1"),
                  Mention(span=a.span(30, 35), label="GPE", entity="e2"),
                  Mention(span=a.span(37, 44), label="GPE", entity="e3")]
    b.mentions = [Mention(span=b.span(0, 5), label="PERSON", entity="e1")]
    a.claims = [Claim(id="a:c1", span=a.span(0, len(a.text)), sentence=0, subject="e1")]
    entities = [Entity(id="e1", name="Helena Varga", type="PERSON", aliases=["Varga"],
                       articles=["a", "b"], mentions=2),
                Entity(id="e2", name="Brest", type="GPE", articles=["a"], mentions=1),
                Entity(id="e3", name="Belarus", type="GPE", articles=["a"], mentions=1)]
    return Corpus(articles=[a, b], entities=entities,
                  stories=[Story(id="s1", title="t", articles=["a"]),
                           Story(id="s2", title="u", articles=["b"])])


def test_fingerprints_are_stable_and_ignore_what_comparison_fills() -> None:
    corpus = _corpus()
    first = fingerprints(corpus)
    assert first == fingerprints(_corpus()) and first["s1"] != first["s2"]
    corpus.articles[0].claims[0].vector = b"\x00\x01"  # alignment fills vectors
    corpus.entities[0].articles.append("z")  # corpus-wide counts are not read
    corpus.entities[0].mentions += 5
    assert fingerprints(corpus) == first


@pytest.mark.parametrize("change", ["alias", "article", "story", "link"])
def test_fingerprint_changes_with_what_a_story_reads(change: str) -> None:
    corpus = _corpus()
    before = fingerprints(corpus)
    if change == "alias":  # an entity the story names gets another name
        corpus.entities[0].aliases.append("H. Varga")
    elif change == "article":
        corpus.articles[1].claims = [Claim(id="b:c1", span=corpus.articles[1].span(0, 5),
                                           sentence=0)]
    elif change == "story":
        corpus.stories[1].articles.append("a")
    else:  # a mention linked to another entity
        corpus.articles[1].mentions[0].entity = "e2"
    after = fingerprints(corpus)
    changed = {s for s in before if before[s] != after[s]}
    assert changed == ({"s1", "s2"} if change == "alias" else {"s2"})


def test_corpus_wide_stages_must_come_first() -> None:
    with pytest.raises(ValueError):
        compare_changed(_corpus(), ("families", "stories"), None, lambda n: None)


def test_stories_round_trip_their_fingerprint() -> None:
    story = Story(id="s1", title="t", articles=["a"], fingerprint="ab12")
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(story), type=Story) == story


def test_renumbered_entities_keep_the_fingerprint() -> None:
    corpus = _corpus()
    before = fingerprints(corpus)
    new_ids = {"e1": "e50", "e2": "e7", "e3": "e6"}  # entities elsewhere shifted the ids
    for e in corpus.entities:
        e.id = new_ids[e.id]
    for a in corpus.articles:
        for m in a.mentions:
            m.entity = new_ids[m.entity or ""]
        for c in a.claims:
            c.subject = new_ids[c.subject or ""]
    assert fingerprints(corpus) == before


def test_a_place_s_country_known_elsewhere_changes_the_stories_naming_it() -> None:
    corpus = _corpus()
    before = fingerprints(corpus)
    corpus.entities[1].within = "belarus"  # Brest, named in s1 only
    after = fingerprints(corpus)
    assert {s for s in before if before[s] != after[s]} == {"s1"}


@pytest.mark.parametrize(("sizes", "size", "expected"), [
    ([3, 1, 1, 4, 2], 4, [[3, 1], [1, 4], [2]]),
    ([9, 1], 4, [[9], [1]]),  # a story larger than a chunk is a chunk of its own
    ([1, 1, 1], 100, [[1, 1, 1]]),
    ([], 4, []),
])
def test_story_chunks_cut_stories_in_order_by_articles(
        sizes: list[int], size: int, expected: list[list[int]]) -> None:
    stories = [Story(id=f"s{i}", title="", articles=[f"a{i}-{k}" for k in range(n)])
               for i, n in enumerate(sizes)]
    chunks = list(story_chunks(stories, size))
    assert [[len(s.articles) for s in chunk] for chunk in chunks] == expected
    assert [s for chunk in chunks for s in chunk] == stories


def _results(corpus: Corpus) -> Corpus:
    """The corpus with per-story results and fingerprints, as a run saves them."""
    prints = fingerprints(corpus)
    for story in corpus.stories:
        story.fingerprint = prints[story.id]
    corpus.families = [Family(id="f1", articles=["a"], similarity=1.0, story="s1")]
    corpus.findings = [Finding(id="x1", kind="single_source", story="s2", summary="b only",
                               evidence=[], independent_sources=1),
                       Finding(id="x2", kind="conflict", story="s1", summary="a vs a",
                               evidence=[], independent_sources=2)]
    corpus.timeline = [TimelineEntry(date="2024-01-01", article="a", start=0, end=1,
                                     text="G", story="s1")]
    return corpus


def test_kept_results_come_by_fingerprint_from_memory_or_a_spilled_store(
        tmp_path: Path) -> None:
    corpus = _results(_corpus())
    s1, s2 = (s.fingerprint or "" for s in corpus.stories)
    with open_store(str(tmp_path / "t.db")) as store:
        store.add_articles(corpus.articles)
        store.save_results(corpus)
        with SpilledResults(store) as spilled:
            store.save_results(Corpus())  # the copy outlives the store's results
            for kept in (spilled, HeldResults(corpus)):
                got = kept.take([s2, "unknown", s1])
                assert set(got) == {s1, s2}
                assert [f.summary for f in got[s1].findings] == ["a vs a"]
                assert got[s1].families == corpus.families
                assert got[s1].timeline == corpus.timeline
                assert [f.id for f in got[s2].findings] == ["x1"] and not got[s2].families
                assert kept.take([]) == {}
            folder = spilled._dir.name
        assert not Path(folder).exists()  # the copy is gone once closed
