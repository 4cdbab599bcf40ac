"""Benchmark: `factlib check` throughput of this tree against another checkout (issue 9: within 10%).

    python bench/bench_against.py --against /work/wt/pre [--mb 2] [--files 80] [--facts 1000] [--rounds 5] [--pairs 3]

Writes the synthetic drafts (`--files` Markdown files, `--mb` MB in all) and library (`--facts`
facts) of bench/synth.py once, then times checking them with this tree's `src` and with the
other tree's `src` (each run as `PYTHONPATH=<tree>/src`), in child processes of their own,
alternately (`--pairs` of each, the order swapped every pair, so that a busy machine weighs on
both alike). Each child loads the library once, untimed, then checks every draft `--rounds`
times as `factlib check` does (CheckRun: index the library, read each draft, find, bind and judge
its figures) and reports the best CPU time (time.process_time) of a round. Printed: each tree's
best, the time its index of the library takes alone, its findings, and the ratio this/other
(goal: at most 1.10). Also printed, beside it: the best round of checking the drafts against an
index built once and kept (`check_document` with one Matcher, which keeps what it learns of
each fact on first use), the drafts alone, as a long-lived process checks them.

The child uses only what both layouts have (CheckRun, CheckOptions, check_document, _Seen,
read_document, load_library, Matcher), imported from `factlib.drafts.*` and `factlib.library.load` or, in a
tree from before the packages (f46d8a7), from `factlib.check`, `factlib.documents`,
`factlib.library` and `factlib.matching`. It says which `factlib` it ran, so that a wrong
PYTHONPATH shows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOAL = 1.10


def _imports():
    """The check module, read_document, load_library and Matcher of whichever layout is on the path."""
    try:
        from factlib.drafts import check
        from factlib.drafts.binding import Matcher
        from factlib.drafts.documents import read_document
        from factlib.library.load import load_library
    except ImportError:  # the flat layout of f46d8a7
        from factlib import check  # type: ignore[no-redef]
        from factlib.documents import read_document  # type: ignore[no-redef]
        from factlib.library import load_library  # type: ignore[no-redef]
        from factlib.matching import Matcher  # type: ignore[no-redef]
    return check, read_document, load_library, Matcher


def child(drafts: Path, library_dir: Path, rounds: int) -> dict:
    """Best CPU seconds of a round of checking every draft, in this process's `factlib`."""
    import gc

    import factlib

    check, read_document, load_library, Matcher = _imports()
    library = load_library(library_dir)
    paths = sorted(drafts.glob("*.md"))
    best = index = warm = float("inf")
    findings = 0
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        run = check.CheckRun((read_document(p) for p in paths), library, check.CheckOptions())
        findings = sum(len(found) for _, found in run)
        best = min(best, time.process_time() - start)
        gc.collect()
        start = time.process_time()
        Matcher(library)
        index = min(index, time.process_time() - start)
    # the same drafts against an index built once and kept (what it learns of each fact on first
    # use kept too): the drafts alone, as a long-lived process would check them
    matcher = Matcher(library)
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        seen = check._Seen()
        for p in paths:
            check.check_document(read_document(p), matcher, check.CheckOptions(), seen)
        warm = min(warm, time.process_time() - start)
    return {"factlib": factlib.__file__, "best": best, "index": index, "warm": warm, "findings": findings,
            "files": run.files}


def _run_child(tree: Path, drafts: Path, library_dir: Path, rounds: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(drafts), str(library_dir),
                          str(rounds)], env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    if not Path(result["factlib"]).resolve().is_relative_to((tree / "src").resolve()):
        raise SystemExit(f"the child for {tree} ran {result['factlib']}: is factlib installed non-editable?")
    return result


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="another checkout of factlib (its src/ is run)")
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--files", type=int, default=80)
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per child; its best counts")
    parser.add_argument("--pairs", type=int, default=3, help="children per tree, run alternately")
    args = parser.parse_args()
    if not (args.against / "src" / "factlib").is_dir():
        print(f"bench_against: {args.against}: no src/factlib there", file=sys.stderr)
        return 2

    sys.path.insert(0, str(HERE))
    from synth import write_drafts, write_library

    trees = {"this": ROOT, "other": args.against.resolve()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        size = write_drafts(tmp / "drafts", args.mb, args.files)
        write_library(tmp / "library", args.facts)
        print(f"drafts: {args.files} Markdown files, {size / 1e6:.1f} MB; library: {args.facts:,} synthetic facts; "
              f"best of {args.rounds} rounds x {args.pairs} processes per tree")
        results: dict[str, list[dict]] = {name: [] for name in trees}
        for pair in range(args.pairs):
            order = ("this", "other") if pair % 2 == 0 else ("other", "this")
            for name in order:
                results[name].append(_run_child(trees[name], tmp / "drafts", tmp / "library", args.rounds))
    best, warm = {}, {}
    for name, tree in trees.items():
        runs = results[name]
        best[name] = min(r["best"] for r in runs)
        warm[name] = min(r["warm"] for r in runs)
        spread = ", ".join(f"{r['best']:.3f}" for r in runs)
        print(f"{name:5} {str(tree):28} check CPU {best[name]:6.3f} s  ({spread}); index alone "
              f"{min(r['index'] for r in runs):.3f} s; index kept {warm[name]:.3f} s; {runs[0]['findings']:,} findings")
    print(f"this / other: {best['this'] / best['other']:.2f}   (goal <= {GOAL:.2f}); "
          f"with the index kept: {warm['this'] / warm['other']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
