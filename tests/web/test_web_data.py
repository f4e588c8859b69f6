"""The read side: story slices, summaries, and noticing when the store's results change."""

from __future__ import annotations

from conftest import HOSTILE_ID, make_corpus

from triangulate.model import Finding, Story
from triangulate.store import open_store
from triangulate.web.data import StoreView


def test_story_corpus_is_the_story_and_nothing_else(db: str) -> None:
    with open_store(db) as store:
        view = StoreView(store)
        corpus = view.story_corpus("s1")
        assert corpus is not None
        assert [a.id for a in corpus.articles] == ["gazette-1", HOSTILE_ID]
        assert [f.id for f in corpus.findings] == ["f-conflict", "f-single", "f-anon"]
        assert [g.id for g in corpus.claim_groups] == ["g1"]
        assert [e.id for e in corpus.entities] == ["e-ortiz"]
        assert view.story_corpus("nope") is None


def test_summaries_count_outlets_conflicts_and_single_sources(db: str) -> None:
    with open_store(db) as store:
        summaries, total = StoreView(store).summaries()
    assert total == 1
    one = summaries[0]
    assert (one.articles, one.outlets, one.conflicts, one.single_source, one.findings) == \
        (2, 2, 1, 1, 3)


def test_new_results_are_seen_after_invalidate_or_a_recheck(db: str) -> None:
    with open_store(db) as store:
        view = StoreView(store, recheck_seconds=3600)
        assert view.findings()[1] == 3
        corpus = make_corpus()
        corpus.stories.append(Story(id="s2", title="Second", articles=["gazette-1"]))
        corpus.findings.append(Finding(id="f-new", kind="conflict", story="s2", summary="new",
                                       evidence=[], independent_sources=2))
        store.save_results(corpus)
        assert view.findings()[1] == 3  # within the recheck interval, the snapshot holds
        view.invalidate()
        assert [f.id for f in view.findings(kind="conflict")[0]] == ["f-conflict", "f-new"]
        assert [s.id for s in view.stories_of("gazette-1")] == ["s1", "s2"]

        eager = StoreView(store, recheck_seconds=0)
        assert eager.findings()[1] == 4
        corpus.stories.pop()
        corpus.findings.pop()
        store.save_results(corpus)  # another process's run: stories changed
        assert eager.findings()[1] == 3


def test_new_findings_in_the_same_stories_are_seen(db: str) -> None:
    with open_store(db) as store:
        view = StoreView(store, recheck_seconds=0)
        assert view.kinds().get("conflict") == 1
        corpus = make_corpus()  # the same stories, one more conflict
        corpus.findings.append(Finding(id="f-more", kind="conflict", story="s1",
                                       summary="more", evidence=[], independent_sources=2))
        store.save_results(corpus)
        assert view.kinds()["conflict"] == 2
        assert view.summaries()[0][0].conflicts == 2
