"""Commands on the library itself: list, search, show, cite, validate, export."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from factlib.cli.app import CheckFormat, FindingsFormat, LibraryOption, TableFormat, _err, _load, command
from factlib.errors import UsageError

if TYPE_CHECKING:
    from factlib.model import Library


@command("list")
def list_(
    tag: list[str] = typer.Option([], "--tag", help="Only facts with this tag (repeatable: all must match)."),
    status: list[str] = typer.Option([], "--status", help="Only facts with this status (repeatable: any may match)."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", help="table, json or csv."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """List the facts, one a line.

    Example: factlib list --tag grooming --status vetted --format json
    """
    from factlib.library.export import to_csv, to_json
    from factlib.model import Status

    for s in status:
        if s not in {m.value for m in Status}:
            raise UsageError(f'--status "{s}" is not a status; choose from {", ".join(m.value for m in Status)}')
    lib = _load(library)
    pairs = [
        (f, s) for f, s in lib.facts()
        if all(t in f.tags for t in tag) and (not status or f.status.value in status)
    ]
    if format == TableFormat.json:
        typer.echo(to_json(pairs))
    elif format == TableFormat.csv:
        typer.echo(to_csv(pairs), nl=False)
    else:
        typer.echo(_table(pairs))
    return 0


def _table(pairs) -> str:
    if not pairs:
        return "(no facts)"
    width = max(len(f.id) for f, _ in pairs)
    rows = []
    for fact, _ in pairs:
        figures = ", ".join(fig.text for fig in fact.figures) or "-"
        statement = fact.statement if len(fact.statement) <= 90 else fact.statement[:89] + "…"
        rows.append(f"{fact.id:<{width}}  {fact.status.value:<10}  {figures}  |  {statement}")
    return "\n".join(rows)


@command()
def search(
    query: list[str] = typer.Argument(..., help="Words to look for."),
    limit: int = typer.Option(10, "--limit", "-n", min=0, help="Show at most this many facts (0: all)."),
    format: FindingsFormat = typer.Option(FindingsFormat.text, "--format", help="text or json."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Find facts by relevance to the words (statement, quote, keywords, tags, publisher).

    Example: factlib search grooming crimes rise
    """
    from factlib.library.search import search as run_search

    hits = run_search(_load(library), " ".join(query), limit=limit or None)
    if format == FindingsFormat.json:
        from factlib.library.export import fact_record

        typer.echo(json.dumps([{**fact_record(h.fact, h.source), "score": round(h.score, 4)} for h in hits], indent=2, ensure_ascii=False))
        return 0
    if not hits:
        typer.echo("no facts match")
        return 0
    for hit in hits:
        figures = ", ".join(f.text for f in hit.fact.figures) or "-"
        typer.echo(f"{hit.fact.id}  [{hit.fact.status.value}]  {figures}\n    {hit.fact.statement}")
    return 0


@command()
def show(
    fact_id: str = typer.Argument(..., metavar="ID", help="The fact id."),
    format: FindingsFormat = typer.Option(FindingsFormat.text, "--format", help="text or json."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Show one fact in full, with its source and the sources that source cites.

    Example: factlib show cypnow-online-grooming-crimes-rise-70pc
    """
    from factlib.library.export import fact_record, source_record

    lib = _load(library)
    fact, source = _fact(lib, fact_id)
    cited = [s for c in source.cites if (s := lib.source(c)) is not None]
    if format == FindingsFormat.json:
        typer.echo(json.dumps({"fact": fact_record(fact, source), "source": source_record(source),
                               "cites": [source_record(c) for c in cited]}, indent=2, ensure_ascii=False))
        return 0
    typer.echo(_show_text(fact, source, cited))
    return 0


def _fact(lib: "Library", fact_id: str):
    found = lib.fact(fact_id)
    if found is None:
        from difflib import get_close_matches

        near = get_close_matches(fact_id, [f.id for f, _ in lib.facts()], n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; `factlib search WORDS` finds facts"
        raise UsageError(f'no fact "{fact_id}" in the library{hint}')
    return found


def _show_text(fact, source, cited) -> str:
    from factlib.figures.compare import show_value

    lines = [
        f"{fact.id}  [{fact.status.value}]",
        f"  statement: {fact.statement}",
        f"  quote:     \u201c{fact.quote}\u201d",
    ]
    for fig in fact.figures:
        extra = "".join(f", {k} {getattr(fig, k)}" for k in ("unit", "currency", "name") if getattr(fig, k))
        lines.append(f"  figure:    {fig.text} = {show_value(fig.value)} ({fig.kind.value}, {fig.qualifier.value}{extra})")
    lines += [f"  measure:   {fact.measure}", f"  scope:     {fact.scope}", f"  period:    {fact.period}"]
    if fact.superseded_by:
        lines.append(f"  superseded by: {fact.superseded_by}")
    if fact.corrected_by:
        lines.append(f"  corrected by: {fact.corrected_by}")
    if fact.reviewed_by or fact.reviewed_on:
        lines.append(f"  reviewed:  {fact.reviewed_by} {fact.reviewed_on or ''}".rstrip())
    if fact.keywords:
        lines.append(f"  keywords:  {', '.join(fact.keywords)}")
    if fact.tags:
        lines.append(f"  tags:      {', '.join(fact.tags)}")
    if fact.arithmetic:
        lines.append(f"  arithmetic: {'; '.join(fact.arithmetic)}")
    if fact.note:
        lines.append(f"  note:      {fact.note}")
    lines += ["", _source_text(source, "source")]
    for c in cited:
        lines.append(_source_text(c, "cites"))
    return "\n".join(lines)


def _source_text(source, label: str) -> str:
    authors = f" by {', '.join(source.authors)}" if source.authors else ""
    out = [f"{label}: {source.id} ({source.kind.value})",
           f"  {source.title} — {source.publisher}{authors}, {source.published}",
           f"  {source.url} (accessed {source.accessed})"]
    if source.archive_url:
        out.append(f"  archive: {source.archive_url}")
    if source.note:
        out.append(f"  note: {source.note}")
    return "\n".join(out)


class CiteStyle(str, enum.Enum):
    markdown = "markdown"
    html = "html"
    text = "text"
    apa = "apa"
    csl_json = "csl-json"


@command()
def cite(
    fact_id: str = typer.Argument(..., metavar="ID", help="The fact id."),
    style: CiteStyle = typer.Option(CiteStyle.markdown, "--style", help="markdown, html, text, apa or csl-json."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Print the vetted statement with its citation, ready to paste; the link lands on the quote.

    A fact that is not vetted is cited only with a visible warning (also on stderr).

    Example: factlib cite cypnow-online-grooming-crimes-rise-70pc --style html
    """
    from factlib.library.cite import cite as make, warning

    fact, source = _fact(_load(library), fact_id)
    w = warning(fact)
    if w:
        _err(f"warning: {fact.id} is {fact.status.value}: {fact.note}".rstrip(": "))
    typer.echo(make(fact, source, style.value))
    return 0


@command()
def validate(
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", help="text, json, github or sarif."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Lint the library: every rule of the fact file format; exit 1 when a rule is broken.

    Output lines read `file:line: code message`; the codes are listed in docs/codes.md.

    Example: factlib validate --format json
    """
    from factlib.codes import VALIDATE
    from factlib.library.validate import validate as run
    from factlib.report import Run, reporter

    lib = _load(library)
    findings = run(lib)
    if format == CheckFormat.text and not findings:
        typer.echo(f"ok: {len(lib.sources)} sources, {len(lib.facts())} facts, no problems")
    else:
        summary = {"sources": len(lib.sources), "facts": len(lib.facts()), "errors": len(findings)}
        out = reporter(format.value).render(findings, Run(summary=summary, rules=VALIDATE, with_level=False))
        if out:
            typer.echo(out)
    return 1 if findings else 0


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"
    csl_json = "csl-json"
    sqlite = "sqlite"


@command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json, csv, csl-json or sqlite."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="The SQLite file to write (--format sqlite)."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Print the whole library as JSON (facts), CSV (facts) or CSL-JSON (sources, for reference managers),
    or write it as an SQLite database with full-text search (for Datasette: tables sources, facts, figures,
    fact_tags, cites; facts_fts indexes statement, quote, keywords, tags and publisher).

    Example: factlib export --format csl-json > library.json; factlib export --format sqlite -o facts.db
    """
    from factlib.library.export import to_csl_json, to_csv, to_json

    if (format == ExportFormat.sqlite) != (output is not None):
        raise UsageError("--format sqlite writes a file: give it with --output FILE (and --output only with sqlite)")
    lib = _load(library)
    if format == ExportFormat.sqlite and output is not None:
        from factlib.library.sqlite import write_sqlite

        write_sqlite(lib, output)
    elif format == ExportFormat.csv:
        typer.echo(to_csv(lib.facts()), nl=False)
    elif format == ExportFormat.csl_json:
        typer.echo(to_csl_json(lib))
    else:
        typer.echo(to_json(lib.facts()))
    return 0
