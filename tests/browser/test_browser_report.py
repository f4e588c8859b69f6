"""report.html opened from disk in chromium: click through to the evidence; nothing runs."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import OUTPUT, Analysed, Watched
from playwright.sync_api import Page, expect

from triangulate.model import Article, Claim, ClaimGroup, Corpus, Evidence, Finding, Story
from triangulate.report import build_report, render_html

LIGHT_BACKGROUND = "rgb(246, 245, 241)"  # --bg of report.css: the stylesheet applied


def _assert_lands_in_full_text(page: Page, css_class: str | None = None) -> str:
    """The link target is a mark in an article's full text, scrolled into view."""
    target = page.locator(":target")
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.tagName") == "MARK"
    assert target.evaluate("e => e.closest('.fulltext') !== null")
    if css_class:
        assert css_class in (target.get_attribute("class") or "")
    return target.inner_text()


def test_story_to_finding_to_evidence(analysed: Analysed, watched: Watched) -> None:
    page = watched.page
    page.goto(analysed.report_html.as_uri())
    expect(page).to_have_title(re.compile(r"^Triangulate report: \d+ articles"))
    page.locator("#stories table a").first.click()
    expect(page).to_have_url(re.compile(r"#story-0$"))
    finding = page.locator("article.finding").first
    expect(finding).to_be_in_viewport()
    kind = next(c for c in (finding.get_attribute("class") or "").split() if c.startswith("k-"))
    shown = finding.locator("figure.ev blockquote mark").first.inner_text()
    finding.locator("a.jump").first.click()
    expect(page).to_have_url(re.compile(r"#art-\d+-\d+-\d+$"))
    landed = _assert_lands_in_full_text(page, kind)
    assert landed.split() == shown.split()
    page.screenshot(path=str(OUTPUT / "report-evidence.png"))


def test_matrix_and_chart_link_into_the_texts(analysed: Analysed, watched: Watched) -> None:
    page = watched.page
    page.goto(analysed.report_html.as_uri())
    cell = page.locator("table.matrix td.cell a").first
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT / "report-matrix.png"))
    cell.click()
    _assert_lands_in_full_text(page, "claim")
    dot = page.locator("svg.chart a").first
    dot.scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT / "report-timeline.png"))
    dot.click()
    target = page.locator(":target")
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.closest('ol.timeline') !== null")


def test_hostile_articles_stay_text(analysed: Analysed, watched: Watched) -> None:
    page = watched.page
    page.goto(analysed.report_html.as_uri())
    assert page.locator("script, img, iframe, object, embed, textarea").count() == 0
    # the payloads are on the page, as text a reader can see
    expect(page.get_by_text("<img src=x onerror=", exact=False).first).to_be_attached()
    expect(page.get_by_text("{{ 7*7 }}", exact=False).first).to_be_attached()
    assert page.locator("a[href^='javascript' i]").count() == 0
    # the page's own stylesheet applies (allowed by hash); a <style> from input does not
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == LIGHT_BACKGROUND
    expect(page.locator("main")).to_be_visible()
    for el in page.locator("[id^='art-']").all()[:3]:
        el.scroll_into_view_if_needed()
    assert not [m for m in watched.console if "Content Security Policy" in m]
    page.screenshot(path=str(OUTPUT / "report-hostile.png"), full_page=False)


def _wide_report(outlets: int = 30, claims: int = 40) -> str:
    """A story told by ``outlets`` outlets with ``claims`` claim groups (synthetic)."""
    articles, groups = [], []
    for n in range(outlets):
        text = " ".join(f"Claim {c} made by outlet {n}." for c in range(claims))
        article = Article(id=f"a{n}", text=text, outlet=f"Outlet Number {n} Daily",
                          title=f"Report {n}")
        article.claims = [Claim(id=f"a{n}:c{c}", sentence=c, span=article.span(
            text.index(f"Claim {c} "), text.index(f"Claim {c} ") + len(f"Claim {c} made")))
            for c in range(claims) if (n + c) % 3]
        articles.append(article)
    for c in range(claims):
        members = [a for a in articles if any(x.id.endswith(f":c{c}") for x in a.claims)]
        groups.append(ClaimGroup(id=f"g{c}", story="s", label=f"Claim number {c} of the story",
                                 claims=[f"{a.id}:c{c}" for a in members],
                                 articles=[a.id for a in members]))
    first = articles[1].claims[0].span
    conflict = Finding(id="f", kind="conflict", story="s", summary="They disagree",
                       evidence=[Evidence.of(first, "a1:c0")], independent_sources=2)
    corpus = Corpus(articles=articles, claim_groups=groups, findings=[conflict],
                    stories=[Story(id="s", title="Wide story", articles=[a.id for a in articles])])
    return render_html(build_report(corpus))


def test_matrix_stays_readable_at_30_outlets(tmp_path: Path, watched: Watched) -> None:
    path = tmp_path / "wide.html"
    path.write_text(_wide_report(), encoding="utf-8")
    page = watched.page
    page.goto(path.as_uri())
    wrap = page.locator(".matrix-wrap")
    wrap.scroll_into_view_if_needed()
    head = page.locator("table.matrix thead th.src-col").first
    corner = page.locator("table.matrix tbody th.claim-col").first
    box, top = wrap.bounding_box(), head.bounding_box()
    assert box and top
    wrap.evaluate("e => { e.scrollTop = 600; e.scrollLeft = 400; }")
    page.wait_for_timeout(100)
    after_head, after_corner = head.bounding_box(), corner.bounding_box()
    assert after_head and after_corner
    # the header row stays at the top and the claim column at the left of the scroller
    assert abs(after_head["y"] - box["y"]) < 3
    assert abs(after_corner["x"] - box["x"]) < 3
    assert page.locator("table.matrix thead th.src-col").count() == 30
    expect(page.locator("table.matrix thead abbr").first).to_have_attribute(
        "title", re.compile("Outlet Number 0 Daily"))
    page.screenshot(path=str(OUTPUT / "report-matrix-30-outlets.png"))


def test_the_watch_would_see_a_payload_run(watched: Watched) -> None:
    # the checks above are only worth something if a payload that runs is caught
    watched.page.set_content("<script>alert(1); window.__pwned = 1</script>")
    assert watched.dialogs == ["1"]
    try:
        watched.assert_nothing_ran()
    except AssertionError:
        pass
    else:
        raise AssertionError("a payload ran and the watch did not see it")
    watched.dialogs.clear()
    watched.page.goto("about:blank")  # a fresh window for the fixture's own check
