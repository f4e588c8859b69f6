"""Date rules anchored on publication: weekdays, "yesterday", clock times, "last week",
"two weeks ago", "now", and days counted from the last one named ("that day").
"""

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
    group,
    left_of,
    part_suffix,
    right_of,
)
from triangulate.extract.dates_lexicon import (
    DAY_PART,
    MOD_APPROX,
    NUMBER,
    SEASONS,
    SMALL_NUMBER,
    TIMEZONE,
    UNIT_ANY,
    UNITS,
    WEEKDAY,
    WEEKDAYS,
)
from triangulate.extract.dates_numbers import duration_value, parse_count, unit_name
from triangulate.extract.dates_tense import FUTURE, PAST, UNKNOWN

# --- weekdays and days relative to publication ------------------------------------------------

WEEKDAY_RULE = compile_rule(
    r"(?<![\w-])(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+previous"
    r"|the\s+following|the\s+next|the\s+coming|coming|that)\s+)?"
    r"(?:(?P<mod>early|late|earlier|later)(?:\s+on)?\s+)?"
    rf"(?P<wd>{WEEKDAY})(?P<plural>s)?(?![a-z])(?:\s+(?P<part>{DAY_PART}))?"
)


def _accept_weekday(m: re.Match[str], text: str) -> bool:
    return capitalised(m, "wd", text)


def _weekday_date(ctx: Context, m: re.Match[str], weekday: int, rel: str) -> dt.date | None:
    ref = ctx.ref
    if ref is None:
        return None
    if rel in ("last", "this past", "the previous"):
        back = (ref.isoweekday() - weekday) % 7 or 7
        return ref - dt.timedelta(days=back)
    if rel in ("next", "this coming", "the next", "the coming", "coming"):
        ahead = (weekday - ref.isoweekday()) % 7 or 7
        return ref + dt.timedelta(days=ahead)
    if rel in ("the following", "that") and ctx.anchor is not None:
        return cal.weekday_near(ctx.anchor, weekday, 1 if rel == "the following" else 0)
    tense = ctx.tense(m)
    return cal.weekday_near(ref, weekday, FUTURE if tense == FUTURE else PAST)


def _value_weekday(m: re.Match[str], ctx: Context) -> Timex:
    weekday = WEEKDAYS[group(m, "wd")]
    part = part_suffix(group(m, "part"))
    if m.group("plural"):  # "on Tuesdays" happens every week
        return "SET", f"XXXX-WXX-{weekday}{part}"
    day = _weekday_date(ctx, m, weekday, " ".join(group(m, "rel").split()))
    if day is None:
        return ("TIME" if part else "DATE"), None
    return ("TIME", cal.day_value(day) + part) if part else ("DATE", cal.day_value(day))


RELATIVE_DAY = compile_rule(
    r"(?<![\w-])(?:(?P<mod>early|late|earlier|later)\s+)?(?P<day>the\s+day\s+before\s+yesterday"
    r"|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)(?![a-z])"
    rf"(?:\s+(?P<part>{DAY_PART}))?"
)
_DAY_SHIFT = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _accept_relative_day(m: re.Match[str], text: str) -> bool:
    # the newspaper "USA Today", the programme "the Today show"
    if text[m.start("day"):m.end("day")] != "Today":
        return True
    quoted = re.search(r"[\"\u201c]$", text[:m.start("day")]) and re.match(r"[\"\u201d]",
                                                                        text[m.end("day"):])
    return not (quoted or re.search(r"(?:usa|the)\s+$", left_of(text, m)))


def _value_relative_day(m: re.Match[str], ctx: Context) -> Timex:
    word = " ".join(group(m, "day").split())
    shift = _DAY_SHIFT.get(word, -2 if "before" in word else 2)
    part = part_suffix(group(m, "part") or ("tonight" if word == "tonight" else ""))
    kind = "TIME" if part else "DATE"
    if ctx.ref is None:
        return kind, ("PRESENT_REF" if word == "today" and not part else None)
    return kind, cal.day_value(ctx.ref + dt.timedelta(days=shift)) + part


DAY_PART_RULE = compile_rule(
    r"(?<![\w-])(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rel>this|last)\s+"
    rf"(?P<part>{DAY_PART})(?![\w-])"
    r"|(?<![\w-])(?P<named>overnight|mid-?afternoon|mid-?morning)(?![\w-])"
)


def _value_day_part(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("named"):
        named = group(m, "named").replace("-", "")
        code = {"overnight": "NI", "midafternoon": "AF", "midmorning": "MO"}[named]
        return "TIME", cal.day_value(ctx.ref) + f"T{code}" if ctx.ref else None
    part, base = group(m, "part"), ctx.ref
    if base is None:
        return "TIME", None
    if group(m, "rel") == "last":  # "last night": the evening before publication
        base = base - dt.timedelta(days=1)
    return "TIME", cal.day_value(base) + part_suffix(part)


# --- clock times --------------------------------------------------------------------------

_AMPM = r"(?P<ampm>[ap]\.?\s?m\b\.?)"
TIME_RULE = compile_rule(
    r"(?<![\w:.])(?:(?P<mod>about|around|approximately|roughly|shortly\s+(?:before|after)"
    r"|just\s+(?:before|after))\s+)?(?:"
    rf"(?P<h>\d{{1,2}})(?:[:.](?P<m>[0-5]\d))?\s*{_AMPM}"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?=\s*(?:h\b|hrs\b|hours\b|gmt|utc|local|"
    r"[ecmp][sd]t\b|\(|,|\.|\s+on\b|\s+in\b))"
    r"|(?P<named>noon|midnight|midday)"
    rf"|(?P<hw>{SMALL_NUMBER}|\d{{1,2}})\s+o['\u2019]clock"
    rf"|(?P<hp>\d{{1,2}}|{SMALL_NUMBER})\s+in\s+the\s+(?P<part>morning|afternoon|evening|night)"
    rf")(?:\s+(?P<tz>{TIMEZONE}))?(?![\w])"
)


def _accept_time(m: re.Match[str], text: str) -> bool:
    for name in ("h", "h24"):
        if m.group(name) and not 0 <= int(m.group(name)) <= 24:
            return False
    return not (m.group("h") and int(m.group("h")) > 12)


_CLOCK_REACH = 400  # characters: about the same or the next sentence


def _value_time(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("named"):
        clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[group(m, "named")]
    elif m.group("h"):
        hour = int(m.group("h")) % 12 + (12 if group(m, "ampm").startswith("p") else 0)
        clock = f"{hour:02d}:{m.group('m') or '00'}"
    elif m.group("h24"):
        clock = f"{int(m.group('h24')):02d}:{m.group('m24')}"
    else:
        hour_word = m.group("hw") or m.group("hp")
        count = parse_count(hour_word)
        if count is None or not 1 <= count <= 12:
            return "TIME", None
        hour = int(count) % 12
        part = group(m, "part")
        if part in ("afternoon", "evening") or (part == "night" and hour > 5):
            hour += 12
        clock = f"{hour:02d}:00"
    # a bare clock time belongs to the day the text just named ("Oct. 23 ... at 10 p.m."),
    # else to the day of publication
    day = ctx.anchor_day if ctx.anchor_day and m.start() - ctx.anchor_end < _CLOCK_REACH \
        else ctx.ref
    return "TIME", f"{cal.day_value(day) if day else ''}T{clock}"


# --- units relative to publication: "last week", "earlier this month" -------------------------

_MOD_REL = (r"(?:early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle|rest"
            r"|remainder|balance|first\s+half|second\s+half|latter\s+part|early\s+part)\s+of"
            r"|(?:end|beginning|start|middle)\s+of)")
YEAR_END = compile_rule(
    r"(?<![\w-])(?:(?P<mod>around|about)\s+)?(?:the\s+)?year(?:['\u2019]s)?[\s-]end(?![\w-])"
)


def _value_year_end(m: re.Match[str], ctx: Context) -> Timex:
    if ctx.ref is None:
        return "DATE", None
    # in January "year-end" is mostly the one just past
    return "DATE", f"{ctx.ref.year - (1 if ctx.ref.month == 1 else 0):04d}"


RELATIVE_UNIT = compile_rule(
    rf"(?<![\w-])(?:(?P<mod>{_MOD_REL})[\s-]+(?:in\s+)?)?"
    r"(?P<rel>last|this|next|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+current"
    r"|the\s+previous|the\s+prior|the\s+following|this\s+past|this\s+coming|the\s+same|that"
    r"|the\s+full|the|past|coming)\s+(?:(?P<mod2>early|late|mid)[\s-]+)?"
    r"(?P<fiscal>(?:fiscal|calendar|financial)\s+)?"
    r"(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn"
    r"|winter)(?![\w-])(?!\s+(?:of\s+(?:the|a|an|his|her|their|its)\b|old\b))"
)
_PERIOD_ENDING = re.compile(r"\s+(?:ended|ending|ends|to|through)\b", re.IGNORECASE)
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _accept_relative_unit(m: re.Match[str], text: str) -> bool:
    rel, unit = " ".join(group(m, "rel").split()), group(m, "unit")
    if rel == "the full":
        return unit == "year"
    if rel not in ("the", "past", "coming"):
        return True
    if unit in SEASONS:
        # "the fall" needs a cue to be a season rather than a collapse
        return bool(m.group("mod") or m.group("mod2")) or bool(re.search(
            r"\b(?:in|during|by|until|since|through|over|this)\s+$", left_of(text, m)))
    if rel == "past":  # "over past year" reads as "the past year"
        return unit in ("week", "month", "year", "decade", "century")
    if rel == "coming":
        return unit in ("week", "month", "year", "weekend")
    # "the month" alone is too vague; "the end of the month" is not
    return unit in ("year", "week", "weekend") or (unit == "month" and bool(m.group("mod")))


def _season_year(ref: dt.date, code: str, rel: str, tense: int) -> int:
    """The year of the season's start month that the speaker most likely means."""
    start = _SEASON_START[code]
    # the season occurrence that holds or most recently began before the reference date
    current = ref.year if ref.month >= start else ref.year - 1
    in_it = (dt.date(current, start, 1) <= ref
             < dt.date(*cal.shift_months(current, start, 3), 1))
    if rel in ("last", "the past", "the last", "this past", "the previous", "the prior"):
        return current - 1 if in_it else current
    if rel in ("next", "the next", "the coming", "this coming", "the following", "coming"):
        return current + 1
    if rel in ("this", "the current"):
        if in_it or tense != PAST:
            return current if in_it else current + 1
        return current
    if in_it:
        return current
    return current if tense == PAST else current + 1


def _value_relative_unit(m: re.Match[str], ctx: Context) -> Timex:
    rel, unit = " ".join(group(m, "rel").split()), group(m, "unit")
    if rel == "the" and unit in ("year", "quarter", "month", "week") and _PERIOD_ENDING.match(
            ctx.text, m.end()):
        return "DURATION", duration_value(1, unit)  # "the year ended March 31": a span
    base = ctx.ref
    if rel == "the full":
        rel = "the"
    shift = {"last": -1, "the past": -1, "the last": -1, "this past": -1, "past": -1,
             "the previous": -1, "the prior": -1, "next": 1, "the next": 1, "the coming": 1,
             "this coming": 1, "the following": 1, "coming": 1}.get(rel, 0)
    if rel in ("that", "the same", "the following", "the previous", "the prior"):
        if ctx.anchor is None:
            return "DATE", None
        base = ctx.anchor
    if base is None:
        return "DATE", None
    if unit == "week":
        return "DATE", cal.week_value(base + dt.timedelta(weeks=shift))
    if unit == "weekend":
        return "DATE", _weekend_value(base, shift, ctx.tense(m) if rel == "the" else UNKNOWN)
    if unit == "month":
        return "DATE", cal.month_value(*cal.shift_months(base.year, base.month, shift))
    if unit == "year":
        return "DATE", f"{base.year + shift:04d}"
    if unit == "quarter":
        if rel in ("the", "the past", "the last", "past"):
            return "DATE", cal.reporting_quarter(base, -1 if rel != "the" else 0)
        return "DATE", cal.quarter_value(*cal.shift_quarters(base.year, cal.quarter_of(base),
                                                                shift))
    if unit == "decade":
        return "DATE", f"{(base.year // 10 + shift) * 10}"[:3]
    if unit == "century":
        return "DATE", f"{base.year // 100 + shift:02d}"
    code = SEASONS[unit]
    return "DATE", f"{_season_year(base, code, rel, ctx.tense(m)):04d}-{code}"


def _weekend_value(ref: dt.date, shift: int, tense: int) -> str:
    if ref.isoweekday() >= 6:
        day = ref + dt.timedelta(weeks=shift)
    elif shift < 0 or (shift == 0 and tense == PAST):
        day = ref - dt.timedelta(days=ref.isoweekday())  # the Sunday just gone
    else:
        day = ref + dt.timedelta(days=6 - ref.isoweekday())  # the coming Saturday
    return f"{cal.week_value(day)}-WE"


# --- "two weeks ago", "a year earlier" ------------------------------------------------------

AGO = compile_rule(
    rf"(?<![\w-])(?:(?P<mod>{MOD_APPROX})\s+)?(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT_ANY})"
    r"(?:\s+or\s+(?:so|more|two|three|four|five))?\s+(?P<dir>ago|earlier|from\s+now|hence"
    r"|previously)(?![\w-])"
    r"|(?<![\w-])(?P<yearly>year[\s-](?:ago|earlier))(?![\w-])"
)
_QUARTER_TALK = re.compile(r"\bquarter|\bperiod\b", re.IGNORECASE)


def _value_ago(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("yearly"):
        count: float | None = 1.0
        unit, direction = "year", -1
    else:
        count = parse_count(m.group("num"))
        unit = unit_name(m.group("unit"))
        direction = 1 if group(m, "dir") in ("from now", "hence") else -1
    if count is None:
        return "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF"
    if ctx.ref is None:
        return "DATE", None
    ref, steps = ctx.ref, int(round(count)) * direction
    if unit == "year" and count == 1 and (ctx.last_quarter or _QUARTER_TALK.search(
            ctx.sentence(m))):
        # results stories compare a quarter with the same quarter a year before
        if ctx.last_quarter:
            year, quarter = int(ctx.last_quarter[:4]), int(ctx.last_quarter[-1])
            return "DATE", cal.quarter_value(year - 1, quarter)
        return "DATE", cal.reporting_quarter(ref, -4)
    if unit in ("second", "minute", "hour"):
        return "DATE", cal.day_value(ref)
    if unit in ("day", "night"):
        return "DATE", cal.day_value(ref + dt.timedelta(days=steps))
    if unit in ("week", "fortnight"):
        return "DATE", cal.week_value(ref + dt.timedelta(weeks=steps * UNITS[unit][1]))
    if unit == "month":
        return "DATE", cal.month_value(*cal.shift_months(ref.year, ref.month, steps))
    if unit == "quarter":
        return "DATE", cal.quarter_value(*cal.shift_quarters(ref.year, cal.quarter_of(ref),
                                                                steps))
    return "DATE", f"{ref.year + steps * UNITS.get(unit, ('Y', 1))[1]:04d}"


# --- reference words ("now", "recently") and anaphora ("that day") ---------------------------

REFERENCE = compile_rule(
    r"(?<![\w-])(?P<word>right\s+now|just\s+now|now|currently|current|at\s+present|presently"
    r"|nowadays|these\s+days|recently|lately|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future"
    r"|in\s+future|the\s+past|the\s+(?:near|short|long|medium)\s+(?:term|run)"
    r"|as\s+soon\s+as\s+possible|a\s+later\s+date|the\s+time\s+being|formerly"
    r"|(?:more\s+|most\s+|until\s+|only\s+)?recent(?:ly)?)(?![\w-])"
)
_REFERENCE_VALUES = {"right now": "PRESENT_REF", "now": "PRESENT_REF", "currently": "PRESENT_REF",
                     "current": "PRESENT_REF", "at present": "PRESENT_REF",
                     "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
                     "these days": "PRESENT_REF", "the time being": "PRESENT_REF"}


def _accept_reference(m: re.Match[str], text: str) -> bool:
    word = " ".join(group(m, "word").split())
    if word == "recent":
        return False  # the bare adjective: "recent" alone goes with a noun rule
    if word == "now" and re.match(r"[\s-]*defunct", right_of(text, m)):
        return False
    return not (word.startswith("in future") and re.match(r"\s+[a-z]", right_of(text, m)))


def _value_reference(m: re.Match[str], ctx: Context) -> Timex:
    word = " ".join(group(m, "word").split())
    if word in _REFERENCE_VALUES:
        return "DATE", _REFERENCE_VALUES[word]
    if "future" in word or "term" in word or "run" in word or "soon" in word or "later" in word:
        return "DATE", "FUTURE_REF"
    return "DATE", "PAST_REF"


ANAPHORA = compile_rule(
    r"(?<![\w-])(?:(?P<mod>earlier|later|early|late)\s+)?(?P<rel>that|the\s+same|the\s+next"
    r"|the\s+following|the\s+previous|the\s+preceding|the\s+prior)\s+"
    rf"(?P<unit>day|{DAY_PART[3:-1]})(?![\w-])"
)
_ANAPHORA_SHIFT = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1}


def _value_anaphora(m: re.Match[str], ctx: Context) -> Timex:
    """"That day", "the next morning": a day counted from the last day the text named."""
    part = "" if group(m, "unit") == "day" else part_suffix(group(m, "unit"))
    kind = "TIME" if part else "DATE"
    if ctx.anchor_day is None:
        return kind, None
    shift = _ANAPHORA_SHIFT.get(group(m, "rel").split()[-1], 0)
    return kind, cal.day_value(ctx.anchor_day + dt.timedelta(days=shift)) + part


RELATIVE_RULES: list[Rule] = [
    Rule("time", TIME_RULE, _value_time, _accept_time, kind="TIME"),
    Rule("weekday", WEEKDAY_RULE, _value_weekday, _accept_weekday, explicit=True),
    Rule("relative_day", RELATIVE_DAY, _value_relative_day, _accept_relative_day),
    Rule("day_part", DAY_PART_RULE, _value_day_part, always, kind="TIME"),
    Rule("ago", AGO, _value_ago, always),
    Rule("year_end", YEAR_END, _value_year_end, always),
    Rule("relative_unit", RELATIVE_UNIT, _value_relative_unit, _accept_relative_unit),
    Rule("anaphora", ANAPHORA, _value_anaphora, always, kind="DATE"),
    Rule("reference", REFERENCE, _value_reference, _accept_reference),
]
