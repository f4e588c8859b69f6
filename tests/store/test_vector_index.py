"""The faiss vector file: round trip, search, replace and remove, crash-safe and checked
writes, and the clear errors for a file that cannot be used."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from triangulate.errors import TriangulateError

pytest.importorskip("faiss", reason="faiss-cpu is not installed (the postgres extra)")

from triangulate.store.vector_index import FaissVectorIndex  # noqa: E402


def _unit(rows: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(rows, dim))
    return m / np.linalg.norm(m, axis=1, keepdims=True)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "vectors.faiss"


def test_vectors_round_trip_through_the_file(path: Path) -> None:
    vectors = _unit(5)
    keys = [3, 1, 40, 7, 2**40]
    index = FaissVectorIndex(path, owner="store-a")
    index.put(keys, vectors.tolist())
    index.save()
    again = FaissVectorIndex(path, owner="store-a")
    assert len(again) == 5 and again.dim == 8 and 40 in again and 41 not in again
    got = again.get([2**40, 3, 99])
    assert sorted(got) == [3, 2**40]  # unknown keys are left out
    np.testing.assert_allclose(got[3], vectors[0], rtol=0, atol=1e-6)
    np.testing.assert_allclose(got[2**40], vectors[4], rtol=0, atol=1e-6)


def test_nearest_ranks_by_cosine(path: Path) -> None:
    index = FaissVectorIndex(path)
    index.put([10, 20, 30], [[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 1.0]])
    # the query's length does not matter: it is made unit length first
    found = index.nearest([2.0, 0.0, 0.0], k=2)
    assert [k for k, _ in found] == [10, 20]
    assert found[0][1] == pytest.approx(1.0) and found[1][1] == pytest.approx(0.6)
    assert [k for k, _ in index.nearest([0.0, 0.1, 1.0], k=10)] == [30, 20, 10]
    assert index.nearest([1.0, 0.0, 0.0], k=0) == []
    assert FaissVectorIndex(path.with_name("empty.faiss")).nearest([1.0], k=3) == []


def test_put_replaces_and_remove_forgets(path: Path) -> None:
    index = FaissVectorIndex(path)
    index.put([1, 2], [[1.0, 0.0], [0.0, 1.0]])
    index.put([1], [[0.0, -1.0]])
    index.put([5, 5], [[1.0, 0.0], [0.6, 0.8]])  # a key given twice keeps its last vector
    assert len(index) == 3
    np.testing.assert_allclose(index.get([1])[1], [0.0, -1.0])
    np.testing.assert_allclose(index.get([5])[5], [0.6, 0.8], atol=1e-6)
    index.remove([2, 99])
    assert sorted(index.get([1, 2, 5])) == [1, 5]
    index.save()
    again = FaissVectorIndex(path)
    assert sorted(again.get([1, 2, 5])) == [1, 5]
    assert [k for k, _ in again.nearest([0.0, -1.0], k=3)] == [1, 5]


def test_nothing_to_save_writes_no_file(path: Path) -> None:
    index = FaissVectorIndex(path)
    index.save()
    assert not path.exists()
    index.put([1], [[1.0, 0.0]])
    index.remove([1])
    index.save()  # an empty index is written: another process may have to forget key 1
    assert len(FaissVectorIndex(path)) == 0


def test_dimension_mismatch_is_a_clear_error(path: Path) -> None:
    index = FaissVectorIndex(path)
    index.put([1], [[1.0, 0.0, 0.0]])
    with pytest.raises(TriangulateError) as err:
        index.put([2], [[1.0, 0.0]])
    assert err.value.code == "T107"
    assert str(path) in str(err.value) and "dimension 3, not 2" in str(err.value)
    assert len(index) == 1


def test_crash_before_replace_leaves_the_old_file(path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    index = FaissVectorIndex(path)
    index.put([1], [[1.0, 0.0]])
    index.save()
    before = path.read_bytes()
    index.put([2], [[0.0, 1.0]])

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(TriangulateError) as err:
        index.save()
    assert err.value.code == "T106" and "No space left" in str(err.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(FaissVectorIndex(path).get([1, 2])) == [1]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, f"{path.name}.lock"]
    index.save()  # the change is still pending and goes out with the next save
    assert sorted(FaissVectorIndex(path).get([1, 2])) == [1, 2]


def _saved(path: Path) -> bytes:
    index = FaissVectorIndex(path, owner="s1")
    index.put([1, 2], _unit(2, 4))
    index.save()
    return path.read_bytes()


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda b: b[: len(b) // 2], "truncated"),
    (lambda b: b[:-10] + bytes(10), "checksum mismatch"),
    (lambda b: b"\x00" * len(b), "not a triangulate vector file"),
    (lambda b: b"TRIANGULATE-VECTORS 1\n{not json\n", "bad header"),
    (lambda b: b"", "not a triangulate vector file"),
])
def test_damaged_file_is_a_clear_error(path: Path, damage: object, reason: str) -> None:
    path.write_bytes(damage(_saved(path)))  # type: ignore[operator]
    with pytest.raises(TriangulateError) as err:
        FaissVectorIndex(path, owner="s1")
    assert err.value.code == "T106"
    assert str(path) in str(err.value) and reason in str(err.value)
    assert "delete it" in str(err.value)


def test_file_of_another_owner_is_refused(path: Path) -> None:
    _saved(path)
    with pytest.raises(TriangulateError, match="another store"):
        FaissVectorIndex(path, owner="s2")


def test_unreadable_file_is_a_clear_error(path: Path) -> None:
    path.mkdir()  # a folder where the file should be: reading it fails
    with pytest.raises(TriangulateError) as err:
        FaissVectorIndex(path)
    assert err.value.code == "T106" and str(path) in str(err.value)


def test_two_handles_on_one_file_keep_each_others_vectors(path: Path) -> None:
    """Two processes sharing a file: each save merges what the other saved."""
    a, b = FaissVectorIndex(path), FaissVectorIndex(path)
    a.put([1], [[1.0, 0.0]])
    a.save()
    b.put([2], [[0.0, 1.0]])
    b.save()
    a.put([3], [[0.6, 0.8]])
    a.remove([2])
    a.save()
    assert sorted(FaissVectorIndex(path).get([1, 2, 3])) == [1, 3]


def test_save_with_an_interval_waits_for_it(path: Path) -> None:
    index = FaissVectorIndex(path)
    index.put([1], [[1.0, 0.0]])
    index.save(min_interval_s=3600)  # opened just now: not due yet
    assert not path.exists()
    index.save()
    index.put([2], [[0.0, 1.0]])
    index.save(min_interval_s=3600)
    assert len(FaissVectorIndex(path)) == 1
    index.save(min_interval_s=0)
    assert len(FaissVectorIndex(path)) == 2
