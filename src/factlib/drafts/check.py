"""Checking drafts against the library (PRODUCT.md §3).

Every figure of every draft is found, tied to a fact — explicitly by a
reference, or implicitly by its sentence (see matching.py) — and judged with
the rounding and qualifier rules of compare.py. Findings follow docs/codes.md.
Files are read one at a time, so memory stays flat however many there are.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import attrs

from factlib import codes
from factlib.library.cite import cite, text_fragment_url
from factlib.errors import UsageError
from factlib.figures.claims import is_duration, not_a_claim
from factlib.figures.compare import agrees, comparable
from factlib.findings import Finding, Level
from factlib.drafts.aboutness import Difference, Mention, difference
from factlib.drafts.doubts import doubt
from factlib.drafts.attribution import attributions_for
from factlib.drafts.binding import Binding, Entry, Matcher, Miss, active, pick_figure
from factlib.drafts.periods import periods_in, years_in
from factlib.drafts.sentences import Opening, OwnMentions, Sentence
from factlib.model import Kind, Library, Status

if TYPE_CHECKING:
    from factlib.figures.scan import FoundFigure

# every alternative starts with a literal character, so the regex engine skips to the next
# candidate character instead of trying every position ("[.!?]…" would defeat that)
_BOUNDARY = re.compile(r"\.[\"'”’)\]]*\s+|![\"'”’)\]]*\s+|\?[\"'”’)\]]*\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•+#>|]|\d+[.)]\s))")
_LINE_BOUNDARY = re.compile(_BOUNDARY.pattern + r"|\n")
# a line that cites a source, as `factlib cite --style text` prints it
_CITATION_LINE = re.compile(r"[ \t]*(?:Sources?|References?|Cited from)[ \t]*:", re.IGNORECASE)


@attrs.frozen
class CheckOptions:
    stale_years: float = 5.0
    today: dt.date = attrs.field(factory=dt.date.today)
    changed_lines: Callable[[str], set[int] | None] | None = None  # file -> lines to report, None = all


@attrs.define
class _Seen:
    """Distinct values each measure was given so far, for figure.inconsistent (agreeing values are not kept)."""

    by_measure: dict[tuple[str, ...], list[tuple[FoundFigure, str, int]]] = attrs.field(factory=lambda: defaultdict(list))


@attrs.define
class CheckRun:
    """Checks documents one at a time: iterate for (document path, its sorted findings).

    Nothing of a document is kept once its findings are yielded, so memory stays flat
    however many files there are; `files` and `figures` count what was checked.
    """

    documents: Iterable
    library: Library
    options: CheckOptions = attrs.field(factory=CheckOptions)
    files: int = 0
    figures: int = 0
    unreadable: int = 0
    levels: dict[Level, int] = attrs.field(factory=lambda: dict.fromkeys(Level, 0))  # unsuppressed findings

    def __iter__(self) -> Iterator[tuple[str, list[Finding]]]:
        matcher = Matcher(self.library)
        seen = _Seen()
        for item in self.documents:
            if isinstance(item, Finding):  # a draft that could not be read
                self.unreadable += 1
                self._count([item])
                yield item.file, [item]
                continue
            self.files += 1
            found, count = check_document(item, matcher, self.options, seen)
            self.figures += count
            found.sort(key=lambda f: (f.line, f.column, f.code))
            self._count(found)
            yield item.path, found

    def _count(self, found: list[Finding]) -> None:
        for f in found:
            if not f.suppressed:
                self.levels[f.level] += 1

    def summary(self) -> dict[str, int]:
        """The JSON summary: files, figures, and unsuppressed errors, warnings and infos."""
        return {"files": self.files, "figures": self.figures, "errors": self.levels[Level.ERROR],
                "warnings": self.levels[Level.WARNING], "infos": self.levels[Level.INFO]}


def check_document(doc, matcher: Matcher, options: CheckOptions, seen: _Seen | None = None) -> tuple[list[Finding], int]:
    """Findings for one document, and the number of figures it holds."""
    from factlib.figures.scan import find_figures

    seen = seen or _Seen()
    text = doc.text
    found = [f for f in find_figures(text) if f.kind != Kind.YEAR]
    bounds = _sentence_bounds(text, paragraph_lines=doc.format == "docx")
    refs = sorted(doc.refs, key=lambda r: r.start)
    ref_starts = [r.start for r in refs]
    used_refs: set[int] = set()
    out: list[Finding] = []
    sentence, sentence_at, years = None, -1, frozenset[tuple[int, int]]()
    spans: list[tuple[int, int]] = []
    echoed: tuple[Entry, ...] = ()  # facts whose quote or statement the sentence repeats
    index_of: dict[int, int] = {}  # a figure's index in `found` -> its index among the sentence's figures
    citation = False
    cited = "ource" in text or "eference" in text or "ited from" in text  # a citation line may be in the text
    opening = Opening(text, doc.title)
    durations = [is_duration(text, f) for f in found]
    for n, figure in enumerate(found):
        line, column = doc.position(figure.start)
        place = _Place(doc.path, line, column, figure, format=doc.format)
        ref_index = _explicit_ref(refs, ref_starts, figure, text) if refs else None
        if ref_index is not None:
            used_refs.add(ref_index)
            entry = matcher.entry(refs[ref_index].fact_id)
            if entry is None:
                out.append(_unknown(place, refs[ref_index].fact_id, matcher))
                continue
            judged = _judge(place, Binding(entry, 1.0, explicit=True), matcher, options, seen,
                            text[figure.end:figure.end + 40])
            start, end = _sentence(bounds, figure.start, len(text))
            out.extend(judged + _misattribution(place, judged, text[start:end], matcher))
            continue
        if durations[n]:
            continue  # "in three years", "over the past 12 months": a period, not a statistic, like a year
        start, end = _sentence(bounds, figure.start, len(text))
        if end - start > MAX_SENTENCE:
            start, end = _window(text, start, end, figure)
        if sentence is None or sentence_at != start:
            sentence, sentence_at = Sentence(text[start:end]), start
            years = periods_in(sentence.text)
            spans, echoed, index_of = [], (), {}
            citation = bool(_CITATION_LINE.match(text, start))
            for k in range(n, len(found)):
                other = found[k]
                if other.start >= end:
                    break
                if not durations[k]:  # "in two years" is a period the figures are in
                    index_of[k] = len(spans)
                    spans.append((other.start - start, other.end - start))
        # the words between a figure and its neighbours in the sentence are its own
        seg_start = max([f.end for f in found[max(0, n - 3):n] if f.end > start] or [start])
        seg_end = min([f.start for f in found[n + 1:n + 4] if f.start < end] or [end])
        own = OwnMentions(sentence, spans, index_of[n], opening, start)
        if citation or (cited and _CITATION_LINE.match(text, text.rfind("\n", 0, figure.start) + 1)):
            continue  # "Source: Publisher, "Title with 3 figures", 2020": the cited title's figures, not the draft's
        following = found[n + 1] if n + 1 < len(found) else None
        if (following is not None and following.start - figure.end <= 3 and "(" in text[figure.end:following.start]
                and not_a_claim(text, figure, following) == "a restatement"):
            continue  # "more than half (57%)": one figure, checked once, as the bracketed one
        binding = matcher.bind(sentence, figure.start - start, figure, (seg_start - start, seg_end - start), years, own,
                               echoed)
        if binding is None or isinstance(binding, Miss):
            if not_a_claim(text, figure, found[n + 1] if n + 1 < len(found) else None):
                continue  # "the big four", "from 42 police forces": not a statistic (figures/claims.py)
            out.append(_unsourced(place, binding))
            continue
        if binding.echoes_quote:
            echoed += (binding.entry,)
        judged = _judge(place, binding, matcher, options, seen, text[figure.end:figure.end + 40], own)
        out.extend(judged + _misattribution(place, judged, sentence.text, matcher))
    for n, ref in enumerate(refs):
        if n not in used_refs:
            out.extend(_bare_reference(doc, ref, matcher, options))
    out = _suppress(out, doc)
    if options.changed_lines is not None:
        wanted = options.changed_lines(doc.path)
        if wanted is not None:
            out = [f for f in out if f.line in wanted]
    return out, len(found)


def _unsourced(place: "_Place", miss: Miss | None) -> Finding:
    """figure.unsourced; when the words fit a fact about something else, the message says which and what differs."""
    assert place.figure is not None  # a bare reference is never unsourced
    text = place.figure.text
    hint = (f"add its source to the library, bind it with {place.reference_hint()}, "
            f"or suppress with {place.ignore_hint('figure.unsourced')}")
    if miss is None:
        return place.finding("figure.unsourced", f'"{text}" matches no fact in the library: {hint}')
    d = miss.difference
    return place.finding("figure.unsourced",
                         f'"{text}" matches no fact in the library (nearest: {miss.nearest.fact.id} ({d.fact_says}); '
                         f"this sentence says {d.sentence_says}): {hint}")


@attrs.frozen
class _Place:
    """Where a finding goes: a figure's place, or a bare reference's (figure None, label its text)."""

    file: str
    line: int
    column: int
    figure: FoundFigure | None = None
    label: str = ""
    format: str = "markdown"  # the draft's format, for hints in the form that suits the file

    def reference_hint(self, fact_id: str = "ID") -> str:
        """How to bind this figure to a fact in this draft's format (PRODUCT.md §3)."""
        shown = " ".join(self.figure.text.split()) if self.figure is not None else "figure"
        if self.format == "markdown":
            return f"[{shown}](fact:{fact_id})"
        if self.format == "html":
            return f'<span data-fact="{fact_id}">{shown}</span>'
        return f"[fact:{fact_id}] right after it"  # text, .docx, PDF

    def ignore_hint(self, code: str) -> str:
        if self.format in ("markdown", "html"):
            return f"<!-- factlib: ignore {code} --> on the line before"
        return f'a line "factlib: ignore {code}" before it'

    def finding(self, code: str, message: str, **extra) -> Finding:
        f = self.figure
        if f is None:
            return codes.finding(code, self.file, self.line, message, column=self.column, text=self.label, **extra)
        return codes.finding(code, self.file, self.line, message, column=self.column, text=" ".join(f.text.split()),
                             kind=Kind(f.kind).value, value=f.value, qualifier=f.qualifier.value, **extra)


def _explicit_ref(refs, starts: list[int], figure, text: str) -> int | None:
    """The reference (index in refs, sorted by start) that binds the figure, if any."""
    # only refs that start before the figure ends can bind it, and a ref spans one link or element
    first = max(0, bisect.bisect_right(starts, figure.start) - 8)
    last = bisect.bisect_right(starts, figure.end + 3)
    for n in range(first, last):
        ref = refs[n]
        if ref.marker:
            gap = text[figure.end:ref.start]
            if ref.start >= figure.end and len(gap) <= 3 and not gap.strip(" \t)\u00a0"):
                return n
        elif figure.start < ref.end and ref.start < figure.end:  # "rose by [70%](fact:ID)"
            return n
    return None


def _sentence_bounds(text: str, *, paragraph_lines: bool = False) -> list[int]:
    """Offsets where sentences start; in .docx text every line is a paragraph, so every newline ends one."""
    pattern = _LINE_BOUNDARY if paragraph_lines else _BOUNDARY
    bounds = [m.end() for m in pattern.finditer(text)]
    if _ABBREVIATION_END.search(text):  # any(a in text for a in _ABBREVIATIONS), read from each full stop
        # a full stop after an abbreviation ends no sentence: "reported to the U.S. Hotline"
        skip = {m.end() for m in _ABBREVIATION.finditer(text)}
        if skip:
            bounds = [b for b in bounds if b not in skip]
    return bounds


_ABBREVIATIONS = ("U.S.", "U.K.", "e.g.", "i.e.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "vs.", "No.")
_ABBREVIATION_END = re.compile(r"\.(?:" + "|".join(  # a full stop that ends one (look-behinds of one width each)
    "(?<=" + "|".join(re.escape(a) for a in _ABBREVIATIONS if len(a) == n) + ")" for n in {len(a) for a in _ABBREVIATIONS}) + ")")
_ABBREVIATION = re.compile(r"\b(?:U\.S|U\.K|e\.g|i\.e|Mrs?|Ms|Dr|St|vs|No)\.[\"'”’)\]]*\s+")


# A "sentence" longer than this is no sentence (a list without stops, a table, a hostile file): binding works
# on the words around each figure, so a 100 kB one-sentence draft would cost time quadratic in its length
# (5,000 figures on one line took 85 s). Such a figure is bound within this many characters around it.
MAX_SENTENCE = 1200


def _window(text: str, start: int, end: int, figure) -> tuple[int, int]:
    """The part of an overlong sentence around a figure, cut at spaces."""
    half = MAX_SENTENCE // 2
    lo, hi = max(start, figure.start - half), min(end, figure.end + half)
    if lo > start:
        space = text.find(" ", lo, figure.start)
        lo = space + 1 if space >= 0 else lo
    if hi < end:
        space = text.rfind(" ", figure.end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


def _sentence(bounds: list[int], offset: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, offset)
    start = bounds[i - 1] if i else 0
    end = bounds[i] if i < len(bounds) else length
    return start, end


def _judge(place: _Place, binding: Binding, matcher: Matcher, options: CheckOptions, seen: _Seen,
           after: str = "", own: Callable[[], list[Mention]] | None = None) -> list[Finding]:
    figure = place.figure
    assert figure is not None  # only a figure is judged
    entry = binding.entry
    fact_figure, ok = pick_figure(entry, figure, explicit=binding.explicit, after=after)
    if fact_figure is None:  # only an explicit reference binds a figure to a fact without a comparable one
        if not entry.figures:
            return _status(place, entry, options, supported=True, matcher=matcher)
        gives = ", ".join(f'"{f.text}"' for f in entry.figures)
        return [place.finding("figure.contradicts",
                              f'"{figure.text}" is a {Kind(figure.kind).value}, but the fact it is bound to, {entry.fact.id}, '
                              f"gives {gives}: bind the figure to the fact it speaks of", fact_id=entry.fact.id,
                              expected=entry.figures[0].text, fact_value=entry.figures[0].value)]
    if not ok and not binding.explicit:
        # a corrected figure in a copied sentence: another fact of the same measure may carry this
        # value; when the figure's words name no period, so may the same measure in another period
        named = own() if own is not None else []
        # another scope or period of the measure, unless the sentence says it is about something else
        change = figure.kind == Kind.CHANGE
        others = matcher.same_measure(entry) + [
            e for e in matcher.same_slug(entry)
            if e.key != entry.key and difference(named, e.about, e.fact, change=change) is None]
        for other in sorted(others, key=lambda e: not active(e)):
            other_figure, other_ok = pick_figure(other, figure, after=after)
            if other_ok:
                entry, fact_figure, ok = other, other_figure, True
                break
    if ok and fact_figure is not None and (finer := matcher.disagreeing(entry, figure, after)) is not None:
        # "4.57 billion" is within "more than 4.5 billion" but not the measure's "4.54 billion": unsourced
        return [_unsourced(place, Miss(finer[0], Difference(
            "precision", f'"{finer[1].text}"', f'"{figure.text}", within "{fact_figure.text}" of {entry.fact.id} only')))]
    out = _inconsistency(place, entry, fact_figure, seen)
    if ok:
        return out + _status(place, entry, options, supported=True, fact_figure=fact_figure, matcher=matcher)
    reference = entry
    if not binding.explicit and not active(entry):
        vetted = [e for e in matcher.same_measure(entry) if e.fact.status == Status.VETTED]
        reference = vetted[0] if vetted else entry
        if reference is not entry:
            fact_figure = pick_figure(reference, figure, after=after)[0] or fact_figure
    if (miss := doubt(attrs.evolve(binding, entry=reference), figure, fact_figure, own, matcher)) is not None:
        return out + [_unsourced(place, miss)]  # it may be about something else: no contradiction
    fact, source = reference.fact, reference.source
    assert fact_figure is not None  # set above, and a replacement is taken only when found
    status = "" if fact.status == Status.VETTED else f" ({fact.status.value})"
    message = (f'"{figure.text}" contradicts fact {fact.id}{status}, which gives "{fact_figure.text}" '
               f"for this measure ({source.publisher}, {source.published.year}): use the library's figure, "
               f"or bind the figure to the fact it really speaks of with {place.reference_hint()}")
    out.append(place.finding("figure.contradicts", message, fact_id=fact.id,
                             expected=fact_figure.text, fact_value=fact_figure.value,
                             suggestion=_citation(reference)))
    return out


@functools.lru_cache(maxsize=4096)
def _citation(entry: Entry) -> str:
    try:
        return cite(entry.fact, entry.source, "markdown")
    except UsageError:  # a source URL that is not http(s): `validate` reports it; cite nothing
        return ""


@functools.lru_cache(maxsize=4096)
def _link(entry: Entry) -> str:
    try:
        url = text_fragment_url(entry.source.url, entry.fact.quote)
    except UsageError:
        return f"{entry.source.publisher}, {entry.source.published.year} (no usable URL)"
    return f"[{entry.source.publisher}, {entry.source.published.year}]({url})"


def _status(place: _Place, entry: Entry, options: CheckOptions, *, supported: bool, fact_figure=None,
            matcher: Matcher | None = None) -> list[Finding]:
    fact, source = entry.fact, entry.source
    extra = {"fact_id": fact.id}
    if fact_figure is not None:
        extra.update(expected=fact_figure.text, fact_value=fact_figure.value)
    if fact.status == Status.RETRACTED:
        return [place.finding("fact.retracted", f"uses retracted fact {fact.id}: {fact.note} Remove the figure.", **extra)]
    if fact.status == Status.SUPERSEDED:
        return [place.finding("fact.superseded",
                              f"uses superseded fact {fact.id}; use {fact.superseded_by} instead. {fact.note}".strip(), **extra)]
    if fact.status == Status.DISPUTED:
        correction = matcher.entry(fact.corrected_by) if matcher is not None and fact.corrected_by else None
        if correction is not None:
            return [_known_error(place, entry, correction, fact_figure, extra)]
        return [place.finding("fact.disputed", f"leans on disputed fact {fact.id}: {fact.note}", **extra)]
    out = []
    if supported:
        draft = " (a draft fact, not yet vetted)" if fact.status == Status.DRAFT else ""
        agrees_with = "agrees with" if fact_figure is not None else "is bound to (it gives no figure to compare)"
        out.append(place.finding("figure.supported", f"{agrees_with} fact {fact.id}{draft}; cite: {_link(entry)}",
                                 suggestion=_citation(entry), **extra))
    end = fact_end_year(fact, source)
    if end + options.stale_years < options.today.year:
        out.append(place.finding("fact.stale",
                                 f"fact {fact.id} is stale: its data end in {end}, more than {options.stale_years:g} years ago; "
                                 "look for newer figures", **extra))
    return out


def _known_error(place: _Place, entry: Entry, correction: Entry, fact_figure, extra: dict) -> Finding:
    """figure.known-error: the draft repeats a disputed fact whose correction the library holds."""
    fact, right = entry.fact, correction.fact
    source = correction.source
    said = " ".join((place.figure.text if place.figure is not None else place.label).split())
    new = _correction_figure(correction, fact_figure if place.figure is not None else None)
    if new is not None:  # what the library says to use instead
        extra = {**extra, "expected": new.text, "fact_value": new.value}
    suggestion = _citation(correction)
    if new is not None and place.figure is not None and comparable(new, place.figure) and agrees(new, place.figure):
        fix = f"the number is right but not what it is said to measure: say what {right.id} says"
    elif new is not None and said:
        fix = f'write "{new.text}" as {right.id} does'
        suggestion = f'"{said}" \u2192 "{new.text}": {suggestion}'
    else:
        fix = f"use {right.id} instead"
    what = f'"{said}" repeats' if said else "the reference uses"
    message = (f"{what} a known error (disputed fact {fact.id}); the library corrects it: "
               f'{fix} ("{right.statement}", {source.publisher}, {source.published.year}). {fact.note}')
    return place.finding("figure.known-error", message.strip(), suggestion=suggestion,
                         **extra)


def _correction_figure(correction: Entry, wrong):
    """The figure of the correcting fact that stands where the disputed figure stood (same kind), if any."""
    figures = correction.figures
    if wrong is None:
        return figures[0] if len(figures) == 1 else None
    same = [f for f in figures if comparable(f, wrong)] or [f for f in figures if f.kind == wrong.kind]
    return same[0] if same else None


_BOUND = ("figure.supported", "figure.known-error", "fact.disputed")


def _misattribution(place: _Place, judged: list[Finding], sentence: str, matcher: Matcher) -> list[Finding]:
    """figure.misattributed: the sentence credits the bound figure to an organisation its fact does not come from."""
    bound = next((f for f in judged if f.code in _BOUND), None)
    entry = matcher.entry(bound.fact_id) if bound is not None else None
    if entry is None:
        return []
    attributions = attributions_for(matcher, matcher.library)
    if not attributions.credits(sentence):  # most sentences credit no one: no provenance needed
        return []
    facts = [(e.fact, e.source) for e in matcher.same_measure(entry)]
    why = attributions.judge(sentence, entry.fact, entry.source, facts)
    if not why:
        return []
    assert place.figure is not None  # only a figure is bound (see _BOUND)
    return [place.finding("figure.misattributed",
                          f'the sentence credits "{place.figure.text}" {why}',
                          fact_id=entry.fact.id)]


def fact_end_year(fact, source) -> int:
    """The last year a fact's period covers ("2017/18 to 2020/21" -> 2021), else its source's year."""
    return max(years_in(fact.period), default=source.published.year)


def _inconsistency(place: _Place, entry: Entry, fact_figure, seen: _Seen) -> list[Finding]:
    figure = place.figure
    assert figure is not None  # only a figure is compared with the others
    # a fact may hold several figures of one measure (parts and a whole): compare like with like
    records = seen.by_measure[(*entry.key, fact_figure.name if fact_figure is not None else "")]
    clash = next(((f, file, line) for f, file, line in records if comparable(f, figure) and not agrees(f, figure)), None)
    if not any(comparable(f, figure) and agrees(f, figure) for f, _, _ in records):
        records.append((figure, place.file, place.line))
    if clash is None:
        return []
    other, file, line = clash
    return [place.finding("figure.inconsistent",
                          f'this measure ({entry.fact.measure}) is given as "{figure.text}" here but as "{other.text}" '
                          f"at {file}:{line}; make them agree", fact_id=entry.fact.id)]


def _unknown(place: _Place, fact_id: str, matcher: Matcher) -> Finding:
    from difflib import get_close_matches

    near = get_close_matches(fact_id, list(matcher.by_id), n=2)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    return place.finding("fact.unknown", f'the reference names no fact "{fact_id}"{hint}', fact_id=fact_id)


def _bare_reference(doc, ref, matcher: Matcher, options: CheckOptions) -> list[Finding]:
    """A reference that binds no figure still names a fact: it must exist and be usable."""
    line, column = doc.position(ref.start)
    place = _Place(doc.path, line, column, None, doc.text[ref.start:ref.end], format=doc.format)
    entry = matcher.entry(ref.fact_id)
    if entry is None:
        return [_unknown(place, ref.fact_id, matcher)]
    return _status(place, entry, options, supported=False, matcher=matcher)


def _suppress(findings: list[Finding], doc) -> list[Finding]:
    out = []
    for f in findings:
        codes = doc.suppressions.get(f.line, ())
        if codes and ("*" in codes or f.code in codes):
            f = attrs.evolve(f, suppressed=True)
        out.append(f)
    return out
