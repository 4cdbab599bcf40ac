"""The links command: every source URL and quote checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from factlib.cli.app import CheckFormat, LibraryOption, _config, _err, _library_path, command, echo_findings, plural
from factlib.errors import UsageError



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
    max_age: Optional[str] = typer.Option(None, "--max-age", metavar="AGE", help="Reuse successes younger than this: 7d (default), 12h, 0 to re-check all."),
    allow_network: list[str] = typer.Option([], "--allow-network", metavar="CIDR", help="Let requests reach this private network (repeatable), e.g. 127.0.0.0/8."),
    fail_after: Optional[int] = typer.Option(None, "--fail-after", min=1, help="Count a link as broken only after this many failing runs in a row (default 1)."),
    offline: bool = typer.Option(False, "--offline", help="Send nothing: report from the link database only."),
    update: bool = typer.Option(False, "--update", help="Write back the final URL of permanent redirects, and accessed for sources whose quotes were all found."),
    library: Optional[Path] = LibraryOption,
) -> int:
    """Check that every source URL resolves and every quote is still on its page.

    Link verdicts: ok, redirected, broken, unverifiable, timeout, unsafe; quote verdicts: found, changed,
    missing, unchecked. Results are kept in .factlib/links.sqlite beside the library; a result reused from
    it says "cached" and how old it is. Exit 1 when a link is broken or a quote changed or went missing;
    exit 2 when the machine looks offline (nothing is then recorded); exit 130 on Ctrl-C, after printing what
    was checked so far.

    Example: factlib links --format json --max-age 1d
    """
    import sys

    from factlib.codes import LINKS
    from factlib.findings import fails
    from factlib.library.load import load_library
    from factlib.links.store import LinkStore
    import attrs

    from factlib.links.run import Interrupted, check_links, findings, report_record, summary
    from factlib.links.netsafety import parse_networks
    from factlib.report import Run, reporter

    config = _config()
    lib = load_library(_library_path(library, config))
    conf = config.links
    networks = tuple(allow_network) or conf.allow_network
    parse_networks(networks)  # a bad CIDR is a usage error before anything is sent
    overrides: dict[str, Any] = {k: v for k, v in dict(fail_after=fail_after, concurrency=concurrency, per_host=per_host,
                                         host_interval=host_interval, timeout=timeout).items() if v is not None}
    if max_age is not None:
        overrides["max_age_days"] = _duration(max_age).total_seconds() / 86400
    options = attrs.evolve(conf, allow_network=networks, **overrides)
    progress = _progress_printer(sys.stderr.isatty())
    database = config.database_path()
    if not config.file and library is not None:  # no factlib.toml: the database goes beside the library
        database = library.resolve().parent / config.links.database
    interrupted = False
    with LinkStore(database, create=not offline) as store:
        try:
            reports = check_links(lib, store, options, offline=offline, source_ids=source_ids or (),
                                  on_progress=progress)
        except Interrupted as stop:  # Ctrl-C: what was checked so far is printed, then exit 130
            reports, interrupted = stop.reports, True
            _err(f"interrupted: {plural(len(reports), 'source')} checked so far")
    if update and not interrupted:  # a run cut short proves too little to write back
        from factlib.authoring.updates import apply_link_updates

        for change in apply_link_updates(lib, reports):
            typer.echo(f"updated {change}", err=True)
    found = findings(reports, lib, options.fail_after)
    if format == CheckFormat.json:
        typer.echo(json.dumps({"sources": [report_record(r) for r in reports], "summary": summary(reports)},
                              indent=2, ensure_ascii=False))
    elif format == CheckFormat.sarif:
        typer.echo(reporter(format.value).render(found, Run(rules=LINKS)))
    elif format == CheckFormat.github:
        out = reporter(format.value).render([f for f in found if f.level.value != "info"], Run())
        if out:
            typer.echo(out)
    else:
        out = reporter(format.value).render([f for f in found if f.level.value != "info"], Run())
        if out:
            echo_findings(out)
        s = summary(reports)
        never = f", {s['unchecked']} never checked" if s["unchecked"] else ""
        reused = sum(1 for r in reports if r.cached and r.live.verdict is not None and not offline)
        never += f", {reused} cached" if reused else ""
        typer.echo(f"{plural(s['sources'], 'source')}: {s['ok']} ok, {s['redirected']} redirected, {s['broken']} broken, "
                   f"{s['unverifiable']} unverifiable, {s['timeout']} timeout, {s['unsafe']} unsafe{never}; quotes: "
                   f"{s['quotes_found']} found, {s['quotes_changed']} changed, {s['quotes_missing']} missing, "
                   f"{s['quotes_unchecked']} unchecked", err=True)
    if interrupted:
        return 130
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
        import datetime as dt

        from factlib.links.run import cached_age

        verdict = report.live.verdict.value if report.live.verdict else "never checked"
        if report.cached and report.live.checked_at:
            verdict += f" (cached {cached_age(report.live.checked_at, dt.datetime.now(dt.timezone.utc))})"
        typer.echo(f"[{done}/{total}] {report.source_id}: {verdict}", err=True)

    return bar if tty else line
