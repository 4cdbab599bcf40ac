"""How fast does factlib find figures? A program, not a test: it prints figures and ratios.

Builds about 5 MB of campaign-style Markdown: headings, bullet lists, links and
paragraphs in which about one sentence in eight carries figures (sentences from
the fixture file ../shared/figure-cases.jsonl when it is there, else synthesized
ones), the rest plain prose. That gives a figure every ~450 characters, the
density of the five seed documents in ../shared/seeds (one every ~510). Then it times ``find_figures`` on it and, in the same
run, a bare ``re.finditer(r"\\d+(?:[.,]\\d+)*", text)`` scan over the same text, and
prints the extractor's MB/s (CPU time, best of --repeat runs) and its time as a
ratio to that scan. The dense case
(fixture sentences only, a figure every ~40 characters) is printed too, as the
worst case.

    python3 bench/bench_figures.py [--mb 5] [--repeat 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from factlib.figures.scan import find_figures

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best_of  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "figure-cases.jsonl"
LOCAL_FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "figure-cases.jsonl"

SUBJECTS = ["Traffickers", "Survivors", "Local councils", "The charity", "Frontline workers", "Our volunteers",
            "The government", "Police forces", "Young people", "Campaigners", "The report", "Social media companies"]
VERBS = ["continue to target", "are working with", "have called for", "rarely report", "often rely on",
         "need better support for", "are still failing", "want clearer rules on", "must listen to", "depend on"]
OBJECTS = ["children in care", "online platforms", "vulnerable adults", "families across the region",
           "the new safeguarding rules", "people with lived experience", "schools and youth services",
           "the national referral mechanism", "migrant workers", "the wider community"]
TAILS = ["", " every day", " in every part of the country", ", according to the charity", ", experts say",
         " despite repeated warnings", " as the crisis deepens", ", and this must change"]
SYNTH = ["{n}% of survivors said they were not believed.", "Referrals rose by {n}% last year.",
         "About {n},{m:03d} people were referred in {y}.", "One in {k} victims is a child.",
         "The scheme costs £{n}m a year.", "Between {a} and {b} per cent of cases are never reported.",
         "Almost half of councils have no plan.", "Numbers have more than doubled since {y}."]


def fixture_sentences() -> list[str]:
    for path in (FIXTURES, LOCAL_FIXTURES):
        if path.exists():
            return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return []


def figure_sentence(rng: random.Random, fixtures: list[str]) -> str:
    if fixtures:
        return rng.choice(fixtures)
    a = rng.randint(2, 40)
    return rng.choice(SYNTH).format(n=rng.randint(2, 99), m=rng.randint(0, 999), y=rng.randint(2005, 2024),
                                    k=rng.randint(3, 12), a=a, b=a + rng.randint(1, 20))


def plain_sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."


def realistic(size: int, rng: random.Random, fixtures: list[str]) -> str:
    """Markdown in which about one sentence in eight carries figures."""
    parts: list[str] = []
    total = 0
    while total < size:
        block = rng.random()
        if block < 0.1:
            text = f"## {rng.choice(SUBJECTS)} and {rng.choice(OBJECTS)}\n\n"
        elif block < 0.3:
            items = [figure_sentence(rng, fixtures) if rng.random() < 0.2 else plain_sentence(rng)
                     for _ in range(rng.randint(2, 5))]
            text = "".join(f"- {item}\n" for item in items) + "\n"
        else:
            sents = [figure_sentence(rng, fixtures) if rng.random() < 0.12 else plain_sentence(rng)
                     for _ in range(rng.randint(3, 7))]
            if rng.random() < 0.2:
                sents.append(f"Read [the full report](https://example.org/reports/{rng.randint(1, 999)}).")
            text = " ".join(sents) + "\n\n"
        parts.append(text)
        total += len(text)
    return "".join(parts)[:size]


def dense(size: int, rng: random.Random, fixtures: list[str]) -> str:
    sents: list[str] = []
    total = 0
    while total < size:
        sents.append(figure_sentence(rng, fixtures))
        total += len(sents[-1]) + 1
    return " ".join(sents)[:size]


def measure(name: str, text: str, repeat: int) -> None:
    baseline = re.compile(r"\d+(?:[.,]\d+)*")
    mb = len(text.encode("utf-8")) / 1e6
    figures = len(find_figures(text))
    # CPU time of this process: on a shared machine wall-clock time measures the neighbours too
    t_ext = best_of(lambda: find_figures(text), repeat, time.process_time)
    t_base = best_of(lambda: sum(1 for _ in baseline.finditer(text)), repeat, time.process_time)
    print(f"{name:9} {mb:5.2f} MB  {figures:7d} figures (one per {len(text) // max(figures, 1)} chars)  "
          f"extractor {mb / t_ext:6.2f} MB/s  baseline {mb / t_base:6.1f} MB/s  ratio {t_ext / t_base:5.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the realistic text in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    fixtures = fixture_sentences()
    size = int(args.mb * 1_000_000)
    print(f"python {sys.version.split()[0]}; sentences from {'the fixture file' if fixtures else 'templates'}; "
          f"CPU time, best of {args.repeat}")
    measure("realistic", realistic(size, rng, fixtures), args.repeat)
    measure("dense", dense(size // 5, rng, fixtures), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
