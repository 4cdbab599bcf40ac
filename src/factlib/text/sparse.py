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
        yield from pattern.finditer(text)
        return
    pos, n = 0, len(text)
    rev = text[::-1]  # runs before a word are runs after it in the reversed text
    before, after = _runs(back, longest).match, _runs(forward, longest).match
    while pos < n:
        word = words.search(text, pos)
        if word is None:
            return
        at = word.start()
        # no match starts in [pos, lo): its first word would be at or after `at`, and stand
        # within `back` runs after its start. A match that starts by `at` has its first word
        # there, so it ends, and its pattern reads, before `hi`: the text cut there reads alike.
        lo = max(pos, n - _end(before(rev, n - at)))
        hi = _end(after(text, at)) + 2  # and two characters the pattern may read past the runs
        m = pattern.search(text, lo, min(n, hi + 1))
        if m is not None and m.start() <= at:
            yield m
            pos = m.end()
        else:
            pos = at + 1  # no match starts by `at`
