"""`factlib status`: a fact's status changed in its file, with the fields that go with it."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from conftest import source_text
from factlib.cli.main import app
from factlib.errors import UsageError
from factlib.library.load import load_library
from factlib.library.status import set_status
from factlib.model import Status

runner = CliRunner()
TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def lib(write_library, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    return write_library({"nspcc-2021.toml": source_text(facts=[{}, {"id": "grooming-right", "measure": "m2"}])})


def _fact(folder, fact_id):
    return load_library(folder).fact(fact_id)[0]


def test_disputed_with_a_correction(lib):
    change = set_status(load_library(lib), "grooming-rise", Status.DISPUTED, reason="the base year is wrong",
                        corrected_by="grooming-right", reviewed_by="Ann", today=TODAY)
    assert (change.old, change.new, change.written.display) == (Status.VETTED, Status.DISPUTED, "facts/nspcc-2021.toml")
    fact = _fact(lib, "grooming-rise")
    assert (fact.status, fact.note, fact.corrected_by, fact.reviewed_by, fact.reviewed_on) == (
        Status.DISPUTED, "the base year is wrong", "grooming-right", "Ann", TODAY)


def test_superseded_then_back_to_vetted_clears_the_successor(lib):
    set_status(load_library(lib), "grooming-rise", Status.SUPERSEDED, reason="newer figures", superseded_by="grooming-right", today=TODAY)
    assert _fact(lib, "grooming-rise").superseded_by == "grooming-right"
    set_status(load_library(lib), "grooming-rise", Status.VETTED, today=TODAY)
    fact = _fact(lib, "grooming-rise")
    assert (fact.status, fact.superseded_by) == (Status.VETTED, "")
    assert "superseded_by" not in (lib / "nspcc-2021.toml").read_text()


@pytest.mark.parametrize("kwargs, message", [
    (dict(status=Status.SUPERSEDED), "a superseded fact names its successor: give --superseded-by ID"),
    (dict(status=Status.VETTED, corrected_by="grooming-right"), "--corrected-by goes with status disputed, not vetted"),
    (dict(status=Status.DISPUTED, superseded_by="grooming-right"), "--superseded-by goes with status superseded, not disputed"),
    (dict(status=Status.DISPUTED, corrected_by="nothing"), '--corrected-by "nothing" is no fact id in the library'),
    (dict(status=Status.DISPUTED, corrected_by="grooming-rise"), "--corrected-by names the fact itself"),
])
def test_flags_that_do_not_fit(lib, kwargs, message):
    before = (lib / "nspcc-2021.toml").read_text()
    status = kwargs.pop("status")
    with pytest.raises(UsageError) as err:
        set_status(load_library(lib), "grooming-rise", status, reason="r", **kwargs)
    assert str(err.value) == message
    assert (lib / "nspcc-2021.toml").read_text() == before


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_cli_status(lib):
    out = invoke("status", "grooming-rise", "disputed", "--reason", "wrong base", "--corrected-by", "grooming-right")
    assert (out.exit_code, out.stdout) == (0, "grooming-rise: vetted -> disputed (facts/nspcc-2021.toml)\n")
    assert _fact(lib, "grooming-rise").reviewed_on == dt.date.today()


def test_cli_status_errors_write_nothing(lib):
    before = (lib / "nspcc-2021.toml").read_text()
    out = invoke("status", "grooming-rise", "retracted")
    assert out.exit_code == 2
    assert out.stderr == ("factlib: facts/nspcc-2021.toml:19: fact.note-missing: a retracted fact needs a note saying "
                          "what is wrong and what to use instead (not written)\n")
    out = invoke("status", "grooming-rise", "approved")
    assert (out.exit_code, out.stderr) == (2, 'factlib: "approved" is not a status; choose from draft, vetted, disputed, retracted, superseded\n')
    out = invoke("status", "nothing", "vetted")
    assert out.exit_code == 2 and out.stderr.startswith('factlib: no fact "nothing" in the library')
    assert (lib / "nspcc-2021.toml").read_text() == before
