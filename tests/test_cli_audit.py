"""factlib audit through typer's CliRunner: every format, exit codes, bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest
from audit_scenario import write_repository
from typer.testing import CliRunner

from factlib.cli.main import app

runner = CliRunner()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = write_repository(tmp_path, hostile=True)
    monkeypatch.chdir(root)
    return root


def invoke(*args: str):
    return runner.invoke(app, ["audit", "--today", "2026-12-03", *args], catch_exceptions=False)


def test_text_lists_the_week_then_facts_then_sources(repo):
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:5] == [
        "To do this week (2026-12-03): 4 items",
        "  1. error   used-retracted     old-rise  [1 draft line]",
        "     retracted fact old-rise is still used: remove it from drafts/leaflet.md:5",
        "  2. error   quote-changed      grooming-rise  [1 draft line]",
        "     the quote of grooming-rise is changed since 2026-11-08 on its page (3 failing runs in a row): "
        "check the figure and re-vet, or find the new page",
    ]
    assert ("  grooming-rise  vetted; review due 2027-01-10; quote changed since 2026-11-08; link redirected since "
            "2026-11-22; 3 failing runs; used on 1 draft line\n    used in drafts/leaflet.md:3\n") in result.stdout
    assert ("  hti-2020  link broken since 2026-11-22; 4 runs; first failure 2026-11-08; last success 2026-11-15; "
            "flapping; no archive") in result.stdout


def test_fail_on_sets_the_exit_code(repo):
    assert invoke("--fail-on", "error").exit_code == 1
    assert invoke("--fail-on", "warning").exit_code == 1
    assert invoke("--fail-on", "never").exit_code == 0


def test_json_has_todo_facts_sources_and_summary(repo):
    data = json.loads(invoke("--format", "json").stdout)
    assert data["summary"] == {"facts": 4, "sources": 3, "drafts": 1, "todo": 4, "errors": 3, "warnings": 1}
    assert data["todo"][0]["uses"] == [{"file": "drafts/leaflet.md", "line": 5, "explicit": True, "codes": ["fact.retracted"]}]
    rise = next(f for f in data["facts"] if f["fact_id"] == "grooming-rise")
    assert rise["quote"] == {"value": "changed", "since": "2026-11-08T00:00:00+00:00"} and rise["draft_lines"] == 1


def test_csv_has_one_row_per_item_fact_and_source(repo):
    rows = list(csv.DictReader(io.StringIO(invoke("--format", "csv").stdout)))
    assert [r["record"] for r in rows] == ["todo"] * 4 + ["fact"] * 4 + ["source"] * 3
    sources = {r["id"]: r for r in rows if r["record"] == "source"}
    assert sources["nspcc-2021"]["redirect_to"] == "https://example.org/new-home"
    assert sources["hti-2020"]["flapping"] == "yes" and sources["hostile"]["link"] == ""


def test_markdown_escapes_what_could_break_a_table(repo):
    out = invoke("--format", "md").stdout
    assert out.startswith("# Library audit, 2026-12-03\n")
    assert "add an archive\\_url |" in out


def test_html_is_one_file_with_every_value_escaped(repo):
    out = invoke("--format", "html").stdout
    assert "<script src" not in out and "http-equiv=\"Content-Security-Policy\"" in out
    assert "<link " not in out and "@import" not in out
    assert out.count("<script>") == 1  # factlib's own table script, nothing from a fact file


def test_drafts_named_on_the_command_line_replace_the_configured_ones(repo, tmp_path):
    other = tmp_path / "empty"
    other.mkdir()
    data = json.loads(invoke(str(other), "--format", "json").stdout)
    assert data["drafts"] == 0 and all(f["draft_lines"] == 0 for f in data["facts"])


@pytest.mark.parametrize("args, message", [
    (["nowhere"], "factlib: nowhere: no such file or folder\n"),
    (["--today", "yesterday"], 'factlib: --today "yesterday": give a date as YYYY-MM-DD\n'),
])
def test_bad_input_is_one_line_and_exit_2(repo, args, message):
    result = invoke(*args)
    assert result.exit_code == 2 and result.stderr == message


def test_an_unreadable_draft_is_one_line_on_stderr_and_exit_2_after_the_report(repo):
    (repo / "drafts" / "broken.docx").write_bytes(b"not a zip file")
    result = invoke()
    assert result.exit_code == 2 and result.stdout.startswith("To do this week")
    assert result.stderr.startswith("factlib: cannot read this draft: drafts/broken.docx: ") and result.stderr.count("\n") == 1
