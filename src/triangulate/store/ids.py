"""Article ids when ingest meets an id already taken by other content."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec
from msgspec import Struct

from triangulate.model import Article, Span

if TYPE_CHECKING:
    from triangulate.store.base import AddResult


def fresh_id(wanted: str, taken: Callable[[str], bool]) -> str:
    """``<wanted>-2``, ``<wanted>-3``, ... : the first that ``taken`` says is free."""
    n = 2
    while taken(candidate := f"{wanted}-{n}"):
        n += 1
    return candidate


def rename_article(article: Article, new_id: str) -> None:
    """Give ``article`` a new id, and its own spans too so they still name their article.

    Walks every struct in the annotations rather than listing span fields, so fields
    added to the model later are covered.
    """
    old = article.id
    article.id = new_id
    _retarget(article, old, new_id)  # Article is not frozen: changed in place


def _retarget(value: object, old: str, new: str) -> object:
    if isinstance(value, Span):
        return msgspec.structs.replace(value, article=new) if value.article == old else value
    if isinstance(value, list):
        items = [_retarget(v, old, new) for v in value]
        if any(a is not b for a, b in zip(items, value, strict=True)):
            value[:] = items  # in place: the caller's list objects stay the same
        return value
    if isinstance(value, Struct):
        changes = {}
        for field in value.__struct_fields__:
            current = getattr(value, field)
            updated = _retarget(current, old, new)
            if updated is not current:
                changes[field] = updated
        if not changes:
            return value
        if value.__struct_config__.frozen:
            return msgspec.structs.replace(value, **changes)
        for field, updated in changes.items():
            setattr(value, field, updated)
        return value
    return value


def place_new(batch: list[Article], by_hash: dict[str, str], taken: set[str],
              stored: Callable[[str], bool], result: AddResult) -> list[Article]:
    """The articles of ``batch`` to insert, each with a free id, recording duplicates
    (content already stored or earlier in the batch: ``by_hash``) and renames in
    ``result``. ``taken`` holds the batch's ids already stored; ``stored`` asks the
    store about any other id."""
    asked = {a.id for a in batch}

    def is_taken(candidate: str) -> bool:
        # ids asked for in this batch are kept for the articles that ask for them
        return candidate in taken or candidate in asked or stored(candidate)

    new: list[Article] = []
    for article in batch:
        known = by_hash.get(article.content_hash)
        if known is not None:
            result.duplicates[article.id] = known
            continue
        if article.id in taken:
            requested = article.id
            rename_article(article, fresh_id(requested, is_taken))
            result.renamed[requested] = article.id
        taken.add(article.id)
        by_hash[article.content_hash] = article.id
        new.append(article)
        result.added.append(article.id)
    return new
