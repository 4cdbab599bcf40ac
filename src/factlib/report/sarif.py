"""A SARIF 2.1.0 log: one rule per code the command may emit, one result per finding."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

from factlib import PROJECT_URL, __version__
from factlib.findings import Finding, Level
from factlib.report.base import Run

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def sarif(findings: Iterable[Finding], rules: Mapping[str, tuple[Level, str]], *, tool: str = "factlib") -> str:
    """A SARIF 2.1.0 log with one rule per code in `rules` and one result per finding."""
    index = {code: i for i, code in enumerate(rules)}
    driver = {
        "name": tool,
        "version": __version__,
        "informationUri": PROJECT_URL,
        "rules": [
            {
                "id": code,
                "name": code.replace(".", "-"),
                "shortDescription": {"text": description},
                "defaultConfiguration": {"level": _LEVEL[level]},
                "helpUri": f"{PROJECT_URL}/blob/main/docs/codes.md",
            }
            for code, (level, description) in rules.items()
        ],
    }
    results = []
    for f in findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.file}}}
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVEL[f.level],
            "message": {"text": f.message},
            "locations": [location],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.line:
            region: dict[str, int] = {"startLine": f.line}
            if f.column:
                region["startColumn"] = f.column
            location["physicalLocation"]["region"] = region
        if f.fact_id:
            result["properties"] = {"fact_id": f.fact_id}
        if f.suppressed:
            result["suppressions"] = [{"kind": "inSource"}]
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False)


class SarifReporter:
    name = "sarif"
    streams = False

    def render(self, findings: Sequence[Finding], run: Run) -> str:
        return sarif(findings, run.rules, tool=run.tool)
