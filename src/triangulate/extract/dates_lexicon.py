"""The words of English time expressions and the regex fragments built from them.

Fragments are plain strings (no groups) so that the rules can wrap them in named groups.
"""

from __future__ import annotations

from collections.abc import Iterable

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# Month names that are also common words or names ("May", "March"): alone, they need a cue.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jun", "jan", "dec", "sep"})

WEEKDAYS: dict[str, int] = {  # ISO numbering, Monday = 1
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5,
    "sat": 6, "sun": 7,
}

ONES: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
# TimeML unit letters; "T" marks units below a day, decades and centuries count years.
UNITS: dict[str, tuple[str, int]] = {
    "second": ("S", 1), "minute": ("M", 1), "hour": ("H", 1), "day": ("D", 1),
    "night": ("D", 1), "week": ("W", 1), "fortnight": ("W", 2), "month": ("M", 1),
    "quarter": ("Q", 1), "year": ("Y", 1), "decade": ("Y", 10), "century": ("Y", 100),
    "millennium": ("Y", 1000), "weekend": ("D", 2),
}
TIME_UNITS = frozenset({"second", "minute", "hour"})

# "the third quarter", "the first half": which part of the year.
PART_NUMBERS: dict[str, int] = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                                "fourth": 4, "4th": 4, "last": 4, "final": 4}
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA",
                           "winter": "WI"}
DAY_PARTS: dict[str, str] = {"morning": "MO", "afternoon": "AF", "evening": "EV",
                             "night": "NI", "overnight": "NI", "tonight": "NI"}

SET_ADVERBS: dict[str, str] = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D",
                               "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                               "yearly": "P1Y", "biannually": "P6M", "quarterly": "P3M"}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that "sept" wins over "sep"."""
    return "|".join(sorted((w.replace(".", r"\.").replace(" ", r"\s+") for w in words),
                           key=len, reverse=True))


MONTH = rf"(?:{alternation(MONTHS)})"
WEEKDAY = rf"(?:{alternation(WEEKDAYS)})"
WEEKDAY_ABBR = rf"(?:{alternation(WEEKDAY_ABBREVIATIONS)})"
ORDINAL_WORD = rf"(?:{alternation(ORDINALS)})"
_DIGIT_WORDS = [w for w, n in ONES.items() if n < 10]
SMALL_NUMBER = (rf"(?:(?:{alternation(TENS)})(?:[\s-]+(?:{alternation(_DIGIT_WORDS)}))?"
                rf"|{alternation(ONES)})")
NUMBER = (rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s+\d/\d)?|{SMALL_NUMBER}(?:\s+hundred)?"
          r"|a\s+hundred|hundreds|a\s+couple\s+of|a\s+couple|a\s+few|few|several|some|many"
          r"|a\s+number\s+of|a|an|one\s+and\s+a\s+half)")
UNIT = rf"(?:{alternation(UNITS)})"
UNIT_ANY = (rf"(?:{UNIT}|centuries|millennia|(?:second|minute|hour|day|night|week|fortnight"
            r"|month|quarter|year|decade)s)")
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)"  # a year a news text may name in digits
# Words that make a count approximate or bound it: "about two years", "more than a week".
MOD_APPROX = (r"(?:about|nearly|almost|roughly|some|more\s+than|less\s+than|fewer\s+than"
              r"|over|just|only|at\s+least|around|approximately|barely|fully|close\s+to"
              r"|under|up\s+to|no\s+more\s+than|at\s+most|well\s+over|a\s+little\s+over"
              r"|not\s+quite|within|the\s+better\s+part\s+of|upwards\s+of|exactly)")
DAY_PART = r"(?:morning|afternoon|evening|night)"
# Apostrophes may be straight or curly.
APOS = "['\u2019]"
TIMEZONE = (r"(?:[ecmp][sd]t|gmt|utc|bst|cet|cest|eet|eest|msk|ist|jst|aest|aedt|hkt|sgt"
            r"|local\s+time)")
