"""Split an article's text at span boundaries into properly nested highlight tokens.

Spans may nest or cross (a quote inside a claim, two findings sharing words). The text
is cut at every span boundary; each piece is wrapped in the marks that cover it, and a
span crossing another is closed and reopened so the markup always nests. The first piece
of each span carries its anchor id, so a link can land on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Mark:
    """A span to highlight: ``classes`` style it, ``anchor`` names its first piece."""

    start: int
    end: int
    anchor: str
    classes: str = ""
    title: str = ""


@dataclass(frozen=True)
class Token:
    kind: Literal["text", "open", "close"]
    text: str = ""
    anchor: str = ""  # only on the opening of a span's first piece
    classes: str = ""
    title: str = ""


def highlight(text: str, marks: list[Mark]) -> list[Token]:
    """Tokens that rebuild ``text`` exactly, with every mark opened and closed in order."""
    marks = sorted({m.anchor: m for m in marks}.values(),
                   key=lambda m: (m.start, -m.end, m.anchor))
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    tokens: list[Token] = []
    stack: list[Mark] = []
    for i, here in enumerate(cuts):
        nxt = cuts[i + 1] if i + 1 < len(cuts) else here
        covering = [m for m in marks if m.start <= here and nxt <= m.end] if nxt > here else []
        keep = 0
        while keep < len(stack) and keep < len(covering) and stack[keep] is covering[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            tokens.append(Token("close"))
        stack = stack[:keep]
        for m in covering[keep:]:
            first = m.start == here
            tokens.append(Token("open", anchor=m.anchor if first else "", classes=m.classes,
                                title=m.title))
            stack.append(m)
        # an empty span still needs a place to land
        for m in marks:
            if m.start == m.end == here:
                tokens += [Token("open", anchor=m.anchor, classes=m.classes, title=m.title),
                           Token("close")]
        if nxt > here:
            tokens.append(Token("text", text=text[here:nxt]))
    tokens += [Token("close") for _ in stack]
    return tokens
