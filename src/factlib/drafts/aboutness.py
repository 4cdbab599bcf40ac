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
import functools
import re
from typing import Any, Callable, Iterable

import attrs

from factlib.drafts.periods import Period, Span, period_fits, period_mentions, read_period
from factlib.text.vocabulary import (
    ATTRIBUTION_AFTER, ATTRIBUTION_BEFORE, NOT_A_FORCE, NUMBER_WORDS, ORGANISATION_HINT, ORGANISATION_PATTERN,
    ORGANISATIONS, PLACE_HINT, PLACE_PATTERN, PLACES, PLATFORM_GROUPS, PLATFORM_HINT, PLATFORM_PATTERN,
    PLATFORM_SLUG_PATTERN, PLATFORMS, PLATFORMS_FOLDED, POPULATION_HINT, POPULATION_PATTERN, POPULATIONS, UNITS_HINTS,
    UNITS_PATTERN, WORLD, WORLD_HINTS, canonical_place, canonical_platform, canonical_population, contains)

PLACE, PLATFORM, POPULATION, PERIOD, UNITS, ORGANISATION = (
    "place", "platform", "population", "period", "units", "organisation")


# -- mentions -------------------------------------------------------------------------

@attrs.frozen
class Mention:
    dimension: str
    value: Any  # a canonical name, a Period, or (what, count) for reporting bodies
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
    if text.isascii() and not PLACE_HINT.search(text) and not any(h in text.lower() for h in WORLD_HINTS):
        return []  # no match without one of these words (vocabulary's hints; so below for an ASCII text)
    out = []
    for m in PLACE_PATTERN.finditer(text):
        value: str | None
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


OPENING = 400  # characters at most: a document's title and first paragraph


def opening_places(text: str, title: str = "") -> list[Mention]:
    """The places a document names in its opening, and the one year or financial year it names
    there (if it names exactly one), as inherited mentions. The opening is the title and the first
    paragraph: the first two lines, or an HTML page's `title` and the first line that does not
    repeat it (a page's heading often does)."""
    lines = [line for line in text[:OPENING].splitlines() if line.strip()]
    if title.strip():
        lines = [title] + [line for line in lines[:2] if " ".join(line.split()).casefold() != title.casefold()][:1]
    opening = "\n".join(lines[:2])  # the title and the first paragraph
    found = [attrs.evolve(m, inherited=True) for m in place_mentions(opening)]
    # a year or financial year: a full date ("Published on June 17, 2018") dates the page, not its figures
    points = {p for _, _, p, _ in period_mentions(opening) if p.shape == "point" and p.first.kind in ("year", "fy")}
    if len(points) == 1:
        (point,) = points
        found.append(Mention(PERIOD, point, 0, 0, f"{point.first.first // 12} (in the document's opening)", True))
    return found


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.casefold(), 0)


def _bodies(what: str) -> str:
    return "police forces" if "forces" in what.casefold() else what.casefold()


def mentions(text: str) -> list[Mention]:
    """Everything a text names about what its figures count, in order."""
    found = place_mentions(text)
    ascii, low = text.isascii(), text.lower()
    platforms = [Mention(PLATFORM, PLATFORMS[m.group(0)], m.start(), m.end(), m.group(0))
                 for m in (PLATFORM_PATTERN.finditer(text) if not ascii or PLATFORM_HINT.search(text) else ())]
    # "Facebook-owned Instagram" is Instagram, not Meta's apps
    found += [m for m, nxt in zip(platforms, platforms[1:] + [None])
              if not (m.text.endswith("owned") and nxt is not None and 0 < nxt.start - m.end <= 2)]
    for m in POPULATION_PATTERN.finditer(text) if not ascii or POPULATION_HINT.search(low) else ():
        value = POPULATIONS[m.group("word").casefold()] if m.group("word") else f"under {m.group('under')}"
        found.append(Mention(POPULATION, value, m.start(), m.end(), m.group(0)))
    found += [Mention(PERIOD, p, a, b, words) for a, b, p, words in period_mentions(text)]
    for m in ORGANISATION_PATTERN.finditer(text) if not ascii or ORGANISATION_HINT.search(text) else ():
        if not (ATTRIBUTION_BEFORE.search(text, max(0, m.start() - 20), m.start())
                or ATTRIBUTION_AFTER.match(text[m.end():m.end() + 40])):
            found.append(Mention(ORGANISATION, ORGANISATIONS[m.group(0)], m.start(), m.end(), m.group(0)))
    if (not ascii or any(h in low for h in UNITS_HINTS)) and _BODIES.search(text):
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
    kept_figures = [figures[j] for j in kept] if len(kept) < len(figures) else figures
    starts = [a for a, _ in kept_figures]
    own = [m for m in found if kept[_owner(m, kept_figures, starts, breaks)] == index]
    # a population counts in the figure's own clause only: "of child victims", not ", mostly minors"
    clause_start, clause_end = _clause(breaks, figures[index])
    own = [m for m in own if m.dimension != POPULATION or (clause_start <= m.start and m.end <= clause_end)]
    named = {m.dimension for m in own}
    for m in found:
        if m.dimension in (PLACE, UNITS, ORGANISATION) and m.dimension not in named and m not in own:
            own.append(m)
    if PLATFORM not in named:  # "Snapchat was used most: a third (33%) of offences"
        own += [attrs.evolve(m, inherited=True) for m in found if m.dimension == PLATFORM]
    if PERIOD not in named:
        # "In 2024, there were 29,000 cases, and of those, 27,000 …": a figure that names no period
        # of its own is in the last one named before it
        before = [m for m in found if m.dimension == PERIOD and m.end <= figures[index][0] and m.value.shape == "point"]
        own += before[-1:]
    if opening is not None:
        # "… in Northern Ireland", "… in 2024": what the document opens with scopes what follows
        # (a period only into a sentence that names none: one that does is about its own times)
        for dimension, named_here in ((PLACE, own), (PERIOD, found)):
            if not any(m.dimension == dimension for m in named_here):
                own += [m for m in opening() if m.dimension == dimension]
    return own


# "in the past year", "over the last 12 months": a length of time counted back from a date
_COUNTED_BACK = re.compile(r"\b(?:past\s+(?:one\s+)?year|(?:past|last|previous)\s+(?:12|twelve)\s+months)\b", re.IGNORECASE)


def anchor_relative(own: list[Mention], date_before: "Callable[[], tuple[Period, str] | None]") -> list[Mention]:
    """The mentions, with a year counted back from a date ("in the past year") read as the twelve
    months up to the last date the document named before the sentence ("as of January 2021, …
    346 million came online in the past year": the year to January 2021). With no date before
    it, it stays a length of time, which fits every year alike."""
    out = []
    for m in own:
        if m.dimension == PERIOD and m.value.shape == "duration" and _COUNTED_BACK.search(m.text):
            found = date_before()
            if found is not None:
                period, words = found
                end = period.final.last
                anchored = Period("point", Span(end - 11, end, "months"))
                m = attrs.evolve(m, value=anchored, text=f"the 12 months to {words}")
        out.append(m)
    return out


def _clause(breaks: list[int], figure: tuple[int, int]) -> tuple[int, int]:
    k = bisect.bisect_left(breaks, figure[0])
    start = breaks[k - 1] if k else 0
    k = bisect.bisect_left(breaks, figure[1])
    return start, breaks[k] if k < len(breaks) else 1 << 30


def _owner(m: Mention, figures: list[tuple[int, int]], starts: list[int], breaks: list[int]) -> int:
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
        self._population: frozenset[str] | None = None
        self._quoted: frozenset[tuple[str, Any]] | None = None
        self._orgs: frozenset[str] | None = None

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
    def quoted(self) -> frozenset[tuple[str, Any]]:
        """(dimension, value) of the places and periods its quote and statement name."""
        if self._quoted is None:
            said = mentions(f"{self.fact.quote}\n\n{self.fact.statement}")
            self._quoted = frozenset((m.dimension, m.value) for m in said if m.dimension in (PLACE, PERIOD))
        return self._quoted

    @property
    def organisations(self) -> frozenset[str]:
        """Every body its source's publisher and title and its own words name."""
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


@functools.lru_cache(maxsize=4096)
def _scope_places(scope: str) -> frozenset[str] | None:
    """The places a scope names (libraries repeat their scopes: read each once)."""
    return frozenset(m.value for m in place_mentions(scope)) or None


def fact_about(fact, publishers: Iterable[str] = ()) -> FactAbout:
    """Read a fact's measure, scope and period (and its optional structured fields);
    `publishers` are its source's publisher and title."""
    places = frozenset(canonical_place(p) for p in fact.places) if fact.places else \
        _scope_places(fact.scope)
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
    inherited: bool = False  # named in the document's opening, not in the sentence: a reader's guess


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
    echo = echo or not fact.status.active
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
                return Difference(PERIOD, fact.period, m.text, m.inherited)
    if PLACE in by and about.places is not None:
        # a place named in the sentence must be the fact's; one inherited from the document's
        # opening ("… in the UK") may also contain it
        if not any(m.value in about.places or (m.inherited and any(_may_scope(m.value, p) for p in about.places))
                   for m in by[PLACE]):
            return Difference(PLACE, fact.scope, by[PLACE][0].text, all(m.inherited for m in by[PLACE]))
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


def tie(own: Iterable[Mention], about: FactAbout, *, change: bool = False) -> Mention | None:
    """What the sentence itself names that the fact is about too, or None: a period that fits the
    fact's, one of its places, platforms or populations, the body that reports it, or its count of
    reporting bodies. Mentions inherited from the document's opening do not count: a guess about
    what a page is about ties nothing. A contradiction needs such a tie (docs/checking.md)."""
    for m in own:
        if m.inherited:
            continue
        if m.dimension == PERIOD:
            if m.value.shape == "duration" and not change:
                continue  # "in the past year" fits every year alike; "in three years" ties a three-year change
            if about.period is not None and period_fits(m.value, about.period, change):
                return m
        elif m.dimension == PLACE:
            # a place the measure's own name gives ("global-social-media-users") names the measure,
            # not one of its scopes: every figure of it is "global"
            if about.places is not None and m.value in about.places and m.value not in _named_places(about.fact.measure):
                return m
        elif m.dimension == PLATFORM:
            allowed = set(about.platforms)
            for group in about.platforms:
                allowed |= PLATFORM_GROUPS.get(group, frozenset())
            if m.value in allowed:
                return m
        elif m.dimension == POPULATION:
            if m.value in about.population:
                return m
        elif m.dimension == ORGANISATION:
            if m.value in about.organisations:
                return m
        elif m.dimension == UNITS:
            if about.units is not None and m.value == about.units:
                return m
    return None


@functools.lru_cache(maxsize=4096)
def _named_places(measure: str) -> frozenset[str]:
    """The places a measure's slug names ("us-sex-trafficking-…" the United States, "global-…" the world)."""
    words = measure.split("-")
    return frozenset(PLACES[w] if w in PLACES else PLACES[w.upper()] for w in words if w in PLACES or w.upper() in PLACES)


def untied(own: Iterable[Mention], about: FactAbout, *, change: bool = False,
           document: Any = None,
           echo: bool = False) -> Difference | None:
    """Why a figure bound by its words alone may not contradict the fact: nothing ties them (the
    fact's own words around the figure, `echo`, tie it), or its sentence names no time and every
    year or span its document names (`document`) lies outside the fact's period ("Snapchat in 14%"
    on a page about April 2017 to September 2018, against 2020/21); or None."""
    own = list(own)
    if not echo and tie(own, about, change=change) is None:
        return Difference("tie", about.fact.period or about.fact.scope,
                          "nothing that ties it to this fact (no period, place, platform, population or body of its own)")
    if about.period is None or document is None or any(
            m.dimension == PERIOD and not m.inherited and m.value.shape != "duration" for m in own):
        return None
    shown = document.outside(about)
    if shown:
        return Difference(PERIOD, about.fact.period, f"no time of its own, on a page whose times are all outside it ({shown})")
    return None


def times_outside(periods: list[tuple[int, int, Period, str]], about: FactAbout) -> str:
    """The first few times a page names (`periods`, as period_mentions gives them), shown, when
    every one lies outside the fact's period; else "". Its years and spans count; when it names
    none, the starts of its changes ("doubled since 2018": up to the time of writing). A time the
    fact's own quote names is the fact's, however it reads ("since 2021" in a seed's claim)."""
    if about.period is None:
        return ""
    named = [p for p in periods if (PERIOD, p[2]) not in about.quoted]
    placed = [p for p in named if p[2].shape in ("point", "range")]
    if placed:
        named = placed
    if not named or any(_overlap(p, about.period) for _, _, p, _ in named):
        return ""
    return ", ".join(dict.fromkeys(words for _, _, _, words in named[:4]))


def time_after(periods: list[tuple[int, int, Period, str]], about: FactAbout) -> str:
    """The last year or span a page names that starts after the fact's period ends, or ""."""
    period = about.period
    if period is None:
        return ""
    end = period.final.last
    later = [words for _, _, p, words in periods if p.shape in ("point", "range") and p.final.first > end]
    return later[-1] if later else ""


def _overlap(a: Period, b: Period) -> bool:
    """Whether two periods share a month (a range from its first span's start to its last's end;
    "since 2018" from 2018 on)."""
    a_end = a.final.last if a.shape in ("point", "range") else 1 << 30
    return a.first.first <= b.final.last and b.first.first <= a_end
