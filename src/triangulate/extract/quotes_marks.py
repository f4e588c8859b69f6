"""Pairing quotation marks in plain text, telling quotes from apostrophes.

Works on text alone, so it is cheap and never depends on a parse. Rules:

* curly marks say which side they are on (“ ‘ open, ” ’ close); straight marks (" ')
  are decided by what stands beside them, as a reader would;
* ’ and ' between two letters are apostrophes (don’t, Russia’s); after an s they may
  be a possessive (Belarus’ army) or a closing mark (the ‘Iskanders’ and ...): they
  close a quote only when no later closing mark in the paragraph could do it;
* a quote may hold another one (nested: ‘The ‘Oreshnik’ is ...’);
* a quote left open at the end of a paragraph continues when the next paragraph opens
  with the same kind of mark (the convention for quotes running over paragraphs);
  otherwise a double quote ends with its paragraph and a lone single mark is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

DOUBLE = "double"
SINGLE = "single"

_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‛‹`"
_SINGLE_CLOSE = "›"
MARK_CHARS = frozenset('"“”„‟«»‘’‚‛‹›\'`')
# characters after which a mark opens / before which a mark closes
_BEFORE_OPEN = "([{—–-/:;,…" + "".join(MARK_CHARS)
_AFTER_CLOSE = ".,;:!?)]}—–-…/" + "".join(MARK_CHARS)
# an s, x or z before ’ may end a possessive (Belarus’, Jones’, Marx’)
_POSSESSIVE_END = "sSxXzZ"
# leading elisions written with an apostrophe, not quotes: '90s, 'em, 'tis, rock 'n' roll
_ELISION = re.compile(r"(?:\d\d(?:s\b|\b)|em\b|tis\b|twas\b|til\b|cause\b|n\b|bout\b|round\b)",
                      re.IGNORECASE)
_MAX_DEPTH = 4


class Role(Enum):
    OPEN = 1
    CLOSE = 2
    EITHER = 3  # a straight mark that could open or close: the open quotes decide
    POSSESSIVE = 4  # closes only when nothing later in the paragraph can close
    LOOSE = 5  # a straight mark between spaces: closes an open quote, opens nothing


@dataclass(frozen=True, slots=True)
class Mark:
    pos: int
    width: int
    family: str  # DOUBLE | SINGLE
    role: Role
    straight: bool


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Text between paired marks, the marks included. ``end`` is exclusive."""

    start: int
    end: int
    family: str
    depth: int  # 0 for a quote not inside another
    closed: bool  # False when the paragraph ended before a closing mark

    @property
    def inner_start(self) -> int:
        return self.start + 1

    def inner_end(self, text: str) -> int:
        end = self.end
        if self.closed and end > self.start and text[end - 1] in MARK_CHARS:
            end -= 2 if text[self.start:self.start + 2] in ("``", "''") else 1
        return max(end, self.inner_start)


def _side(ch: str, before: bool) -> bool:
    """Whether ``ch`` (a neighbour of a mark) lets it open (before) or close (after)."""
    if ch.isspace() or ch == "":
        return True
    return ch in (_BEFORE_OPEN if before else _AFTER_CLOSE)


def classify_mark(text: str, pos: int) -> Mark | None:
    """The role of the quotation-mark character at ``pos``, None for an apostrophe."""
    ch = text[pos]
    width = 2 if text[pos:pos + 2] in ("``", "''") else 1
    prev = text[pos - 1] if pos > 0 else ""
    nxt = text[pos + width] if pos + width < len(text) else ""
    can_open = _side(prev, before=True) and nxt != "" and not nxt.isspace()
    can_close = prev != "" and not prev.isspace() and _side(nxt, before=False)
    if width == 2 or ch == '"':
        straight = ch != "`"
        if ch == "`":
            return Mark(pos, width, DOUBLE, Role.OPEN, False)
        if can_open and not can_close:
            return Mark(pos, width, DOUBLE, Role.OPEN, straight)
        if can_close and not can_open:
            return Mark(pos, width, DOUBLE, Role.CLOSE, straight)
        if can_open and can_close:
            return Mark(pos, width, DOUBLE, Role.EITHER, straight)
        if prev.isspace() and (nxt.isspace() or nxt == ""):
            return Mark(pos, width, DOUBLE, Role.LOOSE, straight)  # 'this, " Trump said'
        return None
    if ch in _DOUBLE_OPEN:
        if can_close and not can_open:
            return Mark(pos, 1, DOUBLE, Role.CLOSE, False)  # misused: 'here,“ said Jim'
        return Mark(pos, 1, DOUBLE, Role.OPEN, False)
    if ch in _DOUBLE_CLOSE:
        if can_open and not can_close and nxt.isalnum():
            return Mark(pos, 1, DOUBLE, Role.OPEN, False)  # misused: '⏎”Mr. Trump is ...'
        return Mark(pos, 1, DOUBLE, Role.CLOSE, False)
    if ch in _SINGLE_CLOSE:
        return Mark(pos, 1, SINGLE, Role.CLOSE, False)
    if prev.isalnum() and nxt.isalnum():
        return None  # an apostrophe inside a word, whatever glyph was used
    if ch in _SINGLE_OPEN:
        if nxt == "" or nxt.isspace() or _ELISION.match(text, pos + 1):
            return None
        return Mark(pos, 1, SINGLE, Role.OPEN, False)
    straight = ch == "'"
    if can_open and not can_close:
        if not straight or _ELISION.match(text, pos + 1):
            return None  # ’90s, ’em: a leading apostrophe
        return Mark(pos, 1, SINGLE, Role.OPEN, True)
    if can_close or (prev and not prev.isspace() and not prev.isalnum()):
        role = Role.POSSESSIVE if prev and prev in _POSSESSIVE_END else Role.CLOSE
        return Mark(pos, 1, SINGLE, role, straight)
    return None


def _marks(text: str) -> list[Mark]:
    out: list[Mark] = []
    pos = 0
    n = len(text)
    while pos < n:
        if text[pos] in MARK_CHARS:
            mark = classify_mark(text, pos)
            width = 2 if text[pos:pos + 2] in ("``", "''") else 1
            if mark is not None:
                out.append(mark)
            pos += width
        else:
            pos += 1
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line-delimited blocks without their edge whitespace; empty lines dropped."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _rstrip_to(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted passage in ``text``, nested ones too, sorted by start offset."""
    marks = _marks(text)
    paragraphs = _paragraphs(text)
    by_para: list[list[Mark]] = [[] for _ in paragraphs]
    pi = 0
    for mark in marks:
        while pi < len(paragraphs) and paragraphs[pi][1] <= mark.pos:
            pi += 1
        if pi < len(paragraphs) and paragraphs[pi][0] <= mark.pos:
            by_para[pi].append(mark)
    out: list[QuotedSpan] = []
    carried: Mark | None = None  # an outer quote running on from the previous paragraph
    prev_end = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        para_marks = by_para[index]
        stack: list[Mark] = []
        skip_first = False
        if carried is not None:
            if para_marks and para_marks[0].pos == p_start and para_marks[0].family == \
                    carried.family and para_marks[0].role in (Role.OPEN, Role.EITHER):
                stack.append(carried)
                skip_first = True
            else:
                _close_unclosed(text, carried, prev_end, out)
            carried = None
        closers = _closers_after(para_marks)
        for k, mark in enumerate(para_marks):
            if skip_first and k == 0:
                continue
            _step(text, mark, closers[mark.family][k + 1], stack, out)
        if stack:
            outer = stack[0]  # inner quotes left open with it are dropped
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            nxt_marks = by_para[index + 1] if nxt else []
            if nxt and nxt_marks and nxt_marks[0].pos == nxt[0] and \
                    nxt_marks[0].family == outer.family:
                carried = outer
                prev_end = p_end
            else:
                _close_unclosed(text, outer, p_end, out)
    if carried is not None:
        _close_unclosed(text, carried, len(text), out)
    out.sort(key=lambda q: (q.start, -q.end))
    return out


def _close_unclosed(text: str, opener: Mark, end: int, out: list[QuotedSpan]) -> None:
    # a lone single mark left open is far more often a stray apostrophe than a quote
    if opener.family == SINGLE:
        return
    end = _rstrip_to(text, opener.pos, end)
    if end > opener.pos + opener.width:
        _emit(text, opener, end, False, 0, out)


def _emit(text: str, opener: Mark, end: int, closed: bool, depth: int,
          out: list[QuotedSpan]) -> None:
    if end > opener.pos:
        out.append(QuotedSpan(start=opener.pos, end=end, family=opener.family, depth=depth,
                              closed=closed))


def _closers_after(marks: list[Mark]) -> dict[str, list[int]]:
    """Per family, how many quotes the marks from index ``k`` on can still close, for every
    ``k`` (closing marks less opening ones). Counted once from the end, so that a paragraph
    of thousands of marks is not rescanned for each of them."""
    net = {DOUBLE: [0] * (len(marks) + 1), SINGLE: [0] * (len(marks) + 1)}
    for k in range(len(marks) - 1, -1, -1):
        for counts in net.values():
            counts[k] = counts[k + 1]
        mark = marks[k]
        if mark.role is Role.CLOSE:
            net[mark.family][k] += 1
        elif mark.role is Role.OPEN:
            net[mark.family][k] -= 1
    return net


def _step(text: str, mark: Mark, later_closers: int, stack: list[Mark],
          out: list[QuotedSpan]) -> None:
    """Pair ``mark`` with the open quotes on ``stack``; ``later_closers`` is how many quotes
    of its family the rest of the paragraph can close."""
    open_same = [i for i, m in enumerate(stack) if m.family == mark.family]
    role = mark.role
    if role is Role.EITHER:
        role = Role.CLOSE if open_same else Role.OPEN
    elif role is Role.LOOSE:
        if not open_same:
            return
        role = Role.CLOSE
    elif role is Role.POSSESSIVE:
        if not open_same or later_closers >= len(open_same):
            return  # a possessive apostrophe: a later mark closes the quote
        role = Role.CLOSE
    if role is Role.OPEN:
        if mark.family == DOUBLE and open_same and \
                stack[open_same[-1]].straight == mark.straight and \
                later_closers <= len(open_same):
            # the same double mark again, and too few closing marks after it for both to
            # close: the previous quote was never closed (else it holds this one:
            # “I'd rather live in what he calls “hell” than ...”)
            top = open_same[-1]
            _emit(text, stack[top], _rstrip_to(text, stack[top].pos, mark.pos), False, top, out)
            del stack[top:]
        if len(stack) < _MAX_DEPTH:
            stack.append(mark)
        return
    if not open_same:
        return  # a closing mark with nothing open: an apostrophe or a stray mark
    top = open_same[-1]
    _emit(text, stack[top], mark.pos + mark.width, True, top, out)
    del stack[top:]


def top_level(spans: list[QuotedSpan]) -> list[QuotedSpan]:
    """The quotes not inside another one."""
    out: list[QuotedSpan] = []
    for span in spans:
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out
