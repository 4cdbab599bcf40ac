"""Benchmark: `factlib site` for a 10,000-fact library, and how fast its search index loads in Chromium.

    python bench/bench_site.py [--facts 10000] [--keep DIR]

Prints the time to build the site (load, audit, pages and search index; goal: under 30 s in all), its size,
and, when Debian's chromium and chromium-driver are installed, the time the catalogue takes in headless
Chromium from file:// to load the search index (script parsed + lunr.Index.load; goal: under 1 s) and
to answer a query. The machine's speed is given as the time of a plain Python loop measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synth import write_library  # noqa: E402
from timing import calibrate  # noqa: E402


def _browser(site: Path) -> dict[str, float] | None:
    from browser import available

    if not available():
        return None
    from browser import start

    driver = start()
    try:
        figures = {}
        for _ in range(3):  # the best of three loads: the first also warms the disk cache
            driver.get((site / "index.html").as_uri())
            from selenium.webdriver.support.ui import WebDriverWait

            WebDriverWait(driver, 60).until(
                lambda d: d.find_element("tag name", "html").get_attribute("data-search-ready") == "true")
            index_ms = float(driver.find_element("tag name", "html").get_attribute("data-index-ms"))
            ready_ms = driver.execute_script("return performance.now()")
            query_ms = driver.execute_script("""
                var q = document.getElementById('q'), t = performance.now();
                q.value = 'recruitment online'; q.dispatchEvent(new Event('input'));
                return performance.now() - t;""")
            run = {"index": index_ms, "page_ready": ready_ms, "query": query_ms}
            figures = {k: min(v, figures.get(k, v)) for k, v in run.items()}
        figures["results"] = driver.find_element("id", "count").text
        return figures
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    parser.add_argument("--workers", type=int, help="processes making the pages (default: one per core, at most 4)")
    args = parser.parse_args()

    from factlib.audit.collect import build_audit
    from factlib.audit.usage import Usage
    from factlib.library.load import load_library
    from factlib.links.store import LinkStore
    from factlib.site import build as site_build

    import datetime as dt

    loop = calibrate()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_library(tmp / "facts", args.facts)
        out = args.keep or tmp / "public"
        if args.keep and args.keep.exists():
            shutil.rmtree(args.keep)
        phases = {}
        start = time.perf_counter()
        lib = load_library(tmp / "facts")
        phases["load"] = time.perf_counter() - start
        t = time.perf_counter()
        with LinkStore(tmp / "links.sqlite", create=False) as store:
            audit = build_audit(lib, store, Usage({}, 0, ()), today=dt.date(2026, 12, 3))
        phases["audit"] = time.perf_counter() - t
        t = time.perf_counter()
        result = site_build.build_site(lib, audit, out, built="2026-12-03", version="bench", workers=args.workers)
        phases[f"site ({args.workers or 'default'} workers)"] = time.perf_counter() - t
        total = time.perf_counter() - start
        index_bytes = (out / "search" / "index.js").stat().st_size
        docs_bytes = (out / "search" / "docs.js").stat().st_size
        print(f"factlib site, {len(lib.facts())} facts, {len(lib.sources)} sources "
              f"(plain Python loop of 10M: {loop:.2f} s on this machine)")
        for name, seconds in phases.items():
            print(f"  {name:<22} {seconds:6.2f} s")
        print(f"  {'total':<22} {total:6.2f} s   goal < 30 s: {'met' if total < 30 else 'NOT met'}")
        print(f"  {result.pages} pages, {result.bytes / 1e6:.1f} MB; search index {index_bytes / 1e6:.1f} MB, "
              f"records {docs_bytes / 1e6:.1f} MB")
        figures = _browser(out)
        if figures is None:
            print("  (no chromium / chromium-driver: browser timings skipped)")
        else:
            print(f"  in headless Chromium from file:// (best of 3): index loaded in {figures['index']:.0f} ms "
                  f"(goal < 1000 ms: {'met' if figures['index'] < 1000 else 'NOT met'}); page ready with "
                  f"search at {figures['page_ready']:.0f} ms; a two-word query answered in {figures['query']:.0f} ms "
                  f"({figures['results']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
