"""The outlet or channel through which words were said: "told CGTN", "in an interview
with the state television channel CGTN", "reported by the state news agency BelTA",
"according to Reuters", "said on Telegram"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from triangulate.extract.quotes_lexicon import SPEECH_NOUNS
from triangulate.extract.quotes_speaker import is_media_word

# prepositions whose object may be the channel: to, on, by, with, via, in, from
_MEDIUM_PREPS = frozenset({"to", "on", "by", "with", "via", "in", "from", "through"})
# verbs that say a channel carried somebody's words
_JOINERS = frozenset({"-", "&", "/", "."})
_CARRY_VERBS = frozenset({"report", "confirm", "publish", "carry", "quote", "cite", "air",
                          "broadcast", "release", "post", "relay", "share"})


def medium_name(head: Token) -> str:
    """How to call the medium a noun phrase names: its proper name where it has one
    ("CGTN" for "the Chinese state television channel CGTN"), else the phrase without
    its determiner ("state television")."""
    tokens = [t for t in head.subtree if _within_np(t, head, appos=True)]
    tokens.sort(key=lambda t: t.i)
    doc = head.doc
    while tokens[-1].i + 1 < len(doc) and doc[tokens[-1].i + 1].pos_ == "PROPN" and \
            doc[tokens[-1].i + 1].dep_ in ("npadvmod", "appos", "compound", "dobj", "attr"):
        tokens.append(doc[tokens[-1].i + 1])  # "agency BelTA", the name parsed loose
    inside = {t.i for t in tokens} | {t.i for t in head.subtree if t.text in _JOINERS}
    runs: list[list[Token]] = []
    for token in tokens:
        proper = token.pos_ == "PROPN" and token.dep_ != "poss" and not \
            any(c.dep_ == "case" for c in token.children)
        if not proper:
            continue
        gap = head.doc[runs[-1][-1].i + 1:token.i] if runs else None
        if runs and gap is not None and all(g.text in _JOINERS and g.i in inside for g in gap):
            runs[-1].append(token)  # "Sun-Times", "AT&T": one name across a joiner
        else:
            runs.append([token])
    if runs:
        run = runs[-1]
        return head.doc[run[0].i:run[-1].i + 1].text
    words = [t for t in tokens if t.dep_ not in ("det", "poss", "case", "punct")
             and not any(c.dep_ == "case" for c in t.children)]
    if not words:
        return head.text
    return head.doc[words[0].i:words[-1].i + 1].text


def _within_np(token: Token, head: Token, appos: bool = False) -> bool:
    """Whether ``token`` belongs to the noun phrase of ``head`` itself, not a clause or
    prepositional phrase hanging off it; with ``appos``, a proper-name appositive counts
    ("state news agency, BelTA")."""
    while token.i != head.i:
        if token.dep_ == "appos" and appos and token.pos_ == "PROPN":
            token = token.head
            continue
        if token.dep_ in ("relcl", "acl", "prep", "appos", "punct", "cc", "conj"):
            return False
        token = token.head
    return True


def _media_object(prep: Token) -> Token | None:
    """The media noun phrase a preposition leads to, looking through "an interview with"."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        if is_media_np(obj):
            return obj
        for inner in obj.children:  # "in an interview with X", "in a post on X"
            if inner.dep_ == "prep" and inner.lower_ in _MEDIUM_PREPS:
                found = _media_object(inner)
                if found is not None:
                    return found
    return None


def is_media_np(head: Token) -> bool:
    """``is_media`` on the noun phrase itself, not on clauses that hang off it."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(_within_np(t, head, appos=True) and is_media_word(t) for t in head.subtree)


def medium_of_cue(cue: Token, skip: list[tuple[int, int]]) -> str | None:
    """The medium named around a cue verb: its object ("told CGTN"), or a prepositional
    phrase of its clause ("in an interview with ...", "on state television"), outside
    the quoted content ``skip``."""
    def outside(token: Token) -> bool:
        return not any(s <= token.idx < e for s, e in skip)

    for child in cue.children:
        if child.dep_ in ("dobj", "dative", "iobj") and outside(child) and is_media_np(child):
            return medium_name(child)
    for token in cue.subtree:
        if token.dep_ == "prep" and token.lower_ in _MEDIUM_PREPS and outside(token):
            found = _media_object(token)
            if found is not None and outside(found):
                return medium_name(found)
        if token.dep_ == "agent" and outside(token):  # "reported by BelTA"
            found = _media_object(token)
            if found is not None:
                return medium_name(found)
    return None


def carried_by(sentence: Span) -> str | None:
    """A sentence saying that a channel carried somebody's words: "The comments were
    reported by the state news agency BelTA." Its medium applies to the quotes nearby."""
    for token in sentence:
        if token.lemma_.lower() not in _CARRY_VERBS:
            continue
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and token.dep_ == "acl":
            subject = token.head  # "The announcement, confirmed by BelTA, ..."
        if subject is None or subject.lemma_.lower() not in SPEECH_NOUNS | {"this", "it"}:
            continue
        for child in token.children:
            if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "on", "in"):
                found = _media_object(child)
                if found is not None:
                    return medium_name(found)
    return None
