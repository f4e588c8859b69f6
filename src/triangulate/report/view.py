"""The report arranged for reading: by story, findings by kind, quotes by speaker.

Markdown and HTML renderers share this so both tell the same story in the same order.
Everything here reads the report's JSON only, never the data model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

# the order a reader wants: disagreements first, then what rests on thin sourcing
KIND_ORDER = ("conflict", "single_source", "anonymous_source", "unverified_source",
              "corroborated")
KIND_LABELS = {
    "conflict": ("Conflict", "Conflicts"),
    "single_source": ("Single source", "Single-source claims"),
    "anonymous_source": ("Anonymous source", "Anonymous sources"),
    "unverified_source": ("Unverified source", "Sources cited by one outlet"),
    "corroborated": ("Corroborated", "Corroborated"),
}
# how a count of findings of each kind reads in a sentence: "2 conflicts"
_COUNT_NOUNS = {
    "conflict": ("conflict", "conflicts"),
    "single_source": ("single-source claim", "single-source claims"),
    "anonymous_source": ("anonymously sourced claim", "anonymously sourced claims"),
    "unverified_source": ("source cited by one outlet", "sources cited by one outlet"),
    "corroborated": ("corroborated claim", "corroborated claims"),
}
UNATTRIBUTED = "Unattributed"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")
_SPACE = re.compile(r"\s+")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTH_DAY = re.compile(r"--(\d{2})(?:-(\d{2}))?")


@dataclass
class StoryView:
    """One story with everything about it; ``id`` is None for articles in no story."""

    id: str | None
    title: str
    articles: list[Json]
    findings: list[Json] = field(default_factory=list)
    quotes: list[Json] = field(default_factory=list)
    timeline: list[Json] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return sorted({a["outlet"] for a in self.articles if a.get("outlet")})

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f["kind"] == kind)


def one_line(text: str | None) -> str:
    """Text on one line: newlines and runs of spaces in a span must not break a layout."""
    return _SPACE.sub(" ", text or "").strip()


def kind_label(kind: str, plural: bool = False) -> str:
    if kind in KIND_LABELS:
        return KIND_LABELS[kind][1 if plural else 0]
    return kind.replace("_", " ").capitalize()


def count_of(kind: str, n: int) -> str:
    """``n`` findings of ``kind`` as words: "1 conflict", "3 single-source claims"."""
    one, many = _COUNT_NOUNS.get(kind, (kind_label(kind).lower(), kind_label(kind).lower()))
    return f"{n} {one if n == 1 else many}"


def kind_rank(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind), "") if kind in KIND_ORDER else (len(KIND_ORDER), kind)


def by_kind(findings: list[Json]) -> list[tuple[str, list[Json]]]:
    """Findings grouped by kind, conflicts first; each group keeps the report's ranking."""
    groups: dict[str, list[Json]] = {}
    for finding in findings:
        groups.setdefault(finding["kind"], []).append(finding)
    return [(kind, groups[kind]) for kind in sorted(groups, key=kind_rank)]


def date_key(date: str) -> tuple[int, str]:
    """Dates with a year first, in calendar order; dates without a year after them."""
    return (0 if date[:1].isdigit() else 1, date)


def human_date(date: str) -> str:
    """``2024-12-06`` -> ``6 Dec 2024``; ``--12-19`` -> ``19 Dec (year unknown)``."""
    if m := _YEAR_MONTH_DAY.fullmatch(date):
        year, month, day = m.groups()
        if month and 1 <= int(month) <= 12:
            name = _MONTHS[int(month) - 1]
            return f"{int(day)} {name} {year}" if day else f"{name} {year}"
        return year
    if m := _MONTH_DAY.fullmatch(date):
        month, day = m.groups()
        if 1 <= int(month) <= 12:
            name = _MONTHS[int(month) - 1]
            return f"{int(day)} {name} (year unknown)" if day else f"{name} (year unknown)"
    return date


def speaker_name(quote: Json, entity_names: dict[str, str]) -> str:
    entity = quote.get("speaker_entity")
    if entity and entity in entity_names:
        return entity_names[entity]
    return one_line(quote.get("speaker")) or UNATTRIBUTED


def by_speaker(quotes: list[Json], entity_names: dict[str, str]) -> list[tuple[str, list[Json]]]:
    """Quotes grouped by speaker, most quoted first, unattributed last."""
    groups: dict[str, list[Json]] = {}
    for quote in quotes:
        groups.setdefault(speaker_name(quote, entity_names), []).append(quote)
    return sorted(groups.items(),
                  key=lambda kv: (kv[0] == UNATTRIBUTED, -len(kv[1]), kv[0].casefold()))


def story_views(report: Json) -> list[StoryView]:
    """One view per story in report order, plus one for whatever belongs to no story."""
    articles = {a["id"]: a for a in report["articles"]}
    stories = report["stories"]
    story_ids = {s["id"] for s in stories}
    views = [StoryView(s["id"], s["title"], [articles[a] for a in s["articles"] if a in articles])
             for s in stories]
    grouped = {a for s in stories for a in s["articles"]}
    rest = StoryView(None, "Articles in no story" if stories else "All articles",
                     [a for a in report["articles"] if a["id"] not in grouped])
    view_of = {v.id: v for v in views}

    for finding in report["findings"]:
        view_of.get(finding["story"], rest).findings.append(finding)
    for view in [*views, rest]:
        members = {a["id"] for a in view.articles}
        view.quotes = [q for q in report["quotes"] if q["article"] in members]
        view.timeline = sorted(
            (t for t in report["timeline"]
             if (view.id is not None and t.get("story") == view.id)
             or (t.get("story") not in story_ids and t["article"] in members)),
            key=lambda t: date_key(t["date"]))
    if rest.articles or rest.findings:
        views.append(rest)
    return views


def entity_names(report: Json) -> dict[str, str]:
    return {e["id"]: e["name"] for e in report["entities"]}


def outlet_of(article: Json | None) -> str:
    return one_line(article.get("outlet")) if article and article.get("outlet") else ""


def article_label(article: Json | None, article_id: str) -> str:
    """How an article is named to a reader: its outlet, else its id."""
    return outlet_of(article) or article_id
