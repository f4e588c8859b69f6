"""WARC archives: each successful HTML response is one page, read like an HTML file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers.detail import one_line
from triangulate.readers.encoding import declared_charset, decode_bytes
from triangulate.readers.ids import numbered_id
from triangulate.readers.limits import Limits, describe_size, too_large
from triangulate.readers.source import Source
from triangulate.readers.webpage import read_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _content_type(record: Any) -> str:
    if record.http_headers is not None:
        return str(record.http_headers.get_header("Content-Type") or "")
    return str(record.rec_headers.get_header("Content-Type") or "")


def _is_html_page(record: Any) -> bool:
    """A 200 response (or a stored resource) whose payload is HTML."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return False
    elif record.rec_type != "resource":
        return False
    return _content_type(record).split(";")[0].strip().lower() in _HTML_TYPES


def _charset(content_type: str) -> str | None:
    import codecs

    m = _CHARSET.search(content_type)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1)).name
    except LookupError:
        return None


def _page(record: Any, payload: bytes, src: Source, n: int, uri: str | None,
          where: str) -> Article | ReadError:
    try:
        markup = decode_bytes(
            payload, where,
            declared=_charset(_content_type(record)) or declared_charset(payload),
        )
    except ReadError as exc:
        return exc
    return read_html(markup, source=where, article_id=numbered_id(src.stem, n),
                     source_path=src.path, url=uri)


def _cut_short(record: Any) -> bool:
    """Whether the archive ends before the record's declared length (a truncated file).

    warcio reads a short record without complaint, which would pass half a page on.
    """
    raw = record.raw_stream
    while raw.read(1024 * 1024):
        pass
    return int(getattr(raw, "limit", 0) or 0) > 0


def read_warc(data: bytes, src: Source, limits: Limits) -> Iterator[Article | ReadError]:
    # imported late: only WARCs need warcio, which takes a fifth of a second to load
    from triangulate.readers.warc_guard import ArchiveBound, BoundedArchive

    pages = 0
    total = 0
    try:
        archive = BoundedArchive(data, src.name, limits)
        while (record := archive.next_record()) is not None:
            # Content-Length bounds what each record decompresses to, so the sum bounds
            # the whole archive before any payload is read.
            total += int(record.rec_headers.get_header("Content-Length") or 0)
            if total > limits.max_decompressed_bytes:
                yield too_large(src.name, limits, "max_decompressed_bytes",
                                f"decompressed size (more than {describe_size(total)})")
                return
            if not _is_html_page(record):
                continue
            pages += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{src.name} [{uri}]" if uri else f"{src.name} [record {pages}]"
            if pages > limits.max_articles_per_file:
                yield too_large(src.name, limits, "max_articles_per_file",
                                f"more than {limits.max_articles_per_file:,} pages")
                return
            archive.reading_content()
            payload = record.content_stream().read(limits.max_html_bytes + 1)
            if _cut_short(record):
                yield ReadError(src.name, Err.BAD_WARC,
                                detail=f"archive cut short inside the record for {uri}")
                return
            if len(payload) > limits.max_html_bytes:
                yield too_large(where, limits, "max_html_bytes", "page size")
                continue
            if payload.strip():
                yield _page(record, payload, src, pages, uri, where)
            else:
                yield ReadError(where, Err.EMPTY)
    except ArchiveBound as bound:
        yield bound.error
        return
    except Exception as exc:  # warcio, zlib and the parsers all raise their own kinds
        detail = one_line(str(exc)) or type(exc).__name__
        yield ReadError(src.name, Err.BAD_WARC, detail=detail)
        return
    if pages == 0:
        yield ReadError(src.name, Err.NO_TEXT, where=" (no HTML responses in the archive)")
