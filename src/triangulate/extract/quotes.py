"""Quotes and attributions: who said what, in which words, through which channel.

Finds direct quotes (text between quotation marks, see ``quotes_marks``) and reported
speech ("X said that ...", "according to X, ...") with their source, cue and medium.
The finding is a pure function over the text and its spaCy parse
(:func:`find_quotes`); :class:`QuoteStage` only turns its results into ``model.Quote``.

Span conventions follow the PolNeAR attribution corpus: a direct quote's content keeps
its quotation marks (and the comma inside them), reported content starts with its
"that" and leaves out the sentence's final stop, and the source span is the whole
written subject, appositive included ("Flynn, a top Trump surrogate,").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import ClassVar

from spacy.tokens import Doc, Token

from triangulate.extract.quotes_lexicon import (
    ANONYMITY_PHRASES,
    BELIEF_VERBS,
    PHRASAL_CUES,
    SPEECH_VERBS,
)
from triangulate.extract.quotes_marks import QuotedSpan, find_quoted_spans, top_level
from triangulate.extract.quotes_medium import carried_by, is_media_np, medium_name, medium_of_cue
from triangulate.extract.quotes_speaker import (
    PersonMention,
    Speaker,
    person_mentions,
    speaker_for,
    subject_of,
)
from triangulate.model import Article, Quote
from triangulate.models.language import DEFAULT_SPACY_MODEL, parse_many

_SEPARATORS = set(",:;—–-")
_SENTENCE_END = {".", "!", "?", ";"}
_TRIM_END = ",;:—–-. "
_ADJUNCT_DEPS = ("advmod", "aux", "auxpass", "neg", "npadvmod", "prt")
_WINDOW = 10  # tokens between a quote and its cue, at most
_WORD = re.compile(r"\w+")


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
    phrase_end: int = 0  # where the written attribution ("..., he said") ends


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


def is_cue(token: Token, belief: bool = True) -> bool:
    """Whether a token is a verb that can attribute words or thoughts to a source."""
    if not (token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")):
        return False
    lemma = token.lemma_.lower()
    return lemma in SPEECH_VERBS or (belief and lemma in BELIEF_VERBS)


def cue_bounds(token: Token) -> tuple[int, int]:
    """The cue's characters: the verb, with its particle for phrasal cues ("pointed out")."""
    end = token.idx + len(token)
    particle = PHRASAL_CUES.get(token.lemma_.lower())
    if particle is not None:
        for child in token.rights:
            if child.lower_ == particle and child.i <= token.i + 2:
                end = child.idx + len(child)
    return token.idx, end


def speechlike(text: str, quote: QuotedSpan) -> bool:
    """A quoted passage that reads like speech, not a quoted term ("the ‘Oreshnik’")."""
    inner = text[quote.inner_start:quote.inner_end(text)].strip()
    words = [w for w in inner.split() if _WORD.search(w)]
    if not any(w[:1].islower() for w in words[1:]):
        return False  # a name or a title: every word capitalised
    if len(words) >= 4:
        return True
    return len(words) >= 2 and inner[-1:] in ".!?,"


def _cue_after(t: _Text, quote: QuotedSpan) -> Token | None:
    """``“...,” he said`` / ``“...,” said X``: a speech verb right after the quote."""
    doc = t.doc
    i = t.token_at_or_after(quote.end)
    while i < len(doc) and doc[i].text in _SEPARATORS:
        i += 1
    if i >= len(doc) or "\n" in t.text[quote.end:doc[i].idx]:
        return None
    verb = None
    for k in range(i, min(len(doc), i + _WINDOW)):
        token = doc[k]
        if token.text in _SENTENCE_END or "\n" in token.text or t.in_quote(token.idx):
            break
        if is_cue(token, belief=False):
            verb = token
            break
    if verb is None or any(c.dep_ == "auxpass" for c in verb.children):
        return None  # "‘X’ is said to be ...": hearsay about the quoted term, not its cue
    if not speechlike(t.text, quote) and t.text[quote.inner_end(t.text) - 1] not in ",?!" \
            and t.text[quote.end:quote.end + 1] != ",":
        return None  # a quoted term in running text, not quoted words
    subject = subject_of(verb)
    allowed = {u.i for u in subject.subtree} if subject is not None else set()
    if subject is not None and subject.left_edge.idx < quote.end and \
            subject.right_edge.idx >= quote.start:
        return None  # the quote is the verb's subject
    for u in doc[i:verb.i]:
        if u.i in allowed or u.is_space:
            continue
        if u.head.i == verb.i and u.dep_ in _ADJUNCT_DEPS:
            continue
        return None
    for child in verb.children:  # the verb introduces other words: "Fine." He said he ...
        if child.dep_ == "ccomp" and child.idx > verb.idx and not quote.start <= child.idx \
                < quote.end:
            return None
    return verb


def _cue_before(t: _Text, quote: QuotedSpan) -> Token | None:
    """``X said: “...”`` / ``..., a senior official stating, ‘...’``."""
    doc = t.doc
    k = t.token_before(quote.start)
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
    if verb is None or (not separated and verb.i != k):
        return None
    for u in doc[verb.i + 1:k + 1]:
        if not _descends(u, verb):
            return None
    for child in verb.children:  # reported words of its own before the quote
        if child.dep_ == "ccomp" and verb.idx < child.idx < quote.start:
            return None
    return verb


def _descends(token: Token, ancestor: Token) -> bool:
    while token.head.i != token.i:
        if token.head.i == ancestor.i:
            return True
        token = token.head
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return start, end


def _extend_over_quotes(t: _Text, start: int, end: int) -> tuple[int, int]:
    for q in t.quotes:
        if q.start < end and q.end > start:
            start, end = min(start, q.start), max(end, q.end)
    return start, end


def _reported_content(t: _Text, verb: Token) -> tuple[int, int] | None:
    """The words a cue reports without quotation marks: its clausal complement."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        clause = verb.head  # "Responsibility, he said, lies with ..."
        start = clause.left_edge.idx
        end = clause.right_edge.idx + len(clause.right_edge)
    elif clause is None:
        return None
    else:
        if verb.lemma_.lower() in BELIEF_VERBS and not any(
                c.dep_ in ("nsubj", "nsubjpass", "mark", "expl") for c in clause.children):
            return None  # "I think so", "we know it": no reported clause
        start = clause.left_edge.idx
        end = clause.right_edge.idx + len(clause.right_edge)
        if start <= verb.idx < end:  # a parse that swallowed the cue: keep the clause side
            if clause.idx < verb.idx:
                end = verb.left_edge.idx
            else:
                start = verb.idx + len(verb)
    start, end = _trim(t.text, start, end)
    start, end = _extend_over_quotes(t, start, end)
    start, end = _trim_open(t.text, start, end)
    if end - start < 2:
        return None
    lo, hi = min(start, verb.idx), max(end, verb.idx)
    if "\n" in t.text[lo:hi] and not t.in_quote(start):
        return None  # a heading run into the next paragraph by the parser
    span = t.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not any(tok.pos_ in ("VERB", "AUX") for tok in span):
        return None  # reported words are a clause
    return start, end


def _trim_open(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim again, but never a closing quotation mark the content ends with."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    if end > start and text[end - 1] == "." and text[start] not in "\"“‘'":
        end -= 1
    return start, end


def _according(t: _Text, token: Token) -> tuple[Token, Token, Token] | None:
    """For "according to X": the "according" token, its "to" and X's head."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(t.doc) and t.doc[token.i + 1].lower_ == "to":
        to = t.doc[token.i + 1]
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    return token, to, obj


def _according_content(t: _Text, according: Token, obj: Token) -> tuple[int, int] | None:
    """What "according to X" vouches for: its clause, without the according phrase."""
    head = according.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    sentence = according.sent
    pp_start = according.idx
    pp_end = obj.right_edge.idx + len(obj.right_edge)
    start = sentence.start_char
    end = sentence.end_char
    if head.pos_ in ("VERB", "AUX"):
        start = min(head.left_edge.idx, pp_start)
        end = max(head.right_edge.idx + len(head.right_edge), pp_end)
    if pp_start - start <= 1:
        start = pp_end
    elif end - pp_end <= 2:
        end = pp_start
    start, end = _trim(t.text, start, end)
    start, end = _extend_over_quotes(t, start, end)
    start, end = _trim_open(t.text, start, end)
    return (start, end) if end - start > 1 else None


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find_quotes(text: str, doc: Doc, keep_unattributed: bool = True) -> list[FoundQuote]:
    """Every quote and reported statement in ``text`` (parsed as ``doc``), in text order.

    ``keep_unattributed`` keeps direct quotes that read like speech but have no speaker
    the text makes clear.
    """
    t = _Text(text, doc)
    if not text.strip():
        return []
    quoted_ranges = [(q.start, q.end) for q in t.quotes]
    attributions: dict[int, _Attribution] = {}  # by cue token index
    owner: dict[int, int] = {}  # quote index -> cue token index

    def attribution(verb: Token) -> _Attribution:
        found = attributions.get(verb.i)
        if found is None:
            found = _Attribution(cue_at=cue_bounds(verb), cue=verb, source=_source(t, verb))
            attributions[verb.i] = found
        return found

    # direct quotes with a cue beside them; a quote split by its cue shares it
    for qi, quote in enumerate(t.quotes):
        ends_open = text[quote.inner_end(text) - 1:quote.inner_end(text)] in (",", "?", "!",
                                                                               "—", "-")
        rules = (_cue_after, _cue_before) if ends_open else (_cue_before, _cue_after)
        for rule in rules:
            verb = rule(t, quote)
            if verb is not None and not t.in_quote(verb.idx):
                owner[qi] = verb.i
                att = attribution(verb)
                att.contents.append((quote.start, quote.end, "direct"))
                att.phrase_end = max(att.phrase_end, quote.end, *_phrase_ends(att))
                break
    # reported speech: cues with a clause, outside quoted words
    claimed = [(s, e) for a in attributions.values() for s, e, _ in a.contents]
    for token in doc:
        if token.i in attributions or not is_cue(token) or t.in_quote(token.idx):
            continue
        bounds = _reported_content(t, token)
        if bounds is None or _overlaps(bounds, claimed):
            continue
        att = attribution(token)
        if att.source is None and token.tag_ not in ("VBG", "VBN"):
            del attributions[token.i]
            continue
        kind = "direct" if any(q.start == bounds[0] and q.end == bounds[1] for q in t.quotes) \
            else "reported"
        att.contents.append((bounds[0], bounds[1], kind))
        claimed.append(bounds)
    # "according to X": folded into a cue it qualifies, else an attribution of its own
    for token in doc:
        found = _according(t, token)
        if found is None or t.in_quote(token.idx):
            continue
        according, to, obj = found
        host = _host_attribution(attributions, according)
        if host is not None:
            if is_media_np(obj):
                host.medium = host.medium or medium_name(obj)
            elif _speaker(t, obj, []).anonymous:
                host.anonymous = True
            continue
        bounds = _according_content(t, according, obj)
        if bounds is None or _overlaps(bounds, claimed):
            continue
        att = _Attribution(cue_at=(according.idx, to.idx + len(to)), cue=None, source=obj)
        if is_media_np(obj):
            att.medium = medium_name(obj)
        kind = "direct" if any(q.start == bounds[0] and q.end == bounds[1] for q in t.quotes) \
            else "reported"
        att.contents.append((bounds[0], bounds[1], kind))
        attributions[-1 - according.i] = att
        claimed.append(bounds)
    # quotes that carry on the previous speaker's words: “...,” he said. “...”
    unattributed: list[QuotedSpan] = []
    ordered = sorted(attributions.values(), key=lambda a: min(s for s, _, _ in a.contents))
    for qi, quote in enumerate(t.quotes):
        if qi in owner or _overlaps((quote.start, quote.end), claimed):
            continue
        if not speechlike(text, quote):
            continue
        previous = _previous_direct(ordered, quote.start)
        if previous is not None and _adjoins(t, previous.phrase_end, quote.start):
            previous.contents.append((quote.start, quote.end, "direct"))
            previous.phrase_end = quote.end
            claimed.append((quote.start, quote.end))
        else:
            unattributed.append(quote)
    return _assemble(t, list(attributions.values()), unattributed if keep_unattributed else [])


def _phrase_ends(att: _Attribution) -> list[int]:
    ends = [att.cue_at[1]] if att.cue_at else []
    if att.source is not None:
        ends.append(att.source.right_edge.idx + len(att.source.right_edge))
    return ends


def _previous_direct(ordered: list[_Attribution], offset: int) -> _Attribution | None:
    best: _Attribution | None = None
    best_end = -1
    for att in ordered:
        for s, e, kind in att.contents:
            if kind == "direct" and e <= offset and e > best_end:
                best, best_end = att, e
    return best


def _adjoins(t: _Text, end: int, start: int) -> bool:
    """Only punctuation and space between the previous attributed words and a quote,
    and at most one paragraph break."""
    gap = t.text[end:start] if end <= start else ""
    return end <= start and not gap.strip(" \n.,;:—–-") and gap.count("\n") <= 2 and \
        len(re.findall(r"\n\s*", gap)) <= 1


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
    subject = subject_of(verb)
    if subject is not None:
        return subject
    # "“...,” said Maria Ivanova, ...": a name right after the verb the parse left loose
    for token in t.doc[verb.i + 1:verb.i + 6]:
        if token.is_punct or "\n" in token.text:
            break
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            head = token
            while head.head.i != head.i and verb.i < head.head.i <= verb.i + 6 and \
                    head.head.pos_ in ("PROPN", "NOUN"):
                head = head.head
            return head
    return None


def _speaker(t: _Text, head: Token, stop: list[tuple[int, int]]) -> Speaker:
    return speaker_for(head, t.mentions(), t.paragraph_starts, stop, head.sent.text)


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
        if att.source is not None:
            speaker = _speaker(t, att.source, stop)
        medium = att.medium
        if medium is None and att.cue is not None:
            medium = medium_of_cue(att.cue, stop)
        if medium is None and att.source is not None and att.source.pos_ == "PROPN" and \
                is_media_np(att.source):
            medium = medium_name(att.source)  # "The New York Post reports that ..."
        if medium is None:
            first_start = min(s for s, _, _ in att.contents)
            medium = next((m for s, e, m in carried if s <= first_start < e), None)
        cue_text = t.text[att.cue_at[0]:att.cue_at[1]] if att.cue_at else None
        anonymous = att.anonymous or (speaker.anonymous if speaker else False)
        if att.cue is not None and not anonymous:
            anonymous = _anonymous_sentence(att.cue)
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


def _anonymous_sentence(verb: Token) -> bool:
    sentence = verb.sent.text.lower()
    return any(p in sentence for p in ANONYMITY_PHRASES[:-1])


class QuoteStage:
    """Fills ``article.quotes`` with the quotes and reported statements of each article."""

    name: ClassVar[str] = "quotes"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL, keep_unattributed: bool = True) -> None:
        self.model = model
        self.keep_unattributed = keep_unattributed

    def __call__(self, articles: list[Article]) -> list[Article]:
        docs = parse_many(articles, self.model)
        for article, doc in zip(articles, docs, strict=True):
            found = find_quotes(article.text, doc, self.keep_unattributed)
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
