"""Publication dates in any common written form, normalised to YYYY-MM-DD."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime

from dateutil import parser as dateutil_parser

_MIN_YEAR, _MAX_YEAR = 1800, 2200
# Two defaults that differ in every field: a field that takes the default under both
# parses was not in the string, and a publication date needs year, month and day.
_DEFAULT_A = datetime(1904, 1, 1)
_DEFAULT_B = datetime(1908, 2, 2)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_EPOCH_LOW, _EPOCH_HIGH = 0, 7_258_118_400  # 1970 .. 2200, in seconds
_YEAR = re.compile(r"\d{4}")
# Languages dateparser tries for dates dateutil cannot read. Naming them keeps the first
# call near one second; letting it detect among all ~200 locales takes several.
DATEPARSER_LANGUAGES = [
    "en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "sv", "da", "nb",
    "fi", "tr", "ar", "he", "fa", "hi", "zh", "ja", "ko", "id", "vi", "el", "ro", "hu",
]


def _plausible(d: date) -> str | None:
    return d.isoformat() if _MIN_YEAR <= d.year <= _MAX_YEAR else None


def _from_epoch(value: float) -> str | None:
    if value > _EPOCH_HIGH * 1000:  # not a plausible epoch at all
        return None
    if value > _EPOCH_HIGH:  # milliseconds, as JavaScript writes them
        value /= 1000
    if value < _EPOCH_LOW:
        return None
    return datetime.fromtimestamp(value, tz=UTC).date().isoformat()


def _with_dateutil(text: str) -> str | None:
    try:
        a = dateutil_parser.parse(text, default=_DEFAULT_A)
        b = dateutil_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.date() != b.date():
        return None  # year, month or day missing from the string
    return _plausible(a.date())  # the date as written, in its own time zone


def _with_dateparser(text: str) -> str | None:
    # Slow to load and to run: only for what dateutil cannot read (other languages),
    # and only where a four-digit year shows it can be a full date at all.
    if not _YEAR.search(text):
        return None
    import dateparser  # type: ignore[import-untyped]

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=DATEPARSER_LANGUAGES, settings=settings)
    except Exception:  # dateparser raises many kinds on odd input; a date is optional
        return None
    return _plausible(parsed.date()) if parsed else None


def normalise_date(value: object) -> str | None:
    """``value`` as YYYY-MM-DD, or None when it is not a full calendar date.

    Accepts strings in any common form ("2011-04-07", "Thu, 07 Apr 2011 10:00 GMT",
    "April 7, 2011", "7 avril 2011"), dates, datetimes, struct_time and epoch numbers.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, time.struct_time):
        try:
            return _plausible(date(value.tm_year, value.tm_mon, value.tm_mday))
        except ValueError:
            return None
    if isinstance(value, int | float):
        try:
            return _from_epoch(float(value))
        except (OverflowError, ValueError, OSError):
            return None
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 100:
        return None
    m = _ISO_DAY.match(text)
    if m:
        try:
            return _plausible(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    if text.isdigit() and len(text) != 8:
        return None  # a bare number is an id or a year; only 20110407 is a date
    return _with_dateutil(text) or _with_dateparser(text)
