"""GitHub Actions workflow commands: each finding an annotation on its line."""

from __future__ import annotations

from typing import Iterable, Sequence

from factlib.findings import Finding, Level
from factlib.report.base import Run

_COMMAND = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    lines = []
    for f in findings:
        if f.suppressed:
            continue
        props = [f"file={_escape_property(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f.code)}")
        lines.append(f"::{_COMMAND[f.level]} {','.join(props)}::{_escape_data(f.message)}")
    return "\n".join(lines)


class GithubReporter:
    name = "github"
    streams = True

    def render(self, findings: Sequence[Finding], run: Run) -> str:
        return github(findings)
