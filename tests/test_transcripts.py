"""Console transcripts in the docs are the tool's own output, so they cannot drift.

A fenced block marked ```console holds ``$ factlib ...`` lines, each followed by what
it prints (stdout and stderr, as a terminal shows them), run from the repository root
with the shipped library. Options after the word ``console``:

- ``cut=N``: lines longer than N characters are cut to N, the last one "…";
- ``static``: not run (it needs a server or a file the repository does not hold).

A command may end in ``| head -N``. When the docs drift, the test fails with the
difference; ``FACTLIB_UPDATE_DOCS=1 python -m pytest tests/test_transcripts.py``
rewrites the blocks from the tool's output instead.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from factlib.cli.main import app

DOCUMENTS = [ROOT / "README.md", ROOT / "docs" / "cli.md", ROOT / "docs" / "checking.md"]
_BLOCK = re.compile(r"^```console(?P<options>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S)
_HEAD = re.compile(r"head -(?:n\s*)?(\d+)")


def run(command: str) -> str:
    """What `$ command` prints: `factlib ARGS`, optionally piped into `head -N`."""
    stages = [s.strip() for s in command.split(" | ")]
    args = shlex.split(stages[0])
    assert args[0] == "factlib", f"a transcript runs factlib, not {args[0]!r}"
    result = CliRunner().invoke(app, args[1:], catch_exceptions=False)
    lines = result.output.splitlines()
    for stage in stages[1:]:
        m = _HEAD.fullmatch(stage)
        assert m, f"only `| head -N` may follow a command, not {stage!r}"
        lines = lines[: int(m.group(1))]
    return "\n".join(lines)


def transcript(body: str, options: str) -> str:
    """The block's commands with their output as the tool gives it now."""
    opts = dict(o.partition("=")[::2] for o in options.split())
    cut = int(opts["cut"]) if opts.get("cut") else None
    out = []
    for command in (line[2:] for line in body.splitlines() if line.startswith("$ ")):
        out.append(f"$ {command}")
        for line in run(command).splitlines():
            out.append(line[: cut - 1] + "…" if cut and len(line) > cut else line)
    return "\n".join(out) + "\n"


def regenerate(text: str) -> str:
    def block(m: re.Match) -> str:
        if "static" in m.group("options").split():
            return m.group()
        return f"```console{m.group('options')}\n{transcript(m.group('body'), m.group('options'))}```"

    return _BLOCK.sub(block, text)


def test_a_transcript_is_regenerated_from_the_tool(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = "```console cut=20\n$ factlib validate\nstale\n$ factlib list --status vetted | head -1\n```\n"
    again = regenerate(text)
    lines = again.splitlines()
    assert lines[1] == "$ factlib validate" and lines[2].startswith("ok: ") and len(lines[2]) == 20
    assert lines[2].endswith("…") and lines[3] == "$ factlib list --status vetted | head -1"
    assert len(lines) == 6 and lines[-1] == "```"
    assert regenerate(again) == again
    static = "```console static\n$ factlib links\nmade up\n```\n"
    assert regenerate(static) == static


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_console_transcripts_are_the_tools_output(path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    text = path.read_text()
    assert _BLOCK.search(text), f"{path.name} has no console transcript"
    fresh = regenerate(text)
    if os.environ.get("FACTLIB_UPDATE_DOCS") == "1":
        path.write_text(fresh)
        return
    diff = "".join(difflib.unified_diff(text.splitlines(True), fresh.splitlines(True), str(path), "factlib's output"))
    assert fresh == text, f"transcripts drifted (FACTLIB_UPDATE_DOCS=1 rewrites them):\n{diff}"
