"""gzip decompression with a bound on the output, so a small bomb cannot fill memory.

The output is measured in a first streaming pass that keeps nothing, and only an input
within the bound is decompressed again and kept: a bomb is refused with memory held to
one chunk, whatever it expands to. Work is linear in the input even for a file of many
tiny members (input is fed in bounded slices, never re-copied per member).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from triangulate.errors import Err, ReadError
from triangulate.readers.limits import Limits, describe_size, too_large

GZIP_MAGIC = b"\x1f\x8b"
# Compressed bytes fed per call, and most decompressed bytes asked back per call. A
# bounded input slice keeps ``unconsumed_tail`` (a copy) small; a bounded output keeps a
# bomb's expansion to one chunk.
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 1024 * 1024


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def _corrupt(source: str, exc: zlib.error) -> ReadError:
    return ReadError(source, Err.UNREADABLE, detail=f"corrupt gzip data ({exc})")


def iter_gunzip(data: bytes, source: str) -> Iterator[bytes]:
    """Decompressed pieces (at most ``_OUT_CHUNK`` bytes each) of every gzip member.

    Raises ReadError for truncated or corrupt data, or garbage after the last member.
    """
    view = memoryview(data)
    start = 0
    while start < len(data):
        # 16 + MAX_WBITS: expect a gzip header and trailer.
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pos = start
        pending: bytes | memoryview = b""
        try:
            while not inflater.eof:
                if not pending and pos < len(data):
                    pending = view[pos:pos + _IN_CHUNK]
                    pos += len(pending)
                piece = inflater.decompress(pending, _OUT_CHUNK)
                pending = inflater.unconsumed_tail
                if piece:
                    yield piece
                elif not pending and pos >= len(data) and not inflater.eof:
                    raise ReadError(source, Err.UNREADABLE, detail="truncated gzip data")
        except zlib.error as exc:
            raise _corrupt(source, exc) from None
        start = pos - len(inflater.unused_data)
        if data.startswith(GZIP_MAGIC, start):
            continue  # another member
        # Trailing NUL padding after the last member is common and harmless.
        if data.count(0, start) != len(data) - start:
            raise ReadError(source, Err.UNREADABLE, detail="trailing garbage after gzip data")
        break


def peek_gzip(data: bytes, n: int, source: str) -> bytes:
    """The first ``n`` decompressed bytes (enough to sniff what is inside)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(data[: 64 * 1024], n)
    except zlib.error as exc:
        raise _corrupt(source, exc) from None


def _too_large(source: str, limits: Limits) -> ReadError:
    what = f"decompressed size (more than {describe_size(limits.max_decompressed_bytes)})"
    return too_large(source, limits, "max_decompressed_bytes", what)


def gunzip(data: bytes, source: str, limits: Limits) -> bytes:
    """Decompress gzip ``data`` whole, refusing output above the decompressed-size limit."""
    size = 0
    for piece in iter_gunzip(data, source):  # measure first, keeping nothing
        size += len(piece)
        if size > limits.max_decompressed_bytes:
            raise _too_large(source, limits)
    return b"".join(iter_gunzip(data, source))
