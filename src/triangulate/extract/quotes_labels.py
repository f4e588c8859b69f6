"""Speakers named as labels rather than in a sentence.

Three layouts news uses for this, with the punctuation as the cue, as PolNeAR marks it:

* a name set before a quote: ``Pew Research: “...”``, ``SANDERS: “...”``;
* a name signed under or after a quote: ``“...”⏎― Bernie Sanders``;
* a line that opens with a short name and a colon: transcripts (``WALLACE: Let's start
  ...``) and headlines (``Pat Caddell: Democrats Worried About ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from triangulate.extract.quotes_lexicon import NOT_SPEAKER_LABELS

_DASHES = "-–—―"
_BEFORE = re.compile(rf"(?:^|[{_DASHES}]\s)([^:\n{_DASHES}]{{2,60}}):\s*$")
_AFTER = re.compile(rf"[ \t\xa0]*\n?\s*([{_DASHES}])\s*([^\n]{{2,60}}?)\.?\s*?(?:\n|$)")
# a line label: optional opening mark, a name of up to five words, a colon, the words
_LINE = re.compile(r"[\"“‘']?([A-Z][\w.'’&-]*(?:[ \xa0][A-Z][\w.'’&-]*){0,4})[ \xa0]?:[ \xa0]+"
                   r"(?=\S)")
# labels that introduce something other than a speaker's words
_NOT_SPEAKERS = NOT_SPEAKER_LABELS
_MIN_WORDS = 3  # a line label's words: a phrase at least, not one word after a colon


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker given as a label: the name's head token and the punctuation cue."""

    name: Token
    cue_at: tuple[int, int]


@dataclass(frozen=True, slots=True)
class LineLabel:
    """A line opening with a name and a colon: the label and the words after it."""

    label: Label
    start: int
    end: int


def label_before(text: str, doc: Doc, quote_start: int) -> Label | None:
    """A name set before a quote as a label: "Pew Research: “...”"."""
    line_start = text.rfind("\n", 0, quote_start) + 1
    m = _BEFORE.search(text[line_start:quote_start])
    if m is None:
        return None
    name = name_in(doc, line_start + m.start(1), line_start + m.end(1))
    colon = line_start + m.end(1)
    return Label(name, (colon, colon + 1)) if name is not None else None


def label_after(text: str, doc: Doc, quote_end: int) -> Label | None:
    """A name signed under or after a quote: “...”⏎― Bernie Sanders."""
    m = _AFTER.match(text, quote_end)
    if m is None:
        return None
    start, end = m.start(2), m.end(2)
    while end > start and text[end - 1].isspace():
        end -= 1
    name = name_in(doc, start, end)
    return Label(name, (m.start(1), m.end(1))) if name is not None else None


def line_labels(text: str, doc: Doc, paragraph_starts: list[int]) -> list[LineLabel]:
    """Lines that open with a speaker's name and a colon, with the words after it."""
    out: list[LineLabel] = []
    for k, p_start in enumerate(paragraph_starts):
        p_end = paragraph_starts[k + 1] if k + 1 < len(paragraph_starts) else len(text)
        m = _LINE.match(text, p_start, p_end)
        if m is None or m.group(1).lower().strip(".") in _NOT_SPEAKERS:
            continue
        name = name_in(doc, m.start(1), m.end(1), uppercase=True)
        if name is None or name.ent_type_ in ("GPE", "DATE", "TIME", "LOC"):
            continue
        end = p_end
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        if k == 0 and text[end - 1] == "." and not m.group(1).isupper():
            # a title ("Poll: Clinton leads."): its claim as reported words, without the
            # stop put after it; a transcript's turn ("WALLACE: ...") keeps it
            end -= 1
        if len(text[m.end():end].split()) < _MIN_WORDS:
            continue
        colon = text.index(":", m.end(1))
        out.append(LineLabel(Label(name, (colon, colon + 1)), m.end(), end))
    return out


def name_in(doc: Doc, start: int, end: int, uppercase: bool = False) -> Token | None:
    """The head of a short proper name filling ``start:end`` exactly, else None; with
    ``uppercase``, a name written in capitals ("WALLACE") counts whatever its tag."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not 0 < len(span) <= 6:
        return None
    if uppercase and len(span) == 1 and span[0].is_title and span[0].pos_ == "NOUN":
        return span[0]  # "Sanders: ...", "Poll: ...": a one-word label the tagger misread
    if not all(tok.pos_ == "PROPN" or tok.lower_ in ("and", "&", ".", "-") or
               (uppercase and tok.is_upper and len(tok) > 1) for tok in span):
        return None
    return max((tok for tok in span if tok.pos_ == "PROPN" or tok.is_upper),
               key=lambda tok: tok.i, default=None)
