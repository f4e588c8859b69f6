"""Properties of the text-parsing extraction rules, beyond "never raises" (tests/extract):

* locality: a paragraph that holds no number, date or quote, put before the text,
  changes nothing but the offsets, which all move by its length;
* quoted spans nest or are disjoint, open on a quotation mark and, when closed, end on
  one; inner bounds lie inside;
* time: text of a realistic length made of one repeated unit (digits, commas, quotation
  marks, month names ...) is processed within a bound, so no rule is quadratic (or
  worse) on a long run of what it looks for.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triangulate.extract.dates import find_times
from triangulate.extract.quantities import find_quantities
from triangulate.extract.quotes_marks import MARK_CHARS, find_quoted_spans

PUBLISHED = "2024-12-19"
# A first paragraph with nothing any rule looks for.
NEUTRAL = "Hello there.\n\n"

SOUP_WORDS = [
    "about", "up", "to", "more", "than", "at", "least", "between", "and", "hundreds", "of",
    "dozens", "a", "one", "twenty", "-", "million", "$", "€", "%", "per", "cent", "km",
    "miles", "300", "1,000", "2.5", "2024", "5m", "19th", "troops", "people", "December",
    "-16", "9/11", "3-1", "ICBM", ".", ",", "’", "nearly", "over", "+", "km/h", "°", "C",
    "\n", "\n\n", "Monday", "last", "week", "next", "year", "ago", "days", "Dec.", "19",
    "p.m.", "10", "morning", "since", "March", "on", "the", "said", "Tuesday", "1990s",
    "mid-", "early", "“", "”", "‘", "’", '"', "'", "«", "»", "don’t", "Russia’s", "Jones’",
]
SOUP = st.lists(st.sampled_from(SOUP_WORDS), max_size=40).map(" ".join)
MARKY = st.text(alphabet=st.sampled_from(list("ab Zs.,:;\n'\"“”‘’`«»—-")), max_size=200)
ANY_TEXT = st.one_of(SOUP, MARKY, st.text(max_size=150))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_quantities_do_not_depend_on_an_unrelated_paragraph(text: str) -> None:
    alone = find_quantities(text)
    assert [(q.start, q.end) for q in alone] == sorted((q.start, q.end) for q in alone)
    n = len(NEUTRAL)
    shifted = [(q.start - n, q.end - n, q.text, q.low, q.high, q.unit, q.kind)
               for q in find_quantities(NEUTRAL + text)]
    assert shifted == [(q.start, q.end, q.text, q.low, q.high, q.unit, q.kind) for q in alone]


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.sampled_from([PUBLISHED, None]))
def test_times_do_not_depend_on_an_unrelated_paragraph(text: str, published: str | None) -> None:
    n = len(NEUTRAL)
    shifted = [(s - n, e - n, kind, value)
               for s, e, kind, value in find_times(NEUTRAL + text, published)]
    assert shifted == find_times(text, published)


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_quoted_spans_nest_and_sit_on_marks(text: str) -> None:
    spans = find_quoted_spans(text)
    assert spans == sorted(spans, key=lambda q: (q.start, -q.end))
    for q in spans:
        assert text[q.start] in MARK_CHARS
        assert not q.closed or text[q.end - 1] in MARK_CHARS
        assert q.inner_start <= q.inner_end(text) <= q.end
    for i, outer in enumerate(spans):
        for inner in spans[i + 1:]:
            assert inner.end <= outer.end or inner.start >= outer.end, (outer, inner)
    n = len(NEUTRAL)
    shifted = [(q.start - n, q.end - n, q.family, q.depth, q.closed)
               for q in find_quoted_spans(NEUTRAL + text)]
    assert shifted == [(q.start, q.end, q.family, q.depth, q.closed) for q in spans]


# --- time -------------------------------------------------------------------------------

LENGTH = 16_000  # characters: a long article
BOUND_SECONDS = 5.0  # ten times what a linear pass takes here, on a busy machine

RULES: dict[str, Callable[[str], object]] = {
    "quantities": find_quantities,
    "times": lambda text: find_times(text, PUBLISHED),
    "quoted spans": find_quoted_spans,
}
UNITS = ["1,", "1.", "12 ", "- ", "about ", "Dec. ", "19 ", "'s ", "' ", '"a', "up to ",
         "$1m ", "10 p.m. ", "last ", "hundreds of ", "1-", "1/", "mid-", "Monday, ", "\n",
         "x", "2024-12-19 ", "“a” ", "‘", "«", "0", "a1", '"', "'", "’", ",", " "]
# Runs that once took quadratic time get a longer text, where a quadratic pass would take
# well over the bound (about 10 s for 50,000 quotation marks, minutes for 50,000 digits)
# and a linear one under a second: the date windows were once widened over the whole run
# of letters and digits once per digit, and each quotation mark counted all later ones.
LONGER = {(rule, unit): 50_000 for rule, unit in [
    ("times", "0"), ("times", "a1"), ("quoted spans", '"'), ("quoted spans", "“"),
    ("quoted spans", "‘"), ("quoted spans", "«"),
]}


class TooSlow(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TooSlow in this thread after ``seconds`` (the rule is pure Python)."""
    def stop(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("rule", "unit"), [
    pytest.param(rule, unit, id=f"{rule}-{unit!r}") for rule in RULES for unit in UNITS])
def test_a_long_run_of_one_unit_is_processed_in_bounded_time(rule: str, unit: str) -> None:
    text = unit * (LONGER.get((rule, unit), LENGTH) // len(unit))
    start = time.perf_counter()
    with time_limit(BOUND_SECONDS):
        RULES[rule](text)
    assert time.perf_counter() - start < BOUND_SECONDS
