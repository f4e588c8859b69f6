"""Quantities: numbers with what they count or measure, as intervals in base units.

"up to 300 km" becomes [0, 300000] m, "about 40 troops" [36, 44] troops (approximate),
"more than 200 troops" (200, inf) troops, "hundreds of kilometres" [1e5, 1e6) m,
"$5 million" [5e6, 5e6] USD, "intercontinental range" [5.5e6, inf) m. Intervals make
conflicts a matter of arithmetic: two quantities of one unit that cannot overlap
disagree (:func:`overlaps`).

The finder is a small hand-written scanner over regex tokens, driven by the data
tables in ``quantities_units`` (units, currencies, multipliers),
``quantities_phrases`` (bounds, vague amounts, measure cues, stop words) and
``quantities_categories`` (conventional category words). A spaCy ``Doc``, when given,
only sharpens what a count counts (the noun a number modifies); without it, a
plural/singular agreement rule stands in. quantulum3 was measured and left out: it
needs about 1.5 s per thousand words and reads "a key" as a thousand exayears.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Protocol

import msgspec
from text_to_num import text2num

from triangulate.extract.quantities_categories import CATEGORIES, WEAPON_CONTEXT
from triangulate.extract.quantities_phrases import (
    CLOCK_WORDS,
    COUNT_MODIFIERS,
    DURATION_SAFE_PREPOSITIONS,
    EXACT,
    FUNCTION_WORDS,
    IRREGULAR_PLURALS,
    LABEL_WORDS,
    MAX_POST_MODIFIER,
    MAX_PRE_MODIFIER,
    MEASURE_CUES,
    MEASURE_WINDOW,
    MONTHS,
    NOT_A_COUNT_BEFORE_ONE,
    NOT_PLURAL_ENDINGS,
    NUMBER_WORDS,
    POST_MODIFIERS,
    PRE_MODIFIERS,
    RANGE_JOINERS,
    SINGULAR_MAGNITUDES,
    STRIKE_WORDS,
    VAGUE_BASES,
    VAGUE_MAGNITUDES,
    VAGUE_QUALIFIERS,
    VAGUE_SCALES,
    WEEKDAYS,
    YEAR_CONTEXT,
    Bound,
)
from triangulate.extract.quantities_units import (
    ATTACHED_MULTIPLIERS,
    CURRENCY_CODES,
    CURRENCY_MULTIPLIERS,
    CURRENCY_SYMBOLS,
    GBP,
    MAX_UNIT_TOKENS,
    MULTIPLIERS,
    POUNDS,
    PREFIX_UNITS,
    UNITS,
    Unit,
    token_key,
)
from triangulate.model import Article, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Token as SpacyToken


class QuantityMatch(msgspec.Struct, frozen=True, kw_only=True):
    """A quantity found in a text; offsets are into that text (end exclusive)."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    unit: str
    low_inclusive: bool = True
    high_inclusive: bool = True
    measure: str | None = None
    kind: str = "quantity"  # quantity | count | money | percent | category
    approximate: bool = False


class Interval(Protocol):
    """What :func:`overlaps` reads: a ``Quantity`` or a ``QuantityMatch``."""

    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def low_inclusive(self) -> bool: ...
    @property
    def high_inclusive(self) -> bool: ...


class _Tok(NamedTuple):
    text: str
    key: str  # lower-cased
    start: int
    end: int
    kind: str  # num | word | sym


class _Num(NamedTuple):
    low: float
    high: float
    end: int  # token index after the number
    multiplier: float = 1.0
    vague: bool = False  # "hundreds": needs "of" and a unit or noun after it
    high_inclusive: bool = True
    plural: bool = True  # what a counted noun after it must agree with
    approximate: bool = False


_TOKENS = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}|2100")
_CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.\s?m\.|[ap]m\b|:\d\d)", re.IGNORECASE)
_PARAGRAPH = re.compile(r"[^\n]+")
# Searched in the lower-cased text: case-blind matching is several times slower in ``re``.
_TRIGGER = re.compile(
    r"\d|[$€£¥₽₹₴₪₺]|\b(?:" + "|".join(sorted(
        NUMBER_WORDS | set(VAGUE_MAGNITUDES) | set(PREFIX_UNITS)
        | {"dozen", "several", "few", "couple"} | {c.lower() for c in CURRENCY_CODES}
    )) + r")\b"
)
_SENTENCE_END = frozenset({".", "!", "?", ";", "\n"})
_HYPHENS = frozenset({"-", "‐", "‑"})
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_NOT_PLURALS = frozenset({"news", "series", "species", "politics", "physics", "economics",
                          "always", "perhaps", "towards", "afterwards", "besides", "gas",
                          "sometimes", "whereas", "nevertheless", "regardless", "thus",
                          "yes", "its", "was", "has", "does", "goes", "this", "unless",
                          "across", "plus", "less"})
_START_WORDS = (
    NUMBER_WORDS | set(VAGUE_MAGNITUDES) | {k[0] for k in PRE_MODIFIERS}
    | {k[0] for k in VAGUE_QUALIFIERS} | {"between", "a", "an"} | set(PREFIX_UNITS)
)
_NOUN_POS = frozenset({"NOUN", "PROPN"})


def _tokenize(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    for m in _TOKENS.finditer(text, start, end):
        word = m.group()
        append(_Tok(word, word.lower(), m.start(), m.end(), m.lastgroup or "sym"))
    return out


def _paragraphs_to_scan(text: str) -> list[tuple[int, int]]:
    """Bounds of the paragraphs that hold something a quantity can start with.

    Most of a news text holds no number; tokenizing only the rest keeps the stage fast.
    """
    bounds: list[tuple[int, int]] = []
    lower = text.lower()  # same offsets: str.lower keeps the length of these scripts
    same = len(lower) == len(text)
    for m in _PARAGRAPH.finditer(text):
        if _TRIGGER.search(lower if same else text, m.start(), m.end()):
            bounds.append((m.start(), m.end()))
    return bounds


def _looks_like_verb(word: str) -> bool:
    """A past participle ("seized", "wounded") is no counted noun; "speed", "bed" are."""
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _is_plural(word: str) -> bool:
    if word in IRREGULAR_PLURALS:
        return True
    return (len(word) > 3 and word.endswith("s") and not word.endswith(NOT_PLURAL_ENDINGS)
            and word not in _NOT_PLURALS)


class _Scanner:
    """One pass over one text's tokens."""

    def __init__(self, text: str, start: int, end: int,
                 doc_tokens: dict[int, SpacyToken] | None = None) -> None:
        self.text = text
        self.toks = _tokenize(text, start, end)
        self.doc_tokens = doc_tokens or {}
        self.has_doc = doc_tokens is not None

    # --- token helpers -------------------------------------------------------------------

    def key(self, i: int) -> str:
        return self.toks[i].key if 0 <= i < len(self.toks) else ""

    def attached(self, i: int) -> bool:
        """Token i touches token i-1 (no space between them)."""
        return 0 < i < len(self.toks) and self.toks[i].start == self.toks[i - 1].end

    def sentence_start(self, i: int) -> bool:
        if i == 0:
            return True
        prev = self.toks[i - 1]
        if "\n" in self.text[prev.end:self.toks[i].start]:
            return True
        return prev.text in _SENTENCE_END or prev.text in {"“", '"', "‘", "'", "(", "—", ":"}

    def phrase(self, table: dict[tuple[str, ...], Bound], i: int,
               longest: int) -> tuple[tuple[str, ...], Bound, int] | None:
        for n in range(min(longest, len(self.toks) - i), 0, -1):
            k = tuple(t.key for t in self.toks[i:i + n])
            bound = table.get(k)
            if bound is not None:
                return k, bound, i + n
        return None

    def unit_at(self, i: int) -> tuple[Unit, int] | None:
        for n in range(min(MAX_UNIT_TOKENS, len(self.toks) - i), 0, -1):
            k = tuple(token_key(t.text) for t in self.toks[i:i + n])
            unit = UNITS.get(k)
            if unit is not None:
                return unit, i + n
        return None

    def currency_at(self, i: int) -> tuple[str, int] | None:
        if i >= len(self.toks):
            return None
        tok = self.toks[i]
        if tok.text in CURRENCY_CODES:
            return tok.text, i + 1
        if i + 1 < len(self.toks) and self.attached(i + 1):
            two = tok.key + self.toks[i + 1].key
            if two in CURRENCY_SYMBOLS:
                return CURRENCY_SYMBOLS[two], i + 2
        if tok.key in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[tok.key], i + 1
        return None

    # --- numbers -------------------------------------------------------------------------

    def number(self, i: int, after_currency: bool) -> _Num | None:
        if i >= len(self.toks):
            return None
        tok = self.toks[i]
        if tok.kind == "num":
            return self.digits(i, after_currency)
        if tok.kind != "word":
            return None
        vague = self.vague(i)
        if vague is not None:
            return vague
        return self.words(i)

    def digits(self, i: int, after_currency: bool) -> _Num | None:
        tok = self.toks[i]
        value = float(tok.text.replace(",", ""))
        end = i + 1
        mult = 1.0
        if end < len(self.toks) and self.attached(end) and self.toks[end].kind == "word":
            suffix = self.toks[end].key
            if suffix in MULTIPLIERS:
                mult = MULTIPLIERS[suffix]
            elif suffix in ATTACHED_MULTIPLIERS:
                mult = ATTACHED_MULTIPLIERS[suffix]
            elif suffix in CURRENCY_MULTIPLIERS and (after_currency or self.counts_after(end + 1)):
                mult = CURRENCY_MULTIPLIERS[suffix]  # "$5m", "5m people"
            elif suffix in _ORDINAL_SUFFIXES or self.unit_at(end) is None:
                return None  # "19th", "5G", "3D", "1990s"
            if mult != 1.0:
                end += 1
        elif end < len(self.toks) and self.toks[end].key in MULTIPLIERS:
            mult = MULTIPLIERS[self.toks[end].key]
            end += 1
        elif self.key(end) == "dozen":
            mult = 12.0
            end += 1
        value *= mult
        return _Num(value, value, end, mult, plural=value != 1.0)

    def counts_after(self, k: int) -> bool:
        """A plural noun (not a unit) comes next: "5m people" is five million of them."""
        if k >= len(self.toks) or self.toks[k].kind != "word" or self.unit_at(k):
            return False
        word = self.toks[k].key
        return _is_plural(word) and word not in FUNCTION_WORDS

    def words(self, i: int) -> _Num | None:
        """A run of number words ("twenty-five", "a hundred", "two dozen")."""
        toks = self.toks
        start = i
        words: list[str] = []
        if toks[i].key in {"a", "an"} and self.key(i + 1) in SINGULAR_MAGNITUDES:
            words.append("one")
            i += 1
        if toks[i].key not in NUMBER_WORDS and toks[i].key != "dozen":
            return None
        # a capitalised number word inside a sentence is a name ("Air Force One")
        if toks[start].text[0].isupper() and not self.sentence_start(start):
            return None
        if toks[i].key == "one" and self.key(start - 1) in NOT_A_COUNT_BEFORE_ONE:
            return None
        j = i
        positions: list[int] = []
        while j < len(toks):
            k = toks[j].key
            if k in NUMBER_WORDS:
                words.append(k)
                positions.append(j)
                j += 1
            elif (k in _HYPHENS and self.attached(j) and self.key(j + 1) in NUMBER_WORDS
                  and self.attached(j + 1)) or (k == "and" and words
                                                  and words[-1] in SINGULAR_MAGNITUDES
                                                  and self.key(j + 1) in NUMBER_WORDS):
                j += 1
            else:
                break
        value = None
        while words and value is None:
            try:
                value = float(text2num(" ".join(words), "en"))
            except ValueError:  # "nineteen ninety": keep the longest prefix that reads
                words.pop()
                if positions:
                    positions.pop()
                j = positions[-1] + 1 if positions else i
        if value is None and self.key(j) == "dozen":
            value = 1.0
        if value is None:
            return None
        mult = 1.0
        if self.key(j) == "dozen":
            mult = 12.0
            j += 1
        elif self.key(j) in MULTIPLIERS and self.key(j) not in NUMBER_WORDS:
            mult = MULTIPLIERS[self.key(j)]
            j += 1
        value *= mult
        return _Num(value, value, j, mult, plural=value != 1.0)

    def vague(self, i: int) -> _Num | None:
        """'hundreds', 'tens of thousands', 'several hundred', 'a few dozen'."""
        k = self.key(i)
        if k in VAGUE_MAGNITUDES:
            low, high = VAGUE_MAGNITUDES[k]
            end = i + 1
            if k in VAGUE_SCALES and self.key(i + 1) == "of" and self.key(i + 2) in VAGUE_BASES:
                base = VAGUE_BASES[self.key(i + 2)]
                low, high = low * base, high * base
                end = i + 3
            return _Num(low, high, end, vague=True, high_inclusive=False, approximate=True)
        for n in (3, 2, 1):
            qual = tuple(t.key for t in self.toks[i:i + n])
            if qual in VAGUE_QUALIFIERS and self.key(i + n) in SINGULAR_MAGNITUDES:
                low, high = VAGUE_QUALIFIERS[qual]
                mag = SINGULAR_MAGNITUDES[self.key(i + n)]
                return _Num(low * mag, high * mag, i + n + 1, high_inclusive=False,
                            approximate=True)
        return None

    # --- one quantity --------------------------------------------------------------------

    def quantity_at(self, i: int) -> tuple[QuantityMatch, int] | None:
        toks = self.toks
        j = i
        bound = EXACT
        modifier: tuple[str, ...] = ()
        between = False
        pre = self.phrase(PRE_MODIFIERS, j, MAX_PRE_MODIFIER)
        if pre is not None and pre[2] < len(toks) and not self.doc_particle(i):
            modifier, bound, j = pre
        elif toks[j].key == "between":
            between = True
            j += 1
        currency = None
        cur = self.currency_at(j)
        if cur is not None:
            currency, j = cur
        prefix_unit = PREFIX_UNITS.get(self.key(j)) if currency is None else None
        if prefix_unit is not None:
            j += 1
        number_start = j
        n1 = self.number(j, currency is not None)
        if n1 is None:
            return None
        j = n1.end
        low, high, high_inc, plural = n1.low, n1.high, n1.high_inclusive, n1.plural
        # a second number: "300 to 500", "300-500", "between 5 and 10", "two or three"
        if not n1.vague and j < len(toks):
            joiner = toks[j].key
            # "from 5 to 10" is a change between two values, not a range
            from_to = joiner == "to" and self.key(number_start - 1) == "from"
            if ((between and joiner == "and") or (not between and joiner in RANGE_JOINERS)) \
                    and not from_to:
                k = j + 1
                cur2 = self.currency_at(k)
                if cur2 is not None and (currency is None or cur2[0] == currency):
                    k = cur2[1]
                n2 = self.number(k, currency is not None) if k < len(toks) else None
                if n2 is not None and not n2.vague:
                    lo = n1.low
                    if n1.multiplier == 1.0 and n2.multiplier != 1.0 and \
                            lo * n2.multiplier <= n2.low:
                        lo *= n2.multiplier  # "5-10 million": the multiplier is shared
                    if lo < n2.high:
                        low, high, plural, j = lo, n2.high, True, n2.end
                    elif joiner in _HYPHENS:
                        return None  # a score ("3-1"), not an amount
        post = self.post_modifier(j)
        if post is not None and bound is EXACT:
            bound, j = post
        # the unit, or what is counted
        unit: Unit | None = prefix_unit
        measure: str | None = None
        kind = "quantity"
        end = j
        if currency is None and unit is None:
            k = j
            if n1.vague:
                if self.key(k) != "of":
                    return None
                k += 1
            elif k < len(toks) and toks[k].key in _HYPHENS and self.attached(k):
                k += 1  # "300-kilometre range"
            found = self.unit_at(k) if k < len(toks) else None
            if found is not None:
                unit, end = found
                if unit.kind == "money":
                    currency, unit = unit.base, None
                elif toks[k].key in POUNDS and n1.multiplier >= 1e6:
                    currency, unit = GBP.base, None  # "5 million pounds"
            elif k < len(toks) and toks[k].text in CURRENCY_CODES:
                currency, end = toks[k].text, k + 1
        if currency is not None:
            kind, base = "money", currency
        elif unit is not None:
            kind, base = unit.kind, unit.base
            if unit.base == "s" and modifier in DURATION_SAFE_PREPOSITIONS:
                bound, modifier, i = EXACT, (), number_start  # "over three days": during
            if self.key(end) in {"old", "olds"}:
                measure, end = "age", end + 1  # "45 years old"
            elif self.key(end) in _HYPHENS and self.key(end + 1) in {"old", "olds"}:
                measure, end = "age", end + 2  # "a 45-year-old man"
        else:
            counted = self.counted(end if not n1.vague else end + 1, plural, n1.end - 1)
            if counted is not None:
                measure, end = counted
            elif not (bound is not EXACT or between) or n1.vague:
                return None
            # else a bare amount with a bound: "the toll rose to about 40"
            kind, base = "count", "count"
        bare = kind == "count" and measure is None
        if self.not_an_amount(i, number_start, n1, modifier, unit, currency, kind, bare):
            return None
        if bound is EXACT and end < len(toks):
            post = self.post_modifier(end)
            if post is not None:
                bound, end = post
        lo_v, hi_v, lo_inc, hi_inc = _apply(bound, low, high, high_inc)
        if unit is not None:
            lo_v = None if lo_v is None else lo_v * unit.low + unit.offset
            hi_v = None if hi_v is None else hi_v * unit.high + unit.offset
            if unit.base == "°C" and bound.low == 0.0:
                lo_v = None  # "up to 5 °C" says nothing of how cold it can get
        if measure is None:
            measure = self.measure(i, end, base, kind)
            if measure is None and unit is not None:
                measure = unit.measure
        start_char, end_char = toks[i].start, toks[end - 1].end
        match = QuantityMatch(
            start=start_char, end=end_char, text=self.text[start_char:end_char],
            low=lo_v, high=hi_v, unit=base, low_inclusive=lo_inc, high_inclusive=hi_inc,
            measure=measure, kind=kind, approximate=bound.approximate or n1.approximate,
        )
        return match, end

    def post_modifier(self, j: int) -> tuple[Bound, int] | None:
        """'or more', '+', '-plus', 'or so' after a number or its unit."""
        if self.key(j) in _HYPHENS and self.attached(j) and self.key(j + 1) == "plus":
            j += 1
        post = self.phrase(POST_MODIFIERS, j, MAX_POST_MODIFIER)
        return None if post is None else (post[1], post[2])

    def not_an_amount(self, i: int, n: int, num: _Num, modifier: tuple[str, ...],
                      unit: Unit | None, currency: str | None, kind: str, bare: bool) -> bool:
        """Dates, times, labels and model names that look like counts.

        ``bare``: a number with a bound and nothing after it ("about 40").
        """
        toks = self.toks
        tok = toks[n]
        prev = self.key(n - 1)
        if tok.kind == "num":
            # "F-16", "Su-57", "G7", "COVID-19"
            if self.attached(n) and (toks[n - 1].kind == "word" or (
                    toks[n - 1].key in _HYPHENS and self.attached(n - 1)
                    and toks[n - 2].kind == "word")):
                return True
            if (prev in _HYPHENS or prev == "/") and n >= 2 and self.attached(n) and \
                    self.attached(n - 1) and toks[n - 2].kind == "num":
                return True  # the second half of a score or date: "a 97-1 vote", "9/11"
            if n + 1 < len(toks) and self.key(n + 1) in {"/", "."} and self.attached(n + 1) \
                    and n + 2 < len(toks) and toks[n + 2].kind == "num" and \
                    self.attached(n + 2):
                return True  # "24/7", "1.2.3"
        if unit is not None or currency is not None:
            return False
        if _CLOCK_AFTER.match(self.text, toks[num.end - 1].end) or \
                self.key(num.end) in CLOCK_WORDS:
            return True
        if bare and (tok.kind != "num" or _YEAR.fullmatch(tok.text) or self.key(n - 1) in MONTHS
                     or self.key(num.end) in MONTHS):
            return True  # "after about 2010", "by around December 5"; "some one"
        if i == n:  # no modifier or currency before the number
            if prev in LABEL_WORDS or (prev == "." and self.key(n - 2) in {"no", "nos", "vol"}):
                return True
            word_before = self.key(n - 2) if prev == "." else prev  # "Sept. 11"
            if word_before in MONTHS or prev in WEEKDAYS or self.key(num.end) in MONTHS or (
                    self.key(num.end) == "of" and self.key(num.end + 1) in MONTHS):
                return True
            if n > 0 and toks[n - 1].kind == "word" and toks[n - 1].text[0].isupper() \
                    and not self.sentence_start(n - 1) and kind == "count":
                return True  # "Resolution 2231", "Oreshnik 2"
        if tok.kind == "num" and _YEAR.fullmatch(tok.text) and not modifier:
            word_before = self.key(n - 2) if prev in _HYPHENS else prev
            if word_before in YEAR_CONTEXT or word_before in MONTHS or prev == ",":
                return True
        return False

    def counted(self, k: int, plural: bool, num_last: int) -> tuple[str, int] | None:
        """The noun a number counts, and the token index after it; None if none."""
        toks = self.toks
        if k >= len(toks) or toks[k].kind != "word" or self.attached(k):
            return None  # "three-member", "5G", a number at the end of the text
        year_like = _YEAR.fullmatch(toks[num_last].text) is not None
        if self.has_doc:
            found = self.doc_counted(k, num_last, year_like)
            if found is not None:
                return found
        skipped = 0
        while k < len(toks) and skipped <= 3:
            tok = toks[k]
            if tok.kind != "word":
                return None
            if tok.key in COUNT_MODIFIERS and skipped < 2:  # "five more soldiers"
                k += 1
                skipped += 1
                continue
            if tok.key in FUNCTION_WORDS or tok.key in MONTHS or tok.key in WEEKDAYS:
                return None
            plural_here = _is_plural(tok.key)
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            next_is_noun = (nxt is not None and nxt.kind == "word" and nxt.text.islower()
                            and _is_plural(nxt.key) and nxt.key not in FUNCTION_WORDS
                            and not self.attached(k + 1))
            if tok.text[0].isupper():
                if plural and plural_here and not next_is_noun and not year_like:
                    return tok.key, k + 1  # "33 Democrats"
                k += 1  # "200 Russian troops"
                skipped += 1
                continue
            if plural_here == plural and not _looks_like_verb(tok.key):
                if year_like and skipped:
                    return None  # "the 2020 presidential candidates"
                if self.has_doc and not self.doc_is_noun(tok.start):
                    return None
                if plural and next_is_noun:
                    return toks[k + 1].key, k + 2  # a compound: "two police officers"
                return tok.key, k + 1
            k += 1
            skipped += 1
        return None

    def doc_counted(self, k: int, num_last: int, year_like: bool) -> tuple[str, int] | None:
        """The counted noun from the parse: the head of the number's ``nummod`` arc."""
        t = self.doc_tokens.get(self.toks[num_last].start)
        if t is None or t.dep_ != "nummod":
            return None
        head = t.head
        if head.pos_ not in _NOUN_POS or not 0 < head.i - t.i <= 4 or \
                head.lower_ in FUNCTION_WORDS:
            return None
        if year_like and (head.i != t.i + 1 or head.tag_ not in {"NNS", "NNPS"}):
            return None  # "a 1976 law", "the 2012 bankruptcy petition"
        # the head's whole word: "Wal-Mart"
        end_char = head.idx + len(head.text)
        while end_char < len(self.text) and not self.text[end_char].isspace() and \
                (self.text[end_char].isalnum() or self.text[end_char] in "-‐‑"):
            end_char += 1
        for j in range(k, min(k + 8, len(self.toks))):
            if self.toks[j].end == end_char:
                return self.text[head.idx:end_char].lower(), j + 1
        return None

    def doc_particle(self, i: int) -> bool:
        """The parse reads the token as a verb particle ("turned over thousands")."""
        t = self.doc_tokens.get(self.toks[i].start)
        return t is not None and t.dep_ == "prt"

    def doc_is_noun(self, char: int) -> bool:
        t = self.doc_tokens.get(char)
        return t is None or t.pos_ in _NOUN_POS

    def measure(self, i: int, end: int, base: str, kind: str) -> str | None:
        """What a quantity measures, from a cue word right after it or a few words before."""
        def fits(word: str) -> str | None:
            cue = MEASURE_CUES.get(word)
            if cue is None:
                return None
            measure, units = cue
            if base in units or (kind == "money" and "money" in units):
                return measure
            return None

        toks = self.toks
        after = [end, end + 1] if self.key(end) in {"in", "of", "for", "on"} else [end]
        window_start = i
        while window_start > 0 and i - window_start < MEASURE_WINDOW + 2 and \
                toks[window_start - 1].text not in _SENTENCE_END:
            window_start -= 1
        for k in after:
            if k < len(toks) and (m := fits(toks[k].key)):
                if m == "distance" and any(toks[w].key in STRIKE_WORDS
                                           for w in range(window_start, i)):
                    return "range"  # "striking targets 300 km away"
                return m
        for k in range(i - 1, max(window_start, i - MEASURE_WINDOW) - 1, -1):
            if (m := fits(toks[k].key)):
                return m
        return None

    # --- the whole text ------------------------------------------------------------------

    def could_start(self, i: int) -> bool:
        tok = self.toks[i]
        return (tok.kind == "num" or tok.key in _START_WORDS or tok.key in CURRENCY_SYMBOLS
                or tok.text in CURRENCY_CODES
                or (i + 1 < len(self.toks) and self.toks[i + 1].text == "$"
                    and self.attached(i + 1)))

    def scan(self) -> list[QuantityMatch]:
        out: list[QuantityMatch] = []
        toks = self.toks
        i = 0
        while i < len(toks):
            if self.could_start(i):
                found = self.quantity_at(i)
                if found is not None:
                    out.append(found[0])
                    i = max(found[1], i + 1)
                    continue
            i += 1
        return out


def _apply(bound: Bound, low: float, high: float, high_inclusive: bool
           ) -> tuple[float | None, float | None, bool, bool]:
    """The interval a modifier makes of a number (or of a range of numbers)."""
    if bound is EXACT:
        return low, high, True, high_inclusive
    lo = None if bound.low is None else bound.low * low
    hi = None if bound.high is None else bound.high * high
    lo_inc = bound.low_inclusive
    hi_inc = bound.high_inclusive and (high_inclusive or bound.high != 1.0)
    return lo, hi, lo_inc, hi_inc


def _category_regex(case_sensitive: bool) -> re.Pattern[str]:
    """One pass for many category words: group "c<i>" is ``CATEGORIES[i]``.

    The case-blind ones are searched in the lower-cased text (faster than re.IGNORECASE).
    """
    return re.compile("|".join(
        rf"(?P<c{i}>\b{c.pattern if case_sensitive else c.pattern.lower()}\b)"
        for i, c in enumerate(CATEGORIES) if c.case_sensitive == case_sensitive
    ))


_CATEGORY_HINTS = ("range", "sonic", "intercontinental")
_CATEGORY_EXACT = _category_regex(True)
_CATEGORY_LOWER = _category_regex(False)


def _categories(text: str) -> list[QuantityMatch]:
    out: list[QuantityMatch] = []
    lower = text.lower()
    matches: list[re.Match[str]] = []
    # substring tests first: most texts hold none of these words, and ``in`` is fast
    if "BM" in text:
        matches += _CATEGORY_EXACT.finditer(text)
    if len(lower) == len(text) and any(w in lower for w in _CATEGORY_HINTS):
        matches += _CATEGORY_LOWER.finditer(lower)
    for m in matches:
        cat = CATEGORIES[int((m.lastgroup or "c0")[1:])]
        if cat.needs_context and not WEAPON_CONTEXT.match(text, m.end()):
            continue
        out.append(QuantityMatch(
            start=m.start(), end=m.end(), text=text[m.start():m.end()], low=cat.low,
            high=cat.high,
            unit=cat.unit, low_inclusive=cat.low_inclusive,
            high_inclusive=cat.high_inclusive, measure=cat.measure, kind="category",
        ))
    return out


def find_quantities(text: str, doc: Doc | None = None) -> list[QuantityMatch]:
    """Every quantity in ``text``, in order. ``doc``, if given, must be a parse of ``text``."""
    doc_tokens = {t.idx: t for t in doc} if doc is not None else None
    numeric = [q for start, end in _paragraphs_to_scan(text)
               for q in _Scanner(text, start, end, doc_tokens).scan()]
    taken = [(q.start, q.end) for q in numeric]
    extra = [c for c in _categories(text)
             if all(c.end <= s or c.start >= e for s, e in taken)]
    return sorted(numeric + extra, key=lambda q: (q.start, q.end))


def overlaps(a: Interval, b: Interval, tolerance: float = 0.0) -> bool | None:
    """Whether two quantities' intervals share a value; None when units differ.

    ``tolerance`` widens each bound by that fraction of its value, for callers that want
    "300 km" and "310 km" to agree. Intervals that do not overlap are a conflict candidate.
    """
    if a.unit != b.unit:
        return None
    return not (_below(a, b, tolerance) or _below(b, a, tolerance))


def _below(a: Interval, b: Interval, tolerance: float) -> bool:
    """Every value of ``a`` is smaller than every value of ``b``."""
    if a.high is None or b.low is None:
        return False
    hi = a.high + abs(a.high) * tolerance
    lo = b.low - abs(b.low) * tolerance
    if hi < lo:
        return True
    return hi == lo and tolerance == 0.0 and not (a.high_inclusive and b.low_inclusive)


def to_quantity(article: Article, m: QuantityMatch) -> Quantity:
    return Quantity(
        span=article.span(m.start, m.end), low=m.low, high=m.high, unit=m.unit,
        low_inclusive=m.low_inclusive, high_inclusive=m.high_inclusive, measure=m.measure,
        kind=m.kind, approximate=m.approximate,
    )


class QuantityStage:
    """Fills ``article.quantities``.

    ``use_parse`` lets the counted noun come from the spaCy parse; the parse is cached
    and shared with the mention stage that runs first, so it costs nothing extra there.
    """

    name: ClassVar[str] = "quantities"

    def __init__(self, use_parse: bool = True, model: str | None = None) -> None:
        self.use_parse = use_parse
        self.model = model

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            doc = None
            if self.use_parse:
                from triangulate.models.language import DEFAULT_SPACY_MODEL, parse

                doc = parse(article, self.model or DEFAULT_SPACY_MODEL)
            article.quantities = [to_quantity(article, m)
                                  for m in find_quantities(article.text, doc)]
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
