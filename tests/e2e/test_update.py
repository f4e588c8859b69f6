"""Adding articles to a store: only the new ones are extracted, and the report for the
whole store equals one run over everything at once (real models, real SQLite)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from triangulate import analyze
from triangulate.model import Article, Corpus
from triangulate.pipeline import incremental
from triangulate.pipeline.registry import DEFAULT_CORPUS_STAGES, build_stage
from triangulate.pipeline.run import compare
from triangulate.report import validate_report
from triangulate.store import open_store


def _basil_articles(shared: Path, stories: int) -> list[Article]:
    """The articles of the first ``stories`` gold stories of BASIL dev, in file order."""
    gold = json.loads((shared / "eval" / "basil" / "basil-dev-stories.json").read_text())
    wanted = list(dict.fromkeys(gold.values()))[:stories]
    out = []
    with open(shared / "eval" / "basil" / "basil-dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if gold[r["id"]] in wanted:
                out.append(Article(id=r["id"], text=r["text"], title=r.get("title"),
                                   outlet=r.get("outlet"), published=r.get("published"),
                                   url=r.get("url")))
    return out


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    out = dict(report)
    out.pop("generated_at", None)
    return out


def _check_update_equals_full_run(articles: list[Article], split: int, tmp: Path
                                  ) -> list[str]:
    """Returns the ids of the stories the update compared again."""
    first, rest = articles[:split], articles[split:]
    db = tmp / "growing.db"
    before = analyze(first, db=str(db))
    assert before.annotated == len(first)

    after = analyze(rest, db=str(db), update=True)
    assert after.annotated == len(rest), "articles stored earlier were extracted again"
    assert after.added == len(rest)
    assert {a.id for a in after.corpus.articles} == {a.id for a in articles}
    new_ids = {a.id for a in rest}
    touched = {s.id for s in after.corpus.stories if new_ids & set(s.articles)}
    assert set(after.changed_stories) == touched, "new or grown stories are the ones " \
        "holding a new article"
    assert set(after.compared_stories) >= touched

    full = analyze(articles, db=str(tmp / "full.db"))
    updated = after.to_dict()
    validate_report(updated)
    assert _comparable(updated) == _comparable(full.to_dict())

    # without --update the report covers this run's inputs only, as before
    again = analyze(rest, db=str(db))
    assert again.annotated == 0
    assert {a.id for a in again.corpus.articles} == {a.id for a in rest}
    return after.compared_stories


def test_update_with_the_demo_corpus_equals_a_full_run(tmp_path: Path,
                                                       demo_articles: list[Article]) -> None:
    articles = demo_articles
    assert len(articles) >= 4
    _check_update_equals_full_run(articles, len(articles) // 2, tmp_path)


@pytest.mark.slow
def test_update_joins_new_reports_to_stored_stories(shared_dir: Path, tmp_path: Path) -> None:
    # four BASIL stories; the first run stops in the middle of the third, so the update
    # both grows a stored story and opens new ones
    articles = _basil_articles(shared_dir, 4)
    assert len(articles) == 12
    compared = _check_update_equals_full_run(articles, 7, tmp_path)
    assert len(compared) < 4, "the stored story no new report joined was compared again"


def test_update_with_nothing_new_compares_no_story(tmp_path: Path,
                                                   demo_articles: list[Article]) -> None:
    articles = demo_articles
    db = str(tmp_path / "same.db")
    first = analyze(articles, db=db)
    again = analyze([], db=db, update=True)
    assert again.compared_stories == []
    assert _comparable(again.to_dict()) == _comparable(first.to_dict())


def test_comparing_story_by_story_equals_comparing_all_at_once(
        shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the per-story stages see a few thousand articles at a time: their results must
    # equal those of the stages run over the whole corpus at once
    articles = _basil_articles(shared_dir, 4)
    db = str(tmp_path / "chunks.db")
    analyze(articles, db=db)
    with open_store(db) as store:
        stored = msgspec.msgpack.encode(store.load_results())

    def fresh() -> Corpus:
        corpus = msgspec.msgpack.decode(stored, type=Corpus)
        corpus.families, corpus.claim_groups, corpus.findings, corpus.timeline = [], [], [], []
        return corpus

    stages = ("families", "alignment", "findings")
    whole = fresh()
    for name in stages:
        whole = build_stage(name)(whole)
    assert len(whole.stories) >= 3 and whole.findings
    monkeypatch.setattr(incremental, "STORY_CHUNK", 1)  # every story a chunk of its own
    assert len(list(incremental.story_chunks(whole.stories))) == len(whole.stories)
    chunked, compared = incremental.compare_changed(fresh(), stages, None, lambda n: None)
    assert len(compared) == len(whole.stories)
    for part in ("families", "claim_groups", "findings", "timeline"):
        assert msgspec.json.encode(getattr(chunked, part)) == \
            msgspec.json.encode(getattr(whole, part)), part


def test_a_comparison_streamed_from_the_store_equals_one_in_memory(
        shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the store's articles read a few at a time and let go between passes, results
    # written a few stories at a time, give what the same articles held in memory give
    articles = _basil_articles(shared_dir, 4)
    db = str(tmp_path / "stream.db")
    analyze(articles, db=db)
    monkeypatch.setattr(incremental, "STORY_CHUNK", 2)
    monkeypatch.setattr(incremental.StoredArticles, "__init__",
                        _small_batches(incremental.StoredArticles.__init__))
    ids = [a.id for a in articles]
    with open_store(db) as store:
        held, _ = incremental.compare_changed(Corpus(articles=store.get_articles(ids)),
                                              DEFAULT_CORPUS_STAGES, None, lambda n: None)
        compare(store, ids, DEFAULT_CORPUS_STAGES, _Quiet())
        streamed = store.load_results(ids)
    assert len(streamed.stories) >= 3 and streamed.findings
    for part in ("entities", "stories", "families", "claim_groups", "findings", "timeline",
                 "articles"):
        assert msgspec.json.encode(getattr(streamed, part)) == \
            msgspec.json.encode(getattr(held, part)), part


def _small_batches(init: Any) -> Any:
    def small(self: Any, store: Any, ids: list[str], batch: int = 3) -> None:
        init(self, store, ids, batch=3)
    return small


class _Quiet:
    def task(self, label: str, total: int | None) -> Any:
        return lambda n: None
