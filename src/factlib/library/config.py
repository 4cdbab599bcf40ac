"""factlib.toml: where the library is and the policies, found by walking up like git.

Every setting has a default, so a repository without factlib.toml works with
``./facts``. Paths in the file are relative to the file's own directory.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import attrs

from factlib.errors import LibraryError, Problem
from factlib.library.convert import StructureErrors, structure_strict
from factlib.library.load import parse_toml
from factlib.library.tomlpos import field_lines, line_of

CONFIG_NAME = "factlib.toml"

DRAFT_GLOBS = ("**/*.md", "**/*.markdown", "**/*.txt", "**/*.html", "**/*.htm", "**/*.docx", "**/*.pdf")


@attrs.frozen
class CheckConfig:
    stale_years: float = 5.0
    fail_on: str = "error"
    include: tuple[str, ...] = DRAFT_GLOBS
    ignore: tuple[str, ...] = ()


@attrs.frozen
class LinksConfig:
    database: str = ".factlib/links.sqlite"
    allow_network: tuple[str, ...] = ()
    max_age_days: float = 7.0
    fail_after: int = 1
    concurrency: int = 16
    per_host: int = 2
    host_interval: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 20_000_000

    @property
    def max_age(self) -> dt.timedelta:
        """How long a success is reused before its source is fetched again."""
        return dt.timedelta(days=self.max_age_days)


@attrs.frozen
class AuditConfig:
    review_every: int = 365            # days after reviewed_on when a fact is due for review again
    drafts: tuple[str, ...] = ()       # drafts the audit reads when none are named on the command line


@attrs.frozen
class LibraryConfig:
    path: str = "facts"


@attrs.frozen
class Config:
    """The settings of one repository; `root` is the directory holding factlib.toml (or the cwd)."""

    root: str = "."
    file: str = ""
    library: LibraryConfig = LibraryConfig()
    check: CheckConfig = CheckConfig()
    links: LinksConfig = LinksConfig()
    audit: AuditConfig = AuditConfig()

    def library_path(self) -> Path:
        return Path(self.root) / self.library.path

    def database_path(self) -> Path:
        return Path(self.root) / self.links.database


def find_config(start: str | os.PathLike = ".") -> Path | None:
    """The nearest factlib.toml in `start` or one of its parents."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(start: str | os.PathLike = ".") -> Config:
    """The configuration that applies in `start`: its factlib.toml, or the defaults."""
    path = find_config(start)
    if path is None:
        return Config(root=str(Path(start)))
    return read_config(path)


def read_config(path: str | os.PathLike) -> Config:
    """Read one factlib.toml; raise LibraryError naming the file, line and field."""
    path = Path(path)
    text, data = parse_toml(path)
    try:
        sections: dict[str, Any] = {}
        for name, cls in (("library", LibraryConfig), ("check", CheckConfig), ("links", LinksConfig),
                          ("audit", AuditConfig)):
            sections[name] = structure_strict(data.pop(name, {}), cls, name)
        if data:
            raise StructureErrors([(key, "unknown key (expected [library], [check], [links], [audit])") for key in data])
    except StructureErrors as err:
        lines = field_lines(text)
        raise LibraryError(
            [Problem(str(path), line_of(lines, field), field, message) for field, message in err.problems]
        ) from None
    config = Config(root=str(path.parent), file=str(path), **sections)
    problems = [(field, message) for field, message in _range_problems(config)]
    if problems:
        lines = field_lines(text)
        raise LibraryError([Problem(str(path), line_of(lines, f), f, m) for f, m in problems])
    return config


def _range_problems(config: Config):
    """Settings of the right type but an impossible value."""
    if config.check.fail_on not in ("error", "warning", "never"):
        yield "check.fail_on", f'expected one of error, warning, never, got "{config.check.fail_on}"'
    if config.check.stale_years <= 0:
        yield "check.stale_years", f"expected a number of years above 0, got {config.check.stale_years:g}"
    if config.audit.review_every < 1:
        yield "audit.review_every", f"expected a whole number of days, at least 1, got {config.audit.review_every}"
    links = config.links
    for name in ("concurrency", "per_host", "fail_after", "max_bytes"):
        if getattr(links, name) < 1:
            yield f"links.{name}", f"expected a whole number of at least 1, got {getattr(links, name)}"
    for name in ("timeout", "max_age_days"):
        if getattr(links, name) <= 0 and not (name == "max_age_days" and getattr(links, name) == 0):
            yield f"links.{name}", f"expected a number above 0, got {getattr(links, name):g}"
    if links.host_interval < 0:
        yield "links.host_interval", f"expected a number of seconds, 0 or more, got {links.host_interval:g}"
