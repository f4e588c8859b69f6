"""The app under uvicorn in chromium: stories, a finding, its evidence; uploads; nothing runs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from conftest import OUTPUT, TOKEN, Analysed, Server, Watched
from playwright.sync_api import expect

LIGHT_BACKGROUND = "rgb(246, 245, 241)"


def test_story_to_finding_to_evidence(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/")
    expect(page.locator("h1")).to_have_text("Stories")
    page.screenshot(path=str(OUTPUT / "app-stories.png"))
    page.locator("a.story-title").first.click()
    expect(page).to_have_url(re.compile(r"/stories/[^#]+$"))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == LIGHT_BACKGROUND
    finding = page.locator("article.finding").first
    shown = finding.locator("figure.ev blockquote mark").first.inner_text()
    finding.locator("a.jump").first.click()
    expect(page).to_have_url(re.compile(r"#art-\d+-\d+-\d+$"))
    target = page.locator(":target")
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.tagName === 'MARK' && e.closest('.fulltext') !== null")
    assert target.inner_text().split() == shown.split()
    page.screenshot(path=str(OUTPUT / "app-evidence.png"))


def test_findings_page_leads_to_the_finding(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(server.base + "/findings?kind=single_source")
    page.locator(".findings-table tbody a").first.click()
    target = page.locator(":target")
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.classList.contains('finding')")


def test_hostile_articles_never_run(server: Server, analysed: Analysed,
                                    watched: Watched) -> None:
    page = watched.page
    articles = analysed.report["articles"]
    assert isinstance(articles, list)
    urls = ["/", "/findings", *[f"/stories/{quote(s['id'], safe='')}"
                                for s in analysed.report["stories"]],
            *[f"/articles/{quote(a['id'], safe='')}" for a in articles]]
    for url in urls:
        page.goto(server.base + url)
        assert page.locator("script, img, iframe, object, embed, textarea").count() == 0, url
        assert page.locator("a[href^='javascript' i]").count() == 0, url
        expect(page.locator("main")).to_be_visible()
        watched.assert_nothing_ran()
    assert not [m for m in watched.console if "Content Security Policy" in m]
    page.goto(server.base + "/articles/evil-post")
    expect(page.get_by_text("<script>", exact=False).first).to_be_visible()
    page.screenshot(path=str(OUTPUT / "app-hostile-article.png"))


def test_upload_through_the_form(upload_server: Server, watched: Watched,
                                 tmp_path: Path) -> None:
    page = watched.page
    story = tmp_path / "extra-report.txt"
    story.write_text("Kessel Dam: repairs begin\n\nEngineers began repairing the spillway of "
                     "the Kessel Dam on Monday, Governor Helena Varga said in Lindqvar.",
                     encoding="utf-8")
    page.goto(upload_server.base + "/upload")
    page.set_input_files("input[name=files]", str(story))
    page.fill("input[name=token]", "not the token")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("wrong upload token")
    page.goto(upload_server.base + "/upload")
    page.set_input_files("input[name=files]", str(story))
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Analysed", timeout=180_000)
    expect(page.locator("main")).to_contain_text("1 new article")
    page.screenshot(path=str(OUTPUT / "app-upload.png"))
    page.goto(upload_server.base + "/articles/extra-report")
    expect(page.locator("h1")).to_have_text("Kessel Dam: repairs begin")
