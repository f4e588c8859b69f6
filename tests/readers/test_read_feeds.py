"""RSS and Atom feeds: full entries become articles, teasers are skipped quietly."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_helpers import Read

from triangulate.errors import Err
from triangulate.readers.feeds import is_full_text


def test_rss_feed(fixtures: Path, read: Read) -> None:
    articles, errors = read(fixtures / "world_news.rss")
    assert not errors
    strike, rates = articles  # the one-line teaser in between is skipped
    assert strike.id == "northernledger.example-world-2023-03-14-port-strike-second-week"
    assert strike.title == "Port strike enters second week as talks stall"
    assert strike.outlet == "Northern Ledger - World"
    assert strike.published == "2023-03-14"
    assert strike.url == "https://northernledger.example/world/2023/03/14/port-strike-second-week"
    assert "\u201cWe are not going back for a real-terms pay cut,\u201d" in strike.text
    assert "<p>" not in strike.text and "\n\n" in strike.text
    assert "Idle cranes" not in strike.text  # picture caption
    # No guid: numbered from the file stem; a long summary counts as full text.
    assert rates.id == "world_news-3"
    assert rates.title == "Central bank holds rates & signals caution"
    assert rates.published == "2023-03-12"


def test_atom_feed(fixtures: Path, read: Read) -> None:
    (article,), errors = read(fixtures / "science.atom")
    assert not errors
    assert article.id == "tag-fieldjournal.example-2023-glacier-retreat"
    assert article.outlet == "The Field Journal"
    assert article.published == "2023-05-01"  # the day as written, not shifted to UTC
    assert article.url == "https://fieldjournal.example/2023/05/glacier-retreat"
    assert article.text.startswith("Glaciers in the northern range")


def test_feed_of_teasers_only_is_one_error(fixtures: Path, read: Read) -> None:
    articles, (error,) = read(fixtures / "teasers.rss")
    assert not articles and error.err is Err.NO_TEXT and "2 feed entries" in str(error)


def test_gzipped_feed(fixtures: Path, tmp_path: Path, read: Read) -> None:
    import gzip

    path = tmp_path / "world_news.rss.gz"
    path.write_bytes(gzip.compress((fixtures / "world_news.rss").read_bytes()))
    articles, errors = read(path)
    assert not errors and [a.id for a in articles][1] == "world_news-3"


def test_broken_feed(tmp_path: Path, read: Read) -> None:
    (tmp_path / "cut.xml").write_text("<?xml version='1.0'?><rss><channel><item><title>Hal")
    articles, (error,) = read(tmp_path / "cut.xml")
    assert not articles and error.err in (Err.BAD_FEED, Err.NO_TEXT)


FULL_TEXT = [
    ("Short teaser. Read more.", False),
    ("One long sentence " * 30, False),  # long but not two sentences
    ("The council met on Monday. " * 12, True),
    ("A" * 299 + ". B.", True),
    ("A" * 400 + ".", False),
]


@pytest.mark.parametrize(("text", "full"), FULL_TEXT)
def test_full_text_rule(text: str, full: bool) -> None:
    assert is_full_text(text.strip()) is full


def test_utf16_feed(fixtures: Path, tmp_path: Path, read: Read) -> None:
    text = (fixtures / "science.atom").read_text(encoding="utf-8")
    path = tmp_path / "science.atom"
    path.write_bytes(text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"))
    (article,), errors = read(path)
    assert not errors and article.outlet == "The Field Journal"
