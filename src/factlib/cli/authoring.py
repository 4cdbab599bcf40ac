"""Commands that write: new (a fact from a page and a quote), status (a fact's status), render (a draft's references)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from factlib.cli.app import LibraryOption, _config, _err, _library_path, _load, command
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
    from factlib.report import Run, reporter

    result = render_file(str(draft), _load(library))
    for warning in result.warnings:
        _err(f"warning: {warning}")
    if result.errors:
        typer.echo(reporter("text").render(result.errors, Run()), err=True)
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


def _interactive() -> bool:
    """Whether there is a person to ask: standard input is a terminal."""
    import sys

    return sys.stdin.isatty()


class _Asker:
    """Takes each field from its flag, else asks on a terminal (offering the proposal), else takes the proposal
    with --yes; what it could not get is reported all at once by `finish`."""

    def __init__(self, interactive: bool, yes: bool) -> None:
        self.interactive, self.yes = interactive, yes
        self.missing: list[str] = []
        self.unconfirmed: list[str] = []

    def __call__(self, label: str, flag: str, given: Optional[str], proposal: str = "") -> str:
        if given is not None:
            return given
        if self.yes and proposal:
            return proposal
        if self.interactive:
            return typer.prompt(label, default=proposal or None, show_default=bool(proposal)).strip()
        (self.unconfirmed if proposal else self.missing).append(flag)
        return proposal

    def finish(self) -> None:
        if self.missing:
            raise UsageError(f"no terminal to ask on: give {', '.join(self.missing)}")
        if self.unconfirmed:
            raise UsageError(f"no terminal to confirm the proposals on ({', '.join(self.unconfirmed)}): "
                             "pass --yes to accept them, or give them as flags")


@command()
def new(
    address: str = typer.Argument(..., metavar="URL", help="The page (http or https), or a local HTML or PDF file."),
    quote: str = typer.Option(..., "--quote", help="The words on the page that carry the figure, verbatim."),
    fact_id: Optional[str] = typer.Option(None, "--id", help="The new fact's id (default: proposed)."),
    measure: Optional[str] = typer.Option(None, "--measure", help="What is measured; facts of one measure, scope and period must agree."),
    scope: Optional[str] = typer.Option(None, "--scope", help="Where or whom the figure covers."),
    period: Optional[str] = typer.Option(None, "--period", help="When: the period the figure covers."),
    statement: Optional[str] = typer.Option(None, "--statement", help="The fact in the library's words (default: the quote)."),
    file: Optional[Path] = typer.Option(None, "--file", help="The fact file to add to (default: the source's, found by URL, or a new one)."),
    url: Optional[str] = typer.Option(None, "--url", help="The source's URL, for a local file whose metadata names none."),
    published: Optional[str] = typer.Option(None, "--published", metavar="DATE", help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD) when the page gives none."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Accept the proposals without asking."),
    allow_network: list[str] = typer.Option([], "--allow-network", metavar="CIDR", help="Let the request reach this private network (repeatable)."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Add a fact from a page and a quote: the quote is proven on the page and its figures are read for you.

    Fetches the page through the link checker (same safety rules), reads title, publisher, authors and date
    from its metadata, finds the quote (exit 1 with the closest passage when it is not there), and writes the
    fact as a draft into its source's file. What the flags do not give is asked for on a terminal, with
    proposals; --yes accepts the proposals.

    Example: factlib new https://www.nspcc.org.uk/about-us/news-opinion/2022/online-grooming-crimes-rise/ --quote "online grooming crimes have jumped by more than 80% in four years" --measure uk-police-recorded-online-grooming-offences-change --scope "UK" --period "2017/18 to 2021/22"
    """
    import datetime as dt

    from factlib.authoring import new as core
    from factlib.links.netsafety import parse_networks

    config = _config()
    root = _library_path(library, config)
    lib = _library_or_empty(root)
    networks = tuple(allow_network) or config.links.allow_network
    parse_networks(networks)
    page = core.read_page(address, allow_network=networks, timeout=config.links.timeout)
    try:
        words = core.quote_on_page(page, quote)
        figures = core.quote_figures(words)
    except core.NotAdded as err:
        _err(f"not added: {err}")
        return 1
    today = dt.date.today()
    ask = _Asker(_interactive(), yes)
    source, path = _source(ask, lib, root, page, file, url, published, today)
    fact = _fact(ask, lib, page, source, words, figures, fact_id, statement, measure, scope, period)
    ask.finish()
    written = core.add_fact(root, path, fact, None if lib.source(source.id) else source, today=today)
    _report(written, fact, source, page)
    return 0


def _library_or_empty(root: Path):
    """The library, or an empty one when its folder has no fact files yet (the first `new` starts it)."""
    from factlib.library.load import fact_files, load_library
    from factlib.model import Library

    if not root.is_dir() or not fact_files(root):
        return Library((), root=str(root))
    return load_library(root)


def _source(ask: _Asker, lib, root: Path, page, file: Optional[Path], url: Optional[str], published: Optional[str], today):
    """The source the fact goes into, and its file: an existing one (by --file or URL) or a new one."""
    from urllib.parse import urlsplit

    from factlib.authoring import new as core, propose
    from factlib.model import PartialDate, Source, SourceKind

    if file is not None and not file.exists() and len(file.parts) == 1:
        file = root / file  # a bare name is a file in the library
    by_file = {Path(s.path).resolve(): s for s in lib.sources}
    existing = by_file.get(file.resolve()) if file is not None else core.existing_source(lib, url or page.url)
    if existing is not None:
        return existing, Path(existing.path)
    meta = page.meta
    source_url = url or page.url or ask("URL of the source", "--url", None)
    host = (urlsplit(source_url).hostname or "").removeprefix("www.")
    title = ask("title", "title", None, meta.title or Path(page.address).stem)
    publisher = ask("publisher", "publisher", None, meta.publisher or host)
    authors = ask("authors (separated by ;, or -)", "authors", None, "; ".join(meta.authors) or "-")
    date = ask("published (YYYY, YYYY-MM or YYYY-MM-DD)", "--published", published, str(meta.published or ""))
    kind = ask(f"kind ({', '.join(k.value for k in SourceKind)})", "kind", None,
               (meta.kind or (SourceKind.REPORT if page.kind == "pdf" else SourceKind.ARTICLE)).value)
    try:
        when = PartialDate.parse(date) if date else PartialDate(today.year)
        kind_ = SourceKind(kind)
    except ValueError as err:
        raise UsageError(f"{err}" if date else f'"{kind}" is not a kind of source') from None
    source_id = file.stem if file is not None else ask(
        "source id (the file's name)", "source id", None, propose.source_id(publisher, when.year if date else None, title, lib))
    names = tuple(a.strip() for a in authors.split(";") if a.strip() and a.strip() != "-")
    source = Source(source_id, title, publisher, source_url or "", when, today, kind_, names)
    return source, file if file is not None else core.source_file(root, source_id)


def _fact(ask: _Asker, lib, page, source, words: str, figures, fact_id, statement, measure, scope, period):
    from factlib.authoring import propose
    from factlib.model import Fact, Status

    fact_id = ask("fact id", "--id", fact_id, propose.fact_id(source.publisher, words, figures, lib))
    sentence = words[:1].upper() + words[1:] + ("" if words.endswith((".", "!", "?")) else ".")
    statement = ask("statement (the fact in the library's words)", "--statement", statement, sentence)
    if measure is None and ask.interactive:
        known = propose.measures(lib, f"{words} {statement}", limit=10)
        if known:
            typer.echo("measures in the library, closest first:", err=True)
        for n, (name, count) in enumerate(known, 1):
            typer.echo(f"  {n:>3}. {name} ({count} fact{'s' if count > 1 else ''})", err=True)
        answer = ask("measure (a number above, or a new name)", "--measure", None)
        measure = known[int(answer) - 1][0] if answer.isdigit() and 0 < int(answer) <= len(known) else answer
    measure = ask("measure", "--measure", measure)
    usual_scope, usual_period = propose.usual_scope_period(lib, measure)
    scope = ask("scope (where or whom it covers)", "--scope", scope, usual_scope)
    period = ask("period (when)", "--period", period, usual_period)
    keywords = ask("keywords (comma-separated)", "keywords", None, ", ".join(propose.keywords(words, source.title)))
    return Fact(fact_id, statement, words, measure, scope, period, Status.DRAFT, figures,
                keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()))


def _report(written, fact, source, page) -> None:
    from factlib.figures.compare import show_value

    new_source = f" (new source {source.id})" if written.created else ""
    typer.echo(f"added draft fact {fact.id} to {written.display}{new_source}")
    typer.echo(f"  quote found on {page.url or page.address}")
    for f in fact.figures:
        typer.echo(f'  figure: "{f.text}" = {show_value(f.value)} ({f.kind.value}, {f.qualifier.value})')
    typer.echo(f"review it, then: factlib status {fact.id} vetted")
