"""Places written with their country: a corpus-wide fact kept on the place's entity."""

from __future__ import annotations

import pytest

from triangulate.compare.entities import EntityStage
from triangulate.compare.places import country_of, located_in, name_key
from triangulate.model import Article, Corpus, Entity, Mention


def _article(aid: str, text: str, places: dict[str, str]) -> Article:
    art = Article(id=aid, text=text)
    art.mentions = [Mention(span=art.span(text.index(name), text.index(name) + len(name)),
                            label="GPE", entity=eid) for name, eid in places.items()]
    return art


ENTITIES = {"e1": Entity(id="e1", name="Brest", type="GPE"),
            "e2": Entity(id="e2", name="Belarus", type="GPE"),
            "e3": Entity(id="e3", name="Minsk", type="GPE"),
            "e4": Entity(id="e4", name="France", type="GPE")}


@pytest.mark.parametrize(("text", "places", "expected"), [
    ("Troops gathered in Brest, Belarus, on Monday.", {"Brest": "e1", "Belarus": "e2"},
     {"e1": "belarus"}),
    ("Troops gathered in Brest and Belarus.", {"Brest": "e1", "Belarus": "e2"}, {}),
    ("Talks in Belarus, France followed.", {"Belarus": "e2", "France": "e4"}, {}),  # two countries
    ("Minsk, Brest and Grodno were named.", {"Minsk": "e3", "Brest": "e1"}, {}),
])
def test_a_place_followed_by_its_country_is_in_it(text: str, places: dict[str, str],
                                                 expected: dict[str, str]) -> None:
    assert located_in([_article("a", text, places)], ENTITIES) == expected


def test_the_first_country_written_for_a_place_is_kept() -> None:
    articles = [_article("a", "In Brest, Belarus.", {"Brest": "e1", "Belarus": "e2"}),
                _article("b", "In Brest, France.", {"Brest": "e1", "France": "e4"})]
    assert located_in(articles, ENTITIES) == {"e1": "belarus"}


def test_country_names_and_short_forms() -> None:
    assert country_of({"belarus"}) == "belarus"
    assert country_of({name_key("the U.S.")}) == "united states"
    assert country_of({"georgia"}) is None  # as often a US state
    assert country_of({"minsk"}) is None


def test_entity_stage_keeps_the_country_on_the_place_for_the_whole_corpus() -> None:
    articles = [_article("a", "Troops gathered in Brest, Belarus, on Monday.",
                         {"Brest": "x", "Belarus": "y"}),
                _article("b", "The bridge in Brest reopened.", {"Brest": "x"})]
    for art in articles:
        for m in art.mentions:
            m.entity = None
    corpus = EntityStage()(Corpus(articles=articles))
    by_name = {e.name: e for e in corpus.entities}
    assert by_name["Brest"].within == "belarus"
    assert by_name["Belarus"].within is None
