"""The codes registry: the one place a finding code's level is declared."""

from __future__ import annotations

import pytest

from factlib import codes
from factlib.findings import Finding, Level


def test_level_is_the_registered_one():
    assert codes.level("figure.contradicts") is Level.ERROR
    assert codes.level("fact.disputed") is Level.WARNING
    assert codes.level("quote.found") is Level.INFO
    with pytest.raises(KeyError):
        codes.level("no.such-code")


def test_finding_takes_its_level_from_the_registry():
    made = codes.finding("fact.stale", "a.md", 3, "old", column=4, fact_id="f")
    assert made == Finding("fact.stale", Level.WARNING, "a.md", 3, "old", column=4, fact_id="f")


def test_a_level_may_be_overridden():
    made = codes.finding("link.broken", "s.toml", 5, "404", level=Level.WARNING)
    assert made.level is Level.WARNING and made.code == "link.broken"


def test_an_unknown_code_cannot_be_emitted():
    with pytest.raises(KeyError):
        codes.finding("figure.made-up", "a.md", 1, "x")
