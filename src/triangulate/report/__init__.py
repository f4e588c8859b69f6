"""The report: the contract's JSON, its schema check, and Markdown and HTML renderings."""

from __future__ import annotations

from triangulate.report.build import REPORT_VERSION, build_report
from triangulate.report.files import write_from_store, write_report
from triangulate.report.html import render_html
from triangulate.report.markdown import render_markdown
from triangulate.report.validate import report_schema, validate_report

__all__ = ["REPORT_VERSION", "build_report", "render_html", "render_markdown", "report_schema",
           "validate_report", "write_from_store", "write_report"]
