"""Uploads: absent unless allowed, then only with the token; files kept under safe names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from triangulate.web.app import create_app
from triangulate.web.upload import UploadOutcome, safe_name, token_matches

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def uploads(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, list[Path]]]:
    """A client of an app that allows uploads; the analysis is replaced by a recorder."""
    seen: list[Path] = []

    def record(store: object, folder: Path, names: list[str]) -> UploadOutcome:
        seen.extend(sorted(folder.iterdir()))
        assert [p.read_bytes() for p in sorted(folder.iterdir())]
        return UploadOutcome(files=names, added=len(names), analysed=3, stories=1,
                             findings=2, errors=["bad.bin: looks like binary data [T004]"])

    monkeypatch.setattr("triangulate.web.app.analyse_uploads", record)
    with TestClient(create_app(db, allow_upload=True, token=TOKEN),
                    base_url="http://127.0.0.1") as client:
        yield client, seen


def _files(*names: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (n, f"Title {n}\n\nSome text of {n}.".encode(), "text/plain"))
            for n in names]


def test_upload_is_absent_unless_allowed(client: TestClient) -> None:
    assert client.get("/upload").status_code == 404
    answer = client.post("/upload", data={"token": "x"}, files=_files("a.txt"))
    assert answer.status_code == 404
    assert 'href="/upload"' not in client.get("/").text


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x", TOKEN.upper()])
def test_upload_needs_the_token(uploads: tuple[TestClient, list[Path]],
                                token: str | None) -> None:
    client, seen = uploads
    data = {} if token is None else {"token": token}
    answer = client.post("/upload", data=data, files=_files("a.txt"))
    assert answer.status_code == 403 and "T403" in answer.text
    assert seen == []


def test_wrong_header_token_is_refused_before_reading_the_form(
        uploads: tuple[TestClient, list[Path]]) -> None:
    client, seen = uploads
    answer = client.post("/upload", headers={"X-Triangulate-Token": "wrong"},
                         data={"token": TOKEN}, files=_files("a.txt"))
    assert answer.status_code == 403 and seen == []


def test_upload_with_the_token_analyses_files_under_safe_names(
        uploads: tuple[TestClient, list[Path]]) -> None:
    client, seen = uploads
    assert "Upload token" in client.get("/upload").text
    answer = client.post("/upload", data={"token": TOKEN},
                         files=_files("../../etc/passwd", "<script>x</script>.txt", "a.txt",
                                      "a.txt"))
    assert answer.status_code == 200, answer.text
    # "</script>" holds a slash: only what follows the last one is a file name
    assert [p.name for p in seen] == ["a-2.txt", "a.txt", "passwd", "script_.txt"]
    assert "4 files received" in answer.text
    assert "bad.bin: looks like binary data [T004]" in answer.text
    assert seen[0].parent.name.startswith("triangulate-upload-")
    assert not seen[0].parent.exists()  # the temporary folder is gone


def test_upload_by_header_token(uploads: tuple[TestClient, list[Path]]) -> None:
    client, seen = uploads
    answer = client.post("/upload", headers={"X-Triangulate-Token": TOKEN},
                         files=_files("a.txt"))
    assert answer.status_code == 200 and len(seen) == 1


def test_upload_without_files_or_too_large(uploads: tuple[TestClient, list[Path]],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = uploads
    answer = client.post("/upload", data={"token": TOKEN}, files=[("other", ("", b"", ""))])
    assert answer.status_code == 400 and "T405" in answer.text
    monkeypatch.setattr("triangulate.web.app.MAX_UPLOAD_BYTES", 100)
    answer = client.post("/upload", data={"token": TOKEN}, files=_files("a.txt") * 10)
    assert answer.status_code == 413 and "T404" in answer.text


def test_a_random_token_is_made_when_none_is_given(db: str) -> None:
    one = create_app(db, allow_upload=True).state.upload_token
    two = create_app(db, allow_upload=True).state.upload_token
    assert one and two and one != two and len(one) >= 24
    assert create_app(db).state.upload_token is None


@pytest.mark.parametrize(("given", "expected", "ok"), [
    ("abc", "abc", True), ("abc", "abd", False), ("", "", False), (None, "abc", False),
    (b"abc", "abc", False), ("abc", None, False), ("äbc", "äbc", True),
])
def test_token_matches(given: object, expected: str | None, ok: bool) -> None:
    assert token_matches(given, expected) is ok


@pytest.mark.parametrize(("name", "taken", "safe"), [
    ("report.txt", set(), "report.txt"),
    ("../../etc/passwd", set(), "passwd"),
    ("C:\\Users\\me\\news.html", set(), "news.html"),
    (".hidden", set(), "hidden"),
    ("", set(), "upload"),
    (None, set(), "upload"),
    ("a b&c.json", set(), "a_b_c.json"),
    ("a.txt", {"a.txt"}, "a-2.txt"),
    ("A.TXT", {"a.txt"}, "A-2.TXT"),
    ("noext", {"noext"}, "noext-2"),
])
def test_safe_name(name: str | None, taken: set[str], safe: str) -> None:
    assert safe_name(name, set(taken)) == safe
