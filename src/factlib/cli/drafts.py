"""Commands on drafts: figures, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from factlib.cli.app import (CheckFormat, FailOn, FindingsFormat, LibraryOption, _config, _err,
                             _library_path, command, echo_findings, plural)
from factlib.errors import UsageError



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

    Codes: figure.contradicts, figure.known-error, fact.unknown, fact.retracted, fact.superseded (errors);
    figure.misattributed, fact.disputed, fact.stale, figure.inconsistent, figure.unsourced, document.unreadable
    (warnings); figure.supported (info). Silence a code on the next line with <!-- factlib: ignore CODE -->
    (or `factlib: ignore CODE` in text). A draft or folder that cannot be read is document.unreadable, and a
    folder with no drafts is said on stderr; the others are checked, then the command exits 2.

    Example: factlib check docs/examples --format github --fail-on error
    """
    from factlib.drafts.check import CheckOptions, CheckRun
    from factlib.codes import CHECK, finding
    from factlib.drafts.documents import DocumentError, read_document
    from factlib.drafts.walk import Unreadable, iter_drafts, missing
    from factlib.findings import Finding, Level, fails
    from factlib.library.load import load_library
    from factlib.report import Run, reporter

    config = _config()
    lib = load_library(_library_path(library, config))
    changed = None
    if changed_since:
        from factlib.drafts.gitdiff import changed_lines

        changed = changed_lines(changed_since)
    options = CheckOptions(stale_years=config.check.stale_years, changed_lines=changed)
    absent = missing(paths)
    if absent:
        raise UsageError(f"{absent[0]}: no such file or folder")
    empty: list[Unreadable] = []

    def unreadable(path, what: str, message: str) -> Finding:
        return finding("document.unreadable", str(path), 0, f"cannot read this {what}: {message}")

    def documents():
        # one rule for every input that cannot be used: a document.unreadable finding in its place, exit 2
        for item in iter_drafts(paths, config.check.include, config.check.ignore, Path(config.root)):
            if isinstance(item, Unreadable):
                if item.empty:
                    _err(f"{item.path}: {item.message}")
                    empty.append(item)
                else:
                    yield unreadable(item.path, "folder" if item.folder else "draft", item.message)
                continue
            try:
                yield read_document(item)
            except DocumentError as err:
                yield unreadable(item, "draft", err.message)

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
        if format == CheckFormat.github:
            out = reporter(format.value).render(shown, Run())
            if out:
                typer.echo(out)
        elif shown:
            out = reporter(format.value).render(shown, Run())
            if out:
                echo_findings(out)
    summary = run.summary()
    if format in (CheckFormat.json, CheckFormat.sarif):
        typer.echo(reporter(format.value).render(kept, Run(summary=summary, rules=CHECK)))
    else:
        typer.echo(f"{plural(summary['files'], 'file')}, {plural(summary['figures'], 'figure')}: "
                   f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}, "
                   f"{summary['infos']} supported", err=True)
    if run.unreadable or empty:
        return 2  # a draft could not be used: the others were checked all the same
    if not run.files:
        _err("no drafts to check: every path named is ignored by the [check] ignore globs")
        return 2  # a green run over nothing would pass CI without checking anything
    return 1 if failed else 0
