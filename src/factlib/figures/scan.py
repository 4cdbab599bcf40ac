"""Find the figures in a text: shares, changes, counts, money, ranges and years.

:func:`find_figures` scans a text once with a precompiled candidate pattern
(``_CANDIDATE``: a digit, or a number word, "half", "most", "doubled", "twice"...
at the start of a word) and parses only the neighbourhood of each candidate.
The patterns live in :mod:`factlib.figures.patterns`; the decisions listed
below are applied in :mod:`factlib.figures.kinds`.

- the number, what is glued to it and what follows it, with one anchored match
  (``_NUMX`` for digits, ``_WORDX`` for words): "3.8 million", "£1.2m", "35pc",
  "12.5 per cent", "50p", "2.5 times", "27,800+", "Forty-two thousand five
  hundred", "two-fifths", "half a million"; then (``_RIGHT_PATTERN``, the tail of
  both) a second number making a range ("11 to 15", "2019-20") or a share ("1 in
  7", "Nine out of 10", "31 of 79"), a change noun ("a 125% increase"), a hedge
  ("65 or over"), a month (a date, not a figure), or just the next word;
- the words before it, with one anchored match over the reversed text (``_REV``),
  run only when the previous word or character could start one: a currency sign,
  "between"/"from", a hedge ("Just under", "An estimated", "~"), a change word
  ("rose by", "fell", "an increase of", "up"), or a label word that makes the
  number a reference ("Section 15", "top 10", "Python 3.11", "call 999").

Values follow the product contract: shares are percentages whatever the wording,
changes are signed percents, money carries an ISO currency code.

Decisions where the fixtures are silent:

- "most of ..." (not after "the" or "at") and "Most" before a plural noun
  ("Most participants", also mid-sentence: "with most households") are a share
  of 50, qualifier ``over``, span "Most"/"most". "the most", "at most" and "most
  common" are not figures; neither is "most" before anything but a plural noun.
- "one" alone is a count of 1 only where it reads as a number: not in "one of",
  "no one", "for one", "one-off", "one another", "the one", before punctuation
  or a capitalised word. "a"/"an" alone are never figures. "zero" is a count
  only before a plural noun ("zero deaths"; not "net zero", "zero tolerance").
- "one of the 12 councils" is not a share (it names a member); "N of M" needs
  N >= 2. "2 in 10 days" is not a share (a time unit follows), nor is
  "5 in 2021" (a year).
- "rose from 3,217 to 5,441": after a change verb, "from X to Y" is two figures
  (before and after), not a range. Elsewhere "from X to Y" is a range.
- A hyphenated pair that is not a rising range ("3-1", "978-3-16") is not a
  figure at all; "5 to 3" gives two counts.
- A year-shaped number (1800-2100, four digits, no separator) is a year, unless
  a hedge other than over/under/around/about/some/circa/up to precedes it
  ("nearly 2000") or a lower-case plural noun follows it and no year word
  ("in", "since", "the", ...) precedes it ("received 2021 applications").
  "1990s" is the year 1990. "2017/18" and "2019-20" are the first year.
- Dates yield nothing: "3 March 2021", "March 3, 2021", "(2023, July 13)",
  "17/06/2018", "2023-04-25". A month and year ("March 2021") gives the year.
- Digit fractions ("1/3", "50/50", "9/11") are not figures.
- "N% increase/rise/fall/cut ..." is a change unless the noun reads as a verb
  ("40% fall into poverty"): it needs a determiner before the percentage or a
  preposition, punctuation or the end of the text after the noun.
- "N percentage points" alone is a change in points; "N points" alone is a
  count of N; after a change word ("dropped 5 points") it is a change in points.
- "twice"/"N times"/"N-fold" are changes of (N-1)*100 when a comparison follows
  ("twice as likely", "2.5 times higher", span "2.5 times"); "5 times a day"
  is a count of 5. "doubled", "tripled", "halved" ... are changes.
- "a third", "one quarter" ... (a numerator of one) are shares before "of",
  punctuation or the end, or after a hedge or change word; "a third party",
  "a quarter century" are not figures. "half" is a share except in "the first
  half", "half an hour", "half-time"; "half a million" is a count.
- A hedge before the article of a change noun belongs to it: "nearly a 95%
  increase" is a change of 95, qualifier almost. "Up to" and "as many as" are
  ``under``; "at most", "no more than" are ``at_most``.
- "+5%" and "−3%" are changes. Capital single-letter magnitudes ("4B", "10K")
  count only with a currency or before a plural noun ("10M users"); "flat 4B"
  is nothing. Numbers too long for a float are not figures.
- Markdown: "[1]" and "[^2]" are footnote markers, but "[2018](https://...)" is
  a link's text and a figure; URLs, "fact:" references and DOIs are skipped.
- A list item's number glued to its figure at the start of a line ("2.40%",
  "240%" where the text had "2. 40%") is split off when the line before starts
  with the previous item's spaced marker ("1. "); without the dot, the list must
  also go on ("3. " next) or the whole number be a percentage over 100.
- Phone numbers: "0800 123 4567", "+44 20 ...", and a bare number right after
  "call", "dial", "text" ...; 999, 111 and other service numbers, and long
  digit runs, within 60 characters after such a word.
"""

from __future__ import annotations

import math
import re

import attrs

from factlib.figures import numwords as nw
from factlib.figures.kinds import _Kinds
from factlib.figures.patterns import (
    _CANDIDATE, _DROP_SEPARATORS, _FRAC_OK, _LEFT_CHARS, _LEFT_LAST_WORDS, _LINE_HEAD, _LIST_ITEM, _Left, _METRES, _NEXT_WORD,
    _NO_LEFT, _NO_RIGHT, _NO_UNITS, _NUMX, _Num, _OF_NEXT, _PHONE_INTL, _PREV_WORD, _REV, _RIGHT, _TIMES_NEXT, _TOKEN,
    _URL, _Units, _WORDX, _is_plural, _is_year, _run_value, _units,
)
from factlib.model import Kind, Qualifier


@attrs.frozen
class FoundFigure:
    """A figure found in a text: where it is, its words, and what it says."""

    start: int  # character offsets into the text given; text[start:end] == self.text
    end: int
    text: str
    kind: Kind
    value: float | tuple[float, float]  # (low, high) for Kind.RANGE
    qualifier: Qualifier
    unit: str = ""  # "points" for percentage-point changes, "percent" for a range of percents
    currency: str = ""  # ISO code for money


def find_figures(text: str) -> list[FoundFigure]:
    """Every figure in the text, sorted by start, never overlapping. Never raises."""
    if not text:
        return []
    return _Scan(text).run()


def parse_figure(text: str) -> FoundFigure | None:
    """The one figure in a short text such as a fact's ``figures[].text``.

    "approximately 70%", "over a quarter", "1 in 7", "31 of 79 court cases",
    "usually aged 11 to 15", "a 125% increase": :func:`find_figures` on the text,
    and the figure if exactly one was found, else None.
    """
    found = find_figures(text)
    return found[0] if len(found) == 1 else None


class _Scan(_Kinds):
    def __init__(self, text: str) -> None:
        low = text.lower()
        if len(low) != len(text):  # only U+0130 lower-cases to two characters
            low = text.replace("\u0130", "I").lower()
        self.text = text
        self.orig = " " + text  # padded like low, for case checks
        self.low = " " + low  # the pad lets every candidate start after one separator character
        self.rev = self.low[::-1]
        self.n = len(self.low)
        self.found: list[FoundFigure] = []
        self.last_end = 0
        self.pw_at, self.pw = -1, ""

    def run(self) -> list[FoundFigure]:
        low, search = self.low, _CANDIDATE.search
        pos = 0
        while True:
            m = search(low, pos)
            if m is None:
                return self.found
            s = m.start() + 1
            ch = low[s]
            if ch <= "9":
                nxt = self.digits(s)
            elif ch in "hwfd" and (u := _URL.match(low, s)):
                nxt = u.end()
            else:
                nxt = self.words(s)
            pos = nxt if nxt > s else s + 1

    def emit(self, start: int, end: int, kind: Kind, value, qual: Qualifier | None = None,
             unit: str = "", currency: str = "") -> int:
        if start < self.last_end:  # cannot happen: left context stops at the previous figure
            start = self.last_end
        value = (float(value[0]), float(value[1])) if kind is Kind.RANGE else float(value)
        if not all(map(math.isfinite, value if kind is Kind.RANGE else (value,))):
            return end  # a 400-digit number is not a figure
        if kind in (Kind.COUNT, Kind.MONEY) and abs(value - round(value)) <= 1e-9 * abs(value):
            value = float(round(value))  # "4.14 billion" is 4,140,000,000, not 4.14 * 1e9's 4,139,999,999.9999995
        self.found.append(FoundFigure(start - 1, end - 1, self.text[start - 1:end - 1], kind, value,
                                      qual or Qualifier.EXACT, unit, currency))
        self.last_end = end
        return end

    # ------------------------------------------------------------ context

    def prev_word(self, s: int) -> str:
        """The word before s (letters, "." and ":"), lower case; cached for the current number."""
        if s != self.pw_at:
            m = _PREV_WORD.match(self.rev, self.n - s)
            self.pw_at, self.pw = s, m.group(1)[::-1] if m else ""
        return self.pw

    def left(self, s: int) -> _Left:
        if self.low[s - 1] not in _LEFT_CHARS and self.prev_word(s) not in _LEFT_LAST_WORDS:
            return _NO_LEFT
        m = _REV.match(self.rev, self.n - s)
        assert m is not None  # its last alternative is all optional: it always matches
        mon, ref, refc, cur, btw, qual, chg = m.group("mon", "ref", "refc", "cur", "btw", "qual", "chg")
        L = _Left()
        if mon is not None:
            L.mon = True
        elif ref is not None:
            L.ref = True
        elif refc is not None:
            L.ref = self.orig[s - len(refc)].isupper()
        else:
            # the groups are contiguous leftwards from s: each starts where the previous one ends
            floor, at = self.last_end, s
            if cur is not None:
                at -= len(cur)
                if at < floor:
                    return L
                L.cur, L.cur_start = nw.CURRENCY_SIGNS.get(cur.strip()[::-1], "USD"), at
            if btw is not None:
                at -= len(btw)
                if at < floor:
                    return L
                L.btw, L.btw_start = btw.strip()[::-1], at
            if qual is not None:
                at -= len(qual)
                if at < floor:
                    return L
                phrase = " ".join(qual[::-1].split())
                L.qual = nw.QUALIFIER_OF.get(phrase, Qualifier.APPROX)  # else a tilde
                L.qual_phrase, L.qual_start = phrase if phrase in nw.QUALIFIER_OF else "", at
            if chg is not None:
                at -= len(chg)
                if at < floor:
                    return L
                phrase = " ".join(w for w in chg[::-1].split() if w not in ("by", "of"))
                L.chg, L.chg_start = nw.CHANGE_VERBS.get(phrase) or nw.CHANGE_NOUNS.get(phrase, 0), at
        return L

    def next_word(self, e: int) -> str:
        m = _NEXT_WORD.match(self.orig, e)
        return m.group(1) if m else ""

    def plural_next(self, e: int) -> bool:
        """Is the next word a plural noun (maybe after one adjective such as "new" or "UK")?"""
        m = _NEXT_WORD.match(self.orig, e)
        if m is None:
            return False
        word = m.group(1)
        if word.lower() in nw.MOST_ADJECTIVES:
            m2 = _NEXT_WORD.match(self.orig, m.end())
            if m2 is not None and _is_plural(m2.group(1)):
                return True
        return _is_plural(word)

    def plural_after(self, x: _Num) -> bool:
        """plural_next for x, reading the next word from x's own match where it can."""
        if x.how != "word":
            return x.right is _NO_RIGHT and self.plural_next(x.end)
        word = x.right.group("word")
        if word in nw.MOST_ADJECTIVES:
            return self.plural_next(x.end)
        end = x.right.end()
        return _is_plural(self.orig[end - len(word):end])

    # ------------------------------------------------------------ numbers

    def number_at(self, p: int) -> tuple[_Num | None, re.Match | None]:
        """The number at p (None if there is none: a phone number, "0800"), with its match."""
        if p >= self.n:
            return None, None
        if "0" <= self.low[p] <= "9":
            m = _NUMX.match(self.low, p)
            assert m is not None  # a digit always starts a number
            phone, num, tail, units = m.group("phone", "num", "tail", "u")
            if phone is not None or tail is not None or (num[0] == "0" and len(num) > 1 and num[1] != "."):
                return None, m
            return self.digit_number(p, m, num, _units(units)), m
        m = _WORDX.match(self.low, p)
        if m is None or m.group("wn") is None or m.group("frac") is not None:
            return None, m
        return self.word_number(p, m), m

    def word_number(self, s: int, m: re.Match) -> _Num | None:
        """A run of number words; the run stops at the first word that cannot continue the number."""
        value, length, digits, whole = _run_value(m.group("wn"))
        if not length:
            return None
        end = s + length
        if not whole:
            return _Num(s, end, value, digits, True, False, _NO_UNITS, _RIGHT.match(self.low, end) or _NO_RIGHT)
        andhalf, units = m.group("andhalf", "u")
        if andhalf is not None:
            value += 0.5
            if m.group("ahmag") is not None:
                value *= nw.MAGNITUDES[m.group("ahmag")]
            end = m.end("andhalf")
        return _Num(s, end, value, digits, True, False, _units(units) if units else _NO_UNITS, m)

    # ------------------------------------------------------------ digits

    def digits(self, s: int, glued: bool = False) -> int:
        low = self.low
        m = _NUMX.match(low, s)
        assert m is not None  # a digit always starts a number
        phone, num, tail, units = m.group("phone", "num", "tail", "u")
        if phone is not None or (num[0] == "0" and len(num) > 1 and num[1] != "."):
            return m.end()  # 0800 123 4567, 007
        # cheap test first: a list number can only be glued at the start of a line
        if (not glued and len(num) > 1 and (low[s - 1] == "\n" or (low[s - 1] == " " and (s < 2 or low[s - 2] in " \t\n")))
                and (k := self.list_marker(s, num, units))):
            return self.digits(s + k, glued=True)  # "2.40%" or "240%" for item 2's "40%"
        sep = low[s - 1]
        if sep in "-/.:,'’+" and s >= 2 and not glued:
            before = low[s - 2]
            if before.isalnum() and sep != "+":
                return m.end()  # Covid-19, offences.3, 978-3-16
            if sep == "+" and (p := _PHONE_INTL.match(low, s)):
                return p.end()
        if tail is not None:  # 2017/18, or 3.2.1, 10:30, 24/7, 17/06/2018, 2023-04-25
            if tail[0] == "/" and len(num) == 4 and self.year_pair(num, tail[1:], "/"):
                return self.emit(s, m.end("tail"), Kind.YEAR, float(num))
            return m.end()
        L = self.left(s)
        if units:
            u = _units(units)
            if u.att and not u.pct and not u.currency:
                if u.att == "s" and u.bare and len(num) == 4 and _is_year(num, float(num)) and num[3] == "0":
                    return self.emit(s, m.end("u"), Kind.YEAR, float(num))  # the 1990s
                return m.end()  # 21st, 5G, 10am, 2AA
            if len(u.mag_text) == 1:
                mag_end = s + len(num) + u.num_end
                if self.orig[mag_end - 1].isupper() and not L.cur and not self.plural_next(mag_end):
                    return m.end()  # flat 4B
                if u.mag_text == "m" and not L.cur and _METRES.match(low, mag_end):
                    return m.end()  # a 100m sprint
        else:
            u = _NO_UNITS
        x = self.digit_number(s, m, num, u)
        if L.cur and not x.currency:
            x.currency, x.bare = L.cur, False
        if sep == "+" or sep == "−" or (sep == "-" and (s < 2 or low[s - 2] in " \t\n(")):
            x.sign = 1 if sep == "+" else -1
        return self.finish(x, L)

    def list_marker(self, s: int, num: str, units: str | None) -> int:
        """How many characters of the number at s are a list item's number glued to its figure, else 0.

        Text extracted from a PDF or a rendered list can lose the space after "2.", so that
        "2. 40%" reads "2.40%" or "240%". Only at the start of a line, and only where the text
        clearly is a list: the line before starts with the previous item's spaced marker ("1. ").
        Without the dot ("240%") the list must also go on ("3. " on the line after), or the
        number read whole be a percentage over 100.
        """
        if len(num) < 2 or not num[0].isdigit() or not _LINE_HEAD.match(self.rev, self.n - s):
            return 0
        for k in (1, 2):
            if not num[:k].isdigit():
                break
            dot = num[k:k + 1] == "."
            rest = num[k + dot:]
            if not rest[:1].isdigit() or (rest[0] == "0" and rest[1:2] not in ("", ".")):
                continue
            item = int(num[:k])
            if item < 2 or self.item_number(s, before=True) != item - 1:
                continue
            over_100 = units is not None and "%" in units and float(num.translate(_DROP_SEPARATORS)) > 100
            if dot or over_100 or self.item_number(s, before=False) == item + 1:
                return k + dot
        return 0

    def item_number(self, s: int, *, before: bool) -> int:
        """The list number that starts the nearest non-blank line before (or after) the line at s, or -1."""
        low = self.low
        if before:
            end = low.rfind("\n", 0, s)
            while end > 0:
                start = low.rfind("\n", 0, end) + 1
                if low[start:end].strip():
                    break
                end = start - 1
            else:
                return -1
        else:
            start = low.find("\n", s)
            while start != -1:
                start += 1
                end = low.find("\n", start)
                end = len(low) if end == -1 else end
                if low[start:end].strip():
                    break
                start = end if end < len(low) else -1
            else:
                return -1
        m = _LIST_ITEM.match(low, start)
        return int(m.group(1)) if m and m.end() <= end else -1

    @staticmethod
    def digit_number(p: int, m: re.Match, num: str, u: _Units) -> _Num:
        digits = num if num.isdigit() else num.translate(_DROP_SEPARATORS)
        return _Num(p, p + len(num), float(digits), digits, False, len(digits) != len(num), u, m)

    @staticmethod
    def year_pair(first: str, second: str, joiner: str) -> bool:
        """Is "<first><joiner><second>" one year, as in 2017/18, 2019-20, 2010-2020?"""
        if not (first.isdigit() and second.isdigit() and _is_year(first, float(first))):
            return False
        year, y = int(first), int(second)
        if len(second) == 4:
            return y == year + 1 if joiner == "/" else y > year
        if len(second) == 2:
            nxt = (year + 1) % 100
            return y == nxt if joiner == "/" else (y > year % 100 or y == nxt)
        return False

    # ------------------------------------------------------------ words

    def words(self, s: int) -> int:
        low = self.low
        m = _WORDX.match(low, s)
        if m is None:
            return s + 1
        wn, most, half, mult, twice = m.group("wn", "most", "half", "mult", "twice")
        if wn is not None:
            L = self.left(s)
            if m.group("frac") is not None:
                return self.fraction(s, m, L)
            x = self.word_number(s, m)
            if x is None:
                return m.end("wn")
            if low.startswith(("-first", "-second"), x.end):
                return x.end + 1  # twenty-first
            return self.finish(x, L)
        if most is not None:
            return self.most(s, s + 4)
        L = self.left(s)
        if half is not None:
            return self.half(s, m, L)
        if mult is not None:
            return self.emit(L.start(s), s + len(mult), Kind.CHANGE, nw.MULTIPLES[mult], L.qual)
        if twice is not None:
            if not _TIMES_NEXT.match(low, s + 5):
                return s + 5
            return self.emit(L.start(s), s + 5, Kind.CHANGE, 100.0, L.qual)
        foldw = m.group("foldw")
        value = nw.words_value([foldw[:-4].strip(" -\u00a0")])[0]
        right = _RIGHT.match(low, s + len(foldw)) or _NO_RIGHT
        return self.percent(_Num(s, s + len(foldw), value, "", True, False, _units("fold"), right), L)

    def lone_word_ok(self, x: _Num) -> bool:
        """Does a lone "one" or "zero" read as a number here?"""
        if x.digits == "zero":
            return self.plural_after(x)
        if self.low.startswith(("-", "'", "’"), x.end) or self.prev_word(x.start) in nw.ONE_PREV_STOP:
            return False
        word = self.next_word(x.end)
        return bool(word) and word.islower() and word not in nw.ONE_NEXT_STOP

    def fraction(self, s: int, m: re.Match, L: _Left) -> int:
        den = nw.FRACTIONS[m.group("frac")]
        toks = _TOKEN.findall(m.group("wn"))
        numer, used = (1.0, 1) if toks in (["a"], ["an"]) else nw.words_value(toks)
        if used != len(toks) or not (1 <= numer < den) or numer != int(numer):
            return m.end("frac")  # an ordinal: "twenty-fifth"
        if m.group("fracmag") is not None:
            value = numer / den * nw.MAGNITUDES[m.group("fracmag")]
            return self.emit(L.start(s), m.end("fracmag"), Kind.COUNT, value, L.qual)
        end = m.end("frac")
        if numer == 1 and L.qual is None and not L.chg and not _FRAC_OK.match(self.low, end):
            return end  # "a third term", "a quarter century"
        return self.share_or_change(s, end, numer / den * 100, L)

    def share_or_change(self, s: int, end: int, value: float, L: _Left) -> int:
        if L.chg and L.btw != "from":
            return self.emit(L.start(s, change=True), end, Kind.CHANGE, L.chg * value, L.qual)
        return self.emit(L.start(s), end, Kind.SHARE, value, L.qual)

    def half(self, s: int, m: re.Match, L: _Left) -> int:
        if m.group("halfmag") is not None:
            value = 0.5 * nw.MAGNITUDES[m.group("halfmag")]
            return self.emit(L.start(s), m.end("halfmag"), Kind.COUNT, value, L.qual)
        end = s + 4
        if self.low.startswith("-", end) or (L.qual is None and self.prev_word(s) in nw.HALF_PREV_STOP):
            return end
        if self.next_word(end).lower() in nw.HALF_NEXT_STOP:
            return end  # half an hour, half a day, half-time
        return self.share_or_change(s, end, 50.0, L)

    def most(self, s: int, end: int) -> int:
        if self.prev_word(s) in nw.MOST_PREV_STOP:
            return end
        if _OF_NEXT.match(self.low, end) or self.plural_next(end):
            return self.emit(s, end, Kind.SHARE, 50.0, Qualifier.OVER)
        return end
