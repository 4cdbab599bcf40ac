"""Folding words to terms: the one rule by which search and the binder compare a writer's words.

A term is a lowercase word with light stemming ("rising" → "ris", "crimes" →
"crime") and a few synonyms ("rose", "increase" and "jumped" are all "rise");
stop words ("the", "of") and the words of "per cent" fold to "" and are dropped.
"""

from __future__ import annotations

import functools
import re

WORD = re.compile(r"[a-z0-9]+")

SYNONYMS = {
    **dict.fromkeys(["rose", "risen", "rising", "increase", "increas", "grew", "grown", "growth", "jump", "jumped", "climb", "up", "surge"], "rise"),
    **dict.fromkeys(["fell", "fallen", "falling", "decrease", "decreas", "decline", "declin", "drop", "dropped", "down", "cut"], "fall"),
    **dict.fromkeys(["offence", "offense", "crime"], "crime"),
    **dict.fromkeys(["child", "children", "minor", "young"], "child"),
    **dict.fromkeys(["percent", "per", "cent", "pc"], ""),
}
STOP = frozenset("a an and the of in on for to by with at from is are was were be been it its this that as or".split())


def terms(text: str) -> list[str]:
    """Words folded to search terms: lowercase, light stemming, synonyms, no stop words."""
    fold = fold_word
    return [t for t in map(fold, WORD.findall(text.casefold())) if t]


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One lowercase word as a term; "" for a stop word."""
    if word in STOP:
        return ""
    stem = _stem(word)
    return SYNONYMS.get(word, SYNONYMS.get(stem, stem))


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
