"""Tying a figure in a draft to the fact it speaks of.

Without an explicit reference, a figure is tied to a fact when its sentence
clearly speaks of that fact's measure: the sentence's words (those near the
figure count more) are weighed against each fact's measure, keywords,
statement, tags, scope and quote, rarer words weighing more; a sentence that
repeats a fact's quote binds to that fact. Only facts with a figure of the same
kind compete. The best fact binds when it scores high enough and clearly above
the best fact of another measure; when two measures are close, a fact whose
figure agrees may break the tie, but nothing else does: unclear means unbound,
never a guessed contradiction.

Candidates come from an inverted index over informative words, so the cost of
binding one figure does not grow with the size of the library.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Callable

import attrs

from factlib.drafts.aboutness import Difference, Mention, difference
from factlib.drafts.entry import QUOTE_CLOSE, Entry, anchor as _anchor
from factlib.drafts.unsaid import NO_YEAR, only_vague, unanchored
from factlib.drafts.sentences import (
    category_words,
    names_phrase,
    Sentence, _counts_other, _fields_terms, match_terms, names_measure, noun_after)
from factlib.figures.compare import agrees, comparable, interval, signature
from factlib.model import Fact, Figure, Kind, Library, Status

MIN_SCORE = 0.30    # share of the sentence's weight a fact must explain
MARGIN = 0.08       # lead over the best fact of another measure
ANCHOR_WEIGHT = 0.1 # what matching those words is worth when the sentence is not the quote
YEAR_BONUS = 0.15   # a sentence that names a fact's period speaks of that period
_TIERS = (3.0, 2.0, 1.5, 1.0)  # field weights, heaviest first (see _fields)
POSTINGS_BUDGET = 64  # candidates are gathered from the rarest words until this many postings are read
SHORTLIST = 4       # candidates scored in full


@attrs.frozen
class Binding:
    entry: Entry
    score: float
    explicit: bool = False
    echoes_quote: bool = False  # the sentence repeats the fact's quote, or the words around its figure
    repeats_quote: bool = False  # the sentence repeats the quote itself (word overlap), not only those words


@attrs.frozen
class Miss:
    """No binding: the fact the words fit best is about something else, and what differs."""

    nearest: Entry
    difference: Difference


def _fields(fact: Fact) -> tuple[str, ...]:
    """A fact's words by field, in the order of their weights (quote 1, scope and tags 1,
    statement 1.5, keywords 2, measure 3: the measure names what is measured).

    A disputed, retracted or superseded fact is found by the words it got wrong, its quote: its
    statement and keywords describe the corrected claim, which belongs to the fact to use instead.
    """
    if not fact.status.active:
        return ("", fact.scope + " " + " ".join(fact.tags), fact.quote, "", fact.measure.replace("-", " "))
    return (fact.quote, fact.scope + " " + " ".join(fact.tags), fact.statement,
            " ".join(fact.keywords), fact.measure.replace("-", " "))


class Matcher:
    """An index of the library's facts for binding draft figures to them."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.entries: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self._by_measure: dict[tuple[str, str, str], list[Entry]] | None = None
        self._by_value: dict[tuple[float, tuple], list[int]] | None = None  # (value, signature) -> facts
        self._by_slug: dict[str, list[Entry]] = defaultdict(list)  # measure -> its facts, every scope and period
        # postings per field weight, so that each word's list runs heaviest field first
        tiers: dict[float, dict[tuple[str, tuple], list[int]]] = {w: defaultdict(list) for w in _TIERS}
        df: dict[str, int] = defaultdict(int)
        for fact, source in library.facts():
            # lightest field first, so that a word takes the weight of the heaviest field it is in
            weights: dict[str, float] = {}
            for terms, weight in zip(_fields_terms(_fields(fact)), (1.0, 1.0, 1.5, 2.0, 3.0)):
                weights.update(dict.fromkeys(terms, weight))
            index = len(self.entries)
            entry = Entry(fact, source, weights)
            self.entries.append(entry)
            self._by_slug[fact.measure].append(entry)  # a slug: compared as written
            for term in weights:
                df[term] += 1
            # postings by figure signature: only facts with a figure of the draft figure's kind compete
            for sig in entry.signatures:
                for term, weight in weights.items():
                    tiers[weight][(term, sig)].append(index)
        for entry in self.entries:
            self.by_id.setdefault(entry.fact.id, entry)
        n = max(1, len(self.entries))
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        # per (term, signature): (field weight, fact indexes) runs, heaviest field first; a fact
        # is in one run only (a word takes the weight of its heaviest field)
        postings: dict[tuple[str, tuple], list[tuple[float, list[int]]]] = defaultdict(list)
        for weight in _TIERS:
            for key, indexes in tiers[weight].items():
                postings[key].append((weight, indexes))
        # by signature, then word: a figure looks up its own signature's table once
        self.postings: dict[tuple, dict[str, tuple[int, list[tuple[float, list[int]]]]]] = {}
        for (term, sig), runs in postings.items():
            self.postings.setdefault(sig, {})[term] = (sum(len(ix) for _, ix in runs), runs)
        self._default_idf = math.log(1 + n)

    def entry(self, fact_id: str) -> Entry | None:
        return self.by_id.get(fact_id)

    def bind(self, sentence: "str | Sentence", offset: int, figure, segment: tuple[int, int] | None = None,
             years: frozenset[tuple[int, int]] = frozenset(),
             own: "Callable[[], list[Mention]] | None" = None, echoed: tuple[Entry, ...] = ()) -> Binding | Miss | None:
        """The fact a figure's sentence clearly speaks of; a Miss when the facts its words fit
        are all about another place, platform, population or period; else None.

        `offset` is where the figure starts within `sentence`; `segment` is the part of the
        sentence between its neighbouring figures, whose words belong to this figure most;
        `years` are the periods the sentence names (periods_in), a tie-breaker between periods
        of one measure; `own` gives what the sentence names about this figure (aboutness.py),
        read only when some fact is close enough to need it; `echoed` are facts whose quote or
        statement the sentence repeats (found for its earlier figures).
        """
        if isinstance(sentence, str):
            sentence = Sentence(sentence)
        words = sentence.weighted_words(offset, offset + len(figure.text), segment)
        if not words:
            return None
        idf_of, default = self.idf, self._default_idf
        idfs = list(map(idf_of.get, words))  # None for a word no fact has: it explains no fact's score
        total = sum([(default if idf is None else idf) * w for idf, w in zip(idfs, words.values())])
        # candidates from the rarer words' postings, scored on those words in one pass; the
        # best few are then scored on every word, so the cost does not grow with the library
        wanted = signature(figure)
        of_signature = self.postings.get(wanted, {})
        lists = [(idf_of[t], t, p) for t in words if (p := of_signature.get(t))]
        reach = MIN_SCORE - ANCHOR_WEIGHT - (YEAR_BONUS if years else 0.0)  # (see below) no fact could reach it
        # with every word in its heaviest field, nor share enough words to repeat the sentence: gather none
        if (len(lists) < QUOTE_CLOSE * len(words) and sum([idf * words[t] * runs[0][0] for idf, t, (_, runs) in lists])
                < reach * 3.0 * total * (1 - 1e-9)):
            return None
        # nothing near the figure says what it counts ("…, at 121, https://…"): only a sentence that
        # repeats a fact's quote or statement can say it ("57% of the nearly 450 victims …")
        only_echo = max(words.values()) <= 1.0
        weighed = [(t, idf * w) for (t, w), idf in zip(words.items(), idfs) if idf is not None]
        rough: dict[int, float] = defaultdict(float)
        budget = POSTINGS_BUDGET
        lists.sort(reverse=True, key=lambda x: x[0])
        for idf, term, (size, runs) in lists:
            if budget <= 0:
                break  # the rarer words have found the candidates; commoner ones would only cost
            weight = idf * words[term]
            take = budget  # the first `budget` postings, heaviest fields first
            for field, indexes in runs:
                if take <= 0:
                    break
                part = indexes[:take] if len(indexes) > take else indexes
                take -= len(part)
                if budget == POSTINGS_BUDGET:  # the first word: no fact has a score yet
                    rough.update(dict.fromkeys(part, weight * field))
                else:
                    gain = weight * field
                    for index in part:
                        rough[index] += gain
            budget -= size
        # (sorted(...)[:n] is what heapq.nlargest is documented to equal, ties included; for a
        # few dozen candidates it is the cheaper of the two)
        ranked = sorted(rough, key=rough.__getitem__, reverse=True)[:SHORTLIST]
        if _precise(figure):  # "4.54 billion": the facts that give this very number compete too
            ranked += [i for i in self._of_value(figure.value, wanted) if i not in ranked]
        sentence_terms = frozenset(words)
        shortlist = []
        for index in ranked:
            entry = self.entries[index]
            fields = entry.weights
            explained = sum([v * fields[t] for t, v in weighed if t in fields])
            shortlist.append((entry, explained / (3.0 * total), 0.0))
        # most figures in a draft are bound to nothing: when no candidate could reach MIN_SCORE
        # even with a perfect anchor and its period named, nor repeats its quote, the anchors are
        # not worth computing (nor, but for a figure no word speaks of, whether it repeats a statement)
        if not (any(entry.echo(sentence_terms) >= QUOTE_CLOSE for entry, _, _ in shortlist) if only_echo else
                any(score >= reach for _, score, _ in shortlist) or any(e.near_quote(sentence_terms) for e, _, _ in shortlist)):
            return None
        shortlist = [(entry, score, entry.echo(sentence_terms)) for entry, score, _ in shortlist]
        if only_echo:
            shortlist = [c for c in shortlist if c[2] >= QUOTE_CLOSE]
        context = sentence.context(offset, offset + len(figure.text))
        named = own() if own is not None else []
        counted = noun_after(sentence, offset + len(figure.text)) if figure.kind == Kind.COUNT else frozenset()
        change = figure.kind == Kind.CHANGE
        precise = _precise(figure)
        known: dict[int, Difference | None] = {}  # id(entry) -> what differs, computed once
        if named:
            shortlist = self._with_siblings(shortlist, named, wanted, weighed, total, sentence_terms, change, known)
        scored: list[tuple[float, Entry, int]] = []
        missed: tuple[float, Entry, Difference] | None = None
        echo_hit = False
        for entry, score, overlap in shortlist:
            # which of the quote's figures stands where the draft's figure stands, among the same
            # words? (re-anchoring, as annotation tools do)
            anchor = _anchor(context, entry)
            if overlap >= QUOTE_CLOSE:
                if anchor < 0.5:
                    continue  # the sentence is this fact's quote, but this number is none of its figures ("12 months")
                echo_hit = True
                score += overlap + anchor
            else:
                score += ANCHOR_WEIGHT * anchor
            if years and entry.periods & years:
                score += YEAR_BONUS  # the sentence names the fact's period
            # a sentence that names another place, platform, population or period is not about
            # this fact, however well its words fit; nor a count of something else ("165 new cases")
            if overlap < QUOTE_CLOSE and id(entry) in known:
                differs = known[id(entry)]
            else:
                differs = difference(named, entry.about, entry.fact, change=change, echo=overlap >= QUOTE_CLOSE)
            if differs is not None and differs.inherited and precise and _same_number(entry, figure):
                differs = None  # "4,373 offences" on a page about one region: the national count, to the unit
            if differs is None and counted and overlap < QUOTE_CLOSE and entry.counted and _counts_other(counted, entry.counted):
                units = sorted({f.unit for f in entry.figures if Kind(f.kind) == Kind.COUNT and f.unit})
                differs = Difference("counted", "a count of " + (", ".join(units) or "something else"),
                                     "a count of " + ", ".join(sorted(counted)))
            if differs is None and overlap < QUOTE_CLOSE and not names_measure(sentence_terms, entry.fact):
                differs = Difference("measure", entry.fact.measure, "none of its words")  # "half of the world uses social media"
            if (differs is None and counted and overlap < QUOTE_CLOSE
                    and (kind_words := category_words(entry.fact, counted)) and kind_words.isdisjoint(sentence_terms)
                    and not names_phrase(sentence_terms, entry.fact)):
                differs = Difference("counted", "a count of " + " ".join(sorted(kind_words)) + " " + ", ".join(sorted(counted)),
                                     "no word of that kind")  # "child sexual offences" are not "grooming offences"
            if differs is None and not change and overlap < QUOTE_CLOSE and (relative := unanchored(named, own, entry)) \
                    and entry.about.period is not None and entry.about.period.shape == "point" \
                    and not (precise and _same_number(entry, figure)):  # "6,350 offences last year": that very count
                differs = Difference("period", entry.fact.period, f'"{relative}"{NO_YEAR}')  # "93% of cases last year"
            if differs is None and (vague := only_vague(entry, figure)):
                differs = Difference("precision", f'only "{vague}"', f'"{figure.text}"')  # "most" backs no "more than 90%"
            if differs is not None:
                if missed is None or score > missed[0]:
                    missed = (score, entry, differs)
                continue
            scored.append((score, entry, 2 if overlap >= QUOTE_CLOSE else int(anchor >= 0.5)))
        if not echo_hit and any(not any(comparable(f, figure) for f in e.figures) or _anchor(context, e) < 0.5
                                for e in echoed):
            # a number of a repeated quote or statement that is none of its figures ("rose by 298
            # million (7%)"): another fact may support it, but it contradicts none
            scored = [r for r in scored if r[2] or _agrees_with(r[1], figure)]  # unless its own words are around it
        if missed is not None and missed[2].sentence_says.endswith(NO_YEAR) and missed[0] >= MIN_SCORE \
                and all(r[0] < missed[0] for r in scored) \
                and not (precise and any(_same_number(r[1], figure) for r in scored)):  # "3,217 the previous year"
            return Miss(missed[1], missed[2])  # the fact its words fit best, but for an unknown year: not a lesser one
        if not scored or max(r[0] for r in scored) < MIN_SCORE:
            if missed is not None and missed[0] >= MIN_SCORE:
                return Miss(missed[1], missed[2])
            return None
        scored.sort(key=lambda s: (-s[0], _status_rank(s[1].fact), -max(s[1].periods, default=(0, 0))[1]))
        best_score, best, echoes = scored[0]
        exact = [r for r in scored if r[0] >= MIN_SCORE and _same_number(r[1], figure)] if precise else []
        if exact and exact[0][1] is not best:
            return _binding(*exact[0])  # "4.54 billion": that fact's own number
        # Another measure that fits the words as well makes the figure ambiguous; the same measure
        # in another period or scope does not (the figure is compared with each in turn). A
        # disputed, retracted or superseded fact never makes a better-scoring fact ambiguous.
        rivals = [r for r in scored[1:] if r[1].key[0] != best.key[0] and r[0] > best_score - MARGIN and active(r[1])
                  and _plausible(r[1], figure)]
        if rivals:
            close = [r for r in scored if r[0] > best_score - MARGIN]
            agreeing = [r for r in close if _agrees_with(r[1], figure)]
            if not agreeing:
                return None  # two measures fit the words equally well and neither agrees: do not guess
            best_score, best, echoes = agreeing[0]
        return _binding(best_score, best, echoes)

    def _with_siblings(self, shortlist, named, wanted, weighed, total, sentence_terms, change, known):
        """The shortlist, with the other scopes and periods of its measures that the sentence may
        be about: the words of "6,350 offences in 2022/23" fit every year's count alike, and the
        year's own fact may not have made the shortlist."""
        have = {id(e) for e, _, _ in shortlist}
        extra = []
        for entry, _, _ in shortlist:
            known[id(entry)] = differs = difference(named, entry.about, entry.fact, change=change)
            if differs is None:
                continue
            for sibling in self.same_slug(entry):
                if id(sibling) in have or wanted not in sibling.signatures:
                    continue
                have.add(id(sibling))
                known[id(sibling)] = differs = difference(named, sibling.about, sibling.fact, change=change)
                if differs is not None:
                    continue
                fields = sibling.weights
                explained = sum(v * fields[t] for t, v in weighed if t in fields)
                extra.append((sibling, explained / (3.0 * total), sibling.echo(sentence_terms)))
        return shortlist + extra

    def _of_value(self, value, wanted: tuple) -> list[int]:
        """The indexes of the facts with a figure of this value and signature (the index is built on first use)."""
        if self._by_value is None:
            self._by_value = defaultdict(list)
            for index, e in enumerate(self.entries):
                for f in e.figures:
                    if not isinstance(f.value, tuple):
                        self._by_value[(float(f.value), signature(f))].append(index)
        return self._by_value.get((float(value), wanted), [])

    def disagreeing(self, entry: Entry, figure, after: str = "") -> tuple[Entry, Figure] | None:
        """Another active fact of the entry's measure, scope and period whose figure the draft figure
        does not agree with, when the entry's does: "4.57 billion" agrees with "more than 4.5
        billion" but not with the same measure's "4.54 billion". Facts of one measure are one
        measure, so a figure is supported only when it agrees with the most precise of them. (A
        disputed fact's figure is matched as the known error it is, whatever the others say.)"""
        if not active(entry):
            return None
        matched, _ = pick_figure(entry, figure, after=after)
        if matched is None or not _narrower(figure, matched):
            return None  # "more than half" is judged as loosely as the fact it agrees with says it
        for other in self.same_measure(entry):
            if other is entry or not active(other):
                continue
            other_figure, ok = pick_figure(other, figure, after=after)
            if other_figure is not None and not ok and _narrower(other_figure, matched):
                return other, other_figure
        return None

    def giving(self, figure) -> list[Entry]:
        """The facts with a figure of this very value and signature ("85%": every fact giving 85%)."""
        if isinstance(figure.value, tuple):
            return []  # a range ("11 to 15") is compared end by end, never looked up by value
        return [self.entries[i] for i in self._of_value(figure.value, signature(figure))]

    def same_slug(self, entry: Entry) -> list[Entry]:
        """Every fact of the entry's measure, in any scope or period."""
        return self._by_slug.get(entry.fact.measure, [entry])

    def same_measure(self, entry: Entry) -> list[Entry]:
        """Every fact of the entry's measure, scope and period (the index is built on first use)."""
        if self._by_measure is None:
            self._by_measure = defaultdict(list)
            for e in self.entries:
                self._by_measure[e.key].append(e)
        return self._by_measure.get(entry.key, [entry])


def _binding(score: float, entry: Entry, echoes: int) -> Binding:
    """echoes: 2 the sentence repeats the fact's quote, 1 the words around the figure, 0 neither."""
    return Binding(entry, score, echoes_quote=echoes > 0, repeats_quote=echoes == 2)


def same_words_around(context: tuple[list[str], list[str], list[str]], entry: Entry) -> bool:
    """Whether the words around a draft figure are those around one of the fact's figures in its quote."""
    return _anchor(context, entry) >= 0.5


def _status_rank(fact: Fact) -> int:
    order = {Status.VETTED: 0, Status.DRAFT: 1, Status.DISPUTED: 2, Status.SUPERSEDED: 3, Status.RETRACTED: 4}
    return order[fact.status]


def _plausible(entry: Entry, figure) -> bool:
    """Whether a fact's figures are near enough the draft figure's value to be what it speaks of.

    A rival measure whose value is far off ("300 million" new users against "5.3 billion" users;
    74% against 40%) does not make the figure ambiguous: had the writer meant it, the words
    would have said so.
    """
    for f in entry.figures:
        if not comparable(f, figure) or agrees(f, figure):
            if comparable(f, figure):
                return True
            continue
        if isinstance(f.value, tuple) or isinstance(figure.value, tuple):
            return True
        a, b = abs(float(f.value)), abs(float(figure.value))
        if Kind(f.kind) in (Kind.SHARE, Kind.CHANGE):
            if abs(a - b) <= max(10.0, 0.3 * max(a, b)):
                return True
        elif min(a, b) > 0 and max(a, b) / min(a, b) <= 3.0:
            return True
    return False


def _narrower(a, b) -> bool:
    """Whether figure a admits fewer values than figure b ("4.54 billion" than "more than 4.5 billion")."""
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return ahi - alo < bhi - blo


def _precise(figure) -> bool:
    """A count given to the unit with three or more significant digits ("4,373", not "4,000" or "42"):
    one that agrees with a fact's figure is that figure, whatever the page it stands on."""
    if figure.kind != Kind.COUNT or figure.qualifier != "exact" or isinstance(figure.value, tuple):
        return False
    digits = str(int(figure.value)).rstrip("0")
    return float(figure.value).is_integer() and len(digits) >= 3


def _same_number(entry: Entry, figure) -> bool:
    return any(comparable(f, figure) and f.value == figure.value for f in entry.figures)


def _agrees_with(entry: Entry, figure) -> bool:
    return any(comparable(f, figure) and agrees(f, figure) for f in entry.figures)


def pick_figure(entry: Entry, figure, *, explicit: bool = False, after: str = "") -> tuple[Figure | None, bool]:
    """The fact figure a draft figure should be compared with, and whether they agree.

    Among several comparable figures, the one named by the words after the draft figure
    ("40 women" is compared with "23 women", not "40 men"); else an agreeing one; else the
    first. With an explicit reference, a share may stand for a change and back.
    """
    pool = [f for f in entry.figures if comparable(f, figure)]
    if not pool and explicit:
        pool = [f for f in entry.figures
                if {Kind(f.kind), Kind(figure.kind)} <= {Kind.SHARE, Kind.CHANGE}]
        pool = [attrs.evolve(f, kind=Kind(figure.kind), unit="") for f in pool]
    if not pool:
        return None, False
    if len(pool) > 1 and after:
        following = match_terms(after)[:1]
        named = [f for f in pool if set(match_terms(f"{f.text} {f.unit} {f.name}")) & set(following)]
        if len(named) == 1:
            return named[0], agrees(named[0], figure)
    for f in pool:
        if agrees(f, figure):
            return f, True
    return pool[0], False


def active(entry: Entry) -> bool:
    return entry.fact.status.active
