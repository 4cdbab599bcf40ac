"""The docs are tested: codes documented, example files load, every command in docs/cli.md."""

from __future__ import annotations

import re

from conftest import ROOT
from factlib.codes import ALL
from factlib.library.config import read_config
from factlib.library.convert import structure_source
from factlib.library.load import parse_toml_text
from factlib.library.validate import validate
from factlib.library.load import load_library

DOCS = ROOT / "docs"


def test_every_code_is_documented_and_every_documented_code_exists():
    text = (DOCS / "codes.md").read_text()
    documented = set(re.findall(r"^\| `([a-z]+\.[a-z-]+)` \|", text, re.M))
    assert documented == set(ALL)


def test_the_example_fact_file_in_the_format_reference_loads_and_validates(tmp_path):
    text = (DOCS / "fact-format.md").read_text()
    example = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    source = structure_source(parse_toml_text(example, "example.toml"), "example.toml")
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / f"{source.id}.toml").write_text(example)
    assert validate(load_library(folder)) == []


def test_every_figure_example_in_the_format_reference_parses_as_declared():
    from factlib.figures.scan import parse_figure

    text = (DOCS / "fact-format.md").read_text()
    lines = re.findall(r"^figures = \[(\{.*\})\]$", text, re.M)
    assert len(lines) >= 5
    for line in lines:
        data = parse_toml_text(f"f = {line}", "doc")["f"]
        parsed = parse_figure(data["text"])
        assert parsed is not None and parsed.kind.value == data["kind"], line
        assert parsed.qualifier.value == data.get("qualifier", "exact"), line


def test_the_example_config_loads():
    config = read_config(DOCS / "examples" / "factlib.toml")
    assert config.check.stale_years == 5 and config.links.per_host == 2
    assert config.check.ignore == ("drafts/archive/**", "**/node_modules/**")


def test_every_image_the_docs_show_is_there():
    for page in DOCS.glob("*.md"):
        for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page.read_text()):
            assert (DOCS / image).is_file(), f"{page.name}: {image}"
