"""The audit command: the editor's report of what needs attention this week."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from factlib.cli.app import FailOn, LibraryOption, _config, _err, _library_path, command
from factlib.errors import UsageError

if TYPE_CHECKING:
    from factlib.audit.records import Audit
    from factlib.model import Library


class AuditFormat(str, enum.Enum):
    text = "text"
    md = "md"
    json = "json"
    csv = "csv"
    html = "html"


TodayOption = typer.Option(None, "--today", metavar="YYYY-MM-DD", hidden=True, help="Audit as of this day (tests).")


def run_audit(paths: list[Path], library: Optional[Path], today: Optional[str]) -> tuple["Library", "Audit"]:
    """Load the library and the link database as `links` finds them, read the drafts, build the audit."""
    from factlib.audit.run import audit_library
    from factlib.library.load import load_library

    config = _config()
    lib = load_library(_library_path(library, config))
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or folder")
    database = config.database_path()
    if not config.file and library is not None:  # no factlib.toml: the database is beside the library, as for links
        database = library.resolve().parent / config.links.database
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        raise UsageError(f'--today "{today}": give a date as YYYY-MM-DD') from None
    audit = audit_library(lib, config, database, [str(p) for p in paths], today=day)
    for line in audit.unreadable:
        _err(f"cannot read this draft: {line}")
    return lib, audit


@command()
def audit(
    paths: list[Path] = typer.Argument(None, metavar="[PATH...]", help="Drafts that use the library (default: [audit] drafts in factlib.toml)."),
    format: AuditFormat = typer.Option(AuditFormat.text, "--format", help="text, md, json, csv or html (one self-contained file)."),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="Exit 1 when the to-do list has an item at or above: error, warning, never (default)."),
    library: Optional[Path] = LibraryOption,
    today: Optional[str] = TodayOption,
) -> int:
    """The editor's report: every fact and source with its link history and the drafts that use it.

    Per fact: status, review due ([audit] review_every days after reviewed_on, default 365), stale, quote and
    link verdicts and since when, failing runs in a row, and the draft lines that use it (explicit references
    and the binding `check` makes). Per source: first failure, last success, flapping, redirect, archive. Then
    a to-do list for this week, most urgent first, ranked by the draft lines that depend on each item.
    Reads the link database that `factlib links` writes; sends nothing.

    Example: factlib audit drafts/ --format html > audit.html
    """
    from factlib.audit import formats
    from factlib.audit.html import to_html
    from factlib.findings import Level

    _, result = run_audit(paths or [], library, today)
    render = {AuditFormat.text: formats.to_text, AuditFormat.md: formats.to_markdown, AuditFormat.json: formats.to_json,
              AuditFormat.csv: formats.to_csv, AuditFormat.html: to_html}[format]
    typer.echo(render(result), nl=format not in (AuditFormat.csv, AuditFormat.md))
    if result.unreadable:
        return 2
    if fail_on != FailOn.never and any(t.level.rank >= Level(fail_on.value).rank for t in result.todo):
        return 1
    return 0
