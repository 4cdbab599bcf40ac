"""Findings to text: plain lines, JSON, GitHub workflow commands, SARIF 2.1.0.

Reporters consume only Finding records (and a summary dict); they never decide
anything.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from factlib import PROJECT_URL, __version__
from factlib.library.convert import plain_number
from factlib.findings import Finding, Level

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


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


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    command = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}
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
        lines.append(f"::{command[f.level]} {','.join(props)}::{_escape_data(f.message)}")
    return "\n".join(lines)


def sarif(findings: Iterable[Finding], rules: Mapping[str, tuple[Level, str]], *, tool: str = "factlib") -> str:
    """A SARIF 2.1.0 log with one rule per code in `rules` and one result per finding."""
    sarif_level = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}
    codes = list(rules)
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": tool,
        "version": __version__,
        "informationUri": PROJECT_URL,
        "rules": [
            {
                "id": code,
                "name": code.replace(".", "-"),
                "shortDescription": {"text": description},
                "defaultConfiguration": {"level": sarif_level[level]},
                "helpUri": f"{PROJECT_URL}/blob/main/docs/codes.md",
            }
            for code, (level, description) in rules.items()
        ],
    }
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": sarif_level[f.level],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.file}}}],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.line:
            region: dict[str, int] = {"startLine": f.line}
            if f.column:
                region["startColumn"] = f.column
            result["locations"][0]["physicalLocation"]["region"] = region
        if f.fact_id:
            result["properties"] = {"fact_id": f.fact_id}
        if f.suppressed:
            result["suppressions"] = [{"kind": "inSource"}]
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False)

