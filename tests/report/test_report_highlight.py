"""highlight: spans that nest, cross or are empty still give well-formed marks."""

from __future__ import annotations

import pytest

from triangulate.report.highlight import Mark, Token, highlight

TEXT = "Officials said 1,200 people left Marlow on Tuesday."


def render(tokens: list[Token]) -> str:
    out = []
    for t in tokens:
        if t.kind == "text":
            out.append(t.text)
        elif t.kind == "open":
            out.append(f"[{t.anchor}:" if t.anchor else "[:")
        else:
            out.append("]")
    return "".join(out)


def m(needle: str, anchor: str) -> Mark:
    start = TEXT.index(needle)
    return Mark(start, start + len(needle), anchor)


@pytest.mark.parametrize(("marks", "expected"), [
    ([], TEXT),
    ([m("1,200 people", "a")], "Officials said [a:1,200 people] left Marlow on Tuesday."),
    ([m("1,200 people left Marlow", "a"), m("people", "b")],
     "Officials said [a:1,200 [b:people] left Marlow] on Tuesday."),
    # crossing spans: the second is closed and reopened without an id
    ([m("1,200 people", "a"), m("people left", "b")],
     "Officials said [a:1,200 [b:people]][: left] Marlow on Tuesday."),
    ([m("Officials", "a"), m("Officials", "a")], "[a:Officials] said 1,200 people left "
     "Marlow on Tuesday."),
    ([Mark(0, 0, "e"), Mark(len(TEXT), len(TEXT), "z")],
     "[e:]" + TEXT + "[z:]"),
    ([m("Marlow on Tuesday.", "a"), Mark(TEXT.index("on"), TEXT.index("on"), "e")],
     "Officials said 1,200 people left [a:Marlow [e:]on Tuesday.]"),
])
def test_highlight(marks: list[Mark], expected: str) -> None:
    tokens = highlight(TEXT, marks)
    assert render(tokens) == expected
    assert "".join(t.text for t in tokens) == TEXT
    depth = 0
    for t in tokens:
        depth += {"open": 1, "close": -1, "text": 0}[t.kind]
        assert depth >= 0
    assert depth == 0
