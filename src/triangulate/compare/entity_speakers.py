"""Who speaks and whom a claim is about: written speakers and subjects linked to entities.

A span over a linked mention gives that mention's entity; a pronoun takes the nearest
earlier person; a role phrase the nearest earlier person seen with that role; a name
(titles dropped) matches the people of the article, then the names of the corpus.

A corpus resolves thousands of these, so what does not change between them is built
once: the entities' names indexed by sound (:class:`EntityLookup`, per corpus), and an
article's own names and people (:class:`ArticleResolver`, per article).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from triangulate.compare.entity_index import NameIndex
from triangulate.compare.entity_mentions import PERSON, form_text, is_reference
from triangulate.compare.entity_names import name_tokens, strip_title
from triangulate.compare.entity_references import (
    PRONOUN_GENDER,
    PersonMention,
    Reference,
    SentenceIndex,
    resolve_pronoun,
    resolve_role,
)
from triangulate.compare.entity_roles import Profile
from triangulate.compare.syntax_facts import ArticleSyntax
from triangulate.model import Article, Entity, Span
from triangulate.models.language import DEFAULT_SPACY_MODEL

if TYPE_CHECKING:
    from triangulate.compare.entities import EntityTable


class EntityLookup:
    """The entities of a corpus, ready to resolve many names: types and indexed aliases.

    Built from the entities as they are; build another after changing their aliases
    or types.
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.types: dict[str, str] = {e.id: e.type for e in entities}
        self.names = NameIndex((name_tokens(strip_title(a) or a), e.id, e.type == PERSON)
                               for e in entities for a in e.aliases)


class ArticleResolver:
    """Resolves the speakers and subjects of one article against the corpus.

    The article's mentions are read once, when it is built: build it after they are
    final, and another after changing them.
    """

    def __init__(self, article: Article, lookup: EntityLookup,
                 profiles: dict[str, Profile] | None = None,
                 model: str = DEFAULT_SPACY_MODEL) -> None:
        self.article = article
        self.lookup = lookup
        self.model = model
        self._profiles = profiles
        types = lookup.types
        self.names = NameIndex((name_tokens(form_text(m)), m.entity, types.get(m.entity) == PERSON)
                               for m in article.mentions
                               if m.entity is not None and not is_reference(m))
        self.people = [PersonMention(m.span.start, m.span.end, m.entity)
                       for m in article.mentions
                       if m.entity is not None and types.get(m.entity) == PERSON]
        self._ranked: list[PersonMention] | None = None
        self._sentences: SentenceIndex | None = None

    @property
    def profiles(self) -> dict[str, Profile]:
        if self._profiles is None:
            self._profiles = article_profiles(self.article, self.lookup.types, self.model)
        return self._profiles

    def speaker(self, speaker: str | Span, at: int | None = None) -> str | None:
        """The PERSON entity a speaker as written means, or None when it is not clear.

        ``at`` is where a string speaker stands (a span gives it itself), needed for
        "he" / "the minister".
        """
        if isinstance(speaker, Span):
            hit = self.entity_over(speaker.start, speaker.end, person_only=True)
            if hit is not None:
                return hit
            text, at = speaker.text, speaker.start if at is None else at
        else:
            text = speaker
        text = text.strip()
        if not text:
            return None
        words = text.split()
        first = words[0].lower()
        if first in PRONOUN_GENDER or first == "the":
            return self._reference(words, at)
        return self.name(text, person_only=True)

    def name(self, text: str, person_only: bool = False) -> str | None:
        """The entity a written name means: the article's own mentions first, then the
        corpus names; a single word may be a surname of exactly one person."""
        tokens = name_tokens(strip_title(text) or text)
        if not tokens:
            return None
        local = self.names.matches(tokens, person_only)
        if len(local) == 1:
            return local.pop()
        if local:
            return None
        corpus = self.lookup.names.matches(tokens, person_only)
        return corpus.pop() if len(corpus) == 1 else None

    def subject(self, span: Span | None, text: str | None) -> str | None:
        """The entity a claim is about: the one mention under its subject, else its name."""
        if span is not None:
            hit = self.entity_over(span.start, span.end)
            if hit is not None:
                return hit
        if text:
            return self.name(text)
        return None

    def entity_over(self, start: int, end: int, person_only: bool = False) -> str | None:
        """The one entity of the mentions overlapping ``start:end``, if only one."""
        types = self.lookup.types
        hits = [m.entity for m in self.article.mentions
                if m.entity is not None and m.span.start < end and start < m.span.end
                and (not person_only or types.get(m.entity) == PERSON)]
        return hits[0] if len(set(hits)) == 1 else None

    def _reference(self, words: list[str], at: int | None) -> str | None:
        first = words[0].lower()
        if first in PRONOUN_GENDER and len(words) == 1:
            if at is None:
                return None
            ranked, sentences = self._ranked_people()
            ref = Reference(at, at + len(words[0]), "pronoun", first)
            return resolve_pronoun(ref, ranked, sentences, self.profiles)
        if first == "the" and len(words) >= 2:
            where = len(self.article.text) if at is None else at
            head = words[-1].lower().strip(".,;:")
            ref = Reference(where, where, "role", head, tuple(words[1:-1]))
            return resolve_role(ref, self.people, self.profiles)
        return None

    def _ranked_people(self) -> tuple[list[PersonMention], SentenceIndex]:
        if self._ranked is None or self._sentences is None:
            syntax = ArticleSyntax(self.article, self.model)
            self._ranked = [PersonMention(p.start, p.end, p.entity,
                                          syntax.subject_rank(p.start, p.end))
                            for p in self.people]
            self._sentences = syntax.sentences()
        return self._ranked, self._sentences


def resolve_speaker(article: Article, speaker: str | Span, entities: Sequence[Entity],
                    *, at: int | None = None, profiles: dict[str, Profile] | None = None,
                    model: str = DEFAULT_SPACY_MODEL) -> str | None:
    """The PERSON entity a speaker as written means, or None when it is not clear.

    ``speaker`` is a span of the article or a string; ``at`` is where it stands
    (a span gives it itself). For many speakers, build one :class:`ArticleResolver`.
    """
    resolver = ArticleResolver(article, EntityLookup(entities), profiles, model)
    return resolver.speaker(speaker, at)


def resolve_name(article: Article, text: str, entities: Sequence[Entity],
                 person_only: bool = False) -> str | None:
    """The entity a written name means (see :meth:`ArticleResolver.name`)."""
    return ArticleResolver(article, EntityLookup(entities)).name(text, person_only)


def article_profiles(article: Article, types: dict[str, str],
                     model: str = DEFAULT_SPACY_MODEL) -> dict[str, Profile]:
    """Profiles of the people of one article, from its own text only."""
    profiles: dict[str, Profile] = defaultdict(Profile)
    syntax = ArticleSyntax(article, model)
    for m in article.mentions:
        if m.entity is None or types.get(m.entity) != PERSON or is_reference(m):
            continue
        words = syntax.title_words(m.span.start, m.span.end)
        profiles[m.entity].add(words.heads, words.modifiers)
    return dict(profiles)


def link_speakers(article: Article, table: EntityTable,
                  model: str = DEFAULT_SPACY_MODEL) -> None:
    """Fill quote speakers, and the claims' speaker and subject where still empty."""
    resolver = ArticleResolver(article, table.lookup, table.profiles, model)
    for quote in article.quotes:
        target = quote.speaker_span or quote.speaker
        if target is None or quote.anonymous:
            quote.speaker_entity = None
            continue
        found = resolver.speaker(target)
        span = quote.speaker_span
        if found is None and span is not None and quote.speaker \
                and quote.speaker != span.text:
            # the span is a word standing for the speaker ("who") that extraction has
            # already resolved to a name: link the name
            found = resolver.speaker(quote.speaker, at=span.start)
        quote.speaker_entity = found
    quotes = {q.id: q for q in article.quotes}
    for claim in article.claims:
        if claim.speaker_entity is None:
            if claim.quote in quotes:
                claim.speaker_entity = quotes[claim.quote].speaker_entity
            elif claim.speaker and not claim.anonymous:
                claim.speaker_entity = resolver.speaker(claim.speaker, at=claim.span.start)
        if claim.subject is None:
            claim.subject = resolver.subject(claim.subject_span, claim.subject_text)
