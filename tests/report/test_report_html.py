"""render_html: one offline page, hostile input kept inert, every link lands somewhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from triangulate.model import Corpus
from triangulate.report import build_report, render_html, validate_report
from triangulate.report.html import (
    CSP,
    CSS,
    anchor_slug,
    safe_href,
    sentence_context,
    short_date,
    style_hash,
)
from triangulate.report.view import (
    abbreviations,
    by_speaker,
    claim_matrix,
    coalesce,
    collations,
    names_end_with,
    same_statement,
    story_views,
)

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


def test_family_collates_the_copies_word_by_word(report: dict[str, Any]) -> None:
    html = render_html(report)
    table = re.search(r'<table class="collation">.*?</table>', html, re.S)
    assert table
    row = re.search(r'<tr class="changed">(.*?)</tr>', table.group(0), re.S)
    assert row
    assert "<del>About</del> 900 residents" in row.group(1)
    assert "<ins>Some</ins> 900 residents" in row.group(1)
    assert "1 sentence kept word for word" in table.group(0)


def test_matrix_rows_and_cells(report: dict[str, Any]) -> None:
    html = render_html(report)
    matrix = re.search(r'<table class="matrix">.*?</table>', html, re.S)
    assert matrix
    # the conflict's claims are in no claim group: the conflict gets a row of its own
    row = re.search(r'<tr class="conflict">(.*?)</tr>', matrix.group(0), re.S)
    assert row and "How many residents left Marlow" in row.group(1)
    states = re.findall(r'<td class="cell (\w+)"', row.group(1))
    assert states == ["contradicts", "contradicts", "silent"]
    # column heads are abbreviations with the outlet as a tooltip
    assert '<abbr title="Riverside Gazette — Flood forces 1,200 from homes in Marlow ' \
           '(gazette-1)">RG</abbr>' in matrix.group(0)


def test_matrix_from_claim_groups(report: dict[str, Any]) -> None:
    report["claim_groups"] = [
        {"id": "g1", "story": "s1", "claims": ["gazette-1:c1", "courier-7:c1", "wire-3:c1"],
         "articles": ["gazette-1", "courier-7", "wire-3"], "label": "How many left"},
        {"id": "g2", "story": "s1", "claims": ["gazette-1:c2", "courier-7:c2"],
         "articles": ["gazette-1", "courier-7"], "label": "Peak of the river"}]
    views = story_views(report)
    rows = claim_matrix(views[0])
    assert [r.label for r in rows] == ["How many left", "Peak of the river"]
    assert [c.state for c in rows[0].cells] == ["contradicts", "contradicts", "states"]
    assert [c.state for c in rows[1].cells] == ["states", "states", "silent"]
    assert rows[0].conflict and rows[0].finding == "f2" and rows[0].sources == 3
    assert rows[0].cells[0].value == "" and rows[1].cells[0].value == "5.4 metres"


def test_quotes_of_one_speaker_side_by_side(report: dict[str, Any]) -> None:
    html = render_html(report)
    grid = re.search(r'<div class="wording-grid">.*?</div>\s*</div>', html, re.S)
    assert grid
    assert grid.group(0).count('<figure class="wording') == 2
    assert "One statement, 2 wordings" in html
    assert 'never seen <mark class="diff">the </mark>water' in grid.group(0)


def test_timeline_chart_is_inline_svg_with_links(report: dict[str, Any],
                                                 parse: ParseHtml) -> None:
    html = render_html(report)
    chart = re.search(r'<svg class="chart".*?</svg>', html, re.S)
    assert chart
    page = parse(chart.group(0))
    assert page.tags.count("circle") == 3  # 2 sources on 3 Dec, 1 on 19 Dec
    targets = {h[1:] for h in page.hrefs}
    assert targets == {"story-0-t0", "story-0-t1"}
    assert all(f'id="{t}"' in html for t in targets)
    assert ">3 Dec<" in chart.group(0) and ">19 Dec<" in chart.group(0)
    assert "≈" in chart.group(0)  # a date without a year is set apart


def test_style_is_allowed_by_hash_only() -> None:
    assert "'unsafe-inline'" not in CSP and style_hash(CSS) in CSP
    html = render_html(build_report(Corpus()))
    css = re.search(r"<style>(.*?)</style>", html, re.S)
    assert css and style_hash(css.group(1)) in CSP
    assert ' style="' not in html


@pytest.mark.parametrize(("names", "abbr"), [
    (["Orme Valley Wire (fictional)"], ["OVW"]),
    (["The Capital Standard"], ["CS"]),
    (["Reuters"], ["REUT"]),
    (["BBC"], ["BBC"]),
    (["Channel 10 News"], ["C10N"]),
    (["Daily Courier", "Daily Courier", "Dallas Chronicle"], ["DC", "DC2", "DC3"]),
    ([None], ["A0"]),
    (["<script>"], ["SCRI"]),
])
def test_abbreviations(names: list[str | None], abbr: list[str]) -> None:
    articles = [{"id": f"a{i}", "outlet": n} for i, n in enumerate(names)]
    assert list(abbreviations(articles).values()) == abbr


@pytest.mark.parametrize(("full", "short", "same"), [
    ("Governor Helena Varga", "Varga", True),
    ("Governor Helena Varga", "Helena Varga", True),
    ("a spokesman for Hydrovia", "Hydrovia", False),
    ("Varga", "Varga", False),
    ("Helena Varga", "varga", False),
    ("Jane Ortiz", "Ortiz", True),
    ("Jane Ortiz", "Smith", False),
])
def test_names_end_with(full: str, short: str, same: bool) -> None:
    assert names_end_with(full, short) is same


def test_surname_joins_the_full_name() -> None:
    quotes = [{"text": "a", "speaker": "Governor Helena Varga"}, {"text": "b", "speaker": "Varga"},
              {"text": "c", "speaker": "Helena Varga"}, {"text": "d", "speaker": "officials"}]
    groups = by_speaker(quotes, {})
    assert [(name, len(qs)) for name, qs in groups] == [("Governor Helena Varga", 3),
                                                         ("officials", 1)]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("We moved everyone out before the water arrived", "We got everyone out before the "
     "water came", True),
    ("no one had been injured", "nobody had been hurt", False),
    ("that no one had been injured", "that nobody had been hurt", True),
    ("The wall is not moving", "Insurance losses could exceed 50 million euros", False),
    ("yes", "yes", False),  # too short to say
])
def test_same_statement(a: str, b: str, same: bool) -> None:
    assert same_statement(a, b) is same


@pytest.mark.parametrize(("pieces", "joined"), [
    ([("changed", "failed"), ("equal", " "), ("changed", "on")], [("changed", "failed on")]),
    ([("equal", "a"), ("equal", " b")], [("equal", "a b")]),
    ([("changed", "x"), ("equal", " "), ("equal", "y")], [("changed", "x"), ("equal", " y")]),
    ([("equal", " "), ("changed", "x")], [("equal", " "), ("changed", "x")]),
])
def test_coalesce(pieces: list[tuple[str, str]], joined: list[tuple[str, str]]) -> None:
    assert coalesce(pieces) == joined


def test_collations_split_a_family_into_its_pairs() -> None:
    def span(article: str, start: int) -> dict[str, Any]:
        return {"article": article, "start": start, "end": start + 1, "text": "x"}

    family = {"alignment": [
        {"status": "kept", "left": span("a", 0), "right": span("b", 0)},
        {"status": "added", "left": None, "right": span("b", 5)},
        {"status": "changed", "left": span("b", 0), "right": span("c", 0)},
        {"status": "dropped", "left": span("b", 9), "right": None},
        # the same pair's sides again from the start: a new comparison
        {"status": "dropped", "left": span("b", 2), "right": None},
    ]}
    pairs = collations(family)
    assert [(p.left, p.right, len(p.rows)) for p in pairs] == [
        ("a", "b", 2), ("b", "c", 2), ("b", None, 1)]


@pytest.mark.parametrize(("value", "slug"), [
    ("f1", "f1"), ("a b", "a_20_b"), ("x_y", "x_5f_y"), ("<s>", "_3c_s_3e_"),
])
def test_anchor_slug(value: str, slug: str) -> None:
    assert anchor_slug(value) == slug


@pytest.mark.parametrize(("date", "lines"), [
    ("2024-12-06", ("6 Dec", "2024")), ("2024-12", ("Dec", "2024")), ("1931", ("1931", "")),
    ("--12-19", ("19 Dec", "year ?")), ("2024-W51", ("2024-W51", "")),
])
def test_short_date(date: str, lines: tuple[str, str]) -> None:
    assert short_date(date) == lines


def test_empty_report_renders(parse: ParseHtml) -> None:
    html = render_html(build_report(Corpus()))
    page = parse(html)
    assert page.errors == [] and page.stack == []
    assert "No articles were analysed." in html
