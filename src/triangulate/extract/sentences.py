"""Sentence splitting (spaCy's parser) and language identification."""

from __future__ import annotations

import re
from typing import ClassVar

from triangulate.model import Article, Sentence
from triangulate.models.language import DEFAULT_SPACY_MODEL, parse_many

_PARAGRAPH = re.compile(r"\n\s*")


def split_sentences(text: str, bounds: list[tuple[int, int]]) -> list[Sentence]:
    """Refine parser sentence bounds: never cross a line break, never keep edge spaces.

    News text puts headings and paragraphs on their own lines; the parser sometimes
    runs a heading into the next sentence, so a newline always ends a sentence.
    """
    out: list[Sentence] = []
    for start, end in bounds:
        pieces = []
        pos = start
        for m in _PARAGRAPH.finditer(text, start, end):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, end))
        for s, e in pieces:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(start=s, end=e))
    return out


def detect_language(text: str) -> str | None:
    import py3langid

    if not text.strip():
        return None
    lang, _ = py3langid.classify(text[:2000])
    return str(lang)


class SentenceStage:
    name: ClassVar[str] = "sentences"

    def __init__(self, model: str = DEFAULT_SPACY_MODEL) -> None:
        self.model = model

    def __call__(self, articles: list[Article]) -> list[Article]:
        docs = parse_many(articles, self.model)
        for article, doc in zip(articles, docs, strict=True):
            bounds = [(s.start_char, s.end_char) for s in doc.sents]
            article.sentences = split_sentences(article.text, bounds)
            article.language = detect_language(article.text)
            if self.name not in article.annotated_by:
                article.annotated_by.append(self.name)
        return articles
