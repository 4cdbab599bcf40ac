"""Export: every field of each fact, plus source_id and source_url; CSV and CSL-JSON."""

import csv
import io
import json

import pytest

from factlib.library.export import CSV_COLUMNS, csv_cell, to_csl_json, to_csv, to_json
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


def test_csv_cells_are_never_formulas(write_library):
    from conftest import source_text

    text = source_text(facts=[{"note": "=HYPERLINK(\\\"https://evil.example\\\", \\\"click\\\")"}])
    lib = load_library(write_library({"nspcc-2021.toml": text}))
    (fact, source), = lib.facts()
    import attrs

    fact = attrs.evolve(fact, tags=("+1", "@me", "-x", "\tx", "\rx", "ok", "a=b"))
    rows = list(csv.reader(io.StringIO(to_csv([(fact, source)]), newline="")))
    row = dict(zip(rows[0], rows[1]))
    assert row["note"].startswith("'=HYPERLINK(")
    assert row["tags"] == "'+1; @me; -x; \tx; \rx; ok; a=b"


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("a=1", "a=1"), ("", ""), (None, ""), ("70%", "70%"), ("'quoted", "'quoted"),
])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_export_csv_starts_with_a_bom_and_reads_back_in_excel_encoding(small_library):
    from typer.testing import CliRunner

    from factlib.cli.main import app

    out = CliRunner().invoke(app, ["export", "--format", "csv", "--library", str(small_library)])
    assert out.exit_code == 0
    assert out.stdout_bytes.startswith(b"\xef\xbb\xbfid,status,statement")
    rows = list(csv.reader(io.StringIO(out.stdout_bytes.decode("utf-8-sig"))))
    assert rows[0] == list(CSV_COLUMNS)
    listed = CliRunner().invoke(app, ["list", "--format", "csv", "--library", str(small_library)])
    assert listed.stdout.startswith("id,status,statement")  # list prints to a terminal: no mark
