"""Dates and times: one table row per rule, on news-shaped sentences, plus properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triangulate.extract.dates import DateStage, find_times
from triangulate.extract.dates_calendar import easter, holiday, value_interval, year_for
from triangulate.extract.dates_numbers import duration_value, parse_count
from triangulate.model import Article

# A Friday, in ISO week 51.
PUBLISHED = "2024-12-20"


def one(text: str, phrase: str, published: str | None = PUBLISHED) -> tuple[str, str | None]:
    """The (type, value) of the expression spelled ``phrase``; fails if it is not found."""
    found = {text[s:e]: (kind, value) for s, e, kind, value in find_times(text, published)}
    assert phrase in found, f"{phrase!r} not found in {sorted(found)}"
    return found[phrase]


CASES: list[tuple[str, str, str, str | None]] = [
    # calendar dates
    ("On December 19th, the president announced the deployment.", "December 19th", "DATE",
     "2024-12-19"),
    ("The report was released Dec. 6, 2024, by the ministry.", "Dec. 6, 2024", "DATE",
     "2024-12-06"),
    ("The decree, dated 2024-12-06, took effect at once.", "2024-12-06", "DATE", "2024-12-06"),
    ("The ceasefire began on 6 December 2024 at dawn.", "6 December 2024", "DATE", "2024-12-06"),
    ("Voting ends on the 3rd of January, officials said.", "the 3rd of January", "DATE",
     "2025-01-03"),
    ("The letter, dated 12/06/2024, was leaked.", "12/06/2024", "DATE", "2024-12-06"),
    ("The editorial ran on Friday, Dec. 6, in the capital.", "Friday, Dec. 6", "DATE",
     "2024-12-06"),
    ("He was last seen Nov. 3, the police said.", "Nov. 3", "DATE", "2024-11-03"),
    ("The summit is planned for Jan. 14, diplomats said.", "Jan. 14", "DATE", "2025-01-14"),
    ("Troops withdrew in August 2023 after talks.", "August 2023", "DATE", "2023-08"),
    ("The plant opened in March and closed in September.", "September", "DATE", "2024-09"),
    ("The minister visited in May, his office said.", "May", "DATE", "2024-05"),
    ("Elections are due in late February.", "late February", "DATE", "2025-02"),
    ("The talks collapsed last October.", "last October", "DATE", "2024-10"),
    # years, decades, centuries
    ("The treaty was signed in 1987 by both sides.", "1987", "DATE", "1987"),
    ("Output has grown every year since mid-2019.", "mid-2019", "DATE", "2019"),
    ("The project stalled in the summer of 2022.", "the summer of 2022", "DATE", "2022-SU"),
    ("It was a popular car in the 1990s.", "the 1990s", "DATE", "199"),
    ("The dispute dates to the late '80s.", "the late '80s", "DATE", "198"),
    ("It was the bloodiest war of the 20th century.", "the 20th century", "DATE", "19"),
    # weekdays, by tense and news convention
    ("The ministry said on Friday that the system was ready.", "Friday", "DATE", "2024-12-20"),
    ("The minister said Thursday the talks had failed.", "Thursday", "DATE", "2024-12-19"),
    ("The leaders will meet on Monday in Brussels.", "Monday", "DATE", "2024-12-23"),
    ("The attack came Monday morning, witnesses said.", "Monday morning", "TIME",
     "2024-12-16TMO"),
    ("Rescuers worked through Wednesday night.", "Wednesday night", "TIME", "2024-12-18TNI"),
    ("The vote took place last Tuesday.", "last Tuesday", "DATE", "2024-12-17"),
    ("Parliament sits again next Friday.", "next Friday", "DATE", "2024-12-27"),
    ("Shops close on Sundays in the region.", "Sundays", "SET", "XXXX-WXX-7"),
    # days and parts of days
    ("The ministry said yesterday the convoy had left.", "yesterday", "DATE", "2024-12-19"),
    ("Talks resume tomorrow, an aide said.", "tomorrow", "DATE", "2024-12-21"),
    ("Today, the border is closed.", "Today", "DATE", "2024-12-20"),
    ("Sirens sounded last night across the city.", "last night", "TIME", "2024-12-19TNI"),
    ("The statement came this morning.", "this morning", "TIME", "2024-12-20TMO"),
    # units relative to publication
    ("Protests erupted last week in the capital.", "last week", "DATE", "2024-W50"),
    ("Earlier this month, the ministry denied the report.", "Earlier this month", "DATE",
     "2024-12"),
    ("Sales have fallen this year.", "this year", "DATE", "2024"),
    ("The tanks arrived late last year.", "late last year", "DATE", "2023"),
    ("The bill passes to the Senate next month.", "next month", "DATE", "2025-01"),
    ("Fighting continued over the weekend.", "the weekend", "DATE", "2024-W50-WE"),
    ("Construction will finish by year-end.", "year-end", "DATE", "2024"),
    ("The crop failed last fall.", "last fall", "DATE", "2024-FA"),
    # "ago" and "earlier"
    ("He arrived two weeks ago, officials said.", "two weeks ago", "DATE", "2024-W49"),
    ("The base was built 41 years ago.", "41 years ago", "DATE", "1983"),
    ("The firm was sold three months ago.", "three months ago", "DATE", "2024-09"),
    ("The plan was drafted 11 days ago.", "11 days ago", "DATE", "2024-12-09"),
    ("The bank collapsed a few years ago.", "a few years ago", "DATE", "PAST_REF"),
    # durations
    ("The war has lasted three years.", "three years", "DURATION", "P3Y"),
    ("The ceasefire held for two weeks.", "two weeks", "DURATION", "P2W"),
    ("Negotiators talked for 5 1/2 hours.", "5 1/2 hours", "DURATION", "PT5H30M"),
    ("Sales fell over the past two months.", "the past two months", "DURATION", "P2M"),
    ("It signed a 10-year lease.", "10-year", "DURATION", "P10Y"),
    ("The siege lasted several months.", "several months", "DURATION", "PXM"),
    ("The crisis has dragged on for years.", "years", "DURATION", "PXY"),
    ("The detainees were held for more than 72 hours.", "more than 72 hours", "DURATION",
     "PT72H"),
    ("The company posted results for the nine months ended Sept. 30.", "the nine months",
     "DURATION", "P9M"),
    # clock times
    ("The blast occurred at about 10:35 a.m. Friday.", "about 10:35 a.m. Friday", "TIME",
     "2024-12-20T10:35"),
    ("The curfew starts at 10 p.m.", "10 p.m.", "TIME", "2024-12-20T22:00"),
    ("The deadline expired at midnight Thursday.", "midnight Thursday", "TIME",
     "2024-12-19T24:00"),
    ("Trading halted at 14:30 GMT on the exchange.", "14:30 GMT", "TIME", "2024-12-20T14:30"),
    # reference words
    ("The system is now on combat duty.", "now", "DATE", "PRESENT_REF"),
    ("Tensions have risen recently along the border.", "recently", "DATE", "PAST_REF"),
    ("The alliance will expand in the future.", "the future", "DATE", "FUTURE_REF"),
    ("Prices have climbed in recent years.", "recent years", "DURATION", "PXY"),
    # sets
    ("The agency publishes the figures daily.", "daily", "SET", "P1D"),
    ("Inspectors visit every month.", "every month", "SET", "P1M"),
    ("The bonds pay $1.76 a year.", "a year", "SET", "P1Y"),
    ("Flights leave twice a week.", "twice a week", "SET", "P1W"),
    # holidays
    ("The boy was rescued on Thanksgiving Day.", "Thanksgiving Day", "DATE", "2024-11-28"),
    ("Markets close early on Christmas Eve.", "Christmas Eve", "DATE", "2024-12-24"),
]


@pytest.mark.parametrize(("text", "phrase", "kind", "value"), CASES)
def test_rule(text: str, phrase: str, kind: str, value: str | None) -> None:
    assert one(text, phrase) == (kind, value)


QUARTER_CASES: list[tuple[str, str, str, str]] = [
    ("The company reported a loss for the third quarter.", "the third quarter", "2024-11-05",
     "2024-Q3"),
    ("Third-quarter profit rose 10%.", "Third-quarter", "2024-11-05", "2024-Q3"),
    ("Revenue in the latest quarter was flat.", "the latest quarter", "2024-11-05", "2024-Q3"),
    ("The fourth quarter was weak, the firm said.", "The fourth quarter", "2025-02-03",
     "2024-Q4"),
    ("Profit rose in the third quarter to $5 million from $4 million a year earlier.",
     "a year earlier", "2024-11-05", "2023-Q3"),
    ("Sales in the year-earlier period were lower.", "the year-earlier period", "2024-11-05",
     "2023-Q3"),
    ("Guidance for Q1 2025 was cut.", "Q1 2025", "2024-11-05", "2025-Q1"),
]


@pytest.mark.parametrize(("text", "phrase", "published", "value"), QUARTER_CASES)
def test_quarters(text: str, phrase: str, published: str, value: str) -> None:
    assert one(text, phrase, published) == ("DATE", value)


TENSE_CASES: list[tuple[str, str, str, str]] = [
    # a date just after publication, "said" nearby: still this year
    ("The rights, which expire Nov. 21, can be exercised now, the company said.", "Nov. 21",
     "1989-11-02", "1989-11-21"),
    # a date months after publication in the past tense: last year
    ("The year ended March 31 brought a loss, the company said.", "March 31", "1989-11-01",
     "1989-03-31"),
    ("The deal is expected to close in January.", "January", "1989-11-02", "1990-01"),
    ("The company disclosed in May that it had been approached.", "May", "1989-10-30",
     "1989-05"),
    ("The group might come to the U.S. as soon as Tuesday.", "Tuesday", "2000-04-03",
     "2000-04-04"),
    ("The talks, set to resume Monday in Belfast, were delayed.", "Monday", "1998-03-22",
     "1998-03-23"),
]


@pytest.mark.parametrize(("text", "phrase", "published", "value"), TENSE_CASES)
def test_tense_picks_the_year_or_week(text: str, phrase: str, published: str,
                                      value: str) -> None:
    assert one(text, phrase, published)[1] == value


NO_PUBLICATION_DATE: list[tuple[str, str, str | None]] = [
    ("On December 19th, the president announced the deployment.", "December 19th", "--12-19"),
    ("The plant opened in March, the company said.", "March", "--03"),
    ("The report was released Dec. 6, 2024.", "Dec. 6, 2024", "2024-12-06"),
    ("The ministry said on Friday the system was ready.", "Friday", None),
    ("Protests erupted last week.", "last week", None),
    ("The war has lasted three years.", "three years", "P3Y"),
    ("The system is now on combat duty.", "now", "PRESENT_REF"),
]


@pytest.mark.parametrize(("text", "phrase", "value"), NO_PUBLICATION_DATE)
def test_year_unknown(text: str, phrase: str, value: str | None) -> None:
    assert one(text, phrase, None)[1] == value


NOT_TIMES: list[str] = [
    "Theresa May 5 times refused to answer.",
    "Prime Minister May told parliament the deal was done.",
    "Thousands joined the Women's March on Washington.",
    "A 44-year-old man was arrested.",
    "The companies may merge, analysts said.",
    "Prices fall when supply rises.",
    "She appeared on CBS's \"60 Minutes\" to defend the plan.",
    "He bought a quarter of the shares.",
    "April Ryan asked the question.",
    "The interview aired on the \"Today\" show.",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_a_time(text: str) -> None:
    assert find_times(text, PUBLISHED) == []


SPANS: list[tuple[str, list[str]]] = [
    # prepositions stay out, a sentence's full stop too; an abbreviation keeps its own
    ("Officials met on Friday.", ["Friday"]),
    ("The mission launches in December.", ["December"]),
    ("He quit the agency in May.", ["May"]),
    ("It happened last Aug. 4 at noon.", ["last Aug. 4", "noon"]),
    ("The curfew starts at 10 p.m. Sirens will sound.", ["10 p.m."]),
    ("He left on Monday, Dec. 16, 2024, and returned two days later.",
     ["Monday, Dec. 16, 2024", "two days"]),
    ("Fifteen of the 19 Sept. 11 hijackers were Saudi.", ["Sept. 11"]),
]


@pytest.mark.parametrize(("text", "phrases"), SPANS)
def test_span_text(text: str, phrases: list[str]) -> None:
    assert [text[s:e] for s, e, _, _ in find_times(text, PUBLISHED)] == phrases


@pytest.mark.parametrize(("phrase", "kind", "value"), [
    ("Earlier that day", "DATE", "1999-10-23"), ("the next morning", "TIME", "1999-10-24TMO"),
    ("that night", "TIME", "1999-10-23TNI"),
])
def test_anaphora_follows_the_last_day(phrase: str, kind: str, value: str) -> None:
    text = ("The rally was held on Oct. 23, 1999. Earlier that day, the family sent a fax. "
            "Police came that night, and the suspect was arraigned the next morning.")
    assert one(text, phrase) == (kind, value)


def test_anaphora_without_a_day_has_no_value() -> None:
    assert one("Police came that night.", "that night") == ("TIME", None)


@pytest.mark.parametrize(("text", "published"), [
    ("It happened 1,000,000 days ago.", PUBLISHED), ("See you tomorrow.", "9999-12-31"),
    ("It was last Friday.", "0001-01-01"), ("In 5000 years ago", PUBLISHED),
])
def test_calendar_overflow_gives_no_value(text: str, published: str) -> None:
    assert [value for _, _, _, value in find_times(text, published)] == [None]


def test_clock_time_and_day_join() -> None:
    text = "The Miami relatives have until 9 a.m. Tuesday to sign."
    assert one(text, "9 a.m. Tuesday", "2000-03-31") == ("TIME", "2000-04-04T09:00")


# --- calendar and number helpers ---------------------------------------------------------


@pytest.mark.parametrize(("year", "expected"), [(2000, "2000-04-23"), (2024, "2024-03-31"),
                                                (2025, "2025-04-20")])
def test_easter(year: int, expected: str) -> None:
    assert easter(year).isoformat() == expected


@pytest.mark.parametrize(("name", "year", "expected"), [
    ("Thanksgiving", 2024, "2024-11-28"), ("Election Day", 1998, "1998-11-03"),
    ("Memorial Day", 2024, "2024-05-27"), ("Labor Day", 2024, "2024-09-02"),
    ("Christmas", 2024, "2024-12-25"),
])
def test_holiday(name: str, year: int, expected: str) -> None:
    day = holiday(name, year)
    assert day is not None and day.isoformat() == expected


def test_year_for_leans_with_tense_within_reach() -> None:
    import datetime as dt

    ref = dt.date(2024, 12, 20)
    assert year_for(ref, 12, 19, 0) == 2024
    assert year_for(ref, 1, 5, 0) == 2025
    assert year_for(ref, 4, 1, -1) == 2024  # within reach: the past one
    assert year_for(ref, 4, 1, 1) == 2025
    assert year_for(ref, 2, 1, -1) == 2025  # beyond reach: the nearer one


@pytest.mark.parametrize(("words", "count"), [
    ("two", 2), ("twenty-four", 24), ("1,000", 1000), ("5 1/2", 5.5), ("a couple of", 2),
    ("several", None), ("a", 1),
])
def test_parse_count(words: str, count: float | None) -> None:
    assert parse_count(words) == count


@pytest.mark.parametrize(("count", "unit", "value"), [
    (3, "year", "P3Y"), (1.5, "hour", "PT1H30M"), (None, "month", "PXM"), (2, "decade", "P20Y"),
    (2.5, "year", "P2Y6M"), (1.5, "minute", "PT1M30S"),
])
def test_duration_value(count: float | None, unit: str, value: str) -> None:
    assert duration_value(count, unit) == value


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2024-12-19", "2024-12-19", "2024-12-19"), ("2024-12", "2024-12-01", "2024-12-31"),
    ("2024", "2024-01-01", "2024-12-31"), ("2024-W51", "2024-12-16", "2024-12-22"),
    ("2024-W50-WE", "2024-12-14", "2024-12-15"), ("2024-Q3", "2024-07-01", "2024-09-30"),
    ("2024-H1", "2024-01-01", "2024-06-30"), ("199", "1990-01-01", "1999-12-31"),
    ("2024-12-19TMO", "2024-12-19", "2024-12-19"), ("2024-SU", "2024-06-01", "2024-08-31"),
])
def test_value_interval(value: str, first: str, last: str) -> None:
    interval = value_interval(value)
    assert interval is not None
    assert (interval[0].isoformat(), interval[1].isoformat()) == (first, last)


@pytest.mark.parametrize("value", ["PRESENT_REF", "P3Y", "--12-19", "XXXX-WXX-2", ""])
def test_value_interval_none(value: str) -> None:
    assert value_interval(value) is None


# --- the stage ------------------------------------------------------------------------------


def test_stage_fills_times_idempotently() -> None:
    article = Article(id="a1", text="The ministry said on Friday that troops left last week.",
                      published=PUBLISHED)
    stage = DateStage()
    stage([article])
    stage([article])
    assert [(t.span.text, t.type, t.value) for t in article.times] == [
        ("Friday", "DATE", "2024-12-20"), ("last week", "DATE", "2024-W50")]
    assert all(t.span.text == article.text[t.span.start:t.span.end] for t in article.times)
    assert article.annotated_by == ["dates"]


def test_stage_on_seed_articles(seeds_dir: Path) -> None:
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8"))
                for p in sorted(seeds_dir.glob("*.txt"))]
    DateStage()(articles)
    times = [t for a in articles for t in a.times]
    assert any(t.span.text == "December 19th" and t.value == "--12-19" for t in times)
    for article in articles:
        for t in article.times:
            assert t.span.text == article.text[t.span.start:t.span.end]


# --- properties ---------------------------------------------------------------------------

_WORDS = [
    "Friday", "last", "week", "1,000,000", "days", "tomorrow", "next", "Dec.", "6,", "2024",
    "ago", "two", "years", "the", "1990s", "May", "March", "at", "10", "p.m.", "now", "a",
    "year", "earlier", "this", "month", "quarter", "third", "every", "day", "-", "'", ".", ",",
    "yesterday", "morning", "19th", "of", "December", "mid", "in", "Q3", "12/06/2024",
    "2024-12-06", "Christmas",
]


def _check(text: str, published: str | None) -> None:
    found = find_times(text, published)
    previous_end = 0
    for start, end, kind, value in found:
        assert 0 <= previous_end <= start < end <= len(text)
        assert kind in ("DATE", "TIME", "DURATION", "SET")
        assert value is None or isinstance(value, str)
        previous_end = end


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.sampled_from([PUBLISHED, None, "", "garbage", "2024-02-30"]))
def test_any_text_gives_sorted_disjoint_spans(text: str, published: str | None) -> None:
    _check(text, published)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25).map(" ".join),
       st.sampled_from([PUBLISHED, None, "1989-01-01", "2024-02-29", "9999-12-31",
                        "0001-01-01"]))
def test_time_words_give_sorted_disjoint_spans(text: str, published: str | None) -> None:
    _check(text, published)
