"""One repository for the audit and site tests: a library, a link history and a draft that uses it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import source_text

from factlib.linkresult import LinkResult, LinkVerdict, QuoteResult, QuoteVerdict, SourceReport
from factlib.links.store import LinkStore

TODAY = dt.date(2026, 12, 3)
START = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> &amp; Co"

DRAFT = """\
# Leaflet

Online grooming crimes recorded by police rose by about 70% in the three years to 2020/21.

The old figure was [about 70 per cent](fact:old-rise).
"""


def _report(source_id: str, verdict: LinkVerdict, at: dt.datetime, quotes=(), final_url: str = "") -> SourceReport:
    url = f"https://example.org/news/{source_id}"
    live = LinkResult(url, verdict, 404 if verdict.failed else 200, final_url or url, at.isoformat())
    return SourceReport(source_id, url, live, None, tuple(QuoteResult(f, v) for f, v in quotes))


def write_repository(root: Path, *, hostile: bool = False) -> Path:
    """facts/, .factlib/links.sqlite with four runs, drafts/leaflet.md and factlib.toml; returns root."""
    facts = root / "facts"
    facts.mkdir(parents=True)
    statement_note = HOSTILE if hostile else "Withdrawn by the publisher."
    (facts / "nspcc-2021.toml").write_text(source_text("nspcc-2021", [
        {"id": "grooming-rise"},
        {"id": "old-rise", "measure": "old-measure", "status": "retracted", "note": statement_note},
    ]).replace("keywords", 'reviewed_on = 2026-01-10\nkeywords', 1))
    (facts / "hti-2020.toml").write_text(source_text("hti-2020", [
        {"id": "hti-rise", "measure": "hti-measure", "status": "superseded"},
    ]).replace('status = "superseded"', 'status = "superseded"\nsuperseded_by = "grooming-rise"'))
    if hostile:  # markup in a statement and a publisher must show as text wherever they appear
        (facts / "hostile.toml").write_text(source_text("hostile", [{"id": "hostile-fact", "measure": "hostile"}])
                                            .replace("Online grooming crimes recorded", HOSTILE + " Crimes recorded")
                                            .replace('publisher = "NSPCC"', f'publisher = "{HOSTILE}"')
                                            .replace("keywords", "reviewed_on = 2026-06-01\nkeywords", 1))
    (root / "drafts").mkdir()
    (root / "drafts" / "leaflet.md").write_text(DRAFT)
    (root / "factlib.toml").write_text('[audit]\nreview_every = 365\ndrafts = ["drafts"]\n')
    runs = [
        [("nspcc-2021", LinkVerdict.OK, [("grooming-rise", QuoteVerdict.FOUND)]), ("hti-2020", LinkVerdict.OK, [])],
        [("nspcc-2021", LinkVerdict.OK, [("grooming-rise", QuoteVerdict.CHANGED)]), ("hti-2020", LinkVerdict.BROKEN, [])],
        [("nspcc-2021", LinkVerdict.OK, [("grooming-rise", QuoteVerdict.CHANGED)]), ("hti-2020", LinkVerdict.OK, [])],
        [("nspcc-2021", LinkVerdict.REDIRECTED, [("grooming-rise", QuoteVerdict.CHANGED)]),
         ("hti-2020", LinkVerdict.BROKEN, [])],
    ]
    with LinkStore(root / ".factlib" / "links.sqlite") as store:
        for n, run in enumerate(runs):
            at = START + dt.timedelta(days=7 * n)
            run_id = store.begin_run(at)
            for source_id, verdict, quotes in run:
                final = "https://example.org/new-home" if verdict == LinkVerdict.REDIRECTED else ""
                store.record(run_id, _report(source_id, verdict, at, quotes, final))
    return root
