"""Findings: what a reader should know about a story, each with evidence spans.

Built from aligned claim groups and article annotations:
- ``conflict``: aligned claims whose values disagree (quantity intervals that do not
  overlap, incompatible dates, a statement against its negation, one speaker quoted
  in different words);
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
from typing import ClassVar

from triangulate.compare.align import stories_of
from triangulate.compare.timeline import TIMELINE_DATE, build_timeline
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
NAME = re.compile(r"^(?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+)+$")  # two or more capitalised words
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
                   independent_sources=independent, score=score)


def _quoted(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- conflicts ---------------------------------------------------------------

def measure_key(measure: str) -> str:
    word = measure.lower().split()[-1] if measure.split() else measure.lower()
    return "people" if word in PEOPLE else word


def _overlap(a: ClaimValue, b: ClaimValue) -> bool:
    lo_a = a.low if a.low is not None else float("-inf")
    hi_a = a.high if a.high is not None else float("inf")
    lo_b = b.low if b.low is not None else float("-inf")
    hi_b = b.high if b.high is not None else float("inf")
    return lo_a <= hi_b and lo_b <= hi_a


def dates_compatible(a: str, b: str) -> bool:
    """Same date at the precision both give: 2024-12 fits 2024-12-19, --12-19 too."""
    if a.startswith("--") or b.startswith("--"):
        return a[-5:] == b[-5:] if len(a) >= 5 and len(b) >= 5 else True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


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
        if len({a.id for a, _, _ in values}) < 2:
            continue
        sides = _sides(values)
        # a side must hold an article no other side holds, else it is one text's detail
        if len(sides) < 2:
            continue
        owners = [{a.id for a, _, _ in s} for s in sides]
        if all(o <= set().union(*(p for p in owners if p is not o)) for o in owners):
            continue
        sides.sort(key=lambda s: -ctx.independent(a.id for a, _, _ in s))
        for side in sides[1:]:
            minority.update(c.id for _, c, _ in side)
        measures = [v.measure for _, _, v in values if v.measure]
        what = "date" if kind == "date" else (
            max(set(measures), key=measures.count) if measures
            else DIMENSION.get(unit.partition(":")[0], unit))
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
        topic = _topic([c for _, c, _ in values], ctx)
        summary = f"{what} of {topic}: " + " vs ".join(parts)
        articles = {a.id for a, _, _ in values}
        findings.append(_finding("conflict", story.id, summary, evidence,
                                 ctx.independent(articles), 0.0))
    return findings, minority


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def quote_conflicts(ctx: Context, story: Story, group: ClaimGroup) -> list[Finding]:
    """One speaker quoted in different words by different articles."""
    by_speaker: dict[str, list[tuple[Article, Claim]]] = defaultdict(list)
    for cid in group.claims:
        if cid not in ctx.claims:
            continue
        article, claim = ctx.claims[cid]
        if claim.quote and claim.speaker and not claim.anonymous:
            key = claim.speaker_entity or claim.speaker.lower()
            by_speaker[key].append((article, claim))
    findings = []
    for items in by_speaker.values():
        quotes: dict[str, tuple[Article, Claim, Span]] = {}
        for article, claim in items:
            q = next((q for q in article.quotes if q.id == claim.quote), None)
            if q is not None and q.kind == "direct":
                quotes.setdefault(" ".join(_words(q.span.text)), (article, claim, q.span))
        if len(quotes) < 2 or len({a.id for a, _, _ in quotes.values()}) < 2:
            continue
        speaker = items[0][1].speaker or "the speaker"
        parts = [f"'{_quoted(s.text, 60)}' ({ctx.name(a.id)})" for a, _, s in quotes.values()]
        evidence = [Evidence.of(s, c.id) for _, c, s in quotes.values()]
        findings.append(_finding(
            "conflict", story.id, f"{speaker} quoted in different words: " + " vs ".join(parts),
            evidence, ctx.independent(a.id for a, _, _ in quotes.values()), 0.0))
    return findings


def negation_conflicts(ctx: Context, story: Story, group: ClaimGroup) -> list[Finding]:
    members = [ctx.claims[c] for c in group.claims if c in ctx.claims]
    yes = [(a, c) for a, c in members if not c.negated]
    no = [(a, c) for a, c in members if c.negated]
    if not yes or not no or {a.id for a, _ in yes} == {a.id for a, _ in no}:
        return []
    pairs = [(p, q) for p in yes for q in no if p[0].id != q[0].id
             and p[1].subject and p[1].subject == q[1].subject]
    if not pairs:
        return []
    (a1, c1), (a2, c2) = pairs[0]
    summary = (f"{_topic([c1, c2], ctx)}: stated by {ctx.name(a1.id)}, "
               f"denied or negated by {ctx.name(a2.id)}")
    return [_finding("conflict", story.id, summary,
                     [Evidence.of(c1.span, c1.id), Evidence.of(c2.span, c2.id)],
                     ctx.independent([a1.id, a2.id]), 0.0)]


# -- agreement and single sources -------------------------------------------

def attribution(claim: Claim) -> str:
    """Who asserts a claim: its speaker, or the outlet itself."""
    if claim.quote:
        return claim.speaker_entity or (claim.speaker or "someone").lower()
    return "outlet"


def corroborations(ctx: Context, story: Story, group: ClaimGroup,
                   minority: set[str]) -> list[Finding]:
    by_attr: dict[str, list[tuple[Article, Claim]]] = defaultdict(list)
    for cid in group.claims:
        if cid in ctx.claims and cid not in minority:
            a, c = ctx.claims[cid]
            by_attr[attribution(c)].append((a, c))
    findings = []
    for attr, items in by_attr.items():
        n = ctx.independent(a.id for a, _ in items)
        if n < 2:
            continue
        outlets = sorted({ctx.name(a.id) for a, _ in items})
        who = "" if attr == "outlet" else f" (attributed to {items[0][1].speaker})"
        evidence, seen = [], set()
        for a, c in items:
            if a.id not in seen:
                seen.add(a.id)
                evidence.append(Evidence.of(c.span, c.id))
        summary = (f"{group.label}{who}: reported by {n} independent sources "
                   f"({', '.join(outlets)})")
        findings.append(_finding("corroborated", story.id, summary, evidence, n, 0.0))
    return findings


def _checkable_values(claim: Claim) -> list[ClaimValue]:
    return [v for v in claim.values if v.kind in {"quantity", "date", "person"}]


def single_sources(ctx: Context, story: Story, groups: list[ClaimGroup]) -> list[Finding]:
    shared = {cid for g in groups if ctx.independent(g.articles) > 1 for cid in g.claims}
    mentioned_by: dict[str, set[str]] = defaultdict(set)
    for aid in story.articles:
        for m in ctx.articles[aid].mentions if aid in ctx.articles else []:
            if m.entity:
                mentioned_by[m.entity].add(aid)
    findings = []
    for aid in story.articles:
        article = ctx.articles.get(aid)
        if article is None:
            continue
        for claim in article.claims:
            values = _checkable_values(claim)
            if claim.id in shared or not claim.checkable or claim.anonymous or not values:
                continue
            others = {o for m in article.mentions
                      if m.entity and claim.span.start <= m.span.start < claim.span.end
                      for o in mentioned_by[m.entity] if ctx.source(o) != ctx.source(aid)}
            what = ", ".join(f"'{_quoted(v.span.text, 30)}'" for v in values[:3])
            summary = f"only {ctx.name(aid)} reports {what}: '{_quoted(claim.span.text, 100)}'"
            f = _finding("single_source", story.id, summary, [Evidence.of(claim.span, claim.id)],
                         1, 0.0)
            f.score = 40 + 3 * min(len(others), 10)
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
            who = f" ({claim.speaker})" if claim.speaker else ""
            summary = (f"{ctx.name(aid)} rests a claim on an unnamed source{who}: "
                       f"'{_quoted(claim.span.text, 100)}'")
            findings.append(_finding("anonymous_source", story.id, summary,
                                     [Evidence.of(claim.span, claim.id)], 1, 30.0))
    return findings


def speaker_role(article: Article, span: Span | None) -> str | None:
    """The role the article gives a speaker: an appositive right after the name."""
    if span is None:
        return None
    name, comma, role = span.text.partition(",")
    if comma and role.strip():  # the speaker span already holds "Name, a role"
        return " ".join(role.split())
    m = _ROLE_AFTER.match(article.text[span.end:span.end + 160])
    return " ".join(m.group(1).split()) if m else None


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
        role = speaker_role(article, speaker_span)
        who = f"{name} ({role})" if role else name
        summary = f"{who} is quoted or cited by {ctx.name(article.id)} only"
        evidence = [Evidence.of(span)]
        if speaker_span is not None:
            evidence.insert(0, Evidence.of(speaker_span))
        findings.append(_finding("unverified_source", story.id, summary, evidence, 1, 35.0))
    return findings


# -- ranking -----------------------------------------------------------------

def rank(findings: list[Finding], groups: dict[str, ClaimGroup], story_size: dict[str, int]
         ) -> list[Finding]:
    for f in findings:
        if f.kind == "conflict":
            share = len({e.article for e in f.evidence}) / max(story_size.get(f.story, 1), 1)
            f.score = 100 + 50 * share
        elif f.kind == "corroborated":
            f.score = 10 + f.independent_sources
    findings.sort(key=lambda f: (-f.score, f.story, f.kind, f.summary))
    for n, f in enumerate(findings, 1):
        f.id = f"f{n}"
    return findings


class FindingStage:
    name: ClassVar[str] = "findings"

    def __call__(self, corpus: Corpus) -> Corpus:
        ctx = Context(corpus)
        findings: list[Finding] = []
        by_story: dict[str, list[ClaimGroup]] = defaultdict(list)
        for g in corpus.claim_groups:
            by_story[g.story].append(g)
        stories = list(stories_of(corpus))
        for story in stories:
            groups = by_story.get(story.id, [])
            for group in groups:
                conflicts, minority = value_conflicts(ctx, story, group)
                findings.extend(conflicts)
                findings.extend(quote_conflicts(ctx, story, group))
                findings.extend(negation_conflicts(ctx, story, group))
                findings.extend(corroborations(ctx, story, group, minority))
            findings.extend(single_sources(ctx, story, groups))
            findings.extend(anonymous_sources(ctx, story))
            findings.extend(unverified_sources(ctx, story))
        corpus.findings = rank(findings, {g.id: g for g in corpus.claim_groups},
                               {s.id: len(s.articles) for s in stories})
        corpus.timeline = build_timeline(corpus, stories)
        return corpus
