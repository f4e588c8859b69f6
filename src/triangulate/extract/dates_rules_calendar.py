"""Date rules for the calendar: month-day dates, months, years, decades, centuries, holidays."""

from __future__ import annotations

import datetime as dt
import re

from triangulate.extract import dates_calendar as cal
from triangulate.extract.dates_context import (
    Context,
    Rule,
    Timex,
    always,
    capitalised,
    compile_rule,
    day_number,
    group,
    left_of,
    month_number,
    right_of,
    weekday_number,
)
from triangulate.extract.dates_lexicon import (
    AMBIGUOUS_MONTHS,
    APOS,
    MONTH,
    MONTHS,
    ORDINAL_WORD,
    ORDINALS,
    PART_NUMBERS,
    SEASONS,
    WEEKDAY,
    WEEKDAY_ABBR,
    YEAR4,
)
from triangulate.extract.dates_numbers import parse_count
from triangulate.extract.dates_tense import FUTURE, PAST, UNKNOWN

# --- calendar dates -------------------------------------------------------------------------

_MOD_POS = (r"(?:early|late|mid|the\s+(?:beginning|start|end|middle|close|first\s+half"
            r"|second\s+half|last\s+half|latter\s+part|early\s+part|first\s+days|last\s+days)"
            r"\s+of|end\s+of|beginning\s+of|start\s+of|middle\s+of)")

DATE_MDY = compile_rule(
    rf"(?<![\w-])(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR})\.?,?\s+)?(?:the\s+)?"
    r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?"
    rf"(?P<mon>{MONTH})(?![a-z])\.?\s*(?P<day>\d{{1,2}}|{ORDINAL_WORD})(?:st|nd|rd|th)?"
    rf"(?![\w/]|[.,:]\d)(?:,?\s*(?P<year>{YEAR4})(?![\w%]))?"
)
DATE_DMY = compile_rule(
    rf"(?<![\w-])(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}}|{ORDINAL_WORD})"
    rf"(?:st|nd|rd|th)?(?P<of>\s+of)?\s+(?P<mon>{MONTH})(?![a-z])"
    r"(?!\.?\s*\d{1,2}(?!\d))\.?"  # "the 19 Sept. 11 hijackers": the month starts a date
    rf"(?:,?\s+(?P<year>{YEAR4})(?![\w%]))?"
)
DATE_ISO = compile_rule(
    rf"(?<![\w/.-])(?P<year>{YEAR4})(?P<sep>[-/])(?P<mon>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>0[1-9]|[12]\d|3[01])"
    r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    r"(?![\w/-])"
)
DATE_SLASH = compile_rule(
    r"(?<![\w/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\w/])"
)


# Capitalised words that may stand before "May 5" at a sentence start without being a name.
_FUNCTION_WORDS = frozenset({"on", "in", "by", "since", "until", "till", "before", "after",
                             "from", "through", "during", "last", "next", "this", "early",
                             "late", "mid", "and", "or", "the", "of", "to", "as", "at"})


def _accept_mdy(m: re.Match[str], text: str) -> bool:
    day = day_number(m.group("day"))
    if not (capitalised(m, "mon", text) and 1 <= day <= 31):
        return False
    if m.group("wd") and not capitalised(m, "wd", text):
        return False
    # "May 5" after a name is more often Theresa May than a date
    if group(m, "mon") in AMBIGUOUS_MONTHS and not m.group("year"):
        before = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, m.start() - 20):m.start()])
        return before is None or before.group(1).lower() in _FUNCTION_WORDS
    return True


def _accept_dmy(m: re.Match[str], text: str) -> bool:
    day = day_number(m.group("day"))
    if not (capitalised(m, "mon", text) and 1 <= day <= 31):
        return False
    # a spelled-out ordinal needs "of" ("the first of May", not "the first March")
    return m.group("day").isdigit() or bool(m.group("of"))


def _calendar_value(ctx: Context, m: re.Match[str], month: int, day: int) -> Timex:
    if m.group("year"):
        year = int(m.group("year"))
        return ("DATE", cal.day_value(dt.date(year, month, day))
                if cal.valid_day(year, month, day) else None)
    if ctx.ref is None:
        return "DATE", f"--{month:02d}-{day:02d}"
    if not cal.valid_day(2000, month, day):
        return "DATE", None
    if m.groupdict().get("wd"):
        # a weekday names the year: the nearest year whose month/day falls on it
        wd = weekday_number(m.group("wd"))
        for delta in (0, -1, 1, -2, 2):
            year = ctx.ref.year + delta
            if cal.valid_day(year, month, day) and dt.date(year, month, day).isoweekday() == wd:
                return "DATE", cal.day_value(dt.date(year, month, day))
    rel = " ".join(group(m, "rel").split()) if m.groupdict().get("rel") else ""
    direction = {"last": PAST, "this past": PAST, "next": FUTURE, "this coming": FUTURE}.get(
        rel, ctx.tense(m))
    year = cal.year_for(ctx.ref, month, day, direction)
    return "DATE", cal.day_value(dt.date(year, month, day)) if cal.valid_day(
        year, month, day) else None


def _value_md(m: re.Match[str], ctx: Context) -> Timex:
    return _calendar_value(ctx, m, month_number(m.group("mon")), day_number(m.group("day")))


def _value_iso(m: re.Match[str], ctx: Context) -> Timex:
    year, month, day = int(m.group("year")), int(m.group("mon")), int(m.group("day"))
    if not cal.valid_day(year, month, day):
        return "DATE", None
    if m.group("hh"):
        return "TIME", f"{cal.day_value(dt.date(year, month, day))}T{m.group('hh')}:{m.group('mm')}"
    return "DATE", cal.day_value(dt.date(year, month, day))


def _value_slash(m: re.Match[str], ctx: Context) -> Timex:
    a, b = int(m.group("a")), int(m.group("b"))
    month, day = (b, a) if a > 12 else (a, b)  # US order unless the first cannot be a month
    year = int(m.group("year"))
    if year < 100:
        year += 2000 if year < 50 else 1900
    if not cal.valid_day(year, month, day):
        return "DATE", None
    return "DATE", cal.day_value(dt.date(year, month, day))


def _accept_slash(m: re.Match[str], text: str) -> bool:
    a, b = int(m.group("a")), int(m.group("b"))
    return min(a, b) >= 1 and (a <= 12 or b <= 12) and max(a, b) <= 31


MONTH_YEAR = compile_rule(
    rf"(?<![\w-])(?:(?P<mod>{_MOD_POS})[\s-]*)?(?P<mon>{MONTH})(?![a-z])\.?,?\s+(?:of\s+)?"
    rf"(?P<year>{YEAR4})(?![\w%]|[.,]\d)"
)
MONTH_REL_YEAR = compile_rule(
    rf"(?<![\w-])(?:(?P<mod>{_MOD_POS})[\s-]*)?(?P<mon>{MONTH})(?![a-z])\.?\s+(?:of\s+)?"
    r"(?P<rel>this|last|next)\s+year(?![\w-])"
)
MONTH_ALONE = compile_rule(
    r"(?<![\w-])(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+coming"
    r"|the\s+following|the\s+previous|the\s+past)\s+)?"
    rf"(?:(?P<mod>{_MOD_POS})[\s-]*)?(?P<mon>{MONTH})(?![a-z])(?P<dot>\.)?(?!\s*\d)"
)
# Words before a bare month that make it a month ("in May", "since March").
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|since|until|till|through|throughout|during|from|before|after|between|by"
    r"|of|late|early|mid|last|next|this|every|each|around|to|and|or|until|that|for)\s+|-)$"
)


def _accept_month_year(m: re.Match[str], text: str) -> bool:
    return capitalised(m, "mon", text)


_FULL_MONTHS = frozenset(w for w in MONTHS if len(w) > 4 or w in ("may", "june", "july"))


def _accept_month(m: re.Match[str], text: str) -> bool:
    word = group(m, "mon")
    if not capitalised(m, "mon", text):
        return False
    full_name = word in _FULL_MONTHS
    if not full_name and not m.group("dot"):
        return False  # an abbreviation alone needs its dot ("Aug.")
    after = right_of(text, m, 3)
    full_stop = m.group("dot") and full_name
    if (not full_stop and re.match(r"\s+[A-Z]", after)
            and not re.match(r"\s+(?:[A-Z]{2,}|I\b)", after)):
        # "April Ryan", "June Carter": a given name. A sentence-initial word after a
        # month ending a sentence is caught by the full stop the month would carry.
        return False
    if m.group("rel") or m.group("mod"):
        return True
    if word in AMBIGUOUS_MONTHS or word in ("april", "june", "august"):
        return bool(_MONTH_CUE.search(left_of(text, m)))
    return True


MONTH_REACH = 7  # months; about TENSE_REACH


def _year_near(ctx: Context, m: re.Match[str], month: int, rel: str) -> int | None:
    if ctx.ref is None:
        return None
    if rel in ("last", "this past", "the past", "the previous"):
        return ctx.ref.year - 1 if month >= ctx.ref.month else ctx.ref.year
    if rel in ("next", "this coming", "the coming", "the following"):
        return ctx.ref.year + 1 if month <= ctx.ref.month else ctx.ref.year
    if rel == "this":
        return ctx.ref.year
    if month == ctx.ref.month:
        return ctx.ref.year
    back, ahead = (ctx.ref.month - month) % 12, (month - ctx.ref.month) % 12
    past_year = ctx.ref.year if month < ctx.ref.month else ctx.ref.year - 1
    tense = ctx.tense(m)
    # the tense decides within MONTH_REACH; beyond it the nearer occurrence is meant
    if tense == PAST and back <= MONTH_REACH:
        return past_year
    if tense == FUTURE and ahead <= MONTH_REACH:
        return past_year + 1
    return past_year if back <= ahead else past_year + 1


def _value_month_year(m: re.Match[str], ctx: Context) -> Timex:
    return "DATE", cal.month_value(int(m.group("year")), month_number(m.group("mon")))


def _value_month_rel_year(m: re.Match[str], ctx: Context) -> Timex:
    if ctx.ref is None:
        return "DATE", None
    shift = {"last": -1, "this": 0, "next": 1}[group(m, "rel")]
    return "DATE", cal.month_value(ctx.ref.year + shift, month_number(m.group("mon")))


def _value_month(m: re.Match[str], ctx: Context) -> Timex:
    month = month_number(m.group("mon"))
    year = _year_near(ctx, m, month, " ".join(group(m, "rel").split()))
    return "DATE", cal.month_value(year, month) if year is not None else f"--{month:02d}"


# --- years, decades, centuries ---------------------------------------------------------------

_SEASON_WORD = r"(?:spring|summer|fall|autumn|winter)"
YEAR = compile_rule(
    rf"(?<![\w$\u00a3\u20ac#.,/-])(?:(?P<mod>{_MOD_POS}|the\s+year|fiscal(?:\s+year)?"
    rf"|calendar(?:\s+year)?|FY|(?:the\s+)?(?P<season>{_SEASON_WORD})(?:\s+of)?"
    r"|(?:the\s+)?(?P<part>first|second|third|fourth|1st|2nd|3rd|4th|last|final)[\s-]+"
    r"(?P<what>quarter|half)(?:\s+of)?(?:\s+fiscal)?)[\s-]*)?"
    rf"(?P<year>{YEAR4})(?![\w%]|[.,]\d|\s*(?:percent|per\s+cent|-year))"
)
def _accept_year(m: re.Match[str], text: str) -> bool:
    year = int(m.group("year"))
    if m.group("mod") or year >= 1900:
        return True
    return bool(re.search(r"\b(?:in|since|of|from|by|until|to|before|after|between|and|year)"
                          r"\s+$", left_of(text, m)))


def _value_year(m: re.Match[str], ctx: Context) -> Timex:
    year = int(m.group("year"))
    if m.group("season"):
        return "DATE", f"{year:04d}-{SEASONS[group(m, 'season')]}"
    if m.group("what"):
        n = PART_NUMBERS[group(m, "part")]
        if group(m, "what") == "half":
            return "DATE", f"{year:04d}-H{min(n, 2)}"
        return "DATE", cal.quarter_value(year, n)
    return "DATE", f"{year:04d}"


# Years read out in broadcast transcripts: "nineteen ninety-six", "the year two thousand".
_TEEN_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_DIGIT_WORD = "one|two|three|four|five|six|seven|eight|nine"
SPOKEN_YEAR = compile_rule(
    rf"(?<![\w-])(?:(?P<mon>{MONTH})\s+)?(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+"
    rf"(?P<rest>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:{_DIGIT_WORD}))?"
    rf"|{_TEEN_WORDS}|hundred|o[\s-]+(?:{_DIGIT_WORD}))(?![\w-])"
    rf"|(?<![\w-])the\s+year\s+two\s+thousand(?:\s+(?:and\s+)?(?P<after>{_DIGIT_WORD}|{_TEEN_WORDS}))?"
    r"(?![\w-])"
)


def _accept_spoken_year(m: re.Match[str], text: str) -> bool:
    return not m.group("mon") or capitalised(m, "mon", text)


def _value_spoken_year(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("century"):
        rest = group(m, "rest").replace("-", " ")
        tail = 0 if rest == "hundred" else parse_count(re.sub(r"^o\s+", "", rest)) or 0
        year = (19 if group(m, "century") == "nineteen" else 20) * 100 + int(tail)
    else:
        year = 2000 + int(parse_count(group(m, "after")) or 0) if m.group("after") else 2000
    if m.group("mon"):
        return "DATE", cal.month_value(year, month_number(m.group("mon")))
    return "DATE", f"{year:04d}"


DECADE = compile_rule(
    rf"(?<![\w-])(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
    rf"(?:(?P<dec>1[5-9]\d0|20\d0)|{APOS}(?P<short>\d0)){APOS}?s(?!\w)"
    r"|(?<![\w-])the\s+(?:(?P<mod2>early|mid|late)[\s-]+)?"
    r"(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?!\w)"
)
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def _accept_decade(m: re.Match[str], text: str) -> bool:
    # "in their forties" is an age, not a decade
    return not (m.group("word") and re.search(r"\b(?:his|her|their|its|my|our|your)\s+$",
                                              left_of(text, m)))


def _value_decade(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("dec"):
        return "DATE", m.group("dec")[:3]
    if m.group("short"):
        short = int(m.group("short"))
        century = 19 if ctx.ref is None or short > ctx.ref.year % 100 else ctx.ref.year // 100
        return "DATE", f"{century}{short // 10}"
    return "DATE", f"19{DECADE_WORDS[group(m, 'word')]}"


CENTURY = compile_rule(
    rf"(?<![\w-])(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)"
    rf"|{ORDINAL_WORD}|twenty[\s-]first)[\s-]+century(?![\w-])"
)


def _value_century(m: re.Match[str], ctx: Context) -> Timex:
    word = group(m, "n")
    n = int(re.sub(r"\D", "", word)) if word[0].isdigit() else (
        21 if word.startswith("twenty") else ORDINALS.get(word, 0))
    return ("DATE", f"{n - 1:02d}") if 1 <= n <= 30 else ("DATE", None)


# --- holidays --------------------------------------------------------------------------------

HOLIDAY = compile_rule(
    r"(?<![\w-])(?:(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?"
    r"(?P<name>christmas(?:\s+(?:eve|day))?|new\s+year['\u2019]?s(?:\s+(?:eve|day))?"
    r"|thanksgiving(?:\s+day)?|easter(?:\s+(?:sunday|monday|week))?|good\s+friday|election\s+day"
    r"|independence\s+day|labou?r\s+day|memorial\s+day|halloween|valentine['\u2019]?s\s+day"
    r"|veterans\s+day|boxing\s+day|st\.?\s+patrick['\u2019]?s\s+day|mother['\u2019]?s\s+day"
    r"|father['\u2019]?s\s+day|presidents['\u2019]?\s+day|columbus\s+day|armistice\s+day"
    r"|bastille\s+day|martin\s+luther\s+king(?:\s+jr\.?)?\s+day)"
    rf"(?:,?\s+(?P<year>{YEAR4}))?(?![\w-])"
)


def _accept_holiday(m: re.Match[str], text: str) -> bool:
    return text[m.start("name")].isupper() and not re.match(r"\s+(?:tree|card|present|gift|party"
                                                         r"|dinner|shopping)", right_of(text, m))


def _value_holiday(m: re.Match[str], ctx: Context) -> Timex:
    name, rel = " ".join(m.group("name").split()), " ".join(group(m, "rel").split())
    week = name.endswith(" week")
    name = re.sub(r"\s+week$", "", name)
    if m.group("year"):
        day = cal.holiday(name, int(m.group("year")))
        return "DATE", cal.day_value(day) if day else None
    if ctx.ref is None:
        return "DATE", None
    ref = ctx.ref
    this = cal.holiday(name, ref.year)
    if this is None:
        return "DATE", None
    if week:  # Holy Week: the ISO week that ends on Easter Sunday
        return "DATE", cal.week_value(this)
    before = this if this <= ref else cal.holiday(name, ref.year - 1)
    after = this if this >= ref else cal.holiday(name, ref.year + 1)
    if rel in ("last", "this past"):
        pick = before if before != ref else cal.holiday(name, ref.year - 1)
    elif rel in ("next", "this coming"):
        pick = after
    else:
        tense = ctx.tense(m)
        pick = before if tense == PAST or (tense == UNKNOWN and before is not None and after
                                           is not None and ref - before <= after - ref) \
            else after
    return "DATE", cal.day_value(pick) if pick else None


CALENDAR_RULES: list[Rule] = [
    Rule("date_iso", DATE_ISO, _value_iso, always, explicit=True),
    Rule("date_slash", DATE_SLASH, _value_slash, _accept_slash, explicit=True),
    Rule("date_mdy", DATE_MDY, _value_md, _accept_mdy, explicit=True),
    Rule("date_dmy", DATE_DMY, _value_md, _accept_dmy, explicit=True),
    Rule("month_year", MONTH_YEAR, _value_month_year, _accept_month_year, explicit=True),
    Rule("month_rel_year", MONTH_REL_YEAR, _value_month_rel_year, _accept_month_year),
    Rule("holiday", HOLIDAY, _value_holiday, _accept_holiday, explicit=True),
    Rule("year", YEAR, _value_year, _accept_year, explicit=True),
    Rule("spoken_year", SPOKEN_YEAR, _value_spoken_year, _accept_spoken_year, explicit=True),
    Rule("decade", DECADE, _value_decade, _accept_decade),
    Rule("century", CENTURY, _value_century, always),
    Rule("month", MONTH_ALONE, _value_month, _accept_month, explicit=True),
]
