"""Benchmark: loading and validating a 10,000-fact library; start-up time of `factlib cite`.

    python bench/bench_library.py [--facts 10000]

Prints the time to load and to validate a synthetic library (goal: under 1 s together, one
core) and the wall time of `factlib cite ID` as a ratio to a bare `python -c pass` measured in
the same run (goal: at most 12x). Also reports the time to parse the files with tomllib instead of
rtoml, the reason rtoml is a dependency.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_library  # noqa: E402
from timing import best_of, calibrate  # noqa: E402


def wall(cmd: list[str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    args = parser.parse_args()

    from factlib.library.load import load_library
    from factlib.library.validate import validate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "facts"
        ids = write_library(folder, args.facts)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"library: {args.facts:,} facts in {len(list(folder.iterdir())):,} files, {size:.1f} MB")
        texts = {fig.text for fact, _ in load_library(folder).facts() for fig in fact.figures}
        print(f"figures: {args.facts:,}, of which {len(texts):,} distinct texts (validate parses each distinct text once)")

        load = best_of(lambda: load_library(folder))
        lib = load_library(folder)
        from factlib.library.validate import _parse

        check = best_of(lambda: (_parse.cache_clear(), validate(lib)))  # cold: nothing parsed before
        findings = validate(lib)
        assert not findings, findings[:3]
        print(f"load:      {load:6.3f} s")
        print(f"validate:  {check:6.3f} s")
        print(f"together:  {load + check:6.3f} s   (goal < 1 s)")

        worst = Path(tmp) / "distinct"
        write_library(worst, args.facts, distinct=True)
        wlib = load_library(worst)
        wtexts = {fig.text for fact, _ in wlib.facts() for fig in fact.figures}
        wcheck = best_of(lambda: (_parse.cache_clear(), validate(wlib)))
        print(f"validate, {len(wtexts):,} distinct texts (worst case): {wcheck:6.3f} s;"
              f" load + validate {load + wcheck:6.3f} s")

        import tomllib

        import rtoml

        texts_ = [p.read_text() for p in sorted(folder.iterdir())]
        fast = best_of(lambda: [rtoml.loads(t) for t in texts_])
        slow = best_of(lambda: [tomllib.loads(t) for t in texts_], repeat=1)
        print(f"parse with tomllib instead of rtoml: {slow:6.3f} s  ({slow / fast:.1f}x rtoml's {fast:.3f} s)")

        small = Path(tmp) / "small"
        write_library(small, 100)
        bare = wall([sys.executable, "-c", "pass"])
        cite = wall([sys.executable, "-m", "factlib", "cite", ids[0], "--library", str(small)])
        print(f"python -c pass:       {bare * 1000:6.1f} ms")
        print(f"factlib cite ID:      {cite * 1000:6.1f} ms   ratio {cite / bare:.1f}x   (goal <= 12x)")
        print(f"machine: a bare Python loop of 10 million additions takes {calibrate():.2f} s here")
    return 0


if __name__ == "__main__":
    sys.exit(main())
