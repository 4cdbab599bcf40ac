"""The audit as text, Markdown, JSON and CSV (HTML is html.py's)."""

from __future__ import annotations

import csv
import io
import json
import re

import attrs

from factlib.audit.records import Audit, FactAudit, TodoItem
from factlib.findings import Level


def to_data(audit: Audit) -> dict:
    """The audit as plain data: what --format json prints and what the HTML and site pages embed."""
    def plain(record) -> dict:
        return attrs.asdict(record, value_serializer=lambda _, __, v: v.value if isinstance(v, Level) else v)

    return {
        "today": audit.today, "review_every": audit.review_every, "drafts": audit.drafts,
        "todo": [{**plain(t), "draft_lines": t.draft_lines} for t in audit.todo],
        "facts": [{**plain(f), "draft_lines": f.draft_lines} for f in audit.facts],
        "sources": [plain(s) for s in audit.sources],
        "summary": summary(audit),
    }


def summary(audit: Audit) -> dict[str, int]:
    return {"facts": len(audit.facts), "sources": len(audit.sources), "drafts": audit.drafts,
            "todo": len(audit.todo), "errors": sum(t.level.value == "error" for t in audit.todo),
            "warnings": sum(t.level.value == "warning" for t in audit.todo)}


def to_json(audit: Audit) -> str:
    return json.dumps(to_data(audit), indent=2, ensure_ascii=False)


def _used(uses) -> str:
    return ", ".join(str(u) for u in uses)


def to_text(audit: Audit) -> str:
    out = [f"To do this week ({audit.today}): {len(audit.todo)} items"]
    for n, item in enumerate(audit.todo, 1):
        out.append(f"{n:>3}. {item.level.value:<7} {item.action:<18} {item.subject}  [{_depends(item)}]")
        out.append(f"     {item.message}")
    out.append("")
    out.append(f"Facts: {len(audit.facts)}")
    for f in audit.facts:
        review = f"review due {f.review_due}" if f.review_due else "never reviewed"
        flags = " stale" if f.stale else ""
        out.append(f"  {f.fact_id}  {f.status}{flags}; {review}; quote {f.quote}; link {f.link}; "
                   f"{_count(f.failing_runs, 'failing run')}; used on {_count(f.draft_lines, 'draft line')}")
        if f.uses:
            out.append(f"    used in {_used(f.uses)}")
    out.append("")
    out.append(f"Sources: {len(audit.sources)}")
    for s in audit.sources:
        extra = [f"first failure {s.first_failure[:10]}" if s.first_failure else "",
                 f"last success {s.last_success[:10]}" if s.last_success else "",
                 "flapping" if s.flapping else "", f"redirects to {s.redirect_to}" if s.redirect_to else "",
                 "archived" if s.archive_url else "no archive"]
        out.append(f"  {s.source_id}  link {s.link}; {_count(s.runs, 'run')}; " + "; ".join(e for e in extra if e))
    return "\n".join(out)


def _depends(item: TodoItem) -> str:
    return _count(item.draft_lines, "draft line")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_MD = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: object) -> str:
    """A table cell that Markdown shows as written: no links, HTML or column breaks from a fact file."""
    return _MD.sub(r"\\\1", " ".join(str(text).split()))


def to_markdown(audit: Audit) -> str:
    out = [f"# Library audit, {audit.today}", "", f"## To do this week ({len(audit.todo)})", ""]
    if audit.todo:
        out += ["| # | level | action | subject | draft lines | what to do |", "|---|---|---|---|---|---|"]
        out += [f"| {n} | {t.level.value} | {t.action} | {_md(t.subject)} | {t.draft_lines} | {_md(t.message)} |"
                for n, t in enumerate(audit.todo, 1)]
    else:
        out.append("Nothing to do.")
    out += ["", f"## Facts ({len(audit.facts)})", "",
            "| fact | status | review due | stale | quote | link | failing runs | used in |",
            "|---|---|---|---|---|---|---|---|"]
    out += [f"| {_md(f.fact_id)} | {f.status} | {f.review_due or 'now'} | {'yes' if f.stale else ''} | "
            f"{_md(f.quote)} | {_md(f.link)} | {f.failing_runs} | {_md(_used(f.uses))} |" for f in audit.facts]
    out += ["", f"## Sources ({len(audit.sources)})", "",
            "| source | link | runs | first failure | last success | flapping | redirect to | archive |",
            "|---|---|---|---|---|---|---|---|"]
    out += [f"| {_md(s.source_id)} | {_md(s.link)} | {s.runs} | {s.first_failure[:10]} | {s.last_success[:10]} | "
            f"{'yes' if s.flapping else ''} | {_md(s.redirect_to)} | {'yes' if s.archive_url else 'no'} |"
            for s in audit.sources]
    return "\n".join(out) + "\n"


CSV_COLUMNS = ("record", "id", "source_id", "status", "level", "action", "message", "review_due", "stale",
               "quote", "quote_since", "link", "link_since", "failing_runs", "first_failure", "last_success",
               "flapping", "redirect_to", "archive_url", "draft_lines", "used_in")


def to_csv(audit: Audit) -> str:
    """One row per to-do item, fact and source (the `record` column says which)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, CSV_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for t in audit.todo:
        writer.writerow({"record": "todo", "id": t.subject, "level": t.level.value, "action": t.action,
                         "message": t.message, "draft_lines": t.draft_lines, "used_in": _used(t.uses)})
    for f in audit.facts:
        writer.writerow(_fact_row(f))
    for s in audit.sources:
        writer.writerow({"record": "source", "id": s.source_id, "link": s.link.value, "link_since": s.link.since,
                         "failing_runs": s.failing_runs, "first_failure": s.first_failure,
                         "last_success": s.last_success, "flapping": _yes(s.flapping), "redirect_to": s.redirect_to,
                         "archive_url": s.archive_url, "draft_lines": s.draft_lines})
    return buf.getvalue()


def _fact_row(f: FactAudit) -> dict:
    return {"record": "fact", "id": f.fact_id, "source_id": f.source_id, "status": f.status,
            "review_due": f.review_due or "now", "stale": _yes(f.stale), "quote": f.quote.value,
            "quote_since": f.quote.since, "link": f.link.value, "link_since": f.link.since,
            "failing_runs": f.failing_runs, "draft_lines": f.draft_lines, "used_in": _used(f.uses)}


def _yes(flag: bool) -> str:
    return "yes" if flag else ""

