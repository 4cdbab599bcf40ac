"""One JSON document: ``{"findings": [...], "summary": {...}}`` (PRODUCT.md §3)."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

from factlib.findings import Finding
from factlib.library.convert import plain_number
from factlib.report.base import Run


def finding_record(f: Finding) -> dict[str, Any]:
    """A finding as the JSON object of PRODUCT.md §3: every key present, null where it does not apply."""
    return {
        "code": f.code, "level": f.level.value, "file": f.file, "line": f.line, "column": f.column,
        "text": f.text or None, "kind": f.kind or None, "value": plain_number(f.value),
        "qualifier": f.qualifier or None, "fact_id": f.fact_id or None, "expected": f.expected or None,
        "fact_value": plain_number(f.fact_value), "message": f.message, "suggestion": f.suggestion or None,
        "suppressed": f.suppressed,
    }


def json_report(findings: Iterable[Finding], summary: Mapping[str, Any]) -> str:
    return json.dumps({"findings": [finding_record(f) for f in findings], "summary": dict(summary)},
                      indent=2, ensure_ascii=False)


class JsonReporter:
    name = "json"
    streams = False

    def render(self, findings: Sequence[Finding], run: Run) -> str:
        return json_report(findings, run.summary)
