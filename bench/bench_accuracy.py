"""How right is `factlib check`? A program, not a test: it prints the figures issue 9 set goals for.

    python bench/bench_accuracy.py [--verbose] [--shared PATH]

On ../shared/binding-cases.jsonl (real pages, their statistics labelled against the shipped
library; see ../shared/binding-cases.md) it checks each page as a text draft and prints:
- restated facts bound right: a `supported` label gets figure.supported naming its fact or a
  fact of the same measure, scope and period (one measure for binding, whichever source states
  it: the groups come from the library itself); a `contradicts` label gets figure.contradicts;
- other figures called contradictions, and other figures wrongly supported (`unbound` labels);
  goals: at least 90% bound right, at most 1% of each of the other two.
Then the same pages checked as web pages (each line a <p>, the page's title in <title>, which opens
the page as its first lines open a text draft). Then drift on the same pages: each labelled figure written with digits is changed in turn (scaled
by 1.6, or moved by 3 when under 10) in its page: a changed restated fact should become an error,
a changed other figure should still not be called a contradiction.
It prints the cite round trip: what `factlib cite ID --style S` prints for each vetted fact,
pasted into a draft of the style's own format (198 pastes for 66 facts) and into every format
(594), must check with no error and, when the fact has a figure to check, as figure.supported
for it or an equivalent. And on ../shared/figure-cases.jsonl, the share of sentences whose
figures `find_figures` reads exactly (spans, kinds, values, qualifiers).

../shared sits beside the repository in CI; without it the page-based figures are skipped.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import html
import json
import re
from typing import Callable
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (CI), or beside the folder of worktrees
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT.parent / "shared")
STYLES = {"markdown": ("markdown", "draft.md"), "html": ("html", "draft.html"), "text": ("text", "draft.txt")}
TODAY = dt.date(2026, 11, 25)  # a fixed day: staleness is not what is measured


def groups(library) -> dict[str, set[str]]:
    """Each fact id -> the ids of its measure, scope and period (itself included)."""
    by_key: dict[tuple, set[str]] = {}
    for fact, _ in library.facts():
        by_key.setdefault(fact.measure_key(), set()).add(fact.id)
    return {fid: ids for ids in by_key.values() for fid in ids}


_MATCHERS: dict[int, object] = {}


def check_text(library, text: str, fmt: str = "text", path: str = "draft.txt"):
    """The findings for one draft, checked as `factlib check` checks it (one index per library)."""
    from factlib.drafts.binding import Matcher
    from factlib.drafts.check import CheckOptions, check_document
    from factlib.drafts.documents import document_from_text

    matcher = _MATCHERS.get(id(library))
    if matcher is None:
        matcher = _MATCHERS[id(library)] = Matcher(library)
    doc = document_from_text(text, path=path, format=fmt)
    return check_document(doc, matcher, CheckOptions(today=TODAY))[0]


def score_binding(library, cases: list[dict], verbose: bool = False, *, html: bool = False) -> dict[str, int]:
    """The three binding figures of score_binding.py, computed in-process; with `html`, each page
    is checked as a web page with its title (as_html)."""
    group = groups(library)
    n_bound = right = n_unbound = contra = support = 0
    for case in cases:
        hits_of = _hits_html(library, case) if html else _hits_text(library, case)
        for label in case["labels"]:
            hits = hits_of(label)
            where = f"{'html ' if html else ''}{case['name']}: {label['text']!r}"
            if label["verdict"] in ("supported", "contradicts"):
                n_bound += 1
                want, ids = "figure." + label["verdict"], group.get(label["fact"], {label["fact"]})
                if any(code == want and fid in ids for code, fid in hits):
                    right += 1
                elif verbose:
                    print(f"missed {label['verdict']}: {where} -> {label['fact']}; got {sorted(hits, key=str)}")
                continue
            n_unbound += 1
            if any(code == "figure.contradicts" for code, _ in hits):
                contra += 1
                if verbose:
                    print(f"false contradiction: {where} ({label.get('why')}) -> {sorted(hits, key=str)}")
            elif any(code == "figure.supported" for code, _ in hits):
                support += 1
                if verbose:
                    print(f"false support: {where} ({label.get('why')}) -> {sorted(hits, key=str)}")
    return {"bound": n_bound, "right": right, "unbound": n_unbound, "contradictions": contra, "supports": support}


def _hits_text(library, case: dict) -> Callable[[dict], set]:
    """(code, fact id) of the figure findings inside a label's span, the page checked as a text draft."""
    text = case["text"]
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    found = [(starts[f.line - 1] + f.column - 1, f) for f in check_text(library, text)]
    return lambda label: {(f.code, f.fact_id) for at, f in found
                          if label["start"] <= at < label["end"] and f.code.startswith("figure.")}


def _hits_html(library, case: dict) -> Callable[[dict], set]:
    """The same, the page checked as HTML with its title."""
    source, position = as_html(case)
    found = check_text(library, source, "html", "page.html")

    def hits(label: dict) -> set:
        (line, first), (_, last) = position(label["start"]), position(label["end"] - 1)
        return {(f.code, f.fact_id) for f in found
                if f.line == line and first <= f.column <= last and f.code.startswith("figure.")}
    return hits


def as_html(case: dict) -> tuple[str, Callable[[int], tuple[int, int]]]:
    """A page as a web page: its title in <title>, each line of its text a <p>; and where a text
    offset stands in that source (line, column), as findings give it."""
    lines = case["text"].split("\n")
    source = (f"<html><head><title>{html.escape(case.get('title') or '')}</title></head><body>\n"
              + "\n".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines) + "\n</body></html>")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def position(offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(starts, offset) - 1
        return k + 2, 4 + len(html.escape(lines[k][:offset - starts[k]], quote=False))

    return source, position


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def changed(number: str) -> str:
    """A number changed as drift changes it: digits scaled by 1.6 ("5,441" -> "8,706"), small ones moved by 3."""
    value = float(number.replace(",", ""))
    if value >= 10:
        new = f"{value * 1.6:,.0f}" if "," in number or value >= 10_000 else f"{value * 1.6:.0f}"
    else:
        new = f"{value + 3:g}"
    return new


def drift(library, cases: list[dict], verbose: bool = False) -> dict[str, int]:
    """Each labelled figure written with digits, changed in its page in turn (the rest of the page as it
    is): a restated fact's changed figure should be an error (figure.contradicts or figure.known-error);
    another figure's changed figure should still not be called a contradiction."""
    n_restated = caught = n_other = contra = 0
    for case in cases:
        text = case["text"]
        for label in case["labels"]:
            m = _DIGITS.search(label["text"])
            if m is None:
                continue
            at = label["start"] + m.start()
            new = changed(m.group())
            page = text[:at] + new + text[at + len(m.group()):]
            starts = [0]
            for line in page.split("\n"):
                starts.append(starts[-1] + len(line) + 1)
            codes = {f.code for f in check_text(library, page)
                     if label["start"] <= starts[f.line - 1] + f.column - 1 < label["end"] + len(new) - len(m.group())}
            where = f"{case['name']}: {label['text']!r} -> {new}"
            if label["verdict"] == "supported":
                n_restated += 1
                if codes & {"figure.contradicts", "figure.known-error"}:
                    caught += 1
                elif verbose:
                    print(f"drift missed: {where}; got {sorted(codes)}")
            elif label["verdict"] == "unbound":
                n_other += 1
                if "figure.contradicts" in codes:
                    contra += 1
                    if verbose:
                        print(f"drift false contradiction: {where} ({label.get('why')})")
    return {"restated": n_restated, "caught": caught, "other": n_other, "contradictions": contra}


def round_trip(library, *, every_format: bool = False, verbose: bool = False) -> tuple[int, int, list[str]]:
    """(clean pastes, pastes, what failed) for every vetted fact's citation in every style."""
    from factlib.library.cite import cite
    from factlib.model import Kind, Status

    group = groups(library)
    clean = total = 0
    failed = []
    for fact, source in library.facts():
        if fact.status != Status.VETTED:
            continue
        checkable = any(Kind(f.kind) != Kind.YEAR for f in fact.headline_figures())
        for style in STYLES:
            pasted = cite(fact, source, style)
            for fmt, path in STYLES.values() if every_format else [STYLES[style]]:
                total += 1
                findings = check_text(library, pasted + "\n", fmt, path)
                errors = [f for f in findings if f.level.value == "error"]
                supported = any(f.code == "figure.supported" and f.fact_id in group[fact.id] for f in findings)
                if not errors and (supported or not checkable):
                    clean += 1
                    continue
                why = ", ".join(f"{f.code} {f.text!r} ({f.fact_id})" for f in errors) or "not supported"
                failed.append(f"{fact.id} --style {style} in {fmt}: {why}")
    if verbose:
        for line in failed:
            print("round trip:", line)
    return clean, total, failed


def figure_accuracy(cases: list[dict]) -> tuple[int, int]:
    """(sentences whose figures are read exactly, sentences)."""
    from factlib.figures.scan import find_figures

    right = 0
    for case in cases:
        got = [(f.start, f.end, f.text, f.kind.value, f.qualifier.value) for f in find_figures(case["text"])]
        want = [(w["start"], w["end"], w["text"], w["kind"], w["qualifier"]) for w in case["figures"]]
        values = all(_close(f.value, w["value"]) for f, w in zip(find_figures(case["text"]), case["figures"]))
        right += got == want and values
    return right, len(cases)


def _close(got, want) -> bool:
    if isinstance(got, tuple) or isinstance(want, list):
        return isinstance(got, tuple) and isinstance(want, list) and all(_close(a, b) for a, b in zip(got, want))
    return abs(float(got) - float(want)) <= 0.01 * max(1.0, abs(float(want)))


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({a / max(1, b):.1%})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the folder of binding-cases.jsonl")
    args = parser.parse_args(argv)

    from factlib.library.load import load_library

    library = load_library(ROOT / "facts")
    cases_path = args.shared / "binding-cases.jsonl"
    if cases_path.is_file():
        cases = [json.loads(line) for line in cases_path.open(encoding="utf-8")]
        s = score_binding(library, cases, args.verbose)
        print(f"binding on {len(cases)} pages: {_pct(s['right'], s['bound'])} restated facts bound right (goal >= 90%); "
              f"{_pct(s['contradictions'], s['unbound'])} other figures called contradictions (goal <= 1%); "
              f"{_pct(s['supports'], s['unbound'])} wrongly supported (goal <= 1%)")
        h = score_binding(library, cases, args.verbose, html=True)
        print(f"the same pages as HTML with their titles: {_pct(h['right'], h['bound'])} bound right; "
              f"{_pct(h['contradictions'], h['unbound'])} other figures called contradictions; "
              f"{_pct(h['supports'], h['unbound'])} wrongly supported")
        d = drift(library, cases, args.verbose)
        print(f"drift on the same pages, each figure changed in turn: {_pct(d['caught'], d['restated'])} changed restated "
              f"facts caught as errors; {_pct(d['contradictions'], d['other'])} changed other figures called contradictions")
    else:
        print(f"binding: skipped ({cases_path} not found)")
    clean, total, _ = round_trip(library, verbose=args.verbose)
    every, every_total, _ = round_trip(library, every_format=True)
    print(f"cite round trip: {clean}/{total} pastes clean, each style in its own format (goal: all); "
          f"{every}/{every_total} in every format")
    figures_path = args.shared / "figure-cases.jsonl"
    if not figures_path.is_file():
        figures_path = ROOT / "tests" / "data" / "figure-cases.jsonl"
    if figures_path.is_file():
        cases = [json.loads(line) for line in figures_path.open(encoding="utf-8")]
        right, n = figure_accuracy(cases)
        print(f"figure cases: {_pct(right, n)} sentences read exactly")
    else:
        print("figure cases: skipped (no figure-cases.jsonl)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
