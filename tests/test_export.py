"""Export: every field of each fact, plus source_id and source_url; CSV and CSL-JSON."""

import csv
import io
import json

from factlib.library.export import CSV_COLUMNS, to_csl_json, to_csv, to_json
from factlib.library.load import load_library


def test_json_carries_every_field(small_library):
    lib = load_library(small_library)
    (record,) = json.loads(to_json(lib.facts()))
    assert record["id"] == "grooming-rise" and record["source_id"] == "nspcc-2021"
    assert record["source_url"] == "https://example.org/news/nspcc-2021"
    assert record["figures"] == [{"text": "increased by around 70 per cent", "kind": "change", "value": 70, "qualifier": "approx"}]
    fields = {"id", "statement", "quote", "figures", "measure", "scope", "period", "status", "superseded_by",
              "reviewed_by", "reviewed_on", "keywords", "tags", "note", "arithmetic"}
    assert fields <= set(record)


def test_csv_has_one_row_per_fact(small_library):
    lib = load_library(small_library)
    rows = list(csv.reader(io.StringIO(to_csv(lib.facts()))))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1]))
    assert row["figures"] == "increased by around 70 per cent = 70 (change, approx)"
    assert row["keywords"] == "grooming; crimes" and row["published"] == "2021-08-24"


def test_csl_json_lists_sources(small_library):
    (item,) = json.loads(to_csl_json(load_library(small_library)))
    assert item["id"] == "nspcc-2021" and item["title"].startswith("Record high")
    assert item["author"] == [{"family": "Smith", "given": "Jane"}]
