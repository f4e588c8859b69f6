"""Per-article name records: what they hold, and merging and linking from them alone."""

from __future__ import annotations

import msgspec
import pytest

from triangulate.compare import syntax_facts
from triangulate.compare.entities import (
    EntityStage,
    link_article,
    merge_mentions,
    merge_records,
    names_of,
    reset_links,
)
from triangulate.compare.entity_records import NO_CONTEXT, ArticleNames, NamedMention
from triangulate.compare.entity_spread import spread_candidates, spread_names
from triangulate.extract.entities import MentionStage
from triangulate.model import Article, Corpus, Mention, Quote, decode_article, encode_article


def _article(aid: str, text: str, names: list[tuple[str, str]]) -> Article:
    """An article with a mention at the first free occurrence of each name."""
    article = Article(id=aid, text=text)
    for name, label in names:
        start = text.index(name)
        while any(m.span.start == start for m in article.mentions):
            start = text.index(name, start + 1)
        article.mentions.append(Mention(span=article.span(start, start + len(name)),
                                        label=label))
    article.mentions.sort(key=lambda m: m.span.start)
    return article


def _by_text(record: ArticleNames) -> dict[str, NamedMention]:
    return {n.text: n for n in record.names}


# --- what a record holds -------------------------------------------------------------

def test_record_holds_names_forms_titles_and_lower_words() -> None:
    article = _article("a", "Later President Trump met the NATO chief, and Trump left it there.",
                       [("Trump", "PERSON"), ("NATO", "ORG"), ("Trump", "PERSON")])
    article.mentions.append(Mention(span=article.span(27, 35), label="PERSON",
                                    found_by="reference"))  # "the NATO": not a name
    record = names_of(3, article, profiles=False)
    assert (record.index, record.id) == (3, "a")
    assert [(n.index, n.key, n.label, n.text) for n in record.names] == [
        (0, "trump", "PERSON", "Trump"), (1, "nato", "ORG", "NATO"),
        (2, "trump", "PERSON", "Trump")]
    first, nato, second = record.names
    assert first.heads == ("president",) and second.heads == ()
    assert first.form is second.form                 # written alike: one object
    assert nato.context is NO_CONTEXT                # nothing around it: the shared default
    assert [n.place for n in record.names] == [0, 1, 2]
    # lower-case words of four letters or more, as spreading reads them
    assert record.lower == ("chief", "left", "there")  # not "Later" nor "met"


@pytest.mark.parametrize(("text", "names", "speaks"), [
    ('"Everyone is safe," Varga said.', [("Varga", "ORG")], [True]),
    ("Shares of Varga rose on Monday.", [("Varga", "ORG")], [False]),
    # only a single word may be a bare surname: a full name is never asked
    ('"Everyone is safe," Helena Varga said.', [("Helena Varga", "PERSON")], [False]),
])
def test_speaking_is_read_for_single_words(text: str, names: list[tuple[str, str]],
                                           speaks: list[bool]) -> None:
    record = names_of(0, _article("a", text, names), profiles=False)
    assert [n.speaks for n in record.names] == speaks


KHRENIN = "Defense Minister Victor Khrenin spoke."


def test_without_profiles_a_full_name_needs_no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(syntax_facts, "parse", no_parse)
    article = _article("a", KHRENIN, [("Victor Khrenin", "PERSON")])
    (name,) = names_of(0, article, profiles=False).names
    assert name.heads == ("minister",)               # read from the text alone
    assert name.context.role_heads == ()


def test_profiles_read_title_words() -> None:
    article = _article("a", KHRENIN, [("Victor Khrenin", "PERSON")])
    (name,) = names_of(0, article).names
    assert name.context.role_heads == ("minister",)
    assert name.context.role_modifiers == ("defense",)


def test_equal_starts_share_a_place() -> None:
    article = _article("a", "Minsk and Belarus Minsk met.", [("Minsk", "GPE"), ("Belarus", "GPE")])
    # two mentions may start at one offset (a name inside a longer one)
    article.mentions.append(Mention(span=article.span(10, 23), label="ORG"))
    places = {n.text: n.place for n in names_of(0, article, profiles=False).names}
    assert places == {"Minsk": 0, "Belarus": 1, "Belarus Minsk": 1}


def test_record_round_trips_through_msgpack() -> None:
    article = _article("a", "President Trump met NATO.", [("Trump", "PERSON"), ("NATO", "ORG")])
    record = names_of(0, article)
    data = msgspec.msgpack.encode(record)
    assert msgspec.msgpack.decode(data, type=ArticleNames) == record


# --- merging and linking from records --------------------------------------------------

CORPUS = [
    ("a", "Governor Helena Varga visited the dam. BelTA news agency reported it.",
     [("Helena Varga", "PERSON"), ("BelTA news agency", "ORG")]),
    ("b", '"Everyone is safe," Varga said. The Oreshnik was moved, BelTA said.',
     [("Varga", "ORG"), ("Oreshnik", "PRODUCT"), ("BelTA", "ORG")]),
    ("c", "The Oreshnik is ready. Oreshnik again. Minsk watched the Oreshniki.",
     [("Oreshnik", "PRODUCT"), ("Oreshnik", "PRODUCT"), ("Minsk", "GPE")]),
]


def _corpus() -> list[Article]:
    articles = [_article(*a) for a in CORPUS]
    text = CORPUS[1][1]
    said = text.index("Varga said")
    articles[1].quotes = [Quote(id="b-q1", span=articles[1].span(1, 18), speaker="Varga",
                                speaker_span=articles[1].span(said, said + 5))]
    return articles


def _encoded(articles: list[Article]) -> bytes:
    return msgspec.msgpack.encode([(a.mentions, a.quotes, a.claims) for a in articles])


def test_merge_records_is_merge_mentions() -> None:
    articles = _corpus()
    from_articles = merge_mentions(articles)
    from_records = merge_records([names_of(ai, a) for ai, a in enumerate(articles)])
    assert msgspec.msgpack.encode(from_records.entities) == \
        msgspec.msgpack.encode(from_articles.entities)
    assert from_records.of_mention == from_articles.of_mention
    assert from_records.profiles == from_articles.profiles


def test_streaming_one_article_at_a_time_gives_the_stage_result() -> None:
    stage = EntityStage()(Corpus(articles=_corpus()))
    stored = [encode_article(a) for a in _corpus()]

    def read(ai: int) -> Article:  # as a pipeline reads the store: nothing kept between
        article = decode_article(stored[ai])
        reset_links(article)
        return article

    first = [names_of(ai, read(ai), profiles=False) for ai in range(len(stored))]
    merged = merge_records(first, with_profiles=False)
    spread = spread_candidates(first, merged.of_mention, merged.entities)
    assert spread == {"Oreshnik": "PRODUCT"}
    records = []
    for ai in range(len(stored)):
        article = read(ai)
        spread_names([article], spread)
        records.append(names_of(ai, article))
        stored[ai] = encode_article(article)
    table = merge_records(records)
    linked = []
    for ai in range(len(stored)):
        article = decode_article(stored[ai])
        table.count_references(link_article(article, ai, table))
        linked.append(article)
    assert msgspec.msgpack.encode(table.entities) == msgspec.msgpack.encode(stage.entities)
    assert _encoded(linked) == _encoded(stage.articles)
    varga = next(e.id for e in table.entities if "Helena Varga" in e.aliases)
    assert linked[1].quotes[0].speaker_entity == varga


def test_link_article_returns_the_references_it_adds() -> None:
    text = ("Defense Minister Victor Khrenin delivered a report. "
            "The minister said the complex was ready.")
    article = MentionStage()([Article(id="r", text=text)])[0]
    table = merge_records([names_of(0, article)])
    before = {e.id: e.mentions for e in table.entities}
    added = link_article(article, 0, table)
    assert [m.span.text for m in added] == ["The minister"]
    assert all(m.found_by == "reference" and m in article.mentions for m in added)
    table.count_references(added)
    khrenin = added[0].entity
    assert khrenin is not None
    assert table.by_id()[khrenin].mentions == before[khrenin] + 1
