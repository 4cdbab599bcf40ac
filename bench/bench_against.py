"""Benchmark: `factlib check` throughput of this tree against another checkout (issue 9: within 10%).

    python bench/bench_against.py --against /work/wt/pre [--mb 2] [--files 80] [--facts 1000] [--rounds 5]

Writes the synthetic drafts (`--files` Markdown files, `--mb` MB in all) and library (`--facts`
facts) of bench/synth.py once, then starts two child processes, one running this tree's `src`
and one the other tree's (`PYTHONPATH=<tree>/src`). Each loads the library once, untimed. Then
they take turns, one round each (the first to go swapped every turn), `--rounds` turns in all:
so that a machine shared with other work weighs on both alike, however its load comes and goes.
A round checks every draft as `factlib check` does (CheckRun: index the library, read each
draft, find, bind and judge its figures) and is timed in CPU time (time.process_time).

Printed for each tree: its best round, the median, the time its index of the library takes
alone, its findings; then the ratio this/other of the best rounds (goal: at most 1.10) and the
median of the turns' ratios. Also printed: the same with an index built once and kept
(`check_document` with one Matcher, which keeps what it learns of each fact on first use): the
drafts alone, as a long-lived process checks them.

The child uses only what both layouts have (CheckRun, CheckOptions, check_document, _Seen,
read_document, load_library, Matcher), imported from `factlib.drafts.*` and `factlib.library.load`
or, in a tree from before the packages (f46d8a7), from `factlib.check`, `factlib.documents`,
`factlib.library` and `factlib.matching`. It says which `factlib` it runs, so that a wrong
PYTHONPATH shows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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


def child(drafts: Path, library_dir: Path) -> None:
    """Answer each command on stdin ("check", "kept", "index") with the CPU seconds of one round, as JSON."""
    import gc

    import factlib

    check, read_document, load_library, Matcher = _imports()
    library = load_library(library_dir)
    paths = sorted(drafts.glob("*.md"))
    kept = Matcher(library)
    print(json.dumps({"factlib": factlib.__file__}), flush=True)
    for command in sys.stdin:
        command = command.strip()
        gc.collect()
        findings = 0
        start = time.process_time()
        if command == "check":
            findings = sum(len(found) for _, found in
                           check.CheckRun((read_document(p) for p in paths), library, check.CheckOptions()))
        elif command == "kept":
            seen = check._Seen()
            for p in paths:
                findings += len(check.check_document(read_document(p), kept, check.CheckOptions(), seen)[0])
        elif command == "index":
            Matcher(library)
        else:
            return
        print(json.dumps({"seconds": time.process_time() - start, "findings": findings}), flush=True)


class _Child:
    def __init__(self, tree: Path, drafts: Path, library_dir: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(tree / "src"))
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", str(drafts),
                                         str(library_dir)], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        ran = json.loads(self.process.stdout.readline())["factlib"]  # type: ignore[union-attr]
        if not Path(ran).resolve().is_relative_to((tree / "src").resolve()):
            self.close()
            raise SystemExit(f"the child for {tree} ran {ran}: is factlib installed non-editable?")

    def round(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return json.loads(self.process.stdout.readline())  # type: ignore[union-attr]

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait()


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="another checkout of factlib (its src/ is run)")
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--files", type=int, default=80)
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10, help="turns: rounds of each tree, taken in turn")
    args = parser.parse_args()
    if not (args.against / "src" / "factlib").is_dir():
        print(f"bench_against: {args.against}: no src/factlib there", file=sys.stderr)
        return 2

    sys.path.insert(0, str(HERE))
    from synth import write_drafts, write_library

    trees = {"this": ROOT, "other": args.against.resolve()}
    times: dict[tuple[str, str], list[float]] = {}
    findings: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        size = write_drafts(tmp / "drafts", args.mb, args.files)
        write_library(tmp / "library", args.facts)
        print(f"drafts: {args.files} Markdown files, {size / 1e6:.1f} MB; library: {args.facts:,} synthetic facts; "
              f"{args.rounds} turns of a round each")
        children = {name: _Child(tree, tmp / "drafts", tmp / "library") for name, tree in trees.items()}
        try:
            for command in ("check", "kept", "index"):
                for turn in range(args.rounds):
                    order = ("this", "other") if turn % 2 == 0 else ("other", "this")
                    for name in order:
                        answer = children[name].round(command)
                        times.setdefault((name, command), []).append(answer["seconds"])
                        if command == "check":
                            findings[name] = answer["findings"]
        finally:
            for c in children.values():
                c.close()
    for name, tree in trees.items():
        check, kept = times[(name, "check")], times[(name, "kept")]
        print(f"{name:5} {str(tree):28} check CPU best {min(check):6.3f} s, median {statistics.median(check):.3f} s; "
              f"index alone {min(times[(name, 'index')]):.3f} s; index kept: best {min(kept):.3f} s; "
              f"{findings[name]:,} findings")
    for command, label in (("check", "this / other"), ("kept", "  with the index kept")):
        mine, theirs = times[("this", command)], times[("other", command)]
        turns = statistics.median(a / b for a, b in zip(mine, theirs))
        goal = f"   (goal <= {GOAL:.2f})" if command == "check" else ""
        print(f"{label}: {min(mine) / min(theirs):.2f} of the best rounds, {turns:.2f} the median turn{goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
