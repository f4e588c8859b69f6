"""Whether two statements agree, contradict each other, or say unrelated things.

The rules look for *contradiction cues* between the two texts, each with a weight:

- ``negation``: one side is negated and the other is not (the parity of negation cues
  from :func:`triangulate.extract.certainty.negated` differs);
- ``implicit_negation``: a verb or preposition that negates what follows ("refused to",
  "failed to", "without") on one side only;
- ``antonym``: a word on one side whose opposite is on the other ("rose"/"fell",
  "confirmed"/"denied"), from :data:`ANTONYMS`; opposites that are common words in
  other senses ("before"/"after", "old"/"new") only in the same slot
  (:data:`SLOT_ANTONYMS`);
- ``number``: quantities of the same unit (and, for counts, of the same thing) whose
  intervals do not overlap (:func:`triangulate.extract.quantities.overlaps`);
- ``date``: dates that fit none of the other side's dates at the precision both give;
- ``entity``: the same slot (same words around it) filled with different names;
- ``substitution``: the same slot filled with a different content word ("film"/"book"),
  a weak cue, since reports often use synonyms.

Cue weights combine as a noisy-or into ``contradiction`` (0..1). ``support`` (0..1) says
how related the two texts are: MiniLM cosine and the share of the shorter text's
content words found in the longer one. The label follows from both: ``contradict``
when the cues are strong and the texts are about the same thing, ``agree`` when they
are related and nothing contradicts, else ``neutral``.

An NLI model can confirm or reject these verdicts behind the same :class:`Judge`
interface (see :mod:`triangulate.models.nli` and :class:`ConfirmingJudge`).
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol

import msgspec
import numpy as np

from triangulate.compare.paraphrase import tokens_of
from triangulate.extract.certainty import negated
from triangulate.extract.dates import find_times
from triangulate.extract.quantities import QuantityMatch, find_quantities, overlaps
from triangulate.models.embedder import Embedder, default_embedder

AGREE = "agree"
CONTRADICT = "contradict"
NEUTRAL = "neutral"

# Cue weights: how much one cue alone says "these contradict" (noisy-or combined). Set
# by hand, in the order of how often each cue marks a refutation on FEVER-symmetric dev
# (``python -m bench.fever`` prints the shares): values and opposites high, synonyms low.
WEIGHTS: dict[str, float] = {
    "negation": 0.7,
    "implicit_negation": 0.5,
    "antonym": 0.75,
    "number": 0.8,
    "date": 0.75,
    "entity": 0.6,
    "substitution": 0.3,
}
# Label thresholds. AGREE_AT was checked on FEVER-symmetric dev with two-fold
# cross-validation (``python -m bench.fever``); the others are set by hand: one strong
# cue, or a middling and a weak one, make a contradiction; one weak cue (a synonym)
# still lets texts agree, a middling one (a negating verb) leaves them neutral.
CONTRADICT_AT = 0.55  # contradiction needed for "contradict"
DOUBT_AT = 0.35  # contradiction above which related texts no longer "agree"
RELATED_AT = 0.45  # support needed before a contradiction is claimed
AGREE_AT = 0.6  # support needed for "agree"
TOUCH = 1e-6  # relative tolerance that lets exclusive bounds touch ("more than 400", "400")
SPELLING = 0.75  # character similarity above which two words are one word spelt two ways
NLI_GATE = 0.25  # support below which a pair is not worth a model's time
VALUE_CUES = frozenset({"number", "date"})  # cues a model may not overrule
MAX_SLOT = 3  # words a same-slot substitution may span on each side

# Words whose presence on one side only negates what follows them.
IMPLICIT_NEGATION = re.compile(
    r"\b(?:refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing) to|fail(?:s|ed|ing)? to|"
    r"unable to|without|lack(?:s|ed|ing)?|absent|ceas(?:e|es|ed|ing) to|"
    r"stopp?(?:ed|ing|s)? (?:\w+ing)|avoid(?:s|ed|ing)?|"
    r"prevent(?:s|ed|ing)? (?:\w+ )?from|call(?:s|ed)? off|cancel(?:s|led|ed|ling|ing)?)\b",
    re.IGNORECASE,
)

# Opposites that contradict wherever they stand: one side says the one, the other side
# the other. Each side lists the word's forms. General news vocabulary, no domain.
ANTONYMS: list[tuple[str, str]] = [
    ("rise rises rose risen rising", "fall falls fell fallen falling"),
    ("increase increases increased increasing",
     "decrease decreases decreased decreasing decline declines declined declining"),
    ("rise rises rose risen rising", "drop drops dropped dropping"),
    ("increase increases increased increasing", "drop drops dropped dropping"),
    ("gain gains gained gaining", "lose loses lost losing"),
    ("win wins won winning", "lose loses lost losing"),
    ("victory victories", "defeat defeats"),
    ("accept accepts accepted accepting", "reject rejects rejected rejecting"),
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("admit admits admitted admitting", "deny denies denied denying"),
    ("allow allows allowed allowing", "ban bans banned banning"),
    ("permit permits permitted permitting", "prohibit prohibits prohibited prohibiting"),
    ("convict convicts convicted convicting", "acquit acquits acquitted acquitting"),
    ("guilty", "innocent"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("agree agrees agreed agreeing", "disagree disagrees disagreed disagreeing"),
    ("succeed succeeds succeeded succeeding", "fail fails failed failing"),
    ("success successful", "failure unsuccessful"),
    ("expand expands expanded expanding", "shrink shrinks shrank shrunk shrinking"),
    ("true", "false"),
    ("legal", "illegal"),
    ("possible", "impossible"),
    ("profit profits", "loss losses"),
    ("surplus", "deficit"),
    ("best", "worst"),
    ("better", "worse"),
    ("popular", "unpopular"),
    ("fiction fictional", "nonfiction factual"),
]
# Opposites that are common words in other senses ("after", "new", "close"): they count
# only in the same slot, the words around them shared ("rose *before* the vote" / "rose
# *after* the vote").
SLOT_ANTONYMS: list[tuple[str, str]] = [
    ("open opens opened opening", "close closes closed closing"),
    ("begin begins began begun beginning", "end ends ended ending"),
    ("start starts started starting", "end ends ended ending finish finishes finished"),
    ("arrest arrests arrested arresting", "release releases released releasing"),
    ("pass passes passed passing", "fail fails failed failing"),
    ("alive living survived survive survives", "dead died die dies killed"),
    ("buy buys bought buying", "sell sells sold selling"),
    ("enter enters entered entering", "leave leaves left leaving"),
    ("join joins joined joining", "leave leaves left leaving quit quits"),
    ("hire hires hired hiring", "fire fires fired firing"),
    ("raise raises raised raising", "lower lowers lowered lowering cut cuts cutting"),
    ("import imports imported importing", "export exports exported exporting"),
    ("include includes included including", "exclude excludes excluded excluding"),
    ("present", "absent"),
    ("public", "private"),
    ("male", "female"),
    ("man men", "woman women"),
    ("boy boys", "girl girls"),
    ("husband", "wife"),
    ("father", "mother"),
    ("son sons", "daughter daughters"),
    ("brother brothers", "sister sisters"),
    ("king", "queen"),
    ("north northern", "south southern"),
    ("east eastern", "west western"),
    ("before", "after"),
    ("above", "below"),
    ("inside", "outside"),
    ("up", "down"),
    ("for", "against"),
    ("more", "less fewer"),
    ("most", "least"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("biggest largest", "smallest"),
    ("bigger larger", "smaller"),
    ("first", "last"),
    ("earliest", "latest"),
    ("earlier", "later"),
    ("oldest", "youngest"),
    ("older", "younger"),
    ("early", "late"),
    ("minimum", "maximum"),
    ("positive", "negative"),
    ("majority", "minority"),
    ("ally allies", "enemy enemies"),
    ("friend friends", "enemy enemies"),
    ("peace", "war"),
    ("safe", "dangerous"),
    ("strong", "weak"),
    ("rich", "poor"),
    ("high", "low"),
    ("full", "empty"),
    ("hot", "cold"),
    ("fast", "slow"),
    ("large big", "small little"),
    ("long", "short"),
    ("old", "new young"),
    ("ancient", "modern"),
    ("all", "none"),
    ("many", "few"),
    ("comedy comedies", "tragedy tragedies"),
    ("liberal", "conservative"),
    ("domestic", "foreign"),
    ("urban", "rural"),
    ("amateur", "professional"),
    ("birth born", "death"),
]


def _antonym_table(*tables: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for table in tables:
        for left, right in table:
            lw, rw = left.split(), right.split()
            for w in lw:
                out.setdefault(w, set()).update(rw)
            for w in rw:
                out.setdefault(w, set()).update(lw)
    return {w: frozenset(o) for w, o in out.items()}


OPPOSITES = _antonym_table(ANTONYMS)
SLOT_OPPOSITES = _antonym_table(ANTONYMS, SLOT_ANTONYMS)

# Nouns that count people: "4,000 people" and "4,000 residents" count the same thing.
PEOPLE_NOUNS = frozenset({
    "people", "persons", "person", "residents", "inhabitants", "civilians", "citizens",
    "villagers", "individuals", "locals", "evacuees", "men", "women", "children",
})
_TOKEN = re.compile(r"[^\W\d_][\w]*|\d+(?:[.,]\d+)*[a-z]*")
# Month and day names are capitalised but are dates, which have a rule of their own.
_CALENDAR = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
})
_POSSESSIVE = re.compile(r"['’]s\b|['’](?=\s)")
_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "with", "as", "and", "or", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this",
    "which", "who", "s", "he", "she", "they", "his", "her", "their", "also", "from",
})


class Cue(msgspec.Struct, frozen=True, kw_only=True):
    """One reason to think the two texts contradict: what differs, on each side."""

    kind: str  # negation | implicit_negation | antonym | number | date | entity | substitution
    a: str  # the words on the first side ("" where that side has nothing)
    b: str
    weight: float


class Judgement(msgspec.Struct, frozen=True, kw_only=True):
    """The verdict on one pair of statements."""

    label: str  # agree | contradict | neutral
    score: float  # confidence in the label, 0..1
    reason: str  # one line a reader can check against the two texts
    contradiction: float = 0.0  # combined weight of the contradiction cues, 0..1
    support: float = 0.0  # how related the texts are (cosine and word coverage), 0..1
    cues: tuple[Cue, ...] = ()


class Judge(Protocol):
    """Anything that judges pairs of statements: the rules, an NLI model, or both."""

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        ...


# -- contradiction cues --------------------------------------------------------

_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[\"“(]\s*)")


class _Tokens:
    """Words of one text with their case, for slot alignment and word lookups."""

    def __init__(self, text: str) -> None:
        # NFC first: an accent stored as a combining mark would split the word
        plain = _POSSESSIVE.sub(" ", unicodedata.normalize("NFC", text)).replace("-", " ")
        self.raw = [m.group() for m in _TOKEN.finditer(plain)]
        self.lower = [w.lower() for w in self.raw]
        self.words = frozenset(self.lower)
        first = {m.end() for m in _SENTENCE_START.finditer(plain)}
        starts = {i for i, m in enumerate(_TOKEN.finditer(plain)) if m.start() in first}
        self.names = frozenset(
            i for i, w in enumerate(self.raw) if w[0].isupper() and i not in starts
            and self.lower[i] not in _STOP and self.lower[i] not in _CALENDAR)
        # words outside names: "new" in "New York" is no opposite of "old"
        self.plain = frozenset(w for i, w in enumerate(self.lower) if i not in self.names)


def _real_negations(text: str) -> list[str]:
    """Negation cues, less capitalised ones inside a sentence ("No Strings Attached"):
    those are words of a title, not a negation."""
    out = []
    for m in negated(text):
        before = text[:m.start].rstrip()
        if m.text[:1].isupper() and before and before[-1] not in ".!?:;\"“(":
            continue
        out.append(m.text)
    return out


def negation_cues(a: str, b: str) -> list[Cue]:
    """A statement against its negation: the parity of negation cues differs."""
    na, nb = _real_negations(a), _real_negations(b)
    out = []
    if len(na) % 2 != len(nb) % 2:
        out.append(Cue(kind="negation", a=" ".join(na), b=" ".join(nb),
                       weight=WEIGHTS["negation"]))
    ia = {m.group().lower() for m in IMPLICIT_NEGATION.finditer(a)}
    ib = {m.group().lower() for m in IMPLICIT_NEGATION.finditer(b)}
    if bool(ia) != bool(ib) and not out:
        out.append(Cue(kind="implicit_negation", a=" ".join(sorted(ia)),
                       b=" ".join(sorted(ib)), weight=WEIGHTS["implicit_negation"]))
    return out


def antonym_cues(ta: _Tokens, tb: _Tokens) -> list[Cue]:
    """A word on one side, its opposite on the other, and neither on both sides."""
    out = []
    seen: set[frozenset[str]] = set()
    for w in sorted(ta.plain - tb.words):  # sorted: the same cues in the same order
        for o in sorted(OPPOSITES.get(w, ())):
            if o in tb.plain and o not in ta.words and frozenset((w, o)) not in seen:
                seen.add(frozenset((w, o)))
                out.append(Cue(kind="antonym", a=w, b=o, weight=WEIGHTS["antonym"]))
    return out


def _measure(q: QuantityMatch) -> str | None:
    if not q.measure:
        return None
    word = q.measure.lower().split()[-1]
    return "people" if word in PEOPLE_NOUNS else word.rstrip("s")


def _comparable(p: QuantityMatch, q: QuantityMatch) -> bool:
    if p.unit != q.unit or p.kind == "category" or q.kind == "category":
        return False
    mp, mq = _measure(p), _measure(q)
    return p.unit != "count" or mp is None or mq is None or mp == mq


def number_cues(a: str, b: str) -> list[Cue]:
    """A quantity that fits no comparable quantity of the other side.

    The side with fewer quantities is checked against the other: the longer text may
    hold figures the shorter does not speak of, and those are no contradiction.
    """
    qa, qb = find_quantities(a), find_quantities(b)
    flip = len(qb) < len(qa)
    few, many = (qb, qa) if flip else (qa, qb)
    for q in few:
        rivals = [r for r in many if _comparable(q, r)]
        # a hair of tolerance: "more than 400" and "400" touch, they do not conflict
        if rivals and not any(overlaps(q, r, tolerance=TOUCH) for r in rivals):
            sa, sb = (rivals[0].text, q.text) if flip else (q.text, rivals[0].text)
            return [Cue(kind="number", a=sa, b=sb, weight=WEIGHTS["number"])]
    return []


def dates_compatible(a: str, b: str) -> bool:
    """Same date at the precision both give: 2024-12 fits 2024-12-19, --12-19 too."""
    if a.startswith("--") or b.startswith("--"):
        return a[-5:] == b[-5:] if len(a) >= 5 and len(b) >= 5 else True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


_DATE_VALUE = re.compile(r"^(?:\d{3,4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}-\d{2})$")


def date_cues(a: str, b: str, published: str | None = None) -> list[Cue]:
    """A calendar date (or weekday) of the side with fewer that fits none of the other's."""
    def dates(text: str) -> list[tuple[str, str]]:
        return [(text[s:e], v) for s, e, kind, v in find_times(text, published)
                if kind == "DATE" and v and _DATE_VALUE.match(v)]

    for da, db in ((dates(a), dates(b)), (_weekdays(a), _weekdays(b))):
        flip = len(db) < len(da)
        few, many = (db, da) if flip else (da, db)
        for text, value in few:
            if many and not any(dates_compatible(value, v) for _, v in many):
                sa, sb = (many[0][0], text) if flip else (text, many[0][0])
                return [Cue(kind="date", a=sa, b=sb, weight=WEIGHTS["date"])]
    return []


_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _weekdays(text: str) -> list[tuple[str, str]]:
    """Weekday names, which need a publication date for a calendar value: "Tuesday" and
    "Wednesday" differ whatever the date."""
    return [(m.group(), m.group().lower()) for m in _WEEKDAY.finditer(text)]


def slot_cues(ta: _Tokens, tb: _Tokens) -> list[Cue]:
    """Short stretches that differ between shared context: a word, name or opposite
    swapped ("an *English* actor" / "an *American* actor").

    The same slot means shared words right before the stretch and right after it (or
    nothing shared after it: one text ends there). Numbers and dates are left to their
    own rules; opposites that hold anywhere to :func:`antonym_cues`.
    """
    ops = difflib.SequenceMatcher(None, ta.lower, tb.lower, autojunk=False).get_opcodes()
    out = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "replace":
            continue
        before = k > 0 and ops[k - 1][0] == "equal"
        after = k + 1 < len(ops) and ops[k + 1][0] == "equal"
        at_end = k + 1 == len(ops)
        if at_end:  # one text ends here: the slot is as long as the shorter stretch
            n = min(i2 - i1, j2 - j1)
            i2, j2 = i1 + n, j1 + n
        if i2 - i1 > MAX_SLOT or j2 - j1 > MAX_SLOT:
            continue
        context = [w for n in (k - 1, k + 1) if 0 <= n < len(ops) and ops[n][0] == "equal"
                   for w in ta.lower[ops[n][1]:ops[n][2]]]
        if not (before and (after or at_end)) or not _has_content(context):
            continue
        wa, wb = ta.lower[i1:i2], tb.lower[j1:j2]
        if any(w[0].isdigit() or w in _CALENDAR for w in wa + wb):
            continue  # numbers and dates have rules of their own
        opposite = next(((w, o) for w in wa for o in SLOT_OPPOSITES.get(w, ()) if o in wb),
                        None)
        if opposite is not None:
            if not any(o in wb for w in wa for o in OPPOSITES.get(w, ())):  # else counted
                out.append(Cue(kind="antonym", a=opposite[0], b=opposite[1],
                               weight=WEIGHTS["antonym"]))
            continue
        ca = [w for w in wa if w not in _STOP]
        cb = [w for w in wb if w not in _STOP]
        if not ca or not cb or any(_same_word(x, y) for x in ca for y in cb):
            continue  # inflection, spelling or a short form: the same thing
        if set(ca) | set(cb) <= PEOPLE_NOUNS:
            continue  # "residents" / "people": the same people
        name_a = any(i in ta.names for i in range(i1, i2))
        name_b = any(j in tb.names for j in range(j1, j2))
        kind = "entity" if name_a and name_b else "substitution"
        out.append(Cue(kind=kind, a=" ".join(ta.raw[i1:i2]), b=" ".join(tb.raw[j1:j2]),
                       weight=WEIGHTS[kind]))
    return out


def _same_word(x: str, y: str) -> bool:
    """Inflections ("model"/"modelled"), spellings ("Faroe"/"Faeroes") and short forms
    ("Con"/"Convention") of one word."""
    if x[:5] == y[:5] or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x))):
        return True
    return difflib.SequenceMatcher(None, x, y).ratio() >= SPELLING


def _has_content(words: list[str]) -> bool:
    return any(w not in _STOP for w in words)


def contradiction_cues(a: str, b: str, published: str | None = None) -> list[Cue]:
    """Every contradiction cue between two statements (no model needed)."""
    ta, tb = _Tokens(a), _Tokens(b)
    negations = negation_cues(a, b)
    said = {w for c in negations for w in f"{c.a} {c.b}".lower().split()}
    # a slot holding the negating word itself ("denied" / "said") is the same cue again
    slots = [c for c in slot_cues(ta, tb)
             if c.kind != "substitution" or not said & set(f"{c.a} {c.b}".lower().split())]
    return [*negations, *antonym_cues(ta, tb), *number_cues(a, b),
            *date_cues(a, b, published), *slots]


def combine(cues: Sequence[Cue]) -> float:
    """Noisy-or of cue weights: several weak cues add up, none exceeds 1."""
    p = 1.0
    for c in cues:
        p *= 1.0 - c.weight
    return 1.0 - p


# -- relatedness ----------------------------------------------------------------

def coverage(a: str, b: str) -> float:
    """Share of the shorter text's content words (crude stems) found in the longer."""
    ca, cb = tokens_of(a).content, tokens_of(b).content
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    return len(short & long_) / len(short) if short else 0.0


def support_of(cosine: float, cover: float) -> float:
    """How related two texts are: the mean of embedding cosine and word coverage."""
    return max(0.0, min(1.0, (cosine + cover) / 2))


# -- verdicts -----------------------------------------------------------------

def verdict(cues: Sequence[Cue], support: float) -> Judgement:
    """The label from the cues and the relatedness, with a reason a reader can check."""
    contradiction = combine(cues)
    if contradiction >= CONTRADICT_AT and support >= RELATED_AT:
        strongest = sorted(cues, key=lambda c: -c.weight)
        reason = "; ".join(_describe(c) for c in strongest[:3])
        return Judgement(label=CONTRADICT, score=round(contradiction, 4), reason=reason,
                         contradiction=contradiction, support=support, cues=tuple(cues))
    if support >= AGREE_AT and contradiction <= DOUBT_AT:
        reason = f"same content (relatedness {support:.2f}), no contradiction cue"
        if cues:
            reason = f"same content (relatedness {support:.2f}); weak cue: {_describe(cues[0])}"
        return Judgement(label=AGREE, score=round(support * (1 - contradiction), 4),
                         reason=reason, contradiction=contradiction, support=support,
                         cues=tuple(cues))
    if support < RELATED_AT:
        reason = f"little in common (relatedness {support:.2f})"
    elif cues:
        reason = f"related, but in doubt: {_describe(max(cues, key=lambda c: c.weight))}"
    else:
        reason = f"related (relatedness {support:.2f}) but not saying the same"
    return Judgement(label=NEUTRAL, score=round(1 - max(support, contradiction), 4),
                     reason=reason, contradiction=contradiction, support=support,
                     cues=tuple(cues))


def _describe(c: Cue) -> str:
    if c.kind == "negation":
        return f"negation: '{c.a or c.b}' on one side only"
    if c.kind == "implicit_negation":
        return f"negating word: '{c.a or c.b}' on one side only"
    return f"{c.kind}: '{c.a}' vs '{c.b}'"


def judge_many(pairs: Sequence[tuple[str, str]], embedder: Embedder | None = None,
               published: str | None = None) -> list[Judgement]:
    """Judge pairs with the rules alone (embeddings computed in one batch)."""
    if not pairs:
        return []
    emb = embedder or default_embedder()
    texts = sorted({t for pair in pairs for t in pair})
    index = {t: i for i, t in enumerate(texts)}
    vecs = np.asarray(emb.embed(texts))
    out = []
    for a, b in pairs:
        cosine = float(vecs[index[a]] @ vecs[index[b]])
        support = support_of(cosine, coverage(a, b))
        out.append(verdict(contradiction_cues(a, b, published), support))
    return out


def judge(a: str, b: str, embedder: Embedder | None = None,
          published: str | None = None) -> Judgement:
    """Whether ``a`` and ``b`` agree, contradict each other or are unrelated (rules only)."""
    return judge_many([(a, b)], embedder, published)[0]


class RuleJudge:
    """The rules behind the :class:`Judge` interface."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        return judge_many(pairs, self.embedder)


class ConfirmingJudge:
    """Rules first; a second judge (an NLI model) confirms or rejects their verdicts.

    Only pairs the rules find at least loosely related (``gate``) go to the second
    judge, which is slow; its label wins, except that a mismatch of figures or dates
    the rules found stays a contradiction (models read numbers poorly, and the rule
    compares their values). The rules' cues stay in the reason.
    """

    def __init__(self, rules: Judge, confirm: Judge, gate: float = NLI_GATE) -> None:
        self.rules = rules
        self.confirm = confirm
        self.gate = gate

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        first = self.rules.judge_many(pairs)
        todo = [i for i, j in enumerate(first) if j.support >= self.gate]
        second = self.confirm.judge_many([pairs[i] for i in todo])
        out = list(first)
        for i, j in zip(todo, second, strict=True):
            rule = first[i]
            if rule.label == CONTRADICT and any(c.kind in VALUE_CUES for c in rule.cues):
                out[i] = Judgement(label=CONTRADICT, score=rule.score,
                                   reason=f"{rule.reason}; {j.reason}",
                                   contradiction=max(rule.contradiction, j.contradiction),
                                   support=rule.support, cues=rule.cues)
                continue
            reason = j.reason if not rule.cues else f"{j.reason}; rules: {rule.reason}"
            out[i] = Judgement(label=j.label, score=j.score, reason=reason,
                               contradiction=j.contradiction, support=rule.support,
                               cues=rule.cues)
        return out


def default_judge(use_nli: bool | None = None) -> Judge:
    """The rules, confirmed by the NLI model when asked for and installed.

    ``use_nli`` None reads ``TRIANGULATE_NLI`` ("1" turns the model on): the model is
    slow (a few pairs a second on a laptop) and optional, so it is off unless asked for.
    """
    if use_nli is None:
        use_nli = os.environ.get("TRIANGULATE_NLI", "") == "1"
    if use_nli:
        from triangulate.models import nli  # imported here: nli imports this module

        if nli.available():
            return ConfirmingJudge(RuleJudge(), nli.default_nli())
    return RuleJudge()
