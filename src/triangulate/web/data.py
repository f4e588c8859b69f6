"""The web app's read side: one story's slice of the store, story summaries, findings.

The ``Store`` protocol answers per-story questions for stories and findings, but its only
way to families, claim groups, the timeline and entities is ``load_results``, which reads
them all. So the corpus-level results (everything but articles: small next to the
articles) are kept here as one snapshot indexed by story, and a story page reads from the
store only its own articles. The snapshot is re-read when the store's results change: this
process invalidates it after an upload, and a cheap fingerprint (article count, stories
and their sizes) is compared at most once every ``recheck_seconds`` to notice a run made
by another process.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from triangulate.model import (
    Article,
    ClaimGroup,
    Corpus,
    Entity,
    Family,
    Finding,
    Story,
    TimelineEntry,
)
from triangulate.store.base import Store


@dataclass(frozen=True)
class StorySummary:
    """What the story list shows of one story."""

    id: str
    title: str
    articles: int
    outlets: int
    conflicts: int
    single_source: int
    findings: int


@dataclass
class _Snapshot:
    """Corpus-level results indexed by story; read once, shared by every request."""

    fingerprint: Hashable
    stories: list[Story]
    story: dict[str, Story]
    families: dict[str | None, list[Family]] = field(default_factory=dict)
    claim_groups: dict[str, list[ClaimGroup]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    findings_of: dict[str, list[Finding]] = field(default_factory=dict)
    timeline: dict[str | None, list[TimelineEntry]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    stories_of: dict[str, list[str]] = field(default_factory=dict)  # article -> story ids

    @classmethod
    def of(cls, corpus: Corpus, fingerprint: Hashable) -> _Snapshot:
        snap = cls(fingerprint=fingerprint, stories=corpus.stories,
                   story={s.id: s for s in corpus.stories}, findings=corpus.findings,
                   entities={e.id: e for e in corpus.entities})
        families: dict[str | None, list[Family]] = defaultdict(list)
        for family in corpus.families:
            families[family.story].append(family)
        groups: dict[str, list[ClaimGroup]] = defaultdict(list)
        for group in corpus.claim_groups:
            groups[group.story].append(group)
        findings: dict[str, list[Finding]] = defaultdict(list)
        for finding in corpus.findings:
            findings[finding.story].append(finding)
        timeline: dict[str | None, list[TimelineEntry]] = defaultdict(list)
        for entry in corpus.timeline:
            timeline[entry.story].append(entry)
        stories_of: dict[str, list[str]] = defaultdict(list)
        for story in corpus.stories:
            for article_id in story.articles:
                stories_of[article_id].append(story.id)
        snap.families, snap.claim_groups, snap.findings_of = families, groups, findings
        snap.timeline, snap.stories_of = timeline, stories_of
        return snap


class StoreView:
    """Read-only questions the web app asks of a store, answered fast at scale."""

    def __init__(self, store: Store, recheck_seconds: float = 1.0) -> None:
        self.store = store
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._checked = 0.0
        # an article's outlet never changes: articles are stored once, by content
        self._outlets: dict[str, str | None] = {}

    # ---- the snapshot --------------------------------------------------------------

    def _fingerprint(self) -> Hashable:
        return (self.store.count_articles(),
                tuple((s.id, len(s.articles)) for s in self.store.stories()))

    def snapshot(self) -> _Snapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is not None and now - self._checked < self.recheck_seconds:
                return self._snapshot
            fingerprint = self._fingerprint()
            self._checked = now
            if self._snapshot is None or self._snapshot.fingerprint != fingerprint:
                self._snapshot = _Snapshot.of(self.store.load_results(()), fingerprint)
            return self._snapshot

    def invalidate(self) -> None:
        """Forget the snapshot: the next question re-reads the store's results."""
        with self._lock:
            self._snapshot = None

    # ---- questions ---------------------------------------------------------------------

    def summaries(self, offset: int = 0, limit: int | None = None
                  ) -> tuple[list[StorySummary], int]:
        """Stories in saved order, ``limit`` of them from ``offset``, and how many in all."""
        snap = self.snapshot()
        end = None if limit is None else offset + limit
        page = snap.stories[offset:end]
        outlets = self._outlets_of(a for s in page for a in s.articles)
        out = []
        for story in page:
            findings = snap.findings_of.get(story.id, [])
            out.append(StorySummary(
                id=story.id, title=story.title, articles=len(story.articles),
                outlets=len({o for a in story.articles if (o := outlets.get(a))}),
                conflicts=sum(1 for f in findings if f.kind == "conflict"),
                single_source=sum(1 for f in findings if f.kind == "single_source"),
                findings=len(findings)))
        return out, len(snap.stories)

    def _outlets_of(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        wanted = list(dict.fromkeys(article_ids))
        missing = [a for a in wanted if a not in self._outlets]
        if missing:
            for article in self.store.get_articles(missing):
                self._outlets[article.id] = article.outlet
        return {a: self._outlets.get(a) for a in wanted}

    def story_corpus(self, story_id: str) -> Corpus | None:
        """One story and everything about it, as a corpus; None for an unknown story."""
        snap = self.snapshot()
        story = snap.story.get(story_id)
        if story is None:
            return None
        articles = self.store.get_articles(story.articles)
        for article in articles:
            self._outlets.setdefault(article.id, article.outlet)
        members = {a.id for a in articles}
        timeline = list(snap.timeline.get(story.id, []))
        # entries saved without a story belong to the story of their article
        timeline += [t for t in snap.timeline.get(None, []) if t.article in members]
        families = snap.families.get(story.id, []) + [
            f for f in snap.families.get(None, []) if set(f.articles) <= members]
        return Corpus(articles=articles, entities=self._entities(snap, articles),
                      stories=[story], families=families,
                      claim_groups=snap.claim_groups.get(story.id, []),
                      findings=snap.findings_of.get(story.id, []), timeline=timeline)

    @staticmethod
    def _entities(snap: _Snapshot, articles: list[Article]) -> list[Entity]:
        """The entities the articles' mentions, quotes and claims point to."""
        ids: dict[str, None] = {}
        for article in articles:
            for mention in article.mentions:
                if mention.entity:
                    ids[mention.entity] = None
            for quote in article.quotes:
                if quote.speaker_entity:
                    ids[quote.speaker_entity] = None
            for claim in article.claims:
                for entity in (claim.subject, claim.speaker_entity):
                    if entity:
                        ids[entity] = None
        return [snap.entities[i] for i in ids if i in snap.entities]

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def stories_of(self, article_id: str) -> list[Story]:
        snap = self.snapshot()
        return [snap.story[s] for s in snap.stories_of.get(article_id, []) if s in snap.story]

    def story(self, story_id: str) -> Story | None:
        return self.snapshot().story.get(story_id)

    def findings(self, kind: str | None = None, story: str | None = None) -> list[Finding]:
        """Findings in saved (ranked) order, filtered by kind and story when given."""
        snap = self.snapshot()
        found = snap.findings if story is None else snap.findings_of.get(story, [])
        return [f for f in found if kind is None or f.kind == kind]

    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for finding in self.snapshot().findings:
            counts[finding.kind] += 1
        return dict(counts)
