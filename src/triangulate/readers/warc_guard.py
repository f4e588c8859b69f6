"""warcio's record iterator with bounds, so a hostile archive cannot exhaust memory or time.

warcio trusts an archive: it reads a line of any length (a record that lies about its
length and is followed by gigabytes without a newline becomes one line in memory), it
parses any number of header lines, and it skips any number of blank lines between
records. Here the stream it reads from counts and caps all of that:

* every byte it hands out, decompressed, counts against ``max_decompressed_bytes``;
* one line is at most ``MAX_LINE_BYTES`` (longer lines arrive in pieces, and parse as
  garbage, which warcio reports as an invalid record);
* one record's headers (blank lines before it, WARC and HTTP headers) are at most
  ``MAX_HEADER_LINES`` lines and ``MAX_HEADER_BYTES`` bytes;
* the whole archive is read with at most ``MAX_ARCHIVE_LINES`` line reads (about ten
  seconds of warcio's work; a real archive of 500 MiB needs about a million).

warcio's warnings (a corrupt member, an invalid target URI, a record longer than it
says) would go to standard error among the program's own lines; they are dropped, or
left to logging's configuration: the archive's problems come back as read errors.

Imported only when a WARC is read: warcio takes a fifth of a second to load.
"""

from __future__ import annotations

import io
import logging
import zlib
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from triangulate.errors import Err, ReadError
from triangulate.readers.limits import Limits, describe_size, too_large

MAX_LINE_BYTES = 256 * 1024
MAX_HEADER_LINES = 10_000
MAX_HEADER_BYTES = 4 * 1024 * 1024
MAX_ARCHIVE_LINES = 4_000_000

# Without a handler of its own, logging's last resort prints warcio's warnings.
logging.getLogger("warcio").addHandler(logging.NullHandler())


class ArchiveBound(Exception):
    """The archive broke a bound; ``error`` says which, for the input as a whole."""

    def __init__(self, error: ReadError) -> None:
        super().__init__(str(error))
        self.error = error


class _BoundedReader(DecompressingBufferedReader):
    """warcio's (decompressing) line reader, counting what it hands out."""

    def __init__(self, stream: Any, source: str, limits: Limits) -> None:
        super().__init__(stream)
        self.source = source
        self.limits = limits
        self.total = 0
        self.lines = 0
        self.header_lines = 0
        self.header_bytes = 0
        self.in_headers = True

    def _count(self, n: int) -> None:
        self.total += n
        if self.total > self.limits.max_decompressed_bytes:
            limit = describe_size(self.limits.max_decompressed_bytes)
            raise ArchiveBound(too_large(self.source, self.limits, "max_decompressed_bytes",
                                         f"decompressed size (more than {limit})"))

    def _decompress(self, data: bytes) -> bytes:
        """warcio's, without its message on standard error for a corrupt member: the data
        just ends there, and the record cut short is reported."""
        if not self.decompressor or not data or self.num_block_read == 0:
            # the first block: warcio decides whether the data is compressed at all
            out: bytes = super()._decompress(data)
            return out
        try:
            out = self.decompressor.decompress(data)
        except zlib.error:
            return b""
        return out

    def _malformed(self, what: str) -> ArchiveBound:
        return ArchiveBound(ReadError(self.source, Err.BAD_WARC, detail=what))

    def read(self, length: int | None = None) -> bytes:
        data: bytes = super().read(length)
        self._count(len(data))
        return data

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_LINE_BYTES if length is None or length < 0 else min(length, MAX_LINE_BYTES)
        line: bytes = super().readline(cap)
        self._count(len(line))
        self.lines += 1
        if self.lines > MAX_ARCHIVE_LINES:
            raise self._malformed(f"more than {MAX_ARCHIVE_LINES:,} lines of headers")
        if self.in_headers:
            self.header_lines += 1
            self.header_bytes += len(line)
            if self.header_lines > MAX_HEADER_LINES or self.header_bytes > MAX_HEADER_BYTES:
                raise self._malformed(
                    f"a record's headers exceed {MAX_HEADER_LINES:,} lines or "
                    f"{describe_size(MAX_HEADER_BYTES)}")
        return line


class BoundedArchive(ArchiveIterator):
    """An ArchiveIterator over ``data`` whose reads are bounded (see the module).

    Call :meth:`next_record` for each record (None at the end) and :meth:`reading_content`
    before reading a record's payload, so that payload lines (chunk sizes) do not count
    as header lines.
    """

    # warcio writes this warning (with the offending line) to standard error; the
    # archive is reported through errors instead.
    INC_RECORD = ""

    def __init__(self, data: bytes, source: str, limits: Limits) -> None:
        super().__init__(io.BytesIO(data))
        self.bounded = _BoundedReader(self.fh, source, limits)
        self.reader = self.bounded

    def next_record(self) -> Any:
        self.bounded.in_headers = True
        self.bounded.header_lines = self.bounded.header_bytes = 0
        return next(self, None)

    def reading_content(self) -> None:
        self.bounded.in_headers = False
