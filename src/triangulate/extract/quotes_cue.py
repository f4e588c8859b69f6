"""The cue of an attribution: which words are cues, and where a cue's words begin and end.

A cue is written as the verb group that carries it, as PolNeAR marks it: the verb with
its auxiliaries, negation and the adverb right before it ("has also said", "did not
deny"), the verb it completes ("continued to call for"), its particle ("pointed out"),
the occasion right after it ("said in a statement") and a colon that introduces its
words ("said:").

Cues come from the lexicon (``is_cue``), or from grammar alone (``reports_clause``): a
verb with a finite clause after it, whatever the verb, where its subject can hold a view.
"""

from __future__ import annotations

from spacy.tokens import Token

from triangulate.extract.quotes_lexicon import (
    BELIEF_VERBS,
    CUE_OCCASIONS,
    LEMMA_FIXES,
    PHRASAL_CUES,
    PHRASAL_SPEECH,
    SPEECH_VERBS,
)

# dependents of the verb that belong to its verb group when they stand right before it
_GROUP_DEPS = ("aux", "auxpass", "neg", "advmod")
_GROUP_GAP = 3  # tokens between a verb and the verb it completes, at most
_OWNERS = ("a", "an", "the", "his", "her", "their", "its")
_FINITE_TAGS = ("VBD", "VBZ", "VBP")
# verbs that take a clause that is no one's words: a result, a cause, a seeming
_NOT_REPORTING = frozenset({"be", "make", "ensure", "mean", "seem", "appear", "let", "help",
                            "have", "get", "cause", "become", "look", "sound"})


def is_cue(token: Token, belief: bool = True) -> bool:
    """Whether a token is a verb that can attribute words or thoughts to a source."""
    if not (token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")):
        return False
    lemma = LEMMA_FIXES.get(token.lower_, token.lemma_.lower())
    if lemma in SPEECH_VERBS or (belief and lemma in BELIEF_VERBS):
        return True
    return lemma in PHRASAL_SPEECH and phrasal_particle(token) is not None


def phrasal_particle(token: Token) -> Token | None:
    """The particle of a phrasal cue right after its verb: "out" in "pointed out"."""
    particle = PHRASAL_CUES.get(LEMMA_FIXES.get(token.lower_, token.lemma_.lower()))
    return next((c for c in token.children
                 if c.lower_ == particle and 0 < c.i - token.i <= 2), None)


def reports_clause(token: Token) -> bool:
    """Whether a verb, whatever its lemma, frames a finite clause after it as what its
    subject says or holds: "Politifact ruled that ...", "Trump charges (that) ...". The
    subject is checked by the caller; verbs whose clause is a result, not a report
    ("made sure that", "means that"), are left out."""
    if token.pos_ != "VERB" or token.lemma_.lower() in _NOT_REPORTING or \
            any(c.dep_ == "auxpass" for c in token.children):
        return False
    for child in token.rights:
        if child.dep_ != "ccomp" or child.pos_ not in ("VERB", "AUX"):
            continue
        marks = [c for c in child.children if c.dep_ == "mark"]
        if any(m.lower_ == "that" and m.i == child.left_edge.i for m in marks):
            return True
        if not marks and child.left_edge.i <= token.i + 2 and _finite(child) and \
                any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < child.i
                    for c in child.children) and \
                not any(u.is_punct for u in token.doc[token.i + 1:child.left_edge.i + 1]):
            return True  # "Trump charges countries ... donated": a clause with its subject
    return False


def _finite(verb: Token) -> bool:
    """A verb with a tense of its own ("donated", "will win"), not "X to win" or "saw X
    win": those are what the subject wants or sees done, not a statement."""
    if verb.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in (*_FINITE_TAGS, "MD")
               for c in verb.children)


def cue_start(verb: Token) -> int:
    """Where the verb group of a cue starts: "has said", "also said", "did not say",
    "continued to call for"."""
    doc = verb.doc
    head = verb
    start = verb.i
    for _ in range(3):  # a verb, the verb it completes, that one's own
        k = start - 1
        while k >= 0 and doc[k].head.i == head.i and doc[k].dep_ in _GROUP_DEPS and \
                (doc[k].dep_ != "advmod" or doc[k].pos_ == "ADV") and \
                not doc[k].is_punct and "\n" not in doc[k].text:
            k -= 1
        start = k + 1
        if head.dep_ != "xcomp" or head.head.pos_ != "VERB" or \
                not 0 < start - head.head.i <= _GROUP_GAP or \
                any(t.is_punct for t in doc[head.head.i:start]):
            break
        if doc[start].lower_ != "to":
            break
        head = head.head  # "continued to call for": the verb it completes
        start = head.i
    return doc[start].idx


def cue_bounds(token: Token) -> tuple[int, int]:
    """The cue's characters: the verb group, with its particle for phrasal cues
    ("pointed out") and the occasion right after it ("said in a statement")."""
    end = token.idx + len(token)
    particle = PHRASAL_CUES.get(token.lemma_.lower())
    doc = token.doc
    if particle is not None:
        for child in token.rights:
            if child.lower_ == particle and child.i <= token.i + 2:
                end = child.idx + len(child)
    nxt = token.i + 1
    if nxt + 2 < len(doc) and doc[nxt].lower_ == "in" and doc[nxt].head.i == token.i and \
            doc[nxt + 1].lower_ in _OWNERS and doc[nxt + 2].lower_ in CUE_OCCASIONS:
        end = doc[nxt + 2].idx + len(doc[nxt + 2])
    following = next((u for u in doc[token.i + 1:token.i + 5] if u.idx >= end), None)
    if following is not None and following.text == ":" and following.idx == end:
        end += 1  # "said: “...”": the colon belongs to the cue
    return cue_start(token), end
