"""Attributions told in the passive: "Trump is expected to win", "He was accused of
lying", "The plan has been criticized as reckless", "It was reported that ...".

PolNeAR marks these with the passive verb group as the cue and the content in two
pieces, the subject and the complement after the verb ("About one in nine voters /
to be Latino"); a subject that is only "it" leaves the complement alone. The source
is the "by" agent where there is one ("was endorsed by the Times"); else the text
names none. With a "by" agent and no complement, the subject alone is what the agent
said or holds ("Clinton has been endorsed by dozens of papers").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from triangulate.extract.quotes_lexicon import ADDRESSEE_CUES, PASSIVE_CUES
from triangulate.extract.quotes_stance import content_end, cue_lemma

# the verb's dependents that carry what a passive cue attributes, after the verb
_COMPLEMENT_DEPS = ("xcomp", "oprd", "ccomp", "prep", "acomp")
# prepositions that tell when or where, not what ("was criticized on Monday in Ohio")
_SETTING_PREPS = frozenset({"on", "in", "at", "during", "after", "before", "since", "by",
                            "over", "through", "amid", "from", "across", "throughout"})
_EMPTY_SUBJECTS = ("it", "there")
# prepositions that belong to the cue: "accused of", "criticized for", "described as"
_CUE_PREPS = ("of", "for", "as", "about")


@dataclass(frozen=True, slots=True)
class Passive:
    """A passive cue: its subject's head (None for "it was reported that"), the last
    token of the cue, the complement's first and last tokens and the "by" agent."""

    subject: Token | None
    cue_last: int
    first: int  # -1 where the subject is all that is attributed
    last: int
    agent: Token | None


def _agent_only(verb: Token, subject: Token, agent: Token | None) -> Passive | None:
    """"Clinton has been endorsed by dozens of papers", "The issue was first reported by
    the Post": no complement, but a "by" agent: the agent holds or said the subject."""
    if agent is None or subject.lower_ in _EMPTY_SUBJECTS or subject.pos_ == "PRON" and \
            subject.lower_ not in ("he", "she", "they", "we", "i", "you") or \
            cue_lemma(verb) in ADDRESSEE_CUES:  # "was asked by a caller": whom, not what
        return None
    by = agent.head
    cue_last = by.i if by.i == verb.i + 1 else verb.i  # "endorsed by": the "by" is the cue's
    return Passive(subject=subject, cue_last=cue_last, first=-1, last=-1, agent=agent)


def find_passive(verb: Token) -> Passive | None:
    """The passive frame of a cue verb ("is expected to ...", "was accused of ..."), or
    None where the verb is not a passive cue with a subject and a complement."""
    if verb.tag_ != "VBN" or verb.pos_ != "VERB" or cue_lemma(verb) not in PASSIVE_CUES:
        return None
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None:
        return None
    agent = None
    for child in verb.rights:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
    complement = next((c for c in verb.rights if c.dep_ in _COMPLEMENT_DEPS and
                       not (c.dep_ == "prep" and c.lower_ in _SETTING_PREPS)), None)
    if complement is None:
        return _agent_only(verb, subject, agent)
    cue_last = verb.i
    first = complement.left_edge.i
    if complement.dep_ == "prep":
        if complement.i != verb.i + 1:
            return None  # "was criticized, often bitterly, for": keep to the plain frame
        obj = next((c for c in complement.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        addressed = cue_lemma(verb) in ADDRESSEE_CUES
        if complement.lower_ in _CUE_PREPS or addressed:
            cue_last, first = complement.i, complement.i + 1  # "was accused of" | "lying"
        if addressed:
            subject = None  # "he was asked about X": he was asked, X is what was said
    if subject is not None and subject.lower_ in _EMPTY_SUBJECTS:
        if complement.dep_ != "ccomp":
            return None  # "it is expected to rain": nothing reported
        subject = None  # "it was reported that ...": the clause alone
    # the complement's own words: a clause goes on with the verb's later complements,
    # a phrase stops where the writer adds when, where and by whom
    last = content_end(verb, complement) if complement.dep_ in ("xcomp", "ccomp") \
        else complement.right_edge.i
    return Passive(subject=subject, cue_last=cue_last, first=first, last=last, agent=agent)
