"""Quotes and attributions: who said what, in which words, through which channel.

Finds direct quotes (text between quotation marks, see ``quotes_marks``), reported
speech ("X said that ...", "according to X, ...", "in a new poll, ..."), speakers set as
labels (``quotes_labels``), stances told without a clause ("endorsed Trump", "called
for a ban", see ``quotes_stance``), passives ("is expected to win", "was accused of
lying", "was endorsed by X", see ``quotes_passive``), noun cues ("his claim that ...", see
``quotes_nouns``) and, last, any verb that frames a finite clause as the view of a
subject that can hold one ("Politifact ruled that ...", see ``reports_clause``), with
their source, cue and medium. The finding is a pure function
over the text and its spaCy parse (:func:`find_quotes`); :class:`QuoteStage` only turns
its results into ``model.Quote``.

Span conventions follow the PolNeAR attribution corpus: a direct quote's content keeps
its quotation marks (and the comma inside them), reported content starts with its
"that" and leaves out the sentence's final stop, a connective or dateline before it
("However,", "WASHINGTON ―") and the writer's additions after it (", which ...", "; ...");
content that the cue interrupts comes in two pieces, as do a passive's subject and
complement; the cue is the verb group ("has also said", see ``quotes_cue``), and the
source span is the whole written subject, appositive included ("Flynn, a top Trump
surrogate,"), less a heading, dateline or participle set off before or after it.
Attributions never overlap; where one's words hold another's cue and words, the outer
one is kept ("X said Y was right when he said Z").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import ClassVar

from spacy.tokens import Doc, Token

from triangulate.extract.quotes_cue import (
    cue_bounds,
    cue_start,
    is_cue,
    phrasal_particle,
    reports_clause,
)
from triangulate.extract.quotes_labels import label_after, label_before, line_labels
from triangulate.extract.quotes_lexicon import (
    ADDRESSEE_CUES,
    ANONYMOUS_HEADS,
    ASSERTION_VERBS,
    BELIEF_VERBS,
    COMMISSIVE_VERBS,
    DOCUMENT_NOUNS,
    PERSONAL_PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from triangulate.extract.quotes_marks import QuotedSpan, find_quoted_spans, top_level
from triangulate.extract.quotes_medium import carried_by, is_media_np, medium_name, medium_of_cue
from triangulate.extract.quotes_nouns import find_noun_cue, view_phrase
from triangulate.extract.quotes_passive import find_passive
from triangulate.extract.quotes_speaker import (
    DATELINE,
    PersonMention,
    Speaker,
    anonymity_marked,
    person_mentions,
    speaker_for,
    subject_of,
)
from triangulate.extract.quotes_stance import cue_lemma, find_stance
from triangulate.model import Article, Quote
from triangulate.models.language import DEFAULT_SPACY_MODEL, parse_many

_SEPARATORS = set(",:;—–-")
_SENTENCE_END = {".", "!", "?", ";"}
_TRIM_END = ",;:—–- \n"
_ADJUNCT_DEPS = ("advmod", "aux", "auxpass", "neg", "npadvmod", "prt")
_WINDOW = 14  # tokens between a quote and its cue, at most (a long name and title)
_MIN_UNATTRIBUTED = 4  # words in a quote kept without a speaker
_WORD = re.compile(r"\w+")
_EDGE = ".,;:!?\"'“”‘’()"
_DANGLING = re.compile(r"\s(?:and|or|but|nor)$")
_NAME_OPENERS = ("PROPN", "NOUN", "PRON", "DET", "ADJ")
_RELATIVES = ("which", "who", "whom", "whose")
_DESCRIBERS = ("the", "a", "an", "one")
_CONTRASTS = ("while", "whereas", "although", "though")
_WH_WORDS = ("what", "which", "who", "whom", "whose", "when", "where", "why", "how", "if")
# words that tie a sentence to the one before it rather than belong to what it reports
_CONNECTIVE = re.compile(
    r"(?:(?:however|still|yet|moreover|meanwhile|nevertheless|nonetheless|furthermore|"
    r"in addition|additionally|of course|as it stands|as for [^,.;:\"“]{1,40}|"
    r"that said|even so|by contrast|in contrast|instead|indeed|besides),\s*)",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """One quote or reported statement, as character offsets into the text."""

    start: int
    end: int
    kind: str  # direct | reported
    speaker: str | None = None
    speaker_at: tuple[int, int] | None = None
    cue: str | None = None
    cue_at: tuple[int, int] | None = None
    medium: str | None = None
    anonymous: bool = False


@dataclass(slots=True)
class _Attribution:
    cue_at: tuple[int, int] | None
    cue: Token | None
    source: Token | None
    contents: list[tuple[int, int, str]] = field(default_factory=list)
    medium: str | None = None
    anonymous: bool = False


class _Text:
    """The text, its parse and the lookups every rule needs."""

    def __init__(self, text: str, doc: Doc) -> None:
        self.text = text
        self.doc = doc
        self.starts = [t.idx for t in doc]
        spans = find_quoted_spans(text)
        self.quotes: list[QuotedSpan] = top_level(spans)
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        self._mentions: list[PersonMention] | None = None

    def mentions(self) -> list[PersonMention]:
        """The article's person mentions, found on first need (pronouns, roles)."""
        if self._mentions is None:
            self._mentions = person_mentions(self.doc, [(q.start, q.end) for q in self.quotes],
                                             self.paragraph_starts)
        return self._mentions

    def token_at_or_after(self, offset: int) -> int:
        return bisect_left(self.starts, offset)

    def token_before(self, offset: int) -> int:
        """Index of the last token that ends at or before ``offset`` (-1 if none)."""
        i = bisect_left(self.starts, offset) - 1
        while i >= 0 and self.doc[i].idx + len(self.doc[i]) > offset:
            i -= 1
        return i

    def in_quote(self, offset: int) -> QuotedSpan | None:
        for q in self.quotes:
            if q.start <= offset < q.end:
                return q
            if q.start > offset:
                break
        return None

    def paragraph_of(self, offset: int) -> int:
        return bisect_left(self.paragraph_starts, offset + 1) - 1

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        i = self.paragraph_of(offset)
        end = self.paragraph_starts[i + 1] if i + 1 < len(self.paragraph_starts) else len(self.text)
        return self.paragraph_starts[i], end


def _word_count(text: str, quote: QuotedSpan) -> int:
    inner = text[quote.inner_start:quote.inner_end(text)]
    return sum(1 for w in inner.split() if _WORD.search(w))


def speechlike(text: str, quote: QuotedSpan) -> bool:
    """A quoted passage that reads like speech, not a quoted term ("the ‘Oreshnik’")."""
    inner = text[quote.inner_start:quote.inner_end(text)].strip()
    words = [w for w in inner.split() if _WORD.search(w)]
    if not any(w[:1].islower() and w.lower().strip(_EDGE) not in TITLE_WORDS
               for w in words[1:]):
        return False  # a name or a title: every word capitalised ("Face the Nation")
    if len(words) >= 4:
        return True
    return len(words) >= 2 and inner[-1:] in ".!?,"


def _cue_after(t: _Text, quote: QuotedSpan) -> tuple[Token, Token | None] | None:
    """``“...,” he said`` / ``“...,” said X``: a speech verb right after the quote, and
    the speaker written between them where the parse hung it elsewhere (else None)."""
    doc = t.doc
    i = t.token_at_or_after(quote.end)
    while i < len(doc) and doc[i].text in _SEPARATORS:
        i += 1
    if i >= len(doc) or "\n" in t.text[quote.end:doc[i].idx]:
        return None
    if t.text[quote.inner_end(t.text) - 1] == "." and doc[i].is_sent_start and \
            doc[i].pos_ == "PRON":
        return None  # “... moved away.” He said that if ...: a new sentence, its own words
    verb = None
    for k in range(i, min(len(doc), i + _WINDOW)):
        token = doc[k]
        if token.text in _SENTENCE_END or "\n" in token.text or t.in_quote(token.idx):
            break
        if is_cue(token, belief=False) or _nominal_cue(token):
            verb = token
            break
    if verb is None or any(c.dep_ == "auxpass" for c in verb.children):
        return None  # "‘X’ is said to be ...": hearsay about the quoted term, not its cue
    if not speechlike(t.text, quote) and t.text[quote.inner_end(t.text) - 1] not in ",?!" \
            and t.text[quote.end:quote.end + 1] != ",":
        return None  # a quoted term in running text, not quoted words
    for child in verb.children:  # the verb introduces other words: "Fine." He said he ...
        if child.dep_ == "ccomp" and child.idx > verb.idx and t.in_quote(child.idx) is None \
                and t.paragraph_of(child.idx) == t.paragraph_of(verb.idx):
            return None  # (a parse run on into the next paragraph gives it no words here)
    subject = subject_of(verb)
    if subject is not None and subject.left_edge.idx < quote.end and \
            subject.right_edge.idx >= quote.start:
        # the quote as the verb's subject, or a parse that took a word inside it for one:
        # the speaker is the verb's other subject ("“...,” said Leslie Wimes") or the
        # name between the quote and the verb, where there is one
        name = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and
                     not quote.start <= c.idx < quote.end), None) or _name_between(t, i, verb)
        return (verb, name) if name is not None else None
    allowed = {u.i for u in subject.subtree} if subject is not None else set()
    for u in doc[i:verb.i]:
        if u.i in allowed or u.is_space:
            continue
        if u.head.i == verb.i and u.dep_ in _ADJUNCT_DEPS:
            continue
        name = _name_between(t, i, verb)  # "“...,” Flynn, a surrogate, said" parsed astray
        return (verb, name) if name is not None else None
    return verb, None


def _name_between(t: _Text, first: int, verb: Token) -> Token | None:
    """The head of a noun phrase that alone fills the words from token ``first`` to the
    cue: "Obama's former strategist", "Flynn, a top Trump surrogate,". None where those
    words hold a verb or open with anything but a nominal."""
    words = [u for u in t.doc[first:verb.i] if not (u.is_punct or u.is_space)]
    if not words or len(words) > 12 or words[0].pos_ not in _NAME_OPENERS or \
            any(u.pos_ in ("VERB", "AUX") or t.in_quote(u.idx) for u in words):
        return None
    roots = [u for u in words if not first <= u.head.i < verb.i and
             u.pos_ in ("PROPN", "NOUN", "PRON")]
    return roots[0] if roots else None


def _nominal_cue(token: Token) -> bool:
    """A cue the tagger took for a plural noun: "..., Viguerie notes." / "Bozell answers."
    Only a speech word right after a name and right before the sentence ends counts."""
    if token.pos_ != "NOUN" or token.tag_ != "NNS" or \
            token.lemma_.lower() not in SPEECH_VERBS:
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.text not in (".", ",", ";", "!", "?"):
        return False
    prev = token.nbor(-1) if token.i > 0 else None
    return prev is not None and prev.pos_ in ("PROPN", "PRON")


def _cue_before(t: _Text, quote: QuotedSpan) -> tuple[Token, Token | None] | None:
    """``X said: “...”`` / ``..., a senior official stating, ‘...’``."""
    doc = t.doc
    k = t.token_before(quote.start)
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0:
        return None
    gap = t.text[doc[k].idx + len(doc[k]):quote.start]
    seps = 0
    while k >= 0 and doc[k].text in _SEPARATORS and seps < 2:
        gap = t.text[doc[k].idx:quote.start]
        k -= 1
        seps += 1
    if k < 0 or gap.strip(" \n,:—–-") or ("\n" in gap and ":" not in gap):
        return None
    if not speechlike(t.text, quote):
        return None
    separated = any(ch in gap for ch in ",:—–")
    verb = None
    for m in range(k, max(-1, k - _WINDOW), -1):
        token = doc[m]
        if (token.text in _SENTENCE_END and m != k) or "\n" in token.text or \
                t.in_quote(token.idx):
            break
        if is_cue(token, belief=False):
            verb = token
            break
    if verb is None and ":" in gap:
        verb = _colon_verb(doc[k])
    if verb is None or (not separated and verb.i != k):
        return None
    for u in doc[verb.i + 1:k + 1]:
        if not _descends(u, verb):
            return None
    for child in verb.children:  # reported words of its own before the quote
        if child.dep_ == "ccomp" and verb.idx < child.idx < quote.start:
            return None
    return verb, None


def _clause_with_quote(t: _Text, verb: Token, quote: QuotedSpan) -> tuple[int, int]:
    """The reported words a quote is part of: "The country “has made dramatic changes,”
    McConnell said" reports the whole clause, the quote a fragment of it. The quote
    alone where it is all the cue reports."""
    inner = t.text[quote.inner_start:quote.inner_end(t.text)].lstrip(" '\"‘“`")
    if not inner[:1].islower():
        return quote.start, quote.end  # a quote that opens a sentence stands alone
    pieces = _reported_content(t, verb)
    if pieces is None:
        stance = find_stance(verb)
        if stance is not None:
            last = t.doc[stance.last]
            found = _finish_content(t, verb, t.doc[stance.first].idx, last.idx + len(last),
                                    needs_verb=False)
            pieces = [found] if found is not None else None
    if pieces is None or len(pieces) != 1:
        return quote.start, quote.end
    start, end = pieces[0]
    if not start <= quote.start < quote.end <= end or \
            any(ch in t.text[start:quote.start] for ch in ".!?\n"):
        return quote.start, quote.end
    return start, end


def _colon_verb(last: Token) -> Token | None:
    """The verb of a clause that ends in a colon before a quote, whatever the verb, when a
    person or body is its subject: "Mr. Smith shot back: ''...''"."""
    verb = last if last.pos_ == "VERB" else last.head
    if verb.pos_ != "VERB" or last.i - verb.i > 3 or verb.i > last.i:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return verb if subject is not None and _agentive(subject) else None


def _descends(token: Token, ancestor: Token) -> bool:
    while token.head.i != token.i:
        if token.head.i == ancestor.i:
            return True
        token = token.head
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Edge space and punctuation off; and a conjunction left dangling at the end, where
    the parse hung the next clause's "and" on the reported words."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while True:
        while end > start and text[end - 1] in _TRIM_END:
            end -= 1
        m = _DANGLING.search(text, start, end)
        if m is None or m.start() <= start:
            return start, end
        end = m.start()


def _extend_over_quotes(t: _Text, start: int, end: int) -> tuple[int, int]:
    for q in t.quotes:
        if q.start < end and q.end > start:
            start, end = min(start, q.start), max(end, q.end)
    return start, end


def _reported_content(t: _Text, verb: Token,
                      objects: bool = True) -> list[tuple[int, int]] | None:
    """The words a cue reports without quotation marks, in one piece or in two where the
    cue interrupts them.

    In order: its clausal complement ("said (that) ..."); the clause it interrupts or
    follows ("Responsibility, he said, lies ...", "..., as Reuters reported"); a
    "that"-clause the parser hung further off ("predicted at the debate that ...");
    with ``objects``, the object of an assertion ("confirmed the deployment") and the
    infinitive of a promise ("vowed to retaliate").
    """
    paragraph = t.paragraph_of(verb.idx)  # not a clause the parse ran on into the next
    particle = phrasal_particle(verb)  # "made clear": "clear" is the cue's, not its words
    clauses = sorted((c for c in verb.children if c.dep_ == "ccomp" and c != particle and
                      t.paragraph_of(c.idx) == paragraph),
                     key=lambda c: (c.i < verb.i, abs(c.i - verb.i)))
    if not clauses and particle is not None:  # "made [clear that ...]", parsed as one
        clauses = [c for c in particle.children if c.dep_ in ("ccomp", "advcl") and
                   c.i > particle.i]
    clause = clauses[0] if clauses else None  # the nearest on the right first
    lemma = verb.lemma_.lower()
    needs_verb = True
    if clause is not None:
        if lemma in BELIEF_VERBS and not any(
                c.dep_ in ("nsubj", "nsubjpass", "mark", "expl") for c in clause.children):
            return None  # "I think so", "we know it": no reported clause
        start, end = _subtree_bounds(clause)
        if start <= verb.idx < end:  # a parse that swallowed the cue: the words around it
            return _pieces_around(t, verb, start, end, clause, needs_verb)
    elif _interrupts(verb):
        start, end = _clause_without(t.text, verb.head, *_subtree_bounds(verb))
        if start <= verb.idx < end:  # "Responsibility, he said, lies with ..."
            return _pieces_around(t, verb, start, end, None, needs_verb)
    elif (that := _that_clause(verb)) is not None:
        clause = that.head if that.dep_ == "mark" or that.head.i > that.i else that
        start, end = that.idx, _subtree_bounds(clause)[1]
    elif objects and lemma in ASSERTION_VERBS and _agentive(subject_of(verb)) and \
            (obj := _assertion_object(verb)) is not None:
        start, end = _subtree_bounds(obj)
        needs_verb = False
    elif objects and lemma in COMMISSIVE_VERBS and (inf := _infinitive(verb)) is not None:
        start, end = _subtree_bounds(inf)
    else:
        return None
    bounds = _finish_content(t, verb, start, end, needs_verb)
    return [bounds] if bounds is not None else None


def _pieces_around(t: _Text, verb: Token, start: int, end: int, clause: Token | None,
                   needs_verb: bool) -> list[tuple[int, int]] | None:
    """Reported words that the cue and its source interrupt, as the two pieces on either
    side of them: "Responsibility | lies with neighbouring countries"."""
    doc = t.doc
    skip = {u.i for u in clause.subtree} if clause is not None else set()
    own = {u.i for u in verb.subtree if u.i not in skip}
    left = right = verb.i
    while left - 1 in own:
        left -= 1
    while right + 1 in own:
        right += 1
    part_start, part_end = doc[left].idx, doc[right].idx + len(doc[right])
    pieces = [_finish_content(t, verb, start, min(part_start, end), False),
              _finish_content(t, verb, max(part_end, start), end, False)]
    out = [p for p in pieces if p is not None]
    span = doc.char_span(out[0][0], out[-1][1], alignment_mode="expand") if out else None
    if span is None or (needs_verb and not any(u.pos_ in ("VERB", "AUX") for u in span)):
        return None
    return out


def _finish_content(t: _Text, verb: Token, start: int, end: int,
                    needs_verb: bool = True) -> tuple[int, int] | None:
    """Clamp reported words to the cue's paragraph, trim their edges, take in the
    quotations they cut through; None where nothing (or, with ``needs_verb``, no clause)
    is left."""
    # the parser may run a paragraph into the next one: reported words stay in the cue's
    p_start, p_end = t.paragraph_bounds(verb.idx)
    start, end = max(start, p_start), min(end, p_end)
    start, end = _trim(t.text, start, end)
    start, end = _extend_over_quotes(t, start, end)
    start, end = _trim_open(t, start, end)
    start, end = _trim(t.text, start, _writers_tail(t, start, end))
    if end - start < 2:
        return None
    span = t.doc.char_span(start, end, alignment_mode="expand")
    if span is None or (needs_verb and not any(tok.pos_ in ("VERB", "AUX") for tok in span)):
        return None  # reported words are a clause
    return start, end


def _writers_tail(t: _Text, start: int, end: int) -> int:
    """Where reported words end before a comment the writer adds at their end, set off
    by a comma: a relative clause on their last noun ("..., which forced her to leave"),
    a description ("NATO, the alliance that ...") or a contrast ("..., while ..."); a
    clause after a semicolon; or the source's next cue that the parse coordinated with
    the reported words ("it was opposed and warned ..."). Quoted words stay."""
    doc = t.doc
    first, last = t.token_at_or_after(start), t.token_before(end)
    for k in range(first + 1, last):
        comma, nxt = doc[k], doc[k + 1]
        if comma.text == ";" and t.in_quote(comma.idx) is None:
            return comma.idx  # a second sentence joined on: the writer's
        if comma.dep_ == "cc" and nxt.dep_ == "conj" and nxt.head.i == comma.head.i and \
                is_cue(nxt, belief=False) and nxt.right_edge.i >= last and \
                not any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children) and \
                t.in_quote(comma.idx) is None:
            return comma.idx  # "said it was opposed and warned X to ...": a second cue
        if comma.text != "," or t.in_quote(comma.idx) is not None:
            continue
        word = nxt.lower_
        if word in _RELATIVES and nxt.head.dep_ == "relcl":
            clause = nxt.head
        elif word in _DESCRIBERS and nxt.head.dep_ == "appos" and \
                nxt.i == nxt.head.left_edge.i:
            clause = nxt.head  # "NATO, the alliance that ...": a description, not a name
        elif word in _CONTRASTS and nxt.dep_ == "mark" and nxt.head.pos_ in ("VERB", "AUX"):
            clause = nxt.head
        else:
            continue
        if clause.right_edge.i >= last:
            return comma.idx
    return end


def _subtree_bounds(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def _interrupts(verb: Token) -> bool:
    """A cue inside or after the clause it reports: "X, he said, Y" / "X, as Y said"."""
    if verb.head.i == verb.i or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    if verb.dep_ == "parataxis":
        return True
    children = list(verb.children)  # "as X reported" (not "as revealed in a photograph")
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children) \
        and any(c.dep_ == "nsubj" for c in children)


def _clause_without(text: str, head: Token, part_start: int, part_end: int) -> tuple[int, int]:
    """The clause of ``head`` less a part at its edge ("According to X, ...", "..., as X
    reported"); a part in the middle stays, as the content is one span."""
    start, end = _subtree_bounds(head)
    start, end = min(start, part_start), max(end, part_end)
    if not text[start:part_start].strip(" ,—–-("):
        start = part_end
    elif not text[part_end:end].strip(" ,.;:—–-)"):
        end = part_start
    return start, end


def _that_clause(verb: Token) -> Token | None:
    """A "that"-clause the parse attached below the cue's adjuncts ("predicted at the
    most recent debate that ..."); returns the "that"."""
    for child in verb.rights:
        first = child.left_edge
        if child.dep_ in ("advcl", "dep") and first.lower_ == "that" and \
                first.i > verb.i and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            return first  # "tweeted ... that Machado was ...", its "that" taken for an adverb
        if child.dep_ in ("advcl", "dep") and (subject := _bare_clause(verb, child)):
            return subject.left_edge  # "said after the convention he would not ...": the
            # clause from its subject; the adjunct before it is the writer's "when"
        addressee = child.dep_ in ("dobj", "dative") and cue_lemma(verb) in ADDRESSEE_CUES
        if child.dep_ not in ("prep", "npadvmod", "advmod") and not addressee:
            continue
        for token in child.subtree:
            if token.lower_ != "that" or token.dep_ != "mark" or token.head.i < token.i:
                continue
            if token.head.dep_ in ("acl", "ccomp", "advcl") and not addressee:
                return token
            if addressee and token.head.dep_ in ("acl", "relcl") and \
                    any(c.dep_ in ("nsubj", "nsubjpass") for c in token.head.children):
                # "told a meeting of leaders that few people understood ...": after whom
                # the cue addresses, a "that" with a subject after it opens what was told
                return token
    return None


def _bare_clause(verb: Token, clause: Token) -> Token | None:
    """A clause with its own subject and tense and no conjunction of its own, right after
    a speech verb and an adjunct: what was said ("said after the convention he would
    not accept"), which the parse took for an adverbial clause. Returns its subject."""
    if not is_cue(verb, belief=False) or clause.i < verb.i or \
            any(c.dep_ == "mark" for c in clause.children) or \
            clause.left_edge.lower_ in _WH_WORDS:  # "said when she resigned": a time
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > clause.i or subject.left_edge.lower_ in _WH_WORDS:
        return None
    tensed = clause.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP")
        for c in clause.children)
    between = verb.doc[verb.i + 1:subject.left_edge.i]
    return subject if tensed and not any(u.is_punct for u in between) else None


def _agentive(subject: Token | None) -> bool:
    """A subject that can assert something: a person, a body, an outlet, "officials"."""
    if subject is None:
        return False
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    low = subject.lower_
    return low in PERSONAL_PRONOUNS or low in ("i", "we", "they", "who") or \
        low in ANONYMOUS_HEADS or subject.lemma_.lower() in ROLE_NOUNS or is_media_np(subject)


def _assertion_object(verb: Token) -> Token | None:
    """The object of "confirmed the deployment", "denied the report": a thing asserted,
    not a person or a pronoun."""
    for child in verb.rights:
        if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN") and \
                child.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            return child
    return None


def _infinitive(verb: Token) -> Token | None:
    for child in verb.rights:
        if child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to"
                                         for c in child.children):
            return child
    return None


def _trim_open(t: _Text, start: int, end: int) -> tuple[int, int]:
    """Trim again after extending over quotes: edge space and commas, the sentence's own
    final stop (not an abbreviation's: "the U.S."), a connective that links the sentence
    to the one before ("However,", "As for costs,") and a lone adverb before
    "that" ("said only that ...")."""
    text = t.text
    start, end = _trim(text, start, end)
    if end > start and text[end - 1] == "." and text[start] not in "\"“‘'`":
        last = t.token_before(end)
        if last >= 0 and t.doc[last].text == "." and t.doc[last].idx == end - 1:
            end -= 1
            start, end = _trim(text, start, end)
    dateline = DATELINE.match(text, start, end)  # "WASHINGTON ― Trump's obsession ..."
    if dateline is not None and dateline.end() < end:
        start = dateline.end()
    m = _CONNECTIVE.match(text, start, end)
    if m is not None and m.end() < end:  # "But ...", "However, ...": the writer's link
        start = m.end()
    first = t.token_at_or_after(start)
    if first + 1 < len(t.doc) and t.doc[first].dep_ == "advmod" and \
            t.doc[first + 1].lower_ == "that" and t.doc[first + 1].dep_ == "mark":
        start = t.doc[first + 1].idx
    return start, end


def _in_document(token: Token) -> tuple[Token, Token] | None:
    """For "in a new poll", "in the report": the "in" and the document's head noun, a
    source of what its sentence says ("In a CNN poll, Clinton led by 8 points")."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in ("VERB", "AUX"):
        return None  # a clause's adjunct, not "gains in the polls"
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() not in DOCUMENT_NOUNS or obj.i > token.i + 8:
        return None
    return token, obj


def _according(t: _Text, token: Token) -> tuple[Token, Token, Token] | None:
    """For "according to X": the "according" token, its "to" and X's head."""
    if token.lower_ != "according" or token.i + 1 >= len(t.doc):
        return None
    to = t.doc[token.i + 1]
    if to.lower_ != "to":
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj" and c.i > to.i), None)
    if obj is None:  # "according to show insiders": a noun the tagger took for a verb
        verb = next((c for c in to.children if c.dep_ == "pcomp" and c.i == to.i + 1), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None) if verb else None
    if obj is None:
        return None
    return token, to, obj


def _according_content(t: _Text, according: Token, obj: Token) -> tuple[int, int] | None:
    """What "according to X" vouches for: the rest of its sentence.

    Decided on the text, as the parser often hangs the phrase off the wrong word:
    "According to X, Y." gives Y; "Y, according to X ..." gives Y; a phrase inside
    the sentence ("The plan, according to X, is ...") leaves the sentence whole.
    """
    text = t.text
    sentence = according.sent
    p0, p1 = t.paragraph_bounds(according.idx)  # a parse may run paragraphs together
    s0, s1 = max(sentence.start_char, p0), min(sentence.end_char, p1)
    s0, s1 = _trim(text, s0, s1)
    before = text[s0:according.idx]
    if not before.strip(" \"“‘'(—–-"):
        comma = text.find(",", obj.idx, s1)
        start, end = (comma + 1 if comma >= 0 else obj.right_edge.idx + len(obj.right_edge)), s1
    elif before.rstrip()[-1:] in (",", "(", "—", "–") or \
            not text[obj.right_edge.idx + len(obj.right_edge):s1].strip(_EDGE + " )"):
        start, end = s0, according.idx  # "Y, according to X" / "Y in the latest poll."
    else:
        start, end = s0, s1
    start, end = _trim(text, start, end)
    start, end = _extend_over_quotes(t, start, end)
    start, end = _trim_open(t, start, end)
    return (start, end) if end - start > 1 else None


def _clip(t: _Text, bounds: tuple[int, int],
          claimed: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Words that run into an attribution already found, cut before it: at the last
    comma or dash before those words ("... election -- meddling the congressman said is
    ..."). None where no such mark stands between them."""
    start, end = bounds
    later = [s for s, e in claimed if s < end and start < e]
    if not later:
        return bounds
    cut = min(later)
    if cut <= start:
        return None
    text = t.text
    end = max(text.rfind(sep, start, cut) for sep in (",", "—", "–", "--", ";", "("))
    if end <= start:
        return None
    start, end = _trim(text, start, end)
    return (start, end) if end - start > 1 else None


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find_quotes(text: str, doc: Doc, keep_unattributed: bool = True,
                stances: bool = True) -> list[FoundQuote]:
    """Every quote and reported statement in ``text`` (parsed as ``doc``), in text order.

    ``keep_unattributed`` keeps direct quotes that read like speech but have no speaker
    the text makes clear. ``stances`` also takes attributions told without a clause
    ("Cruz endorsed Trump", "Clinton called for a ban"), as PolNeAR marks them; their
    content is the verb's complement and their kind "reported".
    """
    if not text.strip():
        return []
    finder = _Finder(_Text(text, doc))
    # the passes in order of how sure they are: the words a later pass finds never
    # overlap those of an earlier one (PolNeAR, too, never nests attributions)
    finder.line_labels()
    finder.direct_quotes()
    finder.reported_speech()
    finder.according_to()
    if stances:
        finder.stances()
        finder.passives()
    finder.nouns()
    finder.reported_speech(general=True)
    unattributed = finder.carried_on_quotes()
    return _assemble(finder.t, list(finder.attributions.values()),
                     unattributed if keep_unattributed else [])


class _Finder:
    """The attributions found so far, and the words they have claimed."""

    def __init__(self, t: _Text) -> None:
        self.t = t
        self.attributions: dict[int, _Attribution] = {}  # by cue token index (< 0: no verb)
        self.owner: dict[int, int] = {}  # quote index -> cue token index
        self.claimed: list[tuple[int, int]] = []

    def attribution(self, verb: Token) -> _Attribution:
        found = self.attributions.get(verb.i)
        if found is None:
            found = _Attribution(cue_at=cue_bounds(verb), cue=verb, source=_source(self.t, verb))
            self.attributions[verb.i] = found
        return found

    def add(self, att: _Attribution, pieces: list[tuple[int, int]]) -> None:
        for start, end in pieces:
            att.contents.append((start, end, self.kind(start, end)))
            self.claimed.append((start, end))

    def nested_in(self, pieces: list[tuple[int, int]]) -> list[int] | None:
        """The attributions found so far that lie wholly inside ``pieces``, cue and
        words (they are part of what the new cue reports); None where one only
        overlaps them, or is a quotation."""
        inside: list[int] = []
        for key, att in self.attributions.items():
            spans = [(s, e) for s, e, _ in att.contents]
            if not any(_overlaps(p, spans) for p in pieces):
                continue
            if att.cue_at is None or any(kind == "direct" for _, _, kind in att.contents) or \
                    any(not any(s <= a and b <= e for s, e in pieces)
                        for a, b in [*spans, att.cue_at]):
                return None  # a quotation keeps its own cue
            inside.append(key)
        return inside

    def in_source(self, token: Token) -> bool:
        """Whether a word is part of a source already found: "said Don Fowler, who has
        backed Clinton" tells who Fowler is, not what he holds."""
        return any(att.source is not None and
                   att.source.left_edge.i <= token.i <= att.source.right_edge.i and
                   att.source.i != token.i for att in self.attributions.values())

    def drop(self, key: int) -> None:
        """Forget an attribution and the words it claimed."""
        att = self.attributions.pop(key)
        for s, e, _ in att.contents:
            self.claimed.remove((s, e))
        self.owner = {qi: k for qi, k in self.owner.items() if k != key}

    def kind(self, start: int, end: int) -> str:
        exact = any(q.start == start and q.end == end for q in self.t.quotes)
        return "direct" if exact else "reported"

    def line_labels(self) -> None:
        """Lines opening with a speaker's name and a colon: transcripts, headlines."""
        t = self.t
        for k, line in enumerate(line_labels(t.text, t.doc, t.paragraph_starts)):
            if any(q.start == line.start and q.end == line.end for q in t.quotes):
                continue  # a quote after a label: the direct quotes' own rule
            att = _Attribution(cue_at=line.label.cue_at, cue=None, source=line.label.name)
            self.attributions[-2 * len(t.text) - 2 - k] = att
            self.add(att, [(line.start, line.end)])

    def direct_quotes(self) -> None:
        """Direct quotes with a cue beside them; a quote split by its cue shares it."""
        t, text = self.t, self.t.text
        for qi, quote in enumerate(t.quotes):
            if _overlaps((quote.start, quote.end), self.claimed):
                self.owner[qi] = -1
                continue
            inner_end = quote.inner_end(text)
            ends_open = text[inner_end - 1:inner_end] in (",", "?", "!", "—", "-")
            rules = (_cue_after, _cue_before) if ends_open else (_cue_before, _cue_after)
            for rule in rules:
                found = rule(t, quote)
                if found is not None and not t.in_quote(found[0].idx):
                    verb, name = found
                    self.owner[qi] = verb.i
                    start, end = _clause_with_quote(t, verb, quote)
                    kind = "direct" if (start, end) == (quote.start, quote.end) else "reported"
                    att = self.attribution(verb)
                    if name is not None:
                        att.source = name
                    att.contents.append((start, end, kind))
                    break
            if qi not in self.owner and speechlike(text, quote):
                label = label_before(text, t.doc, quote.start) or \
                    label_after(text, t.doc, quote.end)
                if label is not None:  # a name set as a label: the punctuation is the cue
                    self.owner[qi] = -1
                    self.attributions[-len(text) - 1 - qi] = _Attribution(
                        cue_at=label.cue_at, cue=None, source=label.name,
                        contents=[(quote.start, quote.end, "direct")])
        self.claimed = [(s, e) for a in self.attributions.values() for s, e, _ in a.contents]

    def reported_speech(self, general: bool = False) -> None:
        """Cues with a clause, outside quoted words: "said (that) ...". With ``general``,
        the verbs outside the cue lexicon that frame a clause as their subject's words
        or views ("Politifact ruled that ..."): the least sure cues, so they only take
        words no other rule has."""
        t = self.t
        for token in t.doc:
            if token.i in self.attributions or t.in_quote(token.idx):
                continue
            if general:  # any verb, with its clause and a subject that can hold a view
                if is_cue(token) or not reports_clause(token) or \
                        not _agentive(subject_of(token)) or self.in_source(token):
                    continue
            elif not is_cue(token):
                continue
            pieces = _reported_content(t, token)
            if pieces is None:
                continue
            inner = self.nested_in(pieces) if not general else \
                None if any(_overlaps(p, self.claimed) for p in pieces) else []
            if inner is None:
                continue
            att = self.attribution(token)
            source = att.source
            if (source is None and token.tag_ not in ("VBG", "VBN")) or \
                    (source is not None and any(s <= source.idx < e and not s <= token.idx < e
                                                for s, e in pieces)):
                del self.attributions[token.i]  # no one to attribute to, or a wild parse
                continue
            for key in inner:  # "X said Y was right when he said Z": X's words hold Z
                self.drop(key)
            self.add(att, pieces)

    def according_to(self) -> None:
        """"According to X": folded into a cue it qualifies, else one of its own."""
        t = self.t
        for token in t.doc:
            found = _according(t, token)
            if found is None and (document := _in_document(token)) is not None:
                found = (document[0], document[0], document[1])
            if found is None or t.in_quote(token.idx):
                continue
            according, to, obj = found
            if according is to and _host_attribution(self.attributions, according):
                continue  # "said in a new report": the cue's occasion
            host = _host_attribution(self.attributions, according)
            if host is not None:
                if is_media_np(obj):
                    host.medium = host.medium or medium_name(obj)
                elif _speaker(t, obj, []).anonymous:
                    host.anonymous = True
                continue
            bounds = _according_content(t, according, obj)
            if bounds is None or _overlaps(bounds, self.claimed):
                continue
            att = _Attribution(cue_at=(according.idx, to.idx + len(to)), cue=None, source=obj)
            if is_media_np(obj):
                att.medium = medium_name(obj)
            self.attributions[-1 - according.i] = att
            self.add(att, [bounds])

    def stances(self) -> None:
        """Stances told without a clause: "endorsed Trump", "called for a ban"."""
        t, doc = self.t, self.t.doc
        for token in doc:
            if token.i in self.attributions or t.in_quote(token.idx):
                continue
            stance = find_stance(token)
            if stance is None or self.in_source(token):
                continue
            last = doc[stance.last]
            bounds = _finish_content(t, token, doc[stance.first].idx, last.idx + len(last),
                                     needs_verb=False)
            source = _source(t, token)
            if bounds is not None:
                bounds = _clip(t, bounds, self.claimed)
            if bounds is None or source is None or bounds[0] <= source.idx < bounds[1]:
                continue
            cue_last = doc[stance.cue_last]
            att = _Attribution(cue_at=(cue_start(token), cue_last.idx + len(cue_last)),
                               cue=token, source=source)
            self.attributions[token.i] = att
            self.add(att, [bounds])

    def passives(self) -> None:
        """Passive cues: "X is expected to win", "X was accused of lying"; the source
        is the "by" agent, where there is one."""
        t, doc = self.t, self.t.doc
        for token in doc:
            if token.i in self.attributions or t.in_quote(token.idx):
                continue
            found = find_passive(token)
            if found is None or self.in_source(token):
                continue
            last = doc[found.last]
            pieces = []
            if found.subject is not None:  # the whole subject, its asides included
                subject = _trim(t.text, *_subtree_bounds(found.subject))
                if subject[1] - subject[0] < 2 or subject[1] > token.idx or \
                        subject[0] < t.paragraph_bounds(token.idx)[0]:
                    continue
                pieces.append(subject)
            if found.first >= 0:
                rest = _finish_content(t, token, doc[found.first].idx, last.idx + len(last),
                                       needs_verb=False)
                if rest is None:
                    continue
                pieces.append(rest)
            if not pieces or any(_overlaps(p, self.claimed) for p in pieces):
                continue
            cue_last = doc[found.cue_last]
            att = _Attribution(cue_at=(cue_start(token), cue_last.idx + len(cue_last)),
                               cue=token, source=found.agent)
            self.attributions[token.i] = att
            self.add(att, pieces)

    def nouns(self) -> None:
        """Noun cues with a source: "his claim that ...", "in their view, ..."."""
        t, doc = self.t, self.t.doc
        for token in doc:
            if t.in_quote(token.idx):
                continue
            view = view_phrase(token)
            if view is not None:
                prep, noun = view
                bounds = _according_content(t, prep, noun)
                source = next(c for c in noun.children if c.dep_ == "poss")
                cue_at = (noun.idx, noun.idx + len(noun))
            else:
                found = find_noun_cue(token)
                if found is None:
                    continue
                last, cue_last = doc[found.last], doc[found.cue_last]
                bounds = _finish_content(t, token, doc[found.first].idx,
                                         last.idx + len(last), needs_verb=False)
                source = found.source
                cue_at = (token.idx, cue_last.idx + len(cue_last))
            if bounds is not None:
                bounds = _clip(t, bounds, self.claimed)
            if bounds is None or bounds[0] <= source.idx < bounds[1]:
                continue
            att = _Attribution(cue_at=cue_at, cue=None, source=source)
            self.attributions[-3 * len(t.text) - 3 - token.i] = att
            self.add(att, [bounds])

    def carried_on_quotes(self) -> list[QuotedSpan]:
        """Quotes that carry on the previous speaker's words: “...,” he said. “...”;
        returns the speechlike quotes left without a speaker."""
        t = self.t
        unattributed: list[QuotedSpan] = []
        ordered = sorted(self.attributions.values(),
                         key=lambda a: min(s for s, _, _ in a.contents))
        for qi, quote in enumerate(t.quotes):
            if qi in self.owner or _overlaps((quote.start, quote.end), self.claimed):
                continue
            said = speechlike(t.text, quote)
            if not said and not _sentence(t.text, quote):
                continue
            previous = _previous(ordered, quote.start)
            same_paragraph = previous is not None and \
                t.paragraph_of(quote.start) == t.paragraph_of(previous.contents[-1][1])
            if previous is not None and _adjoins(t, previous, quote.start) and \
                    (said or same_paragraph):
                previous.contents.append((quote.start, quote.end, "direct"))
                self.claimed.append((quote.start, quote.end))
            elif _word_count(t.text, quote) >= _MIN_UNATTRIBUTED and speechlike(t.text, quote):
                unattributed.append(quote)  # a short one alone is a term more often than words
        return unattributed


def _sentence(text: str, quote: QuotedSpan) -> bool:
    """Quoted words that end as a sentence ends ("“We're America.”", "“The Donald. Big
    Daddy.”") and open one: said words, however short or capitalised, where they follow
    a speaker's in the same paragraph (not a title: "on “Meet the Press.”")."""
    inner = text[quote.inner_start:quote.inner_end(text)].rstrip()
    before = text[max(0, quote.start - 80):quote.start].rstrip()
    return inner[-1:] in ".!?" and len(inner) > 3 and before[-1:] in ".!?:"


def _previous(ordered: list[_Attribution], offset: int) -> _Attribution | None:
    """The attribution whose words end last before ``offset``."""
    best: _Attribution | None = None
    best_end = -1
    for att in ordered:
        for _, e, _ in att.contents:
            if best_end < e <= offset:
                best, best_end = att, e
    return best


def _adjoins(t: _Text, previous: _Attribution, start: int) -> bool:
    """Whether a quote at ``start`` carries on ``previous``: nothing stands between them
    but punctuation, at most one paragraph break, and the words of the previous
    attribution itself ("“A,” Mr. Sanders told CNN last year. “B.”")."""
    end = max(e for _, e, _ in previous.contents)
    if end > start:
        return False
    gap = t.text[end:start]
    if len(re.findall(r"\n\s*", gap)) > 1:
        return False
    if not gap.strip(" \n.,;:—–-"):
        # "X said Y. “Z.”": a quotation after reported words carries them on only where
        # those words end in quoted ones, or run on into it ("X said: “Z”")
        last_start, last_end, _ = max(previous.contents, key=lambda c: c[1])
        return any(q.end == last_end and last_start <= q.start for q in t.quotes) or \
            gap.strip(" \n") in ("", ",", ":", "—", "–", "-")
    cue = previous.cue
    if cue is None:
        return False  # words between: only the cue clause may stand there
    clause = cue if cue.dep_ not in ("acl", "advcl", "conj") else cue.head
    lo, hi = clause.left_edge.i, clause.right_edge.i
    for token in t.doc[t.token_at_or_after(end):t.token_at_or_after(start)]:
        if token.is_punct or token.is_space:
            continue
        if not lo <= token.i <= hi:
            return False
    return True


def _host_attribution(attributions: dict[int, _Attribution],
                      according: Token) -> _Attribution | None:
    head = according.head
    for _ in range(3):
        if head.i in attributions:
            return attributions[head.i]
        if head.head.i == head.i:
            break
        head = head.head
    return None


def _source(t: _Text, verb: Token) -> Token | None:
    prev = verb.nbor(-1) if verb.i > 0 else None
    if verb.pos_ == "NOUN":  # a cue tagged as a noun: its "compound" is the speaker
        return prev if prev is not None and prev.pos_ in ("PROPN", "PRON") else None
    subject = subject_of(verb)
    if subject is not None and subject.idx < t.paragraph_bounds(verb.idx)[0] or \
            subject is None and verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBZ", "VBP"):
        # a heading or time line run into the cue's sentence ("12:15 p.m.\n\nTrump says"),
        # its subject hung on the heading's verb
        subject = _paragraph_subject(t, verb)
    if subject is not None:
        return subject
    if prev is not None and prev.head.i == verb.i and prev.is_title and \
            prev.dep_ in ("advmod", "npadvmod", "dep", "compound", "amod") and \
            prev.i > prev.sent.start:
        return prev  # "Jolly said ...": a surname the tagger took for an adverb
    # "“...,” said Maria Ivanova, ...": a name right after the verb the parse left loose
    clause = {c.i for child in verb.children if child.dep_ == "ccomp" for c in child.subtree}
    for token in t.doc[verb.i + 1:verb.i + 6]:
        if token.is_punct or "\n" in token.text or token.i in clause:
            break
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            head = token
            while head.head.i != head.i and verb.i < head.head.i <= verb.i + 6 and \
                    head.head.pos_ in ("PROPN", "NOUN"):
                head = head.head
            return head
    return None


def _paragraph_subject(t: _Text, verb: Token) -> Token | None:
    """The nominal written last before the cue in its own paragraph whose head lies
    outside the words from the paragraph's start to the cue: the subject the parse
    lost to a heading run into it."""
    first = t.token_at_or_after(t.paragraph_bounds(verb.idx)[0])
    for token in reversed(t.doc[first:verb.i]):
        if token.pos_ in ("PROPN", "NOUN", "PRON") and not first <= token.head.i < verb.i:
            return token
    return None


def _speaker(t: _Text, head: Token, stop: list[tuple[int, int]], cue_start: int = -1) -> Speaker:
    return speaker_for(head, t.mentions(), t.paragraph_starts, stop, head.sent.text, cue_start,
                       t.text)


def _assemble(t: _Text, attributions: list[_Attribution],
              unattributed: list[QuotedSpan]) -> list[FoundQuote]:
    out: list[FoundQuote] = []
    carried: list[tuple[int, int, str]] = []  # (start, end, medium) from "reported by X"
    for sentence in t.doc.sents:
        medium = carried_by(sentence)
        if medium is not None:
            para = t.paragraph_of(sentence.start_char)
            first = t.paragraph_starts[max(0, para - 1)]
            last = t.paragraph_starts[para + 1] if para + 1 < len(t.paragraph_starts) \
                else len(t.text)
            carried.append((first, last, medium))
    for att in attributions:
        if not att.contents:
            continue
        stop = [(s, e) for s, e, _ in att.contents]
        speaker: Speaker | None = None
        if att.source is not None:  # "a statement announcing ...": the source ends at its cue
            around = stop + [att.cue_at] if att.cue_at is not None else stop
            speaker = _speaker(t, att.source, around, att.cue_at[0] if att.cue_at else -1)
        medium = att.medium
        if medium is None and att.cue is not None:
            medium = medium_of_cue(att.cue, stop)
        if medium is None and att.source is not None and att.source.pos_ == "PROPN" and \
                is_media_np(att.source):
            medium = medium_name(att.source)  # "The New York Post reports that ..."
        if medium is None:
            first_start = min(s for s, _, _ in att.contents)
            medium = next((m for s, e, m in carried if s <= first_start < e), None)
        cue_text = None
        if att.cue_at is not None:  # the words of the cue: "said" for the span "said:"
            written = t.text[att.cue_at[0]:att.cue_at[1]]
            cue_text = written.rstrip(":").rstrip() or written
        anonymous = att.anonymous or (speaker.anonymous if speaker else False)
        if att.cue is not None and not anonymous:
            anonymous = anonymity_marked(att.cue.sent.text)
        for s, e, kind in att.contents:
            out.append(FoundQuote(
                start=s, end=e, kind=kind,
                speaker=speaker.name if speaker else None,
                speaker_at=(speaker.start, speaker.end) if speaker else None,
                cue=cue_text, cue_at=att.cue_at, medium=medium, anonymous=anonymous))
    for quote in unattributed:
        out.append(FoundQuote(start=quote.start, end=quote.end, kind="direct"))
    out.sort(key=lambda q: (q.start, q.end))
    return out


class QuoteStage:
    """Fills ``article.quotes`` with the quotes and reported statements of each article."""

    name: ClassVar[str] = "quotes"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL, keep_unattributed: bool = True,
                 stances: bool = True) -> None:
        self.model = model
        self.keep_unattributed = keep_unattributed
        self.stances = stances

    def __call__(self, articles: list[Article]) -> list[Article]:
        docs = parse_many(articles, self.model)
        for article, doc in zip(articles, docs, strict=True):
            found = find_quotes(article.text, doc, self.keep_unattributed, self.stances)
            article.quotes = [to_quote(article, n, q) for n, q in enumerate(found, start=1)]
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles


def to_quote(article: Article, n: int, found: FoundQuote) -> Quote:
    """A ``model.Quote`` from a found quote; spans built by the article itself."""
    return Quote(
        id=f"{article.id}:q{n}",
        span=article.span(found.start, found.end),
        kind=found.kind,
        speaker=found.speaker,
        speaker_span=article.span(*found.speaker_at) if found.speaker_at else None,
        cue=found.cue,
        cue_span=article.span(*found.cue_at) if found.cue_at else None,
        medium=found.medium,
        anonymous=found.anonymous,
    )
