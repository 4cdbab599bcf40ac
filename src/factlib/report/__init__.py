"""Findings to text, one module per format, picked by name from one registry.

Every command with ``--format`` asks :func:`reporter` for the format's reporter and
hands it its findings and a :class:`Run`; a new format is one module and one line here.
"""

from __future__ import annotations

from factlib.report.base import Reporter, Run
from factlib.report.github import GithubReporter
from factlib.report.json_report import JsonReporter
from factlib.report.sarif import SarifReporter
from factlib.report.text import TextReporter

REPORTERS: dict[str, Reporter] = {r.name: r for r in (TextReporter(), JsonReporter(), GithubReporter(), SarifReporter())}


def reporter(name: str) -> Reporter:
    """The reporter of a format (text, json, github, sarif); KeyError for any other name."""
    return REPORTERS[name]


__all__ = ["REPORTERS", "Reporter", "Run", "reporter"]
