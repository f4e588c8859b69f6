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
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Protocol

import msgspec

from triangulate.model import (
    Article,
    Corpus,
    Entity,
    Story,
)
from triangulate.pipeline.kept import HeldResults, KeptResults, by_story
from triangulate.pipeline.registry import ANNOTATION_VERSION, build_stage
from triangulate.pipeline.stage import StreamingCorpusStage
from triangulate.store.base import Store

# the stages that see one story at a time: their results can be kept per story
STORY_STAGES = frozenset({"families", "alignment", "findings"})
# articles whose stories the per-story stages compare at once: bounds what they build
# and hold (about 170 KB an article as read, so some 85 MB)
STORY_CHUNK = 500
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


def fingerprints(corpus: Corpus) -> dict[str, str]:
    """Each story's fingerprint (story id -> hex digest).

    Entity ids enter only as the order in which the story first names them (the rules
    never order by id), so a story keeps its fingerprint when new entities elsewhere
    shift the numbering."""
    by_id = corpus.by_id()
    entities: dict[str, Entity] = {e.id: e for e in corpus.entities}
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
            h.update(_encoder.encode([rename[eid], entity.name, entity.type, entity.aliases,
                                      entity.within] if entity else [rename[eid]]))
        h.update(_encoder.encode(story.articles))
        out[story.id] = h.hexdigest()
    return out


def story_chunks(stories: Iterable[Story], size: int | None = None) -> Iterator[list[Story]]:
    """Stories in order, in runs of about ``size`` articles (:data:`STORY_CHUNK`); a
    story larger than that is a run of its own."""
    size = size or STORY_CHUNK
    chunk: list[Story] = []
    articles = 0
    for story in stories:
        chunk.append(story)
        articles += len(story.articles)
        if articles >= size:
            yield chunk
            chunk, articles = [], 0
    if chunk:
        yield chunk


class ArticleSource(Protocol):
    """Where a comparison reads its articles: all of them a batch at a time, in the
    same order each time, and any of them by id."""

    ids: list[str]
    # whether every read gives the same objects (a corpus in memory): what corpus-wide
    # stages wrote on them is still there, nothing needs writing again
    held: bool

    def batches(self) -> Iterator[list[Article]]: ...

    def load(self, ids: list[str]) -> list[Article]: ...


class HeldArticles:
    """The articles of a corpus in memory."""

    held = True

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.ids = [a.id for a in articles]
        self._by_id = {a.id: a for a in articles}

    def batches(self) -> Iterator[list[Article]]:
        yield self.articles

    def load(self, ids: list[str]) -> list[Article]:
        return [self._by_id[i] for i in ids if i in self._by_id]


class StoredArticles:
    """Articles read from a store a batch at a time; none is kept between reads."""

    held = False

    def __init__(self, store: Store, ids: list[str], batch: int = 256) -> None:
        self.store, self.ids, self.batch = store, ids, batch

    # read articles are let go soon: sharing their repeated strings would cost as much
    # time as reading them and save no memory that lasts
    def batches(self) -> Iterator[list[Article]]:
        for at in range(0, len(self.ids), self.batch):
            yield self.store.get_articles(self.ids[at:at + self.batch], share=False)

    def load(self, ids: list[str]) -> list[Article]:
        return self.store.get_articles(ids, share=False)


class Comparison:
    """One run of the corpus stages over a source of articles.

    Iterating it does the work and yields, a chunk of stories at a time, a ``Corpus``
    holding the chunk's articles (their annotations changed: entity links, claim
    vectors) and the chunk's results: families and claim groups numbered in story
    order, timeline entries, findings scored but not yet numbered (their rank is
    corpus-wide: ``Finding.rank_key``). A store saves the parts as they come
    (``Store.save_results(parts=...)``), so neither the articles nor the results of
    the whole corpus are ever held. Once iterated, :attr:`corpus` has the corpus-wide
    results (entities, stories with their fingerprints) and :attr:`compared` the ids
    of the stories compared (with ``previous``, the others kept that run's results:
    a previous corpus, or results read a chunk at a time, ``pipeline.kept``).
    """

    def __init__(self, source: ArticleSource, stages: tuple[str, ...],
                 previous: KeptResults | Corpus | None = None,
                 advance: Callable[[int], None] = lambda n: None,
                 corpus: Corpus | None = None) -> None:
        self.story_stages = [s for s in stages if s in STORY_STAGES]
        self.wide = [s for s in stages if s not in STORY_STAGES]
        if any(stages.index(s) < stages.index(w) for s in self.story_stages for w in self.wide):
            raise ValueError("corpus-wide stages must come before per-story stages")
        self.previous = HeldResults(previous) if isinstance(previous, Corpus) else previous
        self.source, self.advance = source, advance
        self.corpus = corpus if corpus is not None else Corpus()
        self.compared: list[str] = []

    def __iter__(self) -> Iterator[Corpus]:
        corpus, source = self.corpus, self.source
        wide = []
        for name in self.wide:
            stage = build_stage(name)
            if source.held:
                result = stage(corpus)
            elif isinstance(stage, StreamingCorpusStage):
                result = stage.over(source.batches, corpus)
            else:
                raise ValueError(f"stage {name!r} needs every article in memory")
            if result is not corpus:  # the one object a store reads once the parts end
                for f in msgspec.structs.fields(Corpus):
                    setattr(corpus, f.name, getattr(result, f.name))
            wide.append(stage)
            self.advance(1)
        if not self.story_stages:
            return
        from triangulate.compare.findings import score  # the comparison loads when run

        stories = corpus.stories or [self._whole_story()]
        built = [build_stage(name) for name in self.story_stages]
        families = groups = 0
        for chunk in story_chunks(stories):
            articles = source.load([a for s in chunk for a in s.articles])
            if not source.held:
                for stage in wide:
                    stage.annotate(articles)
            part = _part(corpus, articles, chunk)
            prints = fingerprints(part)
            for story in chunk:
                story.fingerprint = prints[story.id]
            kept = (self.previous.take(prints.values()) if self.previous is not None
                    else {})
            todo = [s for s in chunk if s.fingerprint not in kept]
            fresh = Corpus()
            if todo:
                fresh = _part(corpus, articles, todo)
                for stage in built:
                    fresh = stage(fresh)
                self.compared += [s.id for s in todo]
            out = _merge(chunk, fresh, kept, families, groups)
            families += len(out.families)
            groups += len(out.claim_groups)
            score(out.findings, {s.id: len(s.articles) for s in chunk})
            out.articles = articles
            yield out
        self.advance(len(self.story_stages))

    def _whole_story(self) -> Story:
        """Without grouping, the corpus is one story (as the per-story stages take it)."""
        first = self.source.load(self.source.ids[:1])
        return Story(id="s1", title=(first[0].title or "") if first else "",
                     articles=list(self.source.ids))


def _part(corpus: Corpus, articles: list[Article], stories: list[Story]) -> Corpus:
    """The articles of some stories and the entities they name: all that the per-story
    stages read (corpus-wide facts travel on the entities, e.g. ``Entity.within``)."""
    used = {e for a in articles for e in _entities_of(a)}
    return Corpus(articles=articles, entities=[e for e in corpus.entities if e.id in used],
                  stories=stories)


def compare_changed(corpus: Corpus, stages: tuple[str, ...], previous: Corpus | None,
                    advance: Callable[[int], None]) -> tuple[Corpus, list[str]]:
    """Run the corpus stages over a corpus in memory, keeping a previous run's results
    for unchanged stories (see :class:`Comparison`). Returns the corpus and the ids of
    the stories compared again (all of them without ``previous``). Each story gets its
    fingerprint, for the next update.
    """
    comparison = Comparison(HeldArticles(corpus.articles), stages, previous, advance, corpus)
    results = Corpus()
    for part in comparison:
        results.families += part.families
        results.claim_groups += part.claim_groups
        results.findings += part.findings
        results.timeline += part.timeline
    corpus = comparison.corpus
    if comparison.story_stages:
        from triangulate.compare.findings import rank

        corpus.families, corpus.claim_groups = results.families, results.claim_groups
        corpus.timeline = results.timeline
        corpus.findings = rank(results.findings, {s.id: len(s.articles) for s in corpus.stories})
    return corpus, comparison.compared


def _merge(stories: list[Story], part: Corpus, kept: dict[str, Corpus], families: int = 0,
           groups: int = 0) -> Corpus:
    """Per-story results in story order: new where compared, else kept (moved to the
    story's present id); families and groups numbered on from ``families`` and
    ``groups``, as one run over all the stories numbers them."""
    fresh = by_story(part)
    compared = {s.id for s in part.stories}
    out = Corpus()
    for story in stories:
        if story.id in compared:
            mine = fresh.get(story.id, Corpus())
        else:
            mine = kept[story.fingerprint or ""]
            for fam in mine.families:
                fam.story = story.id
            for group in mine.claim_groups:
                group.story = story.id
            for finding in mine.findings:
                finding.story = story.id
            for entry in mine.timeline:
                entry.story = story.id
        out.families += mine.families
        out.claim_groups += mine.claim_groups
        out.findings += mine.findings
        out.timeline += mine.timeline
    for n, fam in enumerate(out.families, families + 1):
        fam.id = f"f{n}"
    for n, group in enumerate(out.claim_groups, groups + 1):
        group.id = f"g{n}"
    return out
