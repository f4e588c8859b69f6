"""Claims: sentences split into checkable statements with their values and attribution.

A claim is a main clause (a sentence, or one of its independent coordinated clauses)
with its subject, the values it asserts (quantities, dates, places, people,
organisations) as spans, who it is attributed to, and how certain it is. The
``predicate`` is the clause with its values masked, which is what alignment compares:
two articles saying the same thing with different figures differ only in the values.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from triangulate.extract import certainty
from triangulate.extract.quotes_lexicon import SPEECH_VERBS
from triangulate.model import Article, Claim, ClaimValue, Quote
from triangulate.models.language import DEFAULT_SPACY_MODEL, parse

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

PLACE_LABELS = {"GPE", "LOC", "FAC"}
VALUE_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "name", "PRODUCT": "name",
              "EVENT": "name", "GPE": "place", "LOC": "place", "FAC": "place"}
MASK = {"quantity": "<num>", "date": "<date>", "place": "<place>", "person": "<person>",
        "organisation": "<org>", "name": "<name>"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_SPACE = re.compile(r"\s+")
MIN_TOKENS = 4


def clause_bounds(sent: SpacySpan) -> list[tuple[int, int]]:
    """Character bounds of the independent clauses of a parsed sentence.

    A verb coordinated with the root that has a subject of its own starts a new
    clause ("X said A, and Y denied it"); shared-subject coordination ("X arrived and
    spoke") stays one claim, as does everything subordinate. The joining comma and
    conjunction belong to neither clause.
    """
    doc = sent.doc
    gaps: list[tuple[int, int]] = []  # (end of one clause, start of the next)
    for child in sent.root.children:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in SUBJECT_DEPS for c in child.children
        ):
            left = child.left_edge
            joint = left
            while joint.i > sent.start and doc[joint.i - 1].dep_ in {"cc", "punct"}:
                joint = doc[joint.i - 1]
            gaps.append((joint.idx, left.idx))
    for tok in sent:
        if tok.text == ";" and tok.i + 1 < sent.end:
            gaps.append((tok.idx, tok.idx + 1))
    bounds = []
    start = sent.start_char
    for end, nxt in sorted(set(gaps)):
        if end > start:
            bounds.append((start, end))
            start = nxt
    bounds.append((start, sent.end_char))
    return bounds


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    return start, end


def _is_statement(sent: SpacySpan) -> bool:
    """Headings, questions and fragments are not claims."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < MIN_TOKENS or sent.text.rstrip().endswith("?"):
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in sent)


def _subject(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The subject of the clause's main verb; for "X, officials said" the subject of
    what was said (X), not of the reporting verb."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root
    if head.lemma_.lower() in SPEECH_VERBS:
        said = [c for c in head.children if c.dep_ in {"ccomp", "parataxis"}
                and span.start <= c.i < span.end]
        if said:
            head = said[0]
    subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        return None
    subj = subjects[0]
    left = max(subj.left_edge.idx, start)
    right = min(subj.right_edge.idx + len(subj.right_edge.text), end)
    return (left, right) if right > left else None


def _values(article: Article, start: int, end: int) -> list[ClaimValue]:
    out: list[ClaimValue] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for q in article.quantities:
        if start <= q.span.start and q.span.end <= end:
            out.append(ClaimValue(kind="quantity", span=q.span, value=format_interval(
                q.low, q.high, q.unit, q.low_inclusive, q.high_inclusive),
                low=q.low, high=q.high, unit=q.unit, measure=q.measure,
                low_inclusive=q.low_inclusive, high_inclusive=q.high_inclusive))
            taken.append((q.span.start, q.span.end))
    for t in article.times:
        inside = start <= t.span.start and t.span.end <= end
        if inside and t.type == "DATE" and t.value and free(t.span.start, t.span.end):
            out.append(ClaimValue(kind="date", span=t.span, value=t.value))
            taken.append((t.span.start, t.span.end))
    for m in article.mentions:
        kind = VALUE_KIND.get(m.label)
        if kind and start <= m.span.start and m.span.end <= end and free(m.span.start,
                                                                          m.span.end):
            out.append(ClaimValue(kind=kind, span=m.span,
                                  value=m.entity or _SPACE.sub(" ", m.span.text.lower())))
            taken.append((m.span.start, m.span.end))
    out.sort(key=lambda v: v.span.start)
    return out


def format_interval(low: float | None, high: float | None, unit: str,
                    low_inclusive: bool = True, high_inclusive: bool = True) -> str:
    def num(x: float | None, inf: str) -> str:
        if x is None:
            return inf
        return f"{x:g}"

    left = "[" if low_inclusive and low is not None else "("
    right = "]" if high_inclusive and high is not None else ")"
    return f"{left}{num(low, '-inf')}, {num(high, 'inf')}{right} {unit}"


def masked_predicate(text: str, offset: int, values: list[ClaimValue]) -> str:
    """The clause with its values replaced by placeholders, lower-cased."""
    parts: list[str] = []
    pos = 0
    for v in values:
        s, e = v.span.start - offset, v.span.end - offset
        if s < pos:
            continue
        parts.append(text[pos:s])
        parts.append(MASK.get(v.kind, "<x>"))
        pos = e
    parts.append(text[pos:])
    return _SPACE.sub(" ", "".join(parts)).strip().lower()


def _quote_for(quotes: list[Quote], start: int, end: int, sent_start: int,
               sent_end: int) -> Quote | None:
    """The quote a clause is attributed through: its content covers most of the clause,
    or it is reported speech whose cue lies in the same sentence."""
    best: Quote | None = None
    best_overlap = 0
    for q in quotes:
        overlap = min(end, q.span.end) - max(start, q.span.start)
        if overlap <= 0:
            continue
        in_sentence = q.cue_span is not None and sent_start <= q.cue_span.start < sent_end
        if (overlap * 2 >= end - start or in_sentence) and overlap > best_overlap:
            best, best_overlap = q, overlap
    return best


def _sentences(article: Article, doc: Doc) -> list[SpacySpan]:
    """The article's sentences (which never cross a line break) as parsed spans."""
    if not article.sentences:
        return list(doc.sents)
    spans = []
    for s in article.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def extract_claims(article: Article, doc: Doc) -> list[Claim]:
    claims: list[Claim] = []
    text = article.text
    for sent in _sentences(article, doc):
        if not _is_statement(sent):
            continue
        for cstart, cend in clause_bounds(sent):
            cstart, cend = _trim(text, cstart, cend)
            if cend - cstart < 12:
                continue
            span = article.span(cstart, cend)
            values = _values(article, cstart, cend)
            subject = _subject(doc, cstart, cend)
            quote = _quote_for(article.quotes, cstart, cend, sent.start_char, sent.end_char)
            marks = certainty.assess(text[sent.start_char:sent.end_char])
            checkable = not marks.opinion and not marks.prediction and (
                bool(values) or subject is not None)
            claims.append(Claim(
                id=f"{article.id}:c{len(claims) + 1}",
                span=span,
                sentence=max(article.sentence_of(cstart), 0),
                subject_text=text[subject[0]:subject[1]] if subject else None,
                subject_span=article.span(*subject) if subject else None,
                predicate=masked_predicate(span.text, cstart, values),
                values=values,
                quote=quote.id if quote else None,
                speaker=quote.speaker if quote else None,
                anonymous=marks.anonymous or bool(quote and quote.anonymous),
                hedged=marks.hedged,
                negated=marks.negated,
                checkable=checkable,
            ))
    return claims


class ClaimStage:
    name: ClassVar[str] = "claims"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL) -> None:
        self.model = model

    def __call__(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.claims = extract_claims(article, parse(article, self.model))
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
