"""The entity stage reads parse facts once; a later run needs no parse."""

from __future__ import annotations

import pytest

from triangulate.compare import syntax_facts
from triangulate.model import Article, Corpus, SyntaxFacts
from triangulate.pipeline.registry import DEFAULT_ARTICLE_STAGES, build_stage

TEXT = ("Belarus' Defense Minister Viktor Khrenin said on Tuesday that the missiles were "
        "deployed. He added that the system was ready. The minister did not say where.\n\n"
        "President Alexander Lukashenko told state media that the deployment was complete.")


def _annotated() -> Article:
    articles = [Article(id="a1", text=TEXT, published="2024-12-19")]
    for name in DEFAULT_ARTICLE_STAGES:
        articles = build_stage(name)(articles)
    return articles[0]


def _links(article: Article) -> list[tuple[str, str | None, str]]:
    return [(m.span.text, m.entity, m.found_by) for m in article.mentions]


def test_second_run_needs_no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    article = _annotated()
    assert article.facts is not None and article.facts.sentence_starts
    first = build_stage("entities")(Corpus(articles=[article]))
    links = _links(first.articles[0])
    assert ("He", "e1", "reference") in links or any(
        t == "He" and f == "reference" for t, _, f in links)

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parse was needed again")

    monkeypatch.setattr(syntax_facts, "parse", no_parse)
    again = build_stage("entities")(Corpus(articles=[article]))
    assert _links(again.articles[0]) == links
    assert [(e.name, e.type) for e in again.entities] == [(e.name, e.type)
                                                          for e in first.entities]


def test_facts_fall_back_to_the_parse_for_new_spans() -> None:
    article = _annotated()
    article.facts = SyntaxFacts()  # nothing read yet: every answer comes from the parse
    syntax = syntax_facts.ArticleSyntax(article)
    start = TEXT.index("Viktor")
    end = start + len("Viktor Khrenin")
    assert "minister" in syntax.title_words(start, end).heads
    assert article.facts.titles[f"{start}:{end}"].heads == ("minister",)
    lukashenko = TEXT.index("Alexander Lukashenko")
    assert syntax.speaks(lukashenko, lukashenko + len("Alexander Lukashenko"))
    assert syntax.sentences().of(TEXT.index("He added")) == 1
