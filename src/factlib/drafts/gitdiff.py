"""Lines changed since a git revision, for `check --changed-since REV`.

Reviewers want findings on the lines a pull request touches. One `git diff`
gives every changed file's new line numbers; untracked files and changed
binary files (Word, PDF) count as changed throughout.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Callable

from factlib.errors import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError("--changed-since: git took too long") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        raise UsageError(f"--changed-since: {message}")
    return done.stdout


def changed_lines(rev: str, cwd: Path | None = None) -> Callable[[str], set[int] | None]:
    """A function from a file path to the set of its lines changed since `rev` (None: the whole file)."""
    cwd = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except UsageError:
        raise UsageError(f'--changed-since: "{rev}" is no commit in this repository') from None
    # quotepath off: names with accents or spaces come out as they are, not quoted and escaped
    diff = _git(["-c", "core.quotepath=off", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames",
                 rev, "--"], top)
    lines: dict[Path, set[int] | None] = {}
    current: Path | None = None
    for row in diff.splitlines():
        if row.startswith("+++ "):
            name = row[4:].rstrip("\t")  # git ends a name that holds a space with a tab
            current = None if name == "/dev/null" else (top / name[2:] if name.startswith("b/") else top / name)
            if current is not None:
                lines.setdefault(current, set())
        elif row.startswith("Binary files ") and " and b/" in row:
            lines[top / row.rsplit(" and b/", 1)[1].removesuffix(" differ")] = None
        elif current is not None and (m := _HUNK.match(row)):
            start, count = int(m.group(1)), int(m.group(2) or "1")
            changed = lines[current]
            if changed is not None:
                changed.update(range(start, start + count))
    for name in _git(["ls-files", "-z", "--others", "--exclude-standard"], top).split("\0"):
        if name:
            lines[top / name] = None

    def lookup(path: str) -> set[int] | None:
        resolved = Path(path).resolve()
        return lines.get(resolved, set())

    return lookup
