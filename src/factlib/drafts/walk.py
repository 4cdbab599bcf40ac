"""Finding the drafts to check: named files, folders walked for include globs, minus ignore globs.

Globs follow .gitignore rules (pathspec's ``GitIgnoreSpec``): ``**`` spans
folders, ``*`` does not, ``[12]`` is a character class, a pattern without a
slash matches at any depth, a leading ``/`` anchors it, and a later ``!pattern``
takes a path back. Both lists are matched against the path relative to the
repository root (the folder of factlib.toml, or the working directory).

One rule for inputs that cannot be used: whatever cannot be read — a named
file, a file found in a folder, a folder that cannot be listed — is yielded as
an :class:`Unreadable` record, in its place, and the walk goes on. A named
folder in which nothing is found is an :class:`Unreadable` record too
(``empty``): checking nothing must not look like a clean run. A draft reached
twice (named twice, or named and inside a named folder, or through a link) is
yielded once.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import pathspec


@attrs.frozen
class Unreadable:
    """A path that gave no draft: why, and whether it was a folder with nothing to check (``empty``)."""

    path: Path
    message: str
    empty: bool = False
    folder: bool = False


def spec(patterns: Iterable[str]) -> pathspec.PathSpec:
    """Globs with .gitignore rules."""
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def missing(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The named paths that do not exist at all (a typo: a usage error before anything is checked)."""
    out = []
    for raw in paths:
        try:
            os.stat(raw)
        except FileNotFoundError:
            out.append(Path(raw))
        except OSError as e:
            if e.errno in (errno.ENOENT, errno.ENOTDIR):
                out.append(Path(raw))
    return out


def iter_drafts(paths: Iterable[str | os.PathLike], include: Iterable[str], ignore: Iterable[str],
                root: Path) -> Iterator[Path | Unreadable]:
    """Drafts to check, in order: named files as given (unless ignored); folders walked for ``include``
    globs minus ``ignore``, in sorted order, skipping names that start with "."; Unreadable records in place.
    """
    includes, ignores = spec(include), spec(ignore)
    base = root.resolve()
    seen: set[str] = set()

    def relative(path: Path, folder: Path) -> str:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:  # outside the repository: relative to the folder named
            return path.relative_to(folder).as_posix()

    def first_time(path: Path) -> bool:
        key = os.path.realpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as e:
            if first_time(path):
                yield Unreadable(path, _reason(e))
            continue
        if not is_dir:
            if not ignores.match_file(relative(path, path.parent)) and first_time(path):
                yield path
            continue
        found = False
        for item in _walk(path):
            if isinstance(item, Unreadable):
                found = True
                if first_time(item.path):
                    yield item
                continue
            rel = relative(item, path)
            if includes.match_file(rel) and not ignores.match_file(rel):
                found = True
                if first_time(item):
                    yield item
        if not found:
            yield Unreadable(path, "no drafts in this folder (no file matches the [check] include globs, "
                                   "or every one is ignored)", empty=True, folder=True)


def _walk(folder: Path) -> list[Path | Unreadable]:
    """Every regular file under ``folder`` and every subfolder that could not be listed, sorted as paths."""
    out: list[Path | Unreadable] = []

    def failed(error: OSError) -> None:
        out.append(Unreadable(Path(error.filename or folder), _reason(error), folder=True))

    for top, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            child = Path(top, name)
            try:
                if stat.S_ISREG(os.stat(child).st_mode):  # a pipe or device in a folder is skipped
                    out.append(child)
            except OSError:
                continue  # a dangling link: nothing to read
    out.sort(key=lambda item: item.path.parts if isinstance(item, Unreadable) else item.parts)
    return out


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot read: {error.strerror or error}"
