"""The typer app, the one error handler for every command, and the options they share.

Exit codes for every command: 0 nothing at or above the fail level; 1 findings
at or above it; 2 unusable input (bad flag, unreadable file, malformed library);
3 a bug; 130 interrupted. Core modules are imported inside commands so that a
command loads only what it uses.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import typer

from factlib import PROJECT_URL, __version__
from factlib.cli.params import Command
from factlib.errors import FactlibError, LibraryError

if TYPE_CHECKING:
    from factlib.library.config import Config
    from factlib.model import Library

app = typer.Typer(
    name="factlib",
    help="A citation-checked fact library: find vetted figures, cite them, check drafts and links.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factlib {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """A citation-checked fact library: find vetted figures, cite them, check drafts and links."""


LibraryOption = typer.Option(None, "--library", help="Folder of fact files (default: from factlib.toml, else ./facts).", show_default=False)


def plural(count: int, noun: str) -> str:
    """"1 file", "2 files": a count with its noun, for summaries."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


_LEVEL = re.compile(r"^(\S.*?:\d+(?::\d+)?: )(error|warning|info)( )", re.MULTILINE)
_LEVEL_STYLE: dict[str, dict[str, Any]] = {"error": dict(fg="red", bold=True), "warning": dict(fg="yellow", bold=True), "info": dict(fg="cyan")}


def colour_wanted(env: Mapping[str, str], tty: bool) -> bool:
    """Whether to colour output: never with NO_COLOR (no-color.org); always with FORCE_COLOR;
    else on a terminal only, and never in CI logs (CI set)."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return tty and not env.get("CI")


def echo_findings(out: str) -> None:
    """Print finding lines, their level in colour when :func:`colour_wanted` says so."""
    import os
    import sys

    if not colour_wanted(os.environ, sys.stdout.isatty()):
        typer.echo(out)
        return
    styled = _LEVEL.sub(lambda m: m.group(1) + typer.style(m.group(2), **_LEVEL_STYLE[m.group(2)]) + m.group(3), out)
    typer.echo(styled, color=True)


def _err(message: str) -> None:
    typer.echo(f"factlib: {message}", err=True)


def command(name: str | None = None) -> Callable:
    """Register a command whose body returns an exit code; user errors become one line and exit 2."""

    def register(fn: Callable[..., int | None]) -> Callable:
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                code = fn(*args, **kwargs)
            except LibraryError as err:
                for problem in err.problems:
                    _err(str(problem))
                raise typer.Exit(2) from None
            except FactlibError as err:
                _err(str(err))
                raise typer.Exit(2) from None
            except KeyboardInterrupt:
                _err("interrupted")
                raise typer.Exit(130) from None
            except (typer.Exit, typer.Abort):
                raise
            except BrokenPipeError:
                raise typer.Exit(0) from None
            except Exception as err:  # a bug: say so, ask for a report
                _err(f"internal error: {type(err).__name__}: {err}")
                _err(f"please report this at {PROJECT_URL}/issues with the command you ran")
                raise typer.Exit(3) from None
            raise typer.Exit(code or 0)

        return app.command(name, cls=Command)(run)

    return register


def _config() -> "Config":
    from factlib.library.config import load_config

    return load_config(Path.cwd())


def _library_path(library: Optional[Path], config: "Config | None" = None) -> Path:
    if library is not None:
        return library
    return (config or _config()).library_path()


def _load(library: Optional[Path]) -> "Library":
    from factlib.library.load import load_library

    return load_library(_library_path(library))


class TableFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


class FindingsFormat(str, enum.Enum):
    text = "text"
    json = "json"


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    never = "never"
