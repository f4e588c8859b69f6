"""What every date rule shares: the rule record, the normalisation context, match helpers.

A rule's ``accept`` filters a raw match cheaply (capitalisation, context words) before
overlaps are resolved; ``value`` then turns the kept match into a TIMEX type and a
TimeML value against the publication date held in :class:`Context`. Rules run over the
lower-cased text, so case checks look at the original text by offset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from triangulate.extract.dates_lexicon import (
    DAY_PARTS,
    MONTHS,
    ORDINALS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
)
from triangulate.extract.dates_tense import sentence_bounds, tense_at

Timex = tuple[str, str | None]  # (TIMEX type, value)


@dataclass
class Context:
    """What normalisation needs beyond the match: the text, the reference date, anaphora."""

    text: str
    ref: dt.date | None
    # The last explicit date in the text, for "that year", "the following week".
    anchor: dt.date | None = None
    anchor_day: dt.date | None = None  # the same, when it named a day ("that day")
    anchor_end: int = 0  # where the text named ``anchor_day``
    last_quarter: str | None = None  # the last quarter a results story spoke of ("1989-Q3")
    _tense: dict[int, int] = field(default_factory=dict)

    def tense(self, m: re.Match[str]) -> int:
        if m.start() not in self._tense:
            self._tense[m.start()] = tense_at(self.text, m.start(), m.end())
        return self._tense[m.start()]

    def sentence(self, m: re.Match[str]) -> str:
        begin, end = sentence_bounds(self.text, m.start(), m.end())
        return self.text[begin:end]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    value: Callable[[re.Match[str], Context], Timex]
    accept: Callable[[re.Match[str], str], bool]
    explicit: bool = False  # its dates anchor later anaphora ("that day")
    kind: str = "DATE"  # the type when the value cannot be computed


def compile_rule(pattern: str) -> re.Pattern[str]:
    """Rules run over lower-cased text (much faster than IGNORECASE); accept() checks case."""
    return re.compile(pattern)


def always(m: re.Match[str], text: str) -> bool:
    return True


def group(m: re.Match[str], name: str) -> str:
    """A named group, lower-cased; "" when it did not take part in the match."""
    return (m.group(name) or "").lower()


def capitalised(m: re.Match[str], name: str, text: str) -> bool:
    return bool(m.group(name)) and text[m.start(name)].isupper()


def left_of(text: str, m: re.Match[str], width: int = 24) -> str:
    return text[max(0, m.start() - width):m.start()].lower()


def right_of(text: str, m: re.Match[str], width: int = 24) -> str:
    return text[m.end():m.end() + width]


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return WEEKDAYS.get(word) or WEEKDAY_ABBREVIATIONS[word]


def day_number(word: str) -> int:
    return int(word) if word.isdigit() else ORDINALS.get(word.lower(), 0)


def part_suffix(part: str) -> str:
    """The TimeML suffix of a part of the day: "morning" is "TMO"."""
    return f"T{DAY_PARTS[part.lower()]}" if part else ""
