"""Calendar arithmetic and TimeML value formatting for the date normaliser."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PUBLISHED = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(published: str | None) -> dt.date | None:
    """The reference date from a ``YYYY-MM-DD...`` string; None if absent or invalid."""
    if not published:
        return None
    m = _PUBLISHED.match(published)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def day_value(d: dt.date) -> str:
    return d.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def reporting_quarter(ref: dt.date, shift: int = 0) -> str:
    """The last complete quarter before ``ref`` (what a results story reports on), shifted."""
    year, quarter = shift_quarters(ref.year, quarter_of(ref), -1 + shift)
    return quarter_value(year, quarter)


def shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift_quarters(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def shift_date(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole months, the day clipped to the target month's length."""
    year, month = shift_months(d.year, d.month, months)
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def weekday_near(ref: dt.date, weekday: int, direction: int) -> dt.date:
    """The date of ISO ``weekday`` nearest ``ref``: before it (-1), after it (+1), either (0).

    The reference day itself counts for every direction: news says "Friday" of the day
    it is published on.
    """
    back = (ref.isoweekday() - weekday) % 7
    ahead = (weekday - ref.isoweekday()) % 7
    if back == 0:
        return ref
    if direction < 0:
        return ref - dt.timedelta(days=back)
    if direction > 0:
        return ref + dt.timedelta(days=ahead)
    return ref - dt.timedelta(days=back) if back <= ahead else ref + dt.timedelta(days=ahead)


# How far the tense may pull a month and day from the nearer of its two occurrences: a
# report in November that says "the rights expire Nov. 21" (with "said" nearby) still
# means this November, not last year's.
TENSE_REACH = dt.timedelta(days=285)


def year_for(ref: dt.date, month: int, day: int, direction: int) -> int:
    """The year that puts month/day nearest ``ref``, leaning the given way.

    Past (-1) takes the last occurrence on or before ``ref`` and future (+1) the next one
    on or after it, as long as that is within :data:`TENSE_REACH`; otherwise, and for
    unknown (0), whichever is nearer (a news report mostly speaks of the months around
    its own date).
    """
    day = min(day, 28) if month == 2 and day == 29 else day
    this = dt.date(ref.year, month, day)
    before = this if this <= ref else dt.date(ref.year - 1, month, day)
    after = this if this >= ref else dt.date(ref.year + 1, month, day)
    if direction < 0 and ref - before <= TENSE_REACH:
        return before.year
    if direction > 0 and after - ref <= TENSE_REACH:
        return after.year
    return before.year if (ref - before) <= (after - ref) else after.year


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ISO ``weekday`` of a month; ``n`` = -1 for the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(name: str, year: int) -> dt.date | None:
    """The date of a named holiday in ``year`` (US conventions where countries differ)."""
    key = re.sub(r"[^a-z]", "", name.lower())
    fixed = {
        "christmas": (12, 25), "christmasday": (12, 25), "christmaseve": (12, 24),
        "newyearsday": (1, 1), "newyears": (1, 1), "newyearseve": (12, 31),
        "independenceday": (7, 4), "halloween": (10, 31), "valentinesday": (2, 14),
        "veteransday": (11, 11), "boxingday": (12, 26), "stpatricksday": (3, 17),
        "armisticeday": (11, 11), "bastilleday": (7, 14),
    }
    if key in fixed:
        return dt.date(year, *fixed[key])
    if key in ("easter", "eastersunday"):
        return easter(year)
    if key == "eastermonday":
        return easter(year) + dt.timedelta(days=1)
    if key == "goodfriday":
        return easter(year) - dt.timedelta(days=2)
    nth = {
        "thanksgiving": (11, 4, 4), "thanksgivingday": (11, 4, 4), "laborday": (9, 1, 1),
        "labourday": (9, 1, 1), "memorialday": (5, 1, -1), "mothersday": (5, 7, 2),
        "fathersday": (6, 7, 3), "presidentsday": (2, 1, 3), "martinlutherkingday": (1, 1, 3),
        "martinlutherkingjrday": (1, 1, 3), "columbusday": (10, 1, 2),
    }
    if key in nth:
        month, weekday, n = nth[key]
        return nth_weekday(year, month, weekday, n)
    if key == "electionday":  # the Tuesday after the first Monday of November
        return nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
    return None


_INTERVAL_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_INTERVAL_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_INTERVAL_YEAR = re.compile(r"^(\d{4})$")
_INTERVAL_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_INTERVAL_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_INTERVAL_DECADE = re.compile(r"^(\d{3})$")
_INTERVAL_CENTURY = re.compile(r"^(\d{2})$")
_PART_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6),
                "H2": (7, 12), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> dt.date:
    year, month = shift_months(year, month, 0)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def value_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a TimeML DATE value covers; None for what is no calendar span.

    Lets a caller compare values of different kinds: "2024-W51" and "2024-12-19" overlap,
    "2024-Q3" and "2024-12" do not. References ("PRESENT_REF"), durations, sets and
    values without a year ("--12-19") give None.
    """
    try:
        if m := _INTERVAL_DAY.match(value):
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return day, day
        if m := _INTERVAL_MONTH.match(value):
            year, month = int(m.group(1)), int(m.group(2))
            return dt.date(year, month, 1), _month_end(year, month)
        if m := _INTERVAL_YEAR.match(value):
            year = int(m.group(1))
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if m := _INTERVAL_WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            if m.group(3):
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            return monday, monday + dt.timedelta(days=6)
        if m := _INTERVAL_PART.match(value):
            year = int(m.group(1))
            first, last = _PART_MONTHS[m.group(2)]
            return dt.date(year, first, 1), _month_end(year, last)
        if m := _INTERVAL_DECADE.match(value):
            start = int(m.group(1)) * 10
            return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
        if m := _INTERVAL_CENTURY.match(value):
            start = max(1, int(m.group(1)) * 100)
            return dt.date(start, 1, 1), dt.date(start + 99, 12, 31)
    except ValueError:
        return None
    return None
