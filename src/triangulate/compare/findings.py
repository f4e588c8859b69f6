"""Findings: what a reader should know about a story, each with evidence spans.

Built from aligned claim groups and article annotations:
- ``conflict``: aligned claims whose values disagree (quantity intervals that do not
  overlap, incompatible dates, a statement against its negation, one speaker quoted
  in different words, different places or doers in the same slot: role_conflicts);
- ``corroborated``: the same claim from several independent sources (a rewrite family
  counts once; attributed statements are kept apart from the outlet's own assertions);
- ``single_source``: a checkable claim only one source makes;
- ``anonymous_source`` and ``unverified_source``: who the claims rest on.
Then the timeline, and a ranking: conflicts about central claims first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from triangulate.compare.agreement import Judge, dates_compatible, default_judge
from triangulate.compare.align import stories_of
from triangulate.compare.timeline import TIMELINE_DATE, build_timeline
from triangulate.extract.certainty import anonymous_sources as anonymous_marks
from triangulate.extract.quotes_lexicon import SPEECH_NOUNS
from triangulate.model import (
    Article,
    Claim,
    ClaimGroup,
    ClaimValue,
    Corpus,
    Evidence,
    Finding,
    Span,
    Story,
)

# how a base unit reads in a summary when the text does not say what is measured
DIMENSION = {"m": "distance", "km": "distance", "kg": "weight", "s": "duration",
             "count": "number", "%": "share", "m2": "area", "m3": "volume", "l": "volume",
             "USD": "amount", "EUR": "amount", "GBP": "amount"}
# nouns that count people: "1,200 residents" and "4,000 people" count the same thing
PEOPLE = {"people", "persons", "person", "residents", "resident", "inhabitants", "civilians",
          "citizens", "villagers", "individuals", "locals", "evacuees", "men", "women"}
SOURCE_TYPES = {"PERSON", "ORG"}
# Dice overlap of content words below which two quotes of one speaker are two things
# said, not one thing quoted in two wordings (read on BASIL dev's quote conflicts)
SAME_UTTERANCE = 0.25
NAME = re.compile(r"^(?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+)+$")  # two or more capitalised words
MESSAGE_DETERMINERS = {"this", "that", "the", "these", "those"}
COURTESY = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam"}  # no role
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her"}
_WORD = re.compile(r"\w+", re.UNICODE)
_ROLE_AFTER = re.compile(r"^,\s+((?:a|an|the)\s+[^,.;:\"“”‘’()]{3,120}?)(?=[,.;:\"“”’(]|$)")


class Context:
    """Lookups shared by the finding rules."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.articles = corpus.by_id()
        self.claims: dict[str, tuple[Article, Claim]] = {
            c.id: (a, c) for a in corpus.articles for c in a.claims}
        self.family_of: dict[str, str] = {}
        for fam in corpus.families:
            for a in fam.articles:
                self.family_of[a] = fam.id
        self.entity_names = {e.id: e.name for e in corpus.entities}
        self.entity_types = {e.id: e.type for e in corpus.entities}
        # every lower-cased name of each entity, built once: per story it grew with the
        # whole corpus, not with the story
        self.aliases = {e.id: {a.lower() for a in [e.name, *e.aliases]}
                        for e in corpus.entities}

    def source(self, article_id: str) -> str:
        """The independent source an article stands for: its family, or itself."""
        return self.family_of.get(article_id, article_id)

    def independent(self, article_ids: Iterable[str]) -> int:
        return len({self.source(a) for a in article_ids})

    def name(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.outlet or a.id) if a else article_id


def _finding(kind: str, story: str, summary: str, evidence: list[Evidence],
             independent: int, score: float) -> Finding:
    return Finding(id="", kind=kind, story=story, summary=summary, evidence=evidence,
                   independent_sources=independent, score=float(score))


def _quoted(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- conflicts ---------------------------------------------------------------

def measure_key(measure: str) -> str:
    word = measure.lower().split()[-1] if measure.split() else measure.lower()
    return "people" if word in PEOPLE else word


def _overlap(a: ClaimValue, b: ClaimValue) -> bool:
    """Whether two quantity intervals share a point, open bounds respected."""
    lo_a = a.low if a.low is not None else float("-inf")
    hi_a = a.high if a.high is not None else float("inf")
    lo_b = b.low if b.low is not None else float("-inf")
    hi_b = b.high if b.high is not None else float("inf")

    def below(hi: float, hi_inc: bool, lo: float, lo_inc: bool) -> bool:
        return hi < lo or (hi == lo and not (hi_inc and lo_inc))

    return not (below(hi_a, a.high_inclusive, lo_b, b.low_inclusive)
                or below(hi_b, b.high_inclusive, lo_a, a.low_inclusive))


def _sides(values: list[tuple[Article, Claim, ClaimValue]]
           ) -> list[list[tuple[Article, Claim, ClaimValue]]]:
    """Partition values into sides whose members agree with the side's first value."""
    sides: list[list[tuple[Article, Claim, ClaimValue]]] = []
    for item in values:
        for side in sides:
            if agree(side[0][2], item[2]):
                side.append(item)
                break
        else:
            sides.append([item])
    return sides


def agree(a: ClaimValue, b: ClaimValue) -> bool:
    if a.kind == "quantity":
        return _overlap(a, b)
    if a.kind == "date":
        return dates_compatible(a.value, b.value)
    return a.value == b.value


def disputed(values: list[tuple[Article, Claim, ClaimValue]]
             ) -> list[tuple[Article, Claim, ClaimValue]]:
    """The values two articles really disagree on.

    Articles A and B disagree when A gives a value B has nothing agreeing with, and B
    gives one A has nothing agreeing with; an article that only adds a detail ("built
    in 1968, inspected in 2019" beside "built in 1968") disagrees with nobody.
    """
    by_article: dict[str, list[ClaimValue]] = defaultdict(list)
    for article, _, v in values:
        by_article[article.id].append(v)

    def unmatched(mine: list[ClaimValue], theirs: list[ClaimValue]) -> list[ClaimValue]:
        return [v for v in mine if not any(agree(v, w) for w in theirs)]

    keep: set[int] = set()
    ids = list(by_article)
    for x, first in enumerate(ids):
        for second in ids[x + 1:]:
            only_a = unmatched(by_article[first], by_article[second])
            only_b = unmatched(by_article[second], by_article[first])
            if only_a and only_b:
                keep.update(id(v) for v in only_a + only_b)
    return [item for item in values if id(item[2]) in keep]


def _what(kind: str, unit: str, values: list[tuple[Article, Claim, ClaimValue]],
          ctx: Context) -> str:
    """What the disputed values are about: "number of residents", "range of Oreshnik"."""
    topic = next((ctx.entity_names[c.subject] for _, c, _ in values
                  if c.subject and c.subject in ctx.entity_names), None)
    if kind == "date":
        return f"date of {topic}" if topic else "date"
    measures = [v.measure for _, _, v in values if v.measure]
    if unit.startswith("count:"):
        return f"number of {unit.partition(':')[2]}"
    what = max(set(measures), key=measures.count) if measures else DIMENSION.get(unit, unit)
    return f"{what} of {topic}" if topic else what


def _topic(claims: list[Claim], ctx: Context) -> str:
    for c in claims:
        if c.subject and c.subject in ctx.entity_names:
            return ctx.entity_names[c.subject]
    for c in claims:
        if c.subject_text:
            return _quoted(c.subject_text, 50)
    return _quoted(claims[0].span.text, 50)


def value_conflicts(ctx: Context, story: Story, group: ClaimGroup
                    ) -> tuple[list[Finding], set[str]]:
    """Conflicting quantities and dates in one group; returns the findings and the
    claim ids on the losing (minority) sides, which do not corroborate the rest."""
    members = [ctx.claims[c] for c in group.claims if c in ctx.claims]
    findings: list[Finding] = []
    minority: set[str] = set()
    by_key: dict[tuple[str, str], list[tuple[Article, Claim, ClaimValue]]] = defaultdict(list)
    for article, claim in members:
        for v in claim.values:
            if v.kind == "quantity" and v.unit == "count":
                # counts compare only when they count the same thing ("residents")
                if v.measure:
                    by_key[("quantity", f"count:{measure_key(v.measure)}")].append(
                        (article, claim, v))
            elif v.kind == "quantity" and v.unit:
                by_key[("quantity", v.unit)].append((article, claim, v))
            elif v.kind == "date" and TIMELINE_DATE.match(v.value):
                by_key[("date", "")].append((article, claim, v))
    for (kind, unit), values in by_key.items():
        values = disputed(values)
        sides = _sides(values)
        if len(sides) < 2:
            continue
        sides.sort(key=lambda s: -ctx.independent(a.id for a, _, _ in s))
        for side in sides[1:]:
            minority.update(c.id for _, c, _ in side)
        parts = []
        evidence = []
        for side in sides:
            written = sorted({_quoted(v.span.text, 40) for _, _, v in side})
            outlets = sorted({ctx.name(a.id) for a, _, _ in side})
            parts.append(" / ".join(f"'{w}'" for w in written) + f" ({', '.join(outlets)})")
            seen: set[str] = set()
            for a, c, _ in side:
                if a.id not in seen:
                    seen.add(a.id)
                    evidence.append(Evidence.of(c.span, c.id))
        summary = f"{_what(kind, unit, values, ctx)}: " + " vs ".join(parts)
        articles = {a.id for a, _, _ in values}
        findings.append(_finding("conflict", story.id, summary, evidence,
                                 ctx.independent(articles), 0.0))
    return findings, minority


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _direct_quotes(article: Article, claim: Claim) -> list[Span]:
    """Direct quotes a claim carries: its attributed quote, or quotes inside it."""
    spans = [q.span for q in article.quotes if q.kind == "direct" and (
        q.id == claim.quote
        or (claim.span.start <= q.span.start and q.span.end <= claim.span.end))]
    return spans


def _speaker_key(claim: Claim) -> tuple[str, str] | None:
    """Who a claim's quote is from: the attributed speaker, else the claim's subject."""
    if claim.anonymous:
        return None
    if claim.quote and claim.speaker:
        return (claim.speaker_entity or claim.speaker.lower(), claim.speaker)
    if claim.subject_text:
        return (claim.subject or claim.subject_text.lower(), claim.subject_text)
    return None


def _content_words(text: str) -> set[str]:
    return {w for w in _words(text) if len(w) > 3}


def quote_conflicts(ctx: Context, story: Story, group: ClaimGroup) -> list[Finding]:
    """One speaker quoted in different words by different articles.

    The quotes must be about the same thing: their claims are aligned, and the quoted
    words share at least one content word.
    """
    by_speaker: dict[str, list[tuple[Article, Claim, Span, str]]] = defaultdict(list)
    for cid in group.claims:
        if cid not in ctx.claims:
            continue
        article, claim = ctx.claims[cid]
        key = _speaker_key(claim)
        if key is None:
            continue
        for span in _direct_quotes(article, claim):
            by_speaker[key[0]].append((article, claim, span, key[1]))
    findings = []
    for items in by_speaker.values():
        wordings: dict[str, tuple[Article, Claim, Span]] = {}
        for article, claim, span, _ in items:
            wordings.setdefault(" ".join(_words(span.text)), (article, claim, span))
        # a wording found inside a longer one is a part of the same quote, not another
        # wording of it ("If somebody tells you," beside the whole sentence)
        chosen = [v for k, v in wordings.items()
                  if not any(k != other and f" {k} " in f" {other} " for other in wordings)]
        if len(chosen) < 2 or len({a.id for a, _, _ in chosen}) < 2:
            continue
        words = [_content_words(s.text) for _, _, s in chosen]
        if not set.intersection(*words) or min(
                2 * len(a & b) / (len(a) + len(b)) for n, a in enumerate(words)
                for b in words[n + 1:]) < SAME_UTTERANCE:
            continue
        speaker = items[0][3]
        parts = [f"'{_quoted(s.text, 60)}' ({ctx.name(a.id)})" for a, _, s in chosen]
        evidence = [Evidence.of(s, c.id) for _, c, s in chosen]
        findings.append(_finding(
            "conflict", story.id, f"{speaker} quoted in different words: " + " vs ".join(parts),
            evidence, ctx.independent(a.id for a, _, _ in chosen), 0.0))
    return findings


def negation_conflicts(ctx: Context, story: Story, group: ClaimGroup, judge: Judge
                       ) -> list[Finding]:
    """A statement against its negation: aligned claims about the same subject, one
    negated, confirmed by the agreement judge (rules, or the NLI model when enabled)."""
    members = [ctx.claims[c] for c in group.claims if c in ctx.claims]
    yes = [(a, c) for a, c in members if not c.negated]
    no = [(a, c) for a, c in members if c.negated]
    pairs = [(p, q) for p in yes for q in no if ctx.source(p[0].id) != ctx.source(q[0].id)
             and p[1].subject and p[1].subject == q[1].subject]
    if not pairs:
        return []
    verdicts = judge.judge_many([(p[1].span.text, q[1].span.text) for p, q in pairs])
    for ((a1, c1), (a2, c2)), verdict in zip(pairs, verdicts, strict=True):
        if verdict.label != "contradict":
            continue
        summary = (f"{_topic([c1, c2], ctx)}: stated by {ctx.name(a1.id)}, "
                   f"denied or negated by {ctx.name(a2.id)}")
        return [_finding("conflict", story.id, summary,
                         [Evidence.of(c1.span, c1.id), Evidence.of(c2.span, c2.id)],
                         ctx.independent([a1.id, a2.id]), 0.0)]
    return []


# -- agreement and single sources -------------------------------------------

def attribution(article: Article, claim: Claim) -> tuple[str, str]:
    """Who asserts a claim, as a key and as written: its speaker, or the outlet itself.

    A "speaker" that is the message itself ("This revelation, reported by BelTA",
    "The announcement, confirmed by BelTA") stands for the medium that carried it."""
    if not claim.quote:
        return "outlet", ""
    if claim.speaker_entity:
        return claim.speaker_entity, claim.speaker or ""
    speaker = claim.speaker or "someone"
    words = speaker.lower().split()
    if len(words) == 2 and words[0] in MESSAGE_DETERMINERS and words[1] in SPEECH_NOUNS:
        quote = next((q for q in article.quotes if q.id == claim.quote), None)
        if quote is not None and quote.medium:
            return "medium:" + quote.medium.lower(), quote.medium
    return speaker.lower(), speaker


def corroborations(ctx: Context, story: Story, group: ClaimGroup,
                   minority: set[str]) -> list[Finding]:
    by_attr: dict[str, list[tuple[Article, Claim]]] = defaultdict(list)
    names: dict[str, str] = {}  # attribution key -> as first written
    for cid in group.claims:
        if cid in ctx.claims and cid not in minority:
            a, c = ctx.claims[cid]
            key, written = attribution(a, c)
            by_attr[key].append((a, c))
            names.setdefault(key, written)
    findings = []
    for attr, items in by_attr.items():
        n = ctx.independent(a.id for a, _ in items)
        if n < 2:
            continue
        outlets = sorted({ctx.name(a.id) for a, _ in items})
        who = "" if attr == "outlet" else f" (attributed to {names[attr]})"
        evidence, seen = [], set()
        for a, c in items:
            if a.id not in seen:
                seen.add(a.id)
                evidence.append(Evidence.of(c.span, c.id))
        label = _quoted(min((c.span.text for _, c in items), key=len), 120)
        summary = (f"{label}{who}: reported by {n} independent sources "
                   f"({', '.join(outlets)})")
        findings.append(_finding("corroborated", story.id, summary, evidence, n, 0.0))
    return findings


class _Given(NamedTuple):
    """A figure or date some source gives, with the entities its claim names."""

    value: ClaimValue
    names: frozenset[str]


def claim_names(article: Article, claim: Claim) -> frozenset[str]:
    """The entities a claim names (its subject and the mentions inside it)."""
    found = {m.entity for m in article.mentions if m.entity
             and claim.span.start <= m.span.start and m.span.end <= claim.span.end}
    if claim.subject:
        found.add(claim.subject)
    return frozenset(found)


def same_figure(v: ClaimValue, w: _Given, names: frozenset[str]) -> bool:
    """Whether another source's quantity is the same figure: same unit, overlapping
    intervals and the same thing measured; and, unless the intervals are equal, about
    the same entity ("up to 300 km" for one weapon is not "hundreds of km" for another)."""
    u = w.value
    if u.kind != "quantity" or u.unit != v.unit or not agree(v, u):
        return False
    if v.measure and u.measure and measure_key(v.measure) != measure_key(u.measure):
        return False  # "one machine" is not "one thing"
    return (v.low, v.high) == (u.low, u.high) or bool(names & w.names)


_DEFINITE_COUNT = re.compile(r"\b(?:the|these|those|both|all)\s+$", re.IGNORECASE)


def _is_figure(article: Article, v: ClaimValue) -> bool:
    """A count after a definite word ("the two nations") refers back to things already
    named; it is not a figure a source gives."""
    if v.unit != "count":
        return True
    return not _DEFINITE_COUNT.search(article.text[max(0, v.span.start - 8):v.span.start])


def _group_words(article: Article) -> set[tuple[int, int]]:
    """Spans of nationality and group words ("Chinese", "European"): names, but no fact
    a source could be alone in giving."""
    return {(m.span.start, m.span.end) for m in article.mentions if m.label == "NORP"}


def _checkable_values(article: Article, claim: Claim, names_elsewhere: set[str],
                      given_elsewhere: list[_Given]) -> list[ClaimValue]:
    """A figure, a specific date, or a name that no other source of the story gives."""
    names = claim_names(article, claim)
    groups = _group_words(article)

    def checkable(v: ClaimValue) -> bool:
        if v.kind == "date":
            return bool(TIMELINE_DATE.match(v.value)) and not any(
                w.value.kind == "date" and agree(v, w.value) for w in given_elsewhere)
        if v.kind in {"person", "organisation", "name"}:
            return (v.span.start, v.span.end) not in groups and v.value not in names_elsewhere
        return (v.kind == "quantity" and _is_figure(article, v)
                and not any(same_figure(v, w, names) for w in given_elsewhere))

    return [v for v in claim.values if checkable(v)]


def _names_by_source(ctx: Context, story: Story) -> dict[str, set[str]]:
    """Lower-cased names (every alias of each entity mentioned) that each source gives."""
    aliases = ctx.aliases
    names: dict[str, set[str]] = defaultdict(set)
    for aid in story.articles:
        for m in ctx.articles[aid].mentions if aid in ctx.articles else []:
            bucket = names[ctx.source(aid)]
            bucket.add(" ".join(m.span.text.lower().split()))
            if m.entity:
                bucket.add(m.entity)
                bucket |= aliases.get(m.entity, set())
    return names


def single_sources(ctx: Context, story: Story, groups: list[ClaimGroup]) -> list[Finding]:
    shared = {cid for g in groups if ctx.independent(g.articles) > 1 for cid in g.claims}
    names = _names_by_source(ctx, story)
    mentioned_by: dict[str, set[str]] = defaultdict(set)
    for aid in story.articles:
        for m in ctx.articles[aid].mentions if aid in ctx.articles else []:
            if m.entity:
                mentioned_by[m.entity].add(aid)
    # a claim made only by copies of one another is one single-source finding
    copies = {cid: g for g in groups if ctx.independent(g.articles) == 1 for cid in g.claims}
    done: set[str] = set()
    values_by_source: dict[str, list[_Given]] = defaultdict(list)
    for aid in story.articles:
        for c in ctx.articles[aid].claims if aid in ctx.articles else []:
            given = [v for v in c.values if v.kind in {"quantity", "date"}]
            if given:
                names_of_claim = claim_names(ctx.articles[aid], c)
                values_by_source[ctx.source(aid)].extend(_Given(v, names_of_claim)
                                                         for v in given)
    findings = []
    for aid in story.articles:
        article = ctx.articles.get(aid)
        if article is None:
            continue
        source = ctx.source(aid)
        elsewhere = set().union(*(n for s, n in names.items() if s != source))
        other_values = [v for s, vs in values_by_source.items() if s != source for v in vs]
        for claim in article.claims:
            if claim.id in shared or claim.id in done or not claim.checkable or claim.anonymous:
                continue
            values = _checkable_values(article, claim, elsewhere, other_values)
            if not values:
                continue
            others = {o for m in article.mentions
                      if m.entity and claim.span.start <= m.span.start < claim.span.end
                      for o in mentioned_by[m.entity] if ctx.source(o) != source}
            same = [ctx.claims[c] for c in copies[claim.id].claims] if claim.id in copies else [
                (article, claim)]
            done.update(c.id for _, c in same)
            who = " and its copy ".join(dict.fromkeys(ctx.name(a.id) for a, _ in same))
            what = ", ".join(f"'{_quoted(v.span.text, 30)}'" for v in values[:3])
            summary = f"only {who} reports {what}: '{_quoted(claim.span.text, 100)}'"
            f = _finding("single_source", story.id, summary,
                         [Evidence.of(c.span, c.id) for _, c in same], 1, 0.0)
            # other sources build on it when they name the same people and things
            f.score = 40.0 + 3 * min(len(others), 10)
            findings.append(f)
    return findings


def anonymous_sources(ctx: Context, story: Story) -> list[Finding]:
    findings = []
    for aid in story.articles:
        article = ctx.articles.get(aid)
        if article is None:
            continue
        for claim in article.claims:
            if not claim.anonymous:
                continue
            label = unnamed_source(claim)
            who = f" ({label})" if label else ""
            summary = (f"{ctx.name(aid)} rests a claim on an unnamed source{who}: "
                       f"'{_quoted(claim.span.text, 100)}'")
            findings.append(_finding("anonymous_source", story.id, summary,
                                     [Evidence.of(claim.span, claim.id)], 1, 30.0))
    return findings


def unnamed_source(claim: Claim) -> str | None:
    """Who a claim rests on, as written: the unnamed people ("sources familiar with the
    meeting", "critics"), the speaker's own words for them where they are the speaker,
    else the speaker (a named speaker may only pass on what unnamed people said)."""
    marks = anonymous_marks(claim.span.text)
    people = [m.text for m in marks if m.cue.startswith(("unnamed", "according"))]
    if claim.speaker:
        said = claim.speaker.lower()
        mine = [t for t in people if said in t.lower() or t.lower() in said]
        if mine:
            return mine[0]
    if people:
        return people[0]
    return claim.speaker or (marks[0].text if marks else None)


def speaker_role(article: Article, span: Span | None, name: str | None = None) -> str | None:
    """The role the article gives a speaker: an appositive right after the name, or the
    title written before it ("Foreign Minister Maxim Ryzhenkov")."""
    if span is None:
        return None
    written, comma, role = span.text.partition(",")
    if comma and role.strip():  # the speaker span already holds "Name, a role"
        return " ".join(role.split())
    m = _ROLE_AFTER.match(article.text[span.end:span.end + 160])
    if m:
        return " ".join(m.group(1).split()).rstrip(",;")
    # the name ends the span: the words before the longest stretch of it are a title
    words, named = written.split(), (name or "").split()
    k = 0
    while k < min(len(words), len(named)) and words[-1 - k] == named[-1 - k]:
        k += 1
    title = " ".join(words[:-k]) if 0 < k < len(words) else ""
    return None if title.lower().rstrip(".") in COURTESY else title or None


def unverified_sources(ctx: Context, story: Story) -> list[Finding]:
    cited: dict[str, list[tuple[Article, str]]] = defaultdict(list)  # speaker -> uses
    first: dict[str, tuple[Article, str, Span, Span | None]] = {}
    for aid in story.articles:
        article = ctx.articles.get(aid)
        if article is None:
            continue
        for q in article.quotes:
            if q.anonymous or not q.speaker or q.speaker.lower() in PRONOUNS:
                continue
            if q.speaker_entity:
                if ctx.entity_types.get(q.speaker_entity) not in SOURCE_TYPES:
                    continue
            elif not NAME.match(q.speaker):
                continue
            key = q.speaker_entity or q.speaker.lower()
            cited[key].append((article, q.id))
            first.setdefault(key, (article, q.speaker, q.span, q.speaker_span))
    findings = []
    for key, uses in cited.items():
        if ctx.independent(a.id for a, _ in uses) > 1:
            continue
        article, speaker, span, speaker_span = first[key]
        name = ctx.entity_names.get(key, speaker)
        role = speaker_role(article, speaker_span, speaker)
        who = f"{name} ({role})" if role else name
        summary = f"{who} is quoted or cited by {ctx.name(article.id)} only"
        evidence = [Evidence.of(span)]
        if speaker_span is not None:
            evidence.insert(0, Evidence.of(speaker_span))
        findings.append(_finding("unverified_source", story.id, summary, evidence, 1, 35.0))
    return findings


# -- ranking -----------------------------------------------------------------

def score(findings: Iterable[Finding], story_size: dict[str, int]) -> None:
    """Each finding's ranking weight: conflicts first, the more of the story's
    articles they involve the higher; corroborations by how many sources agree."""
    for f in findings:
        if f.kind == "conflict":
            share = len({e.article for e in f.evidence}) / max(story_size.get(f.story, 1), 1)
            f.score = 100 + 50 * share
        elif f.kind == "corroborated":
            f.score = 10.0 + f.independent_sources


def rank(findings: list[Finding], story_size: dict[str, int]) -> list[Finding]:
    """Findings scored, in rank order (score, then ``Finding.rank_key``), numbered f1…"""
    score(findings, story_size)
    findings.sort(key=lambda f: (-f.score, f.rank_key()))
    for n, f in enumerate(findings, 1):
        f.id = f"f{n}"
    return findings


class FindingStage:
    name: ClassVar[str] = "findings"

    def __init__(self, judge: Judge | None = None) -> None:
        self.judge = judge

    def __call__(self, corpus: Corpus) -> Corpus:
        judge = self.judge or default_judge()
        ctx = Context(corpus)
        findings: list[Finding] = []
        by_story: dict[str, list[ClaimGroup]] = defaultdict(list)
        for g in corpus.claim_groups:
            by_story[g.story].append(g)
        stories = list(stories_of(corpus))
        # imported here: role_conflicts builds on this module's helpers
        from triangulate.compare.role_conflicts import Roles, actor_conflicts, place_conflicts

        roles = Roles(ctx)
        for story in stories:
            groups = by_story.get(story.id, [])
            for group in groups:
                conflicts, minority = value_conflicts(ctx, story, group)
                findings.extend(conflicts)
                findings.extend(quote_conflicts(ctx, story, group))
                findings.extend(negation_conflicts(ctx, story, group, judge))
                findings.extend(place_conflicts(roles, story, group))
                findings.extend(actor_conflicts(roles, story, group))
                findings.extend(corroborations(ctx, story, group, minority))
            findings.extend(single_sources(ctx, story, groups))
            findings.extend(anonymous_sources(ctx, story))
            findings.extend(unverified_sources(ctx, story))
        corpus.findings = rank(findings, {s.id: len(s.articles) for s in stories})
        corpus.timeline = build_timeline(corpus, stories)
        return corpus
