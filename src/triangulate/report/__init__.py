"""The report: the contract's JSON, its schema check, and Markdown and HTML renderings."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from triangulate.report.build import REPORT_VERSION, build_report
from triangulate.report.html import render_html
from triangulate.report.markdown import render_markdown
from triangulate.report.validate import report_schema, validate_report

__all__ = ["REPORT_VERSION", "build_report", "render_html", "render_markdown", "report_schema",
           "validate_report", "write_report"]


def write_report(report: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into ``out_dir`` (created if needed).

    The report is written as given; callers validate it first where they need to.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / "report.json", "markdown": out_dir / "report.md",
             "html": out_dir / "report.html"}
    # allow_nan=False: NaN is not JSON, and other readers of the contract would reject it
    text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False)
    _replace(paths["json"], text + "\n")
    _replace(paths["markdown"], render_markdown(report))
    _replace(paths["html"], render_html(report))
    return paths


def _replace(path: Path, text: str) -> None:
    """Write beside the target, then rename: a killed run never leaves half a report."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
