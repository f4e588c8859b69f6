"""Dates and times in news text, normalised TimeML-style against the publication date.

``find_times`` is a rule-based recogniser (regexes over month names, weekdays, relative
words and numerals, see :mod:`dates_rules`) with a normaliser that resolves "Friday",
"last week" or "Dec. 19" against the publication date, using the tense around the
expression where the direction is open. Without a publication date, a month and day give
``--12-19`` and expressions that need an anchor get no value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from triangulate.extract.dates_calendar import parse_published
from triangulate.extract.dates_lexicon import MONTHS, WEEKDAY_ABBREVIATIONS
from triangulate.extract.dates_rules import HEAD_AFTER, HEAD_BEFORE, HEADS, RULES, Context, Rule
from triangulate.model import Article, TimeExpression

Found = tuple[int, int, str, str | None]

_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_VALUE = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR_VALUE = re.compile(r"^(\d{4})$")
_OUT_OF_RANGE = re.compile(r"^(?:-\d|\d{5})")  # before year 0 or after 9999
_LAST_WORD = re.compile(r"[A-Za-z]+$")
# Words whose full stop belongs to them ("Dec.", "a.m."), unlike a sentence's.
_ABBREVIATIONS = frozenset(
    [w for w in MONTHS if len(w) <= 4 and w not in ("may", "june", "july")]
    + list(WEEKDAY_ABBREVIATIONS) + ["m", "jr", "st"]
)
# A clock time and a day next to each other are one expression: "10 p.m. Wednesday".
_JOIN = re.compile(r"^(?:,?\s+(?:on\s+)?|\s*,\s*)$")


def find_times(text: str, published: str | None) -> list[Found]:
    """Every time expression in ``text``: (start, end, TIMEX type, TimeML value).

    Spans are sorted and never overlap; where rules compete, the longest match wins.
    """
    candidates = _candidates(text)
    ctx = Context(text=text, ref=parse_published(published))
    found: list[Found] = []
    for start, end, rule, m in candidates:
        try:
            kind, value = rule.value(m, ctx)
        except (ValueError, OverflowError):  # arithmetic past year 1 or 9999
            kind, value = rule.kind, None
        if value and _OUT_OF_RANGE.match(value):
            value = None
        if rule.explicit:
            anchor = _as_date(value)
            if anchor is not None:
                ctx.anchor = anchor
                if value and _DAY_VALUE.match(value):
                    ctx.anchor_day, ctx.anchor_end = anchor, end
        found.append((start, end, kind, value))
    return _join_clock_and_day(text, found)


def _candidates(text: str) -> list[tuple[int, int, Rule, re.Match[str]]]:
    """Accepted matches of every rule, longest first, without overlaps, in text order."""
    raw: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    low = _lower(text)
    windows = _windows(low)
    for priority, rule in enumerate(RULES):
        for window_start, window_end in windows:
            for m in rule.pattern.finditer(low, window_start, window_end):
                if m.end() > m.start() and rule.accept(m, text):
                    start, end = _trim(text, m.start(), m.end())
                    if end > start:
                        raw.append((start, end, priority, rule, m))
    raw.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken = bytearray(len(text))
    kept: list[tuple[int, int, Rule, re.Match[str]]] = []
    for start, end, _, rule, m in raw:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, rule, m))
    kept.sort(key=lambda c: c[0])
    return kept


def _windows(low: str) -> list[tuple[int, int]]:
    """Disjoint stretches of text around head words, widened to whole words."""
    out: list[tuple[int, int]] = []
    for m in HEADS.finditer(low):
        start = max(0, m.start() - HEAD_BEFORE)
        end = min(len(low), m.end() + HEAD_AFTER)
        if out and end <= out[-1][1]:
            # Already covered: the last window ends off a word, so widening this end would
            # stop there too. Skipping keeps a long run of digits (each one a head) linear.
            continue
        while end < len(low) and low[end].isalnum():
            end += 1  # a window must not end inside a word ("may|or" is no month)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            while start > 0 and low[start - 1].isalnum():
                start -= 1
            out.append((start, end))
    return out


def _lower(text: str) -> str:
    """Lower-cased text with the same offsets (a few characters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge whitespace and a trailing full stop unless it closes an abbreviation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] == ".":
        word = _LAST_WORD.search(text, start, end - 1)
        if word is None or word.group(0).lower() not in _ABBREVIATIONS:
            end -= 1
    return start, end


def _as_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    for pattern, parts in ((_DAY_VALUE, 3), (_MONTH_VALUE, 2), (_YEAR_VALUE, 1)):
        m = pattern.match(value)
        if m:
            numbers = [int(g) for g in m.groups()] + [1] * (3 - parts)
            try:
                return dt.date(*numbers)
            except ValueError:
                return None
    return None


def _join_clock_and_day(text: str, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for item in found:
        if out:
            prev = out[-1]
            gap = text[prev[1]:item[0]]
            pair = _joined(prev, item) if _JOIN.match(gap) else None
            if pair is not None:
                out[-1] = pair
                continue
        out.append(item)
    return out


def _joined(first: Found, second: Found) -> Found | None:
    """A clock time next to a day ("9 a.m. Tuesday", "Friday 10 p.m.") as one TIME."""
    for clock, day in ((first, second), (second, first)):
        if clock[2] != "TIME" or day[2] != "DATE":
            continue
        time_part = clock[3].split("T", 1)[1] if clock[3] and "T" in clock[3] else None
        day_value = day[3] if day[3] and _DAY_VALUE.match(day[3]) and len(day[3]) == 10 else None
        if clock is second and not re.match(r"^T?\d", time_part or ""):
            return None  # "Friday overnight" stays two expressions
        value = f"{day_value}T{time_part}" if day_value and time_part else None
        if day_value is None and day[3] is not None:
            return None
        return first[0], second[1], "TIME", value
    return None


class DateStage:
    """Fills ``article.times`` with every date and time expression of the article."""

    name: ClassVar[str] = "dates"

    def __init__(self, use_publication_date: bool = True) -> None:
        self.use_publication_date = use_publication_date

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            published = article.published if self.use_publication_date else None
            article.times = [
                TimeExpression(span=article.span(start, end), type=kind, value=value)
                for start, end, kind, value in find_times(article.text, published)
            ]
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
