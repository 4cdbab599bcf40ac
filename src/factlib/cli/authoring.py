"""Commands that write: new (a fact from a page and a quote), status (a fact's status), render (a draft's references)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from factlib.cli.app import LibraryOption, _err, _load, command
from factlib.errors import UsageError


@command()
def status(
    fact_id: str = typer.Argument(..., metavar="ID", help="The fact id."),
    new_status: str = typer.Argument(..., metavar="STATUS", help="draft, vetted, disputed, retracted or superseded."),
    reason: str = typer.Option("", "--reason", help="Why: written into the fact's note (needed for disputed, retracted, superseded)."),
    corrected_by: str = typer.Option("", "--corrected-by", metavar="ID", help="With disputed: the fact that holds the right figure."),
    superseded_by: str = typer.Option("", "--superseded-by", metavar="ID", help="With superseded: the fact to use instead."),
    reviewed_by: str = typer.Option("", "--reviewed-by", metavar="NAME", help="Who reviewed it (reviewed_by)."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Change a fact's status in its file, stamping reviewed_on with today's date.

    The file keeps its comments and layout; the change is validated with the whole library and written
    atomically, or not at all (exit 2, with the rule it would break).

    Example: factlib status uk-grooming-rise-80pc disputed --reason "the NSPCC figure is 70%" --corrected-by nspcc-2022-grooming-rise-70pc
    """
    from factlib.library.status import set_status
    from factlib.model import Status

    try:
        wanted = Status(new_status)
    except ValueError:
        raise UsageError(f'"{new_status}" is not a status; choose from {", ".join(m.value for m in Status)}') from None
    change = set_status(_load(library), fact_id, wanted, reason=reason, corrected_by=corrected_by,
                        superseded_by=superseded_by, reviewed_by=reviewed_by)
    typer.echo(f"{change.fact_id}: {change.old.value} -> {change.new.value} ({change.written.display})")
    return 0


@command()
def render(
    draft: Path = typer.Argument(..., metavar="DRAFT", help="A Markdown, HTML or text draft."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="OUT", help="Write here (default: standard output)."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Replace each fact reference in a draft with the fact's figure and a citation.

    [text](fact:ID), data-fact="ID" and <a href="fact:ID"> take the figure as the fact file words it;
    [fact:ID] markers keep the words before them. Citations are Markdown footnotes, HTML <sup> links to a
    list of notes, or [n] notes in text. A reference to an unknown, retracted or superseded fact is an
    error (exit 1) and nothing is written; drafts and disputed facts are rendered with a warning.

    Example: factlib render leaflet.md -o leaflet.rendered.md
    """
    from factlib.authoring.render import render_file
    from factlib.report.reporters import text

    result = render_file(str(draft), _load(library))
    for warning in result.warnings:
        _err(f"warning: {warning}")
    if result.errors:
        typer.echo(text(result.errors), err=True)
        _err(f"not rendered: {len(result.errors)} reference(s) to facts that cannot be cited")
        return 1
    if output is None:
        typer.echo(result.text, nl=False)
    else:
        try:
            output.write_text(result.text, encoding="utf-8")
        except OSError as err:
            raise UsageError(f"{output}: cannot write: {err.strerror or err}") from None
        _err(f"{output}: {result.notes} note(s)")
    return 0
