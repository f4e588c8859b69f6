"""Smoke test on the five real seed reports: real text renders into a valid report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from triangulate.model import Article, Corpus, Evidence, Finding, Story, normalise_text
from triangulate.report import build_report, render_html, render_markdown, validate_report


def test_seed_reports_render(seeds_dir: Path, parse: Callable[[str], Any]) -> None:
    articles = [Article(id=p.stem, text=normalise_text(p.read_text(encoding="utf-8")),
                        source_path=str(p))
                for p in sorted(seeds_dir.glob("*.txt"))]
    assert articles
    findings = []
    for i, article in enumerate(articles):
        # the first line of each report stands in for a finding's evidence
        first = article.text.split("\n", 1)[0]
        middle = article.span(len(first) // 3, len(first) // 2)
        findings.append(Finding(id=f"f{i}", kind="single_source", story="s1",
                                summary=f"Only {article.id} says this.",
                                evidence=[Evidence.of(middle)], independent_sources=1))
    corpus = Corpus(articles=articles, findings=findings,
                    stories=[Story(id="s1", title="Seeds", articles=[a.id for a in articles])])
    report = build_report(corpus)
    validate_report(report)
    html = render_html(report)
    page = parse(html)
    assert page.errors == [] and page.stack == []
    assert {h[1:] for h in page.hrefs if h.startswith("#")} <= set(page.ids)
    assert render_markdown(report).count("   > “") == len(articles)
