"""The library as an SQLite database with FTS5 full-text search, for Datasette and sqlite3 users.

Tables: ``sources``, ``facts`` (with the source's publisher and URL beside each
fact), ``figures`` (one row per figure, ranges as low/high), ``fact_tags`` and
``cites``. ``facts_fts`` indexes statement, quote, keywords, tags and publisher
the way sqlite-utils' ``enable_fts`` does (``content=[facts]``), so Datasette
offers its search box on the facts table. The file is written beside the target
and renamed into place: a reader never sees half a database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

from factlib.errors import FactlibError
from factlib.model import Library

SCHEMA = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT, publisher TEXT, authors TEXT, url TEXT, published TEXT,
    accessed TEXT, archive_url TEXT, kind TEXT, note TEXT, file TEXT
);
CREATE TABLE facts (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source_id TEXT NOT NULL REFERENCES sources(id),
    statement TEXT, quote TEXT, measure TEXT, scope TEXT, period TEXT, status TEXT, superseded_by TEXT,
    reviewed_by TEXT, reviewed_on TEXT, keywords TEXT, tags TEXT, note TEXT, arithmetic TEXT,
    publisher TEXT, source_url TEXT
);
CREATE TABLE figures (
    fact_id TEXT NOT NULL REFERENCES facts(id), position INTEGER NOT NULL, text TEXT, kind TEXT,
    value REAL, value_high REAL, qualifier TEXT, unit TEXT, currency TEXT, name TEXT,
    PRIMARY KEY (fact_id, position)
);
CREATE TABLE fact_tags (fact_id TEXT NOT NULL REFERENCES facts(id), tag TEXT NOT NULL, PRIMARY KEY (fact_id, tag));
CREATE TABLE cites (source_id TEXT NOT NULL REFERENCES sources(id), cited_id TEXT NOT NULL, PRIMARY KEY (source_id, cited_id));
CREATE INDEX facts_by_source ON facts (source_id);
CREATE INDEX facts_by_measure ON facts (measure, scope, period);
CREATE VIRTUAL TABLE [facts_fts] USING FTS5 ([statement], [quote], [keywords], [tags], [publisher], content=[facts]);
"""


def write_sqlite(library: Library, path: str | os.PathLike) -> None:
    """Write the whole library to a new SQLite file at `path` (replacing it), atomically."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as err:
        raise FactlibError(f"{path}: cannot write the database: {err.strerror or err}") from None
    try:
        Path(tmp).unlink()
        db = sqlite3.connect(tmp)
        try:
            _fill(db, library)
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except sqlite3.Error as err:
        raise FactlibError(f"{path}: cannot write the database: {err}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _fill(db: sqlite3.Connection, library: Library) -> None:
    db.executescript(SCHEMA)
    seen_sources: set[str] = set()
    seen_facts: set[str] = set()
    for source in library.sources:
        if source.id in seen_sources:  # duplicates are the validator's to report; the first one wins, as in loading
            continue
        seen_sources.add(source.id)
        db.execute("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?)", (
            source.id, source.title, source.publisher, json.dumps(list(source.authors), ensure_ascii=False),
            source.url, str(source.published), source.accessed.isoformat(), source.archive_url, source.kind.value,
            source.note, Path(source.path).name if source.path else ""))
        db.executemany("INSERT OR IGNORE INTO cites VALUES (?, ?)", [(source.id, c) for c in source.cites])
        for fact in source.facts:
            if fact.id in seen_facts:
                continue
            seen_facts.add(fact.id)
            db.execute(
                "INSERT INTO facts (id, source_id, statement, quote, measure, scope, period, status, superseded_by, "
                "reviewed_by, reviewed_on, keywords, tags, note, arithmetic, publisher, source_url) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (fact.id, source.id, fact.statement, fact.quote, fact.measure, fact.scope, fact.period,
                 fact.status.value, fact.superseded_by, fact.reviewed_by,
                 fact.reviewed_on.isoformat() if fact.reviewed_on else None, _json(fact.keywords), _json(fact.tags),
                 fact.note, _json(fact.arithmetic), source.publisher, source.url))
            db.executemany("INSERT INTO figures VALUES (?,?,?,?,?,?,?,?,?,?)", [
                (fact.id, n, f.text, f.kind.value, *(f.value if isinstance(f.value, tuple) else (f.value, None)),
                 f.qualifier.value, f.unit, f.currency, f.name) for n, f in enumerate(fact.figures)])
            db.executemany("INSERT OR IGNORE INTO fact_tags VALUES (?, ?)", [(fact.id, t) for t in fact.tags])
    db.execute("INSERT INTO facts_fts (rowid, statement, quote, keywords, tags, publisher) "
               "SELECT rowid, statement, quote, keywords, tags, publisher FROM facts")


def _json(items) -> str:
    return json.dumps(list(items), ensure_ascii=False)
