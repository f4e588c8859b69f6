"""render_markdown: a terminal-readable summary with findings and their evidence."""

from __future__ import annotations

from typing import Any

from triangulate.model import Corpus
from triangulate.report import build_report, render_markdown


def test_summary_and_story(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    lines = md.splitlines()
    assert lines[0] == "# Triangulate report"
    assert lines[2].startswith("3 articles from 3 outlets in 1 story. 5 findings: 1 conflict, ")
    assert "## Story: Flooding in Marlow" in lines
    assert "- `gazette-1` Riverside Gazette — Flood forces 1,200 from homes in Marlow " \
           "(2024-12-03)" in lines


def test_findings_grouped_conflicts_first_with_evidence(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    heads = [line for line in md.splitlines() if line.startswith("### ")]
    assert heads[:5] == ["### Conflicts (1)", "### Single-source claims (1)",
                         "### Anonymous sources (1)", "### Sources cited by one outlet (1)",
                         "### Corroborated (1)"]
    assert "1. How many residents left Marlow: 1,200 or about 900. (2 independent sources)" in md
    assert "   > “1,200 residents” — `gazette-1` Riverside Gazette [19–34]" in md
    assert "   > “About 900 residents” — `courier-7` Daily Courier [0–19]" in md


def test_quotes_timeline_and_families(report: dict[str, Any]) -> None:
    md = render_markdown(report)
    assert "**Jane Ortiz** (2)" in md
    assert "- “We have never seen water this high” — told, `gazette-1` Riverside Gazette" in md
    assert "- 3 Dec 2024 — from their homes in Marlow on Tuesday" in md
    assert "- 19 Dec (year unknown) — Roads will reopen on Dec. 19" in md
    assert "- `courier-7` Daily Courier, `wire-3` Courier Wire — similarity 0.94" in md


def test_weird_text_never_breaks_the_layout(corpus: Corpus) -> None:
    a1 = corpus.articles[0]
    a1.title = "Line one\nLine two\r\n# not a heading"
    a1.outlet = "Out`let"
    corpus.findings[1].summary = "Two\n\nparagraphs"
    report = build_report(corpus)
    # a span that crosses a newline is shown on one line
    report["findings"][1]["evidence"][0]["text"] = "officials said.\nMayor Jane"
    md = render_markdown(report)
    assert "Line one Line two # not a heading" in md
    assert not any(line.startswith("# not") for line in md.splitlines())
    assert "> “officials said. Mayor Jane”" in md
    assert "1. Two paragraphs (2 independent sources)" in md


def test_no_stories_puts_everything_under_all_articles(corpus: Corpus) -> None:
    corpus.stories = []
    for finding in corpus.findings:
        finding.story = "unassigned"
    md = render_markdown(build_report(corpus))
    assert "## All articles" in md
    assert "### Conflicts (1)" in md
