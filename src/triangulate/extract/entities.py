"""Named mentions: people, organisations, places, products... from spaCy's NER, cleaned.

spaCy's small English model draws entity edges loosely ("The ‘Oreshnik", "Khrenin’s",
a headline swallowed as one ORG). Edges are tightened here so that every mention is a
bare name, and a name found once in an article is also marked where the model missed
it further on. The small model often labels a person ORG or GPE, mostly after a title
("Governor Helena Varga" ORG): a name written right after a title or role word is a
person's, and so is the same name, or its surname speaking, elsewhere in the article.
Linking mentions into corpus entities is the ``entities`` corpus stage.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, ClassVar

from triangulate.compare.entity_mentions import PERSON, speech_subject
from triangulate.compare.entity_names import (
    INSTITUTION_WORDS,
    NAME_CONNECTORS,
    TITLE_HEADS,
    name_tokens,
    split_title,
)
from triangulate.extract.quotes_lexicon import ROLE_NOUNS
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


# Labels the model gives a person's name by mistake; a nationality ("leader Democrat")
# or a law or event after a title is no one's name.
PERSON_MISLABELS: frozenset[str] = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT",
                                              "WORK_OF_ART"})
# Words that make the name right after them a person's ("Governor", "Dr.", "spokesman").
# "official" and "head" also qualify things ("his official Twitter account").
PERSON_TITLES: frozenset[str] = TITLE_HEADS | (ROLE_NOUNS - {"official", "head"})
MAX_PERSON_WORDS = 4
# Particles inside a person's name ("Ursula von der Leyen"), unlike "of" in an org's.
_NAME_PARTICLES = NAME_CONNECTORS - {"of", "the", "and", "for", "on", "in", "at", "to", "&"}


def person_shaped(words: list[str]) -> bool:
    """Whether written words can be a person's name: a few capitalised words, no digits,
    no acronym ("NATO"), not ending like an institution or place ("... University")."""
    if not 1 <= len(words) <= MAX_PERSON_WORDS:
        return False
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        letters = [ch for ch in word if ch.isalpha()]
        if (not word[:1].isupper() or any(ch.isdigit() for ch in word)
                or (len(letters) > 1 and all(ch.isupper() for ch in letters))):
            return False
    keys = name_tokens(" ".join(words))
    return bool(keys) and keys[-1] not in INSTITUTION_WORDS


_ABBREVIATED_TITLE = re.compile(r"^[A-Z][a-z]{0,4}\.$")  # "Dr.", "Sen.", "Gov.", "Capt."


def _title_word(word: str) -> bool:
    """A title or role word; a dot only as an abbreviation's ("chairman. Sanchez" ends a
    sentence)."""
    if word.endswith(".") and not _ABBREVIATED_TITLE.match(word):
        return False
    return word.lower().rstrip(".") in PERSON_TITLES


def titled_person(text: str, doc: Doc, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is a person's because a title or role word is
    written right before it ("Governor |Helena Varga|", "spokesman |Brandt|") or leads
    it ("|President Donald Trump|"). A name modifying a noun after it ("chief
    |Pentagon| spokesman") is not the titled one."""
    words = text[start:end].split()
    title, rest = split_title(words)
    if title and any(_title_word(w) for w in title):
        # a company may start with a title word ("General Electric"): a first name and
        # a surname are wanted after it
        return len(rest) >= 2 and person_shaped(rest)
    prev = _previous_word(text, start)
    if not _title_word(prev) or not person_shaped(words):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    last = span[-1]
    return not (last.dep_ == "compound" and last.head.i >= span.end)


def correct_person_labels(article: Article, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Relabel PERSON the names the model mislabelled that are clearly people's.

    A name right after a title is a person's (:func:`titled_person`), and so is the
    surname of a person named in the article where it speaks ("Varga said"). Each such
    name is then a person's wherever the article writes it: one article does not use
    one name for a person and a place. Mentions are relabelled in place and returned.
    """
    text = article.text
    people = {m.span.text for m in mentions
              if m.label in PERSON_MISLABELS and titled_person(text, doc, m.span.start,
                                                               m.span.end)}
    surnames = {m.span.text.split()[-1] for m in mentions
                if (m.label == PERSON or m.span.text in people) and len(m.span.text.split()) >= 2}
    people |= {m.span.text for m in mentions
               if m.label in PERSON_MISLABELS and m.span.text in surnames
               and m.span.text not in people
               and speech_subject(doc, m.span.start, m.span.end)}
    for m in mentions:
        if m.span.text in people:
            m.label = PERSON
    return mentions


def named_mentions(article: Article, doc: Doc) -> list[Mention]:
    """spaCy's named entities of one article as cleaned mentions, in text order, with
    people's names the model mislabelled relabelled PERSON."""
    found: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        bounds = clean_bounds(article.text, ent.start_char, ent.end_char)
        label = ent.label_
        if (bounds is not None and label in PERSON_MISLABELS
                and titled_person(article.text, doc, *bounds)):
            label = PERSON
        if bounds is not None and label == PERSON:
            bounds = person_bounds(article.text, *bounds)
        if bounds is None or not plausible_name(doc, *bounds):
            continue
        found.append(Mention(span=article.span(*bounds), label=label))
    return correct_person_labels(article, doc, found)


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
