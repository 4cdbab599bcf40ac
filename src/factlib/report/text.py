"""Plain lines, one per finding: ``file:line:col: level code message``."""

from __future__ import annotations

from typing import Iterable, Sequence

from factlib.findings import Finding
from factlib.report.base import Run


def text(findings: Iterable[Finding], *, with_level: bool = True, show_suppressed: bool = False) -> str:
    """One line per finding: ``file:line:col: level code message`` (``file:line: code message`` without level)."""
    lines = []
    for f in findings:
        if f.suppressed and not show_suppressed:
            continue
        where = f"{f.file}:{f.line}" + (f":{f.column}" if f.column else "")
        head = f"{where}: {f.level.value} {f.code}" if with_level else f"{where}: {f.code}"
        lines.append(f"{head} {f.message}")
    return "\n".join(lines)


class TextReporter:
    name = "text"
    streams = True

    def render(self, findings: Sequence[Finding], run: Run) -> str:
        return text(findings, with_level=run.with_level)
