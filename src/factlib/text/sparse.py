"""`pattern.finditer(text)` for a long text, trying the pattern only near the words every match contains.

Python's regular-expression engine tries a pattern that starts with an alternation of words at
every position of the text: over a whole document that is most of the cost of reading, say, the
periods it names ("in the last three years", "2019/20"). When every match of the pattern contains
one of a few words (a year, "year", "month"), and the match's words around that word are few and
short, only the text around each such word can hold a match.

:func:`sparse_finditer` gives exactly what ``pattern.finditer(text)`` gives, given the pattern's
*shape*: every match contains a match of `words`, at most `back` runs of non-space characters
(each at most `longest` long) stand before the first such word in the match, and at most
`forward` runs from that word on, the pattern reading at most two characters and a run of white
space beyond the match (a trailing ``\\b`` or ``(?!\\s*%)``). The caller states the shape next to the
pattern; tests/test_sparse.py holds the periods' patterns to it.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

LONG = 2000  # a text shorter than this is scanned whole: there is little to skip


@functools.lru_cache(maxsize=64)
def _runs(runs: int, longest: int) -> re.Pattern:
    """`runs` times: white space, then at most `longest` other characters (a word, or the part of one next to it)."""
    return re.compile(r"(?:\s*\S{0,%d}){%d}\s*" % (longest, runs))


def _end(m: re.Match | None) -> int:
    assert m is not None  # every part of _runs is optional: it matches anywhere
    return m.end()


def sparse_finditer(pattern: re.Pattern, text: str, words: re.Pattern, *, back: int, forward: int,
                    longest: int = 16) -> Iterator[re.Match]:
    """Every match of `pattern` in `text`, as `pattern.finditer(text)` gives them (see the module's
    docstring for the shape the pattern must have). Matches never empty."""
    if len(text) < LONG:
        if words.search(text):  # (no match without one)
            yield from pattern.finditer(text)
        return
    n = len(text)
    rev = text[::-1]  # runs before a word are runs after it in the reversed text
    before, after = _runs(back, longest).match, _runs(forward, longest).match
    # around each word, the stretch a match whose first word it is lies in, with the two characters
    # its pattern may read past its end and one more (walking from the word's end also covers a
    # word that overlaps it); overlapping stretches are merged. A match lies in its first word's
    # stretch, so every match is in one stretch and starts in no other; a match the pattern finds
    # in a stretch cut from the text has a first word whose stretch is within it, so the text cut
    # there reads as the whole text does.
    stretches = sorted((n - _end(before(rev, n - m.start())), min(n, _end(after(text, m.end())) + 3))
                       for m in words.finditer(text))
    lo = hi = -1
    for a, b in stretches:
        if a < hi:
            hi = max(hi, b)
            continue
        if hi > 0:
            yield from pattern.finditer(text, lo, hi)
        lo, hi = a, b
    if hi > 0:
        yield from pattern.finditer(text, lo, hi)
