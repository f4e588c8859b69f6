"""WARC archives written with warcio: HTML 200 responses become articles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reader_helpers import Read
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from triangulate.errors import Err


def _page(headline: str, outlet: str) -> bytes:
    return (
        f"<html><head><title>{headline}</title>"
        f"<meta property='og:site_name' content='{outlet}'></head><body><article>"
        f"<h1>{headline}</h1><p>Rescue teams reached the stranded climbers on Saturday "
        "after a night on the ridge, the mountain rescue service said in a statement.</p>"
        "<p>All four were taken to hospital with mild hypothermia and were expected to be "
        "released later in the day, a spokesperson added.</p></article></body></html>"
    ).encode()


def _warc(records: list[tuple[str, str, str, bytes]], gzip: bool) -> bytes:
    """records: (uri, status line, content type, payload)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    for uri, status, ctype, payload in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                           http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


RECORDS = [
    ("https://alpine.example/rescue", "200 OK", "text/html; charset=utf-8",
     _page("Climbers rescued from ridge", "Alpine Times")),
    ("https://alpine.example/missing", "404 Not Found", "text/html", b"<html>gone</html>"),
    ("https://alpine.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("https://valley.example/news/rescue", "200 OK", "text/html",
     _page("Four climbers safe after night on ridge", "Valley News")),
]


def test_warc_and_warc_gz(tmp_path: Path, read: Read) -> None:
    for name, gzip in (("crawl.warc", False), ("crawl.warc.gz", True)):
        path = tmp_path / name
        path.write_bytes(_warc(RECORDS, gzip))
        articles, errors = read(path)
        assert not errors, errors
        assert [(a.id, a.url, a.outlet) for a in articles] == [
            ("crawl-1", "https://alpine.example/rescue", "Alpine Times"),
            ("crawl-2", "https://valley.example/news/rescue", "Valley News"),
        ]
        assert articles[0].title == "Climbers rescued from ridge"
        assert articles[0].text.startswith("Rescue teams reached")


def test_warc_without_pages_is_one_error(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "images.warc"
    path.write_bytes(_warc(RECORDS[2:3], False))
    articles, (error,) = read(path)
    assert not articles and error.err is Err.NO_TEXT


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_warc_keeps_pages_before_the_cut(tmp_path: Path, read: Read,
                                                   name: str) -> None:
    data = _warc(RECORDS, name.endswith(".gz"))
    path = tmp_path / name
    path.write_bytes(data[: len(data) - 200])
    articles, errors = read(path)
    assert [a.url for a in articles] == ["https://alpine.example/rescue"]
    assert [e.err for e in errors] == [Err.BAD_WARC]


def test_warc_extension_without_warc_content(tmp_path: Path, read: Read) -> None:
    (tmp_path / "fake.warc").write_text("not an archive")
    articles, (error,) = read(tmp_path / "fake.warc")
    assert not articles and error.err is Err.BAD_WARC
