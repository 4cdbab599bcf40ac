"""Benchmark: `factlib check` throughput, scaling with library size, and memory.

    python bench/bench_check.py [--mb 5] [--files 200]

Generates several MB of Markdown drafts and synthetic libraries of 1,000 and 10,000 facts,
then prints, all measured in this run:
- MB/s of checking the drafts against the 10,000-fact library (goal: at least 5 MB/s, one core);
- the same without the start-up (loading and indexing the library, timed on its own): the
  rate at which drafts go through once the library is in memory;
- the time ratio between the 10,000- and the 1,000-fact library (goal: at most 1.3x);
- the ratio to a bare regular-expression number scan of the same files (the floor: reading
  the files and finding digits);
- peak traced memory checking N files and 4N files of the same size each (goal: flat).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_drafts, write_library  # noqa: E402
from timing import best_of, calibrate  # noqa: E402

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def check_folder(folder: Path, library) -> tuple[int, int]:
    """Check every draft in a folder the way `factlib check` does; return (files, findings)."""
    from factlib.drafts.check import CheckOptions, CheckRun
    from factlib.drafts.documents import read_document

    docs = (read_document(p) for p in sorted(folder.glob("*.md")))
    run = CheckRun(docs, library, CheckOptions())
    count = 0
    for _, found in run:
        count += len(found)
    return run.files, count


def regex_scan(folder: Path) -> int:
    n = 0
    for path in sorted(folder.glob("*.md")):
        n += sum(1 for _ in NUMBER.finditer(path.read_text(encoding="utf-8")))
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()

    from factlib.library.load import load_library

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        size = write_drafts(tmp / "drafts", args.mb, args.files)
        write_library(tmp / "lib1k", 1_000)
        write_library(tmp / "lib10k", 10_000)
        lib10k = load_library(tmp / "lib10k")
        mb = size / 1e6
        print(f"drafts: {args.files} Markdown files, {mb:.1f} MB")

        bare = best_of(lambda: regex_scan(tmp / "drafts"), repeat=2)
        # end to end as `factlib check` runs: load the library, index it, read and check every draft
        t1k = best_of(lambda: check_folder(tmp / "drafts", load_library(tmp / "lib1k")), repeat=2)
        t10k = best_of(lambda: check_folder(tmp / "drafts", load_library(tmp / "lib10k")), repeat=2)
        files, findings = check_folder(tmp / "drafts", lib10k)
        from factlib.drafts.binding import Matcher

        startup = best_of(lambda: Matcher(load_library(tmp / "lib10k")), repeat=2)
        print(f"regex number scan:        {bare:6.2f} s  {mb / bare:7.1f} MB/s")
        print(f"check, 1,000 facts:       {t1k:6.2f} s  {mb / t1k:7.1f} MB/s")
        print(f"check, 10,000 facts:      {t10k:6.2f} s  {mb / t10k:7.1f} MB/s   (goal >= 5 MB/s)  {findings:,} findings")
        print(f"  of which start-up:      {startup:6.2f} s  (load and index 10,000 facts); drafts alone "
              f"{mb / (t10k - startup):.1f} MB/s")
        print(f"10,000 / 1,000 facts:     {t10k / t1k:6.2f}x   (goal <= 1.3x)")
        print(f"check / regex scan:       {t10k / bare:6.1f}x")
        print(f"machine: a bare Python loop of 10 million additions takes {calibrate():.2f} s here")

        # memory: the same file size, N files and 4N files
        small = max(10, args.files // 4)
        per_file = mb / args.files
        write_drafts(tmp / "few", per_file * small, small, seed=3)
        write_drafts(tmp / "many", per_file * small * 4, small * 4, seed=3)
        peaks = []
        for name in ("few", "many"):
            tracemalloc.start()
            check_folder(tmp / name, lib10k)
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.stop()
        print(f"peak memory, {small} files:     {peaks[0]:6.1f} MB")
        print(f"peak memory, {small * 4} files:    {peaks[1]:6.1f} MB   ratio {peaks[1] / peaks[0]:.2f}x   (goal: flat)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
