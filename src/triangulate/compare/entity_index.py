"""Written names of entities, indexed so that resolving a name reads a few candidates.

A name as written (a speaker, a claim's subject) fits an entity when it equals one
of its names, sounds the same (other entities), or is a spelling of a person's name
or their surname alone. Every such fit shares a key that is cheap to compute on both
sides: the phonetic key of the whole name for things, the first letters of the
surname's phonetic key for people (two spellings of one surname always share them,
see :func:`similar_token`). Looking a name up is then a dictionary access and a few
exact comparisons, instead of one comparison with every name of the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from triangulate.compare.entity_names import (
    phonetic_key,
    same_person_name,
    similar_token,
    surname,
    surname_sound,
)

NameEntry = tuple[tuple[str, ...], str, bool]  # (name tokens, entity id, is a person)


def fits_person(tokens: tuple[str, ...], candidate: tuple[str, ...]) -> bool:
    """Whether a written name can mean the person named ``candidate``: the same name,
    a spelling of it, or (one word) a spelling of its surname."""
    if candidate == tokens:
        return True
    if len(tokens) == 1:
        return similar_token(tokens[0], surname(candidate))
    return same_person_name(tokens, candidate)


class NameIndex:
    """The names of some entities (a corpus's aliases, or one article's mentions)."""

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        # people by the sound of their surname; other entities by the sound of the name
        self._people: dict[str, dict[tuple[str, ...], set[str]]] = defaultdict(dict)
        self._things: dict[str, set[str]] = defaultdict(set)
        for tokens, entity, is_person in entries:
            if not tokens:
                continue  # fits nothing: a name to resolve always has tokens
            if is_person:
                self._people[surname_sound(tokens)].setdefault(tokens, set()).add(entity)
            else:
                self._things[phonetic_key(tokens)].add(entity)

    def matches(self, tokens: tuple[str, ...], person_only: bool = False) -> set[str]:
        """The entities with a name that ``tokens`` (not empty) fits."""
        found: set[str] = set()
        if not person_only:
            found.update(self._things.get(phonetic_key(tokens), ()))
        for candidate, entities in self._people.get(surname_sound(tokens), {}).items():
            if not entities <= found and fits_person(tokens, candidate):
                found |= entities
        return found
