"""Plain-text articles: title rule, ids, encodings, standard input."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from reader_helpers import Read

from triangulate.errors import Err
from triangulate.readers.plain import split_title

HEADLINE = "Council closes market hall after cracks found"
LEAD = ("The city council voted on Tuesday to close the old market hall for repairs, "
        "after engineers found cracks in two of its arches.")

TITLE_CASES = [
    # (text, expected title or None, expected body start)
    (f"{HEADLINE}\n\n{LEAD}", HEADLINE, "The city council"),
    (f"{HEADLINE}\n   \n{LEAD}", HEADLINE, "The city council"),  # blank line with spaces
    (f"{HEADLINE}\n{LEAD}", None, HEADLINE),  # no blank line: no title
    (LEAD, None, "The city council"),  # one paragraph
    (f"{LEAD}\n\nThe hall will reopen in spring.", None, "The city council"),  # a sentence
    ("U.S. Attorney Subpoenas Campaign and State G.O.P.\n\n" + LEAD,
     "U.S. Attorney Subpoenas Campaign and State G.O.P.", "The city council"),
    ("Will the truce last?\n\n" + LEAD, "Will the truce last?", "The city council"),
    ("x" * 300 + "\n\n" + LEAD, None, "x" * 10),  # too long for a headline
]


@pytest.mark.parametrize(("text", "title", "start"), TITLE_CASES)
def test_title_rule(text: str, title: str | None, start: str) -> None:
    got_title, body = split_title(text)
    assert got_title == title
    assert body.startswith(start)


def test_markdown_heading_marks_are_not_part_of_the_title() -> None:
    assert split_title(f"# {HEADLINE}\n\n{LEAD}", markdown=True)[0] == HEADLINE


@pytest.mark.parametrize("name", ["story.txt", "story.text", "story.md", "story"])
def test_plain_text_article(tmp_path: Path, read: Read, name: str) -> None:
    path = tmp_path / name
    path.write_text(f"{HEADLINE}\r\n\r\n{LEAD}\r\nSecond line.\n", encoding="utf-8")
    (article,), errors = read(path)
    assert not errors
    assert article.id == "story"
    assert article.title == HEADLINE
    assert article.text == f"{LEAD}\nSecond line."
    assert article.source_path == str(path)
    assert article.published is None and article.outlet is None


ENCODINGS = [
    ("utf-8-sig", b""),
    ("utf-16", b""),  # Python writes a BOM
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32", b""),
    ("utf-16-le", b""),  # no BOM: recognised from where the NUL bytes sit
    ("cp1252", b""),
    ("latin-1", b""),
]


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS)
def test_encodings(tmp_path: Path, read: Read, codec: str, bom: bytes) -> None:
    text = ("Caf\u00e9 owners in Orl\u00e9ans said the na\u00efve plan would cost "
            "\u00e0 peu pr\u00e8s 40 000 euros, according to the r\u00e9gion's "
            "\u00e9conomie department, which published the figures on Monday.")
    path = tmp_path / "encoded.txt"
    path.write_bytes(bom + text.encode(codec))
    (article,), errors = read(path)
    assert not errors
    assert article.text == text


def test_stdin_is_sniffed_like_a_file(read: Read) -> None:
    stream = io.BytesIO(f"{HEADLINE}\n\n{LEAD}".encode())
    (article,), errors = read("-", stdin=stream)
    assert not errors
    assert (article.id, article.title, article.source_path) == ("stdin", HEADLINE, None)


def test_stdin_errors_name_stdin(read: Read) -> None:
    articles, (error,) = read("-", stdin=io.BytesIO(b""))
    assert not articles
    assert error.err is Err.EMPTY
    assert str(error).startswith("<stdin>: ")


def test_one_path_given_as_a_string(tmp_path: Path) -> None:
    from triangulate.readers import read_inputs

    path = tmp_path / "one.txt"
    path.write_text(LEAD)
    (article,) = list(read_inputs(str(path)))
    assert article.id == "one"  # type: ignore[union-attr]
