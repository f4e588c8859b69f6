"""Which way a bare "Friday" or "Dec. 19" points: the tense of the words around it.

News dates an event by its weekday or month and day, with no year or week: "said
Friday" is the Friday before publication, "will meet Friday" the one after. The verb
nearest the expression in its sentence decides; without one the caller falls back to
the nearest date.
"""

from __future__ import annotations

import re

PAST, UNKNOWN, FUTURE = -1, 0, 1

_FUTURE = (r"(?:will|won't|wo|'ll|\u2019ll|shall|would)(?:\s+not)?(?:\s+(?:be|have))?"
           r"(?:\s+[a-z]+ed)?"
           r"|gonna|going\s+to|is\s+to|are\s+to|was\s+to"
           r"|were\s+to|(?:due|set|scheduled|expected|slated|poised|planning)\s+to"
           r"|scheduled|slated|upcoming|plans?\s+to|intends?\s+to|expects?"
           r"|next(?!\s+to)|tomorrow|as\s+(?:soon|early)\s+as|no\s+later\s+than|until|till")
_PAST_IRREGULAR = (
    "said|was|were|had|did|told|ago|met|made|took|gave|saw|left|fell|rose|won|lost|held"
    "|began|came|went|got|put|set|hit|cut|led|paid|sent|spent|brought|bought|sold|found"
    "|thought|felt|kept|knew|meant|ran|shot|struck|spoke|wrote|broke|chose|drove|flew"
    "|fought|caught|taught|stood|sat|became|began|heard|yesterday|last|earlier|previously"
    "|overnight|already|been"
)
# Words ending in -ed that are rarely past-tense verbs in news.
_NOT_PAST_ED = frozenset({"need", "indeed", "speed", "feed", "seed", "bed", "red", "shed",
                          "proceed", "exceed", "succeed", "bleed", "breed", "creed", "greed",
                          "hundred", "united", "limited", "based", "related", "expected",
                          "scheduled", "planned", "supposed", "used", "proposed"})
_CUE = re.compile(
    rf"\b(?P<future>{_FUTURE})\b|\b(?P<past>{_PAST_IRREGULAR})\b|\b(?P<ed>[a-z]{{3,}}ed)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"'\u201c])|\n")


_WORD_BEFORE = re.compile(r"(\w+)$")
# A full stop after these does not end a sentence: "10 a.m. EST", "Mr. Smith", "Dec. 6".
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
    "capt", "prof", "rev", "no", "vs", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun",
})


def _ends_sentence(text: str, stop: re.Match[str]) -> bool:
    if text[stop.start()] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, stop.start() - 12), stop.start())
    return word is None or (len(word.group(1)) > 1 and word.group(1).lower() not in _ABBREVIATIONS)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence around ``start:end`` (a light, rule-based guess)."""
    left = max(0, start - 300)
    begin = left
    for m in _SENTENCE_END.finditer(text, left, start):
        if _ends_sentence(text, m):
            begin = m.end()
    # from the expression's last character: a full stop it swallowed may end the sentence
    limit = min(len(text), end + 300)
    for stop in _SENTENCE_END.finditer(text, max(start, end - 1), limit):
        if _ends_sentence(text, stop):
            return begin, stop.start() + 1
    return begin, limit


def tense_at(text: str, start: int, end: int) -> int:
    """PAST, FUTURE or UNKNOWN for an expression at ``start:end``: its nearest verb cue."""
    if re.match(r"['\u2019]s\b", text[end:end + 3]):
        return UNKNOWN  # "Wednesday's ruling" names an event; the verb is about something else
    begin, finish = sentence_bounds(text, start, end)
    best: tuple[int, int] | None = None  # (distance, tense)
    for m in _CUE.finditer(text, begin, finish):
        if start <= m.start() < end:
            continue
        word = m.group(0).lower()
        if m.group("future"):
            tense = FUTURE
        elif m.group("past"):
            tense = PAST
        elif word in _NOT_PAST_ED or word.startswith("un"):
            continue  # "unnamed", "untouched": adjectives, not verbs
        else:
            tense = PAST
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else UNKNOWN
