"""Proposals for a new fact: ids (slugs), keywords, and the measures the library already has.

Ids follow the shipped library's habit: who says it, what it is about, the
figure — ``nspcc-online-grooming-crimes-rise-70pc``; a source id adds the year
— ``nspcc-2021-record-high-grooming-crimes``. Both are made unique against
the library by a numeric suffix.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from factlib.model import Figure, Fact, Kind, Library

_STOP = frozenset("""a about above after again against all almost also am an and any are around as at be because been
before being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its just may me more most my no nor not now of off on once only
or other our out over own per percent same she should so some such than that the their them then there these they this
those through to too under until up very was we were what when where which while who whom why will with would you your
cent said says according new one two three four five six seven eight nine ten year years since last""".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9 &.-]{1,15})\)")
MAX_SLUG = 60


def slug(text: str, *, words: int = 6) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens, at most `words` words and MAX_SLUG characters."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", ascii_.replace("'", "")) if p][:words]
    out = "-".join(parts)
    while len(out) > MAX_SLUG and "-" in out:
        out = out.rsplit("-", 1)[0]
    return out[:MAX_SLUG].strip("-")


def content_words(text: str) -> list[str]:
    """The words of a text that say what it is about: no stop words, no numbers, in order, once each."""
    seen: dict[str, None] = {}
    for w in _WORD.findall(text.lower()):
        w = w.replace("’", "'")
        if len(w) > 2 and w not in _STOP and "'" not in w:
            seen.setdefault(w, None)
    return list(seen)


def publisher_slug(publisher: str) -> str:
    """A short slug for a publisher: its acronym in brackets ("Children & Young People Now (CYP Now)" -> "cypnow"),
    an acronym itself ("NSPCC"), or its first three words."""
    m = _ACRONYM.search(publisher)
    if m:
        return slug(m.group(1).replace(" ", ""), words=1)
    return slug(publisher, words=3) or "source"


def figure_token(figure: Figure) -> str:
    """The figure as an id ends: 70pc, 1-in-7, 750000, 3-8-billion."""
    value = figure.value[0] if isinstance(figure.value, tuple) else figure.value
    if figure.kind in (Kind.SHARE, Kind.CHANGE):
        return f"{abs(value):g}".replace(".", "-") + ("pts" if figure.unit == "points" else "pc")
    if figure.kind in (Kind.COUNT, Kind.MONEY):
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if value >= size:
                return f"{value / size:g}".replace(".", "-") + f"-{word}"
        return f"{value:g}".replace(".", "-")
    return ""


def unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"


def source_id(publisher: str, year: int | None, title: str, library: Library | None) -> str:
    """A new source's id: publisher, year, the title's content words."""
    parts = [publisher_slug(publisher)] + ([str(year)] if year else [])
    title_words = [w for w in content_words(title) if w not in parts[0].split("-")]
    candidate = slug(" ".join(parts + title_words), words=2 + 5)
    taken = {s.id for s in library.sources} if library else set()
    return unique(candidate, taken)


def fact_id(publisher: str, text: str, figures: tuple[Figure, ...], library: Library | None) -> str:
    """A new fact's id: publisher, what the quote is about (four words), the first figure."""
    words = [w for w in content_words(text) if w not in publisher_slug(publisher).split("-")][:4]
    token = next((figure_token(f) for f in figures if figure_token(f)), "")
    candidate = slug(" ".join([publisher_slug(publisher), *words, token]), words=12)
    taken = {f.id for f, _ in library.facts()} if library else set()
    return unique(candidate, taken)


def keywords(quote: str, title: str = "", *, limit: int = 6) -> tuple[str, ...]:
    """Search words for a fact: the quote's content words, then the title's, at most `limit`."""
    words = content_words(quote) + [w for w in content_words(title) if w not in content_words(quote)]
    return tuple(words[:limit])


def measures(library: Library | None, text: str = "", *, limit: int | None = None) -> list[tuple[str, int]]:
    """The library's measures with their number of facts: those whose facts share most words with `text`
    first (the measure's name, the facts' statements and keywords), then the most used."""
    if library is None:
        return []
    counts: Counter = Counter()
    words: dict[str, set[str]] = {}
    for fact, _ in library.facts():
        if fact.measure:
            counts[fact.measure] += 1
            words.setdefault(fact.measure, set()).update(
                content_words(" ".join([fact.measure.replace("-", " "), fact.statement, *fact.keywords])))
    wanted = set(content_words(text))
    ranked = sorted(counts.items(), key=lambda kv: (-len(wanted & words[kv[0]]), -kv[1], kv[0]))
    return ranked[:limit] if limit else ranked


def usual_scope_period(library: Library | None, measure: str) -> tuple[str, str]:
    """The scope and period most facts of `measure` give, as proposals ("" when the measure is new)."""
    facts: list[Fact] = [f for f, _ in library.facts() if f.measure == measure] if library else []
    if not facts:
        return "", ""
    scope = Counter(f.scope for f in facts).most_common(1)[0][0]
    period = Counter(f.period for f in facts).most_common(1)[0][0]
    return scope, period
