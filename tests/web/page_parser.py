"""What a browser would build from a page: its tags, attributes, links and text."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value is not None:
                self.hrefs.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_inert(html: str) -> Page:
    """No script, no handler, no style or frame from input, no script URL: text stays text."""
    page = parse(html)
    assert "script" not in page.tags
    assert not {"img", "iframe", "object", "embed", "textarea", "b", "i"} & set(page.tags)
    assert page.tags.count("style") <= 1  # the page's own, never one from input
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert not [a for a in page.attrs if a[1] == "data-x"]
    assert not [h for h in page.hrefs if h.strip().lower().startswith(("javascript:", "data:"))]
    assert not [a for a in page.attrs if a[1] in ("src", "srcset", "action", "formaction")
                and a[2] not in ("/upload",)]
    assert "<script" not in html.lower()
    return page
