"""What a figure's sentence leaves open: which year ("last year") or which number ("most").

A figure whose only time is relative ("last year") is of a year the page may not say; a fact's word with
no number ("most") neither gives nor rules out a draft's number (docs/checking.md).
"""

from __future__ import annotations

import re

from factlib.drafts.aboutness import Mention
from factlib.drafts.entry import Entry
from factlib.drafts.periods import period_fits
from factlib.figures.compare import agrees, comparable


NO_YEAR = ", with no year named"
_RELATIVE = re.compile(r"\b(?:last|past|previous)\s+(?:(?:one\s+)?year|twelve\s+months|12\s+months)\b", re.IGNORECASE)


def unanchored(named: list[Mention], own, entry: Entry) -> str:
    """The words of a relative period ("last year") when that is the only time the figure's
    sentence names and the document's opening names none that fits the fact's period: which
    year it means is unknown."""
    periods = [m for m in named if m.dimension == "period"]
    if entry.about.period is None or not periods or any(not _RELATIVE.search(m.text) for m in periods):
        return ""
    opening = getattr(own, "opening", None)  # "Digital 2021: …" dates the page's "last year"
    if opening is not None and any(m.dimension == "period" and period_fits(m.value, entry.about.period)
                                   for m in opening()):
        return ""
    return periods[0].text


def only_vague(entry: Entry, figure) -> str:
    """The fact's word, when every figure of the fact comparable with a draft figure given as a
    number ("72%", "two thirds") is a word with no number ("most", "many") that the number falls within: the fact does not
    say the draft's number, nor does it rule it out."""
    pool = [f for f in entry.figures if comparable(f, figure)]
    if not pool or not _has_number(figure.text) or any(_has_number(f.text) for f in pool):
        return ""
    # a number the word rules out ("a tenth" against "most") still contradicts it
    return next((f.text for f in pool if agrees(f, figure)), "")


_VAGUE = re.compile(r"\b(?:most|many|majority|some|few|several|numerous)\b", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:half|third|quarter|fifth|tenth|one|two|three|four|five|six|seven|eight|nine|ten"
                          r"|hundred|thousand|million|billion|dozen|double|doubled|twice|triple|tripled)\b", re.IGNORECASE)


def _has_number(text: str) -> bool:
    return any(c.isdigit() for c in text) or not _VAGUE.search(text) or bool(_NUMBER_WORD.search(text))
