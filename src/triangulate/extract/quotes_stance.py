"""Stances: attributions told without a reported clause.

"Cruz endorsed Trump", "Clinton called for a no-fly zone", "He vowed to retaliate",
"She described the plan as reckless": the source is the verb's subject, the cue the
verb (with its preposition where the preposition belongs to it: "called for") and the
content is the complement after the cue, up to where the verb's own words end (a
comma, a coordinated verb, a trailing clause or a time adjunct).

Only verbs that news commonly use this way are taken (see ``quotes_lexicon``), and only
in the active voice: "was endorsed by" names no source in subject position, and
"X is expected to" has none at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from triangulate.extract.quotes_lexicon import (
    ADDRESSEE_CUES,
    ANONYMOUS_HEADS,
    CUE_OCCASIONS,
    INFINITIVE_CUES,
    LEMMA_FIXES,
    OBJECT_CUES,
    PREPOSITION_CUES,
    ROLE_NOUNS,
)

# the verb's dependents that carry what it attributes, in the object frame
_OBJECT_DEPS = ("dobj", "dative", "oprd", "ccomp", "xcomp")
# the first of them: "called him a liar" is also parsed with "him" as a predicate or as
# the subject of a clause ("called [him a liar]"), "polls show [Clinton leads]"
_FIRST_OBJECT_DEPS = ("dobj", "dative", "oprd", "ccomp")
# dependents after the complement that are the writer's, not the source's
_STOP_DEPS = ("punct", "cc", "conj", "advcl", "parataxis", "mark", "relcl", "appos")
_TIME_ENTS = ("DATE", "TIME")
# the writer's when and where after a stance's complement: "attacked her during the
# debate", "cited the figure at a forum", "has not mentioned Machado since Monday"
_SETTING_PREPS = frozenset({"during", "since", "amid", "after", "before", "at", "following",
                            "throughout"})
_TIME_ADVERBS = frozenset({"now", "today", "yesterday", "tonight", "again", "recently",
                           "later", "earlier", "then"})
_ADJACENT_DEPS = ("prt", "advmod", "neg")  # may stand between a verb and its preposition


@dataclass(frozen=True, slots=True)
class Stance:
    """Where a stance's cue ends and its content starts and ends (token indices)."""

    cue_last: int  # the cue's last token: the verb, its particle or its preposition
    first: int  # the content's first and last tokens
    last: int


def cue_lemma(token: Token) -> str:
    """The verb's lemma, mended where the small model gets a cue verb wrong ("hop")."""
    return LEMMA_FIXES.get(token.lower_, token.lemma_.lower())


def is_passive(verb: Token) -> bool:
    """"was endorsed", "is expected to": no source as subject."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or \
        (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"))


def find_stance(verb: Token) -> Stance | None:
    """The cue frame a verb stands in, if it is a stance verb with its complement."""
    if verb.pos_ != "VERB":
        return None
    lemma = cue_lemma(verb)
    preps = PREPOSITION_CUES.get(lemma)
    if (preps is None and lemma not in OBJECT_CUES and lemma not in INFINITIVE_CUES) or \
            is_passive(verb):
        return None
    if preps is not None:
        found = _preposition_frame(verb, preps)
        if found is not None:
            return found
    if lemma in OBJECT_CUES:
        found = _object_frame(verb)
        if found is not None:
            return found
    if lemma in INFINITIVE_CUES:
        return _infinitive_frame(verb)
    return None


def _object_frame(verb: Token) -> Stance | None:
    """"endorsed Clinton", "called him a liar", "urged voters to turn out"."""
    first = next((c for c in verb.rights if c.dep_ in _FIRST_OBJECT_DEPS), None)
    if first is None:
        return None
    last = content_end(verb, first)
    if last == first.right_edge.i and cue_lemma(verb) in ADDRESSEE_CUES and _personal(first):
        return None  # "asked him", "urged voters": whom, not what
    return Stance(cue_last=verb.i, first=first.left_edge.i, last=last)


def _personal(token: Token) -> bool:
    """A person or people: a pronoun, a name, "voters"."""
    return token.pos_ in ("PRON", "PROPN") or token.ent_type_ in ("PERSON", "NORP", "ORG") \
        or token.lemma_.lower() in ANONYMOUS_HEADS or token.lemma_.lower() in ROLE_NOUNS


def _infinitive_frame(verb: Token) -> Stance | None:
    """"vowed to retaliate", "asked voters to stay home"."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "dative") and child.i < _xcomp_index(verb):
            return Stance(cue_last=verb.i, first=child.left_edge.i,
                          last=content_end(verb, child))
        if child.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to"
                                         for c in child.children):
            return Stance(cue_last=verb.i, first=child.left_edge.i,
                          last=content_end(verb, child))
    return None


def _xcomp_index(verb: Token) -> int:
    return next((c.i for c in verb.rights if c.dep_ == "xcomp"), -1)


def _preposition_frame(verb: Token, preps: frozenset[str]) -> Stance | None:
    """"called for a ban", "lashed out at the press": the preposition right after the
    verb (a particle or an adverb between) belongs to the cue; its object is the
    content."""
    doc = verb.doc
    k = verb.i + 1
    while k < len(doc) and k <= verb.i + 3 and doc[k].head.i == verb.i and \
            doc[k].dep_ in _ADJACENT_DEPS and doc[k].lower_ not in preps:
        k += 1
    if k >= len(doc):
        return None
    prep = doc[k]
    if prep.lower_ not in preps:
        return None
    if prep.head.i != verb.i:  # "called for X to be Y": "for" parsed as the clause's mark
        clause = prep.head
        if prep.dep_ != "mark" or clause.head.i != verb.i or clause.i < prep.i:
            return None
        return Stance(cue_last=prep.i, first=prep.i + 1, last=content_end(verb, clause))
    if prep.dep_ == "prt":  # "lashed out at": the particle, then its preposition
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        if nxt is None or nxt.dep_ != "prep" or nxt.head.i not in (verb.i, prep.i):
            return None
        prep = nxt
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or prep.dep_ not in ("prep", "prt"):
        return None
    return Stance(cue_last=prep.i, first=obj.left_edge.i, last=content_end(verb, prep))


def content_end(verb: Token, first: Token) -> int:
    """The last token of the content that starts with ``first``, a dependent of
    ``verb``: its subtree and the verb's later complements, stopping at the first
    dependent that is the writer's (punctuation, "and ...", a trailing clause, a date).
    """
    last = first.right_edge.i
    rights = [c for c in verb.rights if c.i > first.i]
    for k, child in enumerate(rights):
        if child.dep_ in ("punct", "cc") and _continues(verb, rights[k + 1:]):
            continue  # "wants to triple X, grow Y and create Z": the list goes on
        if child.dep_ == "conj" and _continues(verb, [child]):
            last = max(last, child.right_edge.i)
            continue
        if child.dep_ in _STOP_DEPS or _is_time(child) or _is_occasion(child):
            break
        if child.dep_ in _OBJECT_DEPS or child.dep_ in ("prep", "acomp", "advmod",
                                                         "npadvmod", "agent"):
            last = max(last, child.right_edge.i)
        else:
            break
    doc = verb.doc
    for k in range(first.i, last + 1):  # a semicolon ends the clause, whatever the parse
        if doc[k].text == ";" or doc[k].is_sent_start and k > first.i:
            return k - 1
    return last


def _continues(verb: Token, later: list[Token]) -> bool:
    """Whether the next of the verb's later dependents (past commas and "and") is a
    verb that carries on its complement rather than a second action of the subject's:
    a bare or -ing form without a subject of its own after a finite cue ("wants to
    triple X and grow Y", "has mentioned refinancing loans and forcing universities")."""
    nxt = next((c for c in later if c.dep_ not in ("punct", "cc")), None)
    return nxt is not None and nxt.dep_ == "conj" and nxt.tag_ in ("VB", "VBG") and \
        nxt.tag_ != verb.tag_ and verb.tag_ in ("VBD", "VBZ", "VBP", "VBN") and \
        not any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children)


def _is_occasion(token: Token) -> bool:
    """"in a statement", "in an interview": where the cue was said, not what."""
    if token.dep_ != "prep" or token.lower_ not in ("in", "during", "on"):
        return False
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    return obj is not None and obj.lemma_.lower() in CUE_OCCASIONS


def _is_time(token: Token) -> bool:
    """A time or setting adjunct: "on Monday", "last week", "yesterday", "now", "during
    the debate", "at a rally"."""
    if token.ent_type_ in _TIME_ENTS:
        return True
    if token.dep_ == "advmod" and token.lower_ in _TIME_ADVERBS:
        return True
    if token.dep_ == "prep" and token.lower_ in _SETTING_PREPS:
        return True
    if token.dep_ == "prep":
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        return obj is not None and obj.ent_type_ in _TIME_ENTS
    return False
