"""Properties of each reader over generated, well-shaped inputs.

tests/readers/test_read_properties.py throws arbitrary bytes and text at every
extension; those rarely get past a parser. The inputs here are valid documents of each
format (JSON, JSON Lines, RSS/Atom, WARC, gzip, UTF-16/32, HTML) with generated
content, so the properties reach what each reader does with what it parsed:

* nothing raises; errors are one line with a code, none an "unexpected failure";
* what goes in comes out: record and entry texts, their order, their count;
* a broken part costs that part only (a JSON Lines line, a WARC cut short);
* compression and encoding change nothing.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from triangulate.errors import Err, ReadError
from triangulate.model import Article, normalise_text
from triangulate.readers import UNEXPECTED, read_inputs
from triangulate.readers.feeds import MIN_FEED_TEXT_CHARS

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words of several scripts, so that encodings and normalisation are exercised.
WORDS = st.sampled_from([
    "the", "council", "said", "on", "Tuesday", "300", "people", "were", "hurt", "café",
    "Zürich", "naïve", "Ελλάδα", "Москва", "заявил", "北京", "表示", "“quoted”", "it’s",
    "—", "2024", "km", "A.", "U.S.", "e\u0301",
])
SENTENCE = st.lists(WORDS, min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=4).map("\n\n".join)


def read_bytes(name: str, data: bytes) -> list[Article | ReadError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_inputs([path]))
    for item in items:
        if isinstance(item, ReadError):
            message = str(item)
            assert "\n" not in message and UNEXPECTED not in message, message
            assert message.endswith(f"[{item.code}]"), message
        else:
            assert item.text and item.text == normalise_text(item.text)
    return items


def summary(items: list[Article | ReadError]) -> list[tuple[str, ...]]:
    """What a read produced, without the names of the files it came from."""
    return [(i.id, i.title or "", i.text) if isinstance(i, Article) else ("error", i.code)
            for i in items]


# --- JSON and JSON Lines ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "text", "body", "title", "date", "items", "source", "x"]),
        inner, max_size=4),
    max_leaves=30,
)


@FAST
@given(document=JSON_VALUES)
def test_any_json_document_is_read_or_refused_cleanly(document: Any) -> None:
    read_bytes("doc.json", json.dumps(document).encode())


@FAST
@given(records=st.lists(st.tuples(st.text(alphabet="abc123-", min_size=1, max_size=6),
                                  st.text(max_size=40), TEXT), min_size=1, max_size=5))
def test_json_records_come_back_in_order(records: list[tuple[str, str, str]]) -> None:
    document = [{"id": i, "title": t, "text": x} for i, t, x in records]
    items = read_bytes("batch.json", json.dumps(document).encode())
    assert len(items) == len(records)
    ids: list[str] = []
    for item, (record_id, _, text) in zip(items, records, strict=True):
        assert isinstance(item, Article), item
        assert item.text == normalise_text(text)
        assert item.id == record_id or item.id.startswith(f"{record_id}-")
        ids.append(item.id)
    assert len(set(ids)) == len(ids)


LINES = st.lists(st.one_of(
    TEXT.map(lambda t: ("ok", json.dumps({"text": t}))),
    st.sampled_from(['{"text": "cut', "{", "[1, 2", '{"text": }', "{'text': 1}"]).map(
        lambda b: ("broken", b)),
    st.sampled_from(["[]", "3", '"text"', "null"]).map(lambda b: ("not an object", b)),
), min_size=1, max_size=8)


@FAST
@given(lines=LINES, blank_every=st.integers(min_value=0, max_value=3))
def test_json_lines_cost_one_error_per_broken_line(lines: list[tuple[str, str]],
                                                  blank_every: int) -> None:
    assume(lines[0][0] == "ok")  # the first line decides that the file is JSON Lines
    body: list[str] = []
    numbers: list[int] = []
    for n, (_, line) in enumerate(lines):
        if blank_every and n % blank_every == 0:
            body.append("")
        body.append(line)
        numbers.append(len(body))
    items = read_bytes("feed.jsonl", "\n".join(body).encode())
    assert len(items) == len(lines)
    for item, (kind, _), lineno in zip(items, lines, numbers, strict=True):
        if kind == "ok":
            assert isinstance(item, Article), item
        else:
            assert isinstance(item, ReadError) and item.err is Err.BAD_JSON, item
            assert item.source.endswith(f"feed.jsonl:{lineno}")


# --- RSS and Atom -------------------------------------------------------------------------

# Clearly a whole article, or clearly a teaser: the rule between them has its own tests.
FULL_TEXT = st.lists(PARAGRAPH, min_size=3, max_size=5).map("\n\n".join).filter(
    lambda t: len(t) >= 2 * MIN_FEED_TEXT_CHARS)
TEASER = SENTENCE.filter(lambda t: len(t) < MIN_FEED_TEXT_CHARS // 2)
ENTRY = st.tuples(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=30),
                  st.one_of(FULL_TEXT, TEASER), st.booleans())


def _feed(entries: list[tuple[str, str, bool]], atom: bool) -> bytes:
    parts: list[str] = []
    for n, (title, text, as_html) in enumerate(entries):
        markup = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n")) if as_html \
            else text
        if atom:
            kind = "html" if as_html else "text"
            parts.append(f"<entry><id>urn:entry:{n}</id><title>{escape(title)}</title>"
                         f"<content type='{kind}'>{escape(markup)}</content></entry>")
        else:
            parts.append(f"<item><guid>entry-{n}</guid><title>{escape(title)}</title>"
                         f"<description>{escape(markup)}</description></item>")
    if atom:
        return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                f"<title>Wire</title>{''.join(parts)}</feed>").encode()
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire"
            f"</title>{''.join(parts)}</channel></rss>").encode()


def _words(text: str) -> str:
    return " ".join(text.split())


@SLOW
@given(entries=st.lists(ENTRY, min_size=1, max_size=5), atom=st.booleans())
def test_feed_entries_with_full_text_become_articles(entries: list[tuple[str, str, bool]],
                                                     atom: bool) -> None:
    items = read_bytes("wire.atom" if atom else "wire.rss", _feed(entries, atom))
    # paragraph breaks in an RSS description are HTML whitespace: compare the words
    full = [_words(normalise_text(text)) for _, text, _ in entries
            if len(text) >= MIN_FEED_TEXT_CHARS]
    articles = [i for i in items if isinstance(i, Article)]
    if not full:
        assert [i.err for i in items if isinstance(i, ReadError)] == [Err.NO_TEXT]
        return
    assert [_words(a.text) for a in articles] == full
    assert all(a.outlet == "Wire" for a in articles)


# --- WARC ---------------------------------------------------------------------------------

RECORD = st.tuples(st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]),
                   st.sampled_from(["text/html", "text/html; charset=utf-8", "image/png"]),
                   TEXT)


def _warc(records: list[tuple[str, str, str]], compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for n, (status, ctype, text) in enumerate(records):
        page = ("<html><head><title>Story</title></head><body><article>"
                + "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
                + "</article></body></html>").encode()
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/{n}", "response", payload=io.BytesIO(page),
            http_headers=headers))
    return buffer.getvalue()


def _urls(items: list[Article | ReadError]) -> list[str | None]:
    return [i.url for i in items if isinstance(i, Article)]


@SLOW
@given(records=st.lists(RECORD, min_size=1, max_size=4), compress=st.booleans(),
       cut=st.floats(min_value=0.0, max_value=1.0))
def test_warc_pages_and_a_cut_archive_keeps_a_prefix(records: list[tuple[str, str, str]],
                                                     compress: bool, cut: float) -> None:
    data = _warc(records, compress)
    name = "crawl.warc.gz" if compress else "crawl.warc"
    whole = read_bytes(name, data)
    pages = [f"https://news.example/{n}" for n, (status, ctype, _) in enumerate(records)
             if status.startswith("200") and ctype.startswith("text/html")]
    assert set(_urls(whole)) <= set(pages)
    assert len(whole) >= len(pages) or any(isinstance(i, ReadError) for i in whole)
    cut_urls = _urls(read_bytes(name, data[: max(1, int(len(data) * cut))]))
    assert cut_urls == _urls(whole)[: len(cut_urls)]


# --- gzip and encodings -------------------------------------------------------------------

DOCUMENTS = st.one_of(
    TEXT.map(lambda t: ("story.txt", t)),
    st.lists(TEXT, min_size=1, max_size=3).map(
        lambda ts: ("batch.json", json.dumps([{"text": t} for t in ts]))),
    st.lists(TEXT, min_size=1, max_size=3).map(
        lambda ts: ("batch.jsonl", "\n".join(json.dumps({"text": t}) for t in ts))),
)


@FAST
@given(document=DOCUMENTS, split=st.floats(min_value=0.0, max_value=1.0))
def test_gzip_changes_nothing(document: tuple[str, str], split: float) -> None:
    name, text = document
    data = text.encode()
    plain = summary(read_bytes(name, data))
    assert summary(read_bytes(name + ".gz", gzip.compress(data))) == plain
    at = int(len(data) * split)  # several members, as concatenated .gz files are
    members = gzip.compress(data[:at]) + gzip.compress(data[at:])
    assert summary(read_bytes(name + ".gz", members)) == plain


@FAST
@given(text=TEXT, keep=st.floats(min_value=0.05, max_value=0.95))
def test_truncated_gzip_is_one_error(text: str, keep: float) -> None:
    data = gzip.compress(text.encode())
    # at least the two magic bytes: without them the input is no longer gzip at all
    items = read_bytes("story.txt.gz", data[: max(2, int(len(data) * keep))])
    assert [i.err for i in items if isinstance(i, ReadError)] == [Err.UNREADABLE], items
    assert not any(isinstance(i, Article) for i in items)


@FAST
@given(text=TEXT, at=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=3))
def test_text_with_stray_nul_bytes_is_never_read_as_utf16(text: str, at: list[float]) -> None:
    data = bytearray(text.encode())
    for where in sorted(at, reverse=True):
        data.insert(int(len(data) * where), 0)
    items = read_bytes("story.txt", bytes(data))
    assert [i.err for i in items if isinstance(i, ReadError)] == [Err.BINARY], items


@FAST
@given(text=TEXT, codec=st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                          "utf-32", "utf-32-le", "utf-32-be"]))
def test_unicode_encodings_read_alike(text: str, codec: str) -> None:
    assert summary(read_bytes("story.txt", text.encode(codec))) == \
        summary(read_bytes("story.txt", text.encode()))


# --- HTML ---------------------------------------------------------------------------------

BLOCK = st.sampled_from(["p", "div", "section", "blockquote", "h2", "li"])


@SLOW
@given(paragraphs=st.lists(st.tuples(BLOCK, PARAGRAPH), min_size=1, max_size=6),
       title=SENTENCE, wrap=st.sampled_from(["article", "main", "div", "body"]))
def test_html_text_comes_from_the_page_text(paragraphs: list[tuple[str, str]], title: str,
                                            wrap: str) -> None:
    body = "".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in paragraphs)
    chrome = "Home | World"
    page = (f"<html><head><title>{escape(title)}</title><style>p {{ color: red }}</style>"
            "<script>var tracker = 'SCRIPTWORD';</script></head><body>"
            f"<nav>{chrome}</nav><{wrap}>{body}</{wrap}>"
            "<img alt='ALTWORD' src='x.png'></body></html>")
    items = read_bytes("page.html", page.encode())
    assert len(items) == 1
    (item,) = items
    if isinstance(item, ReadError):
        assert item.err is Err.NO_TEXT
        return
    # words, not whitespace-separated tokens: trafilatura may glue two blocks that have
    # no whitespace between them in the markup ("the.The")
    page_text = normalise_text(" ".join([title, chrome, *(t for _, t in paragraphs)]))
    shown = set(re.findall(r"\w+", page_text))
    invented = [w for w in re.findall(r"\w+", item.text) if w not in shown]
    assert not invented, invented
