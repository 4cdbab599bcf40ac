"""`factlib links --update`: what a link check proved, written back into the fact files (PRODUCT.md §7).

- A permanent redirect (verdict ``redirected``): ``url`` becomes the final URL.
- Every quote of the source found on the live page: ``accessed`` becomes the
  day of that check (never earlier than it was). A quote found only in the
  archived copy proves nothing about the live page, and a source without facts
  has no quote to prove.

Each file is written through :func:`factlib.library.write.write_fact_file`:
comments and layout kept, validated, atomic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import attrs

from factlib.errors import UsageError
from factlib.library.tomledit import set_source_fields
from factlib.library.write import write_fact_file
from factlib.linkresult import LinkVerdict, QuoteVerdict, SourceReport
from factlib.model import Library, Source


@attrs.frozen
class SourceUpdate:
    """One fact file updated: the source, the file, and each field's old and new value."""

    source_id: str
    file: str
    changes: tuple[tuple[str, str, str], ...]  # (field, old, new)

    def __str__(self) -> str:
        what = "; ".join(f"{field} {old} -> {new}" for field, old, new in self.changes)
        return f"{self.file}: {what}"


def proved(report: SourceReport, source: Source, today: dt.date) -> dict[str, Any]:
    """The fields a check's report proves for its source: a new url, a later accessed date."""
    fields: dict[str, Any] = {}
    live = report.live
    if live.verdict == LinkVerdict.REDIRECTED and live.final_url and live.final_url != source.url:
        fields["url"] = live.final_url
    quotes = report.quotes
    if source.facts and quotes and all(q.verdict == QuoteVerdict.FOUND and q.where == "live" for q in quotes):
        seen = _day(live.checked_at) or today
        seen = min(seen, today)
        if seen > source.accessed:
            fields["accessed"] = seen
    return fields


def apply_link_updates(library: Library, reports: list[SourceReport], *, today: dt.date | None = None) -> list[SourceUpdate]:
    """Write what the reports prove into the sources' files; return what changed, in the reports' order."""
    today = today or dt.date.today()
    done: list[SourceUpdate] = []
    for report in reports:
        source = library.source(report.source_id)
        if source is None or report.url != source.url:
            continue  # the library changed since this result was recorded
        fields = proved(report, source, today)
        if not fields:
            continue
        written = write_fact_file(library.root, Path(source.path).resolve(), _setter(source, fields), today=today)
        changes = tuple((k, str(getattr(source, k)), str(v)) for k, v in fields.items())
        done.append(SourceUpdate(source.id, written.display, changes))
    return done


def _setter(source: Source, fields: dict[str, Any]) -> Callable[[str | None], str]:
    def edit(text: str | None) -> str:
        if text is None:
            raise UsageError(f"{source.path} is gone: it was moved or deleted during the run")
        return set_source_fields(text, fields)

    return edit


def _day(stamp: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(stamp).date()
    except (TypeError, ValueError):
        return None
