"""Updating a store's results: compare again only the stories whose inputs changed.

The corpus-wide stages (entities, stories) run over the whole collection; the stages
that work one story at a time (families, alignment, findings) run only for stories
whose *fingerprint* is new. A story's fingerprint covers everything its comparison
reads: its articles' annotations (entity links included; not the vectors, which the
comparison itself fills), the names and types of the entities they link to, the
country the corpus places each of its places in (the one corpus-wide fact the finding
rules use), and the code and settings of the comparison. A story whose fingerprint a
previous run stored keeps that run's families, claim groups and findings; ids are then
numbered again in story order and the findings ranked again, so the result equals a
run over everything (tests/e2e/test_update.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

import msgspec

from triangulate.model import Article, ClaimGroup, Corpus, Entity, Family, Finding, Story
from triangulate.pipeline.registry import ANNOTATION_VERSION, build_stage

# the stages that see one story at a time: their results can be kept per story
STORY_STAGES = frozenset({"families", "alignment", "findings"})
# settings read from the environment that change what the comparison finds
_SETTINGS = ("TRIANGULATE_NLI", "TRIANGULATE_SPACY_MODEL")
_encoder = msgspec.msgpack.Encoder(order="deterministic")


@lru_cache(maxsize=1)
def code_identity() -> bytes:
    """A digest of the comparison's code and settings: results of other code or other
    settings are never reused."""
    h = hashlib.sha256(f"annotations:{ANNOTATION_VERSION}".encode())
    for package in ("compare", "pipeline"):
        folder = resources.files("triangulate") / package
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".py"):
                h.update(item.name.encode())
                h.update(item.read_bytes())
    for name in _SETTINGS:
        h.update(f"{name}={os.environ.get(name, '')}".encode())
    return h.digest()


def _article_bytes(article: Article, rename: dict[str, str]) -> bytes:
    """An article as the comparison reads it: without the stored parse and facts
    (derived from the text), without claim vectors (the comparison fills them), and
    with entity ids renamed by ``rename`` (ids are renumbered as the corpus grows)."""
    def new(eid: str | None) -> str | None:
        return rename.get(eid, eid) if eid else eid

    mentions = [msgspec.structs.replace(m, entity=new(m.entity)) for m in article.mentions]
    quotes = [msgspec.structs.replace(q, speaker_entity=new(q.speaker_entity))
              for q in article.quotes]
    claims = [msgspec.structs.replace(c, vector=None, subject=new(c.subject),
                                      speaker_entity=new(c.speaker_entity))
              for c in article.claims]
    bare = msgspec.structs.replace(article, syntax=None, facts=None, embedding=None,
                                   mentions=mentions, quotes=quotes, claims=claims)
    return _encoder.encode(bare)


def _entities_of(article: Article) -> list[str]:
    """The entities an article links to, in the order it first does."""
    found = [m.entity for m in article.mentions if m.entity]
    found += [q.speaker_entity for q in article.quotes if q.speaker_entity]
    for c in article.claims:
        found += [e for e in (c.subject, c.speaker_entity) if e]
    return list(dict.fromkeys(found))


def _located_in(corpus: Corpus) -> dict[str, str]:
    # imported here: the pipeline's wiring does not load the comparison until it runs
    from triangulate.compare.findings import Context
    from triangulate.compare.role_conflicts import Roles, located_in

    return located_in(Roles(Context(corpus)))


def fingerprints(corpus: Corpus) -> dict[str, str]:
    """Each story's fingerprint (story id -> hex digest).

    Entity ids enter only as the order in which the story first names them (the rules
    never order by id), so a story keeps its fingerprint when new entities elsewhere
    shift the numbering."""
    by_id = corpus.by_id()
    entities: dict[str, Entity] = {e.id: e for e in corpus.entities}
    within = _located_in(corpus)
    out: dict[str, str] = {}
    for story in corpus.stories:
        h = hashlib.sha256(code_identity())
        members = [by_id[a] for a in story.articles if a in by_id]
        used = list(dict.fromkeys(e for a in members for e in _entities_of(a)))
        rename = {eid: f"#{n}" for n, eid in enumerate(used)}
        for article in members:
            h.update(_article_bytes(article, rename))
        for eid in used:
            entity = entities.get(eid)
            # what the rules read of an entity; not its corpus-wide counts
            h.update(_encoder.encode([rename[eid], entity.name, entity.type, entity.aliases]
                                     if entity else [rename[eid]]))
            h.update(within.get(eid, "").encode())
        h.update(_encoder.encode(story.articles))
        out[story.id] = h.hexdigest()
    return out


class Kept(msgspec.Struct, kw_only=True):
    """A previous run's per-story results, by story fingerprint."""

    families: dict[str, list[Family]]
    groups: dict[str, list[ClaimGroup]]
    findings: dict[str, list[Finding]]

    @classmethod
    def of(cls, previous: Corpus) -> Kept:
        by_story = {s.id: s.fingerprint for s in previous.stories if s.fingerprint}
        kept = cls(families={}, groups={}, findings={})
        for fp in by_story.values():
            kept.families[fp], kept.groups[fp], kept.findings[fp] = [], [], []
        for fam in previous.families:
            if fam.story in by_story:
                kept.families[by_story[fam.story]].append(fam)
        for g in previous.claim_groups:
            if g.story in by_story:
                kept.groups[by_story[g.story]].append(g)
        for f in previous.findings:
            if f.story in by_story:
                kept.findings[by_story[f.story]].append(f)
        return kept


def _renumbered(items: Iterable[Family | ClaimGroup], prefix: str) -> None:
    for n, item in enumerate(items, 1):
        item.id = f"{prefix}{n}"


def compare_changed(corpus: Corpus, stages: tuple[str, ...], previous: Corpus | None,
                    advance: Callable[[int], None]) -> tuple[Corpus, list[str]]:
    """Run the corpus stages, keeping a previous run's results for unchanged stories.

    Returns the corpus and the ids of the stories compared again (all of them without
    ``previous``). Each story gets its fingerprint, for the next update.
    """
    story_stages = [s for s in stages if s in STORY_STAGES]
    first = [s for s in stages if s not in STORY_STAGES]
    if any(stages.index(s) < stages.index(w) for s in story_stages for w in first):
        raise ValueError("corpus-wide stages must come before per-story stages")
    for name in first:
        corpus = build_stage(name)(corpus)
        advance(1)
    prints = fingerprints(corpus)
    for story in corpus.stories:
        story.fingerprint = prints[story.id]
    kept = Kept.of(previous) if previous is not None else None
    todo = [s for s in corpus.stories if kept is None or s.fingerprint not in kept.groups]
    if kept is None or not corpus.stories:
        for name in story_stages:
            corpus = build_stage(name)(corpus)
            advance(1)
        return corpus, [s.id for s in corpus.stories]
    stories = corpus.stories
    if todo:
        # every article stays in: the finding rules read corpus-wide place knowledge
        part = Corpus(articles=corpus.articles, entities=corpus.entities, stories=todo)
        for name in story_stages:
            part = build_stage(name)(part)
            advance(1)
    else:
        part = Corpus()
        advance(len(story_stages))
    families, groups, findings = _merge(stories, part, kept)
    corpus.families, corpus.claim_groups = families, groups
    if "findings" in story_stages:
        from triangulate.compare.findings import rank
        from triangulate.compare.timeline import build_timeline

        corpus.findings = rank(findings, {g.id: g for g in groups},
                               {s.id: len(s.articles) for s in stories})
        corpus.timeline = build_timeline(corpus, stories)
    return corpus, [s.id for s in todo]


def _merge(stories: list[Story], part: Corpus, kept: Kept
           ) -> tuple[list[Family], list[ClaimGroup], list[Finding]]:
    """Per-story results in story order: new where compared, else kept (moved to the
    story's present id), numbered as one run numbers them."""
    fresh_fam: dict[str | None, list[Family]] = {}
    for fam in part.families:
        fresh_fam.setdefault(fam.story, []).append(fam)
    fresh_groups: dict[str, list[ClaimGroup]] = {}
    for g in part.claim_groups:
        fresh_groups.setdefault(g.story, []).append(g)
    fresh_findings: dict[str, list[Finding]] = {}
    for f in part.findings:
        fresh_findings.setdefault(f.story, []).append(f)
    compared = {s.id for s in part.stories}
    families: list[Family] = []
    groups: list[ClaimGroup] = []
    findings: list[Finding] = []
    for story in stories:
        if story.id in compared:
            families += fresh_fam.get(story.id, [])
            groups += fresh_groups.get(story.id, [])
            findings += fresh_findings.get(story.id, [])
            continue
        fp = story.fingerprint or ""
        for fam in kept.families[fp]:
            fam.story = story.id
        for group in kept.groups[fp]:
            group.story = story.id
        for finding in kept.findings[fp]:
            finding.story = story.id
        families += kept.families[fp]
        groups += kept.groups[fp]
        findings += kept.findings[fp]
    _renumbered(families, "f")
    _renumbered(groups, "g")
    return families, groups, findings
