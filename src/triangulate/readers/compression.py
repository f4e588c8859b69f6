"""gzip decompression with a bound on the output, so a small bomb cannot fill memory."""

from __future__ import annotations

import zlib

from triangulate.errors import Err, ReadError
from triangulate.readers.limits import Limits, describe_size, too_large

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def _inflate(data: bytes, max_out: int, source: str) -> tuple[bytes, bool]:
    """Decompress every gzip member of ``data``; stop after ``max_out`` bytes.

    Returns the output and whether it was cut short by the bound.
    """
    out = bytearray()
    rest = data
    while rest:
        # 16 + MAX_WBITS: expect a gzip header and trailer.
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while True:
                # The budget is always >= 1 here (0 would mean "unbounded" to zlib).
                out += inflater.decompress(pending, max_out + 1 - len(out))
                if len(out) > max_out:
                    return bytes(out[:max_out]), True
                if inflater.eof:
                    break
                if not inflater.unconsumed_tail:
                    raise ReadError(source, Err.UNREADABLE, detail="truncated gzip data")
                pending = inflater.unconsumed_tail
        except zlib.error as exc:
            raise ReadError(source, Err.UNREADABLE, detail=f"corrupt gzip data ({exc})") from None
        rest = inflater.unused_data
        # Trailing NUL padding after the last member is common and harmless.
        if not rest.strip(b"\x00"):
            break
        if not is_gzip(rest):
            raise ReadError(source, Err.UNREADABLE, detail="trailing garbage after gzip data")
    return bytes(out), False


def peek_gzip(data: bytes, n: int, source: str) -> bytes:
    """The first ``n`` decompressed bytes (enough to sniff what is inside)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(data[: 64 * 1024], n)
    except zlib.error as exc:
        raise ReadError(source, Err.UNREADABLE, detail=f"corrupt gzip data ({exc})") from None


def gunzip(data: bytes, source: str, limits: Limits) -> bytes:
    """Decompress gzip ``data`` whole, refusing output above the decompressed-size limit."""
    out, cut = _inflate(data, limits.max_decompressed_bytes, source)
    if cut:
        what = f"decompressed size (more than {describe_size(limits.max_decompressed_bytes)})"
        raise too_large(source, limits, "max_decompressed_bytes", what)
    return out
