"""The command line, run as a user runs it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from triangulate.report import validate_report

CLI = [sys.executable, "-m", "triangulate"]


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.parametrize("command", [[], ["analyze"], ["demo"], ["version"]])
def test_help_on_every_command(command: list[str], tmp_path: Path) -> None:
    result = run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_analyze_writes_three_reports_and_reports_bad_input(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(
        "Port reopens after storm\n\nThe harbour of Elsby reopened on Monday after a storm "
        "closed it for three days, the port authority said. About 40 ships were waiting.\n")
    (inputs / "b.txt").write_text(
        "Elsby harbour open again\n\nElsby's harbour reopened on Monday, three days after a "
        "storm shut it, according to the port authority. More than 60 ships had been waiting.\n")
    (inputs / "broken.json").write_text("{not json")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    out = tmp_path / "out"
    result = run("analyze", str(inputs), "--out", str(out), "--db", str(tmp_path / "t.db"),
                 cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # some inputs failed, the rest went on
    errors = [line for line in result.stderr.splitlines() if "broken.json" in line
              or "image.txt" in line]
    assert len(errors) == 2, result.stderr
    report = json.loads((out / "report.json").read_text())
    validate_report(report)
    assert sorted(a["id"] for a in report["articles"]) == ["a", "b"]
    assert (out / "report.md").read_text().strip()
    assert "<html" in (out / "report.html").read_text().lower()


def test_stdin_and_clean_exit(tmp_path: Path) -> None:
    text = ("Council approves budget\n\nThe city council approved a budget of 12 million euros "
            "on Tuesday, the mayor said.\n")
    result = run("analyze", "-", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "s.db"),
                 cwd=tmp_path, stdin=text)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    assert len(report["articles"]) == 1


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("analyze", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o"),
                 "--db", str(tmp_path / "e.db"), cwd=tmp_path)
    assert result.returncode == 2
    assert "empty.txt" in result.stderr


def test_a_report_folder_that_cannot_be_made_fails_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials said the bridge in Marlow reopened on Monday.")
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the report folder should go")
    result = run("analyze", str(tmp_path / "a.txt"), "--out", str(blocker / "report"),
                 "--db", str(tmp_path / "t.db"), "--quiet", cwd=tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot write the report to" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "t.db").exists()  # nothing was read or stored
