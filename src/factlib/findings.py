"""The one findings record: every check (validate, check, links) produces Findings.

Reporters consume only this. Codes are stable and listed in docs/codes.md.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs


class Level(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@attrs.frozen
class Finding:
    """One thing a check found, at a place in a file."""

    code: str
    level: Level
    file: str
    line: int
    message: str
    column: int = 0
    fact_id: str = ""
    suggestion: str = ""
    suppressed: bool = False
    # what a draft figure said, for `check`; empty for library findings
    text: str = ""
    kind: str = ""
    value: Any = None
    qualifier: str = ""
    expected: str = ""
    fact_value: Any = None


def fails(findings: list[Finding], fail_on: str) -> bool:
    """True when an unsuppressed finding is at or above the fail level (error | warning | never)."""
    if fail_on == "never":
        return False
    threshold = Level(fail_on).rank
    return any(f.level.rank >= threshold and not f.suppressed for f in findings)
