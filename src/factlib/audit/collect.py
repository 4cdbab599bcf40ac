"""The audit itself: the library joined with the link database and the drafts that use each fact.

`build_audit` returns an Audit record; it reads, never writes, and prints nothing.
"""

from __future__ import annotations

import datetime as dt

from factlib.audit import history
from factlib.audit.records import Audit, FactAudit, SourceAudit, TodoItem, Use, Verdict
from factlib.audit.usage import Usage
from factlib.drafts.check import fact_end_year
from factlib.codes import AUDIT, level
from factlib.linkresult import LinkVerdict
from factlib.links.store import LinkStore
from factlib.model import Fact, Library, Source, Status

WEEK = dt.timedelta(days=7)
RECENT = 10   # runs shown in a source's verdict history
# to-do order: what already misleads readers first, then what may soon, then upkeep
URGENCY = tuple(code.removeprefix("audit.") for code in AUDIT)  # the registry lists them most urgent first


def build_audit(library: Library, store: LinkStore, usage: Usage, *, today: dt.date, review_every: int = 365,
                stale_years: float = 5.0) -> Audit:
    """Every fact and source with its history and uses, and the to-do list for the week starting `today`."""
    facts: list[FactAudit] = []
    sources: list[SourceAudit] = []
    for source in library.sources:
        reports = store.history(source.id, source.url)
        for fact in source.facts:
            facts.append(_fact(fact, source, reports, usage.uses.get(fact.id, ()), today, review_every, stale_years))
        sources.append(_source(source, reports, facts[len(facts) - len(source.facts):]))
    todo = _todo(facts, sources, today)
    return Audit(today=today.isoformat(), review_every=review_every, drafts=usage.files, facts=tuple(facts),
                 sources=tuple(sources), todo=tuple(todo), unreadable=usage.unreadable)


def _fact(fact: Fact, source: Source, reports, uses: tuple[Use, ...], today: dt.date, review_every: int,
          stale_years: float) -> FactAudit:
    due = fact.reviewed_on + dt.timedelta(days=review_every) if fact.reviewed_on else None
    end = fact_end_year(fact, source)
    return FactAudit(
        fact_id=fact.id, source_id=source.id, statement=fact.statement, status=fact.status.value, note=fact.note,
        superseded_by=fact.superseded_by, corrected_by=fact.corrected_by,
        reviewed_on=fact.reviewed_on.isoformat() if fact.reviewed_on else "",
        review_due=due.isoformat() if due else "", review_due_now=due is None or due <= today + WEEK,
        stale=end + stale_years < today.year, data_end=end,
        quote=history.quote_verdict(reports, fact.id), link=history.link_verdict(reports),
        failing_runs=history.fact_failing_runs(reports, fact.id), uses=uses)


def _source(source: Source, reports, facts: list[FactAudit]) -> SourceAudit:
    latest = reports[-1] if reports else None
    live = latest.live if latest else None
    redirect = live.final_url if live and live.verdict == LinkVerdict.REDIRECTED else ""
    archive = latest.archive if latest else None
    lines = {(u.file, u.line) for f in facts for u in f.uses}
    return SourceAudit(
        source_id=source.id, title=source.title, publisher=source.publisher, url=source.url,
        link=history.link_verdict(reports), http_status=live.http_status if live else None,
        checked_at=live.checked_at if live else "", redirect_to=redirect, archive_url=source.archive_url,
        archive_verdict=archive.verdict.value if archive and archive.verdict else "",
        facts=tuple(f.fact_id for f in facts), draft_lines=len(lines), **history.link_history(reports),
        recent=tuple(Verdict(r.live.verdict.value, r.live.checked_at) for r in reports[-RECENT:] if r.live.verdict))


def _todo(facts: list[FactAudit], sources: list[SourceAudit], today: dt.date) -> list[TodoItem]:
    items: list[TodoItem] = []
    by_source: dict[str, list[FactAudit]] = {}
    for f in facts:
        by_source.setdefault(f.source_id, []).append(f)
        items.extend(_fact_items(f))
    for s in sources:
        uses = tuple(sorted({u for f in by_source.get(s.source_id, ()) for u in f.uses},
                            key=lambda u: (u.file, u.line)))
        if s.link.value in (LinkVerdict.BROKEN.value, LinkVerdict.TIMEOUT.value, LinkVerdict.UNSAFE.value):
            items.append(_item("link-broken", s.source_id, "source",
                                  f"{s.url} is {s.link} ({_runs(s.failing_runs)}): find the page's new address "
                                  "or add an archive_url", uses))
        elif s.link.value == LinkVerdict.UNVERIFIABLE.value and not s.archive_url:
            items.append(_item("link-unverifiable", s.source_id, "source",
                                  f"{s.url} cannot be checked ({s.link}) and has no archive_url: add a snapshot",
                                  uses))
        if s.redirect_to:
            items.append(_item("redirect", s.source_id, "source",
                                  f"{s.url} redirects permanently to {s.redirect_to}: update the url "
                                  "(factlib links --update)", uses))
    items.sort(key=lambda i: (URGENCY.index(i.action), -i.draft_lines, i.subject))
    return items


def _fact_items(f: FactAudit):
    if f.uses:
        if f.status == Status.RETRACTED.value:
            yield _item("used-retracted", f.fact_id, "fact",
                           f"retracted fact {f.fact_id} is still used: remove it from {_lines(f.uses)}", f.uses)
        elif f.status == Status.SUPERSEDED.value:
            yield _item("used-superseded", f.fact_id, "fact",
                           f"superseded fact {f.fact_id} is still used: replace it with {f.superseded_by} in "
                           f"{_lines(f.uses)}", f.uses)
        elif (f.status == Status.DISPUTED.value and f.corrected_by) or any("figure.known-error" in u.codes for u in f.uses):
            yield _item("used-known-error", f.fact_id, "fact",
                           f"the known error of {f.fact_id} is repeated: correct it"
                           + (f" with {f.corrected_by}" if f.corrected_by else "") + f" in {_lines(f.uses)}", f.uses)
    if f.quote.value in ("changed", "missing"):
        yield _item(f"quote-{f.quote.value}", f.fact_id, "fact",
                       f"the quote of {f.fact_id} is {f.quote} on its page ({_runs(f.failing_runs)}): "
                       "check the figure and re-vet, or find the new page", f.uses)
    active = f.status not in (Status.RETRACTED.value, Status.SUPERSEDED.value)
    if active and f.review_due_now:
        when = f"is due for review ({f.review_due})" if f.review_due else "was never reviewed"
        yield _item("review-due", f.fact_id, "fact",
                       f"{f.fact_id} {when}: re-read the source, then set reviewed_on", f.uses)


def _item(action: str, subject: str, kind: str, message: str, uses: tuple[Use, ...] = ()) -> TodoItem:
    """A to-do item at its action's level in the codes registry (audit.<action>)."""
    return TodoItem(level(f"audit.{action}"), action, subject, kind, message, uses)


def _runs(n: int) -> str:
    return "1 failing run" if n == 1 else f"{n} failing runs in a row"


def _lines(uses: tuple[Use, ...]) -> str:
    shown = ", ".join(str(u) for u in uses[:3])
    return shown + (f" and {len(uses) - 3} more" if len(uses) > 3 else "")
