"""Shared fixtures: tiny libraries written to tmp_path, and the shipped library's path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import os

import pytest
from hypothesis import settings

# Deterministic property tests: CI must not fail on an example no one has seen before. Set
# FACTLIB_HYPOTHESIS=explore to search with fresh random examples (and a larger budget).
settings.register_profile("ci", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile("explore" if os.environ.get("FACTLIB_HYPOTHESIS") == "explore" else "ci")

pytest_plugins = ("conftest_http",)  # the local-server fixtures, for every test module

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "facts"

SOURCE = """\
[source]
id = "{id}"
title = "Record high number of recorded grooming crimes"
publisher = "NSPCC"
authors = ["Jane Smith"]
url = "https://example.org/news/{id}"
published = "2021-08-24"
accessed = 2026-11-22
kind = "press-release"
"""

FACT = """
[[facts]]
id = "{id}"
statement = "Online grooming crimes recorded by police rose by about 70% in the three years to 2020/21."
quote = "The number of online grooming crimes increased by around 70 per cent in the past three years."
figures = [{{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }}]
measure = "{measure}"
scope = "England and Wales"
period = "2017/18 to 2020/21"
status = "{status}"
keywords = ["grooming", "crimes"]
tags = ["grooming", "uk"]
note = "{note}"
"""


def source_text(source_id: str = "nspcc-2021", facts: list[dict] | None = None) -> str:
    """A fact file as text: one source and the given facts (defaults filled in)."""
    text = SOURCE.format(id=source_id)
    for fact in facts if facts is not None else [{}]:
        fields = {"id": "grooming-rise", "measure": "grooming-change", "status": "vetted", "note": ""} | fact
        text += FACT.format(**fields)
    return text


@pytest.fixture
def write_library(tmp_path):
    """Write {file name: text} into tmp_path/facts and return that folder."""

    def write(files: dict[str, str]) -> Path:
        folder = tmp_path / "facts"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def small_library(write_library):
    return write_library({"nspcc-2021.toml": source_text()})
