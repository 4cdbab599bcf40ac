"""Checking sources: every URL still resolves and every quote is still on its page (PRODUCT.md §4).

Live URLs are fetched together (concurrency and politeness from the options),
then archive URLs; a page's text is searched for each of its facts' quotes,
on the archived copy when the live page is broken or walled. Every run is kept
in the link database; recent successes are reused, failures re-checked, and a
source's run of failures is counted for --fail-after. The core never prints:
progress reaches the caller through a callback.

A machine without a network would record every source as broken. So failures
for want of a network (no DNS answer, network unreachable) are held back until
some URL gets through; when none does, over at least OFFLINE_HOSTS hosts, the
run raises :class:`Offline` and records none of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Callable, Iterable

import attrs

from factlib.library.config import LinksConfig
from factlib.errors import FactlibError, UsageError
from factlib.links.store import LinkStore, is_failure, reusable
from factlib.linkresult import LinkResult, LinkVerdict, QuoteResult, QuoteVerdict, SourceReport
from factlib.model import Library, Source

Progress = Callable[[int, int, SourceReport], None]
OFFLINE_HOSTS = 2  # one host that does not resolve is a dead domain; every one of several is no network


class Offline(FactlibError):
    """Every URL fetched failed for want of a network: nothing was recorded."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run: ``reports`` holds the sources finished before it, in library order."""

    def __init__(self, reports: list[SourceReport]) -> None:
        super().__init__()
        self.reports = reports


def quote_hash(quote: str) -> str:
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()[:16]


def select_sources(library: Library, ids: Iterable[str]) -> list[Source]:
    """The sources named (all when none are); an unknown id is a usage error."""
    ids = list(ids)
    if not ids:
        return list(library.sources)
    unknown = [i for i in ids if library.source(i) is None]
    if unknown:
        raise UsageError(f'no source "{unknown[0]}" in the library (`factlib list --format json` shows source ids)')
    return [s for i in dict.fromkeys(ids) if (s := library.source(i)) is not None]


def check_links(library: Library, store: LinkStore, options: LinksConfig, *, offline: bool = False,
                source_ids: Iterable[str] = (), fetcher=None, now: dt.datetime | None = None,
                on_progress: Progress | None = None) -> list[SourceReport]:
    """Check the sources' links and quotes; record the run; return one report per source, in library order.

    `options` are the [links] settings of factlib.toml (with the command's flags applied); with
    `offline`, nothing is sent and every report comes from the database.
    """
    sources = select_sources(library, source_ids)
    now = now or dt.datetime.now(dt.timezone.utc)
    stamp = now.isoformat(timespec="seconds")
    total = len(sources)
    done = 0
    reports: dict[str, SourceReport] = {}

    def finish(report: SourceReport) -> None:
        nonlocal done
        done += 1
        reports[report.source_id] = report
        if on_progress:
            on_progress(done, total, report)

    if offline:
        for source in sources:
            finish(_offline(store, source))
        return [reports[s.id] for s in sources]

    run_id = store.begin_run(now)
    to_fetch: list[Source] = []
    try:
        for source in sources:
            # with no --max-age nothing stored can stand for this run: no need to look
            cached = store.latest(source.id, source.url) if options.max_age_days > 0 else None
            if cached is not None and reusable(cached, now, options.max_age,
                                               {f.id: quote_hash(f.quote) for f in source.facts}):
                report = attrs.evolve(cached, cached=True)
                store.record(run_id, attrs.evolve(report, cached=False))
                finish(report)
            else:
                to_fetch.append(source)
        if to_fetch:
            owned = fetcher is None
            fetcher = fetcher or _fetcher(options)

            held: list[SourceReport] = []  # failures for want of a network, until some URL gets through
            through = False

            def keep(report: SourceReport) -> SourceReport:
                failures, since = _streak(store, report, stamp)
                report = attrs.evolve(report, failures=failures, failing_since=since)
                store.record(run_id, report)
                reports[report.source_id] = report
                return report

            def fetched(report: SourceReport, no_network: bool) -> None:
                nonlocal through
                if no_network and not through:
                    held.append(report)
                    finish(report)
                    return
                if not through:
                    through = True
                    for waiting in held:
                        keep(waiting)
                    held.clear()
                finish(keep(report))

            try:
                _fetch_sources(to_fetch, fetcher, options, stamp, fetched)
            finally:
                if owned:
                    fetcher.close()
            if held:
                hosts = {_hostname(r.url) for r in held}
                if len(hosts) >= OFFLINE_HOSTS:
                    order = {source.id: n for n, source in enumerate(to_fetch)}
                    held.sort(key=lambda r: order[r.source_id])  # the message names the first in the library
                    raise Offline(
                        f"this machine looks offline: all {len(held)} URLs fetched, on {len(hosts)} hosts, failed "
                        f"for want of a network ({held[0].live.error}); nothing was recorded. Check the "
                        "connection, or report from the link database with --offline")
                for waiting in held:
                    keep(waiting)
    except KeyboardInterrupt:
        raise Interrupted([reports[s.id] for s in sources if s.id in reports]) from None
    finally:
        store.commit()  # what was checked is kept, even when the run is cut short
    return [reports[s.id] for s in sources]


def cached_age(checked_at: str, now: dt.datetime) -> str:
    """How long ago a stored result was checked, in words: "just now", "5 min ago", "2 h ago", "3 d ago"."""
    try:
        then = dt.datetime.fromisoformat(checked_at)
    except ValueError:
        return "at an unknown time"
    if then.tzinfo is None:
        then = then.replace(tzinfo=dt.timezone.utc)
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


def _hostname(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return url


def _streak(store: LinkStore, report: SourceReport, stamp: str) -> tuple[int, str]:
    if not is_failure(report):
        return 0, ""
    before, since = store.streak(report.source_id, report.url)
    return before + 1, since or stamp


def _offline(store: LinkStore, source: Source) -> SourceReport:
    stored = store.latest(source.id, source.url)
    if stored is not None:
        failures, since = store.streak(source.id, source.url)
        return attrs.evolve(stored, failures=failures, failing_since=since)
    live = LinkResult(source.url, None, error="never checked: run `factlib links` without --offline")
    quotes = tuple(QuoteResult(f.id, QuoteVerdict.UNCHECKED, quote_hash=quote_hash(f.quote)) for f in source.facts)
    return SourceReport(source.id, source.url, live, None, quotes, cached=True)


def _fetcher(options: LinksConfig):
    from factlib.links.http import Fetcher, FetchPolicy

    policy = FetchPolicy(
        connect_timeout=min(10.0, options.timeout), read_timeout=options.timeout,
        deadline=max(options.timeout * 3, options.timeout + 5), max_bytes=options.max_bytes,
        allow_network=options.allow_network,
    )
    return Fetcher(policy)


READER_THRESHOLD = 50  # pages from which reading them in threads of their own pays


def _fetch_sources(sources: list[Source], fetcher, options: LinksConfig, stamp: str,
                   deliver: Callable[[SourceReport, bool], None]) -> None:
    """Fetch live pages, then archives where needed; hand each source's report to `deliver`
    (in this thread) as soon as it is known, while the other fetches go on, with whether
    it failed for want of a network (live page and archive alike)."""
    from factlib.links.http import FetchRequest

    politeness = dict(concurrency=options.concurrency, per_host=options.per_host, host_interval=options.host_interval)
    requests = [FetchRequest(s.url, want_body=bool(s.facts)) for s in sources]
    position = {id(r): n for n, r in enumerate(requests)}
    later: list[tuple[Source, LinkResult, tuple[QuoteResult, ...], bool]] = []  # live pages that may need their archive
    with _readers(len(requests)) as readers:
        reading: dict[int, tuple] = {}

        def settle(wait: bool) -> None:
            for n in [n for n, (_, future) in reading.items() if wait or future.done()]:
                fetch, future = reading.pop(n)
                link, quotes = _link(stamp, fetch, future.result())
                source = sources[n]
                if source.archive_url:
                    later.append((source, link, quotes, fetch.no_network))
                else:
                    deliver(SourceReport(source.id, source.url, link, None, quotes), fetch.no_network)

        def on_result(request, fetch) -> None:
            # each page is read and searched as soon as it arrives, while the other fetches go on
            n = position[id(request)]
            reading[n] = (fetch, readers.submit(read_page, fetch.body, fetch.content_type, _wanted(sources[n]), "live"))
            settle(wait=False)

        fetcher.fetch_many(requests, on_result=on_result, **politeness)
        settle(wait=True)
    if not later:
        return
    archive_requests = []
    for source, link, quotes, _ in later:
        need_body = bool(source.facts) and any(q.verdict == QuoteVerdict.UNCHECKED for q in quotes)
        archive_requests.append(FetchRequest(source.archive_url, want_body=need_body))
    archived = {id(r): n for n, r in enumerate(archive_requests)}

    def on_archive(request, fetch) -> None:
        source, link, quotes, live_no_network = later[archived[id(request)]]
        archive, found = _link(stamp, fetch, read_page(fetch.body, fetch.content_type, _wanted(source), "archive"))
        if archive.readable:
            quotes = tuple(q if q.verdict != QuoteVerdict.UNCHECKED else f for q, f in zip(quotes, found))
        deliver(SourceReport(source.id, source.url, link, archive, quotes), live_no_network and fetch.no_network)

    fetcher.fetch_many(archive_requests, on_result=on_archive, **politeness)


def _wanted(source: Source) -> tuple[tuple[str, str], ...]:
    return tuple((f.id, f.quote) for f in source.facts)


def read_page(body: bytes | None, content_type: str | None, quotes: tuple[tuple[str, str], ...],
              where: str) -> tuple[str, bool, tuple[QuoteResult, ...]]:
    """A page body's quotes looked for: (why it could not be read, whether it was, one result per quote).

    A plain function of plain data, so that it can run in another process.
    """
    from factlib.text.pages import UnsupportedContent, page_text
    from factlib.links.quotes import find_quote

    text, error = None, ""
    if body is not None:
        try:
            text = page_text(body, content_type).text
        except UnsupportedContent as err:
            error = f"cannot read the page: {err.message}"
    results = []
    for fact_id, quote in quotes:
        if text is None:
            results.append(QuoteResult(fact_id, QuoteVerdict.UNCHECKED, where, quote_hash=quote_hash(quote)))
            continue
        match = find_quote(quote, text)
        evidence = match.evidence if match.verdict != QuoteVerdict.FOUND else ""
        results.append(QuoteResult(fact_id, QuoteVerdict(match.verdict), where, evidence,
                                   tuple((old, new) for old, new in match.changed_figures), quote_hash(quote)))
    return error, text is not None, tuple(results)


def _link(stamp: str, fetch, read: tuple[str, bool, tuple[QuoteResult, ...]]) -> tuple[LinkResult, tuple[QuoteResult, ...]]:
    error, readable, quotes = read
    error = fetch.error or error or ("page over the size cap: quotes not checked" if fetch.too_large else "")
    return LinkResult(fetch.url, fetch.verdict, fetch.status, fetch.final_url, stamp, error, readable), quotes


class _Now:
    """Runs a job at once, with a future's interface."""

    def __init__(self, value) -> None:
        self._value = value

    def result(self):
        return self._value

    def done(self) -> bool:
        return True


class _Inline:
    def submit(self, fn, *args):
        return _Now(fn(*args))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _readers(pages: int):
    """Where pages are read: in two threads beside the fetching, for many pages (lxml parses
    without holding the GIL, so page reading overlaps the fetch threads' work), else here."""
    if pages < READER_THRESHOLD:
        return _Inline()
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="factlib-reader")


# -- reporting ----------------------------------------------------------------------------


def report_record(report: SourceReport) -> dict:
    """A source's result as the JSON object of PRODUCT.md §4 (plus failures, failing_since, cached, error)."""

    def link(result: LinkResult | None) -> dict | None:
        if result is None:
            return None
        return {"url": result.url, "verdict": result.verdict.value if result.verdict else None,
                "http_status": result.http_status,
                "final_url": result.final_url, "checked_at": result.checked_at, "error": result.error}

    record = {"source_id": report.source_id, **(link(report.live) or {}), "archive": link(report.archive),
              "quotes": [{"fact_id": q.fact_id, "verdict": q.verdict.value, "where": q.where, "evidence": q.evidence,
                          "changed": [list(p) for p in q.changed]} for q in report.quotes],
              "failures": report.failures, "failing_since": report.failing_since, "cached": report.cached}
    return record


def summary(reports: list[SourceReport]) -> dict[str, int]:
    out: dict[str, int] = {"sources": len(reports)}
    for verdict in LinkVerdict:
        out[verdict.value] = sum(1 for r in reports if r.live.verdict == verdict)
    out["unchecked"] = sum(1 for r in reports if r.live.verdict is None)
    for quote_verdict in QuoteVerdict:
        out[f"quotes_{quote_verdict.value}"] = sum(1 for r in reports for q in r.quotes if q.verdict == quote_verdict)
    return out


def findings(reports: list[SourceReport], library: Library, fail_after: int = 1) -> list:
    """Reports as Findings on the fact files: one per source link, one per quote."""
    from factlib.codes import finding
    from factlib.findings import Level
    from factlib.library.tomlpos import SourceLines

    lines = SourceLines()
    out = []
    for report in reports:
        source = library.source(report.source_id)
        assert source is not None  # reports come from this library's sources
        verdict = report.live.verdict
        code = f"link.{verdict.value}" if verdict else "link.unchecked"
        message = _link_message(report)
        line = lines(source, "source.url")
        if verdict == LinkVerdict.BROKEN and report.failures < fail_after:  # a warning until it has failed long enough
            message += f"; failing {report.failures} of {fail_after} runs before it counts as broken"
            out.append(finding(code, source.path, line, message, level=Level.WARNING))
        else:
            out.append(finding(code, source.path, line, message))  # the code's own level
        for q in report.quotes:
            index = next(i for i, f in enumerate(source.facts) if f.id == q.fact_id)
            out.append(finding(f"quote.{q.verdict.value}", source.path, lines(source, f"facts[{index}].quote"),
                               _quote_message(q, report), fact_id=q.fact_id))
    return out


def _link_message(report: SourceReport) -> str:
    live = report.live
    if live.verdict is None:
        return f"{live.url}: {live.error}"
    status = f" (HTTP {live.http_status})" if live.http_status else ""
    text = f"{live.url}: {live.verdict.value}{status}"
    if live.verdict == LinkVerdict.REDIRECTED:
        text += f"; update the library to {live.final_url}"
    if live.error and live.error != f"HTTP {live.http_status}":
        text += f"; {live.error}"
    if report.failing_since:
        text += f"; failing since {report.failing_since}"
    if report.archive is not None and report.archive.verdict is not None:
        text += f"; archive {report.archive.verdict.value}"
    if report.cached and live.checked_at:
        text += f" (from the database, checked {live.checked_at})"
    return text


def _quote_message(q: QuoteResult, report: SourceReport) -> str:
    where = " in the archived copy" if q.where == "archive" else ""
    if q.verdict == QuoteVerdict.FOUND:
        return f"the quote of {q.fact_id} is on the page{where}"
    if q.verdict == QuoteVerdict.CHANGED:
        changes = ", ".join(f'"{a}" → "{b}"' if b else f'"{a}" gone' for a, b in q.changed) or "the wording changed"
        return f"the quote of {q.fact_id} changed{where}: {changes}; the page now says: {q.evidence}"
    if q.verdict == QuoteVerdict.MISSING:
        return f"the quote of {q.fact_id} is not on the page{where}: re-check the fact or find where it moved"
    why = report.live.error or (report.live.verdict.value if report.live.verdict else "never checked")
    return f"the quote of {q.fact_id} was not checked: {why}"
