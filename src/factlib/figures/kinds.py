"""What a number found in prose is: a label, a ratio, a range, a share, a change or a count.

The rules behind each decision are listed in :mod:`factlib.figures.scan`'s
docstring; this mixin of :class:`factlib.figures.scan._Scan` applies them once
a number, what is glued to it and what stands before it have been read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factlib.figures import numwords as nw
from factlib.figures.patterns import (
    _ARTICLE_QUALIFIER, _CALL_NEAR, _DAY_YEAR, _DETERMINER, _LINE_START, _Left, _NOUN_END, _NO_LEFT, _Num,
    _RATIO, _REF_LIST, _TIMES_NEXT, _is_year,
)
from factlib.model import Kind, Qualifier


class _Kinds:
    """Deciding and emitting figures; the scanner supplies emit(), number_at() and the texts."""

    # the scanner's texts (figures/scan.py): lower-cased and padded, reversed, original case
    low: str
    rev: str
    orig: str
    n: int
    last_end: int

    if TYPE_CHECKING:  # the scanner's readers, which these decisions call
        def emit(self, start: int, end: int, kind: Kind, value, qual: Qualifier | None = None,
                 unit: str = "", currency: str = "") -> int: ...

        def number_at(self, p: int) -> tuple[_Num | None, re.Match | None]: ...

        def prev_word(self, s: int) -> str: ...

        def plural_after(self, x: _Num) -> bool: ...

        def lone_word_ok(self, x: _Num) -> bool: ...

        @staticmethod
        def year_pair(first: str, second: str, joiner: str) -> bool: ...

    def finish(self, x: _Num, L: _Left) -> int:
        """Reject labels, join ranges and ratios, then emit a single figure."""
        if x.bare:
            if x.word:
                if L.ref:
                    return x.end  # top ten
            elif (rejected := self.label(x, L)) is not None:
                return rejected
        how = x.how
        if how == "rng":
            done = self.range(x, L)
            if done is not None:
                return done
        elif how in _RATIO and x.bare:
            done = self.ratio(x, L)
            if done is not None:
                return done
        return self.single(x, L)

    def label(self, x: _Num, L: _Left) -> int | None:
        """Where to resume if the bare number x is a label (list marker, footnote, reference, date, phone)."""
        low, n = self.low, self.n
        digits = x.digits
        sep = low[x.start - 1]
        nxt = low[x.end] if x.end < n else " "
        if (L is _NO_LEFT and sep == " " and nxt not in ".)" and len(digits) < 5
                and digits not in nw.SERVICE_NUMBERS):
            return None  # the usual case: nothing label-like around
        yearish = not x.grouped and _is_year(digits, x.value)
        small_int = len(digits) <= 3 and digits.isdigit()
        if L is not _NO_LEFT:
            if L.ref and not x.grouped and not yearish:
                listed = _REF_LIST.match(low, x.end)  # always matches (it may be empty)
                return listed.end() if listed else x.end
            if L.mon and small_int and x.value <= 31:
                d = _DAY_YEAR.match(low, x.end)
                return d.end() if d else x.end  # March 3, 2021
        if sep in "[^#" and not yearish or sep == "[" and nxt == "]":
            if not low.startswith("](", x.end):  # [2018](https://...) is a link's text
                return x.end  # a footnote: [1], [^2]
        if sep in ")]”\"’'" and small_int and x.start >= 2 and not low[x.start - 2].isspace():
            return x.end  # a footnote after a closing mark: (33%)5
        if sep == "(" and nxt == ")" and not yearish:
            return x.end + 1
        if small_int and nxt in ".)" and (x.end + 1 >= n or low[x.end + 1].isspace()) and _LINE_START.match(
                self.rev, n - x.start):
            return x.end + 1  # a list marker
        if (digits in nw.SERVICE_NUMBERS or len(digits) >= 5 and digits.isdigit()) and not x.grouped:
            if _CALL_NEAR.search(low, max(0, x.start - 60), x.start):
                return x.end  # call 999 ... or 111
        return None

    def ratio(self, x: _Num, L: _Left) -> int | None:
        """ "1 in 7", "Nine out of 10", "31 of 79": a share. Only the denominator's number counts."""
        how = x.how
        if x.value != int(x.value) or (how == "rof" and x.value < 2):
            return None  # "one of the 12 councils" names a member
        y, _ = self.number_at(x.right.end())
        if y is None or y.u.pct:
            return None
        den = y.value * y.u.mag
        if how != "rout" and not y.word and not y.grouped and y.u.mag == 1 and _is_year(y.digits, y.value):
            return None  # 5 in 2021
        if not (den > 0 and 0 <= x.value <= den):
            return None
        if how == "rin" and y.how == "tu" and y.u.bare:
            return None  # 2 in 10 days
        return self.emit(L.start(x.start), y.end_num, Kind.SHARE, x.value / den * 100, L.qual)

    def range(self, x: _Num, L: _Left) -> int | None:
        """ "11 to 15", "between 1.6 and 2.8 million", "40,000–50,000", and year spans "2019-20"."""
        r = x.right
        joiner = r.group(r.lastgroup or 0).strip()
        u = x.u
        if joiner == "and" and L.btw != "between":
            return None
        if (L.btw == "from" and L.chg) or u.pts or u.times or u.fold or u.plus or u.odd:
            return None  # rose from 3,217 to 5,441: before and after, not a range
        p = r.end()
        cur2 = ""
        if self.low[p] in "£$€¥₹":
            cur2, p = nw.CURRENCY_SIGNS[self.low[p]], p + 1
        y, m = self.number_at(p)
        if y is None or y.u.pts or y.u.times or y.u.fold or y.u.odd or y.u.att:
            return None
        start = L.btw_start if L.btw else L.start(x.start)
        if x.bare and not x.word and not x.grouped and _is_year(x.digits, x.value):
            if y.bare and not y.word and not y.grouped and (joiner in "-–—" or len(y.digits) == 4) \
                    and self.year_pair(x.digits, y.digits, "-"):
                return self.emit(start, y.end, Kind.YEAR, x.value)
            return None
        hi = y.value * y.u.mag
        lo = x.value * (u.mag if u.mag != 1 else (y.u.mag if x.value <= y.value else 1.0))
        if not lo < hi:
            return y.end if joiner in "-–—" and x.bare and y.bare else None  # 3-1, 978-3
        qual = L.qual if L.qual is not None and (not L.btw or L.qual_start < L.btw_start) else None
        if qual is not None:
            start = min(start, L.qual_start)
        if L.cur:
            start = min(start, L.cur_start)
        currency = x.currency or cur2 or y.currency
        factor = u.factor if u.currency else y.u.factor
        unit = "percent" if (u.pct or y.u.pct) else ""
        return self.emit(start, y.end, Kind.RANGE, (lo * factor, hi * factor), qual, unit, currency)

    def single(self, x: _Num, L: _Left) -> int:
        u = x.u
        if u.pct or u.pts or u.fold:
            return self.percent(x, L)
        how, r = x.how, x.right
        qual = L.qual
        end = x.end
        if u.times:
            if not _TIMES_NEXT.match(self.low, x.end):
                return self.emit(L.start(x.start), x.end_num, Kind.COUNT, x.value * u.mag, qual)
            return self.emit(L.start(x.start), x.end, Kind.CHANGE, (x.value - 1) * 100, qual)
        if u.plus:
            qual = qual or Qualifier.AT_LEAST
        elif u.odd:
            qual = qual or Qualifier.APPROX
        if how == "sq" and qual is None:
            qual, end = nw.SUFFIX_QUALIFIERS[" ".join(r.group("sq").split())], r.end()
        if x.currency:
            value = x.value * u.mag * u.factor
            return self.emit(L.start(x.start), end, Kind.MONEY, value, qual, currency=x.currency)
        if x.bare:
            if x.word:
                if x.digits in ("one", "zero") and not self.lone_word_ok(x):
                    return x.end
            elif how == "mon" and x.value <= 31 and (r.group("mon") != "may" or self.orig[r.start("mon")] == "M"):
                d = _DAY_YEAR.match(self.low, r.end())
                return d.end() if d else r.end()  # 3 March 2021
            elif how == "ampm" and x.value <= 12.59:
                return r.end()  # 10.30am
            elif how == "ydate":
                return r.end()  # (2023, July 13)
            elif not x.grouped and _is_year(x.digits, x.value):
                counted = (L.qual is not None and L.qual_phrase not in nw.WEAK_YEAR_QUALIFIERS) or (
                    self.plural_after(x) and (L.qual is not None or self.prev_word(x.start) not in nw.YEAR_CONTEXT))
                if not counted:
                    return self.emit(x.start, x.end, Kind.YEAR, x.value)
        return self.emit(L.start(x.start), end, Kind.COUNT, x.value * u.mag, qual)

    def percent(self, x: _Num, L: _Left) -> int:
        """A percentage, percentage points or an N-fold: a share, or a change when a change word says so."""
        u, how, r = x.u, x.how, x.right
        qual, end, sign = L.qual, x.end, 0
        if L.chg and L.btw != "from":
            sign, start = L.chg, L.start(x.start, change=True)
        else:
            start = L.start(x.start)
            if how == "chgn" and self.noun_reads_as_noun(x, r):
                sign, end = nw.CHANGE_NOUNS[r.group("chgn")], r.end()
                if qual is None and (a := _ARTICLE_QUALIFIER.match(self.rev, self.n - x.start)):
                    if self.n - a.end() >= self.last_end:  # "nearly a 95% increase"
                        qual = nw.QUALIFIER_OF[" ".join(a.group(1)[::-1].split())]
                        start = self.n - a.end()
            elif (how == "cmp" or how == "cmpt") and u.pct:
                sign, end = nw.COMPARATIVES[r.group(how)], r.end()
            elif x.sign:
                sign, start = x.sign, min(start, x.start - 1)
        if u.fold:  # a fivefold fall leaves a fifth: -80%
            value = (x.value - 1) * 100 if sign >= 0 else -(1 - 1 / x.value) * 100 if x.value else 0.0
            return self.emit(start, end, Kind.CHANGE, value, qual)
        if u.pts and not u.pct and not sign and u.pts.startswith(("point", "pt")):
            return self.emit(L.start(x.start), x.end_num, Kind.COUNT, x.value * u.mag, qual)  # 5 points
        if how == "sq" and qual is None and not sign:
            qual, end = nw.SUFFIX_QUALIFIERS[" ".join(r.group("sq").split())], r.end()
        if sign or u.pts:
            unit = "points" if u.pts else ""
            return self.emit(start, end, Kind.CHANGE, (sign or 1) * x.value * u.mag, qual, unit)
        return self.emit(start, end, Kind.SHARE, x.value * u.mag, qual)

    def noun_reads_as_noun(self, x: _Num, r: re.Match) -> bool:
        """Is the word after "N%" a noun (a 20% cut) rather than a verb (40% fall into poverty)?"""
        return bool(_NOUN_END.match(self.low, r.end()) or _DETERMINER.match(self.rev, self.n - x.start))
