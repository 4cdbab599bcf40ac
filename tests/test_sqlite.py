"""export --format sqlite: the library as an SQLite database with FTS5 search, for Datasette."""

from __future__ import annotations

import sqlite3

from conftest import SHIPPED, source_text
from typer.testing import CliRunner

from factlib.cli.main import app
from factlib.library.load import load_library
from factlib.library.sqlite import write_sqlite

runner = CliRunner()


def test_every_fact_figure_and_source_is_a_row(tmp_path):
    lib = load_library(SHIPPED)
    write_sqlite(lib, tmp_path / "facts.db")
    db = sqlite3.connect(tmp_path / "facts.db")
    assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == len(lib.facts())
    assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == len(lib.sources)
    assert db.execute("SELECT count(*) FROM figures").fetchone()[0] == sum(len(f.figures) for f, _ in lib.facts())
    fact, source = lib.facts()[0]
    row = db.execute("SELECT statement, status, publisher, source_url FROM facts WHERE id = ?", (fact.id,)).fetchone()
    assert row == (fact.statement, fact.status.value, source.publisher, source.url)
    assert [r for (r,) in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%content=[facts]%'")] == ["facts_fts"]


def test_full_text_search_ranks_statement_quote_keywords_tags_and_publisher(tmp_path):
    write_sqlite(load_library(SHIPPED), tmp_path / "facts.db")
    db = sqlite3.connect(tmp_path / "facts.db")
    hits = [r for (r,) in db.execute(
        "SELECT facts.id FROM facts_fts JOIN facts ON facts.rowid = facts_fts.rowid "
        "WHERE facts_fts MATCH 'online recruitment' ORDER BY rank")]
    assert "htf-unodc-31-of-79-court-cases-online-recruitment" in hits[:3]
    by_publisher = db.execute("SELECT count(*) FROM facts_fts WHERE facts_fts MATCH 'publisher:NSPCC'").fetchone()[0]
    assert by_publisher == db.execute("SELECT count(*) FROM facts WHERE publisher = 'NSPCC'").fetchone()[0] > 0


def test_a_range_is_low_and_high(write_library, tmp_path):
    text = source_text().replace(
        'figures = [{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }]',
        'figures = [{ text = "between 60 and 70", kind = "range", value = [60, 70] }]')
    write_sqlite(load_library(write_library({"nspcc-2021.toml": text})), tmp_path / "x.db")
    db = sqlite3.connect(tmp_path / "x.db")
    assert db.execute("SELECT kind, value, value_high FROM figures").fetchall() == [("range", 60.0, 70.0)]


def test_the_command_writes_the_file_and_leaves_nothing_else(tmp_path):
    out = tmp_path / "out" / "facts.db"
    out.parent.mkdir()
    out.write_text("an older export")
    result = runner.invoke(app, ["export", "--format", "sqlite", "-o", str(out), "--library", str(SHIPPED)])
    assert result.exit_code == 0 and result.stdout == ""
    assert [p.name for p in out.parent.iterdir()] == ["facts.db"]
    assert sqlite3.connect(out).execute("SELECT count(*) FROM facts").fetchone()[0] > 50


def test_sqlite_needs_an_output_file(tmp_path):
    result = runner.invoke(app, ["export", "--format", "sqlite", "--library", str(SHIPPED)])
    assert result.exit_code == 2
    assert result.stderr == "factlib: --format sqlite writes a file: give it with --output FILE (and --output only with sqlite)\n"
    missing = runner.invoke(app, ["export", "--format", "sqlite", "-o", str(tmp_path / "no" / "x.db"), "--library", str(SHIPPED)])
    assert missing.exit_code == 2 and missing.stderr.startswith(f"factlib: {tmp_path / 'no' / 'x.db'}: cannot write the database")
