"""Writing a fact file: locked, validated, atomic.

Every command that writes the library (``new``, ``status``, ``links --update``)
goes through :func:`write_fact_file`:

1. **Locked.** An exclusive ``flock`` on a lock file beside the fact file
   (``.<name>.lock``) is held from reading to renaming, so two writers of one
   file take turns and neither loses the other's edit. The holder removes the
   lock file before releasing it; a waiter that then gets the lock of a removed
   file sees that and locks the path anew, so no lock file is left behind.
2. **Edited as text.** The caller's edit gets the file's current text (None
   for a new file) and returns the new text; :mod:`factlib.library.tomledit`
   keeps comments and layout.
3. **Validated.** The whole library is loaded with the new text in place of the
   file and validated; a rule the change breaks (one that did not fail before)
   is a :class:`~factlib.errors.LibraryError` naming file and line, and nothing
   is written.
4. **Atomic.** The text goes to a temporary file in the same folder, is
   flushed and fsynced, takes the old file's permissions, and replaces the old
   file with ``os.replace``; the folder is fsynced so the rename survives a
   crash. A reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator

import attrs

from factlib.errors import LibraryError, Problem, UsageError
from factlib.findings import Finding
from factlib.library.load import display_path, fact_files, load_sources, source_from_text
from factlib.model import Library, Source

fcntl: Any
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: writes are atomic but not serialised
    fcntl = None

Edit = Callable[[str | None], str]
_BOM = "\ufeff"


@attrs.frozen
class Written:
    """A fact file written: where, as users see the path, whether it was new, and its source as written."""

    path: Path
    display: str
    created: bool
    source: Source


def write_fact_file(root: str | os.PathLike, path: str | os.PathLike, edit: Edit, *,
                    today: dt.date | None = None) -> Written:
    """Apply `edit` to the fact file at `path` in the library folder `root`, under its lock.

    `edit(text)` gets the current text (None when the file does not exist) and returns the new
    text. Raises LibraryError (the file:line of every rule the result breaks, or why it could not
    be read) or UsageError; in both cases the file is left as it was.
    """
    root, path = Path(root), Path(path)
    display = _display_in(root, path)
    with _locked(path):
        old = _read(path, display)
        bom = old is not None and old.startswith(_BOM)
        old_text = old[1:] if old is not None and bom else old
        new_text = edit(old_text)
        source = _check(root, path, display, old_text, new_text, today)
        _replace(path, ((_BOM if bom else "") + new_text).encode("utf-8"))
    return Written(path, display, old is None, source)


def _display_in(root: Path, path: Path) -> str:
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"{path} is not in the library folder {root}: fact files live in the library") from None
    if path.suffix != ".toml":
        raise UsageError(f"{path}: a fact file's name ends in .toml")
    return os.path.join(display_path(root), str(relative))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.parent / f".{path.name}.lock"
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        # the holder before us removes the lock file when done: a lock on a removed file locks nothing
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)  # closing releases the lock


def _read(path: Path, display: str) -> str | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise LibraryError([Problem(display, 0, "", f"cannot read: {err.strerror or err}")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise LibraryError([Problem(display, line, "", "not UTF-8; save the file as UTF-8 before changing it")]) from None


def _check(root: Path, path: Path, display: str, old_text: str | None, new_text: str,
           today: dt.date | None) -> Source:
    """The new file's source, when the library with it breaks no rule the library without it kept."""
    new_source = source_from_text(new_text, display)
    files = fact_files(root)
    target = path.resolve()
    at = next((i for i, file in enumerate(files) if file.resolve() == target), len(files))
    others: list[Source | None] = list(load_sources(root, files[:at] + files[at + 1:]))
    others.insert(at, None)  # the changed file's place in the library's order
    before: Counter = Counter()
    if old_text is not None:
        try:
            old_source = source_from_text(old_text, display)
        except LibraryError:
            pass  # the file was unreadable before: every rule the new text breaks is new
        else:
            before = Counter(_key(f) for f in _validate(others, old_source, old_text, path, display, root, today))
    broken: list[Finding] = []
    for finding in _validate(others, new_source, new_text, path, display, root, today):
        if before[_key(finding)]:
            before[_key(finding)] -= 1
        else:
            broken.append(finding)
    if broken:
        raise LibraryError([Problem(f.file, f.line, "", f"{f.code}: {f.message} (not written)") for f in broken])
    return new_source


def _validate(others: list[Source | None], changed: Source, text: str, path: Path, display: str, root: Path,
              today: dt.date | None) -> list[Finding]:
    """The library's findings with `changed` (read from `text`) in place of the file at `path`.

    The validator reads a file's lines from ``source.path``, so the text is validated from a copy of
    that name in a temporary folder, and its findings are given the file's own name.
    """
    from factlib.library.validate import validate

    with tempfile.TemporaryDirectory(prefix="factlib-") as folder:
        copy = Path(folder) / path.name
        copy.write_text(text, encoding="utf-8")
        library = Library(tuple(attrs.evolve(changed, path=str(copy)) if s is None else s for s in others),
                          root=str(root))
        found = validate(library, today=today)
    return [attrs.evolve(f, file=display if f.file == str(copy) else f.file, message=f.message.replace(str(copy), display))
            for f in found]


def _key(finding: Finding) -> tuple[str, str, str, str]:
    # lines move when a file changes; code, file, message and fact say which rule broke
    return finding.code, finding.file, finding.message, finding.fact_id


def _replace(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform that cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
