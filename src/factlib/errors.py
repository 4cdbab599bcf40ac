"""The one exception hierarchy: every error factlib reports to a user derives from FactlibError.

The CLI handles them in one place: a FactlibError is a one-line message and exit 2;
anything else is a bug (exit 3, "please report").
"""

from __future__ import annotations

import attrs


class FactlibError(Exception):
    """Base of every error factlib reports to a user."""


class UsageError(FactlibError):
    """A bad flag, argument or configuration value."""


@attrs.frozen
class Problem:
    """One thing wrong in an input file, with its place: file, line and field path."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class LibraryError(FactlibError):
    """The library could not be loaded: every problem found, each with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
