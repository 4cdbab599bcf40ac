"""The command line: parse options, call the core, hand records to a reporter, map to an exit code.

Exit codes for every command: 0 nothing at or above the fail level; 1 findings
at or above it; 2 unusable input (bad flag, unreadable file, malformed library);
3 a bug; 130 interrupted. Each command group lives in its own module and
registers itself on the one app when imported; core modules are imported inside
commands so that a command loads only what it uses.
"""

from __future__ import annotations

# Each import registers its commands, in the order --help lists them.
from factlib.cli import library  # noqa: F401  (isort: skip)
from factlib.cli import drafts  # noqa: F401
from factlib.cli import links  # noqa: F401
from factlib.cli import audit  # noqa: F401
from factlib.cli import site  # noqa: F401
from factlib.cli import authoring  # noqa: F401
from factlib.cli.app import app


def main(argv: list[str] | None = None) -> int:
    """The console script: run one command and return its exit code."""
    try:
        app(args=argv, prog_name="factlib", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0
