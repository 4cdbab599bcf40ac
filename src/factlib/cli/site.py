"""The site command: the library as a static website, catalogue and audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from factlib.cli.app import LibraryOption, command
from factlib.cli.audit import TodayOption, run_audit


@command()
def site(
    outdir: Path = typer.Argument(..., metavar="OUTDIR", help="Folder to write the site into (new, empty, or a site built before)."),
    paths: list[Path] = typer.Argument(None, metavar="[PATH...]", help="Drafts whose uses the audit pages show (default: [audit] drafts in factlib.toml)."),
    title: str = typer.Option("Fact library", "--title", help="The site's name, at the top of every page."),
    library: Optional[Path] = LibraryOption,
    today: Optional[str] = TodayOption,
) -> int:
    """Write the library as a static website: no server code, relative links, works offline and from file://.

    A page per fact (statement, figures, quote, source, status with its reason and correction, the citation in
    every style with a copy button, the audit of the fact), per source, per tag and per measure; a catalogue
    with full-text search and filters by status, tag, kind and publisher (a lunr index built now); and the
    audit (`factlib audit`) as pages. A site built before in OUTDIR is replaced whole.

    Example: factlib site public/ drafts/ && open public/index.html
    """
    from factlib import __version__
    from factlib.site.build import build_site

    lib, audit = run_audit(paths or [], library, today)
    built = today or dt.date.today().isoformat()
    result = build_site(lib, audit, outdir, built=built, version=__version__, title=title)
    typer.echo(f"wrote {result.pages} pages ({result.bytes / 1e6:.1f} MB) to {result.path}; "
               f"open {Path(result.path) / 'index.html'}", err=True)
    return 2 if audit.unreadable else 0
