"""Every engine annotates articles exactly as the in-process one does.

Input: the demo corpus (always shipped) plus one seed report where ../shared is present,
in batches of 2, so the engines must keep batch order and boundaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import triangulate
from triangulate.errors import TriangulateError
from triangulate.model import Article, decode_article, encode_article
from triangulate.pipeline.engine import Engine, LocalEngine, PoolEngine, make_engine
from triangulate.pipeline.registry import DEFAULT_ARTICLE_STAGES
from triangulate.readers import read_inputs

BATCH = 2


def _read(path: Path) -> list[Article]:
    found = [a for a in read_inputs([path]) if isinstance(a, Article)]
    assert found, f"no article read from {path}"
    return found


@pytest.fixture(scope="module")
def articles(request: pytest.FixtureRequest) -> list[Article]:
    demo = Path(triangulate.__file__).parent / "demo" / "articles"
    found = _read(demo)
    try:
        seeds: Path = request.getfixturevalue("seeds_dir")
    except pytest.skip.Exception:
        return found  # the demo corpus alone still checks every engine
    return found + _read(sorted(seeds.glob("0*.txt"))[0])


def _batches(articles: list[Article]) -> Iterator[list[Article]]:
    # copies: stages annotate in place, and each engine must start from the same input
    copies = [decode_article(encode_article(a)) for a in articles]
    for start in range(0, len(copies), BATCH):
        yield copies[start:start + BATCH]


def _run(engine: Engine, articles: list[Article]) -> list[list[Article]]:
    try:
        return list(engine.map_batches(DEFAULT_ARTICLE_STAGES, _batches(articles)))
    finally:
        engine.close()


@pytest.fixture(scope="module")
def local_result(articles: list[Article]) -> list[list[Article]]:
    result = _run(LocalEngine(), articles)
    assert [len(b) for b in result] == [len(b) for b in _batches(articles)]
    assert all(set(DEFAULT_ARTICLE_STAGES) <= set(a.annotated_by) for b in result for a in b)
    assert any(a.claims for b in result for a in b)  # the stages really ran
    return result


def test_pool_engine_matches_local(articles: list[Article],
                                   local_result: list[list[Article]]) -> None:
    assert _run(PoolEngine(workers=2), articles) == local_result


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'triangulate[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING", log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def test_ray_engine_matches_local(local_ray: None, articles: list[Article],
                                  local_result: list[list[Article]]) -> None:
    from triangulate.pipeline.ray_engine import RayEngine

    # actors annotate 3 at a time: the engine must still give back the caller's batches
    assert _run(RayEngine(workers=2, batch_size=3), articles) == local_result


def test_ray_engine_with_nothing_to_do(local_ray: None) -> None:
    from triangulate.pipeline.ray_engine import RayEngine

    assert list(RayEngine(workers=1).map_batches(DEFAULT_ARTICLE_STAGES, [])) == []
    assert list(RayEngine(workers=1).map_batches(DEFAULT_ARTICLE_STAGES, [[], []])) == [[], []]


@pytest.mark.parametrize(("order", "sizes"), [
    ([0, 1, 2, 3, 4], [2, 3]),
    ([4, 3, 2, 1, 0], [2, 3]),
    ([2, 0, 4, 1, 3], [1, 0, 4]),
    ([1, 0], [2, 0]),
])
def test_ray_rows_in_any_order_make_the_callers_batches(order: list[int],
                                                        sizes: list[int]) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'triangulate[ray]')")
    from triangulate.pipeline.ray_engine import _regroup

    rows = [(n, encode_article(Article(id=f"a{n}", text=f"Text {n}."))) for n in order]
    batches = list(_regroup(rows, sizes))
    assert [len(b) for b in batches] == sizes
    assert [a.id for b in batches for a in b] == [f"a{n}" for n in range(sum(sizes))]


def test_make_engine_by_name() -> None:
    assert isinstance(make_engine(1), LocalEngine)
    assert isinstance(make_engine(3), PoolEngine)
    assert isinstance(make_engine(3, "local"), LocalEngine)
    assert isinstance(make_engine(1, "pool"), PoolEngine)
    with pytest.raises(TriangulateError) as err:
        make_engine(2, "spark")
    assert err.value.code == "T204" and "ray" in str(err.value)
