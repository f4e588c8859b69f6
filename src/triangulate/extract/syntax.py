"""Keep each article's parse with its annotations.

The corpus stages read the parse too (titles before a name, who speaks, pronouns), and
they may run in another process or in a later run; restoring a stored parse costs about
a twentieth of parsing the text again. The facts the entity stage reads from the parse
are read here too (``compare.syntax_facts``), so it seldom needs the parse at all.
"""

from __future__ import annotations

from typing import ClassVar

from triangulate.model import Article
from triangulate.models.language import DEFAULT_SPACY_MODEL, doc_to_bytes, parse_many


class SyntaxStage:
    name: ClassVar[str] = "syntax"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL) -> None:
        self.model = model

    def __call__(self, articles: list[Article]) -> list[Article]:
        from triangulate.compare.syntax_facts import read_facts

        for article, doc in zip(articles, parse_many(articles, self.model), strict=True):
            article.syntax = doc_to_bytes(doc, self.model)
            read_facts(article, self.model)  # facts of an older parse go with it
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
