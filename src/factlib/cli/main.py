"""The command line: parse options, call the core, hand records to a reporter, map to an exit code.

Exit codes for every command: 0 nothing at or above the fail level; 1 findings
at or above it; 2 unusable input (bad flag, unreadable file, malformed library);
3 a bug; 130 interrupted. Core modules are imported inside commands so that a
command loads only what it uses.
"""

from __future__ import annotations

import enum
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer

from factlib import PROJECT_URL
from factlib.errors import FactlibError, LibraryError, UsageError

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

LibraryOption = typer.Option(None, "--library", help="Folder of fact files (default: from factlib.toml, else ./facts).", show_default=False)


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

        return app.command(name)(run)

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
    cited = [lib.source(c) for c in source.cites if lib.source(c) is not None]
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
    format: FindingsFormat = typer.Option(FindingsFormat.text, "--format", help="text or json."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Lint the library: every rule of the fact file format; exit 1 when a rule is broken.

    Output lines read `file:line: code message`; the codes are listed in docs/codes.md.

    Example: factlib validate --format json
    """
    from factlib.report.reporters import json_report, text
    from factlib.library.validate import validate as run

    lib = _load(library)
    findings = run(lib)
    if format == FindingsFormat.json:
        summary = {"sources": len(lib.sources), "facts": len(lib.facts()), "errors": len(findings)}
        typer.echo(json_report(findings, summary))
    elif findings:
        typer.echo(text(findings, with_level=False))
    else:
        typer.echo(f"ok: {len(lib.sources)} sources, {len(lib.facts())} facts, no problems")
    return 1 if findings else 0


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"
    csl_json = "csl-json"


@command()
def export(
    format: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json, csv or csl-json."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Print the whole library as JSON (facts), CSV (facts) or CSL-JSON (sources, for reference managers).

    Example: factlib export --format csl-json > library.json
    """
    from factlib.library.export import to_csl_json, to_csv, to_json

    lib = _load(library)
    if format == ExportFormat.csv:
        typer.echo(to_csv(lib.facts()), nl=False)
    elif format == ExportFormat.csl_json:
        typer.echo(to_csl_json(lib))
    else:
        typer.echo(to_json(lib.facts()))
    return 0


@command()
def figures(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Drafts: Markdown, text, HTML, .docx or PDF."),
    format: FindingsFormat = typer.Option(FindingsFormat.text, "--format", help="text or json."),
) -> int:
    """List every figure found in the files: place, kind, value, qualifier.

    JSON gives, per figure, file, line, column, start, end (offsets in the file's text), text, kind, value,
    qualifier, unit and currency. A file that cannot be read is reported on stderr; the others go on (exit 2).

    Example: factlib figures docs/examples/leaflet.md --format json
    """
    from factlib.drafts.documents import DocumentError, read_document
    from factlib.figures.scan import find_figures
    from factlib.library.convert import plain_number

    records, failed = [], False
    for path in files:
        try:
            doc = read_document(path)
        except DocumentError as err:
            _err(str(err))
            failed = True
            continue
        for fig in find_figures(doc.text):
            line, column = doc.position(fig.start)
            records.append({"file": str(path), "line": line, "column": column, "start": fig.start, "end": fig.end,
                            "text": fig.text, "kind": fig.kind.value, "value": plain_number(fig.value),
                            "qualifier": fig.qualifier.value, "unit": fig.unit, "currency": fig.currency})
    if format == FindingsFormat.json:
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        for r in records:
            extra = "".join(f" {r[k]}" for k in ("unit", "currency") if r[k])
            typer.echo(f"{r['file']}:{r['line']}:{r['column']}: {r['kind']} {json.dumps(r['value'])} "
                       f"{r['qualifier']}{extra} \u201c{r['text']}\u201d")
    return 2 if failed else 0


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    never = "never"


@command()
def check(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Draft files or folders (walked for drafts)."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", help="text, json, github or sarif."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 on findings at or above: error (default), warning, never."),
    changed_since: Optional[str] = typer.Option(None, "--changed-since", metavar="REV", help="Report only lines changed since this git revision."),
    min_level: FailOn = typer.Option(FailOn.never, "--min-level", help="Text and github output: hide findings below error or warning (never: show all)."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Check drafts against the library: every figure is found, tied to a fact and judged.

    Codes: figure.contradicts, fact.unknown, fact.retracted, fact.superseded (errors); fact.disputed,
    fact.stale, figure.inconsistent, figure.unsourced (warnings); figure.supported (info). Silence a code on
    the next line with <!-- factlib: ignore CODE --> (or `factlib: ignore CODE` in text).

    Example: factlib check docs/examples --format github --fail-on error
    """
    from factlib.drafts.check import CheckOptions, CheckRun, iter_drafts
    from factlib.codes import CHECK
    from factlib.drafts.documents import DocumentError, read_document
    from factlib.findings import Finding, Level, fails
    from factlib.library.load import load_library
    from factlib.report.reporters import github, json_report, sarif, text

    config = _config()
    lib = load_library(_library_path(library, config))
    changed = None
    if changed_since:
        from factlib.drafts.gitdiff import changed_lines

        changed = changed_lines(changed_since)
    options = CheckOptions(stale_years=config.check.stale_years, changed_lines=changed)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or folder")

    def documents():
        for path in iter_drafts([str(p) for p in paths], config.check.include, config.check.ignore, Path(config.root)):
            try:
                yield read_document(path)
            except DocumentError as err:
                yield Finding("document.unreadable", Level.WARNING, str(path), 0, f"cannot read this draft: {err.message}")

    run = CheckRun(documents(), lib, options)
    threshold = None if min_level == FailOn.never else Level(min_level.value).rank
    kept: list[Finding] = []  # json and sarif print one document at the end; text and github stream
    failed = False
    level = fail_on.value if fail_on else config.check.fail_on
    for _, found in run:
        failed = failed or fails(found, level)
        if format in (CheckFormat.json, CheckFormat.sarif):
            kept.extend(found)
            continue
        shown = [f for f in found if threshold is None or f.level.rank >= threshold]
        out = github(shown) if format == CheckFormat.github else text(shown)
        if out:
            typer.echo(out)
    summary = run.summary()
    if format == CheckFormat.json:
        typer.echo(json_report(kept, summary))
    elif format == CheckFormat.sarif:
        typer.echo(sarif(kept, CHECK))
    else:
        typer.echo(f"{summary['files']} files, {summary['figures']} figures: {summary['errors']} errors, "
                   f"{summary['warnings']} warnings, {summary['infos']} supported", err=True)
    if run.unreadable:
        return 2  # a draft could not be used: the others were checked all the same
    return 1 if failed else 0


def _duration(text: str):
    import datetime as dt
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dhms]?)\s*", text)
    if not m:
        raise UsageError(f'--max-age "{text}": give a number of days, or a number with d, h, m or s (7d, 12h)')
    unit = {"d": "days", "": "days", "h": "hours", "m": "minutes", "s": "seconds"}[m.group(2)]
    return dt.timedelta(**{unit: float(m.group(1))})


@command()
def links(
    source_ids: list[str] = typer.Argument(None, metavar="[SOURCE_ID...]", help="Only these sources (default: all)."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", help="text, json, github or sarif."),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, help="Requests in flight at once, in all (default 16)."),
    per_host: Optional[int] = typer.Option(None, "--per-host", min=1, help="Requests in flight at once to one host (default 2)."),
    host_interval: Optional[float] = typer.Option(None, "--host-interval", min=0, metavar="SECONDS", help="Least time between two requests to one host (default 1)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.1, metavar="SECONDS", help="Time limit for connecting and for each read (default 20); a URL has three times this in all."),
    max_age: Optional[str] = typer.Option(None, "--max-age", help="Reuse successes younger than this: 7d (default), 12h, 0 to re-check all."),
    allow_network: list[str] = typer.Option([], "--allow-network", metavar="CIDR", help="Let requests reach this private network (repeatable), e.g. 127.0.0.0/8."),
    fail_after: Optional[int] = typer.Option(None, "--fail-after", min=1, help="Count a link as broken only after this many failing runs in a row (default 1)."),
    offline: bool = typer.Option(False, "--offline", help="Send nothing: report from the link database only."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Check that every source URL resolves and every quote is still on its page.

    Link verdicts: ok, redirected, broken, unverifiable, timeout, unsafe; quote verdicts: found, changed,
    missing, unchecked. Results are kept in .factlib/links.sqlite beside the library. Exit 1 when a link is
    broken or a quote changed or went missing.

    Example: factlib links --format json --max-age 1d
    """
    import sys

    from factlib.codes import LINKS
    from factlib.findings import fails
    from factlib.library.load import load_library
    from factlib.links.store import LinkStore
    import attrs

    from factlib.links.run import check_links, findings, report_record, summary
    from factlib.links.netsafety import parse_networks
    from factlib.report.reporters import github, sarif, text

    config = _config()
    lib = load_library(_library_path(library, config))
    conf = config.links
    networks = tuple(allow_network) or conf.allow_network
    parse_networks(networks)  # a bad CIDR is a usage error before anything is sent
    overrides = {k: v for k, v in dict(fail_after=fail_after, concurrency=concurrency, per_host=per_host,
                                         host_interval=host_interval, timeout=timeout).items() if v is not None}
    if max_age is not None:
        overrides["max_age_days"] = _duration(max_age).total_seconds() / 86400
    options = attrs.evolve(conf, allow_network=networks, **overrides)
    progress = _progress_printer(sys.stderr.isatty())
    database = config.database_path()
    if not config.file and library is not None:  # no factlib.toml: the database goes beside the library
        database = library.resolve().parent / config.links.database
    with LinkStore(database, create=not offline) as store:
        reports = check_links(lib, store, options, offline=offline, source_ids=source_ids or (), on_progress=progress)
    found = findings(reports, lib, options.fail_after)
    if format == CheckFormat.json:
        typer.echo(json.dumps({"sources": [report_record(r) for r in reports], "summary": summary(reports)},
                              indent=2, ensure_ascii=False))
    elif format == CheckFormat.sarif:
        typer.echo(sarif(found, LINKS))
    elif format == CheckFormat.github:
        out = github([f for f in found if f.level.value != "info"])
        if out:
            typer.echo(out)
    else:
        out = text([f for f in found if f.level.value != "info"])
        if out:
            typer.echo(out)
        s = summary(reports)
        never = f", {s['unchecked']} never checked" if s["unchecked"] else ""
        typer.echo(f"{s['sources']} sources: {s['ok']} ok, {s['redirected']} redirected, {s['broken']} broken, "
                   f"{s['unverifiable']} unverifiable, {s['timeout']} timeout, {s['unsafe']} unsafe{never}; quotes: "
                   f"{s['quotes_found']} found, {s['quotes_changed']} changed, {s['quotes_missing']} missing, "
                   f"{s['quotes_unchecked']} unchecked", err=True)
    return 1 if fails(found, "error") else 0


def _progress_printer(tty: bool):
    """A progress bar on a terminal, one plain line per source otherwise (CI logs)."""

    def bar(done: int, total: int, report) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        typer.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} sources", err=True, nl=False)
        if end:
            typer.echo("", err=True)

    def line(done: int, total: int, report) -> None:
        verdict = report.live.verdict.value if report.live.verdict else "never checked"
        typer.echo(f"[{done}/{total}] {report.source_id}: {verdict}", err=True)

    return bar if tty else line


def main(argv: list[str] | None = None) -> int:
    """The console script: run one command and return its exit code."""
    try:
        app(args=argv, prog_name="factlib", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0
