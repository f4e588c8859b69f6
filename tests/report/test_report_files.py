"""The report written straight from a store: the same JSON as one built in memory, and
pages that draw the top stories of a run too large to draw whole."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from triangulate.model import Corpus, Finding, Story
from triangulate.report import build_report, render_html, render_markdown, validate_report
from triangulate.report.files import _top_stories, write_from_store
from triangulate.store import open_store
from triangulate.store.base import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "t.db")) as opened:
        yield opened


def _save(store: Store, corpus: Corpus) -> list[str]:
    store.add_articles(corpus.articles)
    store.save_results(corpus)
    return [a.id for a in corpus.articles]


def _two_stories(corpus: Corpus) -> Corpus:
    """The flood corpus as two stories: the Gazette's report, and the Courier's two."""
    corpus.stories = [Story(id="s1", title="Marlow flood, the Gazette", articles=["gazette-1"]),
                      Story(id="s2", title="Marlow flood, the Courier",
                            articles=["courier-7", "wire-3"])]
    for finding in corpus.findings:
        if all(e.article != "gazette-1" for e in finding.evidence):
            finding.story = "s2"
    for family in corpus.families:
        family.story = "s2"
    return corpus


def _when(report: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(report["generated_at"])


def test_json_from_the_store_is_the_report_built_in_memory(
        store: Store, tmp_path: Path, corpus: Corpus, report: dict[str, Any]) -> None:
    ids = _save(store, corpus)
    written = write_from_store(store, ids, tmp_path / "out", _when(report))
    text = written.paths["json"].read_text(encoding="utf-8")
    assert text == json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    validate_report(json.loads(text))
    # a run this small is drawn whole, as from the report in memory
    assert written.paths["markdown"].read_text(encoding="utf-8") == render_markdown(report)
    assert written.paths["html"].read_text(encoding="utf-8") == render_html(report)
    kinds = {f"findings.{f['kind']}" for f in report["findings"]}
    assert written.counts == {**{part: len(report[part]) for part in (
        "articles", "stories", "families", "entities", "quotes", "claims", "findings",
        "timeline", "claim_groups")}, **{kind: 1 for kind in kinds}}
    assert not list((tmp_path / "out").glob(".*.tmp"))  # written beside, then renamed


def test_an_empty_run_writes_an_empty_report(store: Store, tmp_path: Path) -> None:
    when = datetime.fromisoformat("2024-12-20T09:30:00+00:00")
    written = write_from_store(store, [], tmp_path / "out", when)
    report = build_report(Corpus(), when)
    assert written.paths["json"].read_text(encoding="utf-8") == json.dumps(
        report, ensure_ascii=False, indent=2) + "\n"
    assert written.counts["articles"] == 0 and written.counts["findings"] == 0


def test_a_run_larger_than_the_page_draws_its_top_stories(
        store: Store, tmp_path: Path, corpus: Corpus, parse: Callable[[str], Any]) -> None:
    ids = _save(store, _two_stories(corpus))
    written = write_from_store(store, ids, tmp_path / "out", budget=2)
    whole = json.loads(written.paths["json"].read_text(encoding="utf-8"))
    assert len(whole["articles"]) == 3 and len(whole["stories"]) == 2  # the JSON has all
    # s1 holds the best-ranked finding; s2 (two articles) would pass the budget of two
    md = written.paths["markdown"].read_text(encoding="utf-8")
    assert "This page shows 1 of 2 stories (1 of 3 articles)" in md
    assert "Marlow flood, the Gazette" in md and "Marlow flood, the Courier" not in md
    page = parse(written.paths["html"].read_text(encoding="utf-8"))
    shown = " ".join(page.text)
    assert "This page shows 1 of 2 stories" in shown
    assert "Marlow flood, the Gazette" in shown and "Marlow flood, the Courier" not in shown
    assert not page.errors
    # with room for both, the pages draw everything and say nothing of a digest
    again = write_from_store(store, ids, tmp_path / "all", budget=3)
    assert "This page shows" not in again.paths["markdown"].read_text(encoding="utf-8")


def test_a_failed_write_leaves_no_partial_file(store: Store, tmp_path: Path,
                                              corpus: Corpus,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _save(store, corpus)
    write_from_store(store, ids, tmp_path / "out")
    before = (tmp_path / "out" / "report.json").read_bytes()

    def broken(part: str, batch_size: int = 1000) -> Iterator[Any]:
        raise RuntimeError("the store went away")

    monkeypatch.setattr(store, "iter_results", broken)
    with pytest.raises(RuntimeError):
        write_from_store(store, ids, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "report.html", "report.json", "report.md"]
    assert (tmp_path / "out" / "report.json").read_bytes() == before  # the last one kept


def _finding(story: str) -> Finding:
    return Finding(id="x", kind="conflict", story=story, summary="", evidence=[],
                   independent_sources=2)


def test_top_stories_follow_the_ranked_findings_then_story_order() -> None:
    stories = {sid: Story(id=sid, title=sid, articles=[f"{sid}-{n}" for n in range(size)])
               for sid, size in (("s1", 2), ("s2", 5), ("s3", 1), ("s4", 2))}
    ranked = [_finding(s) for s in ("s3", "s2", "s3", "s1", "gone")]
    assert _top_stories(ranked, stories, budget=4) == ["s3", "s1"]  # s2 does not fit
    assert _top_stories(ranked, stories, budget=5) == ["s3", "s1", "s4"]  # filled in order
    assert _top_stories([_finding("s2")], stories, budget=3) == ["s2"]  # the first always
    assert _top_stories([], stories, budget=3) == ["s1", "s3"]
