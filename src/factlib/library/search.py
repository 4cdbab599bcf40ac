"""Ranking facts by relevance to a writer's words.

A small BM25 over the fields a writer searches by — statement, quote, keywords,
tags, publisher, measure — with field weights, and words folded to terms by
:mod:`factlib.text.fold` ("rise" finds "rose" and "increase"). Vetted facts
rank above drafts, and both above disputed, superseded and retracted ones.
"""

from __future__ import annotations

import math
from collections import Counter

import attrs

from factlib.model import Fact, Library, Source, Status
from factlib.text.fold import terms

FIELD_WEIGHTS = {"keywords": 3.0, "tags": 3.0, "statement": 2.0, "measure": 1.5, "quote": 1.0, "publisher": 1.0}
STATUS_WEIGHT = {
    Status.VETTED: 1.0,
    Status.DRAFT: 0.85,
    Status.DISPUTED: 0.6,
    Status.SUPERSEDED: 0.4,
    Status.RETRACTED: 0.3,
}


@attrs.frozen
class Hit:
    fact: Fact
    source: Source
    score: float


def search(library: Library, query: str, *, limit: int | None = None) -> list[Hit]:
    """Facts that share a term with the query, best first (ties keep file order)."""
    wanted = list(dict.fromkeys(terms(query)))
    if not wanted:
        return []
    docs = [(fact, source, _fields(fact, source)) for fact, source in library.facts()]
    n = len(docs)
    df: Counter[str] = Counter()
    for _, _, fields in docs:
        present = set().union(*fields.values()) if fields else set()
        df.update(t for t in wanted if t in present)
    hits = []
    for fact, source, fields in docs:
        score = 0.0
        for term in wanted:
            if not df[term]:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            weight = sum(FIELD_WEIGHTS[f] * c[term] / (c[term] + 1.2) for f, c in fields.items() if term in c)
            score += idf * weight
        if score > 0:
            hits.append(Hit(fact, source, score * STATUS_WEIGHT[fact.status]))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit] if limit else hits


def _fields(fact: Fact, source: Source) -> dict[str, Counter]:
    return {
        "keywords": Counter(terms(" ".join(fact.keywords))),
        "tags": Counter(terms(" ".join(fact.tags))),
        "statement": Counter(terms(fact.statement)),
        "measure": Counter(terms(fact.measure.replace("-", " "))),
        "quote": Counter(terms(fact.quote)),
        "publisher": Counter(terms(source.publisher)),
    }
