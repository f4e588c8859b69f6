"""What every store back-end must do. Runs once per back-end through the ``store`` fixture."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import msgspec
import pytest

from triangulate.errors import TriangulateError
from triangulate.model import Article, Corpus, Evidence, Finding, Story
from triangulate.store.base import Store

Opener = Callable[[], Store]


def _spans(article: Article) -> list[object]:
    """Every Span inside an article's annotations."""
    found: list[object] = []

    def walk(value: object) -> None:
        if isinstance(value, msgspec.Struct):
            if type(value).__name__ == "Span":
                found.append(value)
                return
            for name in value.__struct_fields__:
                walk(getattr(value, name))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in ("mentions", "quantities", "times", "quotes", "claims"):
        walk(getattr(article, name))
    return found


# ---- articles ----------------------------------------------------------------------


def test_annotated_article_round_trips(store: Store, article: Article) -> None:
    expected = msgspec.structs.replace(article)
    result = store.add_articles([article])
    assert result.added == [article.id] and not result.duplicates and not result.renamed
    loaded = store.get_article(article.id)
    assert loaded == expected
    assert loaded is not None and loaded.embedding == expected.embedding  # bit-exact floats
    assert store.get_articles([article.id]) == [expected]
    assert list(store.iter_articles()) == [expected]
    assert store.find_by_hash(article.content_hash) == article.id


def test_unknown_ids_are_skipped_and_order_is_kept(store: Store,
                                                   stored_articles: list[Article]) -> None:
    got = store.get_articles(["a3", "nope", "a1", "a3"])
    assert [a.id for a in got] == ["a3", "a1"]
    assert store.get_article("nope") is None
    assert store.find_by_hash("0" * 64) is None
    assert store.article_ids() == ["a1", "a2", "a3"]
    assert store.count_articles() == 3


def test_second_ingest_stores_nothing(store: Store, make_annotated: Callable[[str], Article]
                                      ) -> None:
    first = [make_annotated("a1"), Article(id="a2", text="Another report.")]
    assert store.add_articles(first).added == ["a1", "a2"]
    again = store.add_articles([make_annotated("a1"), Article(id="a2", text="Another report.")])
    assert again.added == [] and again.renamed == {}
    assert again.duplicates == {"a1": "a1", "a2": "a2"}
    assert store.count_articles() == 2


@pytest.mark.parametrize(("asked", "text"), [
    ("other-name", "Another report."),  # same content under another id
    ("a2", "Another   report.\n"),  # re-wrapped whitespace is the same content
])
def test_duplicate_maps_to_stored_id(store: Store, asked: str, text: str) -> None:
    store.add_articles([Article(id="a2", text="Another report.")])
    result = store.add_articles([Article(id=asked, text=text)])
    assert result.duplicates == {asked: "a2"} and result.added == []
    assert store.count_articles() == 1


def test_duplicate_inside_one_batch(store: Store) -> None:
    result = store.add_articles([Article(id="x", text="Same words."),
                                 Article(id="y", text="Same words.")])
    assert result.added == ["x"] and result.duplicates == {"y": "x"}
    assert store.count_articles() == 1


def test_id_taken_by_other_content_is_renamed(store: Store, make_annotated: Callable[[str], Article]
                                              ) -> None:
    store.add_articles([Article(id="a1", text="The first text.")])
    clash = make_annotated("a1")
    result = store.add_articles([clash])
    assert result.renamed == {"a1": "a1-2"} and result.added == ["a1-2"]
    assert clash.id == "a1-2"
    assert all(getattr(s, "article", None) == "a1-2" for s in _spans(clash))
    assert store.get_article("a1-2") == clash
    third = Article(id="a1", text="A third text.")
    assert store.add_articles([third]).renamed == {"a1": "a1-3"}
    assert store.get_article("a1") == Article(id="a1", text="The first text.")


def test_id_clash_inside_one_batch(store: Store) -> None:
    batch = [Article(id="a", text="One."), Article(id="a", text="Two."),
             Article(id="a-2", text="Three.")]
    result = store.add_articles(batch)
    # "a-2" is asked for later in the batch, so the renamed "a" does not take it
    assert [a.id for a in batch] == ["a", "a-3", "a-2"]
    assert result.renamed == {"a": "a-3"}
    assert store.count_articles() == 3


def test_many_articles_in_one_call(store: Store) -> None:
    batch = [Article(id=f"n{i}", text=f"Report number {i} of the day.") for i in range(3000)]
    assert len(store.add_articles(batch).added) == 3000
    again = store.add_articles(batch)
    assert len(again.duplicates) == 3000 and not again.added
    assert store.count_articles() == 3000
    assert [a.id for a in store.iter_articles(batch_size=7)][-3:] == ["n2997", "n2998", "n2999"]


def test_failed_add_stores_nothing(store: Store) -> None:
    bad = Article(id="bad", text="Broken embedding.")
    bad.embedding = b"odd"  # 3 bytes: no float32 vector has that length
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; the point is rollback
        store.add_articles([Article(id="ok", text="Fine text."), bad])
    assert store.count_articles() == 0
    assert store.add_articles([Article(id="ok", text="Fine text.")]).added == ["ok"]


def test_iter_articles_streams_in_insertion_order(store: Store) -> None:
    store.add_articles([Article(id=f"z{i}", text=f"Text {i}.") for i in range(10, 0, -1)])
    seen = []
    for a in store.iter_articles(batch_size=3):
        seen.append(a.id)
        assert store.count_articles() == 10  # the store stays usable while iterating
    assert seen == [f"z{i}" for i in range(10, 0, -1)]


def test_save_annotations_replaces_them(store: Store,
                                        make_annotated: Callable[[str], Article]) -> None:
    full = make_annotated("a1")
    store.add_articles([Article(id="a1", text=full.text, title=full.title, outlet=full.outlet,
                                published=full.published, url=full.url,
                                source_path=full.source_path, language=full.language)])
    store.save_annotations([full])
    assert store.get_article("a1") == full
    full.claims = []
    full.embedding = None
    store.save_annotations([full])
    loaded = store.get_article("a1")
    assert loaded is not None and loaded.claims == [] and loaded.embedding is None
    assert loaded == full


def test_save_annotations_of_unknown_article_fails_whole(store: Store,
                                                         stored_articles: list[Article]) -> None:
    changed = stored_articles[1]
    changed.annotated_by = ["sentences"]
    with pytest.raises(TriangulateError) as err:
        store.save_annotations([changed, Article(id="ghost", text="Not stored.")])
    assert err.value.code == "T105" and "ghost" in str(err.value)
    loaded = store.get_article(changed.id)
    assert loaded is not None and loaded.annotated_by == []


# ---- corpus-level results ----------------------------------------------------------


def test_corpus_round_trips(store: Store, stored_articles: list[Article],
                            make_corpus: Callable[..., Corpus]) -> None:
    corpus = make_corpus(stored_articles)
    store.save_results(corpus)
    assert store.load_results() == corpus
    partial = store.load_results(["a3", "a1"])
    assert [a.id for a in partial.articles] == ["a3", "a1"]
    assert partial.findings == corpus.findings and partial.timeline == corpus.timeline
    assert store.stories() == corpus.stories
    assert store.story("s2") == corpus.stories[1]
    assert store.story("nope") is None


def test_story_results_are_those_of_the_stories_asked(
        store: Store, stored_articles: list[Article],
        make_corpus: Callable[..., Corpus]) -> None:
    corpus = make_corpus(stored_articles)
    store.save_results(corpus)
    for asked in (["s2"], ["s2", "s1"], ["s1", "nope", "s1"]):
        got = store.story_results(asked)
        assert got.articles == [] and got.stories == [] and got.entities == []
        # each kind in saved order, whatever order the stories were asked in
        assert got.families == [f for f in corpus.families if f.story in asked]
        assert got.claim_groups == [g for g in corpus.claim_groups if g.story in asked]
        assert got.findings == [f for f in corpus.findings if f.story in asked]
        assert got.timeline == [t for t in corpus.timeline if t.story in asked]
    assert store.story_results([]) == Corpus()
    many = [f"x{n}" for n in range(1200)] + ["s1"]  # more than one statement's worth
    assert store.story_results(many).findings == store.findings(story="s1")


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_results_stream_in_saved_order(store: Store, stored_articles: list[Article],
                                       make_corpus: Callable[..., Corpus], batch: int) -> None:
    corpus = make_corpus(stored_articles)
    store.save_results(corpus)
    for part in ("entities", "stories", "families", "claim_groups", "findings", "timeline"):
        assert list(store.iter_results(part, batch_size=batch)) == getattr(corpus, part)
    with pytest.raises(ValueError, match="unknown result part"):
        next(store.iter_results("articles; DROP TABLE articles"))


def test_empty_store_loads_empty_corpus(store: Store) -> None:
    assert store.load_results() == Corpus()
    assert store.findings() == [] and store.stories() == []


def test_save_results_replaces_previous_set(store: Store, stored_articles: list[Article],
                                            make_corpus: Callable[..., Corpus]) -> None:
    store.save_results(make_corpus(stored_articles))
    second = make_corpus(stored_articles[1:], tag="-b")
    second.families = []
    store.save_results(second)
    assert store.load_results([a.id for a in stored_articles[1:]]) == second
    assert store.story("s1") is None and store.story("s1-b") is not None
    assert store.count_articles() == 3  # articles untouched


def test_save_results_with_annotations_is_one_write(store: Store,
                                                   stored_articles: list[Article],
                                                   make_corpus: Callable[..., Corpus]) -> None:
    corpus = make_corpus(stored_articles)
    for article in corpus.articles:
        article.language = "en"
        article.annotated_by = [*article.annotated_by, "linked"]
    store.save_results(corpus, with_annotations=True)
    loaded = store.load_results([a.id for a in stored_articles])
    assert loaded == corpus
    assert all(a.language == "en" and "linked" in a.annotated_by for a in loaded.articles)


@pytest.mark.parametrize(("kind", "story", "ids"), [
    (None, None, ["x1", "x2", "x3", "x4"]),
    ("conflict", None, ["x1", "x3"]),
    (None, "s2", ["x3", "x4"]),
    ("conflict", "s1", ["x1"]),
    ("single_source", "s2", []),
    ("no_such_kind", None, []),
])
def test_findings_filter(store: Store, stored_articles: list[Article],
                         make_corpus: Callable[..., Corpus], kind: str | None,
                         story: str | None, ids: list[str]) -> None:
    store.save_results(make_corpus(stored_articles))
    assert [f.id for f in store.findings(kind=kind, story=story)] == ids


def test_findings_come_in_pages_and_counts(store: Store, stored_articles: list[Article],
                                            make_corpus: Callable[..., Corpus]) -> None:
    store.save_results(make_corpus(stored_articles))
    assert [f.id for f in store.findings(offset=1, limit=2)] == ["x2", "x3"]
    assert [f.id for f in store.findings(offset=3)] == ["x4"]
    assert [f.id for f in store.findings(kind="conflict", limit=1)] == ["x1"]
    assert store.findings(offset=9) == [] and store.findings(limit=0) == []
    assert store.finding_counts() == {("s1", "conflict"): 1, ("s1", "single_source"): 1,
                                      ("s2", "conflict"): 1, ("s2", "anonymous_source"): 1}


def test_every_save_of_results_is_stamped(store: Store, stored_articles: list[Article],
                                          make_corpus: Callable[..., Corpus]) -> None:
    assert store.results_saved_at() is None
    store.save_results(make_corpus(stored_articles))
    first = store.results_saved_at()
    store.save_results(make_corpus(stored_articles))
    assert first is not None and store.results_saved_at() not in (None, first)


def test_entities_by_id_and_results_of_no_story(
        store: Store, stored_articles: list[Article],
        make_corpus: Callable[..., Corpus]) -> None:
    corpus = make_corpus(stored_articles)
    store.save_results(corpus)
    ids = [e.id for e in corpus.entities]
    assert store.entities([*reversed(ids), "nope", ids[0]]) == [
        *reversed(corpus.entities)]
    loose = store.story_results([None])  # the timeline entry saved without a story
    assert loose.timeline == [t for t in corpus.timeline if t.story is None]
    assert loose.timeline and not loose.findings
    both = store.story_results([None, "s1"])
    assert both.timeline == [t for t in corpus.timeline if t.story in (None, "s1")]


def test_failed_save_results_keeps_previous(store: Store, stored_articles: list[Article],
                                            make_corpus: Callable[..., Corpus]) -> None:
    before = make_corpus(stored_articles)
    store.save_results(before)
    broken = make_corpus(stored_articles, tag="-new")
    # the last finding cannot be serialised: stories, entities ... are written by then
    broken.findings.append(Finding(id="bad", kind="conflict", story="s1-new", summary="",
                                   evidence=[object()], independent_sources=0))  # type: ignore[list-item]
    with pytest.raises(Exception):  # noqa: B017 - whatever the back-end raises
        store.save_results(broken)
    assert store.load_results() == before


def test_story_of_unknown_article_is_refused(store: Store, stored_articles: list[Article],
                                             make_corpus: Callable[..., Corpus]) -> None:
    before = make_corpus(stored_articles)
    store.save_results(before)
    bad = make_corpus(stored_articles, tag="-2")
    bad.stories.append(Story(id="s-ghost", title="?", articles=["a1", "ghost"]))
    with pytest.raises(TriangulateError) as err:
        store.save_results(bad)
    assert err.value.code == "T105" and "ghost" in str(err.value)
    assert store.load_results() == before


# ---- lifetime ----------------------------------------------------------------------


def test_reads_inside_reading_see_one_state(open_store_again: Opener,
                                            stored_articles: list[Article],
                                            make_corpus: Callable[..., Corpus]) -> None:
    with open_store_again() as reader, open_store_again() as writer:
        before = make_corpus(stored_articles)
        writer.save_results(before)
        with reader.reading():
            first = [f.id for f in reader.iter_results("findings", batch_size=1)]
            writer.save_results(make_corpus(stored_articles, tag="-new"))  # another process
            assert [f.id for f in reader.iter_results("findings", batch_size=1)] == first
            assert reader.story("s1") is not None and reader.story("s1-new") is None
        assert reader.story("s1-new") is not None  # once out, the new state


def test_reopen_keeps_everything(open_store_again: Opener, make_annotated: Callable[[str], Article],
                                 make_corpus: Callable[..., Corpus]) -> None:
    articles = [make_annotated("a1"), Article(id="a2", text="Second report.", outlet="AP")]
    with open_store_again() as first:
        first.add_articles(articles)
        corpus = make_corpus(articles)
        first.save_results(corpus)
    with open_store_again() as second:
        assert second.load_results() == corpus
        assert second.add_articles([make_annotated("a1")]).duplicates == {"a1": "a1"}
        assert second.count_articles() == 2


def test_threads_share_one_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.add_articles([Article(id=f"t{n}-{i}", text=f"Thread {n} item {i}.")])
                store.get_articles([f"t{n}-{i}"])
                store.findings(kind="conflict")
                sum(1 for _ in store.iter_articles(batch_size=16))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count_articles() == 80


def test_evidence_keeps_claim_link(store: Store, stored_articles: list[Article],
                                   make_corpus: Callable[..., Corpus]) -> None:
    corpus = make_corpus(stored_articles)
    store.save_results(corpus)
    evidence = store.findings(kind="conflict", story="s1")[0].evidence
    assert evidence and isinstance(evidence[0], Evidence) and evidence[0].claim == "c1"


def test_empty_result_set_replaces_previous(store: Store, stored_articles: list[Article],
                                            make_corpus: Callable[..., Corpus]) -> None:
    store.save_results(make_corpus(stored_articles))
    store.save_results(Corpus())
    assert store.load_results() == Corpus(articles=stored_articles)
    assert store.get_articles([]) == [] and store.findings(story="s1") == []
    store.save_annotations([])
    assert store.add_articles([]).added == []


# ---- results saved a few stories at a time -----------------------------------------


def _in_parts(corpus: Corpus) -> list[Corpus]:
    """The per-story results of a corpus, one part per story, findings in no order."""
    parts = []
    for story in corpus.stories:
        parts.append(Corpus(
            families=[f for f in corpus.families if f.story == story.id],
            claim_groups=[g for g in corpus.claim_groups if g.story == story.id],
            findings=[f for f in reversed(corpus.findings) if f.story == story.id],
            timeline=[t for t in corpus.timeline if t.story == story.id]))
    return parts


def test_results_saved_in_parts_are_ranked_across_parts(
        store: Store, stored_articles: list[Article],
        make_corpus: Callable[..., Corpus]) -> None:
    whole = make_corpus(stored_articles)
    whole.timeline = [t for t in whole.timeline if t.story]
    parts = _in_parts(whole)
    parts[0].articles = [stored_articles[0]]  # annotations come with the parts
    stored_articles[0].language = "fr"
    head = Corpus(entities=whole.entities, stories=whole.stories)
    store.save_results(head, parts=iter(parts))
    loaded = store.load_results()
    # score first, then story, kind, summary, evidence; numbered from f1
    assert [(f.id, f.story, f.summary) for f in loaded.findings] == [
        ("f1", "s1", "12 vs 15 hurt"), ("f2", "s1", "one source"), ("f3", "s2", "anon"),
        ("f4", "s2", "road length")]
    assert loaded.families == whole.families and loaded.claim_groups == whole.claim_groups
    assert loaded.timeline == whole.timeline
    assert loaded.entities == whole.entities and loaded.stories == whole.stories
    assert store.get_articles(["a1"])[0].language == "fr"


def test_results_in_parts_that_fail_keep_the_previous(
        store: Store, stored_articles: list[Article],
        make_corpus: Callable[..., Corpus]) -> None:
    before = make_corpus(stored_articles)
    store.save_results(before)
    new = make_corpus(stored_articles, tag="-new")

    def parts() -> Iterator[Corpus]:
        first = _in_parts(new)[0]
        first.articles = [msgspec.structs.replace(stored_articles[0], language="xx")]
        yield first
        raise RuntimeError("the comparison failed half way")

    with pytest.raises(RuntimeError):
        store.save_results(Corpus(entities=new.entities, stories=new.stories), parts=parts())
    assert store.load_results() == before
    assert store.get_articles(["a1"])[0].language != "xx"
