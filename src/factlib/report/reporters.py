"""The reporters' functions under their old names, for the commands not yet on the registry.

New code asks :func:`factlib.report.reporter` for a format's reporter.
"""

from __future__ import annotations

from factlib.report.github import github
from factlib.report.json_report import finding_record, json_report
from factlib.report.sarif import SARIF_SCHEMA, sarif
from factlib.report.text import text

__all__ = ["SARIF_SCHEMA", "finding_record", "github", "json_report", "sarif", "text"]
