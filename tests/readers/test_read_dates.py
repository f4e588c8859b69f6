"""Publication dates in any common form become YYYY-MM-DD, or None."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from triangulate.readers.dates import normalise_date

DATES: list[tuple[object, str | None]] = [
    ("2011-04-07", "2011-04-07"),
    ("2011-04-07T23:30:00-05:00", "2011-04-07"),  # the day as written, not UTC
    ("2018-04-06 10:00:00", "2018-04-06"),
    ("Thu, 07 Apr 2011 10:00:00 GMT", "2011-04-07"),
    ("April 7, 2011", "2011-04-07"),
    ("7 April 2011", "2011-04-07"),
    ("07/04/2011 is ambiguous but parses", None),
    ("20110407", "2011-04-07"),
    ("7 avril 2011", "2011-04-07"),
    ("2011", None),  # a year alone is not a date
    ("April 2011", None),
    ("yesterday-ish", None),
    ("", None),
    ("2011-02-30", None),
    ("0001-01-01", None),
    (1302134400, "2011-04-07"),  # epoch seconds
    (1302134400000, "2011-04-07"),  # epoch milliseconds
    (True, None),
    (None, None),
    (date(2020, 1, 2), "2020-01-02"),
    (datetime(2020, 1, 2, 23, 59), "2020-01-02"),
    (time.struct_time((2020, 1, 2, 0, 0, 0, 3, 2, 0)), "2020-01-02"),
    (["2020-01-02"], None),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected
