"""Keep each article's parse with its annotations.

The corpus stages read the parse too (titles before a name, who speaks, pronouns), and
they may run in another process or in a later run; restoring a stored parse costs about
a twentieth of parsing the text again.
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
        for article, doc in zip(articles, parse_many(articles, self.model), strict=True):
            article.syntax = doc_to_bytes(doc, self.model)
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
