"""The web app's read side: one story's slice of the store, story summaries, findings.

What every page needs of the whole collection is small and kept here as one snapshot:
the stories, which stories hold each article, and how many findings of each kind each
story has (counted by the store). A story's own results, and pages of findings, are
read from the store when asked for, so memory does not grow with the collection's
results. The snapshot is re-read when the store's results change: this process
invalidates it after an upload, and a cheap fingerprint (article count, when results
were last saved) is compared at most once every ``recheck_seconds`` to notice a run
made by another process.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from triangulate.model import Article, Corpus, Entity, Finding, Story
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
    """The stories and the findings counted by story and kind; shared by every request."""

    fingerprint: Hashable
    stories: list[Story]
    story: dict[str, Story]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # story -> kind -> n
    kinds: dict[str, int] = field(default_factory=dict)
    stories_of: dict[str, list[str]] = field(default_factory=dict)  # article -> story ids
    # results saved without a story (none from a run that grouped stories)
    loose: Corpus = field(default_factory=Corpus)

    @classmethod
    def of(cls, store: Store, fingerprint: Hashable) -> _Snapshot:
        stories = store.stories()
        snap = cls(fingerprint=fingerprint, stories=stories,
                   story={s.id: s for s in stories}, loose=store.story_results([None]))
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        kinds: dict[str, int] = defaultdict(int)
        for (sid, kind), n in store.finding_counts().items():
            counts[sid][kind] = n
            kinds[kind] += n
        stories_of: dict[str, list[str]] = defaultdict(list)
        for story in stories:
            for article_id in story.articles:
                stories_of[article_id].append(story.id)
        snap.counts, snap.kinds, snap.stories_of = dict(counts), dict(kinds), stories_of
        return snap

    def total(self, kind: str | None = None, story: str | None = None) -> int:
        """How many findings of ``kind`` (any) ``story`` (all stories) has."""
        if story is not None:
            mine = self.counts.get(story, {})
            return sum(mine.values()) if kind is None else mine.get(kind, 0)
        return sum(self.kinds.values()) if kind is None else self.kinds.get(kind, 0)


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
        # both cheap at any size: a count and one stamp that every save of results sets
        return (self.store.count_articles(), self.store.results_saved_at())

    def snapshot(self) -> _Snapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is not None and now - self._checked < self.recheck_seconds:
                return self._snapshot
            fingerprint = self._fingerprint()
            self._checked = now
            if self._snapshot is None or self._snapshot.fingerprint != fingerprint:
                self._snapshot = _Snapshot.of(self.store, fingerprint)
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
            out.append(StorySummary(
                id=story.id, title=story.title, articles=len(story.articles),
                outlets=len({o for a in story.articles if (o := outlets.get(a))}),
                conflicts=snap.total("conflict", story.id),
                single_source=snap.total("single_source", story.id),
                findings=snap.total(story=story.id)))
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
        mine = self.store.story_results([story.id])
        # entries saved without a story belong to the story of their article
        timeline = mine.timeline + [t for t in snap.loose.timeline if t.article in members]
        families = mine.families + [f for f in snap.loose.families
                                    if set(f.articles) <= members]
        return Corpus(articles=articles, entities=self._entities(articles),
                      stories=[story], families=families, claim_groups=mine.claim_groups,
                      findings=mine.findings, timeline=timeline)

    def _entities(self, articles: list[Article]) -> list[Entity]:
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
        return self.store.entities(list(ids))

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def stories_of(self, article_id: str) -> list[Story]:
        snap = self.snapshot()
        return [snap.story[s] for s in snap.stories_of.get(article_id, []) if s in snap.story]

    def story(self, story_id: str) -> Story | None:
        return self.snapshot().story.get(story_id)

    def findings(self, kind: str | None = None, story: str | None = None,
                 offset: int = 0, limit: int | None = None) -> tuple[list[Finding], int]:
        """A page of findings in saved (ranked) order, by kind and story when given,
        and how many there are in all."""
        snap = self.snapshot()
        if story is not None and story not in snap.story:
            return [], 0
        page = self.store.findings(kind=kind, story=story, offset=offset, limit=limit)
        return page, snap.total(kind, story)

    def kinds(self) -> dict[str, int]:
        return dict(self.snapshot().kinds)
