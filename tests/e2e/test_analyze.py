"""End to end on real inputs: the seeds, BASIL dev, the demo corpus; real models, real SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triangulate import analyze, analyze_to
from triangulate.report import validate_report


def _check_spans(report: dict) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for part in ("quotes", "claims", "timeline"):
        for item in report[part]:
            assert texts[item["article"]][item["start"]:item["end"]] == item["text"]
    for f in report["findings"]:
        assert f["evidence"], f
        for e in f["evidence"]:
            assert texts[e["article"]][e["start"]:e["end"]] == e["text"]


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("seeds") / "t.db"
    return analyze([seeds_dir], db=str(db)).to_dict()


def test_seeds_make_one_story_with_findings(seeds_report: dict) -> None:
    validate_report(seeds_report)
    _check_spans(seeds_report)
    ids = sorted(a["id"] for a in seeds_report["articles"])
    assert len(ids) == 5 and all(i[:3].isdigit() for i in ids)  # ids are the file stems
    assert len(seeds_report["stories"]) == 1
    assert sorted(seeds_report["stories"][0]["articles"]) == ids
    kinds = {f["kind"] for f in seeds_report["findings"]}
    assert {"conflict", "corroborated", "anonymous_source"} <= kinds
    assert seeds_report["quotes"] and all(q["speaker"] for q in seeds_report["quotes"][:3])
    multi = [e for e in seeds_report["entities"] if len(e["articles"]) >= 3]
    assert multi, "entities mentioned across articles are merged"


def test_seeds_range_conflict_is_found(seeds_report: dict) -> None:
    """Vague magnitudes and category words against each other are a conflict."""
    conflicts = [f for f in seeds_report["findings"] if f["kind"] == "conflict"]
    assert any(len({e["article"] for e in f["evidence"]}) >= 2 and "kilomet" in f["summary"]
               for f in conflicts), [f["summary"] for f in conflicts]


def test_seeds_sources_quoted_by_several_reports_are_not_unverified(seeds_report: dict) -> None:
    """A speaker written as "who" is linked to its entity like any other mention."""
    quoted_in: dict[str, set[str]] = {}
    for q in seeds_report["quotes"]:
        if q["speaker_entity"]:
            quoted_in.setdefault(q["speaker_entity"], set()).add(q["article"])
    names = {a for e in seeds_report["entities"] if len(quoted_in.get(e["id"], ())) > 1
             for a in [e["name"], *e["aliases"]] if " " in a}
    unverified = [f["summary"] for f in seeds_report["findings"]
                  if f["kind"] == "unverified_source"]
    assert names and unverified
    assert not [s for s in unverified if any(s.startswith(n) for n in names)], unverified


def test_seeds_single_source_figures(seeds_report: dict) -> None:
    """Figures no other report gives, each about its own thing, stand alone."""
    singles = " ".join(f["summary"] for f in seeds_report["findings"]
                       if f["kind"] == "single_source")
    assert "'up to 300 kilometers'" in singles and "'one machine'" in singles, singles


def test_report_written_from_the_store_equals_the_one_in_memory(
        seeds_dir: Path, seeds_report: dict, tmp_path: Path) -> None:
    written = analyze_to([seeds_dir], tmp_path / "out", db=str(tmp_path / "to.db"))
    data = json.loads(written.paths["json"].read_text(encoding="utf-8"))
    validate_report(data)
    assert {**data, "generated_at": None} == {**seeds_report, "generated_at": None}
    assert written.counts["articles"] == 5 and written.added == 5 and not written.errors
    assert written.counts["findings"] == len(seeds_report["findings"])
    assert "This page shows" not in written.paths["markdown"].read_text(encoding="utf-8")


def test_second_run_stores_nothing_new(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "again.db")
    first = analyze([seeds_dir], db=db)
    second = analyze([seeds_dir], db=db)
    assert first.added == 5 and second.added == 0 and second.duplicates == 5
    assert second.annotated == 0  # nothing re-extracted
    assert len(second.to_dict()["findings"]) == len(first.to_dict()["findings"])


def test_basil_dev_end_to_end(shared_dir: Path, tmp_path: Path) -> None:
    path = shared_dir / "eval" / "basil" / "basil-dev.jsonl"
    report = analyze([path], db=str(tmp_path / "basil.db"))
    data = report.to_dict()
    validate_report(data)
    _check_spans(data)
    assert len(data["articles"]) == 180
    gold = json.loads((shared_dir / "eval" / "basil" / "basil-dev-stories.json").read_text())
    n_gold = len(set(gold.values()))
    assert 0.8 * n_gold <= len(data["stories"]) <= 1.25 * n_gold
    frames = report.frames
    assert len(frames["articles"]) == 180 and "kind" in frames["findings"].columns


def test_demo_corpus_reads_as_designed(tmp_path: Path) -> None:
    from importlib import resources

    folder = resources.files("triangulate") / "demo" / "articles"
    with resources.as_file(folder) as path:
        report = analyze([path], db=str(tmp_path / "demo.db"))
    data = report.to_dict()
    validate_report(data)
    _check_spans(data)
    assert len(data["stories"]) == 1
    assert data["families"], "the rewritten wire copy forms a family"
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds[0] == "conflict", "conflicts rank first"
    summaries = " ".join(f["summary"] for f in data["findings"] if f["kind"] == "conflict")
    assert "4,000" in summaries and "1,200" in summaries
    assert "quoted in different words" in summaries  # the governor's two wordings
    assert "anonymous_source" in kinds and "unverified_source" in kinds
