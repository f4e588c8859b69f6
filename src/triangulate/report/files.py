"""Writing the report files: from a report in memory, or straight from a store, so that
no run holds its corpus to report it.

From a store, ``report.json`` is written a part at a time: articles (with their quotes and claims
spooled to temporary files, which follow in the contract's order) a few hundred at a
time, the other parts paged from the store. It is the same text as
:func:`~triangulate.report.build.build_report` dumped whole (tests/report/test_report_files.py).

``report.md`` and ``report.html`` are pages for a person: a run of up to
:data:`PAGE_ARTICLES` articles is drawn whole; a larger one draws the stories with the
highest-ranked findings up to that many articles and says what it left out (the JSON
and ``triangulate serve`` have everything).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from msgspec import Struct

from triangulate.errors import Err, TriangulateError
from triangulate.model import Corpus, Entity, Finding, Story
from triangulate.report.build import (
    REPORT_VERSION,
    build_report,
    by_offset,
    part_json,
    stamp_of,
)
from triangulate.report.html import render_html
from triangulate.report.markdown import render_markdown
from triangulate.store.base import SAVE_BATCH, Store, batches_of

Json = dict[str, Any]
# articles drawn in report.md / report.html (BASIL's draw some 40 KB of page each)
PAGE_ARTICLES = 500
# the result parts after the articles' own, in the contract's order
_PAGED = ("findings", "timeline", "claim_groups")


class ReportFiles(Struct, kw_only=True):
    """The files :func:`write_from_store` wrote (``api.Written`` adds what the run did)."""

    paths: dict[str, Path]
    counts: dict[str, int]  # items of each report part, and findings.<kind>


class _JsonList:
    """The items of one JSON list, written as ``json.dumps(..., indent=2)`` writes
    them two levels deep."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.n = out, 0

    def add(self, item: Json) -> None:
        text = json.dumps(item, ensure_ascii=False, indent=2, allow_nan=False)
        self.out.write(",\n" if self.n else "\n")
        self.out.write("\n".join("    " + line for line in text.split("\n")))
        self.n += 1


def _open_part(out: TextIO, name: str) -> _JsonList:
    out.write(f',\n  "{name}": [')
    return _JsonList(out)


def _close_part(part: _JsonList) -> None:
    part.out.write("\n  ]" if part.n else "]")


def write_json(store: Store, ids: list[str], path: Path, generated_at: str) -> dict[str, int]:
    """``report.json`` for the stored articles ``ids`` and the store's results; returns
    how many items each part has. Written beside ``path`` and renamed into place."""
    counts: dict[str, int] = {}
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        _write_parts(store, ids, tmp, generated_at, counts)
        os.replace(tmp, path)
    except BaseException:  # a failed or interrupted run leaves no partial file
        tmp.unlink(missing_ok=True)
        raise
    return counts


def _write_parts(store: Store, ids: list[str], tmp: Path, generated_at: str,
                 counts: dict[str, int]) -> None:
    with (tmp.open("w", encoding="utf-8") as out,
          tempfile.TemporaryFile("w+", encoding="utf-8") as quotes_file,
          tempfile.TemporaryFile("w+", encoding="utf-8") as claims_file):
        out.write('{\n  "version": ' + json.dumps(REPORT_VERSION)
                  + ',\n  "generated_at": ' + json.dumps(generated_at))
        articles = _open_part(out, "articles")
        quotes, claims = _JsonList(quotes_file), _JsonList(claims_file)
        for batch in batches_of(dict.fromkeys(ids), SAVE_BATCH):
            for article in store.get_articles(batch, share=False):
                articles.add(part_json("articles", article))
                for quote in by_offset(article.quotes):
                    quotes.add(part_json("quotes", quote))
                for claim in by_offset(article.claims):
                    claims.add(part_json("claims", claim))
        _close_part(articles)
        counts["articles"] = articles.n
        for name in ("stories", "families", "entities"):
            counts[name] = _paged(store, out, name)
        for name, spooled, part in (("quotes", quotes_file, quotes),
                                    ("claims", claims_file, claims)):
            out.write(f',\n  "{name}": [')
            spooled.seek(0)
            shutil.copyfileobj(spooled, out)
            out.write("\n  ]" if part.n else "]")
            counts[name] = part.n
        for name in _PAGED:
            counts[name] = _paged(store, out, name, counts if name == "findings" else None)
        out.write("\n}\n")


def _paged(store: Store, out: TextIO, name: str, kinds: dict[str, int] | None = None) -> int:
    part = _open_part(out, name)
    for row in store.iter_results(name):
        part.add(part_json(name, row))
        if kinds is not None:
            key = f"findings.{row.kind}"
            kinds[key] = kinds.get(key, 0) + 1
    _close_part(part)
    return part.n


def page_report(store: Store, ids: list[str], generated_at: datetime | None = None,
                budget: int = PAGE_ARTICLES) -> Json:
    """The report the pages draw: the whole run's, or for a run of more than ``budget``
    articles its highest-ranked stories, with a ``digest`` entry saying what is left out."""
    if len(ids) <= budget:
        return build_report(store.load_results(ids), generated_at)
    run = set(ids)
    stories = {s.id: s for s in store.iter_results("stories")}
    chosen = _top_stories(store.iter_results("findings"), stories, budget)
    members = {a for sid in chosen for a in stories[sid].articles if a in run}
    results = store.story_results(chosen)
    shown = set(chosen)
    corpus = Corpus(
        articles=store.get_articles([a for a in ids if a in members], share=False),
        entities=[e for e in store.iter_results("entities") if _names_any(e, members)],
        stories=[story for sid, story in stories.items() if sid in shown],
        families=results.families, claim_groups=results.claim_groups,
        findings=results.findings, timeline=results.timeline)
    report = build_report(corpus, generated_at)
    report["digest"] = {"stories": len(chosen), "stories_total": len(stories),
                        "articles": len(members), "articles_total": len(run)}
    return report


def _top_stories(findings: Iterable[Finding], stories: dict[str, Story],
                 budget: int) -> list[str]:
    """Stories in the order of their best-ranked finding, then in story order, while
    their articles fit in ``budget`` (the first one always does)."""
    chosen: dict[str, None] = {}
    used = 0

    def take(story: Story) -> bool:
        nonlocal used
        if story.id in chosen or (chosen and used + len(story.articles) > budget):
            return used < budget
        chosen[story.id] = None
        used += len(story.articles)
        return used < budget

    for finding in findings:
        story = stories.get(finding.story)
        if story is not None and not take(story):
            return list(chosen)
    for story in stories.values():
        if not take(story):
            break
    return list(chosen)


def _names_any(entity: Entity, articles: set[str]) -> bool:
    return any(a in articles for a in entity.articles)


def write_from_store(store: Store, ids: list[str], out_dir: Path,
                     generated_at: datetime | None = None,
                     budget: int = PAGE_ARTICLES) -> ReportFiles:
    """Write report.json, report.md and report.html for the stored articles ``ids``
    into ``out_dir`` (created if needed), holding at most ``budget`` articles."""
    paths = report_paths(out_dir)
    when = generated_at or datetime.now(UTC)  # one time for the three files
    stamp = stamp_of(when)
    # one state of the store for all three files, whatever another process saves
    with store.reading():
        try:
            counts = write_json(store, ids, paths["json"], stamp)
        except OSError as exc:
            raise _cannot_write(paths["json"], exc) from exc
        page = page_report(store, ids, when, budget)
    replace_file(paths["markdown"], render_markdown(page))
    replace_file(paths["html"], render_html(page))
    return ReportFiles(paths=paths, counts=counts)


def report_paths(out_dir: Path) -> dict[str, Path]:
    """The three report files in ``out_dir``, created if needed (a run checks this
    before its work, so an unwritable folder costs nothing)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from exc
    return {"json": out_dir / "report.json", "markdown": out_dir / "report.md",
            "html": out_dir / "report.html"}


def _cannot_write(path: Path, exc: OSError) -> TriangulateError:
    return TriangulateError(Err.REPORT_WRITE, path=str(path),
                            detail=exc.strerror or type(exc).__name__)


def write_report(report: Json, out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html for a report in memory into
    ``out_dir`` (created if needed), as given; callers validate it first where needed."""
    paths = report_paths(out_dir)
    # allow_nan=False: NaN is not JSON, and other readers of the contract would reject it
    text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False)
    replace_file(paths["json"], text + "\n")
    replace_file(paths["markdown"], render_markdown(report))
    replace_file(paths["html"], render_html(report))
    return paths


def replace_file(path: Path, text: str) -> None:
    """Write beside the target, then rename: a killed run never leaves half a report."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc
