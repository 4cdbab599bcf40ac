"""The records of a link check: one per URL, one per quote, one per source.

Verdicts are exactly PRODUCT.md §4's. These records are what the link cache
stores and what reporters turn into JSON or findings.
"""

from __future__ import annotations

import enum

import attrs


class LinkVerdict(str, enum.Enum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    UNVERIFIABLE = "unverifiable"
    TIMEOUT = "timeout"
    UNSAFE = "unsafe"

    @property
    def failed(self) -> bool:
        """A failure is re-checked on every run and counts toward --fail-after."""
        return self not in (LinkVerdict.OK, LinkVerdict.REDIRECTED)


class QuoteVerdict(str, enum.Enum):
    FOUND = "found"
    CHANGED = "changed"
    MISSING = "missing"
    UNCHECKED = "unchecked"


@attrs.frozen
class LinkResult:
    """What fetching one URL gave."""

    url: str
    verdict: LinkVerdict | None  # None: never checked (an --offline report with no history)
    http_status: int | None = None
    final_url: str = ""
    checked_at: str = ""        # ISO 8601, UTC
    error: str = ""             # why it failed, or what was refused
    readable: bool = False      # the body was read and its text extracted


@attrs.frozen
class QuoteResult:
    fact_id: str
    verdict: QuoteVerdict
    where: str = "live"         # "live" | "archive"
    evidence: str = ""          # the closest passage, for changed quotes
    changed: tuple[tuple[str, str], ...] = ()   # figures that differ: ("70%", "80%")
    quote_hash: str = ""        # of the quote that was looked for, so a cached result is reused only for the same quote


@attrs.frozen
class SourceReport:
    """Everything known about one source after a run."""

    source_id: str
    url: str
    live: LinkResult
    archive: LinkResult | None = None
    quotes: tuple[QuoteResult, ...] = ()
    failing_since: str = ""     # first failure of the current run of failures
    failures: int = 0           # consecutive failing runs, this one included
    cached: bool = False        # reused from the database, not fetched this run
