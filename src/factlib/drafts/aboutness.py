"""What a figure is about: the place, platform, population and period its sentence names.

A sentence binds to a fact only when nothing it names about a figure differs
from the fact's scope and period (docs/checking.md, "What a sentence must say").
This module reads both sides:

- from a sentence, the *mentions* of places, platforms, populations, periods
  and reporting bodies ("41 police forces"), each given to the figure it stands
  nearest to in the sentence (a place scopes the whole sentence unless the
  figure's own words name another);
- from a fact, the same dimensions, derived from its `scope`, `measure`,
  `period` and figures, or given by its optional `places`, `platforms` and
  `population` fields.

:func:`difference` compares the two and says what differs, or None.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Iterable

import attrs

from factlib.library.validate import INACTIVE

from factlib.text.vocabulary import (
    MONTHS, NOT_A_FORCE, NUMBER_WORDS, PLACE_PATTERN, PLACES, PLATFORM_GROUPS, PLATFORM_PATTERN, PLATFORMS,
    POPULATION_PATTERN, POPULATIONS, PLATFORM_SLUG_PATTERN, PLATFORMS_FOLDED, UNITS_PATTERN, WORLD,
    canonical_place, canonical_platform, canonical_population, contains, ORGANISATIONS, ORGANISATION_PATTERN,
    ATTRIBUTION_AFTER, ATTRIBUTION_BEFORE)

PLACE, PLATFORM, POPULATION, PERIOD, UNITS, ORGANISATION = (
    "place", "platform", "population", "period", "units", "organisation")


# -- periods ----------------------------------------------------------------------------

@attrs.frozen
class Span:
    """A stretch of time in months (year * 12 + month - 1), inclusive; `kind` says how it was written."""

    first: int
    last: int
    kind: str  # "year" (a calendar year), "fy" (a financial year, April to March), "months"

    @property
    def months(self) -> int:
        return self.last - self.first + 1


@attrs.frozen
class Period:
    """A period as a text names it: a point ("2020/21"), a range ("between 2017/18 and 2020/21"),
    a start ("since 2017") or a length ("in three years")."""

    shape: str  # "point" | "range" | "since" | "base" (compared with) | "duration"
    first: Span | None = None
    last: Span | None = None
    years: int = 0

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
    r"|(?P<one>annual(?:ly)?|year[- ]on[- ]year|(?:the\s+)?previous\s+year|last\s+year|a\s+year\s+(?:earlier|before)"
    r"|over\s+the\s+(?:past\s+|last\s+)?(?:year|12\s+months|twelve\s+months)|(?:in|within)\s+a\s+year))\b",
    re.IGNORECASE)


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


def period_mentions(text: str) -> list[tuple[int, int, Period, str]]:
    """The periods a text names, as (start, end, period, words), in order."""
    if not _ANY_TIME.search(text):
        return []  # most sentences name no time: one quick look instead of every pattern
    points: list[tuple[int, int, Span]] = []
    for m in _POINT.finditer(text):
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
    for m in _DURATION.finditer(text):
        n = m.group("n1") or m.group("n2") or m.group("n3")
        years = 1 if m.group("one") else (int(n) if n and n.isdigit() else NUMBER_WORDS.get((n or "").casefold(), 0))
        if years and not any(a <= m.start() < b for a, b, _, _ in out):
            out.append((m.start(), m.end(), Period("duration", years=years), m.group(0)))
    out.sort(key=lambda x: x[0])
    return out


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


# -- mentions -------------------------------------------------------------------------

@attrs.frozen
class Mention:
    dimension: str
    value: object  # a canonical name, a Period, or (what, count) for reporting bodies
    start: int
    end: int
    text: str
    inherited: bool = False  # named in the document's opening, not in the sentence


def _force(name: str) -> str | None:
    words = name.split()
    while words and words[0] in NOT_A_FORCE:
        words = words[1:]
    if not words:
        return None
    name = " ".join(words)
    if name in PLACES:
        return PLACES[name]
    return name.casefold() if name.endswith("shire") else name.casefold() + " police"


def place_mentions(text: str) -> list[Mention]:
    out = []
    for m in PLACE_PATTERN.finditer(text):
        if m.group("name"):
            value = PLACES[m.group("name")]
        elif m.group("world"):
            value = WORLD
        elif m.group("county"):
            value = m.group("county").casefold()
        else:
            value = _force(m.group("force"))
            if value is None:
                continue
        out.append(Mention(PLACE, value, m.start(), m.end(), m.group(0)))
    return out


OPENING = 400  # characters: a document's title and first sentence


def opening_places(text: str) -> list[Mention]:
    """The places a document names in its opening, as inherited mentions."""
    return [attrs.evolve(m, inherited=True) for m in place_mentions(text[:OPENING])]


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.casefold(), 0)


def _bodies(what: str) -> str:
    return "police forces" if "forces" in what.casefold() else what.casefold()


def mentions(text: str) -> list[Mention]:
    """Everything a text names about what its figures count, in order."""
    found = place_mentions(text)
    platforms = [Mention(PLATFORM, PLATFORMS[m.group(0)], m.start(), m.end(), m.group(0))
                 for m in PLATFORM_PATTERN.finditer(text)]
    # "Facebook-owned Instagram" is Instagram, not Meta's apps
    found += [m for m, nxt in zip(platforms, platforms[1:] + [None])
              if not (m.text.endswith("owned") and nxt is not None and 0 < nxt.start - m.end <= 2)]
    for m in POPULATION_PATTERN.finditer(text):
        value = POPULATIONS[m.group("word").casefold()] if m.group("word") else f"under {m.group('under')}"
        found.append(Mention(POPULATION, value, m.start(), m.end(), m.group(0)))
    found += [Mention(PERIOD, p, a, b, words) for a, b, p, words in period_mentions(text)]
    for m in ORGANISATION_PATTERN.finditer(text):
        if not (ATTRIBUTION_BEFORE.search(text, max(0, m.start() - 20), m.start())
                or ATTRIBUTION_AFTER.match(text[m.end():m.end() + 40])):
            found.append(Mention(ORGANISATION, ORGANISATIONS[m.group(0)], m.start(), m.end(), m.group(0)))
    if _BODIES.search(text):
        found += [Mention(UNITS, (_bodies(m.group("what")), _count(m.group("n"))), m.start(), m.end(), m.group(0))
                  for m in UNITS_PATTERN.finditer(text)]
    found.sort(key=lambda m: m.start)
    return found


# words that start a new clause for whom its names belong to ("a 125% increase on Facebook and a
# 95% increase on Instagram"); plain "and" may join names ("Facebook and Messenger")
_CONNECTIVE = re.compile(r"\b(?:and (?:a|an|the)|while|whereas|but|compared|versus|vs|against)\b", re.IGNORECASE)


def ownership_breaks(text: str, breaks: list[int]) -> list[int]:
    """Clause breaks (punctuation) and connectives, sorted: the places where a mention's owner changes."""
    return sorted(breaks + [m.start() for m in _CONNECTIVE.finditer(text)])


def own_mentions(found: list[Mention], figures: list[tuple[int, int]], index: int,
                 breaks: list[int], opening: "Callable[[], list[Mention]] | None" = None) -> list[Mention]:
    """The mentions that belong to figure `index` of a sentence (figures as sorted (start, end)).

    A mention between two figures belongs to the one in its own clause (clauses end at
    commas, semicolons, colons and dashes), else to the nearer; before the first figure, to
    the first; after the last, to the last. A place or a count of reporting bodies that the
    figure's own words do not replace scopes the whole sentence.
    """
    # a figure inside a name ("four" of "the big four") owns nothing: the name is another figure's
    names = [m for m in found if m.dimension in (PLACE, PLATFORM, ORGANISATION)]
    inside = {j for j, (a, b) in enumerate(figures) if any(m.start <= a and b <= m.end for m in names)}
    kept = [j for j in range(len(figures)) if j not in inside or j == index]
    if index in inside:
        return []
    own = [m for m in found if kept[_owner(m, [figures[j] for j in kept], breaks)] == index]
    # a population counts in the figure's own clause only: "of child victims", not ", mostly minors"
    clause_start, clause_end = _clause(breaks, figures[index])
    own = [m for m in own if m.dimension != POPULATION or (clause_start <= m.start and m.end <= clause_end)]
    named = {m.dimension for m in own}
    for m in found:
        if m.dimension in (PLACE, UNITS) and m.dimension not in named and m not in own:
            own.append(m)
    if PLATFORM not in named:  # "Snapchat was used most: a third (33%) of offences"
        own += [attrs.evolve(m, inherited=True) for m in found if m.dimension == PLATFORM]
    if PERIOD not in named:
        # "In 2024, there were 29,000 cases, and of those, 27,000 …": a figure that names no period
        # of its own is in the last one named before it
        before = [m for m in found if m.dimension == PERIOD and m.end <= figures[index][0] and m.value.shape == "point"]
        own += before[-1:]
    if opening is not None and not any(m.dimension == PLACE for m in own):
        own += opening()  # "… in Northern Ireland": a place the document opens with scopes what follows
    return own


def _clause(breaks: list[int], figure: tuple[int, int]) -> tuple[int, int]:
    k = bisect.bisect_left(breaks, figure[0])
    start = breaks[k - 1] if k else 0
    k = bisect.bisect_left(breaks, figure[1])
    return start, breaks[k] if k < len(breaks) else 1 << 30


def _owner(m: Mention, figures: list[tuple[int, int]], breaks: list[int]) -> int:
    starts = [a for a, _ in figures]
    i = bisect.bisect_right(starts, m.start) - 1  # the figure starting at or before the mention
    if i < 0:
        return 0
    if m.start < figures[i][1] or i == len(figures) - 1:
        return i
    a_end, b_start = figures[i][1], figures[i + 1][0]
    left = _break_between(breaks, a_end, m.start)
    right = _break_between(breaks, m.end, b_start)
    if left != right:
        return i + 1 if left else i
    return i if m.start - a_end <= b_start - m.end else i + 1


def _break_between(breaks: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_left(breaks, a)
    return k < len(breaks) and breaks[k] < b


# -- facts ------------------------------------------------------------------------------

class FactAbout:
    """What a fact is about, in the terms a sentence is read in; None where it does not say.

    Places, platforms, period and the count of reporting bodies are read at once; what needs
    all of a fact's words (its populations, the organisations it names, the places and periods
    its quote and statement name) on first use: most facts are never a candidate.
    """

    __slots__ = ("fact", "publishers", "places", "platforms", "period", "units", "_population", "_quoted", "_orgs")

    def __init__(self, fact, publishers: tuple[str, ...], places, platforms, period, units) -> None:
        self.fact, self.publishers = fact, publishers
        self.places, self.platforms, self.period, self.units = places, platforms, period, units
        self._population = self._quoted = self._orgs = None

    @property
    def population(self) -> frozenset[str]:
        """Populations its words speak of: a fact is not narrowed by what it leaves unsaid."""
        if self._population is None:
            fact = self.fact
            if fact.population:
                self._population = frozenset(canonical_population(p) for p in fact.population)
            else:
                words = " ".join([fact.measure.replace("-", " "), fact.scope, fact.statement, fact.quote,
                                  *fact.keywords, *fact.tags] + [f"{f.name} {f.unit}" for f in fact.figures])
                self._population = frozenset(
                    POPULATIONS[m.group("word").casefold()] if m.group("word") else f"under {m.group('under')}"
                    for m in POPULATION_PATTERN.finditer(words))
        return self._population

    @property
    def quoted(self) -> frozenset[tuple[str, object]]:
        """(dimension, value) of the places and periods its quote and statement name."""
        if self._quoted is None:
            self._quoted = frozenset((m.dimension, m.value) for m in mentions(f"{self.fact.quote}\n\n{self.fact.statement}")
                                     if m.dimension in (PLACE, PERIOD))
        return self._quoted

    @property
    def organisations(self) -> frozenset[str]:
        """Every body its source, the sources it cites and its own words name."""
        if self._orgs is None:
            fact = self.fact
            words = " ".join([fact.statement, fact.quote, fact.scope, fact.measure.replace("-", " "), fact.note,
                              *fact.keywords, *fact.tags, *self.publishers])
            self._orgs = frozenset(ORGANISATIONS[m.group(0)] for m in ORGANISATION_PATTERN.finditer(words)) | \
                frozenset(ORGANISATIONS[m.group(0)] for m in ORGANISATION_PATTERN.finditer(_capitalised(words)))
        return self._orgs


def _platforms(slug: str) -> frozenset[str]:
    """The platforms a measure's slug names ("…-facebook-owned-apps-share": Meta's apps)."""
    words = slug.replace("-", " ")
    return frozenset(PLATFORMS_FOLDED[m.group(0).casefold()] for m in PLATFORM_SLUG_PATTERN.finditer(words))


def fact_about(fact, publishers: Iterable[str] = ()) -> FactAbout:
    """Read a fact's measure, scope and period (and its optional structured fields);
    `publishers` are those of its source and the sources it cites."""
    places = frozenset(canonical_place(p) for p in fact.places) if fact.places else \
        frozenset(m.value for m in place_mentions(fact.scope)) or None
    if fact.platforms:
        platforms = frozenset(canonical_platform(p) for p in fact.platforms)
    else:
        platforms = _platforms(fact.measure)
    units = next(((_bodies(m.group("what")), _count(m.group("n"))) for m in UNITS_PATTERN.finditer(fact.scope)), None)
    if units is None:  # a fact that counts the bodies reporting ("42 police forces") is scoped by its count
        units = next(((_bodies(f"{f.unit} {f.name} {f.text}"), int(f.value)) for f in fact.figures
                      if f.kind == "count" and _BODIES.search(f"{f.unit} {f.name} {f.text}")
                      and not isinstance(f.value, tuple)), None)
    return FactAbout(fact, tuple(publishers), places, platforms, read_period(fact.period), units)


def _capitalised(text: str) -> str:
    """Slugs and tags ("ncmec", "polaris") in the case the organisation names are written in."""
    return " ".join(ORGANISATION_CASE.get(w.casefold(), w) for w in text.split())


ORGANISATION_CASE = {alias.casefold(): alias for alias in ORGANISATIONS if " " not in alias}


_BODIES = re.compile(r"\b(?:police forces|forces|countries|states)\b", re.IGNORECASE)


# -- comparing --------------------------------------------------------------------------

@attrs.frozen
class Difference:
    """What a sentence names that a fact is not about."""

    dimension: str
    fact_says: str
    sentence_says: str


def _may_scope(opening: str, place: str) -> bool:
    """Whether a fact about `place` may be what a document that opens on another place restates:
    a figure for a place within it (a UK page quoting England and Wales) or for the world; not
    one for another place ("Northern Ireland" against "England and Wales", "Scotland" against "UK")."""
    return contains(opening, place) or place == WORLD


def difference(own: Iterable[Mention], about: FactAbout, fact, *, change: bool = False,
               echo: bool = False) -> Difference | None:
    """The first thing the figure's mentions name that the fact is not about, or None.

    `change` says the figure is a change (which may name either end of the fact's period);
    `echo` that the sentence repeats the fact's quote: then a place or period the quote names
    does not differ (a quote saying "since 2021" is about its fact, whatever its period says),
    and another count of police forces is a changed figure, not another set of forces.
    """
    # a disputed, retracted or superseded fact is found by the words it got wrong: the places and
    # periods of its quote are its own, repeated or not ("rose by 70% since 2021")
    echo = echo or fact.status in INACTIVE
    by: dict[str, list[Mention]] = {}
    for m in own:
        if not (echo and (m.dimension, m.value) in about.quoted):
            # a platform named elsewhere in the sentence only says which platform it is about
            key = PLATFORM + "~" if m.dimension == PLATFORM and m.inherited else m.dimension
            by.setdefault(key, []).append(m)
    if PERIOD in by and about.period is not None:
        fits = [period_fits(m.value, about.period, change) for m in by[PERIOD]]
        # "in 2020 … as every year since 2013": a start that another period of the figure
        # places is context, not the figure's period
        placed = any(ok for ok, m in zip(fits, by[PERIOD]) if m.value.shape in ("point", "range"))
        for ok, m in zip(fits, by[PERIOD]):
            if not ok and not (placed and m.value.shape in ("since", "base")):
                return Difference(PERIOD, fact.period, m.text)
    if PLACE in by and about.places is not None:
        # a place named in the sentence must be the fact's; one inherited from the document's
        # opening ("… in the UK") may also contain it
        if not any(m.value in about.places or (m.inherited and any(_may_scope(m.value, p) for p in about.places))
                   for m in by[PLACE]):
            return Difference(PLACE, fact.scope, by[PLACE][0].text)
    sentence_platforms = {m.value for m in by.pop(PLATFORM + "~", [])}
    if PLATFORM in by:
        said = {m.value for m in by[PLATFORM]}
        allowed = set(about.platforms)
        for group in about.platforms:
            allowed |= PLATFORM_GROUPS.get(group, frozenset())
        if not about.platforms or not about.platforms <= said or not said <= allowed:
            fact_says = ", ".join(sorted(about.platforms)) or "no one platform"
            return Difference(PLATFORM, fact_says, ", ".join(m.text for m in by[PLATFORM]))
    if POPULATION in by:
        odd = [m for m in by[POPULATION] if m.value not in about.population]
        if odd:
            return Difference(POPULATION, ", ".join(sorted(about.population)) or "no narrower population", odd[0].text)
    if about.platforms and PLATFORM not in by and not about.platforms & sentence_platforms:
        return Difference(PLATFORM, ", ".join(sorted(about.platforms)), "no platform")
    if ORGANISATION in by and about.organisations and not any(m.value in about.organisations for m in by[ORGANISATION]):
        return Difference(ORGANISATION, ", ".join(sorted(about.organisations)), by[ORGANISATION][0].text)
    if UNITS in by and about.units is not None and not echo:
        for m in by[UNITS]:
            if m.value[0] == about.units[0] and m.value[1] != about.units[1]:
                return Difference(UNITS, fact.scope, m.text)
    return None
