"""The link database: every run's results kept as history, in SQLite beside the library.

Successes are reused while younger than --max-age (when the quotes looked for
are the same); failures are always re-checked. The history says since when a
source has been failing and how many runs in a row, for --fail-after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from pathlib import Path

import attrs

from factlib.errors import FactlibError
from factlib.linkresult import QuoteVerdict, SourceReport

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source_id TEXT NOT NULL,
    url TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    failed INTEGER NOT NULL,
    report TEXT NOT NULL,
    PRIMARY KEY (run_id, source_id)
);
CREATE INDEX IF NOT EXISTS results_by_source ON results (source_id, url, run_id);
"""


# results written per transaction: a commit for each costs more than checking a page. They wait
# in memory, so that the database is locked only while they are written: another run may use it
COMMIT_EVERY = 100
_INSERT = "INSERT OR REPLACE INTO results (run_id, source_id, url, checked_at, failed, report) VALUES (?, ?, ?, ?, ?, ?)"


class LinkStore:
    """One SQLite file of link-check history."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open (or create) the database; with create=False a missing file is an empty database in memory."""
        self.path = Path(path)
        self._rows: list[tuple] = []  # recorded, not yet written
        try:
            if not create and not self.path.exists():
                self.db = sqlite3.connect(":memory:")
                self.db.executescript(SCHEMA)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)  # another run's write is short: wait for it
            self.db.execute("PRAGMA journal_mode=WAL")  # one small write per source: no full sync each time
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as err:
            raise FactlibError(f"{self.path}: cannot open the link database: {err}") from None

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.db.close()

    def __enter__(self) -> LinkStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def begin_run(self, now: dt.datetime) -> int:
        with self._errors("write to"):
            cur = self.db.execute("INSERT INTO runs (started_at) VALUES (?)", (now.isoformat(),))
            self.db.commit()
        return int(cur.lastrowid or 0)

    def record(self, run_id: int, report: SourceReport) -> None:
        """Keep one source's result of this run (written with the next COMMIT_EVERY, or at commit())."""
        self._rows.append(
            (run_id, report.source_id, report.url, report.live.checked_at, int(is_failure(report)), _dump(report)))
        if len(self._rows) >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        """Write what was recorded, in one short transaction."""
        rows, self._rows = self._rows, []
        with self._errors("write to"):
            if rows:
                self.db.executemany(_INSERT, rows)
            self.db.commit()

    def latest(self, source_id: str, url: str) -> SourceReport | None:
        """The newest stored result for this source and URL."""
        self._written(source_id)
        with self._errors("read"):
            row = self.db.execute(
                "SELECT report FROM results WHERE source_id = ? AND url = ? ORDER BY run_id DESC LIMIT 1",
                (source_id, url),
            ).fetchone()
        return _load(row[0]) if row else None

    def streak(self, source_id: str, url: str) -> tuple[int, str]:
        """Consecutive failing runs, newest first, and the time of the first of them."""
        self._written(source_id)
        count, since = 0, ""
        with self._errors("read"):
            rows = self.db.execute(
                "SELECT failed, checked_at FROM results WHERE source_id = ? AND url = ? ORDER BY run_id DESC",
                (source_id, url),
            ).fetchall()
        for failed, checked_at in rows:
            if not failed:
                break
            count += 1
            since = checked_at
        return count, since

    def history(self, source_id: str, url: str) -> list[SourceReport]:
        """Every stored result for this source and URL, oldest first (for the audit's verdict history)."""
        self._written(source_id)
        with self._errors("read"):
            rows = self.db.execute(
                "SELECT report FROM results WHERE source_id = ? AND url = ? ORDER BY run_id",
                (source_id, url),
            ).fetchall()
        return [_load(row[0]) for row in rows]

    def _written(self, source_id: str) -> None:
        """Write what waits, if any of it is about this source, so that reading it sees all."""
        if any(row[1] == source_id for row in self._rows):
            self.commit()

    @contextlib.contextmanager
    def _errors(self, doing: str):
        """A database error (locked for too long, disk full, not a database) as one clear line."""
        try:
            yield
        except sqlite3.Error as err:
            raise FactlibError(f"{self.path}: cannot {doing} the link database: {err}") from None


def is_failure(report: SourceReport) -> bool:
    """A run fails for a source when its link failed or a quote is not found as it should be."""
    if report.live.verdict is None or report.live.verdict.failed:
        return True
    return any(q.verdict in (QuoteVerdict.CHANGED, QuoteVerdict.MISSING, QuoteVerdict.UNCHECKED) for q in report.quotes)


def reusable(report: SourceReport | None, now: dt.datetime, max_age: dt.timedelta, quote_hashes: dict[str, str]) -> bool:
    """Whether a stored result may stand for this run: a success, young enough, for the same quotes."""
    if report is None or is_failure(report):
        return False
    try:
        checked = dt.datetime.fromisoformat(report.live.checked_at)
    except ValueError:
        return False
    if now - checked > max_age:
        return False
    return {q.fact_id: q.quote_hash for q in report.quotes} == quote_hashes


def _dump(report: SourceReport) -> str:
    from factlib.library.convert import CONVERTER

    return json.dumps(CONVERTER.unstructure(report))


def _load(text: str) -> SourceReport:
    from factlib.library.convert import structure_link_report

    return attrs.evolve(structure_link_report(json.loads(text)), cached=True)
