"""Whether two statements agree, contradict each other, or say unrelated things.

The rules look for *contradiction cues* between the two texts, each with a weight:

- ``negation``: one side is negated and the other is not (the parity of negation cues
  from :func:`triangulate.extract.certainty.negated` differs);
- ``implicit_negation``: a verb or preposition that negates what follows ("refused to",
  "failed to", "without") on one side only;
- ``antonym``: a word on one side whose opposite is on the other ("rose"/"fell",
  "confirmed"/"denied", "best-selling"/"worst-selling"), from :data:`ANTONYMS`;
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
import re
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

# Cue weights: how much one cue alone says "these contradict" (noisy-or combined).
WEIGHTS: dict[str, float] = {
    "negation": 0.7,
    "implicit_negation": 0.5,
    "antonym": 0.75,
    "number": 0.8,
    "date": 0.75,
    "entity": 0.6,
    "substitution": 0.3,
}
# Label thresholds, chosen on FEVER-symmetric dev with two-fold cross-validation
# (``python -m bench.fever``).
CONTRADICT_AT = 0.5  # contradiction needed for "contradict"
RELATED_AT = 0.45  # support needed before a contradiction or an agreement is claimed
AGREE_AT = 0.6  # support needed for "agree"
MAX_SLOT = 3  # words a same-slot substitution may span on each side

# Words whose presence on one side only negates what follows them.
IMPLICIT_NEGATION = re.compile(
    r"\b(?:refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing) to|fail(?:s|ed|ing)? to|"
    r"unable to|without|lack(?:s|ed|ing)?|absent|ceas(?:e|es|ed|ing) to|"
    r"stopp?(?:ed|ing|s)? (?:\w+ing)|never|avoid(?:s|ed|ing)?|"
    r"prevent(?:s|ed|ing)? (?:\w+ )?from|call(?:s|ed)? off|cancel(?:s|led|ed|ling|ing)?)\b",
    re.IGNORECASE,
)

# Opposites; each side lists the word's forms. General news vocabulary, no domain.
ANTONYMS: list[tuple[str, str]] = [
    ("rise rises rose risen rising", "fall falls fell fallen falling"),
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("increase increases increased increasing", "decline declines declined declining"),
    ("increase increases increased increasing", "drop drops dropped dropping"),
    ("rise rises rose risen rising", "drop drops dropped dropping"),
    ("gain gains gained gaining", "lose loses lost losing"),
    ("win wins won winning", "lose loses lost losing"),
    ("victory victories", "defeat defeats"),
    ("open opens opened opening", "close closes closed closing"),
    ("begin begins began begun beginning", "end ends ended ending"),
    ("start starts started starting", "end ends ended ending"),
    ("start starts started starting", "finish finishes finished finishing"),
    ("accept accepts accepted accepting", "reject rejects rejected rejecting"),
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("admit admits admitted admitting", "deny denies denied denying"),
    ("allow allows allowed allowing", "ban bans banned banning"),
    ("allow allows allowed allowing", "forbid forbids forbade forbidden forbidding"),
    ("permit permits permitted permitting", "prohibit prohibits prohibited prohibiting"),
    ("arrest arrests arrested arresting", "release releases released releasing"),
    ("convict convicts convicted convicting", "acquit acquits acquitted acquitting"),
    ("guilty", "innocent"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("for", "against"),
    ("agree agrees agreed agreeing", "disagree disagrees disagreed disagreeing"),
    ("succeed succeeds succeeded succeeding", "fail fails failed failing"),
    ("success successful", "failure unsuccessful"),
    ("pass passes passed passing", "fail fails failed failing"),
    ("alive living survived survive survives", "dead died die dies killed"),
    ("buy buys bought buying", "sell sells sold selling"),
    ("enter enters entered entering", "leave leaves left leaving"),
    ("join joins joined joining", "leave leaves left leaving"),
    ("join joins joined joining", "quit quits quitting"),
    ("hire hires hired hiring", "fire fires fired firing"),
    ("expand expands expanded expanding", "shrink shrinks shrank shrunk shrinking"),
    ("raise raises raised raising", "lower lowers lowered lowering"),
    ("raise raises raised raising", "cut cuts cutting"),
    ("import imports imported importing", "export exports exported exporting"),
    ("include includes included including", "exclude excludes excluded excluding"),
    ("present", "absent"),
    ("true", "false"),
    ("legal", "illegal"),
    ("possible", "impossible"),
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
    ("more", "less fewer"),
    ("most", "least"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("best", "worst"),
    ("better", "worse"),
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
    ("profit profits", "loss losses"),
    ("surplus", "deficit"),
    ("majority", "minority"),
    ("ally allies", "enemy enemies"),
    ("friend friends", "enemy enemies"),
    ("peace", "war"),
    ("safe", "dangerous"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("rich", "poor"),
    ("high", "low"),
    ("full", "empty"),
    ("wet", "dry"),
    ("hot", "cold"),
    ("light", "dark"),
    ("heavy", "light"),
    ("fast", "slow"),
    ("large big", "small little"),
    ("long", "short"),
    ("old", "new young"),
    ("ancient", "modern"),
    ("always", "never"),
    ("all", "none"),
    ("everyone everybody", "nobody"),
    ("everything", "nothing"),
    ("many", "few"),
    ("popular", "unpopular"),
    ("fiction fictional", "nonfiction factual documentary"),
    ("comedy comedies", "tragedy tragedies"),
    ("liberal", "conservative"),
    ("democratic", "authoritarian"),
    ("domestic", "foreign international"),
    ("urban", "rural"),
    ("amateur", "professional"),
    ("win wins won winning", "lose loses lost losing"),
    ("birth born", "death"),
]


def _antonym_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for left, right in ANTONYMS:
        lw, rw = left.split(), right.split()
        for w in lw:
            table.setdefault(w, set()).update(rw)
        for w in rw:
            table.setdefault(w, set()).update(lw)
    return {w: frozenset(o) for w, o in table.items()}


OPPOSITES = _antonym_table()

# Nouns that count people: "4,000 people" and "4,000 residents" count the same thing.
PEOPLE_NOUNS = frozenset({
    "people", "persons", "person", "residents", "inhabitants", "civilians", "citizens",
    "villagers", "individuals", "locals", "evacuees", "men", "women", "children",
})
_TOKEN = re.compile(r"[^\W\d_][\w]*|\d+(?:[.,]\d+)*")
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
        plain = _POSSESSIVE.sub(" ", text).replace("-", " ")
        self.raw = [m.group() for m in _TOKEN.finditer(plain)]
        self.lower = [w.lower() for w in self.raw]
        self.words = frozenset(self.lower)
        first = {m.end() for m in _SENTENCE_START.finditer(plain)}
        starts = {i for i, m in enumerate(_TOKEN.finditer(plain)) if m.start() in first}
        self.names = frozenset(
            i for i, w in enumerate(self.raw) if w[0].isupper() and i not in starts
            and self.lower[i] not in _STOP and self.lower[i] not in _CALENDAR)


def negation_cues(a: str, b: str) -> list[Cue]:
    """A statement against its negation: the parity of negation cues differs."""
    na, nb = negated(a), negated(b)
    out = []
    if len(na) % 2 != len(nb) % 2:
        out.append(Cue(kind="negation", a=" ".join(m.text for m in na),
                       b=" ".join(m.text for m in nb), weight=WEIGHTS["negation"]))
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
    for w in ta.words - tb.words:
        for o in OPPOSITES.get(w, ()):
            if o in tb.words and o not in ta.words and frozenset((w, o)) not in seen:
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
    """A quantity of one side that fits no comparable quantity of the other."""
    qa, qb = find_quantities(a), find_quantities(b)
    out = []
    for x, y, flip in ((qa, qb, False), (qb, qa, True)):
        for q in x:
            rivals = [r for r in y if _comparable(q, r)]
            if rivals and not any(overlaps(q, r) for r in rivals):
                sa, sb = (rivals[0].text, q.text) if flip else (q.text, rivals[0].text)
                out.append(Cue(kind="number", a=sa, b=sb, weight=WEIGHTS["number"]))
                return out  # one mismatch says it; the mirror would repeat it
    return out


def dates_compatible(a: str, b: str) -> bool:
    """Same date at the precision both give: 2024-12 fits 2024-12-19, --12-19 too."""
    if a.startswith("--") or b.startswith("--"):
        return a[-5:] == b[-5:] if len(a) >= 5 and len(b) >= 5 else True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


_DATE_VALUE = re.compile(r"^(?:\d{3,4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}-\d{2})$")


def date_cues(a: str, b: str, published: str | None = None) -> list[Cue]:
    """A calendar date of one side that fits none of the other side's dates."""
    def dates(text: str) -> list[tuple[str, str]]:
        return [(text[s:e], v) for s, e, kind, v in find_times(text, published)
                if kind == "DATE" and v and _DATE_VALUE.match(v)]

    da, db = dates(a), dates(b)
    for x, y, flip in ((da, db, False), (db, da, True)):
        for text, value in x:
            if y and not any(dates_compatible(value, v) for _, v in y):
                sa, sb = (y[0][0], text) if flip else (text, y[0][0])
                return [Cue(kind="date", a=sa, b=sb, weight=WEIGHTS["date"])]
    return []


def slot_cues(ta: _Tokens, tb: _Tokens) -> list[Cue]:
    """Short stretches that differ between shared context: a name or word swapped.

    Only stretches with matching words on both sides count (the same slot); numbers
    and dates are left to their own rules, antonyms to theirs.
    """
    matcher = difflib.SequenceMatcher(None, ta.lower, tb.lower, autojunk=False)
    ops = matcher.get_opcodes()
    out = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "replace" or i2 - i1 > MAX_SLOT or j2 - j1 > MAX_SLOT:
            continue
        before = k > 0 and ops[k - 1][0] == "equal" and _has_content(ta.lower[ops[k - 1][1]:
                                                                              ops[k - 1][2]])
        after = k + 1 < len(ops) and ops[k + 1][0] == "equal"
        if not (before or after):
            continue
        wa, wb = ta.lower[i1:i2], tb.lower[j1:j2]
        if any(w[0].isdigit() for w in wa + wb):
            continue
        if any(o in wb for w in wa for o in OPPOSITES.get(w, ())):
            continue  # an antonym cue already covers it
        ca = [w for w in wa if w not in _STOP]
        cb = [w for w in wb if w not in _STOP]
        if not ca or not cb or {w[:5] for w in ca} & {w[:5] for w in cb}:
            continue  # inflection or a function word: the same thing said differently
        name_a = any(i in ta.names for i in range(i1, i2))
        name_b = any(j in tb.names for j in range(j1, j2))
        kind = "entity" if name_a and name_b else "substitution"
        out.append(Cue(kind=kind, a=" ".join(ta.raw[i1:i2]), b=" ".join(tb.raw[j1:j2]),
                       weight=WEIGHTS[kind]))
    return out


def _has_content(words: list[str]) -> bool:
    return any(w not in _STOP for w in words)


def contradiction_cues(a: str, b: str, published: str | None = None) -> list[Cue]:
    """Every contradiction cue between two statements (no model needed)."""
    ta, tb = _Tokens(a), _Tokens(b)
    return [*negation_cues(a, b), *antonym_cues(ta, tb), *number_cues(a, b),
            *date_cues(a, b, published), *slot_cues(ta, tb)]


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
    if support >= AGREE_AT and contradiction < CONTRADICT_AT:
        reason = f"same content (relatedness {support:.2f}), no contradiction cue"
        if cues:
            reason = f"same content (relatedness {support:.2f}); weak cue: {_describe(cues[0])}"
        return Judgement(label=AGREE, score=round(support * (1 - contradiction), 4),
                         reason=reason, contradiction=contradiction, support=support,
                         cues=tuple(cues))
    reason = (f"little in common (relatedness {support:.2f})" if support < RELATED_AT
              else f"related (relatedness {support:.2f}) but neither clearly agreeing "
                   f"nor contradicting")
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

    Only pairs the rules find related enough to be agreeing or contradicting go to the
    second judge, which is slow; its label wins, and the rules' cues stay in the reason.
    """

    def __init__(self, rules: Judge, confirm: Judge) -> None:
        self.rules = rules
        self.confirm = confirm

    def judge_many(self, pairs: Sequence[tuple[str, str]]) -> list[Judgement]:
        first = self.rules.judge_many(pairs)
        todo = [i for i, j in enumerate(first) if j.support >= RELATED_AT]
        second = self.confirm.judge_many([pairs[i] for i in todo])
        out = list(first)
        for i, j in zip(todo, second, strict=True):
            rule = first[i]
            reason = j.reason if not rule.cues else f"{j.reason}; rules: {rule.reason}"
            out[i] = Judgement(label=j.label, score=j.score, reason=reason,
                               contradiction=j.contradiction, support=rule.support,
                               cues=rule.cues)
        return out
