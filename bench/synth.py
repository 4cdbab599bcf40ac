"""Synthetic libraries and drafts for the benchmarks: realistic shapes, deterministic content.

Facts are built from templates like the shipped library's (shares, changes, counts,
ranges), over a vocabulary large enough that topics do not all collide, so that
matching a draft sentence behaves as it would on a real, large library.
"""

from __future__ import annotations

import random
from pathlib import Path

TOPICS = """grooming trafficking exploitation recruitment runaways refugees migrants workers domestic
agriculture fishing construction hospitality nail-bars car-washes cannabis farms county-lines begging
forced-marriage organ-removal debt-bondage sexual-exploitation online-abuse livestreaming sextortion
webcam dating-apps gaming-platforms social-media messaging encrypted-chats advertisements escort-sites
job-offers visa-fraud recruitment-fees passports confiscation wages overtime housing hostels shelters
hotlines helplines referrals identification prosecutions convictions sentences compensation asylum
returns reintegration schooling truancy exclusions care-leavers foster-care residential-homes police
courts prosecutors charities councils ministries embassies airlines banks remittances cryptocurrency
""".split()
PLACES = ["England and Wales", "Scotland", "Northern Ireland", "United States", "Canada", "Australia",
          "the Philippines", "Nigeria", "Vietnam", "Albania", "Romania", "Brazil", "India", "worldwide"]
WORDS = """analysis survey hotline report audit review inspection census register dataset estimate
tracker index barometer monitor scorecard briefing bulletin digest""".split()


def _topic(rng: random.Random) -> list[str]:
    return [w.replace("-", " ") for w in rng.sample(TOPICS, 3)]


def _fact(rng: random.Random, n: int, distinct: bool = False) -> tuple[str, str, str]:
    """(quote, figures TOML, statement) of one fact; `distinct` gives shares and changes a decimal,
    so that almost no two figure texts are the same (the worst case for validation)."""
    a, b, c = _topic(rng)
    place = rng.choice(PLACES)
    kind = n % 4
    if kind == 0:
        v = round(rng.uniform(11, 89), 1) if distinct else rng.randint(11, 89)
        quote = f"In {place}, about {v}% of {a} cases involved {b} linked to {c}."
        figs = f'{{ text = "about {v}%", kind = "share", value = {v}, qualifier = "approx" }}'
    elif kind == 1:
        v = round(rng.uniform(5, 180), 1) if distinct else rng.randint(5, 180)
        quote = f"Reports of {a} through {b} in {place} increased by {v}% as {c} grew."
        figs = f'{{ text = "increased by {v}%", kind = "change", value = {v} }}'
    elif kind == 2:
        v = rng.randint(1_000, 990_000)
        quote = f"The {rng.choice(WORDS)} recorded {v:,} {a} referrals involving {b} and {c} in {place}."
        figs = f'{{ text = "{v:,}", kind = "count", value = {v} }}'
    else:
        d = rng.randint(3, 12)
        quote = f"One in {d} {a} victims in {place} was first contacted through {b} or {c}."
        figs = f'{{ text = "One in {d}", kind = "share", value = {round(100 / d, 4)} }}'
    return quote, figs, quote


def write_library(folder: Path, facts: int, per_file: int = 10, seed: int = 1, distinct: bool = False) -> list[str]:
    """Write `facts` synthetic facts into `folder` (per_file per source); return the fact ids."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for f in range((facts + per_file - 1) // per_file):
        source_id = f"synthetic-source-{f:05d}"
        parts = [f'''[source]
id = "{source_id}"
title = "Synthetic {rng.choice(WORDS)} number {f}"
publisher = "Synthetic Publisher {f % 97}"
url = "https://example.org/reports/{source_id}"
published = "20{rng.randint(15, 24)}-0{rng.randint(1, 9)}"
accessed = 2026-11-01
kind = "report"
''']
        for k in range(per_file):
            n = f * per_file + k
            if n >= facts:
                break
            quote, figs, statement = _fact(rng, n, distinct)
            fact_id = f"synthetic-fact-{n:06d}"
            ids.append(fact_id)
            measure = f"synthetic-measure-{n:06d}"
            parts.append(f'''
[[facts]]
id = "{fact_id}"
statement = "{statement}"
quote = "{quote}"
figures = [{figs}]
measure = "{measure}"
scope = "{rng.choice(PLACES)}"
period = "20{rng.randint(15, 24)}"
status = "vetted"
keywords = {[w for w in quote.lower().replace(",", "").replace(".", "").split() if len(w) > 4][:5]}
tags = ["synthetic"]
''')
        (folder / f"{source_id}.toml").write_text("".join(parts).replace("'", '"'), encoding="utf-8")
    return ids


# Campaign prose: most paragraphs tell a story or ask for action; some carry a figure or two.
PARAGRAPHS = [
    "Campaigners say {a} is rising: about {v}% of {b} cases now involve {c}, according to the {w}.",
    "Our helpline took {n:,} calls last year, and {d} in 10 callers mentioned {a} or {b}.",
    "Reports of {a} linked to {b} increased by {v}% in {place}, the {w} found.",
    "In {place}, {a} and {c} remain hidden; the {w} counted {n:,} {b} referrals.",
    "Nobody should face {a} alone. Read our guide to {b}, {c} and the support available, and share it "
    "with the people you work with: teachers, youth workers, social workers and parents.",
    "When Amina was fifteen she met someone through {b} who promised her a job. What followed was {a}, "
    "and it took months before anyone noticed. Her story is not unusual, and it is why we campaign.",
    "We are asking the government to act on {a}: fund specialist support, train frontline staff to spot "
    "{b}, and make sure that every survivor of {c} is treated as a victim, not a criminal.",
    "Traffickers use {b} to find and groom young people. They pretend to be friends, offer gifts or work, "
    "and then use threats, debts or shame to keep control. Spotting the signs early saves lives.",
    "## What you can do\n\nTalk to the young people in your life about {b}. Learn the signs of {a}. "
    "If you are worried, call the police or a helpline, and keep a note of what you saw.",
]

# narrative paragraphs weigh more, so that the drafts carry a figure about every 500 characters,
# as the seed documents do
WEIGHTS = [1, 1, 1, 1, 3, 3, 3, 3, 3]


def write_drafts(folder: Path, megabytes: float, files: int, seed: int = 2) -> int:
    """Write about `megabytes` of Markdown drafts over `files` files; return the bytes written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_file = int(megabytes * 1_000_000 / files)
    total = 0
    for i in range(files):
        chunks = [f"---\ntitle: Draft {i}\n---\n\n# Campaign draft {i}\n\n"]
        size = len(chunks[0])
        while size < per_file:
            a, b, c = _topic(rng)
            para = rng.choices(PARAGRAPHS, weights=WEIGHTS)[0].format(
                a=a, b=b, c=c, v=rng.randint(5, 95), n=rng.randint(100, 99_000), d=rng.randint(1, 9),
                w=rng.choice(WORDS), place=rng.choice(PLACES))
            if rng.random() < 0.1:
                para = f"- {para}\n"
            chunks.append(para + "\n\n")
            size += len(para) + 2
        data = "".join(chunks)
        (folder / f"draft-{i:04d}.md").write_text(data, encoding="utf-8")
        total += len(data.encode("utf-8"))
    return total
