"""The converter: strict structuring with field paths, and load -> dump -> load identity."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.library.config import LinksConfig
from factlib.library.convert import (StructureErrors, source_data, structure_link_report, structure_source,
                                     structure_strict, unstructure)
from factlib.linkresult import LinkResult, LinkVerdict, QuoteResult, QuoteVerdict, SourceReport
from factlib.library.load import parse_toml_text
from factlib.model import Fact, Figure, Kind, PartialDate, Qualifier, Source, SourceKind, Status

BASE = {
    "source": {"id": "s", "title": "T", "publisher": "P", "url": "https://example.org/",
               "published": "2020-12", "accessed": dt.date(2026, 1, 1), "kind": "blog"},
    "facts": [{"id": "f", "statement": "S", "quote": "Q 70%", "measure": "m", "scope": "s",
               "period": "p", "status": "vetted", "figures": [{"text": "70%", "kind": "share", "value": 70}]}],
}


def with_change(path: str, value) -> dict:
    import copy

    data = copy.deepcopy(BASE)
    target = data
    keys = path.replace("[", ".").replace("]", "").split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return data


def errors_of(data) -> list[tuple[str, str]]:
    with pytest.raises(StructureErrors) as info:
        structure_source(data)
    return info.value.problems


def test_structures_enums_dates_and_values():
    source = structure_source(BASE, "s.toml")
    assert source.kind is SourceKind.BLOG and source.path == "s.toml"
    assert source.published == PartialDate(2020, 12)
    fig = source.facts[0].figures[0]
    assert (fig.kind, fig.value, fig.qualifier) == (Kind.SHARE, 70.0, Qualifier.EXACT)


@pytest.mark.parametrize("path, value, expected", [
    ("facts.0.figures.0.value", "seventy", ("facts[0].figures[0].value", 'expected a number, got "seventy"')),
    ("facts.0.figures.0.value", True, ("facts[0].figures[0].value", "expected a number, got true")),
    ("facts.0.figures.0.value", [1, 2, 3], ("facts[0].figures[0].value", "expected a number or [low, high], got an array of 3")),
    ("facts.0.status", "approved", ("facts[0].status", 'expected one of draft, vetted, disputed, retracted, superseded, got "approved"')),
    ("facts.0.figures.0.kind", "percent", ("facts[0].figures[0].kind", 'expected one of share, change, count, money, range, year, got "percent"')),
    ("source.id", 7, ("source.id", "expected a string, got 7")),
    ("source.accessed", "2021-02-30", ("source.accessed", 'expected a real date as YYYY-MM-DD, got "2021-02-30"')),
    ("source.accessed", dt.datetime(2021, 1, 1, 12), ("source.accessed", "expected a date (YYYY-MM-DD), got a date and time 2021-01-01T12:00:00")),
    ("source.published", "Dec 2020", ("source.published", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'Dec 2020'")),
    ("source.published", "2021-13", ("source.published", '"2021-13" is not a real date: there is no month 13')),
    ("source.authors", "Jane", ("source.authors", 'expected an array of strings, got "Jane"')),
    ("facts.0.tags", ["a", 1], ("facts[0].tags", "expected an array of strings, got 1 in it")),
    ("facts.0.figures.0", 7, ("facts[0].figures[0]", "expected a table, got 7")),
    ("facts.0.colour", "red", ("facts[0].colour", "unknown key")),
    ("source.colour", "red", ("source.colour", "unknown key")),
])
def test_each_bad_value_names_its_field(path, value, expected):
    assert expected in errors_of(with_change(path, value))


def test_missing_fields_are_each_reported():
    data = with_change("facts.0", {"id": "x"})
    found = {p for p, m in errors_of(data) if m == "required field missing"}
    assert found == {f"facts[0].{k}" for k in ("statement", "quote", "measure", "scope", "period", "status")}


def test_file_level_shape_errors():
    assert ("source", "missing [source] table") in errors_of({"facts": []})
    assert ("facts", "expected an array of tables ([[facts]])") in errors_of({"source": BASE["source"], "facts": 3})
    assert ("extra", "unknown key (a fact file holds [source] and [[facts]])") in errors_of({**BASE, "extra": 1})


slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
figures = st.builds(
    Figure, text=text, kind=st.sampled_from([k for k in Kind if k != Kind.RANGE]),
    value=st.floats(-1e12, 1e12, allow_nan=False).map(lambda v: float(round(v, 4))),
    qualifier=st.sampled_from(Qualifier), unit=st.sampled_from(["", "points"]),
    currency=st.sampled_from(["", "GBP"]), name=st.sampled_from(["", "total"]),
)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2026, 1, 1))
facts = st.builds(
    Fact, id=slug, statement=text, quote=text, measure=slug, scope=text, period=text,
    status=st.sampled_from(Status), figures=st.lists(figures, max_size=3).map(tuple),
    reviewed_on=st.none() | dates, keywords=st.lists(slug, max_size=3).map(tuple),
    tags=st.lists(slug, max_size=2).map(tuple), note=st.just("") | text,
    arithmetic=st.lists(st.just("a = b"), max_size=1).map(tuple),
)
partial = st.builds(PartialDate, year=st.integers(1990, 2026), month=st.none()).map(lambda d: d) | dates.map(PartialDate.of)
sources = st.builds(
    Source, id=slug, title=text, publisher=text, url=st.just("https://example.org/a"), published=partial,
    accessed=dates, kind=st.sampled_from(SourceKind), authors=st.lists(text, max_size=2).map(tuple),
    cites=st.lists(slug, max_size=2).map(tuple), note=st.just("") | text,
    facts=st.lists(facts, max_size=3).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(sources)
def test_load_dump_load_is_identity(source):
    dumped = tomlkit.dumps(source_data(source))
    again = structure_source(parse_toml_text(dumped, "x.toml"))
    assert again == source


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_values_are_refused(value):
    assert ("facts[0].figures[0].value", f"expected a finite number, got {value}") in errors_of(
        with_change("facts.0.figures.0.value", value))


def test_figures_given_as_a_string_is_one_clear_error():
    assert errors_of(with_change("facts.0.figures", "80%")) == [
        ("facts[0].figures", 'expected an array of figure tables, got "80%"')]


# -- link records: structured by the one converter -------------------------------------------------------

iso = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)).map(lambda d: d.isoformat())
link_results = st.builds(
    LinkResult, url=st.just("https://example.org/a"), verdict=st.none() | st.sampled_from(LinkVerdict),
    http_status=st.none() | st.integers(100, 599), final_url=st.just("") | text, checked_at=iso,
    error=st.just("") | text, readable=st.booleans(),
)
quote_results = st.builds(
    QuoteResult, fact_id=slug, verdict=st.sampled_from(QuoteVerdict), where=st.sampled_from(["live", "archive"]),
    evidence=st.just("") | text, changed=st.lists(st.tuples(text, text), max_size=2).map(tuple),
    quote_hash=st.just("") | slug,
)
reports = st.builds(
    SourceReport, source_id=slug, url=st.just("https://example.org/a"), live=link_results,
    archive=st.none() | link_results, quotes=st.lists(quote_results, max_size=3).map(tuple),
    failing_since=st.just("") | iso, failures=st.integers(0, 9), cached=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(reports)
def test_a_link_report_round_trips_through_json(report):
    assert structure_link_report(json.loads(json.dumps(unstructure(report)))) == report


def test_a_link_report_written_by_an_older_version_takes_the_defaults():
    data = {"source_id": "s", "url": "https://example.org/", "live": {"url": "https://example.org/", "verdict": "ok"}}
    report = structure_link_report(data)
    assert report.live == LinkResult("https://example.org/", LinkVerdict.OK)
    assert (report.archive, report.quotes, report.failures) == (None, (), 0)


def test_booleans_are_not_numbers_and_numbers_are_not_booleans():
    data = {"source_id": "s", "url": "u", "live": {"url": "u", "verdict": "ok", "readable": 1, "http_status": True}}
    with pytest.raises(StructureErrors) as info:
        structure_link_report(data)
    assert info.value.problems == [("live.http_status", "expected a whole number, got true"),
                                   ("live.readable", "expected true or false, got 1")]
    assert structure_strict({"concurrency": 4}, LinksConfig, "links").concurrency == 4
