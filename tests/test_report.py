"""The reporter registry: one reporter per format, each consuming only findings and a Run."""

from __future__ import annotations

import json

import pytest

from factlib.codes import CHECK
from factlib.findings import Finding, Level
from factlib.report import REPORTERS, Run, reporter

FINDINGS = [
    Finding("figure.contradicts", Level.ERROR, "a.md", 3, "says 90%, fact says 70%", column=5, fact_id="f",
            value=90.0, fact_value=70.0),
    Finding("figure.unsourced", Level.WARNING, "a.md", 4, "no fact: 1,240", suppressed=True),
    Finding("figure.supported", Level.INFO, "b, c.md", 0, "100% agrees\nwith f"),
]


def test_the_registry_names_every_format_once():
    assert sorted(REPORTERS) == ["github", "json", "sarif", "text"]
    assert all(reporter(name).name == name for name in REPORTERS)
    assert [name for name in REPORTERS if reporter(name).streams] == ["text", "github"]
    with pytest.raises(KeyError):
        reporter("xml")


def test_text_with_and_without_levels_leaves_suppressed_findings_out():
    assert reporter("text").render(FINDINGS, Run()) == (
        "a.md:3:5: error figure.contradicts says 90%, fact says 70%\n"
        "b, c.md:0: info figure.supported 100% agrees\nwith f")
    assert reporter("text").render(FINDINGS[:1], Run(with_level=False)) == "a.md:3:5: figure.contradicts says 90%, fact says 70%"


def test_json_keeps_every_finding_and_the_summary():
    data = json.loads(reporter("json").render(FINDINGS, Run(summary={"files": 2})))
    assert data["summary"] == {"files": 2}
    assert [f["code"] for f in data["findings"]] == ["figure.contradicts", "figure.unsourced", "figure.supported"]
    first = data["findings"][0]
    assert (first["value"], first["fact_value"], first["text"], first["suppressed"]) == (90, 70, None, False)


def test_github_escapes_properties_and_data():
    assert reporter("github").render(FINDINGS, Run()) == (
        "::error file=a.md,line=3,col=5,title=figure.contradicts::says 90%25, fact says 70%25\n"
        "::notice file=b%2C c.md,title=figure.supported::100%25 agrees%0Awith f")


def test_sarif_lists_the_run_rules_and_marks_suppressions():
    log = json.loads(reporter("sarif").render(FINDINGS, Run(rules=CHECK)))
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(CHECK)
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "warning", "note"]
    assert run["results"][1]["suppressions"] == [{"kind": "inSource"}]
    assert "region" not in run["results"][2]["locations"][0]["physicalLocation"]
