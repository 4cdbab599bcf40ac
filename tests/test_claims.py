"""Figures that are not claims (figures/claims.py): never reported as unsourced."""

from __future__ import annotations

import datetime as dt

import pytest

from factlib.figures.claims import not_a_claim
from factlib.figures.scan import find_figures


def reason(text: str, span: str) -> str:
    found = find_figures(text)
    n = next(i for i, f in enumerate(found) if f.text == span)
    return not_a_claim(text, found[n], found[n + 1] if n + 1 < len(found) else None)


@pytest.mark.parametrize("text, span, why", [
    ("Rents doubled in three years.", "three", "a duration"),
    ("Over the past 18 months the queue grew.", "18", "a duration"),
    ("Smaller firms lost ground to the big four.", "four", "a group's name"),
    ("Only the final two were left standing.", "two", "a group's name"),
    ("Why the Two Matter", "Two", "a group's name"),
    ("Figures from 38 police forces show a rise.", "38", "a dataset's coverage"),
    ("Data across 41 UK police forces were compared.", "41", "a dataset's coverage"),
    ("The survey was returned by 12 councils.", "12", "a dataset's coverage"),
    ("In 2023, 39 UK police forces recorded 7,100 offences.", "39", "a dataset's coverage"),
    ("Only 30 local authorities replied to the request.", "30", "a dataset's coverage"),
    ("1 Comment", "1", "one"),
    ("Most of the town is online.", "Most", "vague"),
    ("Just under a third (31%) of renters moved.", "Just under a third", "a restatement"),
    ("[3] Smith, J. (2021). Housing in crisis. Shelter, at 112, https://example.org.", "112", "a reference entry"),
])
def test_not_a_claim(text, span, why):
    assert reason(text, span) == why


@pytest.mark.parametrize("text, span", [
    ("The charity helped 4,200 families.", "4,200"),
    ("Rents rose 30% in three years.", "rose 30%"),
    ("Patients waited 9 hours in the corridor.", "9"),       # hours: a statistic, not a period
    ("Users spent 1.25 billion years online.", "1.25 billion"),
    ("The two councils sold 300 homes.", "300"),
    ("The four councils sold homes.", "four"),           # "the four councils": it counts something
    ("Police recorded 5,100 offences in 42 forces.", "5,100"),
    ("Complaints came from 4,000 tenants.", "4,000"),    # tenants are not bodies that supply data
    ("In 2023, 39 UK police forces recorded 7,100 offences.", "7,100"),  # what the forces recorded is a claim
    ("Trafficking was found in 150 countries.", "150"),   # where something happened is a claim
    ("Just under a third (45%) of renters moved.", "Just under a third"),  # the brackets disagree
    ("A third of tenants moved (Shelter, 2021).", "A third"),
    ("The fund paid £1 to each.", "£1"),               # one pound is money, not "one"
])
def test_claims_stay_claims(text, span):
    assert reason(text, span) == ""


def test_check_reports_unsourced_claims_but_not_non_statistics(write_library):
    from conftest import source_text
    from factlib.drafts.check import CheckOptions, CheckRun
    from factlib.drafts.documents import document_from_text
    from factlib.library.load import load_library

    library = load_library(write_library({"nspcc-2021.toml": source_text()}))
    text = ("Tenancy and the Big Four\n\n"
            "Landlords answered a survey from 38 local councils over the past 18 months.\n\n"
            "The big four letting agents handled most of the lettings.\n\n"
            "Evictions reached 4,200 last year.\n")
    doc = document_from_text(text, path="d.md", format="markdown")
    [(_, findings)] = CheckRun([doc], library, CheckOptions(today=dt.date(2026, 11, 25)))
    assert [(f.code, f.text, f.line) for f in findings] == [("figure.unsourced", "4,200", 7)]
