"""Changing a fact's status in its file (PRODUCT.md §7): status, reviewed_on, and why.

``disputed`` may name the fact that holds the right figure (``corrected_by``);
``superseded`` must name its successor (``superseded_by``); a reason goes into
``note``, which the validator asks of every disputed, retracted or superseded
fact. A link that no longer fits the new status is cleared, so that moving a
fact back to ``vetted`` does not leave a stale ``superseded_by`` behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from factlib.errors import UsageError
from factlib.library.tomledit import set_fact_fields
from factlib.library.write import Written, write_fact_file
from factlib.model import Fact, Library, Status


@attrs.frozen
class StatusChange:
    """What `set_status` did: the fact, its old and new status, and the file written."""

    fact_id: str
    old: Status
    new: Status
    written: Written


def set_status(library: Library, fact_id: str, status: Status, *, reason: str = "", corrected_by: str = "",
               superseded_by: str = "", reviewed_by: str = "", today: dt.date | None = None) -> StatusChange:
    """Write `status` (and the fields that go with it) into the fact's file; stamp reviewed_on with `today`.

    Raises UsageError for an unknown fact or flags that do not fit the status, LibraryError when the
    result breaks a rule of the library (then nothing is written).
    """
    today = today or dt.date.today()
    found = library.fact(fact_id)
    if found is None:
        raise UsageError(f'no fact "{fact_id}" in the library (`factlib search WORDS` finds facts)')
    fact, source = found
    if superseded_by and status != Status.SUPERSEDED:
        raise UsageError(f"--superseded-by goes with status superseded, not {status.value}")
    if corrected_by and status != Status.DISPUTED:
        raise UsageError(f"--corrected-by goes with status disputed, not {status.value}")
    if status == Status.SUPERSEDED and not (superseded_by or fact.superseded_by):
        raise UsageError("a superseded fact names its successor: give --superseded-by ID")
    for flag, other in (("--superseded-by", superseded_by), ("--corrected-by", corrected_by)):
        if other and library.fact(other) is None:
            raise UsageError(f'{flag} "{other}" is no fact id in the library')
        if other == fact_id:
            raise UsageError(f"{flag} names the fact itself")
    fields = _fields(fact, status, reason, corrected_by, superseded_by, reviewed_by, today)
    # a source's path is as it was loaded: relative to the working directory, or absolute
    written = write_fact_file(library.root, Path(source.path).resolve(),
                              lambda text: set_fact_fields(_existing(text, source.path), fact_id, fields), today=today)
    return StatusChange(fact_id, fact.status, status, written)


def _fields(fact: Fact, status: Status, reason: str, corrected_by: str, superseded_by: str, reviewed_by: str,
            today: dt.date) -> dict:
    fields: dict = {"status": status.value}
    if status == Status.SUPERSEDED:
        if superseded_by:
            fields["superseded_by"] = superseded_by
    elif fact.superseded_by:
        fields["superseded_by"] = None
    if status == Status.DISPUTED:
        if corrected_by:
            fields["corrected_by"] = corrected_by
    elif getattr(fact, "corrected_by", ""):
        fields["corrected_by"] = None
    if reviewed_by:
        fields["reviewed_by"] = reviewed_by
    fields["reviewed_on"] = today
    if reason:
        fields["note"] = reason
    return fields


def _existing(text: str | None, shown: str) -> str:
    if text is None:
        raise UsageError(f"{shown} is gone: it was moved or deleted while the change was being made")
    return text
