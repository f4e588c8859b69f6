"""render_html: one offline page, hostile input kept inert, every link lands somewhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from triangulate.model import Corpus
from triangulate.report import build_report, render_html, validate_report
from triangulate.report.html import CSP, safe_href, sentence_context

ParseHtml = Callable[[str], Any]  # the ``parse`` fixture of conftest.py


@pytest.fixture
def hostile(corpus: Corpus) -> dict[str, Any]:
    a1, a2, a3 = corpus.articles
    a1.title = "<script>alert('title')</script>"
    a1.outlet = '<img src=x onerror="alert(1)">'
    a1.url = "javascript:alert(document.cookie)"
    a2.url = " JaVaScRiPt:alert(2)"
    a3.url = "https://wire.example/a?b=1&c=\"><script>alert(3)</script>"
    a3.title = "Wire\nreport\u2028with </mark></div> breaks"
    corpus.stories[0].title = "</title><script>alert('story')</script>"
    corpus.findings[0].summary = "<b onmouseover=alert(4)>bold</b> & {{ not a template }}"
    return build_report(corpus)


def test_page_is_self_contained(report: dict[str, Any], parse: ParseHtml) -> None:
    validate_report(report)
    html = render_html(report)
    page = parse(html)
    assert page.tags.count("html") == page.tags.count("head") == page.tags.count("body") == 1
    assert f'content="{CSP}"' in html.replace("&#39;", "'")
    # nothing is fetched: no script, no external style, no source attributes, no url()
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    assert not [a for a in page.attrs if a[1] in ("src", "srcset", "action", "formaction")]
    assert "url(" not in html and "@import" not in html
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert external == ["https://gazette.example/flood"]  # the one article link


def test_page_is_well_formed(report: dict[str, Any], parse: ParseHtml) -> None:
    page = parse(render_html(report))
    assert page.errors == []
    assert page.stack == []


def test_every_anchor_link_lands(report: dict[str, Any], parse: ParseHtml) -> None:
    page = parse(render_html(report))
    assert len(page.ids) == len(set(page.ids))
    targets = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert targets and set(targets) <= set(page.ids)


def test_evidence_links_to_its_span_in_the_full_text(report: dict[str, Any]) -> None:
    html = render_html(report)
    for finding in report["findings"]:
        for ev in finding["evidence"]:
            index = [a["id"] for a in report["articles"]].index(ev["article"])
            anchor = f"art-{index}-{ev['start']}-{ev['end']}"
            assert f'href="#{anchor}"' in html
            assert re.search(rf'<mark class="[^"]*" id="{anchor}"', html)


def test_full_text_is_kept_character_for_character(report: dict[str, Any],
                                                   parse: ParseHtml) -> None:
    html = render_html(report)
    for i, article in enumerate(report["articles"]):
        block = re.search(rf'<article class="source" id="art-{i}">.*?<div class="fulltext">'
                          r'(.*?)</div>', html, re.S)
        assert block
        plain = re.sub(r"<[^>]+>", "", block.group(1))
        assert parse(plain).text and "".join(parse(plain).text) == article["text"]


def test_findings_by_kind_conflicts_first(report: dict[str, Any]) -> None:
    html = render_html(report)
    order = [html.index(f'class="finding {css}"') for css in
             ("k-conflict", "k-single-source", "k-anonymous-source", "k-unverified-source",
              "k-corroborated")]
    assert order == sorted(order)
    assert "How many residents left Marlow: 1,200 or about 900." in html
    assert "3 Dec 2024" in html and "19 Dec (year unknown)" in html


def test_hostile_text_never_becomes_markup(hostile: dict[str, Any], parse: ParseHtml) -> None:
    validate_report(hostile)
    html = render_html(hostile)
    page = parse(html)
    assert "<script" not in html.lower()
    assert "<img" not in html and "<b " not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert not [h for h in page.hrefs if "javascript:" in h.lower()]
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert page.errors == [] and page.stack == []
    # the hostile url with quotes is not a link, but it is shown as text
    assert "https://wire.example/a?b=1&amp;c=&#34;&gt;&lt;script&gt;" in html
    assert "{{ not a template }}" in html


@pytest.mark.parametrize(("url", "href"), [
    ("https://news.example/a/b?c=1#d", "https://news.example/a/b?c=1#d"),
    ("http://news.example", "http://news.example"),
    ("HTTPS://NEWS.EXAMPLE/x", "HTTPS://NEWS.EXAMPLE/x"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    (" https://news.example", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//news.example/a", None),
    ("/local/path.html", None),
    ("file:///etc/passwd", None),
    ("https://", None),
    ('https://news.example/"onmouseover="x', None),
    ("", None),
    (None, None),
])
def test_safe_href(url: str | None, href: str | None) -> None:
    assert safe_href(url) == href


CONTEXT_TEXT = (
    "The council met on Monday. Roads will reopen on Dec. 19, said Mr. Lee of the county. "
    "Schools stay shut.\nA new paragraph starts here")


@pytest.mark.parametrize(("needle", "before", "after"), [
    ("Roads will reopen", "", " on Dec. 19, said Mr. Lee of the county."),
    ("Lee", "Roads will reopen on Dec. 19, said Mr. ", " of the county."),
    ("Schools stay shut.", "", ""),
    ("new paragraph", "A ", " starts here"),
    ("council", "The ", " met on Monday."),
])
def test_sentence_context_guessed_from_punctuation(needle: str, before: str,
                                                   after: str) -> None:
    start = CONTEXT_TEXT.index(needle)
    got = sentence_context(CONTEXT_TEXT, start, start + len(needle))
    assert got == (before, needle, after, False, False)


def test_sentence_context_uses_the_reports_sentences() -> None:
    text = "First part; second part. Next one."
    start = text.index("second")
    got = sentence_context(text, start, start + 6, sentences=[[0, 24], [25, 34]])
    assert got == ("First part; ", "second", " part.", False, False)


def test_sentence_context_is_cut_in_long_sentences() -> None:
    text = " ".join(["word"] * 200) + " target " + " ".join(["word"] * 200)
    start = text.index("target")
    before, span, after, cut_before, cut_after = sentence_context(text, start, start + 6,
                                                                  limit=50)
    assert span == "target" and cut_before and cut_after
    assert len(before) <= 51 and len(after) <= 51
    assert before.startswith("word") and after.endswith("word")


def test_family_shows_what_the_rewrite_changed(report: dict[str, Any]) -> None:
    html = render_html(report)
    assert "Sentences the rewrite changed" in html
    assert "<tr><td>About 900 residents</td><td>Some 900 residents</td></tr>" in html


def test_empty_report_renders(parse: ParseHtml) -> None:
    html = render_html(build_report(Corpus()))
    page = parse(html)
    assert page.errors == [] and page.stack == []
    assert "No articles were analysed." in html
