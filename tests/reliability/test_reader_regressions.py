"""Regressions: each reader bug found by fuzzing or by the hostile inputs, kept fixed.

Each case is one small input and what reading it must give. A reader bug caught by
``read_inputs`` shows as an "unexpected failure"; none may.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers import UNEXPECTED, Limits, read_inputs
from triangulate.readers.detail import one_line

from . import hostile

MIB = 1024 * 1024


def _read(path: Path, limits: Limits | None = None) -> tuple[list[Article], list[ReadError]]:
    items = list(read_inputs([path], limits=limits))
    errors = [i for i in items if isinstance(i, ReadError)]
    for e in errors:
        assert UNEXPECTED not in str(e) and "\n" not in str(e), str(e)
    return [i for i in items if isinstance(i, Article)], errors


def _warc_record(length: int, body: bytes, record_type: str = "resource",
                 content_type: str = "application/octet-stream") -> bytes:
    return gzip.compress(hostile.warc_header(length, record_type, content_type) + body)


def _lying_warc(fill: bytes, size: int) -> bytes:
    """A record that declares ten bytes, then ``size`` bytes of ``fill`` in its member."""
    return gzip.compress(hostile.warc_header(10) + b"0123456789\r\n\r\n" + fill * size)


def _header_bomb() -> bytes:
    """A response whose HTTP header block is 50,000 lines long."""
    http = b"HTTP/1.1 200 OK\r\n" + b"X-Pad: y\r\n" * 50_000 + b"\r\n<html>hi</html>"
    return _warc_record(len(http), http + b"\r\n\r\n", "response", "application/http")


# name, content, the error it must give (None: it must be read as one article)
CASES: list[tuple[str, Callable[[], bytes], Err | None]] = [
    # fuzzing: feedparser raised UnicodeDecodeError on a non-ASCII encoding name
    ("encoding_name.rss", lambda: b'<?xml version="1.0" encoding="UTF-\xa08"?>\n<rss '
     b'version="2.0"><channel><title>News</title></channel></rss>', Err.BAD_FEED),
    # json's parser raises RecursionError, not ValueError, on deep nesting
    ("deep.json", lambda: b"[" * 5_000 + b"]" * 5_000, Err.BAD_JSON),
    ("deep_record.json", lambda: b'{"text": "Hello there.", "x": ' + b"[" * 5_000 + b"]" * 5_000
     + b"}", Err.BAD_JSON),
    ("deep.jsonl", lambda: b"[" * 5_000, Err.BAD_JSON),
    # warcio read a line of any length, and any number of blank or header lines
    ("lying_zeros.warc.gz", lambda: _lying_warc(b"\x00", 4 * MIB), Err.BAD_WARC),
    ("lying_newlines.warc.gz", lambda: _lying_warc(b"\n", 1 * MIB), Err.BAD_WARC),
    ("header_bomb.warc.gz", _header_bomb, Err.BAD_WARC),
    # encodings: UTF-8 with stray cp1252 bytes; UTF-16/32 without a mark beyond Latin-1
    ("mixed.txt", hostile.mixed_encodings, None),
    ("utf16be_ru.txt", lambda: hostile.RUSSIAN.encode("utf-16-be"), None),
    ("utf16le_zh.txt", lambda: hostile.CHINESE.encode("utf-16-le"), None),
    ("utf32le_ru.txt", lambda: hostile.RUSSIAN.encode("utf-32-le"), None),
    ("utf32be_zh.txt", lambda: hostile.CHINESE.encode("utf-32-be"), None),
    # ... but 8-bit text with a stray NUL is not UTF-16
    ("stray_nul.jsonl", lambda: b'{"text": "The the the."}\nnul\x00l', Err.BINARY),
]


@pytest.mark.parametrize(("name", "make", "err"), CASES, ids=[c[0] for c in CASES])
def test_regression(tmp_path: Path, capfd: pytest.CaptureFixture[str], name: str,
                    make: Callable[[], bytes], err: Err | None) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    articles, errors = _read(path)
    if err is None:
        assert not errors and len(articles) == 1, [str(e) for e in errors]
    else:
        assert not articles and [e.err for e in errors] == [err], [str(e) for e in errors]
    # warcio and feedparser print warnings of their own; the read errors say it all
    assert capfd.readouterr().err == ""


def test_text_of_mixed_encodings_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(hostile.mixed_encodings())
    (article,), _ = _read(path)
    assert "\u201cWe cannot take any risks" in article.text  # the UTF-8 part
    assert "Le caf\u00e9 du march\u00e9" in article.text  # the Windows-1252 part


def test_warc_with_an_invalid_uri_prints_nothing(tmp_path: Path,
                                                 capfd: pytest.CaptureFixture[str]) -> None:
    page = b"<html><body><article><p>" + hostile.LEAD.encode() + b"</p></article></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    header = hostile.warc_header(len(http), "response", "application/http; msgtype=response")
    header = header.replace(b"https://news.example/a", b"https://news.example/a b")
    path = tmp_path / "spaces.warc.gz"
    path.write_bytes(gzip.compress(header + http + b"\r\n\r\n"))
    (article,), errors = _read(path)
    assert not errors and article.text.startswith("The city council")
    assert capfd.readouterr().err == ""


def test_gzip_of_many_members_reads_in_linear_time(tmp_path: Path) -> None:
    """Each member's leftover input used to be copied: quadratic in the members."""
    path = tmp_path / "many.txt.gz"
    path.write_bytes(gzip.compress(b"a ") * 50_000 + gzip.compress(b"end."))
    start = time.perf_counter()
    (article,), _ = _read(path)
    assert time.perf_counter() - start < 10.0
    assert article.text == "a " * 49_999 + "a end."


def test_gzip_bomb_is_measured_before_it_is_kept(tmp_path: Path) -> None:
    """The limit is checked while streaming, so a bomb is refused before it fills memory."""
    path = hostile.write_gzip_bomb(tmp_path / "bomb.txt.gz", size=64 * MIB)
    _, (error,) = _read(path, Limits(max_decompressed_bytes=16 * MIB))
    assert error.err is Err.TOO_LARGE and "16.0 MiB" in str(error)


@pytest.mark.parametrize(("raw", "shown"), [
    ("first line: \x00\x00\x00\x01abc", "first line: ?abc"),
    ("\n\n  second line\nthird", "second line"),
    ("x" * 500, "x" * 160),
    ("", ""),
])
def test_error_detail_is_one_printable_line(raw: str, shown: str) -> None:
    assert one_line(raw) == shown
