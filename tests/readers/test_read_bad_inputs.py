"""Each bad input is one ReadError with the right code, and the rest of the batch is read."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from reader_helpers import LEAD, Read

from triangulate.errors import Err
from triangulate.readers import Limits
from triangulate.readers.compression import gunzip

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        path = root / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path
    return make


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], Err]] = [
    ("missing", lambda root: root / "missing.txt", Err.NOT_FOUND),
    ("empty", _write("empty.txt", b""), Err.EMPTY),
    ("whitespace", _write("blank.txt", " \n\t\n"), Err.EMPTY),
    ("png as txt", _write("photo.txt", PNG), Err.BINARY),
    ("pdf", _write("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), Err.BINARY),
    ("nul bytes", _write("dump.txt", b"abc\x00\x01\x02\xff\xfe" * 20), Err.BINARY),
    ("control chars", _write("ctrl.txt", "\x01\x02\x03\x04 text " * 20), Err.BINARY),
    ("bad utf-16", _write("u16.txt", b"\xff\xfe" + b"\x00\xd8" + b"a\x00"), Err.UNDECODABLE),
    ("empty gzip", _write("none.txt.gz", gzip.compress(b"")), Err.EMPTY),
    ("corrupt gzip", _write("bad.txt.gz", b"\x1f\x8b\x08\x00garbage-garbage"), Err.UNREADABLE),
    ("truncated gzip", _write("cut.txt.gz", gzip.compress(LEAD.encode())[:-12]),
     Err.UNREADABLE),
    ("broken json", _write("broken.json", '{"text": "a",'), Err.BAD_JSON),
    ("json without text", _write("meta.json", '{"title": "Only a title"}'), Err.NO_TEXT),
    ("unknown xml", _write("doc.xml", "<?xml version='1.0'?><TimeML>x</TimeML>"),
     Err.UNKNOWN_FORMAT),
    ("html without text", _write("blank.html", "<html><body><nav></nav></body></html>"),
     Err.NO_TEXT),
    ("not a warc", _write("fake.warc", "hello"), Err.BAD_WARC),
]


@pytest.mark.parametrize(("label", "make", "err"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_one_error_and_batch_goes_on(tmp_path: Path, read: Read, label: str,
                                                  make: Callable[[Path], Path],
                                                  err: Err) -> None:
    before = tmp_path / "a_first.txt"
    before.write_text(LEAD)
    after = tmp_path / "z_last.txt"
    after.write_text(LEAD)
    bad = make(tmp_path)
    articles, errors = read(before, bad, after)
    assert [a.id for a in articles] == ["a_first", "z_last"]
    assert [e.err for e in errors] == [err], [str(e) for e in errors]
    message = str(errors[0])
    assert "\n" not in message and message.startswith(f"{bad}: ")
    assert message.endswith(f"[{err.code}]")


def test_file_over_the_size_limit(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "big.txt"
    path.write_text(LEAD * 10)
    articles, (error,) = read(path, limits=Limits(max_file_bytes=100))
    assert not articles and error.err is Err.TOO_LARGE
    assert "--max-file-mb" in str(error) and "100 bytes" in str(error)


def test_gzip_bomb_is_stopped_at_the_decompressed_limit(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5_000_000))
    articles, (error,) = read(path, limits=Limits(max_decompressed_bytes=1_000_000))
    assert not articles and error.err is Err.TOO_LARGE and "--max-decompressed-mb" in str(error)


def test_gunzip_reads_every_member_and_stops_at_the_bound() -> None:
    data = gzip.compress(b"first ") + gzip.compress(b"second")
    assert gunzip(data, "x", Limits()) == b"first second"
    deflater = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = deflater.compress(b"\x00" * 10_000_000) + deflater.flush()
    with pytest.raises(Exception) as info:
        gunzip(bomb, "x", Limits(max_decompressed_bytes=1000))
    assert "--max-decompressed-mb" in str(info.value)


def test_html_over_the_page_limit(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>Long page text here.</p>" * 100 + "</body></html>")
    articles, (error,) = read(path, limits=Limits(max_html_bytes=1000))
    assert not articles and error.err is Err.TOO_LARGE and "--max-html-mb" in str(error)


def test_too_many_articles_in_one_file(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(f'{{"text": "Story {i}."}}' for i in range(5)))
    articles, (error,) = read(path, limits=Limits(max_articles_per_file=3))
    assert [a.id for a in articles] == ["many-1", "many-2", "many-3"]
    assert error.err is Err.TOO_LARGE and "--max-articles-per-file" in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(LEAD)
    path.chmod(0)
    articles, (error,) = read(path)
    assert not articles and error.err is Err.UNREADABLE


def test_directory_is_read_recursively_in_order(tmp_path: Path, read: Read) -> None:
    for rel in ["b.txt", "a.md", "sub/c.txt", "sub/deeper/d.html.gz", ".hidden.txt",
                ".git/e.txt", "README.md", "LICENSE", "image.png", "notes.docx"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".gz"):
            page = f"<html><body><p>{LEAD}</p></body></html>"
            path.write_bytes(gzip.compress(page.encode()))
        else:
            path.write_text(LEAD)
    articles, errors = read(tmp_path)
    assert not errors
    assert [a.id for a in articles] == ["a", "b", "c", "d"]
    assert articles[3].source_path == str(tmp_path / "sub" / "deeper" / "d.html.gz")


def test_empty_directory_is_one_error(tmp_path: Path, read: Read) -> None:
    (tmp_path / "nothing").mkdir()
    articles, (error,) = read(tmp_path / "nothing")
    assert not articles and error.err is Err.EMPTY


def test_repeated_ids_are_made_unique(tmp_path: Path, read: Read) -> None:
    for folder in ("one", "two", "three"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(LEAD)
    articles, errors = read(tmp_path)
    assert not errors
    assert [a.id for a in articles] == ["story", "story-2", "story-3"]
