"""Attributions whose cue is a noun: "Sanders's claim that he can still win", "Pence's
call for a special prosecutor", "claims by intelligence agencies that ...", "In their
view, ...".

The source is whoever the noun belongs to: its possessive ("his", "Sanders's") or its
"by" phrase. A noun without one names no source and is left alone ("the claim that
...", "allegations of fraud"). The content is the "that"-clause (with its "that") or
the object of the noun's preposition; for "X's argument was that ...", the clause the
copula introduces.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from triangulate.extract.quotes_lexicon import NOUN_CUES, VIEW_NOUNS

_THAT_WINDOW = 5  # tokens between a noun and its "that", at most ("his claim in November that")
_SOURCE_PREPS = ("by", "from")


@dataclass(frozen=True, slots=True)
class NounCue:
    """A noun cue: its last token (the noun or its preposition), its source's head and
    the content's first and last tokens."""

    cue_last: int
    source: Token
    first: int
    last: int


def noun_source(noun: Token) -> Token | None:
    """Whom a noun cue belongs to: its possessive, else the object of its "by"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
                return obj
    return None


def find_noun_cue(noun: Token) -> NounCue | None:
    """The attribution a noun cue makes, if it has a source and a content."""
    if noun.pos_ != "NOUN":
        return None
    preps = NOUN_CUES.get(noun.lemma_.lower())
    if preps is None:
        return None
    source = noun_source(noun)
    if source is None:
        return None
    that = _that_after(noun, source)
    if that is not None:
        return NounCue(noun.i, source, that.i, that.head.right_edge.i)
    clause = _copula_clause(noun)
    if clause is not None:
        return NounCue(noun.i, source, clause.left_edge.i, clause.right_edge.i)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in preps and child.i == noun.i + 1:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return NounCue(child.i, source, obj.left_edge.i, obj.right_edge.i)
    return None


def _that_after(noun: Token, source: Token) -> Token | None:
    """The "that" opening the noun's clause: right after it, or after a short adjunct or
    its "by" phrase ("his claim in November that", "claims by the agencies that")."""
    doc = noun.doc
    k = noun.i + 1
    limit = max(noun.i + _THAT_WINDOW, source.right_edge.i + 1 if source.i > noun.i else 0)
    while k < len(doc) and k <= limit:
        token = doc[k]
        if token.lower_ == "that" and token.dep_ == "mark" and token.head.i > k:
            return token
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            return None
        k += 1
    return None


def _copula_clause(noun: Token) -> Token | None:
    """"Sanders's argument was that ...": the clause after the copula."""
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_ != "be":
        return None
    for child in head.rights:
        if child.dep_ in ("ccomp", "attr") and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
    return None


def view_phrase(token: Token) -> tuple[Token, Token] | None:
    """"In their view, ...", "in the senator's words": the "in" and the noun, where the
    noun has a possessive to be the source."""
    if token.lower_ != "in" or token.i + 1 >= len(token.doc):
        return None
    noun = next((c for c in token.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lemma_.lower() not in VIEW_NOUNS or \
            not any(c.dep_ == "poss" for c in noun.children) or noun.i > token.i + 4:
        return None
    return token, noun
