"""Real browser tests: the real pipeline, a real server, Debian's chromium driven headless.

A store is built once by running the pipeline on the embedded demo corpus (fiction) plus
hostile articles whose every field holds markup or script that would set
``window.__pwned``, change the title or open a dialog if it ever ran. The report is
written to disk and opened as file://; the app runs under uvicorn on a free loopback port
in a background thread. Screenshots go to test-output/ (gitignored).

Everything here is skipped with a message where /usr/bin/chromium is absent: no browser
is ever downloaded.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
TOKEN = "browser-test-token"
PAYLOAD = "window.__pwned = 1; document.title = 'PWNED'"

HOSTILE_RECORDS = [
    {
        "id": "evil-post",
        "title": f"<script>{PAYLOAD}</script>Kessel Dam fails {{{{ 7*7 }}}}",
        "outlet": f"<img src=x onerror=\"{PAYLOAD}\">Evil Post",
        "published": "2026-03-15",
        "url": "javascript:window.__pwned=1",
        "text": (
            "More than 5,000 people were evacuated from Lindqvar after the spillway of the "
            f"Kessel Dam collapsed on Saturday <script>{PAYLOAD}</script>, according to the "
            "regional civil protection office.\n\n"
            "\"We got everyone out of the lower town <img src=x onerror=\"alert(1)\"> before "
            "the water came,\" Governor Helena Varga said at a briefing on Sunday.\n\n"
            "Rainfall reached 210 millimetres in three days </textarea><svg onload=\"alert(2)\">"
            " {{ 7*7 }} {% if 1 %}x{% endif %}, the regional weather service said.\n\n"
            "<a href=\"javascript:window.__pwned=1\">Read more</a> <style>body{display:none}"
            "</style> <iframe src=\"javascript:alert(3)\"></iframe>"
        ),
    },
]
HOSTILE_TEXT_NAME = 'quote"onmouseover=alert(4).txt'
HOSTILE_TEXT = (
    "<script>alert('title')</script> Kessel Dam spillway collapse\n\n"
    "The spillway of the Kessel Dam collapsed on Saturday <b onmouseover=alert(5)>and "
    "about 1,200 residents</b> of Lindqvar were evacuated, officials said. "
    "</div></main><script>window.__pwned=1</script>"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need Debian chromium at {CHROMIUM} "
                                   "(apt-get install chromium); none is downloaded")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@dataclass
class Analysed:
    db: Path
    report_html: Path
    report: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="session")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Analysed:
    """The demo corpus and the hostile articles through the real pipeline, into a store."""
    from triangulate.api import analyze

    inputs = tmp_path_factory.mktemp("inputs")
    demo = resources.files("triangulate") / "demo" / "articles" / "articles.jsonl"
    (inputs / "demo.jsonl").write_text(demo.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "hostile.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in HOSTILE_RECORDS), encoding="utf-8")
    (inputs / HOSTILE_TEXT_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    out = tmp_path_factory.mktemp("report")
    db = out / "store.db"
    report = analyze([inputs], db=str(db))
    assert not report.errors, report.errors
    paths = report.write(out)
    return Analysed(db=db, report_html=paths["html"], report=report.to_dict())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    base: str
    stop: Callable[[], None]


def start_server(db: Path, allow_upload: bool = False) -> Server:
    """The app under uvicorn on 127.0.0.1 and a free port, in a background thread."""
    import uvicorn

    from triangulate.web.app import create_app

    port = free_port()
    app = create_app(str(db), allow_upload=allow_upload, token=TOKEN if allow_upload else None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return Server(base=f"http://127.0.0.1:{port}", stop=stop)


@pytest.fixture(scope="session")
def server(analysed: Analysed) -> Iterator[Server]:
    running = start_server(analysed.db)
    yield running
    running.stop()


@pytest.fixture
def upload_server(analysed: Analysed, tmp_path: Path) -> Iterator[Server]:
    """A server that allows uploads, over a copy of the store (uploads replace results)."""
    db = tmp_path / "upload.db"
    shutil.copy(analysed.db, db)
    running = start_server(db, allow_upload=True)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser_context() -> Iterator[BrowserContext]:
    OUTPUT.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp(prefix="triangulate-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900}, java_script_enabled=True)
            yield context
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Watched:
    """A page, and what it did that it must not: dialogs, CSP complaints, errors."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def assert_nothing_ran(self) -> None:
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        # the payloads set the title to exactly this; a title showing them as text is fine
        assert self.page.title() != "PWNED"
        assert self.dialogs == []


@pytest.fixture
def watched(browser_context: BrowserContext) -> Iterator[Watched]:
    page = browser_context.new_page()
    seen = Watched(page=page)

    def on_dialog(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: seen.console.append(message.text))
    yield seen
    seen.assert_nothing_ran()
    page.close()
