"""The compact containers the entity merge keeps per mention."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triangulate.compare.entities import MentionEntities, RefList

refs = st.lists(st.tuples(st.integers(0, 2**30), st.integers(0, 2**20)), max_size=50)


@given(refs)
def test_ref_list_gives_back_what_was_appended(items: list[tuple[int, int]]) -> None:
    packed = RefList()
    for ref in items:
        packed.append(ref)
    assert list(packed) == items and len(packed) == len(items)
    if items:
        assert packed[0] == items[0] and packed[-1] == items[-1]


@given(st.dictionaries(st.tuples(st.integers(0, 500), st.integers(0, 300)),
                       st.sampled_from(["e1", "e2", "e3"]), max_size=60))
def test_mention_entities_is_a_mapping_of_references(links: dict[tuple[int, int], str]) -> None:
    table = MentionEntities()
    for ref, eid in links.items():
        table.set(ref, eid)
    assert dict(table.items()) == links and len(table) == len(links)
    assert list(table) == sorted(links)  # article by article, mention by mention


def test_a_mention_without_an_entity_is_missing() -> None:
    table = MentionEntities()
    table.set((3, 5), "e1")
    assert table.get((3, 4)) is None and table.get((3, 9)) is None
    assert table.get((2, 5)) is None and (3, 5) in table
    with pytest.raises(KeyError):
        table[(3, 0)]
