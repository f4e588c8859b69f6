"""HTML pages: main text and metadata; HTML fragments to text."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_helpers import Read

from triangulate.readers.htmltext import html_to_text


def test_news_page(fixtures: Path, read: Read) -> None:
    (article,), errors = read(fixtures / "news_page.html")
    assert not errors
    assert article.id == "news_page"
    assert article.title == "Storm floods coastal towns as river bursts its banks"
    assert article.outlet == "The Harbour Gazette"
    assert article.published == "2023-03-14"
    assert article.url == (
        "https://www.harbourgazette.example/news/2023/03/14/storm-floods-coastal-towns")
    assert article.text.startswith("Hundreds of homes were evacuated on Tuesday")
    assert "one-in-a-hundred-year event" in article.text
    for boilerplate in ("cookies", "Privacy policy", "Related stories", "Sport", "dataLayer"):
        assert boilerplate not in article.text


def test_page_without_site_name_takes_outlet_from_host(tmp_path: Path, read: Read) -> None:
    page = ("<html><head><title>Water main bursts downtown</title>"
            "<link rel='canonical' href='https://www.valleypost.example/local/water-main'>"
            "</head><body><article><p>A water main burst under Market Street early on "
            "Saturday, flooding several shops and closing the road for most of the day.</p>"
            "<p>The water company said repairs would take until Monday and apologised to "
            "residents who were left without supply overnight.</p></article></body></html>")
    (tmp_path / "page.htm").write_text(page)
    (article,), errors = read(tmp_path / "page.htm")
    assert not errors
    assert article.outlet == "valleypost.example"
    assert article.url == "https://www.valleypost.example/local/water-main"


def test_page_without_text_is_one_error(tmp_path: Path, read: Read) -> None:
    (tmp_path / "blank.html").write_text("<html><head><title>x</title></head><body></body></html>")
    articles, (error,) = read(tmp_path / "blank.html")
    assert not articles and error.code == "T007"


FRAGMENTS = [
    ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
    ("Line one<br>line two", "Line one\nline two"),
    ("Bold <b>wo</b>rd and <a href='#'>link</a>.", "Bold word and link."),
    ("<p>Kept</p><script>var x = 1;</script><style>p{}</style>", "Kept"),
    ("<ul><li>First</li><li>Second</li></ul>", "First\n\nSecond"),
    ("<figure><img src='a.jpg'><figcaption>Caption</figcaption></figure><p>Text</p>", "Text"),
    ("Fish &amp; chips &mdash; cheap", "Fish & chips \u2014 cheap"),
    ("  spaced\n\n   out  ", "spaced out"),
    ("", ""),
]


@pytest.mark.parametrize(("markup", "text"), FRAGMENTS)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_deeply_nested_fragment_does_not_recurse() -> None:
    markup = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert "deep" in html_to_text(markup) or html_to_text(markup) == ""


BY_TUESDAY = "By Tuesday the rivers had risen by two metres.\nMore rain fell."
HEADINGS = [
    # (extracted text, title, author, expected text)
    ("Flood warning\nRivers rose overnight.", "Flood warning", None, "Rivers rose overnight."),
    ("Flood warning\nBy Ann Lee, Reporter\nRivers rose.", "Flood warning", None, "Rivers rose."),
    ("Ann Lee\nRivers rose.", None, "Ann Lee", "Rivers rose."),
    (BY_TUESDAY, None, None, BY_TUESDAY),  # a sentence, not a byline
    ("Flood warning", "Flood warning", None, "Flood warning"),  # nothing else: keep it
    ("Rivers rose.\nFlood warning", "Flood warning", None, "Rivers rose.\nFlood warning"),
]


@pytest.mark.parametrize(("text", "title", "author", "expected"), HEADINGS)
def test_leading_headline_and_byline_are_dropped(text: str, title: str | None,
                                                 author: str | None, expected: str) -> None:
    from triangulate.readers.webpage import _drop_heading_lines

    assert _drop_heading_lines(text, title, author) == expected


def test_page_in_its_declared_charset(tmp_path: Path, read: Read) -> None:
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; "
            "charset=windows-1252'><title>Caf\u00e9 reopens</title></head><body><article>"
            "<p>The caf\u00e9 on the quay reopened on Friday \u2013 three months after the "
            "fire \u2013 and its owner said bookings were \u201cbetter than ever\u201d.</p>"
            "<p>The building's fa\u00e7ade was rebuilt with stone from the original quarry, "
            "the council's heritage officer said.</p></article></body></html>")
    (tmp_path / "cafe.html").write_bytes(page.encode("cp1252"))
    (article,), errors = read(tmp_path / "cafe.html")
    assert not errors
    assert "caf\u00e9 on the quay" in article.text
    assert "\u201cbetter than ever\u201d" in article.text
    assert article.title == "Caf\u00e9 reopens"
