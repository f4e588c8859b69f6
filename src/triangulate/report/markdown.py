"""The report as Markdown that also reads well as plain text in a terminal."""

from __future__ import annotations

from typing import Any

from triangulate.report.view import (
    KIND_ORDER,
    StoryView,
    article_label,
    by_kind,
    by_speaker,
    count_of,
    digest_note,
    entity_names,
    human_date,
    kind_label,
    one_line,
    outlet_of,
    story_views,
)

Json = dict[str, Any]


def render_markdown(report: Json) -> str:
    articles = {a["id"]: a for a in report["articles"]}
    names = entity_names(report)
    views = story_views(report)
    lines = ["# Triangulate report", "", _summary(report, views),
             f"Generated {report['generated_at']}."]
    if report.get("digest"):
        lines += ["", f"> {digest_note(report['digest'])}"]
    for view in views:
        lines += _story(view, articles, names)
    lines += _families(report["families"], articles)
    return "\n".join(lines).rstrip() + "\n"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _code(text: str) -> str:
    """Inline code that survives backticks inside ``text``."""
    text = one_line(text)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _summary(report: Json, views: list[StoryView]) -> str:
    outlets = {a["outlet"] for a in report["articles"] if a.get("outlet")}
    stories = len(report["stories"])
    head = (f"{_plural(len(report['articles']), 'article')} from "
            f"{_plural(len(outlets), 'outlet')} in {_plural(stories, 'story', 'stories')}")
    totals = [(kind, sum(v.count(kind) for v in views)) for kind in KIND_ORDER]
    counts = ", ".join(count_of(kind, n) for kind, n in totals if n)
    findings = _plural(len(report["findings"]), "finding")
    return f"{head}. {findings}: {counts}." if counts else f"{head}. {findings}."


def _article_line(article: Json) -> str:
    parts = [_code(article["id"])]
    if outlet_of(article):
        parts.append(outlet_of(article))
    parts.append(f"— {one_line(article.get('title')) or '(untitled)'}")
    if article.get("published"):
        parts.append(f"({article['published']})")
    return "- " + " ".join(parts)


def _cite(article_id: str, articles: dict[str, Json]) -> str:
    article = articles.get(article_id)
    label = article_label(article, article_id)
    return _code(article_id) if label == article_id else f"{_code(article_id)} {label}"


def _story(view: StoryView, articles: dict[str, Json], names: dict[str, str]) -> list[str]:
    title = one_line(view.title) or "(untitled story)"
    lines = ["", f"## {title}" if view.id is None else f"## Story: {title}", "",
             f"{_plural(len(view.articles), 'article')}, {_plural(len(view.outlets), 'outlet')}: "
             f"{count_of('conflict', view.count('conflict'))}, "
             f"{count_of('single_source', view.count('single_source'))}.", ""]
    lines += [_article_line(a) for a in view.articles]
    for kind, findings in by_kind(view.findings):
        lines += ["", f"### {kind_label(kind, plural=True)} ({len(findings)})", ""]
        for n, finding in enumerate(findings, 1):
            lines += _finding(n, finding, articles)
    if view.quotes:
        lines += ["", "### Quotes by speaker"]
        for speaker, quotes in by_speaker(view.quotes, names):
            lines += ["", f"**{speaker}** ({len(quotes)})"]
            for q in quotes:
                how = one_line(q.get("cue")) or ("quoted" if q.get("kind") == "direct" else "")
                lines.append(f"- “{one_line(q['text'])}” — "
                             + (f"{how}, " if how else "") + _cite(q["article"], articles))
    if view.timeline:
        lines += ["", "### Timeline", ""]
        for t in view.timeline:
            lines.append(f"- {human_date(t['date'])} — {one_line(t['text'])} "
                         f"({_cite(t['article'], articles)})")
    return lines


def _finding(n: int, finding: Json, articles: dict[str, Json]) -> list[str]:
    sources = _plural(finding["independent_sources"], "independent source")
    lines = [f"{n}. {one_line(finding['summary'])} ({sources})"]
    for ev in finding["evidence"]:
        lines.append(f"   > “{one_line(ev['text'])}” — {_cite(ev['article'], articles)} "
                     f"[{ev['start']}–{ev['end']}]")
    return lines


def _families(families: list[Json], articles: dict[str, Json]) -> list[str]:
    if not families:
        return []
    lines = ["", "## Families of copies and rewrites", "",
             "Articles in one family are not independent sources.", ""]
    for family in families:
        members = ", ".join(_cite(a, articles) for a in family["articles"])
        lines.append(f"- {members} — similarity {family['similarity']:.2f}")
    return lines
