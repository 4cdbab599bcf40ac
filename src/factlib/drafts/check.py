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
from pathlib import Path
from typing import Callable, Iterable, Iterator

import attrs

from factlib.library.cite import cite, text_fragment_url
from factlib.errors import UsageError
from factlib.figures.compare import agrees, comparable
from factlib.findings import Finding, Level
from factlib.drafts.aboutness import Mention, difference, opening_places, own_mentions
from factlib.drafts.binding import Binding, Entry, Matcher, Miss, Sentence, active, periods_in, pick_figure, years_in
from factlib.model import Kind, Library, Status

# every alternative starts with a literal character, so the regex engine skips to the next
# candidate character instead of trying every position ("[.!?]…" would defeat that)
_BOUNDARY = re.compile(r"\.[\"'”’)\]]*\s+|![\"'”’)\]]*\s+|\?[\"'”’)\]]*\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•+#>|]|\d+[.)]\s))")
_DURATION = re.compile(r"[\s-]+(?:years?|months?|weeks?|days?|decades?|centuries)\b", re.IGNORECASE)
_LINE_BOUNDARY = re.compile(_BOUNDARY.pattern + r"|\n")
# a line that cites a source, as `factlib cite --style text` prints it
_CITATION_LINE = re.compile(r"[ \t]*(?:Sources?|References?|Cited from)[ \t]*:", re.IGNORECASE)


@attrs.frozen
class CheckOptions:
    stale_years: float = 5.0
    today: dt.date = attrs.field(factory=dt.date.today)
    changed_lines: Callable[[str], set[int] | None] | None = None  # file -> lines to report, None = all


@attrs.frozen
class CheckResult:
    findings: tuple[Finding, ...]
    summary: dict[str, int]


@attrs.define
class _Seen:
    """Distinct values each measure was given so far, for figure.inconsistent (agreeing values are not kept)."""

    by_measure: dict[tuple[str, ...], list[tuple[object, str, int]]] = attrs.field(factory=lambda: defaultdict(list))


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


def check_documents(documents: Iterable, library: Library, options: CheckOptions | None = None) -> CheckResult:
    """Check documents (an iterable, consumed once) and return every finding, sorted."""
    run = CheckRun(documents, library, options or CheckOptions())
    findings = [f for _, found in run for f in found]
    findings.sort(key=lambda f: (f.file, f.line, f.column, f.code))
    return CheckResult(tuple(findings), run.summary())


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
    sentence, sentence_at, years = None, -1, frozenset()
    spans: list[tuple[int, int]] = []
    echoed: tuple[Entry, ...] = ()  # facts whose quote or statement the sentence repeats
    index_of: dict[int, int] = {}  # a figure's index in `found` -> its index among the sentence's figures
    citation = False
    cited = "ource" in text or "eference" in text or "ited from" in text  # a citation line may be in the text
    opening = _Opening(text)
    for n, figure in enumerate(found):
        line, column = doc.position(figure.start)
        place = _Place(doc.path, line, column, figure)
        ref_index = _explicit_ref(refs, ref_starts, figure, text) if refs else None
        if ref_index is not None:
            used_refs.add(ref_index)
            entry = matcher.entry(refs[ref_index].fact_id)
            if entry is None:
                out.append(_unknown(place, refs[ref_index].fact_id, matcher))
                continue
            out.extend(_judge(place, Binding(entry, 1.0, explicit=True), matcher, options, seen,
                              text[figure.end:figure.end + 40]))
            continue
        if _is_duration(figure, text):
            continue  # "in three years", "over the past 12 months": a period, not a statistic, like a year
        start, end = _sentence(bounds, figure.start, len(text))
        if sentence is None or sentence_at != start:
            sentence, sentence_at = Sentence(text[start:end]), start
            years = periods_in(sentence.text)
            spans, echoed, index_of = [], (), {}
            citation = bool(_CITATION_LINE.match(text, start))
            for k in range(n, len(found)):
                other = found[k]
                if other.start >= end:
                    break
                if not _is_duration(other, text):  # "in two years" is a period the figures are in
                    index_of[k] = len(spans)
                    spans.append((other.start - start, other.end - start))
        # the words between a figure and its neighbours in the sentence are its own
        seg_start = max([f.end for f in found[max(0, n - 3):n] if f.end > start] or [start])
        seg_end = min([f.start for f in found[n + 1:n + 4] if f.start < end] or [end])
        own = _OwnMentions(sentence, spans, index_of[n], opening)
        if citation or (cited and _CITATION_LINE.match(text, text.rfind("\n", 0, figure.start) + 1)):
            continue  # "Source: Publisher, "Title with 3 figures", 2020": the cited title's figures, not the draft's
        binding = matcher.bind(sentence, figure.start - start, figure, (seg_start - start, seg_end - start), years, own,
                               echoed)
        if binding is None or isinstance(binding, Miss):
            out.append(_unsourced(place, binding))
            continue
        if binding.echoes_quote:
            echoed += (binding.entry,)
        out.extend(_judge(place, binding, matcher, options, seen, text[figure.end:figure.end + 40], own))
    for n, ref in enumerate(refs):
        if n not in used_refs:
            out.extend(_bare_reference(doc, ref, matcher, options))
    out = _suppress(out, doc)
    if options.changed_lines is not None:
        wanted = options.changed_lines(doc.path)
        if wanted is not None:
            out = [f for f in out if f.line in wanted]
    return out, len(found)


def _is_duration(figure, text: str) -> bool:
    return Kind(figure.kind) == Kind.COUNT and bool(_DURATION.match(text, figure.end))


class _OwnMentions:
    """What a sentence names about one of its figures, read on first use (most figures bind to
    nothing and never need it)."""

    __slots__ = ("sentence", "spans", "index", "opening", "_own")

    def __init__(self, sentence: Sentence, spans: list[tuple[int, int]], index: int, opening) -> None:
        self.sentence, self.spans, self.index, self.opening, self._own = sentence, spans, index, opening, None

    def __call__(self) -> list[Mention]:
        if self._own is None:
            self._own = own_mentions(self.sentence.mentions, self.spans, self.index, self.sentence.owner_breaks,
                                     self.opening)
        return self._own


class _Opening:
    """The places a document names in its opening, read on first use."""

    __slots__ = ("text", "_places")

    def __init__(self, text: str) -> None:
        self.text, self._places = text, None

    def __call__(self) -> list[Mention]:
        if self._places is None:
            self._places = opening_places(self.text)
        return self._places


_UNSOURCED_HINT = ("add its source to the library, bind it with [figure](fact:ID), "
                   "or suppress with <!-- factlib: ignore figure.unsourced -->")


def _unsourced(place: "_Place", miss: Miss | None) -> Finding:
    """figure.unsourced; when the words fit a fact about something else, the message says which and what differs."""
    text = place.figure.text
    if miss is None:
        return place.finding("figure.unsourced", Level.WARNING, f'"{text}" matches no fact in the library: {_UNSOURCED_HINT}')
    d = miss.difference
    return place.finding("figure.unsourced", Level.WARNING,
                         f'"{text}" matches no fact in the library (nearest: {miss.nearest.fact.id} ({d.fact_says}); '
                         f'this sentence says {d.sentence_says}): {_UNSOURCED_HINT}')


@attrs.frozen
class _Place:
    """Where a finding goes: a figure's place, or a bare reference's (figure None, label its text)."""

    file: str
    line: int
    column: int
    figure: object = None
    label: str = ""

    def finding(self, code: str, level: Level, message: str, **extra) -> Finding:
        f = self.figure
        if f is None:
            return Finding(code, level, self.file, self.line, message, column=self.column, text=self.label, **extra)
        return Finding(code, level, self.file, self.line, message, column=self.column, text=" ".join(f.text.split()),
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
    if any(a in text for a in _ABBREVIATIONS):
        # a full stop after an abbreviation ends no sentence: "reported to the U.S. Hotline"
        skip = {m.end() for m in _ABBREVIATION.finditer(text)}
        if skip:
            bounds = [b for b in bounds if b not in skip]
    return bounds


_ABBREVIATIONS = ("U.S.", "U.K.", "e.g.", "i.e.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "vs.", "No.")
_ABBREVIATION = re.compile(r"\b(?:U\.S|U\.K|e\.g|i\.e|Mrs?|Ms|Dr|St|vs|No)\.[\"'”’)\]]*\s+")


def _sentence(bounds: list[int], offset: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, offset)
    start = bounds[i - 1] if i else 0
    end = bounds[i] if i < len(bounds) else length
    return start, end


def _judge(place: _Place, binding: Binding, matcher: Matcher, options: CheckOptions, seen: _Seen,
           after: str = "", own: Callable[[], list[Mention]] | None = None) -> list[Finding]:
    figure = place.figure
    entry = binding.entry
    fact_figure, ok = pick_figure(entry, figure, explicit=binding.explicit, after=after)
    if fact_figure is None:  # only an explicit reference binds a figure to a fact without a comparable one
        if not entry.figures:
            return _status(place, entry, options, supported=True)
        gives = ", ".join(f'"{f.text}"' for f in entry.figures)
        return [place.finding("figure.contradicts", Level.ERROR,
                              f'"{figure.text}" is a {Kind(figure.kind).value}, but the fact it is bound to, {entry.fact.id}, '
                              f"gives {gives}: bind the figure to the fact it speaks of", fact_id=entry.fact.id,
                              expected=entry.figures[0].text, fact_value=entry.figures[0].value)]
    if not ok and not binding.explicit:
        # a corrected figure in a copied sentence: another fact of the same measure may carry this
        # value; when the figure's words name no period, so may the same measure in another period
        named = own() if own is not None else []
        # another scope or period of the measure, unless the sentence says it is about something else
        change = Kind(figure.kind) == Kind.CHANGE
        others = matcher.same_measure(entry) + [
            e for e in matcher.same_slug(entry)
            if e.key != entry.key and difference(named, e.about, e.fact, change=change) is None]
        for other in sorted(others, key=lambda e: not active(e)):
            other_figure, other_ok = pick_figure(other, figure, after=after)
            if other_ok:
                entry, fact_figure, ok = other, other_figure, True
                break
    out = _inconsistency(place, entry, fact_figure, seen)
    if ok:
        return out + _status(place, entry, options, supported=True, fact_figure=fact_figure)
    reference = entry
    if not binding.explicit and not active(entry):
        vetted = [e for e in matcher.same_measure(entry) if e.fact.status == Status.VETTED]
        reference = vetted[0] if vetted else entry
        if reference is not entry:
            fact_figure = pick_figure(reference, figure, after=after)[0] or fact_figure
    fact, source = reference.fact, reference.source
    status = "" if fact.status == Status.VETTED else f" ({fact.status.value})"
    message = (f'"{figure.text}" contradicts fact {fact.id}{status}, which gives "{fact_figure.text}" '
               f"for this measure ({source.publisher}, {source.published.year}): use the library's figure, "
               f"or bind the figure to the fact it really speaks of with [figure](fact:ID)")
    out.append(place.finding("figure.contradicts", Level.ERROR, message, fact_id=fact.id,
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


def _status(place: _Place, entry: Entry, options: CheckOptions, *, supported: bool, fact_figure=None) -> list[Finding]:
    fact, source = entry.fact, entry.source
    extra = {"fact_id": fact.id}
    if fact_figure is not None:
        extra.update(expected=fact_figure.text, fact_value=fact_figure.value)
    if fact.status == Status.RETRACTED:
        return [place.finding("fact.retracted", Level.ERROR, f"uses retracted fact {fact.id}: {fact.note} Remove the figure.", **extra)]
    if fact.status == Status.SUPERSEDED:
        return [place.finding("fact.superseded", Level.ERROR,
                              f"uses superseded fact {fact.id}; use {fact.superseded_by} instead. {fact.note}".strip(), **extra)]
    if fact.status == Status.DISPUTED:
        return [place.finding("fact.disputed", Level.WARNING, f"leans on disputed fact {fact.id}: {fact.note}", **extra)]
    out = []
    if supported:
        draft = " (a draft fact, not yet vetted)" if fact.status == Status.DRAFT else ""
        agrees_with = "agrees with" if fact_figure is not None else "is bound to (it gives no figure to compare)"
        out.append(place.finding("figure.supported", Level.INFO, f"{agrees_with} fact {fact.id}{draft}; cite: {_link(entry)}",
                                 suggestion=_citation(entry), **extra))
    end = fact_end_year(fact, source)
    if end + options.stale_years < options.today.year:
        out.append(place.finding("fact.stale", Level.WARNING,
                                 f"fact {fact.id} is stale: its data end in {end}, more than {options.stale_years:g} years ago; "
                                 "look for newer figures", **extra))
    return out


def fact_end_year(fact, source) -> int:
    """The last year a fact's period covers ("2017/18 to 2020/21" -> 2021), else its source's year."""
    return max(years_in(fact.period), default=source.published.year)


def _inconsistency(place: _Place, entry: Entry, fact_figure, seen: _Seen) -> list[Finding]:
    figure = place.figure
    # a fact may hold several figures of one measure (parts and a whole): compare like with like
    records = seen.by_measure[(*entry.key, fact_figure.name if fact_figure is not None else "")]
    clash = next(((f, file, line) for f, file, line in records if comparable(f, figure) and not agrees(f, figure)), None)
    if not any(comparable(f, figure) and agrees(f, figure) for f, _, _ in records):
        records.append((figure, place.file, place.line))
    if clash is None:
        return []
    other, file, line = clash
    return [place.finding("figure.inconsistent", Level.WARNING,
                          f'this measure ({entry.fact.measure}) is given as "{figure.text}" here but as "{other.text}" '
                          f"at {file}:{line}; make them agree", fact_id=entry.fact.id)]


def _unknown(place: _Place, fact_id: str, matcher: Matcher) -> Finding:
    from difflib import get_close_matches

    near = get_close_matches(fact_id, list(matcher.by_id), n=2)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    return place.finding("fact.unknown", Level.ERROR, f'the reference names no fact "{fact_id}"{hint}', fact_id=fact_id)


def _bare_reference(doc, ref, matcher: Matcher, options: CheckOptions) -> list[Finding]:
    """A reference that binds no figure still names a fact: it must exist and be usable."""
    line, column = doc.position(ref.start)
    place = _Place(doc.path, line, column, None, doc.text[ref.start:ref.end])
    entry = matcher.entry(ref.fact_id)
    if entry is None:
        return [_unknown(place, ref.fact_id, matcher)]
    return _status(place, entry, options, supported=False)


def _suppress(findings: list[Finding], doc) -> list[Finding]:
    out = []
    for f in findings:
        codes = doc.suppressions.get(f.line, ())
        if codes and ("*" in codes or f.code in codes):
            f = attrs.evolve(f, suppressed=True)
        out.append(f)
    return out


# -- finding the drafts ---------------------------------------------------------


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob as a regex over posix paths: ``**`` spans folders, ``*`` does not."""
    out = []
    i = 0
    anchored = pattern.startswith("/")  # "/archive" means the archive folder at the root only
    pattern = pattern.strip("/") if not pattern.startswith("**") else pattern
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # a pattern without a slash matches at any depth, as in .gitignore
    prefix = "" if anchored or "/" in pattern else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def iter_drafts(paths: Iterable[str], include: Iterable[str], ignore: Iterable[str], root: Path) -> Iterator[Path]:
    """Files to check: named files as given; folders walked for `include` globs, minus `ignore`.

    Both kinds of glob are matched against the path relative to `root` (the folder of
    factlib.toml, or the working directory), as .gitignore patterns are.
    """
    includes = [glob_regex(p) for p in include]
    ignores = [glob_regex(p) for p in ignore]
    base = root.resolve()

    def relative(path: Path, folder: Path) -> str:
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:  # outside the repository: relative to the folder named
            return path.relative_to(folder).as_posix()

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if any(part.startswith(".") and part not in (".", "..") for part in child.relative_to(path).parts):
                    continue
                if not child.is_file():
                    continue
                rel = relative(child, path)
                if any(r.match(rel) for r in includes) and not any(r.match(rel) for r in ignores):
                    yield child
        elif not any(r.match(relative(path, path.parent)) for r in ignores):
            yield path
