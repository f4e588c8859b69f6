"""Places and their countries, as far as the corpus says.

A place written with its country ("Brest, Belarus") is placed in that country for the
whole corpus, so that two reports naming Brest and Minsk are not taken to disagree
about where something happened. The fact is corpus-wide but each article adds to it
on its own (:func:`add_located`), so it can be gathered while articles stream past;
the entity stage keeps it on the place's entity (``Entity.within``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from triangulate.model import Article, Entity

PLACE_TYPES = frozenset({"GPE", "LOC"})
# country names that as often name something else: a US state, a person, a river
AMBIGUOUS_COUNTRIES = frozenset({"georgia", "jordan", "chad", "niger", "jersey", "guinea"})
# common short names of countries that the locale data spells in full
COUNTRY_ALIASES = {"us": "united states", "u s": "united states", "usa": "united states",
                   "america": "united states", "uk": "united kingdom",
                   "u k": "united kingdom", "britain": "united kingdom",
                   "great britain": "united kingdom"}
_NON_WORD = re.compile(r"[^\w\s]")


def name_key(name: str) -> str:
    """A name as compared: lower case, no punctuation, no leading "the"."""
    words = _NON_WORD.sub(" ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def entity_names(entity: Entity | None, entity_id: str = "") -> set[str]:
    """Every name of an entity as :func:`name_key` gives it (its id when unknown)."""
    names = {entity_id} if entity is None else {entity.name, *entity.aliases}
    return {k for k in (name_key(n) for n in names) if k}


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """English names of the world's countries, from the locale data Babel ships."""
    try:
        from babel import Locale  # a dependency of the HTML reader's URL tools
    except ImportError:
        return frozenset()
    names = {name_key(n) for code, n in Locale("en").territories.items()
             if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "ZZ"}}
    return frozenset((names | set(COUNTRY_ALIASES.values())) - AMBIGUOUS_COUNTRIES)


def country_of(names: set[str]) -> str | None:
    """The country these names name, if one of them is a country's."""
    known = country_names()
    for n in names:
        n = COUNTRY_ALIASES.get(n, n)
        if n in known:
            return n
    return None


def add_located(article: Article, entities: Mapping[str, Entity], out: dict[str, str]) -> None:
    """Add the places one article writes with their country ("Brest, Belarus") to
    ``out`` (place entity id -> country); a place keeps the first country found."""
    places = sorted((m for m in article.mentions if m.entity and m.label in PLACE_TYPES),
                    key=lambda m: m.span.start)
    for first, second in zip(places, places[1:], strict=False):
        between = article.text[first.span.end:second.span.start]
        if between.strip() != "," or first.entity == second.entity:
            continue
        assert first.entity is not None and second.entity is not None
        country = country_of(entity_names(entities.get(second.entity), second.entity))
        if country and not country_of(entity_names(entities.get(first.entity), first.entity)):
            out.setdefault(first.entity, country)


def located_in(articles: Iterable[Article], entities: Mapping[str, Entity]) -> dict[str, str]:
    """Places the articles write with their country: place entity id -> country."""
    out: dict[str, str] = {}
    for article in articles:
        add_located(article, entities, out)
    return out
