"""The records of the editor's audit (PRODUCT.md §5): one per fact, one per source, one per thing to do.

Plain frozen attrs classes without I/O, as the rest of factlib's records; every
reporter (text, Markdown, JSON, CSV, HTML, the site's pages) reads only these.
"""

from __future__ import annotations

import attrs

from factlib.findings import Level


@attrs.frozen
class Use:
    """A draft line that depends on a fact: by an explicit reference, or by the binding `check` makes."""

    file: str
    line: int
    explicit: bool = False
    codes: tuple[str, ...] = ()   # what `check` said there about the fact (figure.supported, fact.retracted, ...)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@attrs.frozen
class Verdict:
    """A link or quote verdict and since when it has held ("" and "" when never checked)."""

    value: str = ""
    since: str = ""

    def __str__(self) -> str:
        if not self.value:
            return "unchecked"
        return f"{self.value} since {self.since[:10]}" if self.since else self.value


@attrs.frozen
class FactAudit:
    fact_id: str
    source_id: str
    statement: str
    status: str
    note: str = ""
    superseded_by: str = ""
    corrected_by: str = ""
    reviewed_on: str = ""          # ISO date, "" when never reviewed
    review_due: str = ""           # ISO date, "" when never reviewed (due now)
    review_due_now: bool = False   # due by the end of this week
    stale: bool = False
    data_end: int = 0              # the last year its data cover (the fact.stale rule)
    quote: Verdict = Verdict()
    link: Verdict = Verdict()
    failing_runs: int = 0          # runs in a row where its link failed or its quote was not found
    uses: tuple[Use, ...] = ()

    @property
    def draft_lines(self) -> int:
        return len(self.uses)


@attrs.frozen
class SourceAudit:
    source_id: str
    title: str
    publisher: str
    url: str
    link: Verdict = Verdict()
    http_status: int | None = None
    checked_at: str = ""
    runs: int = 0                  # runs kept in the link database for this URL
    first_failure: str = ""
    last_success: str = ""
    failing_runs: int = 0
    flapping: bool = False         # swung between success and failure at least twice in its last runs
    redirect_to: str = ""          # the final URL of a permanent redirect: update the library
    archive_url: str = ""
    archive_verdict: str = ""
    facts: tuple[str, ...] = ()
    draft_lines: int = 0
    recent: tuple[Verdict, ...] = ()   # the link verdicts of its last runs, oldest first (since = when checked)


@attrs.frozen
class TodoItem:
    """Something an editor should do this week, with the draft lines that depend on it."""

    level: Level
    action: str                    # used-retracted, used-superseded, used-known-error, quote-changed, ...
    subject: str                   # a fact id or a source id
    subject_kind: str              # "fact" | "source"
    message: str
    uses: tuple[Use, ...] = ()

    @property
    def draft_lines(self) -> int:
        return len(self.uses)


@attrs.frozen
class Audit:
    today: str
    review_every: int
    drafts: int                    # draft files read
    facts: tuple[FactAudit, ...]
    sources: tuple[SourceAudit, ...]
    todo: tuple[TodoItem, ...]
    unreadable: tuple[str, ...] = ()   # drafts that could not be read, one line each

    def fact(self, fact_id: str) -> FactAudit | None:
        return next((f for f in self.facts if f.fact_id == fact_id), None)
