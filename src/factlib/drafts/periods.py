"""Periods as drafts and facts name them: "2020/21", "between 2017/18 and 2020/21", "since 2017",
"in the year to March 2021", "in three years", "annual".

:func:`period_mentions` reads them from a text, :func:`read_period` reads a fact's `period`, and
:func:`period_fits` says whether a period a sentence names can be the fact's (docs/checking.md,
"Binding by sentence").
"""

from __future__ import annotations

import functools
import re

import attrs

from factlib.text.sparse import sparse_finditer
from factlib.text.vocabulary import MONTHS, NUMBER_WORDS

@attrs.frozen
class Span:
    """A stretch of time in months (year * 12 + month - 1), inclusive; `kind` says how it was written."""

    first: int
    last: int
    kind: str  # "year" (a calendar year), "fy" (a financial year, April to March), "months"

    @property
    def months(self) -> int:
        return self.last - self.first + 1


NO_SPAN: Span = Span(0, -1, "none")


@attrs.frozen
class Period:
    """A period as a text names it: a point ("2020/21"), a range ("between 2017/18 and 2020/21"),
    a start ("since 2017") or a length ("in three years")."""

    shape: str  # "point" | "range" | "since" | "base" (compared with) | "duration"
    first: Span = attrs.field(factory=lambda: NO_SPAN)  # a duration has no place in time
    last: Span = attrs.field(factory=lambda: NO_SPAN)   # the end of a range; else unused
    years: float = 0  # a duration's length ("in 18 months" is 1.5)

    @property
    def final(self) -> Span:
        """The span the period ends in: a range's last, any other's first ("since 2018": 2018)."""
        return self.last if self.shape == "range" else self.first

    def span_years(self) -> int | None:
        if self.shape != "range":
            return None
        return round((self.last.first - self.first.first) / 12)


def _year(y: int) -> Span:
    return Span(y * 12, y * 12 + 11, "year")


def _fy(y: int) -> Span:
    return Span(y * 12 + 3, y * 12 + 14, "fy")


_MONTH_NAMES = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_Y = r"(?:19[5-9]\d|20[0-4]\d)"
_POINT = re.compile(
    rf"(?P<to>(?:\b(?:in |during )?the (?:year|12 months|twelve months) (?:to|ending|ended) ))?"
    rf"\b(?:(?P<mon>{_MONTH_NAMES})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?\s+(?P<my>{_Y})"
    rf"|(?P<fy>{_Y})\s*[/–-]\s*(?P<fy2>\d\d|{_Y})(?![\d%])"
    rf"|(?P<y>{_Y}))(?![\d%,.]\d)(?!\s*%)")
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|and|-|–|—)\s*$")
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?(?:year\s+)?$", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?(?:year\s+|start of\s+|beginning of\s+)?$", re.IGNORECASE)
# a point a change is measured from: "as compared to January 2019", "up from 2019", "over 2019"
_BASE = re.compile(r"\b(?:compared (?:to|with)|from|than|over|against)\s+(?:the\s+)?(?:year\s+)?$", re.IGNORECASE)
_N = r"\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_DURATION = re.compile(
    rf"\b(?:(?:in|over|during|across|within|for)\s+(?:the\s+)?(?:(?:last|past|previous|first)\s+)?(?P<n1>{_N})\s+years?"
    rf"|(?:the\s+)?(?:last|past|previous)\s+(?P<n2>{_N})\s+years"
    rf"|(?P<n3>{_N})-year\s+(?:period|rise|increase|fall|drop)"
    rf"|(?:(?:in|over|during|across|within|for)\s+(?:the\s+)?(?:(?:last|past|previous|first)\s+)?|(?:the\s+)?(?:last|past|previous)\s+)"
    rf"(?P<m>{_N})\s+months"
    r"|(?P<one>annual(?:ly)?|year[- ]on[- ]year|(?:the\s+)?previous\s+year|last\s+year|a\s+year\s+(?:earlier|before)"
    r"|over\s+the\s+(?:past\s+|last\s+)?(?:year|12\s+months|twelve\s+months)|(?:in|within)\s+a\s+year"
    r"|(?:in|during)\s+the\s+(?:past|last)\s+(?:year|12\s+months|twelve\s+months)))\b",
    re.IGNORECASE)

# what every match of each names, for reading a long text only around them (text/sparse.py); the
# same words as (?i)year|month|annual, but with a first letter the engine can skip to
_POINT_WORD, _DURATION_WORD = re.compile(_Y), re.compile(r"[yYmMaA](?i:ear|onth|nnual)")


def _point(m: re.Match) -> Span | None:
    if m.group("my"):
        at = int(m.group("my")) * 12 + MONTHS[m.group("mon").casefold()] - 1
        span = Span(at, at, "months")
    elif m.group("fy"):
        y, second = int(m.group("fy")), m.group("fy2")
        y2 = int(second) if len(second) == 4 else y // 100 * 100 + int(second)
        if y2 == y + 1 and (len(second) == 2 or "/" in m.group(0)):
            span = _fy(y)  # "2020/21", "2020-21", "2020/2021"
        elif y < y2:
            return None  # "2019-2020" is read as a range by the caller
        else:
            return None
    else:
        span = _year(int(m.group("y")))
    if m.group("to"):  # "the year to April 2019": the twelve months up to then
        return Span(span.last - 11, span.last, "months")
    return span


_ANY_TIME = re.compile(r"19[5-9]\d|20[0-4]\d|year|annual|month", re.IGNORECASE)


def period_mentions(text: str, durations: bool = True) -> list[tuple[int, int, Period, str]]:
    """The periods a text names, as (start, end, period, words), in order (lengths of time too, unless
    `durations` is false: the others are the same either way)."""
    if not (_POINT_WORD.search(text) or _DURATION_WORD.search(text)):  # _ANY_TIME, each part quicker
        return []  # most sentences name no time: one quick look instead of every pattern
    points: list[tuple[int, int, Span]] = []
    for m in sparse_finditer(_POINT, text, _POINT_WORD, back=8, forward=3, longest=12):
        if m.group("fy") and (span := _point(m)) is None:
            y, second = int(m.group("fy")), m.group("fy2")
            y2 = int(second) if len(second) == 4 else y // 100 * 100 + int(second)
            a, b = m.span()
            points.append((a, a + 4, _year(y)))
            points.append((b - len(second), b, _year(y2) if y2 > y else _year(y)))
            continue
        span = _point(m)
        if span is not None:
            points.append((m.start(), m.end(), span))
    out: list[tuple[int, int, Period, str]] = []
    i = 0
    while i < len(points):
        a, b, span = points[i]
        before = text[max(0, a - 40):a]
        if i + 1 < len(points):
            c, d, nxt = points[i + 1]
            gap = text[b:c]
            if len(gap) <= 12 and _RANGE_JOIN.match(gap) and (not gap.strip().startswith("and") or _RANGE_OPEN.search(before)):
                opener = _RANGE_OPEN.search(before)
                start = a - (len(before) - opener.start()) if opener else a
                out.append((start, d, Period("range", span, nxt), text[start:d]))
                i += 2
                continue
        since = _SINCE.search(before) or _BASE.search(before)
        if since:
            start = a - (len(before) - since.start())
            shape = "since" if since.re is _SINCE else "base"
            out.append((start, b, Period(shape, span), text[start:b]))
        else:
            out.append((a, b, Period("point", span), text[a:b]))
        i += 1
    for m in sparse_finditer(_DURATION, text, _DURATION_WORD, back=5, forward=3, longest=12) if durations else ():
        n = m.group("n1") or m.group("n2") or m.group("n3") or m.group("m")
        years: float = 1 if m.group("one") else (int(n) if n and n.isdigit() else NUMBER_WORDS.get((n or "").casefold(), 0))
        if m.group("m"):
            years /= 12  # "in 18 months"
        if years and not any(a <= m.start() < b for a, b, _, _ in out):
            out.append((m.start(), m.end(), Period("duration", years=years), m.group(0)))
    out.sort(key=lambda x: x[0])
    return out


@functools.lru_cache(maxsize=4096)
def read_period(text: str) -> Period | None:
    """A fact's `period` as a Period, or None when it states none that can be compared
    ("not stated (…)", "up to 2018", "cases collected for GLOTiP 2020 (published 2021)")."""
    lowered = text.casefold().strip()
    if not lowered or lowered.startswith(("not stated", "undated", "unknown")) or "up to" in lowered:
        return None
    found = [p for _, _, p, _ in period_mentions(text)]
    if len(found) == 1 and found[0].shape in ("point", "range"):
        return found[0]
    return None


def _same_time(a: Span, b: Span) -> bool:
    """Whether two stretches of time are the same, as writers round them: a calendar year and a
    financial year it falls in ("2021" for "2020/21"); otherwise they share at least half of the shorter."""
    if {a.kind, b.kind} == {"year", "fy"}:
        year, fy = (a, b) if a.kind == "year" else (b, a)
        return year.first // 12 in (fy.first // 12, fy.first // 12 + 1)
    overlap = min(a.last, b.last) - max(a.first, b.first) + 1
    return overlap * 2 >= min(a.months, b.months)


def period_fits(said: Period, fact: Period, change: bool = False) -> bool:
    """Whether a period a sentence names can be the fact's period.

    A change runs between two times, so a sentence may name either end ("rose 70% to 2020/21");
    any other figure over a range of years is named by the range or its start ("since 2000"):
    "53% in 2020" is not the share over 2000 to 2020.
    """
    if said.shape == "duration":
        if fact.shape == "range":
            return said.years == fact.span_years()
        return said.years <= 1
    if said.shape in ("since", "base"):
        return _same_time(said.first, fact.first)
    if said.shape == "range":
        if fact.shape == "range":
            return _same_time(said.first, fact.first) and _same_time(said.last, fact.last)
        return _same_time(said.first, fact.first) and _same_time(said.last, fact.first)
    if fact.shape == "range":
        if change and (_same_time(said.first, fact.first) or _same_time(said.first, fact.last)):
            return True
        # "in 2019" for January 2019 to January 2020: the point covers most of the range
        whole = Span(fact.first.first, fact.last.last, "months")
        overlap = min(said.first.last, whole.last) - max(said.first.first, whole.first) + 1
        return overlap * 2 >= whole.months
    return _same_time(said.first, fact.first)


# \b(1[89]\d\d|20\d\d), with the word boundary asserted after the first digit, so that the engine can skip to a 1 or 2
_YEAR = re.compile(r"((?:1(?<!\w1)[89]|2(?<!\w2)0)\d\d)(?:\s*[/–-]\s*(\d{2})\b)?")


def years_in(text: str) -> frozenset[int]:
    """The years a text names, with both years of a financial year ("2020/21": 2020 and 2021)."""
    return frozenset(y for period in periods_in(text) for y in period)


def periods_in(text: str) -> frozenset[tuple[int, int]]:
    """The years a text names as (first, last): "2020/21" is (2020, 2021), "2019" is (2019, 2019)."""
    found = set()
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        found.add((year, year // 100 * 100 + int(m.group(2)) if m.group(2) else year))
    return frozenset(found)
