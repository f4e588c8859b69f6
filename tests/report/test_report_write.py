"""write_report: three files, JSON that reads back to the same valid report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from triangulate.report import validate_report, write_report


def test_write_report(report: dict[str, Any], tmp_path: Path) -> None:
    report["articles"][0]["title"] = "Überschwemmung in Marlow — “1,200” evacuated"
    paths = write_report(report, tmp_path / "out")
    assert {p.name for p in paths.values()} == {"report.json", "report.md", "report.html"}
    raw = paths["json"].read_text(encoding="utf-8")
    assert "Überschwemmung" in raw  # not \\u-escaped
    assert raw.startswith('{\n  "version": 1,')
    back = json.loads(raw)
    assert back == report
    validate_report(back)
    assert paths["markdown"].read_text(encoding="utf-8").startswith("# Triangulate report")
    assert paths["html"].read_text(encoding="utf-8").startswith("<!doctype html>")
