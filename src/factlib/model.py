"""The records of the library: sources, facts, figures, partial dates.

Records are frozen attrs classes without I/O. They are built from TOML by the
one converter in :mod:`factlib.library.convert`; nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Union

import attrs


class Status(str, enum.Enum):
    DRAFT = "draft"
    VETTED = "vetted"
    DISPUTED = "disputed"
    RETRACTED = "retracted"
    SUPERSEDED = "superseded"

    @property
    def active(self) -> bool:
        """Whether a fact of this status may be used: draft and vetted facts are; disputed, retracted
        and superseded ones are not (they need a note, agree with nobody, bind only explicitly)."""
        return self in (Status.DRAFT, Status.VETTED)


class SourceKind(str, enum.Enum):
    REPORT = "report"
    PRESS_RELEASE = "press-release"
    ARTICLE = "article"
    BLOG = "blog"
    DATASET = "dataset"
    STATUTE = "statute"
    RESEARCH_BRIEF = "research-brief"
    OTHER = "other"


class Kind(str, enum.Enum):
    """What a figure is: see the table of figure kinds in docs/fact-format.md."""

    SHARE = "share"
    CHANGE = "change"
    COUNT = "count"
    MONEY = "money"
    RANGE = "range"
    YEAR = "year"


class Qualifier(str, enum.Enum):
    """How a figure hedges its value ("about 70%", "over a quarter")."""

    EXACT = "exact"
    APPROX = "approx"
    OVER = "over"
    UNDER = "under"
    ALMOST = "almost"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


# A figure's value: a number, or (low, high) for a range.
Value = Union[float, tuple[float, float]]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@attrs.frozen(order=False)
class PartialDate:
    """A date known to the year, the month or the day: "2020", "2020-12", "2020-12-28"."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise ValueError for anything else or a day that does not exist."""
        m = _PARTIAL_DATE.match(text.strip())
        if not m:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f'"{text}" is not a real date: there is no month {month}')
        if month is not None and day is not None:  # the pattern gives a day only with a month
            try:
                dt.date(year, month, day)
            except ValueError as err:
                raise ValueError(f'"{text}" is not a real date: {err}') from None
        return cls(year, month, day)

    @classmethod
    def of(cls, date: dt.date) -> PartialDate:
        return cls(date.year, date.month, date.day)

    def earliest(self) -> dt.date:
        """The first day this date may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date may mean."""
        if self.month is not None and self.day is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out


@attrs.frozen
class Figure:
    """One figure in a fact's quote: its text as printed and what it says."""

    text: str
    kind: Kind
    value: Value
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = ""
    currency: str = ""
    name: str = ""


@attrs.frozen
class Fact:
    """A figure-bearing claim of one source, with the verbatim quote it rests on."""

    id: str
    statement: str
    quote: str
    measure: str
    scope: str
    period: str
    status: Status
    figures: tuple[Figure, ...] = ()
    superseded_by: str = ""
    corrected_by: str = ""  # a disputed fact's correction: the fact that holds the right figure
    reviewed_by: str = ""
    reviewed_on: dt.date | None = None
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    arithmetic: tuple[str, ...] = ()
    # what the figure is about, where `scope` and `measure` do not say it in words binding can
    # read (docs/fact-format.md, "Scope fields"): canonical place, platform and population names
    places: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    population: tuple[str, ...] = ()

    def measure_key(self) -> tuple[str, str, str]:
        """(measure, scope, period), folded: facts with the same key speak of the same thing and must agree."""
        return _fold(self.measure), _fold(self.scope), _fold(self.period)

    def headline_figures(self) -> list[Figure]:
        """The figures its measure is about: the first of each kind, or every named one (years aside)."""
        chosen: list[Figure] = []
        kinds: set[Kind] = set()
        for figure in self.figures:
            if figure.kind == Kind.YEAR:
                continue
            if figure.name or figure.kind not in kinds:
                chosen.append(figure)
                kinds.add(figure.kind)
        return chosen


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@attrs.frozen
class Org:
    """An organisation named as an author (``{ org = "Human Trafficking Front" }`` in a fact file).

    Citations give its name whole: it has no family and given names to split.
    """

    org: str

    def __str__(self) -> str:
        return self.org


Author = Union[str, Org]  # a person's name, or an organisation


@attrs.frozen
class Source:
    """A published document and the facts taken from it; one fact file per source."""

    id: str
    title: str
    publisher: str
    url: str
    published: PartialDate
    accessed: dt.date
    kind: SourceKind
    authors: tuple[Author, ...] = ()  # people as "First Last", organisations as Org
    archive_url: str = ""
    cites: tuple[str, ...] = ()
    note: str = ""
    facts: tuple[Fact, ...] = ()
    path: str = attrs.field(default="", eq=False)  # the file it was read from, for messages


@attrs.frozen
class Library:
    """Every source of a library, with indexes by id built once."""

    sources: tuple[Source, ...]
    root: str = ""
    _facts: dict[str, tuple[Fact, Source]] = attrs.field(init=False, eq=False, repr=False)
    _sources: dict[str, Source] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # first occurrence wins; the validator reports duplicates
        facts: dict[str, tuple[Fact, Source]] = {}
        sources: dict[str, Source] = {}
        for source in self.sources:
            sources.setdefault(source.id, source)
            for fact in source.facts:
                facts.setdefault(fact.id, (fact, source))
        object.__setattr__(self, "_facts", facts)
        object.__setattr__(self, "_sources", sources)

    def facts(self) -> list[tuple[Fact, Source]]:
        """Every fact with its source, in file order."""
        return [(fact, source) for source in self.sources for fact in source.facts]

    def fact(self, fact_id: str) -> tuple[Fact, Source] | None:
        return self._facts.get(fact_id)

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)
