"""All date rules, and the head words that tell where in a text they may match.

Where two rules match the same stretch the longer match wins; for equal spans the rule
listed first here does (see :func:`triangulate.extract.dates.find_times`).
"""

from __future__ import annotations

import re

from triangulate.extract.dates_context import Context, Rule
from triangulate.extract.dates_lexicon import MONTHS, SEASONS, SET_ADVERBS, UNITS, WEEKDAYS
from triangulate.extract.dates_rules_calendar import CALENDAR_RULES, DECADE_WORDS
from triangulate.extract.dates_rules_relative import RELATIVE_RULES
from triangulate.extract.dates_rules_spans import SPAN_RULES

__all__ = ["HEADS", "HEAD_AFTER", "HEAD_BEFORE", "RULES", "Context", "Rule"]

# Every expression holds a digit or one of these words (or a longer word they begin, such as
# "years"): the rules only look near them, which skips most of a text.
_HEAD_WORDS = [
    *MONTHS, *WEEKDAYS, *UNITS, "centur", "millenni", "today", "tonight", "yesterday",
    "tomorrow", "morning", "afternoon", "evening", "night", "overnight", "noon", "midnight",
    "midday", "clock", "now", "current", "present", "recent", "lately", "future", "past", "term",
    "run", "possible", "formerly", "time", "date", *SET_ADVERBS, "half", "period", "q1", "q2",
    "q3", "q4", *SEASONS, "christmas", "thanksgiving", "easter", "halloween", *DECADE_WORDS,
    "nineteen", "twenty",
]
_HEAD_ALTERNATION = "|".join(sorted(set(_HEAD_WORDS), key=len, reverse=True))
HEADS = re.compile(rf"\d|(?<![a-z])(?:{_HEAD_ALTERNATION})")
# How far an expression reaches before its head word ("more than the past several") and after
# it ("or so ago", "a.m. EST").
HEAD_BEFORE, HEAD_AFTER = 60, 40

_BY_NAME = {rule.name: rule for rule in (*CALENDAR_RULES, *RELATIVE_RULES, *SPAN_RULES)}
# Priority for equal spans: explicit calendar dates first, vague words last.
_ORDER = [
    "date_iso", "date_slash", "date_mdy", "date_dmy", "month_year", "month_rel_year", "holiday",
    "quarter", "time", "weekday", "relative_day", "day_part", "ago", "year_end", "relative_unit",
    "anaphora", "set", "duration", "half_unit", "year", "spoken_year", "decade", "century",
    "month", "vague_duration", "reference",
]
RULES: list[Rule] = [_BY_NAME[name] for name in _ORDER]
