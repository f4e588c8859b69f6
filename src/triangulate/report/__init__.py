"""The report: the contract's JSON, its schema check, and Markdown and HTML renderings."""

from __future__ import annotations

import json
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
    paths["json"].write_text(text + "\n", encoding="utf-8")
    paths["markdown"].write_text(render_markdown(report), encoding="utf-8")
    paths["html"].write_text(render_html(report), encoding="utf-8")
    return paths
