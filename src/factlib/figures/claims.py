"""Figures that are not claims: numbers in prose that nobody would look for a source for.

`factlib check` reports a figure that matches no fact as ``figure.unsourced``,
unless the figure is not a statistic at all. Each rule is one an editor can
check by reading the sentence (docs/checking.md lists them with examples):

- a duration: a count under a thousand followed by years, months, weeks, days,
  decades or centuries ("in three years", "over the past 12 months") says how
  long, not how many ("waited 9 hours" stays a statistic);
- a group's name: a number of twenty or less after "the" and at most one
  word, with nothing counted after it ("the big four were used",
  "the top three", "How the Two Connect");
- a dataset's coverage: a count of the bodies that supplied the data, after
  "from", "across", "covering", "among" or "by", or before "recorded",
  "reported", "replied"... ("from 42 police forces", "across 41 UK police
  forces", "returned by 12 councils", "41 UK police forces recorded 6,156");
- one: a bare count of one ("1 Comment", "one charity");
- vague "most": "most of the population" gives no number;
- a restatement: a figure in words followed at once by the same figure in
  brackets ("more than half (57%)"): the bracketed figure is the one checked;
- a reference entry: a figure on a line that starts with a note marker ("[2]",
  "2.") and carries a bibliographic date ("(2020)", "(2021, October 30)"): page
  and volume numbers.

A figure that binds to a fact is judged whatever these rules say; they only
keep figures that match no fact from being reported as unsourced.
"""

from __future__ import annotations

import re

from factlib.figures.compare import agrees, comparable
from factlib.model import Kind, Qualifier

_HS = r"[^\S\n]"
_DURATION = re.compile(r"[\s-]+(?:years?|months?|weeks?|days?|decades?|centuries)\b", re.IGNORECASE)
_GROUP_BEFORE = re.compile(r"\b[Tt]he" + _HS + r"+(?:[A-Za-z]+" + _HS + r"+)?$")
_NEXT_WORD = re.compile(_HS + r"*([A-Za-z]+)")
_BODIES = (r"(?:police" + _HS + r"+)?(?:forces|countries|states|councils|authorities|agencies|organi[sz]ations|NGOs"
           r"|charities|schools|hospitals|trusts|regions|boroughs|jurisdictions|nations|territories|providers)")
_COVERAGE_AFTER = re.compile(_HS + r"+(?:(?:[A-Z]{2,}|[A-Z][a-z]+|local)" + _HS + r"+)?" + _BODIES + r"\b")
_DATA_VERB = re.compile(_HS + r"+(?:recorded|reported|responded|replied|provided|supplied|returned|shared|submitted"
                        r"|took[ \t]+part|answered)\b")
_COVERAGE_BEFORE = re.compile(r"\b(?:from|across|covering|among|by)" + _HS + r"+(?:(?:the|all|some|over|more"
                              + _HS + r"+than)" + _HS + r"+)?$", re.IGNORECASE)
_BRACKETED = re.compile(_HS + r"*\($")
_REFERENCE_LINE = re.compile(r"[ \t]*(?:\[[0-9]{1,3}\]|[0-9]{1,3}\.)" + _HS)
_BIBLIO_DATE = re.compile(r"\((?:1[89]|20)[0-9]{2}[),]")


def is_duration(text: str, figure) -> bool:
    """A count under a thousand followed by a unit of time: "in three years", "a 10-year period".

    Hours and minutes are left out: "waited 9 hours" is a statistic. So are big counts of
    time ("1.25 billion years online").
    """
    return figure.kind == Kind.COUNT and figure.value < 1000 and bool(_DURATION.match(text, figure.end))


def not_a_claim(text: str, figure, following=None) -> str:
    """Why the figure at its place in ``text`` is not a statistic ("" when it is one).

    ``following`` is the next figure found in the text, for restatements.
    """
    count = figure.kind == Kind.COUNT  # (a Kind is a str: "count" compares equal)
    if count and figure.value < 1000 and _DURATION.match(text, figure.end):
        return "a duration"  # is_duration
    if count and figure.value == 1 and figure.qualifier == Qualifier.EXACT:
        return "one"
    if figure.text.strip().lower() == "most":
        return "vague"
    before = text[max(0, figure.start - 40):figure.start] if count else ""
    if count and figure.value <= 20 and figure.qualifier == Qualifier.EXACT and _GROUP_BEFORE.search(before):
        word = _NEXT_WORD.match(text, figure.end)
        nxt = word.group(1) if word else ""
        if not (nxt.islower() and (nxt.endswith("s") or nxt == "of")):
            return "a group's name"
    coverage = _COVERAGE_AFTER.match(text, figure.end) if count else None
    if coverage and (_COVERAGE_BEFORE.search(before) or _DATA_VERB.match(text, coverage.end())):
        return "a dataset's coverage"
    if following is not None and figure.text[:1].isalpha() and _BRACKETED.match(text, figure.end, following.start):
        if comparable(figure, following) and agrees(figure, following):
            return "a restatement"
    line_start = text.rfind("\n", 0, figure.start) + 1
    if _REFERENCE_LINE.match(text, line_start):  # (it cannot read past the line's end)
        line_end = text.find("\n", figure.start)
        if _BIBLIO_DATE.search(text[line_start:line_end if line_end >= 0 else len(text)]):
            return "a reference entry"
    return ""
