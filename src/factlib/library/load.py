"""Loading the library: every fact file under a directory, parsed and structured.

Problems that make a file unusable (not UTF-8, malformed TOML, unknown keys,
wrong types, unknown statuses, impossible dates) are collected across all files
and raised together as one LibraryError, each with its file, line and field.
Rules about what the records say (quotes, ids, agreement) are the validator's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import rtoml  # parses about 20x faster than tomllib (bench/bench_library.py)

from factlib.errors import LibraryError, Problem
from factlib.library.convert import StructureErrors, structure_source
from factlib.model import Library, Source

_AT_LINE = re.compile(r"\s*\(?at line (\d+),? column (\d+)\)?\s*$")


def parse_toml(path: Path, display: str | None = None) -> tuple[str, dict[str, Any]]:
    """Read a TOML file as UTF-8 and parse it; raise LibraryError naming the file (as `display`) and line."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise LibraryError([Problem(name, 0, "", "is a directory, not a TOML file")]) from None
    except OSError as err:
        raise LibraryError([Problem(name, 0, "", f"cannot read: {err.strerror or err}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8"
        raise LibraryError([Problem(name, line, "", message)]) from None
    return text, parse_toml_text(text, name)


def parse_toml_text(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text; raise LibraryError with the line of the first syntax error."""
    try:
        return rtoml.loads(text)
    except ValueError as err:  # rtoml.TomlParsingError is one
        message = str(err)
    m = _AT_LINE.search(message)
    line = int(m.group(1)) if m else 0
    message = _AT_LINE.sub("", message).strip() or "malformed TOML"
    raise LibraryError([Problem(name, line, "", f"malformed TOML: {message}")])


def fact_files(directory: Path) -> list[Path]:
    """The fact files of a library directory, in a stable order."""
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


def load_source(path: Path, display: str | None = None) -> Source:
    """Parse and structure one fact file; raise LibraryError with every problem in it."""
    name = display or str(path)
    text, data = parse_toml(path, name)
    return _structure(text, data, name)


def source_from_text(text: str, name: str) -> Source:
    """Parse and structure a fact file's text (as it would be written to `name`); raise LibraryError with every problem."""
    return _structure(text, parse_toml_text(text, name), name)


def _structure(text: str, data: dict[str, Any], name: str) -> Source:
    from factlib.library.tomlpos import field_lines, line_of

    try:
        return structure_source(data, name)
    except StructureErrors as err:
        lines = field_lines(text)
        problems = [Problem(name, line_of(lines, field), field, message) for field, message in err.problems]
        problems.sort(key=lambda p: p.line)
        raise LibraryError(problems) from None


def load_library(directory: str | os.PathLike) -> Library:
    """Load every fact file under `directory`.

    Raises LibraryError when the directory is missing or empty, or when any file
    is unusable; the error lists every problem of every file, not just the first.
    """
    root = Path(directory)
    if not root.exists():
        raise LibraryError([Problem(str(root), 0, "", "library directory not found (set --library or [library] path in factlib.toml)")])
    if not root.is_dir():
        raise LibraryError([Problem(str(root), 0, "", "not a directory (--library names the folder of fact files)")])
    files = fact_files(root)
    if not files:
        raise LibraryError([Problem(str(root), 0, "", "no fact files (*.toml) in the library directory")])
    return Library(tuple(load_sources(root, files)), root=str(root))


def load_sources(root: Path, files: list[Path]) -> list[Source]:
    """The sources of these fact files of the library at `root`, in order; LibraryError lists every
    problem of every file, not just the first."""
    sources: list[Source] = []
    problems: list[Problem] = []
    shown = display_path(root)
    for path in files:
        try:
            sources.append(load_source(path, os.path.join(shown, os.path.relpath(path, root))))
        except LibraryError as err:
            problems.extend(err.problems)
    if problems:
        raise LibraryError(problems)
    return sources


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
