"""Vectors kept in a file beside a database that has no vector type (no pgvector).

:class:`FaissVectorIndex` holds one float32 vector per int64 key in a faiss
``IndexIDMap2`` over ``IndexFlatIP``: exact inner-product search, lookup by key, removal.
Callers add unit vectors, so the inner product is the cosine.

The file is a cache of derived data: whatever is in it can be computed again from the
database, so losing it loses only time. It is written crash-safe (a temporary file in the
same folder, fsync, then ``os.replace``), so a reader sees the old file or the new one,
never half of one. Its format is one line of magic, one line of JSON (owner, dimension,
count, payload size and CRC-32), then faiss's serialised index; a file that does not check
out is refused with T106 instead of being trusted or overwritten.

Several processes on one machine may share a file: ``save`` takes an exclusive lock on
``<file>.lock`` (POSIX), reloads the file if another process replaced it since it was
read, applies this process's own changes on top, and writes the result, so no process
drops another's vectors. Without ``fcntl`` (Windows) the last writer wins, which costs
only recomputation.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import faiss
import numpy as np

from triangulate.errors import Err, TriangulateError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_MAGIC = b"TRIANGULATE-VECTORS 1\n"
_MAX_HEADER = 4096

Stamp = tuple[int, int, int]  # (inode, size, mtime_ns) of the file as last read or written


class VectorIndex(Protocol):
    """Vectors by int64 key; ``nearest`` ranks by cosine (inner product of unit vectors)."""

    path: Path

    @property
    def dim(self) -> int | None:
        """The vectors' dimension; ``None`` while the index is empty and has never held one."""
        ...

    def __len__(self) -> int: ...

    def __contains__(self, key: object) -> bool: ...

    def check(self, vectors: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """The vectors as a float32 matrix, or T107 if their dimension does not fit."""
        ...

    def put(self, keys: Sequence[int], vectors: Sequence[Sequence[float]] | np.ndarray
            ) -> None:
        """Add the vectors, replacing those already stored under the same keys."""
        ...

    def get(self, keys: Iterable[int]) -> dict[int, np.ndarray]:
        """The stored vectors of these keys; keys without one are left out."""
        ...

    def remove(self, keys: Iterable[int]) -> None: ...

    def nearest(self, vector: Sequence[float] | np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (key, cosine) pairs, most similar first."""
        ...

    def save(self, min_interval_s: float = 0.0) -> None:
        """Write the index to its file if it changed (crash-safe); with
        ``min_interval_s``, only if the last write is at least that old."""
        ...

    def close(self) -> None: ...


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class FaissVectorIndex:
    """:class:`VectorIndex` in a faiss file at ``path``, read now if it exists.

    ``owner`` names what the vectors belong to (a store's id): a file written for another
    owner is refused, since its keys would point at other rows.
    """

    def __init__(self, path: str | os.PathLike[str], owner: str | None = None) -> None:
        self.path = Path(path)
        self.owner = owner
        self._lock = threading.RLock()
        self._index: Any = None  # faiss.IndexIDMap2, created at the first vector
        self._keys: set[int] = set()
        # changes since the last save, replayed over a file another process wrote
        self._pending: dict[int, np.ndarray | None] = {}
        self._stamp: Stamp | None = None
        self._saved_at = time.monotonic()
        self._closed = False
        self._load()

    # ---- reading the file ----------------------------------------------------------

    def _error(self, detail: str) -> TriangulateError:
        return TriangulateError(Err.VECTORS_FILE, path=str(self.path), detail=detail)

    def _load(self) -> None:
        """Replace the in-memory index by the file's (if there is one)."""
        stamp = _stamp(self.path)
        if stamp is None:
            self._stamp = None
            return
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise self._error(exc.strerror or type(exc).__name__) from exc
        index, keys = self._parse(data)
        self._index, self._keys, self._stamp = index, keys, stamp

    def _parse(self, data: bytes) -> tuple[Any, set[int]]:
        if not data.startswith(_MAGIC):
            raise self._error("not a triangulate vector file")
        end = data.find(b"\n", len(_MAGIC), len(_MAGIC) + _MAX_HEADER)
        try:
            if end < 0:
                raise ValueError("no header line")
            header = json.loads(data[len(_MAGIC):end])
            owner, dim, count = header["owner"], header["dim"], int(header["count"])
            size, crc = int(header["size"]), int(header["crc32"])
        except (ValueError, KeyError, TypeError) as exc:
            raise self._error(f"bad header ({exc})") from exc
        if self.owner is not None and owner is not None and owner != self.owner:
            raise self._error(f"it holds the vectors of another store ({owner}, this is "
                              f"{self.owner})")
        payload = memoryview(data)[end + 1:]  # no copy: the file may be large
        if len(payload) != size:
            raise self._error(f"truncated: {len(payload)} of {size} bytes")
        if zlib.crc32(payload) != crc:
            raise self._error("checksum mismatch")
        if dim is None:
            return None, set()
        try:
            index = faiss.deserialize_index(np.frombuffer(payload, dtype=np.uint8))
        except RuntimeError as exc:
            raise self._error(f"faiss cannot read it ({_faiss_reason(exc)})") from exc
        if not isinstance(index, faiss.IndexIDMap2) or index.d != dim or index.ntotal != count:
            raise self._error("its index does not match its header")
        keys = {int(k) for k in faiss.vector_to_array(index.id_map)}
        return index, keys

    # ---- vectors -------------------------------------------------------------------

    @property
    def dim(self) -> int | None:
        return None if self._index is None else int(self._index.d)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def check(self, vectors: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.size == 0 and matrix.ndim < 2:
            return matrix.reshape(0, self.dim or 0)
        if matrix.ndim != 2 or matrix.shape[1] == 0:
            raise ValueError(f"vectors must be rows of numbers, not shape {matrix.shape}")
        if self.dim is not None and matrix.shape[1] != self.dim:
            raise TriangulateError(Err.VECTORS_DIM, path=str(self.path), found=self.dim,
                                   got=matrix.shape[1])
        return matrix

    def put(self, keys: Sequence[int], vectors: Sequence[Sequence[float]] | np.ndarray
            ) -> None:
        with self._lock:
            matrix = self.check(vectors)
            if len(keys) != len(matrix):
                raise ValueError(f"{len(keys)} keys for {len(matrix)} vectors")
            if not len(keys):
                return
            # a key given twice keeps its last vector, as a dict would
            last = {int(k): n for n, k in enumerate(keys)}
            rows = matrix[list(last.values())]  # a copy: the caller's array may change
            self._apply(list(last), rows)
            self._pending.update(zip(last, rows, strict=True))

    def _apply(self, keys: list[int], matrix: np.ndarray) -> None:
        if self._index is None:
            self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(matrix.shape[1]))
        ids = np.asarray(keys, dtype=np.int64)
        self._drop(ids)
        self._index.add_with_ids(np.ascontiguousarray(matrix), ids)
        self._keys.update(keys)

    def _drop(self, ids: np.ndarray) -> None:
        present = ids[[int(i) in self._keys for i in ids]]
        if len(present) and self._index is not None:
            self._index.remove_ids(present)
            self._keys.difference_update(int(i) for i in present)

    def get(self, keys: Iterable[int]) -> dict[int, np.ndarray]:
        with self._lock:
            found = [int(k) for k in keys if k in self._keys]
            if not found:
                return {}
            rows = self._index.reconstruct_batch(np.asarray(found, dtype=np.int64))
            return dict(zip(found, rows, strict=True))

    def remove(self, keys: Iterable[int]) -> None:
        with self._lock:
            ids = np.asarray([int(k) for k in keys], dtype=np.int64)
            self._drop(ids)
            for key in ids:
                self._pending[int(key)] = None

    def nearest(self, vector: Sequence[float] | np.ndarray, k: int) -> list[tuple[int, float]]:
        with self._lock:
            if self._index is None or not self._keys or k < 1:
                return []
            query = self.check(np.asarray(vector, dtype=np.float32).reshape(1, -1))
            query = query / max(float(np.linalg.norm(query)), 1e-12)  # not the caller's array
            scores, ids = self._index.search(query, min(k, len(self._keys)))
            return [(int(i), float(s)) for s, i in zip(scores[0], ids[0], strict=True)
                    if i >= 0]

    # ---- writing the file ----------------------------------------------------------

    def save(self, min_interval_s: float = 0.0) -> None:
        with self._lock:
            if not self._pending or time.monotonic() - self._saved_at < min_interval_s:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._file_lock():
                stamp = _stamp(self.path)
                if stamp is not None and stamp != self._stamp:
                    self._merge_file()
                self._write()
            self._pending.clear()

    def _merge_file(self) -> None:
        """Another process replaced the file: take its vectors, then ours on top."""
        self._load()
        dropped = [k for k, v in self._pending.items() if v is None]
        self._drop(np.asarray(dropped, dtype=np.int64))
        added = {k: v for k, v in self._pending.items() if v is not None}
        if added:
            self._apply(list(added), self.check(np.stack(list(added.values()))))

    def _payload(self) -> tuple[memoryview, dict[str, Any]]:
        index = self._index
        # faiss's own buffer, written as it is: one copy of the index, not two
        payload = memoryview(b"") if index is None else faiss.serialize_index(index).data
        header = {"owner": self.owner, "dim": self.dim, "count": len(self._keys),
                  "size": len(payload), "crc32": zlib.crc32(payload)}
        return payload, header

    def _write(self) -> None:
        payload, header = self._payload()
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                   suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC)
                fh.write(json.dumps(header, sort_keys=True).encode() + b"\n")
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise self._error(f"cannot write it ({exc.strerror or exc})") from exc
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_folder(self.path.parent)
        self._stamp = _stamp(self.path)
        self._saved_at = time.monotonic()

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._error(f"cannot lock it ({exc.strerror or exc})") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def close(self) -> None:
        """Free the memory; changes not yet saved are dropped (they are only a cache)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._index = None
                self._keys = set()
                self._pending.clear()

    def __repr__(self) -> str:
        return f"FaissVectorIndex({str(self.path)!r}, {len(self)} vectors)"


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); elsewhere opening a folder fails: skip."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_FAISS_WHERE = re.compile(r"^Error in .*? at \S+:\d+: ")


def _faiss_reason(exc: BaseException) -> str:
    """faiss's message without its C++ function and source line."""
    text = str(exc).strip().splitlines()
    return _FAISS_WHERE.sub("", text[0]) if text else type(exc).__name__
