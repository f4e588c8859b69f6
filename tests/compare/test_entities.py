"""Corpus entities: each merge rule on small real-shaped cases, references, speakers."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from triangulate.compare.entities import (
    EntityStage,
    merge_mentions,
    merge_records,
    names_of,
    resolve_speaker,
)
from triangulate.compare.entity_index import NameIndex, fits_person
from triangulate.compare.entity_names import (
    acronym_letters,
    initials,
    name_key,
    name_tokens,
    phonetic_key,
    same_person_name,
    similar_token,
    sound_key,
    strip_descriptors,
    strip_title,
    surname_sound,
)
from triangulate.compare.entity_references import quoted_ranges
from triangulate.compare.entity_spread import spread_candidates, spread_names
from triangulate.extract.entities import MentionStage
from triangulate.model import Article, Corpus, Mention, Quote, normalise_text

# --- name rules, as pure functions -------------------------------------------------


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Victor Khrenin", "Viktor Khrenin", True),            # transliteration
    ("Alexander Lukashenko", "Aleksandr Lukashenko", True),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
    ("George W. Bush", "George Bush", True),                # middle initial dropped
    ("J. Smith", "John Smith", True),                       # an initial
    ("Chuck Schumer", "Charles E. Schumer", True),          # a nickname
    ("Mitt Romney", "Willard Mitt Romney", True),           # tail of the full name
    ("Hillary Clinton", "Bill Clinton", False),             # two people, one surname
    ("Alexander Lukashenko", "Viktor Lukashenko", False),
    ("Alexandra Ivanova", "Alexander Ivanov", False),       # gendered forms differ
    ("Donald Trump", "Donald Trump Jr.", False),            # father and son
    ("George W. Bush", "George H. W. Bush", False),
    ("Trump Jr.", "Donald Trump Jr.", True),
])
def test_same_person_name(a: str, b: str, same: bool) -> None:
    ta, tb = tuple(name_key(a).split()), tuple(name_key(b).split())
    assert same_person_name(ta, tb) is same
    assert same_person_name(tb, ta) is same


@pytest.mark.parametrize(("written", "bare"), [
    ("President Alexander Lukashenko", "Alexander Lukashenko"),
    ("Belarusian Defense Minister Victor Khrenin", "Victor Khrenin"),
    ("U.S. Secretary of State Antony Blinken", "Antony Blinken"),
    ("Mr. Trump", "Trump"),
    ("Sen. Elizabeth Warren", "Elizabeth Warren"),
    ("Minister", "Minister"),                               # never strip everything
])
def test_strip_title(written: str, bare: str) -> None:
    assert strip_title(written) == bare


@pytest.mark.parametrize(("written", "letters"), [
    ("NATO", "nato"), ("U.S.", "us"), ("BelTA", "belta"), ("BELTA", "belta"),
    ("Oreshnik", None), ("Belarus", None), ("A", None),
])
def test_acronym_letters(written: str, letters: str | None) -> None:
    assert acronym_letters(written) == letters


@pytest.mark.parametrize(("expansion", "letters"), [
    ("North Atlantic Treaty Organization", {"nato"}),
    ("Treaty on the Non-Proliferation", {"totnp", "tnp"}),   # with and without small words
    ("NATO", set()),                                        # one word expands nothing
])
def test_initials(expansion: str, letters: set[str]) -> None:
    assert initials(tuple(name_key(expansion).split())) == letters


@pytest.mark.parametrize(("name", "core"), [
    ("BelTA news agency", "belta"), ("Fox News", "fox news"), ("Acme Corp", "acme"),
])
def test_strip_descriptors(name: str, core: str) -> None:
    assert " ".join(strip_descriptors(tuple(name_key(name).split()))) == core


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Wal-Mart", "Walmart", True), ("Zelensky", "Zelenskyy", True),
    ("N.J.", "N.Y.", False), ("Austria", "Australia", False),
])
def test_sound_key(a: str, b: str, same: bool) -> None:
    ka, kb = sound_key(tuple(name_key(a).split())), sound_key(tuple(name_key(b).split()))
    assert (ka is not None and ka == kb) is same


# --- looking written names up among entities ---------------------------------------

NAMES: list[tuple[str, str, bool]] = [  # (alias, entity, is a person)
    ("Victor Khrenin", "e1", True), ("Viktor Khrenin", "e1", True), ("Khrenin", "e1", True),
    ("Hillary Clinton", "e2", True), ("Bill Clinton", "e3", True),
    ("Donald Trump", "e4", True), ("Donald Trump Jr.", "e5", True),
    ("Volodymyr Zelenskyy", "e6", True), ("Zelenskyy", "e6", True),
    ("NATO", "e7", False), ("Wal-Mart", "e8", False), ("Walmart", "e8", False),
    ("Khrenin Institute", "e9", False), ("Ivanova", "e10", True), ("Ivanov", "e11", True),
]


@pytest.mark.parametrize(("written", "person_only", "found"), [
    ("Viktor Khrenin", True, {"e1"}),
    ("Chrenin", True, {"e1"}),                     # c and k sound alike
    ("Krenin", True, set()),                       # close, but starts otherwise
    ("Clinton", True, {"e2", "e3"}),               # a surname two people share
    ("William Clinton", True, {"e3"}),             # a nickname
    ("Donald Trump", True, {"e4"}),                # not his son
    ("Trump", True, {"e4", "e5"}),
    ("Zelensky", True, {"e6"}),                    # a spelling of the surname
    ("Ivanova", True, {"e10"}),                    # a gendered ending is another person
    ("NATO", False, {"e7"}), ("NATO", True, set()),
    ("Wal Mart", False, {"e8"}),
    ("Khrenin Institute", False, {"e9"}), ("Khrenin Institute", True, set()),
    ("Lukashenko", False, set()),
])
def test_name_index_finds_the_entities_a_name_fits(written: str, person_only: bool,
                                                   found: set[str]) -> None:
    index = NameIndex((name_tokens(a), e, p) for a, e, p in NAMES)
    assert index.matches(name_tokens(written), person_only) == found


def _fits_by_comparing_all(tokens: tuple[str, ...], person_only: bool) -> set[str]:
    """What the index must give: every name compared with the written one."""
    found = set()
    for alias, entity, is_person in NAMES:
        cand = name_tokens(alias)
        if is_person:
            ok = fits_person(tokens, cand)
        else:
            ok = not person_only and phonetic_key(cand) == phonetic_key(tokens)
        if ok:
            found.add(entity)
    return found


@pytest.mark.parametrize("person_only", [False, True])
def test_name_index_agrees_with_comparing_every_name(person_only: bool) -> None:
    index = NameIndex((name_tokens(a), e, p) for a, e, p in NAMES)
    written = [a for a, _, _ in NAMES] + ["Zelensky", "Trump", "Clinton", "Walmart Inc"]
    for text in written:
        tokens = name_tokens(text)
        assert index.matches(tokens, person_only) == _fits_by_comparing_all(
            tokens, person_only), text


@pytest.mark.parametrize(("a", "b"), [
    ("khrenin", "chrenin"), ("zelensky", "zelenskyy"), ("aleksandr", "alexander"),
    ("ivanova", "ivanov"), ("lukashenko", "lukashenka"), ("jo", "yo"), ("x", "ks"),
])
def test_similar_surnames_share_their_sound(a: str, b: str) -> None:
    # the index only compares names in one bucket: similar ones must share it
    if similar_token(a, b):
        assert surname_sound((a,)) == surname_sound((b,))


def test_quoted_ranges_tell_apostrophes_from_closing_quotes() -> None:
    text = "‘This nation’s sovereignty matters,’ he said. Belarus’ army “is ready”."
    inside = [text[a:b] for a, b in quoted_ranges(text)]
    assert inside == ["‘This nation’s sovereignty matters,’", "“is ready”"]


# --- merging mentions into entities ------------------------------------------------


def _article(aid: str, text: str, names: list[tuple[str, str]]) -> Article:
    """An article with mentions at the successive free occurrences of each name."""
    article = Article(id=aid, text=text)
    taken: list[tuple[int, int]] = []
    for name, label in names:
        for match in re.finditer(re.escape(name), text):
            s, e = match.span()
            if not any(a < e and s < b for a, b in taken):
                break
        else:
            raise AssertionError(f"no free {name!r} in {text!r}")
        taken.append((s, e))
        article.mentions.append(Mention(span=article.span(s, e), label=label))
    article.mentions.sort(key=lambda m: m.span.start)
    return article


def _groups(articles: list[Article]) -> list[set[str]]:
    table = merge_mentions(articles, with_profiles=False)
    by_entity: dict[str, set[str]] = {}
    for (ai, mi), eid in table.of_mention.items():
        by_entity.setdefault(eid, set()).add(articles[ai].mentions[mi].span.text)
    return sorted(by_entity.values(), key=lambda s: sorted(s))


def _together(groups: list[set[str]], *names: str) -> bool:
    return any(set(names) <= g for g in groups)


MERGE_CASES = [
    pytest.param(  # spelling / transliteration across reports
        [("a", "Defense Minister Victor Khrenin spoke.", [("Victor Khrenin", "PERSON")]),
         ("b", "Viktor Khrenin spoke too.", [("Viktor Khrenin", "PERSON")])],
        [("Victor Khrenin", "Viktor Khrenin")], [], id="transliteration"),
    pytest.param(  # a title inside the mention
        [("a", "President Alexander Lukashenko agreed.",
          [("President Alexander Lukashenko", "PERSON")]),
         ("b", "Alexander Lukashenko agreed.", [("Alexander Lukashenko", "PERSON")])],
        [("President Alexander Lukashenko", "Alexander Lukashenko")], [], id="title"),
    pytest.param(  # inflected / plural form of a long product name
        [("a", "The Oreshnik is deployed.", [("Oreshnik", "PRODUCT")]),
         ("b", "The Oreshniki are deployed.", [("Oreshniki", "PRODUCT")])],
        [("Oreshnik", "Oreshniki")], [], id="plural"),
    pytest.param(  # acronym and expansion, case, descriptor
        [("a", "The North Atlantic Treaty Organization met. BelTA news agency said so.",
          [("North Atlantic Treaty Organization", "ORG"), ("BelTA news agency", "ORG")]),
         ("b", "NATO met, BELTA reported, citing BelTA.",
          [("NATO", "ORG"), ("BELTA", "ORG"), ("BelTA", "ORG")])],
        [("North Atlantic Treaty Organization", "NATO"),
         ("BelTA news agency", "BELTA", "BelTA")], [], id="acronym"),
    pytest.param(  # a surname alone, mislabelled, in another report
        [("a", "Victor Khrenin said it. Khrenin added more.",
          [("Victor Khrenin", "PERSON"), ("Khrenin", "ORG")]),
         ("b", "Khrenin said it again.", [("Khrenin", "PERSON")])],
        [("Victor Khrenin", "Khrenin")], [], id="surname"),
    pytest.param(  # nationality and country stay apart; plural nationality joins
        [("a", "Russia said Russians and a Russian agree.",
          [("Russia", "GPE"), ("Russians", "NORP"), ("Russian", "NORP")])],
        [("Russians", "Russian")], [("Russia", "Russian")], id="nationality"),
    pytest.param(  # father and son
        [("a", "Donald Trump Jr. met Donald Trump.",
          [("Donald Trump Jr.", "PERSON"), ("Donald Trump", "PERSON")])],
        [], [("Donald Trump Jr.", "Donald Trump")], id="junior"),
    pytest.param(  # initials of two places
        [("a", "From N.J. to N.Y. by train.", [("N.J.", "GPE"), ("N.Y.", "GPE")])],
        [], [("N.J.", "N.Y.")], id="initials"),
    pytest.param(  # a surname labelled ORG that speaks, in a report naming no one
        [("a", "Governor Helena Varga visited the dam.", [("Helena Varga", "PERSON")]),
         ("b", "\"Everyone is safe,\" Varga said.", [("Varga", "ORG")])],
        [("Helena Varga", "Varga")], [], id="speaking-surname"),
    pytest.param(  # the same word, labelled ORG and not speaking, stays apart
        [("a", "Governor Helena Varga visited the dam.", [("Helena Varga", "PERSON")]),
         ("b", "Shares of Varga rose on Monday.", [("Varga", "ORG")])],
        [], [("Helena Varga", "Varga")], id="silent-org-surname"),
    pytest.param(  # two people share the surname: speaking does not pick one
        [("a", "Governor Helena Varga visited.", [("Helena Varga", "PERSON")]),
         ("b", "Mayor Istvan Varga visited.", [("Istvan Varga", "PERSON")]),
         ("c", "\"Everyone is safe,\" Varga said.", [("Varga", "ORG")])],
        [], [("Helena Varga", "Varga"), ("Istvan Varga", "Varga"),
             ("Helena Varga", "Istvan Varga")], id="speaking-shared-surname"),
    pytest.param(  # an outlet is not a person who shares its word
        [("a", "Fox News reported that Vicente Fox spoke.",
          [("Fox News", "ORG"), ("Vicente Fox", "PERSON")])],
        [], [("Fox News", "Vicente Fox")], id="outlet"),
]


@pytest.mark.parametrize(("articles", "together", "apart"), MERGE_CASES)
def test_merge_rules(articles: list[tuple[str, str, list[tuple[str, str]]]],
                     together: list[tuple[str, ...]], apart: list[tuple[str, ...]]) -> None:
    groups = _groups([_article(*a) for a in articles])
    for names in together:
        assert _together(groups, *names), (names, groups)
    for names in apart:
        assert not _together(groups, *names), (names, groups)


def test_people_sharing_a_surname_stay_apart() -> None:
    articles = [
        _article("a", "Hillary Clinton spoke. Clinton said more.",
                 [("Hillary Clinton", "PERSON"), ("Clinton", "PERSON")]),
        _article("b", "Bill Clinton spoke. Clinton said more.",
                 [("Bill Clinton", "PERSON"), ("Clinton", "PERSON")]),
        _article("c", "Hillary Clinton and Bill Clinton came. Clinton spoke.",
                 [("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON"),
                  ("Clinton", "PERSON")]),
        _article("d", "Clinton spoke.", [("Clinton", "PERSON")]),
    ]
    table = merge_mentions(articles, with_profiles=False)
    of = table.of_mention
    hillary, bill = of[(0, 0)], of[(1, 0)]
    assert hillary != bill
    assert of[(0, 1)] == hillary            # the one its article names
    assert of[(1, 1)] == bill
    assert of[(2, 2)] not in (hillary, bill)  # both named there: not clear
    assert of[(3, 0)] not in (hillary, bill)  # neither named, neither dominant


def test_a_title_picks_among_people_sharing_a_surname() -> None:
    articles = [
        _article("a", "President Donald Trump spoke.", [("Donald Trump", "PERSON")]),
        _article("b", "Melania Trump spoke.", [("Melania Trump", "PERSON")]),
        _article("c", "Later President Trump left.", [("Trump", "ORG")]),
    ]
    of = merge_mentions(articles, with_profiles=False).of_mention
    assert of[(2, 0)] == of[(0, 0)] != of[(1, 0)]


def test_entity_fields_name_type_aliases_articles() -> None:
    articles = [
        _article("a", "Victor Khrenin spoke. Khrenin left. Khrenin returned.",
                 [("Victor Khrenin", "PERSON"), ("Khrenin", "ORG"), ("Khrenin", "ORG")]),
        _article("b", "Viktor Khrenin spoke.", [("Viktor Khrenin", "PERSON")]),
        _article("c", "The Oreshnik and the Oreshnik and Oreshnik.",
                 [("Oreshnik", "PERSON"), ("Oreshnik", "PERSON"), ("Oreshnik", "ORG")]),
    ]
    entities = merge_mentions(articles, with_profiles=False).entities
    khrenin = next(e for e in entities if "Khrenin" in e.aliases)
    assert khrenin.name == "Victor Khrenin"
    assert khrenin.type == "PERSON"     # a full person name outweighs ORG labels
    assert khrenin.aliases == ["Khrenin", "Victor Khrenin", "Viktor Khrenin"]
    assert khrenin.articles == ["a", "b"] and khrenin.mentions == 4
    oreshnik = next(e for e in entities if e.name == "Oreshnik")
    assert oreshnik.type == "ORG"       # one word, no first name, no title: not a person
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]


def test_names_missed_in_one_report_are_spread_from_the_others() -> None:
    articles = [
        _article("a", "The Oreshnik is ready. Western capitals fear the Oreshnik.",
                 [("Oreshnik", "PRODUCT"), ("Western", "NORP"), ("Oreshnik", "PRODUCT")]),
        _article("b", "Western officials saw the Oreshniki. Oreshnik is here, in western Europe.",
                 [("Western", "NORP")]),
    ]
    records = [names_of(ai, a, profiles=False) for ai, a in enumerate(articles)]
    first = merge_records(records, with_profiles=False)
    names = spread_candidates(records, first.of_mention, first.entities)
    assert names == {"Oreshnik": "PRODUCT"}   # "western" is also written in lower case
    assert spread_names(articles, names) == 2
    assert [m.span.text for m in articles[1].mentions] == ["Western", "Oreshniki", "Oreshnik"]
    groups = _groups(articles)
    assert _together(groups, "Oreshnik", "Oreshniki")
    assert spread_names(articles, names) == 0   # nothing twice


@pytest.mark.parametrize(("text", "found"), [
    ("we saw the Oreshnik there.", ["Oreshnik"]),
    ("we saw two Oreshniks and Oreshniki there.", ["Oreshniks", "Oreshniki"]),
    ("we saw the Oreshnikes there.", ["Oreshnikes"]),
    ("we saw an anti-Oreshnik shield and Oreshnik-M there.", []),   # part of a word
    ("we saw Oreshnik2 and xOreshnik there.", []),
    ("we saw Khrenins there, and Khrenin.", ["Khrenin"]),   # a person takes no ending
    ("we saw Boks there.", []),                             # too short to inflect
])
def test_spread_names_match_whole_words(text: str, found: list[str]) -> None:
    article = Article(id="s", text=text)
    spread_names([article], {"Oreshnik": "PRODUCT", "Khrenin": "PERSON", "Bok": "ORG"})
    assert [m.span.text for m in article.mentions] == found


# --- references and speakers (these parse with spaCy) ------------------------------

TEXT = (
    "Belarusian Defense Minister Victor Khrenin delivered a report to President "
    "Alexander Lukashenko on Friday.\n"
    "The minister said the missile complex was ready for combat duty.\n"
    "Lukashenko welcomed the report. The Belarusian leader called it a milestone.\n"
    "Maria Ivanova, a defense analyst at a Minsk institute, was not convinced. "
    "She said the system was untested.\n"
    "“He is wrong,” Khrenin said of a critic."
)


def _analysed(text: str = TEXT) -> tuple[Corpus, Article]:
    article = Article(id="r1", text=text)
    corpus = Corpus(articles=MentionStage()([article]))
    EntityStage()(corpus)
    return corpus, article


def _entity_of_name(corpus: Corpus, alias: str) -> str:
    return next(e.id for e in corpus.entities if alias in e.aliases)


@pytest.mark.parametrize(("reference", "alias"), [
    ("The minister", "Victor Khrenin"),
    ("The Belarusian leader", "Alexander Lukashenko"),
    ("She", "Maria Ivanova"),
])
def test_role_nouns_and_pronouns_become_linked_mentions(reference: str, alias: str) -> None:
    corpus, article = _analysed()
    linked = {m.span.text: m.entity for m in article.mentions}
    assert linked.get(reference) == _entity_of_name(corpus, alias)
    assert all(m.label == "PERSON" for m in article.mentions if m.span.text == reference)


def test_pronoun_inside_a_quote_is_not_linked() -> None:
    _, article = _analysed()
    start = TEXT.index("“He is")
    assert not any(m.span.start == start + 1 for m in article.mentions)


def test_stage_is_idempotent_and_every_mention_has_an_entity() -> None:
    corpus, article = _analysed()
    first = ([(e.id, e.name, e.mentions) for e in corpus.entities],
             [(m.span.start, m.entity) for m in article.mentions])
    EntityStage()(corpus)
    second = ([(e.id, e.name, e.mentions) for e in corpus.entities],
              [(m.span.start, m.entity) for m in article.mentions])
    assert first == second
    ids = {e.id for e in corpus.entities}
    assert all(m.entity in ids for m in article.mentions)


@pytest.mark.parametrize(("speaker", "anchor", "alias"), [
    ("Defense Minister Victor Khrenin", None, "Victor Khrenin"),
    ("Khrenin", None, "Victor Khrenin"),
    ("President Lukashenko", None, "Alexander Lukashenko"),
    ("the minister", "The minister said", "Victor Khrenin"),
    ("she", "She said", "Maria Ivanova"),
    ("a senior EU official", None, None),
    ("Vladimir Putin", None, None),
])
def test_resolve_speaker(speaker: str, anchor: str | None, alias: str | None) -> None:
    corpus, article = _analysed()
    at = TEXT.index(anchor) if anchor else None
    found = resolve_speaker(article, speaker, corpus.entities, at=at)
    assert found == (_entity_of_name(corpus, alias) if alias else None)


def test_quote_speakers_are_linked() -> None:
    article = Article(id="q1", text=TEXT)
    start = TEXT.index("He is wrong")
    said = TEXT.index("Khrenin said")
    article.quotes = [Quote(id="q1-1", span=article.span(start, start + 11),
                            speaker="Khrenin", speaker_span=article.span(said, said + 7))]
    corpus = Corpus(articles=MentionStage()([article]))
    EntityStage()(corpus)
    assert article.quotes[0].speaker_entity == _entity_of_name(corpus, "Victor Khrenin")


# --- the five seed reports ---------------------------------------------------------


def test_seed_reports(seeds_dir: Path) -> None:
    articles = [Article(id=p.stem, text=normalise_text(p.read_text(encoding="utf-8")))
                for p in sorted(seeds_dir.glob("*.txt"))]
    assert articles, f"no .txt files in {seeds_dir}"
    started = time.perf_counter()
    corpus = EntityStage()(Corpus(articles=MentionStage()(articles)))
    assert time.perf_counter() - started < 60
    ids = {e.id for e in corpus.entities}
    assert len(ids) == len(corpus.entities)
    for article in articles:
        assert article.annotated_by == ["mentions"]
        for m in article.mentions:
            assert m.entity in ids
            assert m.span.text == article.text[m.span.start:m.span.end]
    aliases = Counter(a for e in corpus.entities for a in e.aliases)
    assert all(n == 1 for n in aliases.values()), aliases.most_common(3)
    multi = [e for e in corpus.entities if len(e.articles) >= 3]
    assert len(multi) >= 3
    # the people quoted across the reports are each one entity, however written
    people = [e for e in multi if e.type == "PERSON"]
    assert len(people) >= 2
    assert all(e.mentions >= len(e.articles) for e in corpus.entities)
