"""The library as data: JSON records, CSV rows and CSL-JSON items.

One fact record carries every field of its file plus ``source_id`` and
``source_url``; `list --format json` and `export --format json` print the same.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

from factlib.library.cite import csl_item
from factlib.library.convert import figure_data, unstructure
from factlib.model import Fact, Library, Source

CSV_COLUMNS = (
    "id", "status", "statement", "quote", "figures", "measure", "scope", "period",
    "superseded_by", "corrected_by", "reviewed_by", "reviewed_on", "keywords", "tags", "note", "arithmetic",
    "source_id", "source_url", "source_title", "publisher", "published", "accessed",
)


def fact_record(fact: Fact, source: Source) -> dict[str, Any]:
    """A fact as plain data: every field of its file, plus source_id and source_url."""
    record = unstructure(fact)
    record["figures"] = [figure_data(f) for f in fact.figures]
    record["source_id"] = source.id
    record["source_url"] = source.url
    return record


def source_record(source: Source) -> dict[str, Any]:
    """A source as plain data, without its facts."""
    record = unstructure(source)
    record.pop("facts", None)
    record.pop("path", None)
    return record


def to_json(pairs: Iterable[tuple[Fact, Source]]) -> str:
    return json.dumps([fact_record(f, s) for f, s in pairs], indent=2, ensure_ascii=False)


def to_csv(pairs: Iterable[tuple[Fact, Source]]) -> str:
    """One row per fact; lists joined with "; ", figures as "text = value (kind, qualifier)"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fact, source in pairs:
        record = fact_record(fact, source)
        row = {
            **{k: record.get(k, "") for k in CSV_COLUMNS},
            "figures": "; ".join(_figure_cell(f) for f in record["figures"]),
            "keywords": "; ".join(fact.keywords),
            "tags": "; ".join(fact.tags),
            "arithmetic": "; ".join(fact.arithmetic),
            "reviewed_on": fact.reviewed_on.isoformat() if fact.reviewed_on else "",
            "source_title": source.title,
            "publisher": source.publisher,
            "published": str(source.published),
            "accessed": source.accessed.isoformat(),
        }
        writer.writerow([row[k] if row[k] is not None else "" for k in CSV_COLUMNS])
    return out.getvalue()


def _figure_cell(figure: dict[str, Any]) -> str:
    extra = ", ".join(figure[k] for k in ("unit", "currency", "name") if figure.get(k))
    detail = f"{figure['kind']}, {figure.get('qualifier', 'exact')}" + (f", {extra}" if extra else "")
    return f"{figure['text']} = {json.dumps(figure['value'])} ({detail})"


def to_csl_json(library: Library) -> str:
    """Every source as a CSL-JSON item, for reference managers."""
    return json.dumps([csl_item(s) for s in library.sources], indent=2, ensure_ascii=False)
