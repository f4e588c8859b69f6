"""Properties over arbitrary input: never raises; plain text round-trips."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triangulate.errors import ReadError
from triangulate.model import Article, normalise_text
from triangulate.readers import UNEXPECTED, read_inputs
from triangulate.readers.plain import split_title

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = st.sampled_from(["in.txt", "in.html", "in.json", "in.jsonl", "in.rss", "in.xml",
                         "in.warc", "in.md", "in", "in.txt.gz"])


def _check(items: list[Article | ReadError]) -> None:
    for item in items:
        assert isinstance(item, Article | ReadError)
        if isinstance(item, ReadError):
            assert UNEXPECTED not in str(item), str(item)
            assert "\n" not in str(item)
        else:
            assert item.text and item.text == normalise_text(item.text)


@FAST
@given(data=st.binary(max_size=2000), name=NAMES)
def test_arbitrary_bytes_never_raise(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        _check(list(read_inputs([path])))
    _check(list(read_inputs(["-"], stdin=io.BytesIO(data))))


# Markup-, JSON- and feed-shaped prefixes steer generated inputs into every reader.
PREFIXES = st.sampled_from(["", "<html><body><p>", "<?xml version='1.0'?><rss><channel>",
                            "<feed xmlns='http://www.w3.org/2005/Atom'>", "{\"text\": ",
                            "[{\"body\": \"", "WARC/1.0\r\n", "\ufeff", "# "])


@FAST
@given(prefix=PREFIXES, text=st.text(max_size=500), name=NAMES)
def test_arbitrary_text_never_raises(prefix: str, text: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name.removesuffix(".gz")
        path.write_text(prefix + text, encoding="utf-8", errors="surrogatepass")
        _check(list(read_inputs([path])))


@FAST
@given(records=st.lists(st.dictionaries(
    st.sampled_from(["id", "title", "text", "body", "outlet", "date", "url", "source"]),
    st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans(),
              st.lists(st.text(max_size=5), max_size=2)),
), max_size=4))
def test_arbitrary_json_records_never_raise(records: list[dict[str, object]]) -> None:
    stream = io.BytesIO("\n".join(json.dumps(r) for r in records).encode())
    _check(list(read_inputs(["-"], stdin=stream)))


# Printable text: control characters would (rightly) make the file count as binary.
PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
    | st.sampled_from(["\n", "\t", "\r", " "]),
    max_size=400,
)


@FAST
@given(text=PRINTABLE)
def test_plain_text_round_trips(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.txt"
        path.write_bytes(text.encode("utf-8"))
        items = list(read_inputs([path]))
    expected = normalise_text(text)
    if not expected:
        assert len(items) == 1 and isinstance(items[0], ReadError)
        return
    assert len(items) == 1, items
    (article,) = items
    if isinstance(article, ReadError):
        # Only text that opens with angle brackets or braces may be taken for another
        # format; prose never is.
        assert expected.lstrip().startswith(("<", "{", "["))
        return
    title, body = split_title(expected)
    assert article.title == (" ".join(title.split()) if title else None)
    assert article.text == body
    assert article.id == "story"
