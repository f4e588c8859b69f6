"""Formats are recognised by content first, extension second."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reader_helpers import Read

from triangulate.errors import Err, ReadError
from triangulate.readers.formats import Format
from triangulate.readers.sniff import sniff

PAGE = ("<!DOCTYPE html><html><head><title>Ferry service resumes</title></head><body>"
        "<article><h1>Ferry service resumes</h1><p>The island ferry resumed sailing on "
        "Monday after a three-week suspension caused by engine repairs, the operator said."
        "</p><p>Passengers had been forced to travel by a longer route through the northern "
        "harbour, adding two hours to each journey.</p></article></body></html>")
RECORD = {"id": "a1", "title": "Ferry service resumes",
          "text": "The island ferry resumed sailing on Monday."}

SNIFF_CASES = [
    # (content, extension, expected format)
    (PAGE, ".txt", Format.HTML),
    (PAGE, ".xml", Format.HTML),
    (PAGE, ".rss", Format.HTML),
    (PAGE, "", Format.HTML),
    ("<div><p>A page fragment.</p></div>", ".txt", Format.HTML),
    ("<?xml version='1.0'?><rss version='2.0'><channel/></rss>", ".txt", Format.FEED),
    ("<feed xmlns='http://www.w3.org/2005/Atom'></feed>", ".xml", Format.FEED),
    ("<!-- generated --><rdf:RDF></rdf:RDF>", ".rdf", Format.FEED),
    (json.dumps(RECORD), ".txt", Format.JSON),
    (json.dumps([RECORD, RECORD]), ".jsonl", Format.JSON),
    (json.dumps(RECORD) + "\n" + json.dumps(RECORD), ".json", Format.JSONL),
    (json.dumps(RECORD) + "\n{broken", ".json", Format.JSONL),
    ("[Updated] Ferry service resumes after repairs.", ".txt", Format.PLAIN),
    ("{not json at all", ".json", Format.JSON),  # reported as broken JSON
    ("{not json at all", ".jsonl", Format.JSONL),
    ("<3 the new ferry timetable", ".txt", Format.PLAIN),
    ("The ferry resumed on Monday.", ".html", Format.PLAIN),  # no markup at all
    ("The ferry resumed on Monday.", ".md", Format.PLAIN),
    ("The ferry resumed on Monday.", ".rss", Format.FEED),  # the feed reader says why not
]


@pytest.mark.parametrize(("content", "ext", "expected"), SNIFF_CASES)
def test_sniff(content: str, ext: str, expected: Format) -> None:
    assert sniff(content, ext, "x") is expected


def test_xml_that_is_neither_feed_nor_page_is_reported() -> None:
    with pytest.raises(ReadError) as info:
        sniff("<?xml version='1.0'?><TimeML><DOCID>x</DOCID></TimeML>", ".xml", "doc.xml")
    assert info.value.err is Err.UNKNOWN_FORMAT
    assert "<TimeML>" in str(info.value)


def test_txt_holding_html_is_read_as_html(tmp_path: Path, read: Read) -> None:
    (tmp_path / "saved.txt").write_text(PAGE)
    (article,), errors = read(tmp_path / "saved.txt")
    assert not errors
    assert article.title == "Ferry service resumes"
    assert "<p>" not in article.text and article.text.startswith("The island ferry")


def test_rss_file_holding_a_web_page_is_read_as_html(tmp_path: Path, read: Read) -> None:
    (tmp_path / "feed.rss").write_text(PAGE)
    (article,), errors = read(tmp_path / "feed.rss")
    assert not errors and article.id == "feed"


def test_rss_file_holding_prose_is_a_bad_feed(tmp_path: Path, read: Read) -> None:
    (tmp_path / "feed.rss").write_text("Ferry timetable: boats leave every hour.")
    articles, (error,) = read(tmp_path / "feed.rss")
    assert not articles and error.err is Err.BAD_FEED


def test_json_lines_in_a_json_file(tmp_path: Path, read: Read) -> None:
    lines = [dict(RECORD, id=f"r{i}") for i in range(3)]
    (tmp_path / "batch.json").write_text("\n".join(json.dumps(r) for r in lines))
    articles, errors = read(tmp_path / "batch.json")
    assert not errors and [a.id for a in articles] == ["r0", "r1", "r2"]
