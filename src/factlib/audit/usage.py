"""Where each fact is used: the draft lines that reference it or that `check` binds to it.

The binding is `check`'s own (drafts.check.CheckRun with its Matcher): an
audit never disagrees with `check` about which fact a sentence speaks of.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable

import attrs

from factlib.audit.records import Use
from factlib.drafts.check import CheckOptions, CheckRun
from factlib.drafts.walk import iter_drafts
from factlib.drafts.documents import DocumentError, read_document
from factlib.library.config import Config
from factlib.model import Library


@attrs.frozen
class Usage:
    uses: dict[str, tuple[Use, ...]]   # fact id -> its uses, in file and line order
    files: int
    unreadable: tuple[str, ...]


def draft_usage(paths: Iterable[str], library: Library, config: Config, options: CheckOptions) -> Usage:
    """Read the drafts under `paths` (walked as `check` walks them) and say which lines use which fact."""
    explicit: set[tuple[str, str, int]] = set()
    codes: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    unreadable: list[str] = []

    def documents():
        for path in iter_drafts(list(paths), config.check.include, config.check.ignore, Path(config.root)):
            try:
                doc = read_document(path)
            except DocumentError as err:
                unreadable.append(str(err))
                continue
            for ref in doc.refs:
                if library.fact(ref.fact_id) is not None:
                    key = (ref.fact_id, doc.path, doc.position(ref.start)[0])
                    explicit.add(key)
                    codes.setdefault(key, set())
            yield doc

    run = CheckRun(documents(), library, options)
    for _, found in run:
        for finding in found:
            if finding.fact_id and finding.code != "fact.unknown" and library.fact(finding.fact_id) is not None:
                codes[(finding.fact_id, finding.file, finding.line)].add(finding.code)
    uses: dict[str, list[Use]] = defaultdict(list)
    for key in sorted(codes):
        fact_id, file, line = key
        uses[fact_id].append(Use(file, line, key in explicit, tuple(sorted(codes[key]))))
    return Usage({k: tuple(v) for k, v in uses.items()}, run.files, tuple(unreadable))
