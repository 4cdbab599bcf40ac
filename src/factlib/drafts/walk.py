"""Finding the drafts to check: files named, and folders walked for include globs minus ignore
globs, matched as .gitignore patterns are."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob as a regex over posix paths: ``**`` spans folders, ``*`` does not."""
    out = []
    i = 0
    anchored = pattern.startswith("/")  # "/archive" means the archive folder at the root only
    pattern = pattern.strip("/") if not pattern.startswith("**") else pattern
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # a pattern without a slash matches at any depth, as in .gitignore
    prefix = "" if anchored or "/" in pattern else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def iter_drafts(paths: Iterable[str], include: Iterable[str], ignore: Iterable[str], root: Path) -> Iterator[Path]:
    """Files to check: named files as given; folders walked for `include` globs, minus `ignore`.

    Both kinds of glob are matched against the path relative to `root` (the folder of
    factlib.toml, or the working directory), as .gitignore patterns are.
    """
    includes = [glob_regex(p) for p in include]
    ignores = [glob_regex(p) for p in ignore]
    base = root.resolve()

    def relative(path: Path, folder: Path) -> str:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:  # outside the repository: relative to the folder named
            return path.relative_to(folder).as_posix()

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if any(part.startswith(".") and part not in (".", "..") for part in child.relative_to(path).parts):
                    continue
                if not child.is_file():
                    continue
                rel = relative(child, path)
                if any(r.match(rel) for r in includes) and not any(r.match(rel) for r in ignores):
                    yield child
        elif not any(r.match(relative(path, path.parent)) for r in ignores):
            yield path
