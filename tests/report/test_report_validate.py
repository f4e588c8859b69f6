"""validate_report: the schema, and the span and id rules a schema cannot state."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from triangulate.errors import Err, TriangulateError
from triangulate.report import validate_report

Report = dict[str, Any]


def _set(path: str, value: Any) -> Callable[[Report], None]:
    """A mutation setting ``path`` (dots and [i]) to ``value``."""
    def mutate(report: Report) -> None:
        *parents, last = _parts(path)
        node: Any = report
        for part in parents:
            node = node[part]
        node[last] = value
    return mutate


def _delete(path: str) -> Callable[[Report], None]:
    def mutate(report: Report) -> None:
        *parents, last = _parts(path)
        node: Any = report
        for part in parents:
            node = node[part]
        del node[last]
    return mutate


def _parts(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in path.replace("[", ".[").split("."):
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return [p for p in parts if p != ""]


def _duplicate_claim(report: Report) -> None:
    report["claims"][1]["id"] = report["claims"][0]["id"]


BROKEN: list[tuple[str, Callable[[Report], None], list[str]]] = [
    ("missing article field", _delete("articles[0].title"), ["$.articles[0]", "'title'"]),
    ("missing top-level part", _delete("timeline"), ["$", "'timeline'"]),
    ("wrong version", _set("version", 2), ["$.version"]),
    ("published not a date", _set("articles[0].published", "3 December 2024"),
     ["$.articles[0].published"]),
    ("offset not an integer", _set("quotes[0].start", "12"), ["$.quotes[0].start"]),
    ("negative offset", _set("claims[0].start", -1), ["$.claims[0].start"]),
    ("unknown finding kind", _set("findings[0].kind", "rumour"), ["$.findings[0].kind"]),
    ("finding without evidence", _set("findings[0].evidence", []),
     ["$.findings[0].evidence"]),
    ("timeline date in words", _set("timeline[0].date", "December 3"), ["$.timeline[0].date"]),
    ("similarity above one", _set("families[0].similarity", 1.5), ["$.families[0].similarity"]),
    ("quote text differs", _set("quotes[0].text", "We have seen water this high"),
     ["$.quotes[0]", "is not article 'gazette-1' text["]),
    ("evidence text differs", _set("findings[1].evidence[0].text", "1,300 residents"),
     ["$.findings[1].evidence[0]", "'1,300 residents'"]),
    ("timeline span differs", _set("timeline[1].start", 0), ["$.timeline[1]"]),
    ("claim value span differs", _set("claims[1].values[0].end", 3),
     ["$.claims[1].values[0]"]),
    ("subject span differs", _set("claims[1].subject_span.start", 1),
     ["$.claims[1].subject_span"]),
    ("quote cue span differs", _set("quotes[0].cue_span.text", "said"),
     ["$.quotes[0].cue_span"]),
    ("alignment span incomplete", _delete("families[0].alignment[0].left.start"),
     ["$.families[0].alignment[0].left", "'start'"]),
    ("span past the end", _set("claims[0].end", 10_000), ["$.claims[0]", "outside article"]),
    ("unknown evidence article", _set("findings[0].evidence[0].article", "nope"),
     ["$.findings[0].evidence[0]", "'nope' is not an id in articles"]),
    ("unknown story article", _set("stories[0].articles", ["gazette-1", "ghost"]),
     ["$.stories[0].articles", "'ghost'"]),
    ("unknown finding story", _set("findings[2].story", "s9"),
     ["$.findings[2].story", "'s9' is not an id in stories"]),
    ("unknown evidence claim", _set("findings[1].evidence[0].claim", "c-none"),
     ["$.findings[1].evidence[0].claim", "'c-none'"]),
    ("unknown speaker entity", _set("quotes[0].speaker_entity", "e-none"),
     ["$.quotes[0].speaker_entity"]),
    ("duplicate claim id", _duplicate_claim, ["$.claims[1].id", "duplicate id"]),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_broken_report_is_rejected_with_its_path(report: Report,
                                                 mutate: Callable[[Report], None],
                                                 expected: list[str]) -> None:
    broken = copy.deepcopy(report)
    mutate(broken)
    with pytest.raises(TriangulateError) as caught:
        validate_report(broken)
    assert caught.value.err is Err.REPORT_INVALID
    message = str(caught.value)
    assert message.startswith("report does not follow the contract: ")
    assert message.endswith("[T301]")
    for piece in expected:
        assert piece in message


@pytest.mark.parametrize("date", ["2024-12-06", "2024-12", "2024", "--12-19", "--12",
                                  "2024-W51", "2024-12-06T14:30", "2024-12-06T14:30:00Z"])
def test_timeline_dates_as_precise_as_the_text(report: Report, date: str) -> None:
    report["timeline"][0]["date"] = date
    validate_report(report)


@pytest.mark.parametrize("date", ["2024-13", "24-12-06", "2024-12-32", "-12-19", "PRESENT_REF",
                                  "", "2024-12-06 "])
def test_timeline_dates_that_are_not_iso(report: Report, date: str) -> None:
    report["timeline"][0]["date"] = date
    with pytest.raises(TriangulateError, match=r"\$\.timeline\[0\]\.date"):
        validate_report(report)


def test_added_fields_are_allowed(report: Report) -> None:
    report["articles"][0]["byline"] = "Staff"
    report["findings"][0]["note"] = {"reviewed": True}
    report["extra_part"] = []
    validate_report(report)


def test_long_mismatch_is_shortened(report: Report) -> None:
    report["claims"][0]["text"] = "x" * 5000
    with pytest.raises(TriangulateError) as caught:
        validate_report(report)
    assert len(str(caught.value)) < 400
