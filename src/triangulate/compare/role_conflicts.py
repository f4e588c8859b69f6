"""Conflicts over who and where: aligned claims naming different people or places
in the same role.

Two rules, both conservative (a false conflict costs a reader more than a missed one):

- ``place_conflicts``: aligned claims put the same thing in different places ("the
  talks were held in Minsk" / "... held in Moscow"). The places must fill the same
  slot of the same word in both claims (the object of "held in"), the claims must
  otherwise say the same of the same subject, and the places must be known apart: one
  place inside another ("Minsk" and "Belarus") is no conflict, and without a gazetteer
  that is only known for two countries, or for places the corpus itself writes with
  their country ("Brest, Belarus").
- ``actor_conflicts``: aligned claims say the same thing was done by different named
  people or organisations ("Khrenin confirmed the deployment" / "Lukashenko
  confirmed ..."): the same verb, different entities of one type, neither name part of
  the other, and near-identical rest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triangulate.compare.agreement import dates_compatible
from triangulate.compare.findings import Context, _finding, _quoted
from triangulate.compare.places import (
    PLACE_TYPES,
    country_of,
    entity_names,
    located_in,
)
from triangulate.compare.timeline import TIMELINE_DATE
from triangulate.model import Article, Claim, ClaimGroup, Evidence, Finding, Mention, Span, Story
from triangulate.models.language import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACTOR_TYPES = frozenset({"PERSON", "ORG"})
# prepositions that put something somewhere; other slots ("sanctions on Russia") say
# whom a claim is about, not where it happened
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "to", "into", "from", "outside", "inside",
                                "within", "across", "throughout", "toward", "towards", "onto"})
# links inside one name phrase: "Defense Minister Victor Khrenin", "the city of Minsk"
_NAME_LINKS = frozenset({"compound", "flat", "appos", "amod", "nmod"})
# parts of a clause that add an aside, not what it asserts of its doer or place: at
# any depth ("..., marking an escalation"), and beside the verb itself
_ASIDE = frozenset({"advcl", "npadvmod", "parataxis", "relcl", "intj", "meta"})
_VERB_ASIDE = _ASIDE | {"advmod", "cc", "conj", "mark", "punct"}
_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj"})
_MODIFIER = frozenset({"compound", "amod", "nmod", "poss"})
_DATES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
# verbs many may share: two people saying or thinking alike is no dispute over who
# said it, and being or having is a state, not one act with one doer
GENERIC_VERBS = frozenset({"say", "tell", "add", "state", "note", "write", "argue", "explain",
                           "describe", "suggest", "think", "believe", "call", "accord",
                           "ask", "urge", "warn", "insist", "continue", "speak", "claim",
                           "be", "have", "do", "get", "make", "go", "take"})
# how much the two claims must say alike besides the names in dispute: Dice overlap
# of content lemmas, and how many lemmas shared (a doer's claims share the verb by
# construction and must share what was done; a place's claims share the governing
# word and the subject by construction, and must share what else they say)
MIN_OVERLAP = {"actor": 0.4, "place": 0.5}
MIN_SHARED = {"actor": 3, "place": 1}
_WORD = re.compile(r"[^\W\d_]{3,}")



@dataclass(frozen=True)
class Filler:
    """A named entity filling a slot of a claim: the place "held in", who "confirmed"."""

    article: Article
    claim: Claim
    entity: str
    span: Span
    role: str  # relation and governing lemma: "in|hold", "subj|confirm"
    said: frozenset[str]  # what the clause says around the slot: content lemmas
    # the words naming each entity in the claim ("President Alexander Lukashenko"), so
    # that a doer named on one side and a recipient on the other is no shared word
    naming: dict[str, frozenset[str]]
    # the clause's subject, for places: its entity id, else its head word's lemma
    subject: str = ""
    subject_text: str = ""


class Roles:
    """What the rules look up across the corpus, built once per run."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.entities = {e.id: e for e in ctx.corpus.entities}
        self._within: dict[str, str] | None = None
        self._slots: dict[str, set[tuple[str, str]]] = {}

    def names(self, entity: str) -> set[str]:
        return entity_names(self.entities.get(entity), entity)

    def identified(self, entity: str) -> bool:
        """Whether an entity is known well enough to tell apart from another: a person
        by a full name ("Paul" and "McCartney" may be one man), anything else by any."""
        if self.ctx.entity_types.get(entity) != "PERSON":
            return True
        return any(len(n.split()) > 1 for n in self.names(entity))

    def within(self) -> dict[str, str]:
        """Place -> country, as the entity stage found it for the whole corpus; for
        entities made elsewhere (none carries it), as this corpus's articles say."""
        if self._within is None:
            self._within = {e.id: e.within for e in self.entities.values() if e.within} \
                or located_in(self.ctx.corpus.articles, self.entities)
        return self._within

    def fills(self, article: Article, entity: str, role: str) -> bool:
        """Whether an article names ``entity`` anywhere in the slot ``role``: a writer
        who also has the other side's doer or place has no quarrel with it."""
        if article.id not in self._slots:
            doc = parse(article)
            slots = set()
            for m in article.mentions:
                kind = self.ctx.entity_types.get(m.entity or "")
                if not m.entity or m.found_by == "reference":
                    continue
                slot = (actor_slot(doc, m.span) if kind in ACTOR_TYPES
                        else place_slot(doc, m.span) if kind in PLACE_TYPES else None)
                if slot:
                    slots.add((m.entity, slot[1]))
            self._slots[article.id] = slots
        return (entity, role) in self._slots[article.id]


def part_of(a: set[str], b: set[str]) -> bool:
    """Whether a name of one is inside a name of the other ("Belarus" in "western
    Belarus", "Lukashenko" in "Alexander Lukashenko"), word by word."""
    for x in a:
        for y in b:
            wx, wy = x.split(), y.split()
            short, long = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
            if any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1)):
                return True
    return False


def places_apart(roles: Roles, a: str, b: str) -> bool:
    """Whether two place entities are known to be apart (neither inside the other)."""
    if a == b:
        return False
    names_a, names_b = roles.names(a), roles.names(b)
    if part_of(names_a, names_b):
        return False
    country_a = country_of(names_a) or roles.within().get(a)
    country_b = country_of(names_b) or roles.within().get(b)
    if country_a is None or country_b is None:
        return False  # a region or city of unknown country may lie in the other place
    return country_a != country_b


# -- slots --------------------------------------------------------------------

def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _root(doc: Doc, span: Span) -> Token | None:
    s = doc.char_span(span.start, span.end, alignment_mode="expand")
    return s.root if s is not None and len(s) else None


def _head_of_name(tok: Token) -> Token:
    """Climb from a name to the phrase it heads within: "Minsk" in "the city of Minsk"
    or "Defense Minister Victor Khrenin"; conjuncts share their first one's slot."""
    for _ in range(6):
        if tok.dep_ == "conj" or (tok.dep_ in _NAME_LINKS
                                  and tok.head.pos_ in {"PROPN", "NOUN"}):
            tok = tok.head
        elif (tok.dep_ == "pobj" and _lemma(tok.head) == "of"
              and tok.head.head.pos_ == "NOUN" and tok.head.dep_ == "prep"):
            tok = tok.head.head
        else:
            break
    return tok


def place_slot(doc: Doc, span: Span) -> tuple[Token, str] | None:
    """The slot a place fills: its phrase, and its preposition with the word that
    governs it ("in|hold")."""
    tok = _root(doc, span)
    if tok is None:
        return None
    tok = _head_of_name(tok)
    if tok.dep_ != "pobj" or _lemma(tok.head) not in PLACE_PREPOSITIONS:
        return None
    prep = tok.head
    return tok, f"{_lemma(prep)}|{_lemma(prep.head)}"


def actor_slot(doc: Doc, span: Span) -> tuple[Token, str] | None:
    """The verb a name is the doer of: its subject ("X confirmed"), or the agent of a
    passive ("confirmed by X")."""
    tok = _root(doc, span)
    if tok is None or tok.dep_ in _MODIFIER:  # "Defense" in "Defense Minister X"
        return None
    tok = _head_of_name(tok)
    if tok.dep_ == "nsubj" and tok.head.pos_ in {"VERB", "AUX"}:
        return tok, f"subj|{_lemma(tok.head)}"
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return tok.head, f"subj|{_lemma(tok.head.head)}"
    return None


def _verb_of(tok: Token) -> Token:
    while tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def said_around(phrase: Token, start: int, end: int, subject: bool = True) -> frozenset[str]:
    """What a clause says around a slot: the content lemmas of the clause its phrase
    belongs to, less the phrase itself, asides ("marking an escalation"), what leads
    up to the verb ("In a startling development, ...") and dates, within the claim's
    bounds [start, end); with ``subject`` False, less the subject too."""
    verb = _verb_of(phrase)
    skip = {t.i for t in phrase.subtree}
    for child in verb.children:
        if (child.dep_ in _VERB_ASIDE or (child.i < verb.i and child.dep_ not in _SUBJECT)
                or (not subject and child.dep_ in _SUBJECT)):
            skip.update(t.i for t in child.subtree)
    for t in verb.subtree:
        if t.dep_ in _ASIDE and t.i != verb.i:
            skip.update(d.i for d in t.subtree)
    return frozenset(
        _lemma(t) for t in verb.subtree
        if t.i not in skip and start <= t.idx < end and t.is_alpha and len(t) > 2
        and not t.is_stop and t.ent_type_ not in _DATES and t.i != verb.i)


def clause_subject(phrase: Token, article: Article) -> tuple[str, str]:
    """The subject of the clause a slot is in, as a key (the entity named at its head,
    else the head's lemma: "talk") and as written; empty where it has none."""
    verb = _verb_of(phrase)
    subj = next((c for c in verb.children if c.dep_ in _SUBJECT), None)
    if subj is None:
        return "", ""
    text = subj.doc[subj.left_edge.i:subj.right_edge.i + 1].text
    for m in article.mentions:
        if m.entity and m.span.start <= subj.idx < m.span.end:
            return m.entity, text
    return _lemma(subj), text


def naming_words(doc: Doc, article: Article, claim: Claim) -> dict[str, frozenset[str]]:
    """The lemmas of each named entity's phrase within a claim, title words included."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in article.mentions:
        if m.entity and claim.span.start <= m.span.start and m.span.end <= claim.span.end:
            root = _root(doc, m.span)
            if root is not None:
                phrase = [t for t in root.subtree if t.dep_ in _NAME_LINKS | {"poss"}
                          or t.i == root.i or t.head.i == root.i and t.dep_ == "case"]
                out[m.entity].update(_lemma(t) for t in phrase if t.is_alpha)
                out[m.entity].update(w.lower() for w in _WORD.findall(m.span.text))
    return {k: frozenset(v) for k, v in out.items()}


def _named(article: Article, span: Span, entity: str) -> Mention | None:
    """A mention of ``entity`` by name (not a pronoun linked to it) inside ``span``."""
    for m in article.mentions:
        if (m.entity == entity and m.found_by != "reference"
                and span.start <= m.span.start and m.span.end <= span.end):
            return m
    return None


def place_fillers(ctx: Context, article: Article, claim: Claim) -> list[Filler]:
    out = []
    for v in claim.values:
        if v.kind != "place":
            continue
        m = next((m for m in article.mentions if m.span.start == v.span.start
                  and m.span.end == v.span.end and m.entity), None)
        if m is None or m.entity is None or ctx.entity_types.get(m.entity) not in PLACE_TYPES:
            continue
        doc = parse(article)
        slot = place_slot(doc, v.span)
        if slot:
            said = said_around(slot[0], claim.span.start, claim.span.end, subject=False)
            subject, subject_text = clause_subject(slot[0], article)
            out.append(Filler(article, claim, m.entity, m.span, slot[1], said,
                              naming_words(doc, article, claim), subject, subject_text))
    return out


def actor_of(ctx: Context, article: Article, claim: Claim) -> Filler | None:
    """Who a claim says did it: the named speaker it is attributed to, else the named
    doer of its main verb ("X confirmed ...", "... was confirmed by X")."""
    if claim.anonymous or not any(
            ctx.entity_types.get(m.entity or "") in ACTOR_TYPES for m in article.mentions
            if claim.span.start <= m.span.start < claim.span.end or (
                claim.quote and m.entity and m.entity == claim.speaker_entity)):
        return None  # no named doer to find: spare the parse
    doc = parse(article)
    found = _speaker(doc, article, claim) or _doer(doc, article, claim)
    if found is None or ctx.entity_types.get(found[0].entity or "") not in ACTOR_TYPES:
        return None
    m, (phrase, role) = found
    assert m.entity is not None
    said = said_around(phrase, claim.span.start, claim.span.end)
    return Filler(article, claim, m.entity, m.span, role, said,
                  naming_words(doc, article, claim))


def _speaker(doc: Doc, article: Article, claim: Claim
             ) -> tuple[Mention, tuple[Token, str]] | None:
    q = next((q for q in article.quotes if q.id == claim.quote), None)
    if q is None or not q.speaker_entity or q.speaker_span is None:
        return None
    m = _named(article, q.speaker_span, q.speaker_entity)
    slot = actor_slot(doc, m.span) if m is not None else None
    return (m, slot) if m is not None and slot is not None else None


def _doer(doc: Doc, article: Article, claim: Claim
          ) -> tuple[Mention, tuple[Token, str]] | None:
    clause = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if clause is None or not len(clause):
        return None
    for m in article.mentions:
        if (m.entity and m.found_by != "reference"
                and claim.span.start <= m.span.start < claim.span.end
                and (slot := actor_slot(doc, m.span)) and slot[0].head.i == clause.root.i):
            return m, slot
    return None


# -- comparing ----------------------------------------------------------------

def rest_overlap(a: Filler, b: Filler) -> tuple[float, int]:
    """Dice overlap of what the two claims say around the slot, names in dispute aside,
    and the number of lemmas they share."""
    names: set[str] = set()
    for f in (a, b):
        for entity in (a.entity, b.entity):
            names |= f.naming.get(entity, frozenset())
    wa, wb = a.said - names, b.said - names
    if not wa or not wb:
        return 0.0, 0
    shared = len(wa & wb)
    return 2 * shared / (len(wa) + len(wb)), shared


def alike(a: Filler, b: Filler, rule: str) -> bool:
    """Whether two claims say the same of their slot: equally negated, dates that fit
    (two dates apart are two events), and enough words alike."""
    if a.claim.negated != b.claim.negated:
        return False
    dates_a = [v.value for v in a.claim.values if v.kind == "date" and TIMELINE_DATE.match(v.value)]
    dates_b = [v.value for v in b.claim.values if v.kind == "date" and TIMELINE_DATE.match(v.value)]
    if dates_a and dates_b and not any(dates_compatible(x, y) for x in dates_a for y in dates_b):
        return False
    if rule == "place":
        # one subject, and the same said of it: "the talks were held" says no more
        if not a.subject or a.subject != b.subject:
            return False
        if not a.said and not b.said:
            return True
    overlap, shared = rest_overlap(a, b)
    return overlap >= MIN_OVERLAP[rule] and shared >= MIN_SHARED[rule]


def _members(ctx: Context, group: ClaimGroup) -> list[tuple[Article, Claim]]:
    return [ctx.claims[c] for c in group.claims if c in ctx.claims]


def _pairs(ctx: Context, items: list[Filler]) -> Iterable[tuple[Filler, Filler]]:
    for x, a in enumerate(items):
        for b in items[x + 1:]:
            if ctx.source(a.article.id) != ctx.source(b.article.id):
                yield a, b


def _conflict(ctx: Context, story: Story, what: str, sides: list[list[Filler]]) -> Finding:
    parts, evidence = [], []
    for side in sides:
        written = sorted({_quoted(f.span.text, 40) for f in side})
        outlets = sorted({ctx.name(f.article.id) for f in side})
        parts.append(" / ".join(f"'{w}'" for w in written) + f" ({', '.join(outlets)})")
        seen: set[str] = set()
        for f in side:
            if f.article.id not in seen:
                seen.add(f.article.id)
                evidence.append(Evidence.of(f.claim.span, f.claim.id))
    articles = {f.article.id for side in sides for f in side}
    return _finding("conflict", story.id, f"{what}: " + " vs ".join(parts), evidence,
                    ctx.independent(articles), 0.0)


def _sides(pairs: list[tuple[Filler, Filler]],
           slot_of: dict[str, list[Filler]] | None = None) -> list[list[Filler]]:
    """The disputed fillers as sides, one per entity, or with ``slot_of`` (claim id ->
    its places in the slot) one per set of places, largest first."""
    sides: dict[frozenset[str], list[Filler]] = defaultdict(list)
    for a, b in pairs:
        for f in (a, b):
            fellows = slot_of[f.claim.id] if slot_of else [f]
            side = sides[frozenset(g.entity for g in fellows)]
            if all(g.claim.id != f.claim.id for g in side):
                side.extend(fellows)
    return sorted(sides.values(), key=lambda side: len({f.article.id for f in side}),
                  reverse=True)


def place_conflicts(roles: Roles, story: Story, group: ClaimGroup) -> list[Finding]:
    """Aligned claims that put the same thing in different places (see module doc)."""
    ctx = roles.ctx
    by_role: dict[str, list[Filler]] = defaultdict(list)
    for article, claim in _members(ctx, group):
        for f in place_fillers(ctx, article, claim):
            by_role[f.role].append(f)
    findings = []
    for fillers in by_role.values():
        # a claim's places in one slot count together: "in Poland and Lithuania"
        mine: dict[str, set[str]] = defaultdict(set)
        for f in fillers:
            mine[f.claim.id].add(f.entity)
        disputed = [(a, b) for a, b in _pairs(ctx, fillers)
                    if all(places_apart(roles, a.entity, e) for e in mine[b.claim.id])
                    and all(places_apart(roles, b.entity, e) for e in mine[a.claim.id])
                    and not roles.fills(a.article, b.entity, a.role)
                    and not roles.fills(b.article, a.entity, b.role)
                    and alike(a, b, "place")]
        if disputed:
            a, b = disputed[0]
            topic = ctx.entity_names.get(a.subject) or _quoted(a.subject_text, 40)
            what = f"place ({topic}, {_governor(a)})"
            slot_of: dict[str, list[Filler]] = defaultdict(list)
            for f in fillers:
                slot_of[f.claim.id].append(f)
            sides = _sides(disputed, slot_of)
            findings.append(_conflict(ctx, story, what, sides))
    return findings


def actor_conflicts(roles: Roles, story: Story, group: ClaimGroup) -> list[Finding]:
    """Aligned claims that name different doers of one act (see module doc)."""
    ctx = roles.ctx
    fillers = [f for a, c in _members(ctx, group) if (f := actor_of(ctx, a, c)) is not None]
    disputed = [(a, b) for a, b in _pairs(ctx, fillers)
                if a.role == b.role and a.role.partition("|")[2] not in GENERIC_VERBS
                and a.entity != b.entity
                and ctx.entity_types.get(a.entity) == ctx.entity_types.get(b.entity)
                and roles.identified(a.entity) and roles.identified(b.entity)
                and not part_of(roles.names(a.entity), roles.names(b.entity))
                and not roles.fills(a.article, b.entity, a.role)
                and not roles.fills(b.article, a.entity, b.role)
                and alike(a, b, "actor")]
    if not disputed:
        return []
    sides = _sides(disputed)
    return [_conflict(ctx, story, f"who {_governor(disputed[0][0])}", sides)]


def _governor(f: Filler) -> str:
    """The words a slot hangs on, as the article writes them: "confirmed the
    deployment" for a doer, "held in" for a place."""
    doc = parse(f.article)
    place = f.role.partition("|")[0] != "subj"
    slot = place_slot(doc, f.span) if place else actor_slot(doc, f.span)
    if slot is None:
        return f.role.partition("|")[2]
    tok = slot[0]
    if place:  # tok is the place's phrase; its head the preposition
        return f"{tok.head.head.text} {tok.head.text}".lower()
    verb = tok.head
    done = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if done is None:
        return verb.text.lower()
    skip = {t.i for c in done.children if c.dep_ in {"relcl", "acl", "prep", "punct", "appos"}
            for t in c.subtree}
    words = [t.text for t in done.subtree if t.i not in skip][:6]
    return f"{verb.text} {' '.join(words)}".lower()
