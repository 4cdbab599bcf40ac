"""The library's rules (PRODUCT.md §1): each broken rule is one Finding with file and line.

Loading has already refused what cannot be read (bad TOML, wrong types, unknown
statuses, impossible dates); these rules are about what the records say.
The codes are listed in docs/codes.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from factlib.figures.compare import ArithmeticError_, agrees, check_relation, comparable, show_value
from factlib.codes import finding
from factlib.findings import Finding
from factlib.text.vocabulary import canonical_place, canonical_platform, canonical_population
from factlib.model import Fact, Figure, Kind, Library, Source, Status
from factlib.library.tomlpos import SourceLines

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate(library: Library, *, today: dt.date | None = None) -> list[Finding]:
    """Every broken rule of the library, sorted by file and line."""
    today = today or dt.date.today()
    lines = SourceLines()
    findings: list[Finding] = []

    def add(code: str, source: Source, field: str, message: str, fact_id: str = "") -> None:
        findings.append(finding(code, source.path, lines(source, field), message, fact_id=fact_id))

    _check_ids(library, add)
    fact_ids = {fact.id for fact, _ in library.facts()}
    for source in library.sources:
        _check_source(source, library, today, add)
        for i, fact in enumerate(source.facts):
            _check_fact(source, i, fact, fact_ids, today, add)
            if fact.corrected_by:
                _check_correction(library, source, i, fact, add)
    _check_cycles(library, add)
    _check_agreement(library, add)
    findings.sort(key=lambda f: (f.file, f.line, f.code))
    return findings


def _check_ids(library: Library, add) -> None:
    seen_sources: dict[str, Source] = {}
    seen_facts: dict[str, Source] = {}
    for source in library.sources:
        if not SLUG.match(source.id):
            add("id.invalid", source, "source.id", f'source id "{source.id}" is not a slug (lowercase letters, digits and single hyphens)')
        stem = Path(source.path).stem
        if stem != source.id:
            add("id.file-mismatch", source, "source.id", f'source id "{source.id}" differs from its file name "{stem}.toml"; rename one')
        if source.id in seen_sources:
            add("id.duplicate", source, "source.id", f'source id "{source.id}" is also used by {seen_sources[source.id].path}')
        seen_sources.setdefault(source.id, source)
        for i, fact in enumerate(source.facts):
            if not SLUG.match(fact.id):
                add("id.invalid", source, f"facts[{i}].id", f'fact id "{fact.id}" is not a slug (lowercase letters, digits and single hyphens)', fact.id)
            if fact.id in seen_facts:
                add("id.duplicate", source, f"facts[{i}].id", f'fact id "{fact.id}" is also used in {seen_facts[fact.id].path}', fact.id)
            seen_facts.setdefault(fact.id, source)


def _check_source(source: Source, library: Library, today: dt.date, add) -> None:
    for field in ("title", "publisher"):
        if not getattr(source, field).strip():
            add("fact.empty-field", source, f"source.{field}", f"{field} is empty")
    for field in ("url", "archive_url"):
        url = getattr(source, field)
        if (url or field == "url") and not _is_http_url(url):
            add("url.invalid", source, f"source.{field}", f'{field} "{url}" is not an absolute http(s) URL')
    if source.accessed > today:
        add("date.future", source, "source.accessed", f"accessed {source.accessed} is in the future")
    if source.published.earliest() > today:
        add("date.future", source, "source.published", f"published {source.published} is in the future")
    elif source.published.earliest() > source.accessed:
        add("date.order", source, "source.published", f"published {source.published} is after accessed {source.accessed}")
    for j, cited in enumerate(source.cites):
        if cited == source.id:
            add("ref.cycle", source, f"source.cites[{j}]", f'source "{source.id}" cites itself')
        elif library.source(cited) is None:
            add("ref.unknown", source, f"source.cites[{j}]", f'cites "{cited}", which is no source id in the library')


def _check_fact(source: Source, i: int, fact: Fact, fact_ids: set[str], today: dt.date, add) -> None:
    at = f"facts[{i}]"
    for field in ("statement", "quote", "measure", "scope", "period"):
        if not getattr(fact, field).strip():
            add("fact.empty-field", source, f"{at}.{field}", f"{field} is empty", fact.id)
    if not fact.status.active and not fact.note.strip():
        add("fact.note-missing", source, f"{at}.status", f"a {fact.status.value} fact needs a note saying what is wrong and what to use instead", fact.id)
    if fact.reviewed_on and fact.reviewed_on > today:
        add("date.future", source, f"{at}.reviewed_on", f"reviewed_on {fact.reviewed_on} is in the future", fact.id)
    if fact.status == Status.SUPERSEDED and not fact.superseded_by:
        add("ref.unknown", source, f"{at}.superseded_by", "a superseded fact names its successor in superseded_by", fact.id)
    if fact.superseded_by:
        if fact.status != Status.SUPERSEDED:
            add("ref.unknown", source, f"{at}.superseded_by", f'superseded_by is set but status is "{fact.status.value}"; set status = "superseded" or clear it', fact.id)
        elif fact.superseded_by not in fact_ids:
            add("ref.unknown", source, f"{at}.superseded_by", f'superseded_by "{fact.superseded_by}" is no fact id in the library', fact.id)
    for finding in _check_figures(fact):
        field, code, message = finding
        add(code, source, f"{at}.{field}", message, fact.id)
    for field, read, examples in _SCOPE_FIELDS:
        for j, name in enumerate(getattr(fact, field)):
            try:
                read(name)
            except KeyError:
                add("scope.unknown-name", source, f"{at}.{field}[{j}]",
                    f'{field} names "{name}", which binding does not know (use names such as {examples})', fact.id)


# the structured scope fields and the names they take (factlib.text.vocabulary)
_SCOPE_FIELDS = (
    ("places", canonical_place, '"England and Wales", "UK", "Scotland", "United States", "Texas", "world"'),
    ("platforms", canonical_platform, '"Facebook", "Instagram", "Snapchat", "Meta apps", "big four apps"'),
    ("population", canonical_population, '"girls", "boys", "women", "men", "adults", "children", "under 13"'),
)


def _check_correction(library: Library, source: Source, i: int, fact: Fact, add) -> None:
    """corrected_by: only on a disputed fact, naming a fact that is itself usable (not disputed or worse)."""
    at = f"facts[{i}].corrected_by"
    if fact.status != Status.DISPUTED:
        add("ref.unknown", source, at, f'corrected_by is set but status is "{fact.status.value}"; '
            'only a disputed fact names its correction (a superseded one names its successor in superseded_by)', fact.id)
        return
    found = library.fact(fact.corrected_by)
    if found is None:
        add("ref.unknown", source, at, f'corrected_by "{fact.corrected_by}" is no fact id in the library', fact.id)
    elif found[0].id == fact.id:
        add("ref.unknown", source, at, "a fact cannot correct itself", fact.id)
    elif not found[0].status.active:
        add("ref.unknown", source, at, f'corrected_by "{fact.corrected_by}" is {found[0].status.value}: '
            "a correction must be a draft or vetted fact", fact.id)


def _check_figures(fact: Fact) -> Iterator[tuple[str, str, str]]:
    names: dict[str, Figure] = {}
    for j, figure in enumerate(fact.figures):
        at = f"figures[{j}]"
        if figure.name:
            if figure.name in names:
                yield f"{at}.name", "figure.duplicate-name", f'two figures are named "{figure.name}"'
            names[figure.name] = figure
        if figure.text not in fact.quote:
            yield f"{at}.text", "figure.not-in-quote", f'"{figure.text}" does not occur verbatim in the quote'
        shape = _value_problem(figure)
        if shape:
            yield f"{at}.value", "figure.bad-value", shape
            continue
        parsed = _parse(figure.text)
        if parsed is None:
            yield f"{at}.text", "figure.unparsed", f'"{figure.text}" does not read as one figure; give the exact phrase of one figure'
            continue
        if parsed.kind != figure.kind:
            yield f"{at}.kind", "figure.mismatch", f'"{figure.text}" reads as kind {parsed.kind.value}, not {figure.kind.value}'
            continue
        if not _same_value(figure.value, parsed.value):
            yield f"{at}.value", "figure.mismatch", f'"{figure.text}" reads as {show_value(parsed.value)}, not {show_value(figure.value)}'
        if parsed.qualifier != figure.qualifier:
            yield f"{at}.qualifier", "figure.mismatch", f'"{figure.text}" reads as qualifier {parsed.qualifier.value}, not {figure.qualifier.value}'
        # a count's unit names what is counted ("police forces") and is free text;
        # "points" and "percent" change the number's meaning and must match what the text says
        if (parsed.unit in ("points", "percent") or figure.unit in ("points", "percent")) and parsed.unit != figure.unit:
            yield f"{at}.unit", "figure.mismatch", f'"{figure.text}" reads with unit "{parsed.unit}", not "{figure.unit}"'
        if (parsed.currency or "") != figure.currency:
            yield f"{at}.currency", "figure.mismatch", f'"{figure.text}" reads with currency "{parsed.currency}", not "{figure.currency}"'
    for k, relation in enumerate(fact.arithmetic):
        try:
            holds, lhs, rhs = check_relation(relation, names)
        except ArithmeticError_ as err:
            yield f"arithmetic[{k}]", "arithmetic.invalid", f"{err}"
            continue
        if not holds:
            yield (f"arithmetic[{k}]", "arithmetic.fails",
                   f'"{relation}" does not hold: {_show_interval(lhs)} against {_show_interval(rhs)}')


@functools.lru_cache(maxsize=65536)
def _parse(text: str):
    """parse_figure, once per distinct text: libraries repeat their phrasings ("half", "a third", "32%")."""
    from factlib.figures.scan import parse_figure

    return parse_figure(text)


def _value_problem(figure: Figure) -> str:
    if figure.kind == Kind.RANGE:
        if not isinstance(figure.value, tuple):
            return "a range's value is [low, high]"
        if figure.value[0] > figure.value[1]:
            return f"range [{show_value(figure.value[0])}, {show_value(figure.value[1])}] has low above high"
        return ""
    if isinstance(figure.value, tuple):
        return f"a {figure.kind.value}'s value is one number, not [low, high]"
    if figure.kind == Kind.SHARE and not 0 <= figure.value <= 100:
        return f"a share is a percentage from 0 to 100, got {show_value(figure.value)}"
    return ""


def _same_value(declared, parsed) -> bool:
    if isinstance(declared, tuple) or isinstance(parsed, tuple):
        if not (isinstance(declared, tuple) and isinstance(parsed, tuple)):
            return False
        return all(_same_value(d, p) for d, p in zip(declared, parsed))
    # the declared value may round the parsed one to the digits it gives: 14.29 for 1 in 7
    text = repr(float(declared))
    decimals = 0 if text.endswith(".0") or "e" in text else len(text.split(".")[1])
    return abs(float(declared) - float(parsed)) <= 0.5 * 10 ** -decimals + 1e-9 * max(1.0, abs(parsed))


def _show_interval(iv: tuple[float, float]) -> str:
    low, high = iv
    if abs(high - low) < 1e-12:
        return f"{low:.4g}"
    return f"{low:.4g}–{high:.4g}"


def _check_cycles(library: Library, add) -> None:
    graph = {s.id: [c for c in s.cites if library.source(c) is not None and c != s.id] for s in library.sources}
    for cycle_start in _cycles(graph):
        source = library.source(cycle_start)
        assert source is not None  # the graph holds only source ids of the library
        add("ref.cycle", source, "source.cites", f'source "{cycle_start}" cites itself through a chain of cites')
    chain = {f.id: [f.superseded_by] for f, _ in library.facts() if f.superseded_by and library.fact(f.superseded_by)}
    for start in _cycles(chain):
        found = library.fact(start)
        assert found is not None  # the chain holds only fact ids of the library
        fact, source = found
        index = source.facts.index(fact)
        add("ref.cycle", source, f"facts[{index}].superseded_by", f'fact "{start}" is superseded by itself through a chain', start)


def _cycles(graph: dict[str, list[str]]) -> list[str]:
    """One node per cycle in a directed graph (iterative DFS, three colours)."""
    colour: dict[str, int] = {}
    found: list[str] = []
    for root in graph:
        if colour.get(root):
            continue
        stack = [(root, iter(graph.get(root, ())))]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
            elif colour.get(child) == 1:
                found.append(child)
            elif not colour.get(child):
                colour[child] = 1
                stack.append((child, iter(graph.get(child, ()))))
    return found




def _check_agreement(library: Library, add) -> None:
    groups: dict[tuple[str, str, str], list[tuple[Fact, Source]]] = defaultdict(list)
    for fact, source in library.facts():
        if fact.status.active and fact.measure.strip():
            groups[fact.measure_key()].append((fact, source))
    for members in groups.values():
        for n, (fact, source) in enumerate(members):
            for other, other_source in members[:n]:
                clash = _disagreement(fact, other)
                if clash:
                    mine, theirs = clash
                    index = source.facts.index(fact)
                    add("measure.disagree", source, f"facts[{index}].figures",
                        f'"{mine.text}" disagrees with "{theirs.text}" of fact "{other.id}" ({other_source.path}), '
                        "which has the same measure, scope and period; fix one, or mark it disputed or superseded",
                        fact.id)


def _disagreement(a: Fact, b: Fact) -> tuple[Figure, Figure] | None:
    heads_a, heads_b = a.headline_figures(), b.headline_figures()
    for fa in heads_a:
        for fb in heads_b:
            if fa.name and fb.name and fa.name != fb.name:
                continue
            if (fa.name or fb.name) and not (fa.name and fb.name) and len(heads_a) > 1 and len(heads_b) > 1:
                continue
            if comparable(fa, fb) and not agrees(fa, fb):
                return fa, fb
    return None


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url
