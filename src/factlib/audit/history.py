"""Verdicts over time, from the link database's kept runs: since when, how many in a row, flapping."""

from __future__ import annotations

from factlib.audit.records import Verdict
from factlib.linkresult import QuoteVerdict, SourceReport

FLAP_WINDOW = 10   # runs looked at for flapping
FLAP_CHANGES = 2   # changes between success and failure in that window that make a link flap


def _since(reports: list[SourceReport], verdict_of) -> Verdict:
    """The newest verdict and the time of the oldest run of the unbroken streak that gave it."""
    current, since = None, ""
    for report in reversed(reports):
        value = verdict_of(report)
        if value is None or (current is not None and value != current):
            break
        current, since = value, report.live.checked_at
    return Verdict(current or "", since if current else "")


def link_verdict(reports: list[SourceReport]) -> Verdict:
    return _since(reports, lambda r: r.live.verdict.value if r.live.verdict is not None else None)


def quote_verdict(reports: list[SourceReport], fact_id: str) -> Verdict:
    def verdict(report: SourceReport) -> str | None:
        return next((q.verdict.value for q in report.quotes if q.fact_id == fact_id), None)

    return _since(reports, verdict)


def _link_failed(report: SourceReport) -> bool | None:
    return None if report.live.verdict is None else report.live.verdict.failed


def fact_failing_runs(reports: list[SourceReport], fact_id: str) -> int:
    """Runs in a row, newest first, where the fact's link failed or its quote was not found."""
    count = 0
    for report in reversed(reports):
        quote = next((q for q in report.quotes if q.fact_id == fact_id), None)
        if not (_link_failed(report) or (quote is not None and quote.verdict != QuoteVerdict.FOUND)):
            break
        count += 1
    return count


def link_history(reports: list[SourceReport]) -> dict:
    """first_failure, last_success, failing_runs and flapping of a source's link."""
    states = [(failed, r.live.checked_at) for r in reports if (failed := _link_failed(r)) is not None]
    first_failure = next((at for failed, at in states if failed), "")
    last_success = next((at for failed, at in reversed(states) if not failed), "")
    failing = 0
    for failed, _ in reversed(states):
        if not failed:
            break
        failing += 1
    window = [failed for failed, _ in states[-FLAP_WINDOW:]]
    changes = sum(1 for a, b in zip(window, window[1:]) if a != b)
    return {"first_failure": first_failure, "last_success": last_success, "failing_runs": failing,
            "flapping": changes >= FLAP_CHANGES, "runs": len(reports)}
