"""A draft's sentence as binding reads it: its words as search terms, the weight each word has
for one figure, what a count counts, and what the sentence names about each figure.

Words are folded as search folds them ("offences" and "crimes" are one term); a sentence is
tokenised once for all its figures, and what it names (aboutness.py) is read on first use.
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import compress
from typing import Iterable, cast

import attrs

from factlib.drafts.aboutness import (
    Mention, anchor_relative, mentions, opening_places, place_mentions, own_mentions, ownership_breaks, time_after, times_outside)
from factlib.drafts.periods import Period, period_mentions
from factlib.text.fold import fold_word
from factlib.text.vocabulary import ORGANISATIONS

NEAR = 6            # words either side of a figure that count double
ANCHOR = 4          # words either side that re-anchor a figure in a quote

_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def _term(word: str) -> str:
    """A lowercase word as a matching term: folded as search folds it, "" when it says nothing."""
    term = fold_word(word)
    return term if len(term) > 1 and not term[0].isdigit() else ""


_TERMS: dict[str, str] = {}


def _learn(word: str) -> str:
    """A word's term, kept for the next time (up to a bound)."""
    term = _term(word)
    if len(_TERMS) < 200_000:
        _TERMS[word] = term
    return term


def _terms_of(words: list[str]) -> list[str]:
    """The term of each word, "" for a word that says nothing (known words looked up by map, in C)."""
    known = list(map(_TERMS.get, words))
    if None in known:
        return [_learn(w) if t is None else t for t, w in zip(known, words)]
    return cast("list[str]", known)


# every byte but a lowercase ASCII letter or digit, as a space
_NOT_WORD = bytes(c if chr(c).isascii() and (chr(c).islower() or chr(c).isdigit()) else 32 for c in range(256))


def _words(lower: str) -> list[str]:
    """The runs of [a-z0-9] in a lowercased text, as _WORD.findall gives them; for ASCII text by
    byte translation, three times faster than the regular expression."""
    if lower.isascii():
        return lower.encode("ascii").translate(_NOT_WORD).decode("ascii").split()
    return _WORD.findall(lower)


def match_terms(text: str) -> list[str]:
    """The informative search terms of a text (numbers and stop words left out)."""
    return list(filter(None, _terms_of(_words(text.casefold()))))


_NOT_WORD_OR_NUL = bytes([0]) + _NOT_WORD[1:]


def _fields_terms(fields: tuple[str, ...]) -> list[list[str]]:
    """match_terms of each field, ASCII fields lowercased and split in one pass (indexing a
    large library is mostly this)."""
    joined = "\x00".join(fields).casefold()
    if joined.isascii() and joined.count("\x00") == len(fields) - 1:
        parts = joined.encode("ascii").translate(_NOT_WORD_OR_NUL).decode("ascii").split("\x00")
        return [list(filter(None, _terms_of(part.split()))) for part in parts]
    return [match_terms(field) for field in fields]


def _context(text: str, start: int, end: int) -> tuple[list[str], list[str], list[str]]:
    """The few words before a figure, from its start on, and after its end, lowercased.

    From the start: a fact may declare "Most of these children" where the draft's figure is
    "Most". After the end: a changed figure ("Four in five" for "About 70%") keeps its neighbours.
    """
    before = [w.casefold() for w in _TOKEN.findall(text[:start])[-ANCHOR:]]
    from_start = [w.casefold() for w in _TOKEN.findall(text[start:])[:ANCHOR]]
    after = [w.casefold() for w in _TOKEN.findall(text[end:])[:ANCHOR]]
    return before, from_start, after


_TOKEN = re.compile(r"[A-Za-z0-9]+")
_START, _END = re.Match.start, re.Match.end
_CLAUSE = re.compile(r"[,;:—–]|\s-\s")
_PUNCTUATION = re.compile(r"[,;:—–]")


class Sentence:
    """A sentence tokenised once for all the figures in it: terms with their offsets, and clause breaks."""

    __slots__ = ("text", "terms", "starts", "ends", "informative", "inf_starts", "inf_ends", "breaks", "_mentions",
                 "_owner_breaks")

    def __init__(self, text: str) -> None:
        self.text = text
        self._mentions: list[Mention] | None = None
        self._owner_breaks: list[int] | None = None
        if text.isascii():  # lowercasing keeps every offset: the whole sentence at once
            lower = text.lower()
            matches = list(_TOKEN.finditer(lower))
            terms = _terms_of(_words(lower))
        else:  # casefolding may change lengths ("ß" is "ss"): word by word
            matches = list(_TOKEN.finditer(text))
            terms = _terms_of([m.group().casefold() for m in matches])
        self.terms = terms  # one per word, "" for a word that says nothing
        self.starts = starts = list(map(_START, matches))
        self.ends = ends = list(map(_END, matches))
        # the informative words (their terms, starts and ends), in order
        self.informative = list(compress(terms, terms))
        self.inf_starts = list(compress(starts, terms))
        self.inf_ends = list(compress(ends, terms))
        # (without a hyphen only the punctuation can break: a pattern the engine skips to)
        self.breaks = list(map(_START, (_CLAUSE if "-" in text else _PUNCTUATION).finditer(text)))

    def weighted_words(self, start: int, end: int, segment: tuple[int, int] | None = None) -> dict[str, float]:
        """Informative terms, weighted by how surely they speak of the figure at [start, end).

        Words of the figure's own clause (within NEAR words) weigh 2, the word naming what it
        counts ("Fifty-one participants") 3, other words of its segment 1, and words that belong
        to another figure of the sentence (beyond its segment) 0.25.
        """
        seg_start, seg_end = segment or (0, len(self.text))
        breaks = self.breaks
        if segment is not None and segment != (0, len(self.text)):
            # another figure shares the sentence: its clause's words are not this figure's own
            # (the last break in [seg_start, start), the first in [end, seg_end); breaks are sorted)
            k = bisect.bisect_left(breaks, start) - 1
            if k >= 0 and breaks[k] >= seg_start:
                seg_start = breaks[k]
            k = bisect.bisect_left(breaks, end)
            if k < len(breaks) and breaks[k] < seg_end:
                seg_end = breaks[k]
        i = bisect.bisect_left(breaks, start)
        clause_start = max(breaks[i - 1] if i else 0, seg_start)
        j = bisect.bisect_left(breaks, end)
        clause_end = min(breaks[j] if j < len(breaks) else len(self.text), seg_end)
        # words are in order and do not overlap: the clause's words before and after the
        # figure are runs of them, found by bisection
        terms, starts, ends = self.terms, self.starts, self.ends
        before = terms[bisect.bisect_left(starts, clause_start):bisect.bisect_right(ends, start)]
        after = terms[bisect.bisect_left(starts, end):bisect.bisect_right(ends, clause_end)]
        # a term weighs the most any of its words outside the figure weighs; those words, and the
        # segment's, are runs of the informative words too
        informative, inf_starts, inf_ends = self.informative, self.inf_starts, self.inf_ends
        i0, i1 = bisect.bisect_left(inf_starts, start), bisect.bisect_right(inf_ends, end)  # within the figure
        j0, j1 = bisect.bisect_left(inf_starts, seg_start), bisect.bisect_right(inf_ends, seg_end)  # within the segment
        if i1 > i0:
            out = dict.fromkeys(informative[:i0] + informative[i1:], 0.25)  # in the order of first use
            segment_terms = informative[j0:min(j1, i0)] + informative[max(j0, i1):j1]
        else:
            out = dict.fromkeys(informative, 0.25)
            segment_terms = informative[j0:j1]
        out.update(dict.fromkeys(segment_terms, 1.0))
        for term in (*before[-NEAR:], *after[:NEAR]):
            if term in out:
                out[term] = 2.0
        counted = next((t for t in after[:3] if t), "")
        if counted in out:
            out[counted] = 3.0
        return out

    @property
    def mentions(self) -> list[Mention]:
        """The places, platforms, populations and periods the sentence names (read on first use)."""
        if self._mentions is None:
            self._mentions = mentions(self.text)
        return self._mentions

    @property
    def owner_breaks(self) -> list[int]:
        """Where a mention between two figures stops belonging to the first (aboutness.ownership_breaks)."""
        if self._owner_breaks is None:
            self._owner_breaks = ownership_breaks(self.text, self.breaks)
        return self._owner_breaks

    def context(self, start: int, end: int) -> tuple[list[str], list[str], list[str]]:
        """The words around a figure, as _context gives them."""
        # (the words are in order and do not overlap: each side is a run of them)
        text, starts, ends = self.text, self.starts, self.ends
        k = bisect.bisect_right(ends, start)
        i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        before = [text[a:b].casefold() for a, b in zip(starts[max(0, k - ANCHOR):k], ends[max(0, k - ANCHOR):k])]
        from_start = [text[a:b].casefold() for a, b in zip(starts[i:i + ANCHOR], ends[i:i + ANCHOR])]
        after = [text[a:b].casefold() for a, b in zip(starts[j:j + ANCHOR], ends[j:j + ANCHOR])]
        return before, from_start, after


# words before a count's noun that say how, not what, it counts ("165 new cases", "6,350 recorded
# instances of offenses"); a partitive noun passes on to what follows "of"
_MODIFIERS = frozenset(map(_term, "new total recorded reported likely active additional known identified estimated "
                                 "further separate other more fewer".split()))
_PARTITIVES = frozenset(map(_term, "instances cases incidents reports counts number numbers total".split()))
# spellings and synonyms search folding keeps apart
COUNTED = {_term("offenses"): _term("offences"), _term("offense"): _term("offences"), _term("persons"): _term("people"),
            _term("individuals"): _term("people")}


_AFTER_NOUN = frozenset("worldwide globally nationally online overall annually today now alone ages".split())
_RATE = re.compile(r"(?<![a-z])(?:a|per|every|each)[\s-]+(?:single[\s-]+)?(day|week|month|second|minute|hour)\b",
                   re.IGNORECASE)


def _counts_other(counted: frozenset[str], fact_counts: frozenset[str]) -> bool:
    """Whether a draft count counts something else than the fact's counts: another noun, or
    another rate ("1.3 million new users every day" is not the year's new users)."""
    rate = {w for w in counted if w.startswith("per ")}
    fact_rate = {w for w in fact_counts if w.startswith("per ")}
    if rate != fact_rate:
        return True
    nouns = counted - rate
    return bool(nouns) and not nouns & fact_counts


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def noun_after(sentence: Sentence, end: int) -> frozenset[str]:
    """What a count counts: the noun right after it, the last of the informative words that follow
    before a word that says nothing, a clause break or a participle ("165 new cases and …": cases;
    "1,360 persons referred": persons; "3,217 the previous year": nothing), and its rate ("almost
    120 offences a week": offences, per week)."""
    k = bisect.bisect_left(sentence.starts, end)
    text = sentence.text
    run: list[str] = []
    last = ""
    while k < len(sentence.terms) and len(run) < 4:
        term, start = sentence.terms[k], sentence.starts[k]
        if text[end:start].strip(" -"):
            break
        word = text[start:sentence.ends[k]].casefold()
        if not term:
            if word == "of" and last in _PARTITIVES and k + 1 < len(sentence.terms):
                end, k, run = sentence.ends[k], k + 1, []  # "instances of offences": offences
                continue
            break
        if run and (word.endswith("ed") or word in _AFTER_NOUN):
            break  # "offences recorded", "persons referred", "users worldwide": the noun came before
        last = term
        if term not in _MODIFIERS:
            run.append(COUNTED.get(term, term))
            if _plural(word) and not (term in _PARTITIVES and text.startswith(" of ", sentence.ends[k])):
                break  # "51 practitioners found …", "41 UK police forces": the first plural is the noun
        end, k = sentence.ends[k], k + 1
    out = set(run[-1:])
    k = bisect.bisect_left(sentence.breaks, end)
    clause_end = sentence.breaks[k] if k < len(sentence.breaks) else len(text)
    rate = _RATE.search(text, end, clause_end)  # "1.3 million new users joined every day"
    if out and rate:
        out.add("per " + rate.group(1).casefold())
    return frozenset(out)


class OwnMentions:
    """What a sentence names about one of its figures, read on first use (most figures bind to
    nothing and never need it)."""

    __slots__ = ("sentence", "spans", "index", "opening", "at", "_own")

    def __init__(self, sentence: Sentence, spans: list[tuple[int, int]], index: int, opening, at: int = 0) -> None:
        self.sentence, self.spans, self.index, self.opening, self.at = sentence, spans, index, opening, at
        self._own: list[Mention] | None = None

    def __call__(self) -> list[Mention]:
        if self._own is None:
            own = own_mentions(self.sentence.mentions, self.spans, self.index, self.sentence.owner_breaks,
                               self.opening)
            if self.opening is not None and any(m.dimension == "period" for m in own):
                own = anchor_relative(own, lambda: self.opening.date_before(self.at))
            if self.opening is not None and not any(m.dimension == "period" for m in self.sentence.mentions):
                # "In 2017, 3,600 were likely victims. Of those, 88 percent …": the sentence before
                # dates one that names no time, before the document's opening does
                before = self.opening.year_before(self.at)
                if before is not None:
                    own = [m for m in own if m.dimension != "period"] + [before]
            if self.opening is not None and not any(m.dimension == "place" for m in self.sentence.mentions):
                # "Police in Kent recorded 300 offences. Snapchat was used in 40% of them.": so with places
                places = self.opening.places_before(self.at)
                if places:
                    own = [m for m in own if m.dimension != "place"] + places
            self._own = own
        return self._own


class Opening:
    """What a document names that scopes its sentences, read on first use: the places (and a year)
    of its opening, every period it names, and the last date named before a sentence."""

    __slots__ = ("text", "title", "_places", "_periods", "_outside", "_after", "_before_at", "_before")

    def __init__(self, text: str, title: str = "") -> None:
        self.text, self.title = text, title  # an HTML page's <title> opens it, before its text
        self._places: list[Mention] | None = None
        self._periods: list[tuple[int, int, Period, str]] | None = None
        self._outside: dict[int, str] = {}  # id(FactAbout) -> times_outside, once per fact and page
        self._after: dict[int, str] = {}
        self._before_at, self._before = -1, ""  # the sentence before the last offset asked about

    def outside(self, about) -> str:
        """The page's times, shown, when they all lie outside the fact's period; else "" (aboutness.times_outside)."""
        key = id(about)
        if key not in self._outside:
            self._outside[key] = times_outside(self.periods(), about)
        return self._outside[key]

    def after(self, about) -> str:
        """The last time the page names after the fact's period ends; else "" (aboutness.time_after)."""
        key = id(about)
        if key not in self._after:
            self._after[key] = time_after(self.periods(), about)
        return self._after[key]

    def __call__(self) -> list[Mention]:
        if self._places is None:
            self._places = opening_places(self.text, self.title)
        return self._places

    def periods(self) -> list[tuple[int, int, Period, str]]:
        """Every period the document names that is placed in time ("2019", "since 2000"), in order."""
        if self._periods is None:
            self._periods = period_mentions(self.text, durations=False)
        return self._periods

    def date_before(self, at: int) -> tuple[Period, str] | None:
        """The last year, month or financial year the document names before offset `at` (within a few
        paragraphs), with its words: what a relative "in the past year" counts back from."""
        found = [(p, words) for _, _, p, words in period_mentions(self.text[max(0, at - DATE_REACH):at])
                 if p.shape in ("point", "range")]
        return found[-1] if found else None

    def places_before(self, at: int) -> list[Mention]:
        """The places the sentence before offset `at` names, as inherited mentions."""
        previous = self._sentence_before(at)
        return [attrs.evolve(m, inherited=True) for m in place_mentions(previous)] if previous else []

    def _sentence_before(self, at: int) -> str:
        if at != self._before_at:  # the figures of one sentence ask about one offset in turn
            window = self.text[max(0, at - DATE_REACH):at].rstrip()
            self._before_at, self._before = at, window[_last_end(window):]
        return self._before

    def year_before(self, at: int) -> Mention | None:
        """The one year or financial year the sentence before offset `at` names (none if it names
        several, or only a full date, which dates a page rather than its figures), as an inherited mention."""
        previous = self._sentence_before(at)
        if not previous:
            return None
        points = {p for _, _, p, _ in period_mentions(previous) if p.shape == "point" and p.first.kind in ("year", "fy")}
        if len(points) != 1:
            return None
        (point,) = points
        return Mention("period", point, 0, 0, f"{point.first.first // 12} (in the sentence before)", True)


def _last_end(window: str) -> int:
    """Where the last match of _SENTENCE_END in `window` ends (0 if none), as a scan of the whole
    window finds it, reading only its end: no match holds a letter or digit, so a scan from just
    after one finds the matches the whole scan finds from there on."""
    at = len(window)
    while at > 0:
        at = max(0, at - 160)
        while at > 0 and not window[at - 1].isalnum():
            at -= 1
        last = 0
        for m in _SENTENCE_END.finditer(window, at):
            last = m.end()
        if last:
            return last
    return 0


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n|\n")
DATE_REACH = 600  # characters before a sentence in which a date still dates its "in the past year"


def find_whole(text: str, part: str) -> int:
    """Where `part` stands in `text` not inside a longer word or number ("11" is not in "112"), or -1."""
    at = text.find(part)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(part)] if at + len(part) < len(text) else " "
        if not (before.isalnum() and part[:1].isalnum()) and not (after.isalnum() and part[-1:].isalnum()):
            return at
        at = text.find(part, at + 1)
    return -1


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


# words of a measure's slug that name its kind or its scope, not what it counts
_NOT_COUNTED = frozenset(_term(w) for w in "share change rate total number count uk us global world worldwide".split())


def measure_words(fact) -> frozenset[str]:
    """What a fact's measure counts, in words: its slug's and its one-word keywords' terms,
    less the words of its kind ("share") and scope ("uk", "global")."""
    return _measure_words(fact.measure, tuple(k for k in fact.keywords if " " not in k.strip()))


@functools.lru_cache(maxsize=4096)
def _measure_words(measure: str, keywords: tuple[str, ...]) -> frozenset[str]:
    words = match_terms(" ".join([measure.replace("-", " "), *keywords]))
    return frozenset(COUNTED.get(w, w) for w in words) - _NOT_COUNTED - _bodies()


@functools.cache
def _bodies() -> frozenset[str]:
    """The words of the bodies that publish measures ("DataReportal", "NCMEC"): naming who counted
    does not name what was counted."""
    return frozenset(w for alias in ORGANISATIONS if " " not in alias for w in match_terms(alias))


def names_measure(terms: Iterable[str], fact) -> bool:
    """Whether a sentence's terms (match_terms) name a word of what the fact's measure counts
    (docs/checking.md, "What a sentence must say to bind")."""
    return not measure_words(fact).isdisjoint(COUNTED.get(w, w) for w in terms)


# words of a measure's slug that say who counted or how, not what kind of thing was counted
_NOT_KIND = frozenset(_term(w) for w in "police recorded reported forces force people victims cases children "
                      "users population".split())


def category_words(fact, counted: frozenset[str]) -> frozenset[str]:
    """The words of a fact's measure slug that name which kind of the counted thing it counts
    ("online grooming" offences): a count's sentence must name one of them to be about it."""
    words = frozenset(COUNTED.get(w, w) for w in match_terms(fact.measure.replace("-", " ")))
    return words - _NOT_COUNTED - _NOT_KIND - counted


def names_phrase(terms: frozenset[str], fact) -> bool:
    """Whether a sentence's terms include every word of one of the fact's keywords of several
    words ("sexual communication with a child")."""
    for keyword in fact.keywords:
        if " " in keyword.strip() and (words := match_terms(keyword)) and terms.issuperset(words):
            return True
    return False
