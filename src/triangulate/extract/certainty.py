"""How sure a sentence is and whom it rests on: anonymous sources, hedges, negation,
opinion and prediction, each returned as cue spans a reader can see highlighted.

Each finder takes one sentence, as a string or a parsed spaCy ``Span``, and returns
:class:`Mark` s whose offsets are into that sentence's text, plus ``offset`` (pass the
sentence's start in the article to get article offsets). The cues are data tables of
regular expressions; a spaCy ``Span``, when given, only settles ambiguous words (the
modal "will" against the noun, "may" against the month, a named person in apposition).

Conventions
-----------
*Anonymous source*: an attribution to people who are not named. That covers unnamed
individuals ("a senior EU official said", "sources familiar with the talks",
"speaking on condition of anonymity"), unnamed groups of people ("diplomats said",
"Polish officials have warned") and unnamed experts or critics ("analysts say",
"critics see it as ..."; "some argue"): a reader cannot check who they are, which is
what matters here. Institutions ("the ministry said", "authorities say", "state media
reported") are named sources, not anonymous ones, and so is a spokesperson, who
speaks on the record for one. A role noun with a name in apposition ("Maria Ivanova,
a defence analyst") is named.

*Negation*: "not", "n't", "never", "no", "none", "nothing", "neither/nor", denials
("denied that", "rejected reports that", "is absolute lies"). "not only/just/merely"
adds rather than negates ("not only X but also Y"), and "no doubt", "no longer than",
"whether or not", "if not", "not least", "nothing but" are idioms; none counts.

*Prediction*: future and modal statements ("will", "is expected to", "could lead to",
"may", "would"); *opinion*: stance markers ("I think", "we believe", "in my view",
"should", "must", "argued"). Either makes a claim not checkable as a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

import msgspec

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

ANONYMOUS = "anonymous_source"
HEDGE = "hedge"
NEGATION = "negation"
OPINION = "opinion"
PREDICTION = "prediction"


class Mark(msgspec.Struct, frozen=True, kw_only=True):
    """One cue in a sentence; ``start``/``end`` index the sentence text (+ offset)."""

    kind: str  # anonymous_source | hedge | negation | opinion | prediction
    cue: str  # which rule: "unnamed official", "reportedly", "modal", ...
    start: int
    end: int
    text: str


class Certainty(msgspec.Struct, frozen=True, kw_only=True):
    """All the marks of one sentence and what they add up to."""

    marks: list[Mark]

    def _has(self, kind: str) -> bool:
        return any(m.kind == kind for m in self.marks)

    @property
    def anonymous(self) -> bool:
        return self._has(ANONYMOUS)

    @property
    def hedged(self) -> bool:
        return self._has(HEDGE)

    @property
    def negated(self) -> bool:
        return self._has(NEGATION)

    @property
    def opinion(self) -> bool:
        return self._has(OPINION)

    @property
    def prediction(self) -> bool:
        return self._has(PREDICTION)

    @property
    def checkable(self) -> bool:
        return not (self.opinion or self.prediction)


# --- tables ----------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())

# (cue, regex). Matched case-blind; a group named "cue" narrows the highlighted span.

_BE = r"(?:is|are|was|were|been|be|being|'s|’s)"
_APOS = r"['’]"

ANONYMITY_PHRASES: list[tuple[str, str]] = [
    ("condition of anonymity",
     r"\b(?:speaking |who spoke |talking )?on (?:the )?condition (?:of anonymity|that "
     r"(?:he|she|they|it) (?:not|would not) be (?:named|identified|quoted))"),
    ("speaking anonymously", r"\bspeaking (?:anonymously|on background|privately)\b"),
    ("declined to be named",
     r"\bwho (?:asked|requested|declined|did not want|preferred|wished) (?:not )?"
     r"(?:to be )?(?:named|identified|anonymity)\b"),
    ("not authorised to speak",
     r"\b(?:not|n['’]t) (?:authori[sz]ed|allowed|permitted|cleared) to (?:speak|comment|"
     r"talk|discuss)"),
    ("granted anonymity", r"\b(?:granted|given|was promised) anonymity\b"),
    ("anonymous source",
     r"\b(?:anonymous|unnamed|unidentified) (?:\w+ ){0,2}?(?:sources?|officials?|"
     r"diplomats?|persons?|people|insiders?|aides?|employees?|officers?|analysts?|"
     r"experts?|members?|lawmakers?|spokes(?:man|woman|person)|individuals?)\b"),
    ("familiar with",
     r"\b(?:(?:a|one|two|three|several|some|other) )?(?:people|persons?|sources?|"
     r"officials?|someone|those|individuals?|insiders?) (?:directly |closely |personally )?"
     r"(?:familiar with|close to|briefed on|with (?:direct |first-hand |firsthand )?"
     r"knowledge of|knowledgeable about|in the know|who (?:were|was|had been|have been) "
     r"briefed|aware of (?:the )?(?:matter|talks|discussions|plans?|situation|decision))"),
    ("according to sources",
     r"\baccording to (?:(?:a|an|one|two|several|some|other|\w+) ){0,3}?(?:sources?|"
     r"insiders?)\b"),
    ("some say",
     r"\b(?:some|many|others) (?:have |had )?(?:say|said|argue|argued|believe|believed|"
     r"claim|claimed|suggest|suggested|fear|feared|contend|contended|see|saw|view|"
     r"viewed|warn|warned)\b"),
    ("by some", r"\bby (?:some|many|others)(?= as\b| to be\b|\s*[,.;])"),
]

# Role nouns that name a source only by what it is. Singular ones need a determiner.
# Spokespeople are left out: they speak on the record for a named institution.
SOURCE_NOUNS_PLURAL = (
    "officials", "diplomats", "insiders", "aides", "analysts", "experts", "observers",
    "critics", "commentators", "lawmakers", "legislators", "witnesses", "eyewitnesses",
    "residents", "sources", "advisers", "advisors",
    "negotiators", "strategists", "specialists", "insiders",
)
SOURCE_NOUNS_SINGULAR = (
    "official", "diplomat", "insider", "aide", "analyst", "expert", "observer", "critic",
    "source", "adviser", "advisor",
    "negotiator", "witness", "eyewitness", "resident", "lawmaker", "legislator",
)
DETERMINERS = frozenset({"a", "an", "one", "another", "the", "this", "that"})
# Words that may stand between a determiner and a source noun ("a senior EU official").
SOURCE_MODIFIERS = frozenset({
    "a", "an", "one", "another", "the", "two", "three", "four", "five", "several", "some",
    "other", "many", "most", "few", "senior", "top", "high-ranking", "high", "ranking",
    "former", "current", "military", "defense", "defence", "government", "administration",
    "intelligence", "security", "diplomatic", "foreign", "local", "independent",
    "political", "western", "eastern", "regional", "state", "party", "campaign", "white",
    "house", "police", "army", "health", "energy", "trade", "industry", "market", "legal",
    "military-political", "second", "third", "different", "various", "knowledgeable",
})
# Verbs of saying or thinking that make a role noun a source. The strong forms are
# verbs wherever they stand; the weak ones are also nouns ("his claims", "a report"),
# so they count only right after the role noun ("analysts note", "critics see").
STRONG_SPEECH_VERBS = _words("""
said say says saying told tell tells telling stated stating claimed claiming added adding
warned warning noted noting suggested suggesting believed expressed expressing indicated
indicating confirmed confirming revealed revealing acknowledged acknowledging admitted
admitting insisted insisting argued arguing described describing framed framing hinted
hinting cautioned cautioning predicted predicting estimated estimating reported
reporting explained explaining conceded conceding wrote writing speaking spoke thought
feared fearing worried viewed expected asserted asserting maintained maintaining
contended contending alleged alleging quoted denied denying announced announcing
characterized characterised characterizing characterising dismissed dismissing called
calling urged urging questioned questioning doubted according believes thinks
""")
WEAK_SPEECH_VERBS = _words("""
claim claims add adds warn warns note notes suggest suggests believe express expresses
indicate indicates confirm confirms reveal reveals acknowledge acknowledges admit admits
insist insists argue argues describe describes frame frames hint hints caution cautions
predict predicts estimate estimates report reports explain explains concede concedes
write writes speak speaks think fear fears worry worries see sees saw view views
expect expects assert asserts maintain maintains contend contends allege alleges deny
denies announce announces characterize characterise call calls urge urges question doubt
doubts state states
""")
SPEECH_VERBS = STRONG_SPEECH_VERBS | WEAK_SPEECH_VERBS
AUXILIARIES = frozenset({"have", "has", "had", "were", "was", "are", "is", "will",
                         "would", "also", "reportedly", "privately", "publicly", "been",
                         "openly", "repeatedly", "quoted", "as", "being"})
# Just before the role noun: passive ("hailed by officials"), inversion ("said a senior
# official"), "according to diplomats", "citing sources".
PASSIVE_OR_INVERTED = frozenset({"by", "said", "says", "according", "quoted", "cited",
                                 "citing", "quoting", "added", "noted", "warned"})
ATTRIBUTION_WINDOW = 6  # words after the role noun searched for a verb of saying
_CLAUSE_END = re.compile(r"[;!?]|\.(?:\s|$)")
# Capitalised words that start a sentence or clause, not a name ("When officials ...").
_NOT_MODIFIERS = frozenset({
    "the", "a", "an", "when", "if", "but", "and", "as", "while", "after", "before", "since",
    "because", "although", "though", "meanwhile", "however", "in", "on", "at", "for",
    "from", "with", "by", "according", "yet", "so", "then", "now", "some", "many", "most",
    "other", "others", "several", "both", "all", "these", "those", "this", "that",
})

HEDGE_CUES: list[tuple[str, str]] = [
    ("adverb", r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|seemingly|"
               r"presumably|probably|possibly|perhaps|maybe|ostensibly|likely|"
               r"potentially|conceivably)\b"),
    ("believed to", rf"\b{_BE} (?:widely |generally |now |also )?(?:believed|thought|said|"
                    r"reported|alleged|understood|rumou?red|suspected|assumed|presumed|"
                    r"claimed|estimated|considered|deemed) (?:to|of)\b"),
    ("it is believed", r"\bit (?:is|was|has been) (?:widely )?(?:believed|thought|said|"
                       r"reported|alleged|understood|rumou?red|suspected|assumed|claimed)\b"),
    ("widely believed", r"\b(?:widely|generally) (?:believed|thought|assumed|reported)\b"),
    ("appears to", r"\b(?:appears?|appeared|appearing|seems?|seemed|seeming) to\b"),
    ("modal", r"\b(?P<cue>could|may|might)\b"),
    ("unconfirmed reports",
     r"\b(?:according to )?(?:unconfirmed|unverified|uncorroborated|unsubstantiated|"
     r"unofficial) (?:\w+ )?(?:reports?|information|claims?|accounts?|footage|images?|"
     r"videos?)\b"),
    ("reports suggest", r"\b(?:media |press |news |local |some |other )?reports? "
                        r"(?:suggest|suggested|suggesting|indicate|indicated|say|said|"
                        r"claim|claimed)\b"),
    ("suggests", r"\b(?:suggest|suggests|suggested|suggesting)\b"),
    ("unclear", r"\b(?:unclear|uncertain|not (?:yet )?(?:clear|known|confirmed|verified)|"
                r"could not be (?:independently )?(?:verified|confirmed))\b"),
    ("rumour", r"\b(?:rumou?rs?|rumou?red|speculation|speculated)\b"),
    ("if confirmed", r"\bif (?:true|confirmed|verified|accurate)\b"),
]

NEGATION_CUES: list[tuple[str, str]] = [
    ("none", r"\b(?:none|nobody|no one|no-one|nothing|nowhere)\b"),
    ("not", r"\b(?:not|cannot)\b"),
    ("n't", rf"(?<=\w)n{_APOS}t\b"),  # inside the word: "don't"
    ("never", r"\bnever\b"),
    ("no", r"\bno\b"),
    ("neither", r"\b(?:neither|nor)\b"),
    ("denied", r"\b(?:denied|denies|deny|denying|denial of|refuted|refutes|refute)\b"),
    ("rejected", r"\b(?:rejected|rejects|dismissed|dismisses|disputed|disputes) "
                 r"(?:the |these |those |such |any )?(?:reports?|claims?|allegations?|"
                 r"suggestions?|accusations?|assertions?|speculation|rumou?rs?)\b"),
    ("is false", rf"\b{_BE} (?:absolute |complete |total |utter |simply |pure |all )?"
                 r"(?:false|untrue|lies|a lie|fake|baseless|groundless|unfounded|"
                 r"fabricated|a fabrication|fiction|nonsense)\b"),
]
# Negation words in these idioms negate nothing.
NOT_NEGATION = re.compile(
    r"\b(?:not (?:only|just|merely|simply|solely|least|to mention)|whether or not|"
    r"if not|no (?:doubt|matter|wonder|sooner|less|more|fewer|longer than)|"
    r"nothing (?:but|less|short of)|none other than|not (?:more|less|fewer) than|"
    r"never(?:the)?less|can(?:not|['’]t) help but|no[ -]fly|no[ -]go|no man['’]s land)\b",
    re.IGNORECASE,
)

# Longer cues first: the alternation takes the first row that matches at a position.
PREDICTION_CUES: list[tuple[str, str]] = [
    ("expected to", rf"\b{_BE} (?:widely |also |now |not )?(?:expected|set|likely|unlikely|"
                    r"poised|due|slated|scheduled|projected|forecast|predicted|going|"
                    r"bound|certain|sure) to\b"),
    ("lead to", r"\b(?:could|may|might|would|will|can) (?:\w+ )?(?:lead|result) (?:to|in)\b"),
    ("future", r"\b(?:in the (?:coming|next) (?:days|weeks|months|years|decades)|"
               r"in the (?:near |foreseeable )?future|remains? to be seen|"
               r"(?:is|are) on track to)\b"),
    ("will", rf"\b(?:(?P<cue>will|shall)\b|(?P<cue2>{_APOS}ll)\b|(?P<cue3>won{_APOS}t)\b)"),
    ("modal", r"\b(?P<cue>could|may|might|would)\b(?! have\b)"),
]

OPINION_CUES: list[tuple[str, str]] = [
    ("first person", r"\b(?:i|we) (?:\w+ )?(?:think|believe|feel|consider|hope|fear|doubt|"
                     r"suspect|guess|reckon)\b"),
    ("in my view", r"\bin (?:my|our|his|her|their|the author['’]s) (?:view|opinion|"
                   r"judgement|judgment|estimation|eyes)\b"),
    ("deontic", r"\b(?:should|ought to|must)\b"),
    ("argued", r"\b(?:argues?|argued|arguing|contends?|contended|opined|opines)\b"),
    ("believes that", r"\b(?:believes?|thinks?|feels?) that\b"),
    ("it is clear", r"\b(?:it|one thing|this|that) (?:is|was|seems|remains) "
                    r"(?:clear|obvious|evident|certain|undeniable)\b"),
    ("arguably", r"\b(?:arguably|undoubtedly|unquestionably|admittedly|frankly|"
                 r"clearly|obviously)\b"),
]


class _Table(NamedTuple):
    lower: re.Pattern[str]  # for lower-cased text: much faster than re.IGNORECASE
    any_case: re.Pattern[str]  # for the rare text whose length lower() changes
    names: list[str]

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        if len(lowered) == len(text):
            return self.lower.finditer(lowered)
        return self.any_case.finditer(text)


def _compile(table: list[tuple[str, str]]) -> _Table:
    """One alternation for a table; group ``r<i>`` is row i, ``c<i>[_n]`` its cue part.

    Rows start at a word boundary (the shared ``\\b`` is factored out, so the engine
    tries them only where a word starts) or with a look-behind ("n't" inside "don't").
    """
    at_word: list[str] = []
    inside: list[str] = []
    for i, (_, pattern) in enumerate(table):
        if pattern.startswith(r"\b"):
            pattern, bucket = pattern[2:], at_word
        elif pattern.startswith("(?<="):
            bucket = inside
        else:
            raise ValueError(f"a cue pattern starts with \\b or a look-behind: {pattern!r}")
        renamed = re.sub(r"\(\?P<cue(\d*)>", rf"(?P<c{i}_\1>", pattern)
        bucket.append(f"(?P<r{i}>{renamed})")
    joined = r"\b(?:" + "|".join(at_word) + ")"
    if inside:
        joined += "|" + "|".join(inside)
    return _Table(re.compile(joined), re.compile(joined, re.IGNORECASE),
                  [name for name, _ in table])


_ANONYMITY = _compile(ANONYMITY_PHRASES)
_HEDGES = _compile(HEDGE_CUES)
_NEGATIONS = _compile(NEGATION_CUES)
_PREDICTIONS = _compile(PREDICTION_CUES)
_OPINIONS = _compile(OPINION_CUES)
_SOURCE_NOUN_PATTERN = (
    r"\b(?P<noun>" + "|".join(sorted(set(SOURCE_NOUNS_PLURAL + SOURCE_NOUNS_SINGULAR),
                                     key=len, reverse=True)) + r")\b"
)
_SOURCE_NOUN = re.compile(_SOURCE_NOUN_PATTERN, re.IGNORECASE)
_SOURCE_NOUN_LOWER = re.compile(_SOURCE_NOUN_PATTERN)
_WORD = re.compile(r"\w[\w'’-]*")
_NAME_AFTER = re.compile(r"\s*,?\s*(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+")
_NAME_BEFORE = re.compile(r"(?:^|\s)(?P<first>[A-Z][\w'’.-]*)\s+[A-Z][\w'’-]+\s*,\s*$")
_NOT_NAME_STARTS = frozenset({"In", "On", "At", "For", "From", "As", "But", "And", "With",
                              "By", "The", "According", "Meanwhile", "However", "After"})


# --- helpers ---------------------------------------------------------------------------

def _text_of(sentence: str | SpacySpan) -> tuple[str, SpacySpan | None]:
    if isinstance(sentence, str):
        return sentence, None
    return sentence.text, sentence


def _marks(kind: str, table: _Table, text: str, offset: int,
           keep: Callable[[str, int, int], bool] | None = None) -> list[Mark]:
    names = table.names
    out: list[Mark] = []
    for m in table.finditer(text, text.lower()):
        row = _row_of(m)
        start, end = m.start(), m.end()
        for group, value in m.groupdict().items():  # a cue part narrows the span
            if value is not None and group.startswith(f"c{row}_"):
                start, end = m.start(group), m.end(group)
                break
        if keep is not None and not keep(names[row], start, end):
            continue
        out.append(Mark(kind=kind, cue=names[row], start=start + offset, end=end + offset,
                        text=text[start:end]))
    return out


def _row_of(m: re.Match[str]) -> int:
    for group, value in m.groupdict().items():
        if value is not None and group[0] == "r":
            return int(group[1:])
    return 0


def _modal_ok(span: SpacySpan | None, text: str, start: int, end: int) -> bool:
    """With a parse, "will"/"may"/"might"/"could"... must be a modal verb (tag MD)."""
    if span is None:
        word = text[start:end]
        # "May 5" is a date and "Will" a name; the lower-case word is the modal
        return word == word.lower() or start == 0
    base = span.start_char
    for tok in span:
        if tok.idx - base == start:
            return tok.tag_ == "MD"
    return True


def _overlaps(start: int, end: int, marks: list[Mark], offset: int) -> bool:
    return any(start + offset < m.end and m.start < end + offset for m in marks)


# --- finders ---------------------------------------------------------------------------

def anonymous_sources(sentence: str | SpacySpan, offset: int = 0) -> list[Mark]:
    """Attributions to unnamed people (see the module's conventions)."""
    text, span = _text_of(sentence)
    marks = _marks(ANONYMOUS, _ANONYMITY, text, offset)
    lowered = text.lower()
    found = (_SOURCE_NOUN_LOWER.finditer(lowered) if len(lowered) == len(text)
             else _SOURCE_NOUN.finditer(text))
    for m in found:
        noun = m.group("noun").lower()
        start = _extend_left(text, m.start())
        if _overlaps(start, m.end(), marks, offset):
            continue
        words_before = text[start:m.start()].lower().split()
        if noun in SOURCE_NOUNS_SINGULAR and not (set(words_before) & DETERMINERS):
            continue  # "official statement", "source code"
        if noun in SOURCE_NOUNS_SINGULAR and _adjective_use(text, m.end()):
            continue  # "an official visit"
        if not _attributed(text, start, m.end()) or _named(text, span, start, m.end()):
            continue
        singular = noun if noun in SOURCE_NOUNS_SINGULAR else (
            noun[:-2] if noun.endswith("sses") else noun[:-1])  # "witnesses", "officials"
        cue = "unnamed " + singular
        marks.append(Mark(kind=ANONYMOUS, cue=cue, start=start + offset,
                          end=m.end() + offset, text=text[start:m.end()]))
    return sorted(marks, key=lambda k: k.start)


def _extend_left(text: str, start: int) -> int:
    """Step back over determiners and modifiers: "a senior EU official"."""
    pos = start
    for word in reversed(list(_WORD.finditer(text, 0, start))):
        if text[word.end():pos].strip():
            break  # punctuation between: stop
        w = word.group()
        if w.lower() in SOURCE_MODIFIERS or (w[0].isupper() and len(w) > 1
                                             and w.lower() not in _NOT_MODIFIERS):
            pos = word.start()
            if w.lower() in DETERMINERS:
                break
            continue
        break
    return pos


def _adjective_use(text: str, end: int) -> bool:
    """The next word is a noun the role word describes ("an official visit")."""
    nxt = _WORD.search(text, end)
    if nxt is None or text[end:nxt.start()].strip():
        return False
    w = nxt.group()
    if w[0].isupper():
        return True  # "the official BelTA news agency"; a name after it is no anonymity
    return w.islower() and w not in SPEECH_VERBS and w not in AUXILIARIES and w not in {
        "who", "with", "from", "at", "in", "for", "of", "familiar", "close", "briefed",
        "speaking", "whose", "and", "or", "but", "on"}


def _attributed(text: str, start: int, end: int) -> bool:
    """A verb of saying or thinking follows (within a few words) or comes just before."""
    stop = _CLAUSE_END.search(text, end)
    after = _WORD.findall(text, end, stop.start() if stop else len(text))[:ATTRIBUTION_WINDOW]
    # "officials in Warsaw said", "Polish officials have warned", "diplomats expressed"
    if any(w.lower() in STRONG_SPEECH_VERBS for w in after):
        return True
    for w in after:  # "analysts note", "experts also warn", "critics have long argued"
        lw = w.lower()
        if lw in WEAK_SPEECH_VERBS:
            return True
        if lw not in AUXILIARIES and not lw.endswith("ly") and lw not in {"not", "did", "do",
                                                                          "does", "long"}:
            break
    before = [w.lower() for w in _WORD.findall(text, max(0, start - 40), start)][-3:]
    return bool(set(before) & PASSIVE_OR_INVERTED)


def _named(text: str, span: SpacySpan | None, start: int, end: int) -> bool:
    """A person's name stands in apposition: "Maria Ivanova, a defence analyst"."""
    if span is not None:
        base = span.start_char
        for ent in span.ents:
            if ent.label_ != "PERSON":
                continue
            s, e = ent.start_char - base, ent.end_char - base
            if (e <= start and re.fullmatch(r"\s*,?\s*", text[e:start])) or (
                    s >= end and re.fullmatch(r"\s*,?\s*", text[end:s])):
                return True
        return False
    after = _NAME_AFTER.match(text, end)
    if after is not None and not text[end:after.end()].strip().startswith(","):
        return True  # "EU official Josep Borrell said"
    if after is not None:
        return True  # "a spokesman, John Smith, said"
    before = _NAME_BEFORE.search(text[:start])
    return before is not None and before.group("first") not in _NOT_NAME_STARTS


def hedges(sentence: str | SpacySpan, offset: int = 0) -> list[Mark]:
    """Words that make a statement less than certain: "reportedly", "is believed to"."""
    text, span = _text_of(sentence)

    def keep(cue: str, start: int, end: int) -> bool:
        return cue != "modal" or _modal_ok(span, text, start, end)

    return _marks(HEDGE, _HEDGES, text, offset, keep)


def negated(sentence: str | SpacySpan, offset: int = 0) -> list[Mark]:
    """Cues that negate the statement; empty when it is affirmative."""
    text, _ = _text_of(sentence)
    idioms = [(m.start(), m.end()) for m in NOT_NEGATION.finditer(text)]

    def keep(cue: str, start: int, end: int) -> bool:
        return not any(s <= start < e for s, e in idioms)

    return _marks(NEGATION, _NEGATIONS, text, offset, keep)


def opinion_or_prediction(sentence: str | SpacySpan, offset: int = 0) -> list[Mark]:
    """Opinion markers and future or modal predictions: the statement is no checkable fact."""
    text, span = _text_of(sentence)

    def keep_prediction(cue: str, start: int, end: int) -> bool:
        if cue in {"will", "modal"}:
            if not _modal_ok(span, text, start, end):
                return False
            if cue == "will" and span is None:
                # "the will of the people", "political will": the noun
                prev = text[:start].split()[-1:] or [""]
                return prev[0].lower() not in _WILL_NOUN_BEFORE
        return True

    def keep_opinion(cue: str, start: int, end: int) -> bool:
        return cue != "deontic" or _modal_ok(span, text, start, end)

    marks = _marks(PREDICTION, _PREDICTIONS, text, offset, keep_prediction)
    marks += _marks(OPINION, _OPINIONS, text, offset, keep_opinion)
    return sorted(marks, key=lambda m: m.start)


_WILL_NOUN_BEFORE = frozenset({"the", "a", "his", "her", "their", "our", "its", "my",
                               "your", "political", "free", "good", "ill", "popular",
                               "people's", "of", "against"})


def assess(sentence: str | SpacySpan, offset: int = 0) -> Certainty:
    """Every mark of one sentence, in order."""
    marks = (anonymous_sources(sentence, offset) + hedges(sentence, offset)
             + negated(sentence, offset) + opinion_or_prediction(sentence, offset))
    return Certainty(marks=sorted(marks, key=lambda m: (m.start, m.kind)))
