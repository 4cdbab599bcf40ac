"""Loading fact files: every unusable input gives a message naming file, line and field."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import source_text
from factlib.errors import LibraryError
from factlib.library.load import load_library
from factlib.model import Kind, PartialDate, Qualifier, Status


def problems(folder) -> list[str]:
    with pytest.raises(LibraryError) as info:
        load_library(folder)
    return [str(p) for p in info.value.problems]


def test_loads_a_source_with_its_facts(small_library):
    lib = load_library(small_library)
    (source,) = lib.sources
    assert source.id == "nspcc-2021"
    assert source.published == PartialDate(2021, 8, 24)
    assert source.accessed == dt.date(2026, 11, 22)
    (fact,) = source.facts
    assert fact.status is Status.VETTED
    (figure,) = fact.figures
    assert (figure.kind, figure.value, figure.qualifier) == (Kind.CHANGE, 70.0, Qualifier.APPROX)
    assert lib.fact("grooming-rise") == (fact, source)
    assert lib.source("nspcc-2021") is source


def test_wrong_type_names_file_line_and_field_path(write_library):
    text = source_text(facts=[{"id": "a"}, {"id": "b"}]).replace("value = 70", "value = \"seventy\"")
    folder = write_library({"nspcc-2021.toml": text})
    msgs = problems(folder)
    second = [n for n, line in enumerate(text.splitlines(), 1) if "seventy" in line][1]
    expected = f'nspcc-2021.toml:{second}: facts[1].figures[0].value: expected a number, got "seventy"'
    assert any(m.endswith(expected) for m in msgs), msgs


def test_every_problem_of_a_file_is_reported_at_once(write_library):
    text = (source_text()
            .replace('kind = "press-release"', 'kind = "blogpost"')
            .replace('status = "vetted"', 'status = "approved"')
            .replace('published = "2021-08-24"', 'published = "2021-02-30"')
            + 'colour = "red"\n')
    msgs = problems(write_library({"nspcc-2021.toml": text}))
    joined = "\n".join(msgs)
    assert "source.kind: expected one of report, press-release" in joined
    assert 'facts[0].status: expected one of draft, vetted, disputed, retracted, superseded, got "approved"' in joined
    assert "source.published:" in joined and "2021-02-30" in joined
    assert "facts[0].colour: unknown key" in joined
    assert len(msgs) == 4
    assert all(":" in m.split("nspcc-2021.toml", 1)[1][:6] for m in msgs)  # each has a line number


def test_a_fact_without_a_quote_is_refused_with_its_line(write_library):
    text = source_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("quote ="))
    msgs = problems(write_library({"nspcc-2021.toml": text}))
    assert len(msgs) == 1
    header = text.splitlines().index("[[facts]]") + 1
    assert msgs[0].endswith(f"nspcc-2021.toml:{header}: facts[0].quote: required field missing")


def test_malformed_toml_gives_the_line(write_library):
    folder = write_library({"bad.toml": '[source]\nid = "bad"\ntitle = \n'})
    (msg,) = problems(folder)
    assert msg.startswith(str(folder / "bad.toml") + ":3: malformed TOML") or ":3: malformed TOML" in msg


def test_not_utf8_names_the_line(write_library, tmp_path):
    folder = write_library({})
    (folder / "latin.toml").write_bytes('[source]\nid = "x"\ntitle = "caf\xe9"\n'.encode("latin-1"))
    (msg,) = problems(folder)
    assert "latin.toml:3: not UTF-8 (byte 0xe9)" in msg


def test_missing_and_empty_library(tmp_path):
    (msg,) = problems(tmp_path / "nowhere")
    assert "library directory not found" in msg
    (tmp_path / "empty").mkdir()
    (msg,) = problems(tmp_path / "empty")
    assert "no fact files" in msg


def test_problems_of_several_files_are_all_reported(write_library):
    folder = write_library({
        "a.toml": source_text("a").replace('status = "vetted"', 'status = "nope"'),
        "b.toml": source_text("b").replace("accessed = 2026-11-22", 'accessed = "yesterday"'),
    })
    msgs = problems(folder)
    assert any("a.toml" in m and "facts[0].status" in m for m in msgs)
    assert any("b.toml" in m and "source.accessed" in m for m in msgs)


def test_figures_as_tables_of_arrays_are_located(write_library):
    text = source_text().replace(
        'figures = [{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }]',
        '[[facts.figures]]\ntext = "increased by around 70 per cent"\nkind = "change"\nvalue = [1, 2, 3]',
    )
    # [[facts.figures]] must come after the fact's plain keys: move them up
    head, _, rest = text.partition("[[facts.figures]]")
    block, _, tail = rest.partition('measure =')
    text = head + "measure =" + tail + "[[facts.figures]]" + block
    msgs = problems(write_library({"nspcc-2021.toml": text}))
    line = text.splitlines().index("value = [1, 2, 3]") + 1
    assert any(f":{line}: facts[0].figures[0].value: expected a number or [low, high]" in m for m in msgs)


def test_loading_never_modifies_files(small_library):
    before = {p: p.read_bytes() for p in small_library.iterdir()}
    load_library(small_library)
    assert {p: p.read_bytes() for p in small_library.iterdir()} == before
