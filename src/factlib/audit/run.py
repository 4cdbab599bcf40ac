"""One call that gathers what the audit joins: the library, the link database and the drafts."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterable

from factlib.audit.collect import build_audit
from factlib.audit.records import Audit
from factlib.audit.usage import Usage, draft_usage
from factlib.drafts.check import CheckOptions
from factlib.library.config import Config
from factlib.links.store import LinkStore
from factlib.model import Library


def audit_library(library: Library, config: Config, database: Path, drafts: Iterable[str] = (), *,
                  today: dt.date | None = None) -> Audit:
    """The audit of `library`: link history from `database` (read only), uses from `drafts` (or [audit] drafts)."""
    today = today or dt.date.today()
    paths = [str(p) for p in drafts] or [_shown(Path(config.root) / p) for p in config.audit.drafts]
    if paths:
        usage = draft_usage(paths, library, config, CheckOptions(stale_years=config.check.stale_years, today=today))
    else:
        usage = Usage({}, 0, ())
    with LinkStore(database, create=False) as store:
        return build_audit(library, store, usage, today=today, review_every=config.audit.review_every,
                           stale_years=config.check.stale_years)


def _shown(path: Path) -> str:
    """A configured draft folder as the user would name it: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
