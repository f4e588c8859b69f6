"""Named mentions: people, organisations, places, products... from spaCy's NER, cleaned.

spaCy's small English model draws entity edges loosely ("The ‘Oreshnik", "Khrenin’s",
a headline swallowed as one ORG). Edges are tightened here so that every mention is a
bare name, and a name found once in an article is also marked where the model missed
it further on. Linking mentions into corpus entities is the ``entities`` corpus stage.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, ClassVar

from triangulate.compare.entity_names import NAME_CONNECTORS
from triangulate.model import Article, Mention
from triangulate.models.language import DEFAULT_SPACY_MODEL, parse_many

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Numbers, dates and amounts have stages of their own.
NAMED_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC",
                                          "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
MAX_NAME_TOKENS = 8
_QUOTES = "\"'‘’“”«»„‚‹›`´"
_TRAIL_PUNCT = ",;:!?)]}&/-–—" + _QUOTES
_LEAD_PUNCT = "([{&/-–—" + _QUOTES
_POSSESSIVES = ("’s", "'s", "’S", "'S")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# Words that may precede a name written in capitals without being part of it.
_TITLE_LIKE = re.compile(r"^(?:[A-Z][a-z]{0,3}\.|President|Minister|Prime|General|Colonel|"
                         r"Senator|Governor|Mayor|Secretary|Chancellor|King|Queen|Prince|"
                         r"Judge|Justice|Director|Chairman|Speaker|Commander|Ambassador)$")


def clean_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Tighten a name's offsets: no article, quotes, possessive or stray punctuation.

    Returns None where nothing name-like is left. ``text[start:end]`` of the result
    never has surrounding whitespace.
    """
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        stripped = piece.strip()
        if stripped != piece:
            start += len(piece) - len(piece.lstrip())
            end = start + len(stripped)
            changed = True
            continue
        m = _LEADING_ARTICLE.match(piece)
        if m and m.end() < len(piece):
            start += m.end()
            changed = True
            continue
        if piece[0] in _LEAD_PUNCT:
            start += 1
            changed = True
            continue
        for poss in _POSSESSIVES:
            if piece.endswith(poss) and len(piece) > len(poss):
                end -= len(poss)
                changed = True
                break
        if changed:
            continue
        if piece[-1] in _TRAIL_PUNCT:
            # "Belarus’" (possessive after s) and closing quotes both go
            end -= 1
            changed = True
            continue
        if piece.endswith(".") and "." not in piece[:-1]:
            # a sentence full stop, not the dot of an abbreviation such as "U.S."
            end -= 1
            changed = True
    if start >= end or not any(ch.isupper() for ch in text[start:end]):
        return None
    return start, end


def person_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A person's name ends at a possessive ("Trump’s Twitter" -> "Trump") and starts
    with a capital ("anti-Trump" is no one's name)."""
    if not text[start].isupper():
        return None
    m = re.search(r"[’']s\s", text[start:end])
    if m is not None:
        return clean_bounds(text, start, start + m.start())
    return start, end


def plausible_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a cleaned entity span looks like a name rather than a mis-tagged phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or "\n" in span.text:
        return False  # "\n": a headline run into the next paragraph
    words = [t for t in span if not t.is_punct and not t.is_space]
    if len(words) > MAX_NAME_TOKENS:
        return False
    if len(words) > 1:
        if any(t.pos_ in ("VERB", "AUX") for t in words):
            return False  # "Oreshnik Missile Model Displayed": a headline, not a name
        for t in words[1:]:
            # "Maidan revolution", "BelTA news agency" stay; verbs in lower case were
            # caught above, so only a clause-like run is rejected here.
            if (t.text[:1].islower() and t.text.lower() not in NAME_CONNECTORS
                    and t.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")):
                return False
    return True


def named_mentions(article: Article, doc: Doc) -> list[Mention]:
    """spaCy's named entities of one article as cleaned mentions, in text order."""
    found: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        bounds = clean_bounds(article.text, ent.start_char, ent.end_char)
        if bounds is not None and ent.label_ == "PERSON":
            bounds = person_bounds(article.text, *bounds)
        if bounds is None or not plausible_name(doc, *bounds):
            continue
        found.append(Mention(span=article.span(*bounds), label=ent.label_))
    return found


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[ \t]+(\S+)", text[end:end + 40])
    return m.group(1) if m else ""


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40):start])
    return m.group(1) if m else ""


def inside_longer_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer capitalised name ("Minsk" in
    "Minsk Institute"), judged by its neighbouring words."""
    nxt = _next_word(text, end)
    if nxt[:1].isupper():
        return True
    prev = _previous_word(text, start)
    if not prev[:1].isupper() or not prev[-1].isalnum() or _TITLE_LIKE.match(prev):
        return False  # punctuation ("Minsk, Khrenin", "deployed. Khrenin") ends a name
    before = text[:start].rstrip(" \t")[: -len(prev)].rstrip(" \t")
    sentence_start = not before or before[-1] in ".!?\n\"“”‘’"
    return not sentence_start


def propagate_mentions(article: Article, mentions: list[Mention]) -> list[Mention]:
    """Add the further occurrences of names the model found once in this article.

    The label is the one the model gave the name most often in the article. Only whole
    words are matched, never inside a longer capitalised name, never overlapping.
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        labels[m.span.text][m.label] += 1
    taken = sorted((m.span.start, m.span.end) for m in mentions)
    added: list[Mention] = []
    text = article.text
    for name, votes in labels.items():
        if len(name) < 2 or not name[0].isupper():
            continue
        pattern = re.compile(r"(?<![\w\-])" + re.escape(name) + r"(?![\w\-])")
        label = votes.most_common(1)[0][0]
        for match in pattern.finditer(text):
            s, e = match.span()
            if _overlaps(taken, s, e) or inside_longer_name(text, s, e):
                continue
            added.append(Mention(span=article.span(s, e), label=label))
            _insert(taken, s, e)
    return sorted(mentions + added, key=lambda m: (m.span.start, m.span.end))


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in taken)


def _insert(taken: list[tuple[int, int]], s: int, e: int) -> None:
    taken.append((s, e))
    taken.sort()


def find_mentions(article: Article, doc: Doc, propagate: bool = True) -> list[Mention]:
    """All named mentions of one article, given its parse."""
    mentions = named_mentions(article, doc)
    return propagate_mentions(article, mentions) if propagate else mentions


class MentionStage:
    """Fill ``article.mentions`` with cleaned named mentions (entity ids left empty)."""

    name: ClassVar[str] = "mentions"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL, propagate: bool = True) -> None:
        self.model = model
        self.propagate = propagate

    def __call__(self, articles: list[Article]) -> list[Article]:
        docs = parse_many(articles, self.model)
        for article, doc in zip(articles, docs, strict=True):
            article.mentions = find_mentions(article, doc, self.propagate)
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
