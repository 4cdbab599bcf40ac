"""The records: what a fact knows of itself."""

from __future__ import annotations

from factlib.model import Fact, Figure, Kind, Status


def fact(*figures: Figure, status: Status = Status.VETTED) -> Fact:
    return Fact("f", "s", "q", "m", "sc", "p", status, figures=figures)


def test_only_draft_and_vetted_facts_are_active():
    assert [s.value for s in Status if s.active] == ["draft", "vetted"]


def test_headline_figures_are_the_first_of_each_kind_and_every_named_one_without_years():
    share, share2 = Figure("70%", Kind.SHARE, 70.0), Figure("30%", Kind.SHARE, 30.0)
    year, count = Figure("2020", Kind.YEAR, 2020.0), Figure("5,441", Kind.COUNT, 5441.0)
    named = Figure("3,217", Kind.COUNT, 3217.0, name="before")
    assert fact(year, share, share2, count, named).headline_figures() == [share, count, named]
    assert fact(year).headline_figures() == []
    assert fact(share, share2).headline_figures() == [share]
