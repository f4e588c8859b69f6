"""Rules for stretches and repeats of time: durations, quarters and halves, sets."""

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
    month_number,
    right_of,
)
from triangulate.extract.dates_lexicon import (
    DAY_PART,
    DAY_PARTS,
    MOD_APPROX,
    MONTH,
    MONTHS,
    NUMBER,
    PART_NUMBERS,
    SEASONS,
    SET_ADVERBS,
    SMALL_NUMBER,
    UNIT,
    UNIT_ANY,
    WEEKDAY,
    WEEKDAYS,
    YEAR4,
)
from triangulate.extract.dates_numbers import duration_value, parse_count, unit_name
from triangulate.extract.dates_tense import FUTURE

# --- durations --------------------------------------------------------------------------------

_DURATION_DET = (r"(?:the(?:\s+(?:past|last|next|first|coming|previous|final|following|latest"
                 r"|remaining|same|entire|whole|full|year-earlier|year-ago|initial|preceding"
                 r"|prior|ensuing|subsequent))?|an?\s+(?:additional|further|extra|full)"
                 r"|each\s+of\s+the\s+(?:past|last|next))")
# "the past two years", "about two years", "nearly the last two years" is not English; a
# bare "last"/"past" needs the count right after it ("last two weeks", not "last more than").
DURATION = compile_rule(
    rf"(?<![\w-])(?:(?:(?P<mod>{MOD_APPROX})\s+)?(?P<det>past|last|next|another|first)\s+"
    rf"|(?:(?P<det2>{_DURATION_DET})\s+)?(?:(?P<mod2>{MOD_APPROX})\s+)?)(?P<num>{NUMBER})"
    rf"(?:\s*(?:to|or|-|\u2013)\s*(?P<num2>{NUMBER}))?(?:[\s-]+(?:more|additional|full"
    rf"|consecutive|straight|extra))?[\s-]+(?P<unit>{UNIT_ANY})"
    r"(?:\s+and\s+a\s+half)?(?:\s+or\s+(?:so|more))?(?![\w-])"
)
HALF_UNIT = compile_rule(r"(?<![\w-])half\s+an?\s+(?P<unit>hour|day|year|month|century|decade)"
                     r"(?![\w-])")
_RATE_BEFORE = re.compile(
    r"(?:\d|%|percent|cents?|dollars?|pounds?|euros?|yuan|yen|rubles?|million|billion"
    r"|trillion|times|once|twice|thrice)\W{0,2}\s*$", re.IGNORECASE)


def _accept_duration(m: re.Match[str], text: str) -> bool:
    right = text[m.end():m.end() + 6].lower()
    if re.match(r"[\s-]*old\b", right):
        return False  # ages ("a 44-year-old") are not time expressions
    if group(m, "unit").startswith("quarter") and re.match(r"\s+of\b", right):
        return False  # "three-quarters of its food" is a fraction
    unit_start = m.start("unit")
    if text[unit_start].isupper() and not text[m.start():m.end()].isupper():
        return False  # "60 Minutes": a title, not a duration
    num = group(m, "num")
    unit = group(m, "unit")
    if (num in ("a", "an") and unit in ("second", "minute") and not m.group("det2")
            and "half" not in m.group(0)):
        return False  # "wait a second", "a minute's silence" are idioms
    if num == "some" and not unit.endswith("s"):
        return False  # "some day" / "some year" is not a count
    if num in ("many", "several", "few", "a few", "some") and not unit.endswith("s"):
        return False
    return not (num in ("the",) and not unit.endswith("s"))


def _value_duration(m: re.Match[str], ctx: Context) -> Timex:
    unit = unit_name(m.group("unit"))
    count = None if m.group("num2") else parse_count(m.group("num"))
    if count is not None and re.search(r"and\s+a\s+half", m.group(0), re.IGNORECASE):
        count += 0.5
    num = group(m, "num")
    if (num in ("a", "an") and not m.group("det") and not m.group("det2") and not m.group("mod")
            and not m.group("mod2")
            and _RATE_BEFORE.search(ctx.text[max(0, m.start() - 24):m.start()])):
        return "SET", duration_value(1, unit)  # "$1.76 a year", "twice a day"
    return "DURATION", duration_value(count, unit)


def _value_half(m: re.Match[str], ctx: Context) -> Timex:
    return "DURATION", duration_value(0.5, group(m, "unit"))


VAGUE_DURATION = compile_rule(
    r"(?<![\w-])(?:(?P<det>recent|coming|the\s+(?:past|last|next|coming)(?:\s+(?:few|several))?"
    r")\s+)?"
    r"(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)"
    r"(?:\s+(?:or|and)\s+(?P<unit2>years|months|weeks|days|decades))?(?![\w-])"
)


def _accept_vague(m: re.Match[str], text: str) -> bool:
    if re.match(r"[\s-]*old\b", text[m.end():m.end() + 6].lower()):
        return False
    # a count right before ("five years") belongs to DURATION; "the years" is too vague
    return not re.search(r"(?:\d|\bthe|\bthose|\bthese|\bmany|\bfew|\bseveral)\s*$",
                         left_of(text, m, 12)) or bool(m.group("det"))


def _value_vague(m: re.Match[str], ctx: Context) -> Timex:
    # "recent weeks", "the coming months": a stretch of unknown length, before or after
    return "DURATION", duration_value(None, unit_name(m.group("unit")))


# --- quarters, halves and reporting periods ---------------------------------------------------

_Q_ORD = r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)"
QUARTER = compile_rule(
    r"(?<![\w-])(?:(?P<det>the|its|this|that|next|last|a|this\s+year['\u2019]s"
    r"|last\s+year['\u2019]s|next\s+year['\u2019]s|the\s+year['\u2019]s)\s+)?"
    r"(?P<adj>(?:(?:latest|current|comparable|corresponding|same|previous|prior|recent"
    rf"|most\s+recent|year-ago|year-earlier|fiscal|calendar|flat|{YEAR4}|{_Q_ORD}"
    rf"|fiscal-{_Q_ORD})[\s-]+)*)"
    r"(?P<what>quarter|half|period)(?![\w-])"
    rf"(?:\s+of\s+(?:fiscal\s+)?(?P<year>{YEAR4}|this\s+year|last\s+year|next\s+year))?"
    r"|(?<![\w-])(?P<qn>q[1-4])(?:\s+(?P<qyear>" + YEAR4 + r"))?(?![\w-])"
)
_FINANCE_PERIOD = re.compile(r"latest|year-ago|year-earlier|comparable|corresponding|\d{4}"
                             r"|most\s+recent", re.IGNORECASE)


def _accept_quarter(m: re.Match[str], text: str) -> bool:
    if m.group("qn"):
        return text[m.start("qn")] == "Q"
    what, adj, det = group(m, "what"), group(m, "adj"), " ".join(group(m, "det").split())
    after = text[m.end():m.end() + 12].lower()
    if re.match(r"\s+of\s+(?:a|an|the|its|his|her|their)\b|\s+(?:point|mile)", after):
        return False  # "a quarter of the vote", "the second half of the game"
    ordinal = re.search(_Q_ORD, adj)
    if what == "period":
        return bool(_FINANCE_PERIOD.search(adj))
    if what == "half":
        return bool(ordinal) and ("fiscal" in adj or bool(m.group("year")) or "year" in det)
    if det == "a" and not adj:
        return False
    if text[m.start()].isupper() and det == "" and not adj:
        return False
    return bool(det or adj)


def _value_quarter(m: re.Match[str], ctx: Context) -> Timex:
    kind, value = _quarter_timex(m, ctx)
    adj = group(m, "adj")
    if value and re.fullmatch(r"\d{4}-Q\d", value) and not any(
            w in adj for w in ("year-ago", "year-earlier", "comparable", "corresponding")):
        ctx.last_quarter = value  # what "a year ago" compares with in what follows
    return kind, value


def _quarter_timex(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("qn"):
        n = int(m.group("qn")[1])
        if m.group("qyear"):
            return "DATE", cal.quarter_value(int(m.group("qyear")), n)
        return "DATE", _quarter_year(ctx, m, n)
    what, adj, det = group(m, "what"), group(m, "adj"), " ".join(group(m, "det").split())
    year_text = " ".join(group(m, "year").split())
    ordinal = re.search(_Q_ORD, adj)
    n = PART_NUMBERS[ordinal.group(0)] if ordinal else 0
    explicit = re.search(r"\d{4}", adj)
    year: int | None = int(explicit.group(0)) if explicit else None
    if year_text.isdigit():
        year = int(year_text)
    ref = ctx.ref
    back = "year-ago" in adj or "year-earlier" in adj or det.startswith("last year") \
        or year_text == "last year"
    ahead = det.startswith("next year") or year_text == "next year"
    if what == "half":
        if year is None:
            if ref is None:
                return "DATE", None
            year = ref.year - back + ahead
        return "DATE", f"{year:04d}-H{min(n, 2)}"
    if n:
        if year is None:
            if ref is None:
                return "DATE", None
            if back or ahead or det.startswith("this year"):
                year = ref.year - back + ahead
            else:
                return "DATE", _quarter_year(ctx, m, n)
        return "DATE", cal.quarter_value(year, n)
    if ref is None:
        return "DATE", None
    if year is not None:
        return "DATE", cal.reporting_quarter(dt.date(year, ref.month, 1), 0)
    if "current" in adj or det == "this":
        return "DATE", cal.quarter_value(ref.year, cal.quarter_of(ref))
    if det == "next":
        return "DATE", cal.quarter_value(*cal.shift_quarters(ref.year, cal.quarter_of(ref), 1))
    if back or "comparable" in adj or "corresponding" in adj:
        return "DATE", cal.reporting_quarter(ref, -4)
    if "previous" in adj or "prior" in adj:
        return "DATE", cal.reporting_quarter(ref, -1)
    return "DATE", cal.reporting_quarter(ref, 0)


def _quarter_year(ctx: Context, m: re.Match[str], n: int) -> str | None:
    """Quarter ``n`` of the year that makes it the latest quarter begun by publication."""
    if ctx.ref is None:
        return None
    ref = ctx.ref
    year = ref.year if 3 * (n - 1) + 1 <= ref.month else ref.year - 1
    if ctx.tense(m) == FUTURE and (year, n) < cal.shift_quarters(ref.year,
                                                                  cal.quarter_of(ref), -1):
        year += 1
    return cal.quarter_value(year, n)



# --- sets: "daily", "every Tuesday", "$2 a year" ---------------------------------------------

SET_RULE = compile_rule(
    r"(?<![\w-])(?:(?P<q>every|each|per)\s+(?:(?P<num>other|" + NUMBER + r")\s+)?"
    rf"(?P<unit>{UNIT_ANY}|{WEEKDAY}|{MONTH}|{DAY_PART}|spring|summer|fall|autumn|winter)"
    r"(?![\w-])"
    rf"|(?P<freq>once|twice|thrice|(?:{SMALL_NUMBER}|\d+)\s+times)\s+(?:a|an|per|every|each)"
    rf"\s+(?P<unit2>{UNIT})(?![\w-])"
    rf"|(?P<adv>{'|'.join(SET_ADVERBS)})(?![\w-]))"
)


def _accept_set(m: re.Match[str], text: str) -> bool:
    if m.group("adv"):
        adv = group(m, "adv")
        after = right_of(text, m, 20)
        if text[m.start()].isupper() and re.search(r"[A-Z][a-z]+\s+$", text[:m.start()][-20:]):
            return False  # "The Shelton Weekly": a title
        # "quarterly dividend" names a payment, seldom a frequency
        return not (adv == "quarterly" and re.match(r"\s+[a-z]", after))
    unit = group(m, "unit")
    if unit and unit.rstrip(".") in MONTHS and not capitalised(m, "unit", text):
        return False
    return not (unit in WEEKDAYS and not capitalised(m, "unit", text))


def _value_set(m: re.Match[str], ctx: Context) -> Timex:
    if m.group("adv"):
        return "SET", SET_ADVERBS[group(m, "adv")]
    if m.group("freq"):
        return "SET", duration_value(1, group(m, "unit2"))
    unit = group(m, "unit")
    if unit in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS[unit]}"
    if unit.rstrip(".") in MONTHS:
        return "SET", f"XXXX-{month_number(unit):02d}"
    if unit in SEASONS:
        return "SET", f"XXXX-{SEASONS[unit]}"
    if unit in DAY_PARTS:
        return "SET", f"TXX{DAY_PARTS[unit]}"
    num = group(m, "num")
    count = 2.0 if num == "other" else (parse_count(num) if num else 1.0)
    return "SET", duration_value(count, unit_name(unit))


SPAN_RULES: list[Rule] = [
    Rule("quarter", QUARTER, _value_quarter, _accept_quarter),
    Rule("set", SET_RULE, _value_set, _accept_set, kind="SET"),
    Rule("duration", DURATION, _value_duration, _accept_duration, kind="DURATION"),
    Rule("half_unit", HALF_UNIT, _value_half, always, kind="DURATION"),
    Rule("vague_duration", VAGUE_DURATION, _value_vague, _accept_vague),
]
