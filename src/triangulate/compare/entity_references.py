"""Pronouns and role nouns ("he", "the minister") linked to the person they mean.

Only third-person singular pronouns and definite role phrases are read, outside
quotation marks (inside a quote "he" is someone the speaker talks about). A pronoun
takes the nearest earlier sentence that names a compatible person, preferring its
subject; a role phrase takes the nearest earlier person seen with that role. Where
the choice is not clear the reference stays unlinked.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

from triangulate.compare.entity_names import TITLE_HEADS
from triangulate.compare.entity_roles import Profile, role_compatible

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from triangulate.compare.syntax_facts import ArticleSyntax
    from triangulate.model import Article

PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "his": "m", "himself": "m",
                                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
PRONOUN_LOOKBACK_SENTENCES = 2  # the pronoun's sentence and this many before it
MAX_ROLE_MODIFIERS = 3
_OPEN_CLOSE = {"“": "”", "‘": "’", "«": "»", "„": "“"}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Reference:
    """A pronoun or a role phrase at ``start:end`` of an article."""

    start: int
    end: int
    kind: str  # pronoun | role
    head: str  # the pronoun, or the role noun in lower case
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonMention:
    """An earlier mention of a person entity, as candidate antecedent."""

    start: int
    end: int
    entity: str
    subject_rank: int = 0  # 2 subject, 1 possessor of the subject, 0 other


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, each within one paragraph.

    A closing ’ counts only where no letter follows it, so "nation’s" stays an
    apostrophe; a quote left open runs to the end of its paragraph, as news
    writing leaves multi-paragraph quotes open.
    """
    ranges: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = _OPEN_CLOSE.get(ch) or ('"' if ch == '"' else None)
        if close is None:
            i += 1
            continue
        para_end = text.find("\n", i)
        para_end = n if para_end < 0 else para_end
        j = i + 1
        while j < para_end:
            if text[j] == close and not (close == "’" and j + 1 < n and text[j + 1].isalpha()):
                break
            j += 1
        ranges.append((i, min(j + 1, para_end)))
        i = j + 1
    return ranges


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def find_references(doc: Doc, named: list[tuple[int, int]]) -> list[Reference]:
    """Third-person pronouns and definite role phrases ("the Belarusian leader").

    ``named`` are the spans of named mentions: a role phrase that overlaps one, or is
    followed by a name ("the Defense Minister Victor Khrenin"), is a title, not a
    reference.
    """
    found: list[Reference] = []
    for i in _reference_words(doc):
        tok = doc[i]
        low = tok.lower_
        if low in PRONOUN_GENDER and tok.pos_ == "PRON":
            found.append(Reference(tok.idx, tok.idx + len(tok.text), "pronoun", low))
        elif low == "the":
            ref = _role_phrase(doc, tok.i, named)
            if ref is not None:
                found.append(ref)
    return found


def _reference_words(doc: Doc) -> list[int]:
    """Indices of the tokens that may start a reference: a pronoun or "the".

    Read from the array of lower-case forms, so that spaCy builds a ``Token`` only for
    these few instead of every word of the article.
    """
    from spacy.attrs import LOWER

    if len(doc) == 0:
        return []
    wanted = [doc.vocab.strings[w] for w in (*PRONOUN_GENDER, "the")]  # the hashes
    return [int(i) for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), wanted))]


def _role_phrase(doc: Doc, i: int, named: list[tuple[int, int]]) -> Reference | None:
    j = i + 1
    run: list[Token] = []
    while j < len(doc) and len(run) <= MAX_ROLE_MODIFIERS:
        tok = doc[j]
        if tok.is_punct or tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        run.append(tok)
        j += 1
    if not run:
        return None
    head = run[-1]
    nxt = doc[j] if j < len(doc) else None
    if nxt is not None and (nxt.pos_ == "PROPN" or nxt.text[:1].isupper()):
        return None  # a title before a name
    if head.tag_ in ("NNS", "NNPS"):
        return None
    is_title = head.lower_ in TITLE_HEADS
    if not (is_title or (head.pos_ == "NOUN" and head.text.islower())):
        return None
    start, end = doc[i].idx, head.idx + len(head.text)
    if any(a < end and start < b for a, b in named):
        return None
    # capitals kept: a capitalised qualifier names a place or nation ("Belarusian")
    mods = tuple(t.text if t.text[:1].isupper() else t.lower_ for t in run[:-1])
    return Reference(start, end, "role", head.lower_, mods)


def subject_rank(doc: Doc, start: int, end: int) -> int:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    root = span.root
    if root.dep_ in _SUBJECT_DEPS:
        return 2
    if root.dep_ == "poss" and root.head.dep_ in _SUBJECT_DEPS:
        return 1
    return 0


class SentenceIndex:
    """Sentence number of a character offset, from the parse's sentence starts."""

    def __init__(self, starts: list[int]) -> None:
        self.starts = starts

    def of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)


def resolve_pronoun(ref: Reference, people: list[PersonMention], sentences: SentenceIndex,
                    profiles: dict[str, Profile]) -> str | None:
    """The person a pronoun means: the nearest earlier sentence naming someone of
    compatible gender; in it the subject, or the only person named. Else None."""
    gender = PRONOUN_GENDER.get(ref.head)
    here = sentences.of(ref.start)
    by_sentence: dict[int, list[PersonMention]] = {}
    for p in people:
        if p.end > ref.start:
            continue
        s = sentences.of(p.start)
        if here - s > PRONOUN_LOOKBACK_SENTENCES:
            continue  # checked first: it is cheap and leaves few people
        prof = profiles.get(p.entity)
        if gender and prof is not None and prof.gender not in (None, gender):
            continue
        by_sentence.setdefault(s, []).append(p)
    for s in sorted(by_sentence, reverse=True):
        cands = by_sentence[s]
        best = max(c.subject_rank for c in cands)
        top = {c.entity for c in cands if c.subject_rank == best}
        if len(top) == 1:
            return next(iter(top))
        return None  # two people equally likely: not clear
    return None


def resolve_role(ref: Reference, people: list[PersonMention],
                 profiles: dict[str, Profile]) -> str | None:
    """The nearest earlier person of the article seen with this role, else None."""
    rejected: set[str] = set()  # a person is mentioned many times: judge them once
    for p in sorted(people, key=lambda p: p.start, reverse=True):
        if p.end > ref.start or p.entity in rejected:
            continue
        prof = profiles.get(p.entity)
        if prof is not None and role_compatible(ref.head, list(ref.modifiers), prof):
            return p.entity
        rejected.add(p.entity)
    return None


def link_references(article: Article, syntax: ArticleSyntax, people: list[PersonMention],
                    profiles: dict[str, Profile],
                    named: list[tuple[int, int]]) -> list[tuple[Reference, str]]:
    """Each pronoun and role phrase outside quotes with the entity it clearly means.

    Resolved role phrases become antecedents for later pronouns, in text order. A role
    phrase overlapping a name (``named``) is part of that name, not a reference.
    """
    quoted = quote_ranges_of(article)
    sentences = syntax.sentences()
    known = sorted((p for p in people if not _inside(quoted, p.start, p.end)),
                   key=lambda p: p.start)
    linked: list[tuple[Reference, str]] = []
    for ref in syntax.references():
        if _inside(quoted, ref.start, ref.end):
            continue
        if ref.kind == "role" and any(a < ref.end and ref.start < b for a, b in named):
            continue
        entity = (resolve_pronoun(ref, known, sentences, profiles) if ref.kind == "pronoun"
                  else resolve_role(ref, known, profiles))
        if entity is None:
            continue
        linked.append((ref, entity))
        if ref.kind == "role":
            known.append(PersonMention(ref.start, ref.end, entity,
                                       syntax.subject_rank(ref.start, ref.end)))
            known.sort(key=lambda p: p.start)
    return linked


def quote_ranges_of(article: Article) -> list[tuple[int, int]]:
    """Where quoted words are: the quote stage's direct quotes when it ran, else marks."""
    direct = [(q.span.start, q.span.end) for q in article.quotes if q.kind == "direct"]
    return direct or quoted_ranges(article.text)
