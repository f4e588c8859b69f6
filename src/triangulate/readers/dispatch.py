"""One input's bytes to articles: decompress, recognise the format, hand to its reader."""

from __future__ import annotations

from collections.abc import Iterator

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers.compression import gunzip, is_gzip, peek_gzip
from triangulate.readers.encoding import declared_charset, decode_bytes
from triangulate.readers.feeds import read_feed
from triangulate.readers.formats import WARC_EXTS, Format
from triangulate.readers.limits import Limits, describe_size, too_large
from triangulate.readers.plain import read_plain
from triangulate.readers.records import read_json, read_jsonl
from triangulate.readers.sniff import is_warc, sniff
from triangulate.readers.source import Source
from triangulate.readers.warc import read_warc
from triangulate.readers.webpage import read_html


def read_source(src: Source, limits: Limits) -> Iterator[Article | ReadError]:
    """Articles and errors from one input. May raise ReadError for the input as a whole."""
    data = src.data
    if not data:
        yield ReadError(src.name, Err.EMPTY)
        return
    if is_gzip(data):
        if is_warc(peek_gzip(data, 16, src.name)):
            # A .warc.gz is a series of gzip members, one per record: warcio streams it.
            yield from read_warc(data, src, limits)
            return
        data = gunzip(data, src.name, limits)
        if not data:
            yield ReadError(src.name, Err.EMPTY)
            return
    if is_warc(data):
        yield from read_warc(data, src, limits)
        return
    if src.ext in WARC_EXTS:
        yield ReadError(src.name, Err.BAD_WARC, detail="no WARC header at the start")
        return
    text = decode_bytes(data, src.name, declared=declared_charset(data))
    if not text.strip():
        yield ReadError(src.name, Err.EMPTY)
        return
    fmt = sniff(text, src.ext, src.name)
    if fmt is Format.PLAIN:
        yield read_plain(text, src)
    elif fmt is Format.HTML:
        if len(data) > limits.max_html_bytes:
            yield too_large(src.name, limits, "max_html_bytes",
                            f"HTML page size ({describe_size(len(data))})")
            return
        yield read_html(text, source=src.name, article_id=src.stem, source_path=src.path)
    elif fmt is Format.JSON:
        yield from read_json(text, src, limits)
    elif fmt is Format.JSONL:
        yield from read_jsonl(text, src, limits)
    elif fmt is Format.FEED:
        yield from read_feed(data, src, limits)
    else:
        yield ReadError(src.name, Err.UNKNOWN_FORMAT, detail=fmt.value)
