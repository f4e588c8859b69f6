"""The parse-derived facts the entity stage reads, memoised on the article.

Titles written around a name, whether a name is the subject of a speech verb, how
central a mention is in its sentence, where sentences start and which pronouns and role
phrases may refer to someone: each is read from the parse the first time it is asked
for and kept in ``article.facts``, which is stored with the annotations. A later run
over the same articles (``--update``) answers from the facts without restoring a
single parse; only a span never asked about before (a name found by spreading) needs
the article's parse again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from triangulate.compare.entity_mentions import speech_subject
from triangulate.compare.entity_references import (
    Reference,
    SentenceIndex,
    find_references,
    subject_rank,
)
from triangulate.compare.entity_roles import TitleWords, title_words
from triangulate.model import Article, ReferenceFact, SyntaxFacts, TitleFacts
from triangulate.models.language import DEFAULT_SPACY_MODEL, parse

if TYPE_CHECKING:
    from spacy.tokens import Doc


class ArticleSyntax:
    """One article's syntax facts; the parse is restored only on a miss."""

    def __init__(self, article: Article, model: str = DEFAULT_SPACY_MODEL) -> None:
        self.article = article
        self.model = model
        if article.facts is None:
            article.facts = SyntaxFacts()
        self.facts: SyntaxFacts = article.facts
        self._doc: Doc | None = None

    @property
    def doc(self) -> Doc:
        if self._doc is None:
            self._doc = parse(self.article, self.model)
        return self._doc

    def title_words(self, start: int, end: int) -> TitleWords:
        key = f"{start}:{end}"
        hit = self.facts.titles.get(key)
        if hit is None:
            words = title_words(self.doc, start, end)
            hit = self.facts.titles[key] = TitleFacts(heads=tuple(words.heads),
                                                      modifiers=tuple(words.modifiers))
        return TitleWords(list(hit.heads), list(hit.modifiers))

    def speaks(self, start: int, end: int) -> bool:
        key = f"{start}:{end}"
        hit = self.facts.speaks.get(key)
        if hit is None:
            hit = self.facts.speaks[key] = speech_subject(self.doc, start, end)
        return hit

    def subject_rank(self, start: int, end: int) -> int:
        key = f"{start}:{end}"
        hit = self.facts.ranks.get(key)
        if hit is None:
            hit = self.facts.ranks[key] = subject_rank(self.doc, start, end)
        return hit

    def sentences(self) -> SentenceIndex:
        if self.facts.sentence_starts is None:
            self.facts.sentence_starts = [s.start_char for s in self.doc.sents]
        return SentenceIndex(self.facts.sentence_starts)

    def references(self) -> list[Reference]:
        """Every pronoun and role phrase the parse offers (before any name filter)."""
        if self.facts.references is None:
            self.facts.references = [
                ReferenceFact(start=r.start, end=r.end, kind=r.kind, head=r.head,
                              modifiers=tuple(r.modifiers))
                for r in find_references(self.doc, [])]
        return [Reference(r.start, r.end, r.kind, r.head, tuple(r.modifiers))
                for r in self.facts.references]


def read_facts(article: Article, model: str = DEFAULT_SPACY_MODEL) -> None:
    """Read every fact the entity stage asks about the article's own names, while its
    parse is at hand (the article stage that stores the parse calls this)."""
    article.facts = SyntaxFacts()
    syntax = ArticleSyntax(article, model)
    syntax.sentences()
    syntax.references()
    for m in article.mentions:
        start, end = m.span.start, m.span.end
        syntax.title_words(start, end)
        syntax.speaks(start, end)
        syntax.subject_rank(start, end)
