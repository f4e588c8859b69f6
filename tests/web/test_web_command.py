"""``triangulate serve``: refuses a missing store, knows loopback addresses."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from triangulate.web.command import _is_loopback, serve


def test_missing_store_is_refused(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(serve)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "absent.db")])
    assert result.exit_code == 2
    assert "no store at" in result.output and "T401" in result.output


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
    ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("example.org", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert _is_loopback(host) is loopback
