"""What every reporter is: a name, whether it streams, and a render from findings to text."""

from __future__ import annotations

from typing import Any, Mapping, Protocol, Sequence

import attrs

from factlib.findings import Finding, Level


@attrs.frozen
class Run:
    """What a command tells a reporter besides its findings.

    `summary` is the run's counts (JSON prints it); `rules` the codes the command may emit with
    their levels and descriptions (SARIF lists them); `with_level` whether text lines name the level.
    """

    summary: Mapping[str, Any] = attrs.field(factory=dict)
    rules: Mapping[str, tuple[Level, str]] = attrs.field(factory=dict)
    with_level: bool = True
    tool: str = "factlib"


class Reporter(Protocol):
    """Findings to text in one format. Reporters consume only Finding records; they never decide anything."""

    name: str
    # True: findings may be rendered a document at a time as they come (text, github);
    # False: the format is one document, rendered once at the end with every finding (json, sarif)
    streams: bool

    def render(self, findings: Sequence[Finding], run: Run) -> str: ...
