"""Quantities: table-driven rules, property tests for the number parser, the stage."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triangulate.extract.quantities import (
    QuantityMatch,
    QuantityStage,
    find_quantities,
    overlaps,
)
from triangulate.model import Article

INF = None  # an unbounded side
KM = 1000.0
MILE = 1609.344


def only(text: str) -> QuantityMatch:
    found = find_quantities(text)
    assert len(found) == 1, f"{text!r}: {[q.text for q in found]}"
    return found[0]


# text, span text, low, high, unit, kind, measure, extra fields to check
CASES: list[tuple[str, str, float | None, float | None, str, str, str | None, dict[str, Any]]] = [
    # bounds
    ("The Polonez-M can engage targets up to 300 kilometers away.", "up to 300 kilometers",
     0.0, 300 * KM, "m", "quantity", "range", {}),
    ("Police said about 40 people were hurt.", "about 40 people", 36.0, 44.0, "count",
     "count", "people", {"approximate": True}),
    ("More than 200 troops crossed the border overnight.", "More than 200 troops", 200.0, INF,
     "count", "count", "troops", {"low_inclusive": False}),
    ("At least 12 people were killed in the blast.", "At least 12 people", 12.0, INF,
     "count", "count", "people", {"low_inclusive": True}),
    ("Fewer than 50 soldiers remain at the base.", "Fewer than 50 soldiers", 0.0, 50.0,
     "count", "count", "soldiers", {"high_inclusive": False}),
    ("The strike killed nearly 300 people.", "nearly 300 people", 270.0, 300.0, "count",
     "count", "people", {"approximate": True, "high_inclusive": False}),
    ("A range of 5,500 km or more is needed.", "5,500 km or more", 5500 * KM, INF, "m",
     "quantity", "range", {}),
    ("Some 300 troops took part.", "Some 300 troops", 270.0, 330.0, "count", "count",
     "troops", {"approximate": True}),
    ("No more than 10 miles separate the towns.", "No more than 10 miles", 0.0,
     10 * MILE, "m", "quantity", None, {}),
    ("The death toll rose to about 40.", "about 40", 36.0, 44.0, "count", "count", "deaths",
     {"approximate": True}),
    ("200+ troops were deployed.", "200+ troops", 200.0, INF, "count", "count", "troops", {}),
    # vague magnitudes
    ("It can strike targets hundreds of kilometers away.", "hundreds of kilometers", 100 * KM,
     1000 * KM, "m", "quantity", "range", {"high_inclusive": False, "approximate": True}),
    ("a system capable of hitting targets thousands of kilometers away",
     "thousands of kilometers", 1000 * KM, 10000 * KM, "m", "quantity", "range",
     {"high_inclusive": False}),
    ("Dozens of people gathered outside.", "Dozens of people", 24.0, 144.0, "count", "count",
     "people", {"high_inclusive": False}),
    ("Tens of thousands of protesters marched.", "Tens of thousands of protesters", 1e4, 1e5,
     "count", "count", "protesters", {}),
    ("Several hundred troops arrived.", "Several hundred troops", 300.0, 1000.0, "count",
     "count", "troops", {"approximate": True}),
    ("The war has cost billions of dollars.", "billions of dollars", 1e9, 1e10, "USD",
     "money", "cost", {}),
    # counts and written numbers
    ("Lukashenko said 'one machine' had been activated.", "one machine", 1.0, 1.0, "count",
     "count", "machine", {}),
    ("Three battalions moved north.", "Three battalions", 3.0, 3.0, "count", "count",
     "battalions", {}),
    ("A dozen people were detained.", "A dozen people", 12.0, 12.0, "count", "count", "people",
     {}),
    ("twenty-five soldiers were wounded", "twenty-five soldiers", 25.0, 25.0, "count", "count",
     "soldiers", {}),
    ("about 300 Russian troops", "about 300 Russian troops", 270.0, 330.0, "count", "count",
     "troops", {}),
    ("They found two police officers.", "two police officers", 2.0, 2.0, "count", "count",
     "officers", {}),
    ("between five and 12 seats", "between five and 12 seats", 5.0, 12.0, "count", "count",
     "seats", {}),
    ("two or three soldiers", "two or three soldiers", 2.0, 3.0, "count", "count", "soldiers",
     {}),
    ("5-10 million people", "5-10 million people", 5e6, 1e7, "count", "count", "people", {}),
    ("1.5 million people fled", "1.5 million people", 1.5e6, 1.5e6, "count", "count", "people",
     {}),
    ("5m people fled", "5m people", 5e6, 5e6, "count", "count", "people", {}),
    ("The shutdown left 800,000 workers without pay.", "800,000 workers", 8e5, 8e5, "count",
     "count", "workers", {}),
    ("33 Democrats voted for it.", "33 Democrats", 33.0, 33.0, "count", "count", "democrats",
     {}),
    # money
    ("The US pledged $5 million in aid.", "$5 million", 5e6, 5e6, "USD", "money", "aid", {}),
    ("a €2bn deal", "€2bn", 2e9, 2e9, "EUR", "money", "deal", {}),
    ("It paid 5 million dollars.", "5 million dollars", 5e6, 5e6, "USD", "money", None, {}),
    ("US$3.2 billion", "US$3.2 billion", 3.2e9, 3.2e9, "USD", "money", None, {}),
    ("a £300,000 fine", "£300,000", 3e5, 3e5, "GBP", "money", "penalty", {}),
    ("$5m", "$5m", 5e6, 5e6, "USD", "money", None, {}),
    ("about $600 million", "about $600 million", 5.4e8, 6.6e8, "USD", "money", None, {}),
    ("a contract worth 40 million pounds", "40 million pounds", 4e7, 4e7, "GBP", "money",
     "value", {}),
    ("USD 5 million", "USD 5 million", 5e6, 5e6, "USD", "money", None, {}),
    # percentages
    ("40% of voters", "40%", 40.0, 40.0, "%", "percent", None, {}),
    ("Turnout was 40 per cent.", "40 per cent", 40.0, 40.0, "%", "percent", "turnout", {}),
    ("forty percent", "forty percent", 40.0, 40.0, "%", "percent", None, {}),
    ("Inflation was 2 percentage points above target.", "2 percentage points", 2.0, 2.0, "pp",
     "percent", "inflation", {}),
    # units
    ("a 300-kilometre range", "300-kilometre", 300 * KM, 300 * KM, "m", "quantity", "range",
     {}),
    ("The wall is 5m tall.", "5m", 5.0, 5.0, "m", "quantity", "height", {}),
    ("between 5 and 10 km", "between 5 and 10 km", 5 * KM, 10 * KM, "m", "quantity", None, {}),
    ("a speed of Mach 10", "Mach 10", 3430.0, 3430.0, "m/s", "quantity", "speed", {}),
    ("5 km/h", "5 km/h", 5 * KM / 3600, 5 * KM / 3600, "m/s", "quantity", "speed", {}),
    ("a 45-year-old man", "45-year-old", 45 * 365 * 86400.0, 45 * 366 * 86400.0, "s",
     "quantity", "age", {}),
    ("The talks lasted over three days.", "three days", 3 * 86400.0, 3 * 86400.0, "s",
     "quantity", "duration", {}),
    ("1,000 tons of grain", "1,000 tons", 907184.74, 1016046.9088, "kg", "quantity", None, {}),
    ("It was 30 °C in Kyiv.", "30 °C", 30.0, 30.0, "°C", "quantity", "temperature", {}),
    ("It was 86 degrees Fahrenheit.", "86 degrees Fahrenheit", 30.0, 30.0, "°C", "quantity",
     "temperature", {}),
    ("a 10-kiloton warhead", "10-kiloton", 4.184e13, 4.184e13, "J", "quantity", "yield", {}),
    # categories with a convention
    ("capable of striking targets at intercontinental ranges", "intercontinental", 5.5e6, INF,
     "m", "category", "range", {}),
    ("an intermediate-range ballistic missile", "intermediate-range", 3e6, 5.5e6, "m",
     "category", "range", {}),
    ("a medium-range missile", "medium-range", 1e6, 3e6, "m", "category", "range", {}),
    ("short-range rockets", "short-range", 0.0, 1e6, "m", "category", "range",
     {"high_inclusive": False}),
    ("North Korea tested an ICBM on Friday.", "ICBM", 5.5e6, INF, "m", "category", "range", {}),
    ("a hypersonic missile", "hypersonic", 5 * 343.0, INF, "m/s", "category", "speed", {}),
]


@pytest.mark.parametrize(
    ("text", "span", "low", "high", "unit", "kind", "measure", "extra"), CASES,
    ids=[c[0][:40] for c in CASES],
)
def test_quantity(text: str, span: str, low: float | None, high: float | None, unit: str,
                  kind: str, measure: str | None, extra: dict[str, Any]) -> None:
    q = only(text)
    assert q.text == span
    assert text[q.start:q.end] == span
    assert (q.low is None) == (low is None) and (q.high is None) == (high is None)
    if low is not None:
        assert q.low == pytest.approx(low)
    if high is not None:
        assert q.high == pytest.approx(high)
    assert (q.unit, q.kind, q.measure) == (unit, kind, measure)
    for name, value in extra.items():
        assert getattr(q, name) == value, name


# Numbers that are no amounts: dates, times, labels, model names, scores, ordinals, idioms.
NOT_QUANTITIES = [
    "On December 19th, Lukashenko confirmed the deployment.",
    "Ryzhenkov stated on September 26, signaling an effort to reassure.",
    "On December 6, 2024, Lukashenko approached Putin.",
    "He spoke on Sept. 11 about the attack.",
    "The families of 9/11 victims sued.",
    "The F-16 jets and Su-57 fighters flew over.",
    "UN Resolution 2231 was adopted.",
    "Article 5 of the treaty applies.",
    "the 2024 election",
    "He lived there in the 1990s.",
    "The meeting starts at 3 p.m. local time.",
    "They met at 10:30 on Friday.",
    "The final score was 3-1.",
    "It followed a 97-1 vote in the Senate.",
    "5G networks are expanding.",
    "Air Force One landed.",
    "No one was hurt.",
    "One of the soldiers was hurt.",
    "the same one seized by police",
    "a three-member panel",
    "The intercontinental flights resumed.",
    "The Intermediate-Range Nuclear Forces Treaty collapsed.",
    "the potential 2012 Republican candidates",
    "since about 2010",
    "a long-range missile",
    "They will meet in May.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text: str) -> None:
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_from_to_is_two_values() -> None:
    found = find_quantities("Inflation rose from 5% to 10% last year.")
    assert [(q.text, q.low) for q in found] == [("5%", 5.0), ("10%", 10.0)]


def test_several_in_one_sentence_in_order() -> None:
    text = "The Oreshnik has a range of 5,500 km, while the Polonez-M reaches up to 300 km."
    found = find_quantities(text)
    assert [q.text for q in found] == ["5,500 km", "up to 300 km"]
    assert all(q.measure == "range" for q in found)


# --- overlaps --------------------------------------------------------------------------

def _q(text: str) -> QuantityMatch:
    return only(text)


OVERLAP_CASES = [
    ("up to 300 km", "hundreds of kilometres", True),
    ("up to 300 km", "thousands of kilometres", False),
    ("hundreds of kilometres", "thousands of kilometres", False),  # [1e5, 1e6) vs [1e6, ..)
    ("an intercontinental missile", "hundreds of kilometres", False),
    ("an intercontinental missile", "a range of 6,000 km", True),
    ("about 40 people", "42 people", True),
    ("about 40 people", "50 people", False),
    ("more than 200 troops", "200 troops", False),  # (200, inf) excludes 200
    ("at least 200 troops", "200 troops", True),
    ("300 km", "186 miles", False),  # 299.3 km
    ("$5 million", "5 million dollars", True),
    ("$5 million", "€5 million", None),  # currencies are not converted
    ("300 km", "300 troops", None),
    ("a short-range missile", "a medium-range missile", False),  # [0, 1000) vs [1000, 3000]
]


@pytest.mark.parametrize(("a", "b", "expected"), OVERLAP_CASES)
def test_overlaps(a: str, b: str, expected: bool | None) -> None:
    assert overlaps(_q(a), _q(b)) is expected
    assert overlaps(_q(b), _q(a)) is expected


def test_overlaps_tolerance() -> None:
    assert overlaps(_q("300 km"), _q("310 km")) is False
    assert overlaps(_q("300 km"), _q("310 km"), tolerance=0.05) is True


# --- properties ------------------------------------------------------------------------

VOCAB = [
    "about", "up", "to", "more", "than", "at", "least", "between", "and", "or", "hundreds",
    "of", "thousands", "tens", "dozens", "a", "dozen", "one", "two", "twenty", "-", "five",
    "million", "bn", "$", "€", "£", "US", "%", "per", "cent", "km", "miles", "kilometres",
    "300", "1,000", "2.5", "2024", "5m", "19th", "troops", "people", "range", "away", "the",
    "December", "F", "-16", "9/11", "3-1", "Mach", "intercontinental", "range", "ICBM", ".",
    ",", "’", "nearly", "over", "plus", "+", "or more", "old", "year", "km/h", "°", "C",
    "several", "few", "some", "zero", "no", "n't", "USD", "5", "0", "00",
]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        _check_interval(q)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=14).map(" ".join))
def test_number_soup_never_raises(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        _check_interval(q)


def _check_interval(q: QuantityMatch) -> None:
    for v in (q.low, q.high):
        assert v is None or not math.isnan(v)
    if q.low is not None and q.high is not None:
        assert q.low <= q.high


def _number_text(n: float, commas: bool) -> str:
    if float(n).is_integer():
        return f"{int(n):,}" if commas else str(int(n))
    return f"{n:,}" if commas else repr(n)


NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(float),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False,
                allow_infinity=False).map(float),
)
UNIT_FACTORS = {"km": KM, "kilometers": KM, "miles": MILE, "mi": MILE, "m": 1.0}


@settings(max_examples=300, deadline=None)
@given(NUMBERS, st.sampled_from(sorted(UNIT_FACTORS)), st.booleans(),
       st.sampled_from(["", "about ", "up to ", "at least ", "nearly ", "some "]))
def test_interval_holds_the_number(n: float, unit: str, commas: bool, modifier: str) -> None:
    text = f"The launcher can reach {modifier}{_number_text(n, commas)} {unit}."
    q = only(text)
    value = n * UNIT_FACTORS[unit]
    assert q.unit == "m"
    assert q.low is not None and q.low <= value * (1 + 1e-12)
    assert q.high is None or value <= q.high * (1 + 1e-12)
    if modifier == "about ":
        assert q.approximate


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**7))
def test_about_n_contains_n(n: int) -> None:
    q = only(f"The toll rose to about {n:,}.")
    assert q.low is not None and q.high is not None
    assert q.low <= n <= q.high and q.approximate


# --- the stage -------------------------------------------------------------------------

def test_stage_fills_quantities_and_is_idempotent() -> None:
    text = ("Belarus said up to 300 km. Analysts said it can reach thousands of kilometers. "
            "About 40 people were hurt.")
    article = Article(id="a1", text=text)
    stage = QuantityStage(use_parse=False)
    stage([article])
    first = [(q.span.text, q.low, q.high) for q in article.quantities]
    stage([article])
    assert [(q.span.text, q.low, q.high) for q in article.quantities] == first
    assert len(first) == 3
    assert article.annotated_by.count("quantities") == 1
    for q in article.quantities:
        assert q.span.article == "a1"
        assert text[q.span.start:q.span.end] == q.span.text


def test_parse_sharpens_what_is_counted() -> None:
    from triangulate.errors import TriangulateError
    from triangulate.models.language import load_spacy

    try:
        nlp = load_spacy()
    except TriangulateError as exc:
        pytest.skip(str(exc))
    text = "They fired one long-range missile and deployed three rocket launchers."
    found = {q.text: q.measure for q in find_quantities(text, nlp(text))}
    assert found.get("one long-range missile") == "missile"
    assert found.get("three rocket launchers") == "launchers"


def test_seed_reports_disagree_on_range(seeds_dir: Path) -> None:
    """The real reports: range figures that cannot all be true are found as intervals."""
    ranges = []
    for path in sorted(seeds_dir.glob("*.txt")):
        ranges += [q for q in find_quantities(path.read_text(encoding="utf-8"))
                   if q.unit == "m" and q.measure == "range"]
    assert len(ranges) >= 3
    assert any(overlaps(a, b) is False for a in ranges for b in ranges)
