"""Find the figures in a text: shares, changes, counts, money, ranges and years.

:func:`find_figures` scans a text once with a precompiled candidate pattern
(``_CANDIDATE``: a digit, or a number word, "half", "most", "doubled", "twice"...
at the start of a word) and parses only the neighbourhood of each candidate:

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
- Phone numbers: "0800 123 4567", "+44 20 ...", and a bare number right after
  "call", "dial", "text" ...; 999, 111 and other service numbers, and long
  digit runs, within 60 characters after such a word.
"""

from __future__ import annotations

import math
import re

import attrs

from factlib.figures import numwords as nw
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


# ---------------------------------------------------------------- patterns

_HS = r"[^\S\n]"  # a space that is not a line break (includes U+00A0, U+202F)
# spaces with at most one line break; written so a run of spaces splits only one way
_SP = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"


def _trie(phrases, *, reverse: bool = False) -> str:
    """Phrases as a prefix tree, so the engine rejects most positions on one character.

    Words are separated by any spaces (one line break allowed); ``reverse`` spells
    each phrase backwards, for matching leftwards over the reversed text.
    """
    root: dict = {}
    for phrase in phrases:
        words = phrase.split()
        if reverse:
            words = [w[::-1] for w in reversed(words)]
        node = root
        for ch in " ".join(words):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(_SP if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + emit(root) + ")"


def _uncaptured(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_SCALE_WORDS = r"(?:million|billion|thousand|hundred|dozen|trillion)"
_FRACTION_WORDS = r"(?:half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
# Where a figure may start: a digit or a number word at the start of a word. The
# engine skips to the next non-word character on its own; "most" and "one" are
# filtered here, since most of them in prose are not numbers.
_CANDIDATE = re.compile(
    r"[\W_](?:[0-9]|"
    + _trie([*(w for w in nw.UNITS if w != "one"), *nw.TENS, "half", "twice", *nw.MULTIPLES,
             *(w + "fold" for w in nw.FOLD_WORDS)])
    + r"\b|an?(?=" + _HS + r"+(?:" + _SCALE_WORDS + "|" + _FRACTION_WORDS + r")\b)"
    r"|one\b(?!" + _SP + _trie(nw.ONE_NOT_BEFORE) + r"\b)"
    r"|most(?=" + _SP + r"(?:of|[a-z]+s|[a-z]+" + _SP + r"[a-z]+s|" + _trie(nw.IRREGULAR_PLURALS) + r")\b)"
    r"|https?://|www\.|fact:|doi:)"
)
_URL = re.compile(r"(?:https?://|www\.|fact:|doi:)[^\s<>\"'`)\]]*")

# What follows a number: a second number (range, share), a word that changes its
# reading, or just the next word. Appended to _NUMX and _WORDX, so one match reads a
# number and its right side; the leading space is matched once for all the words.
_RIGHT_PATTERN = (
    r"(?:(?P<rin2>-in-)(?=[0-9a-z])"
    r"|(?P<rng2>" + _HS + r"*[-–—]" + _HS + r"*)(?=[0-9£$€¥₹a-z])"
    r"|(?P<ydate>," + _HS + r"*" + _trie(nw.MONTHS) + r"\.?" + _HS + r"+[0-9]{1,2}(?![0-9]))"
    r"|" + _SP + r"(?:(?P<chgn>" + _trie(nw.CHANGE_NOUNS) + r")\b"
    r"|(?P<cmp>higher|greater|larger|bigger|lower|smaller)\b"
    r"|(?P<cmpt>more|less|fewer)(?=" + _HS + r"+(?:than|likely)\b)"
    r"|(?P<sq>" + _trie(nw.SUFFIX_QUALIFIERS) + r")\b"
    r"|(?P<mon>" + _trie(nw.MONTHS) + r")\b"
    r"|(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|o['’]clock\b)"
    r"|(?P<tu>" + _trie(nw.TIME_UNITS) + r")\b"
    r"|(?P<rin>in" + _SP + r"(?:every" + _SP + r")?)(?=[0-9a-z])"
    r"|(?P<rout>out" + _SP + r"of" + _SP + r")(?=[0-9a-z])"
    r"|(?P<rof>of" + _SP + r"(?:the" + _SP + r")?)(?=[0-9a-z])"
    r"|(?P<rng>(?:to|and)" + _SP + r")(?=[0-9£$€¥₹a-z])"
    r"|(?P<word>[a-z]+)))"
)
# the name of the matched group -> what follows
_RIGHT_GROUPS = {name: name for name in ("chgn", "cmp", "cmpt", "sq", "mon", "ampm", "tu", "rin", "rout", "rof",
                                         "rng", "ydate", "word")}
_RIGHT_GROUPS.update(rin2="rin", rng2="rng")
_RIGHT = re.compile(_RIGHT_PATTERN)
_RATIO = frozenset(("rin", "rout", "rof"))

# What is glued to a number: magnitude, percent, points, currency word, times, -fold ...
# _NUMX captures it as one string; _units() reads that string once and caches it.
# the units are skipped at once unless something unit-like follows
_UNIT_GUARD = (r"(?=[^\s,.;:!?)\]\"'’”]|" + _HS + r"+(?:[%％]|" + _trie((
    "mil", "bil", "tri", "tho", "hun", "doz", "mn", "bn", "tn", "per", "pc", "pou", "poi", "pp", "pts", "dol",
    "eur", "cen", "pen", "ste", "tim", "fol")) + r"))")
_UNITS = re.compile(
    r"(?P<mag>" + _HS + r"*(?:million|billion|trillion|thousand|hundred|dozen|mn|mln|bn|tn|trn)\b|[mbk](?!\w))?"
    r"(?P<pct>" + _HS + r"?[%％]|" + _HS + r"*(?:per" + _HS + r"?cent|per-cent|percent|pct|pc)\b)?"
    r"(?P<pts>" + _HS + r"*(?:percentage" + _HS + r"+points?|percentage-points?|points?|pp|ppts?|pts)\b)?"
    r"(?P<cw>" + _HS + r"*(?:pounds?|dollars?|euros?|pence|cents?|sterling)\b|p\b)?"
    r"(?P<times>" + _HS + r"*times\b|[x×](?=" + _HS + r"|$))?"
    r"(?P<fold>" + _HS + r"?-?fold\b)?(?P<plus>\+)?(?P<odd>-odd\b)?(?P<att>[^\W\d_]+)?"
)
_NUMX = re.compile(
    r"(?P<phone>0[0-9]{2,4}\)?" + _HS + r"?-?[0-9]{3,4}[^\S\n-]?[0-9]{3,4}(?![0-9])"
    r"|1[-. ][0-9]{3}[-. ][0-9]{3}[-. ][0-9]{4}(?![0-9])|[0-9]{3}[-.][0-9]{3}[-.][0-9]{4}(?![0-9]))"
    r"|(?P<num>[0-9]+(?:[,\u00a0\u202f\u2009][0-9]{3}(?![0-9]))*(?:\.[0-9]+)?)"
    r"(?:(?P<tail>(?:[.:/][0-9]+)+|-[0-9]{2}-[0-9]{2}(?![0-9]))"
    r"|(?P<u>" + _UNIT_GUARD + _uncaptured(_UNITS.pattern) + r")?" + _RIGHT_PATTERN + r"?)"
)
_WORD = _trie([*nw.UNITS, *nw.TENS, "hundred", "thousand", "million", "billion", "trillion", "dozen"]) + r"\b"
_JOIN = (r"(?:" + _HS + r"+|" + _HS + r"*-" + _HS + r"*|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))"
         + _HS + r"+and" + _HS + r"+)")
_WORDX = re.compile(
    r"(?:(?P<foldw>" + _trie(nw.FOLD_WORDS) + _HS + r"?-?fold)\b"
    r"|(?P<mult>" + _trie(nw.MULTIPLES) + r")\b"
    r"|(?P<twice>twice)\b"
    r"|(?P<most>most)\b"
    r"|(?P<half>half)\b(?:" + _HS + r"+an?" + _HS + r"+(?P<halfmag>" + _SCALE_WORDS + r")\b)?"
    r"|(?P<wn>(?:an?\b|" + _WORD + r")(?:" + _JOIN + _WORD + r"){0,20})"  # bounded: no number needs more
    r"(?P<andhalf>" + _HS + r"+and" + _HS + r"+a" + _HS + r"+half\b(?:" + _HS + r"+(?P<ahmag>" + _SCALE_WORDS
    + r")\b)?)?"
    r"(?:(?:" + _HS + r"+|" + _HS + r"*-" + _HS + r"*)(?P<frac>" + _trie(nw.FRACTIONS) + r")\b(?:" + _HS
    + r"+(?:of" + _HS + r"+)?an?" + _HS + r"+(?P<fracmag>" + _SCALE_WORDS + r")\b)?)?"
    r"(?P<u>" + _UNIT_GUARD + r"(?:" + _HS + r"?[%％]|" + _HS + r"*(?:per" + _HS + r"?cent|per-cent|percent)\b)?"
    r"(?:" + _HS + r"*(?:pounds?|dollars?|euros?|pence|cents?|sterling)\b)?(?:" + _HS + r"+times\b)?)?)"
    + _RIGHT_PATTERN + r"?"
)
_TOKEN = re.compile(r"[a-z]+")
_PHONE_INTL = re.compile(r"[0-9]{1,3}" + _HS + r"?\(?[0-9]{1,4}\)?(?:[^\S\n-]?[0-9]{2,4}){2,5}(?![0-9])")

# The words before a number, matched on the reversed text from the number leftwards:
# a label word, or [change word] [hedge] [between/from] [currency sign] in reading order.
_REV = re.compile(
    r"(?P<mon>" + _SP + _trie(nw.MONTHS, reverse=True) + r"\b)"
    r"|(?P<ref>" + _SP + _trie(nw.REFERENCES, reverse=True) + r"(?!\w)|" + _HS + r"*#)"
    r"|(?P<refc>" + _SP + _trie(nw.CAPITALISED_REFERENCES, reverse=True) + r"\b)"
    r"|(?P<cur>" + _HS + r"?(?:£|€|¥|₹|\$(?:(?:su|ua|a|ac|c|zn|kh)(?!\w))?))?"
    r"(?P<btw>" + _SP + r"(?:neewteb|morf)\b)?"
    r"(?P<qual>" + _SP + _trie(nw.QUALIFIER_OF, reverse=True) + r"(?!\w)|" + _HS + r"?[~≈∼])?"
    r"(?P<chg>" + _SP + r"(?:yb" + _SP + r")?" + _trie(nw.CHANGE_VERBS, reverse=True) + r"\b|"
    + _SP + r"fo" + _SP + _trie(nw.CHANGE_NOUNS, reverse=True) + r"\b)?"
)
_ARTICLE_QUALIFIER = re.compile(_SP + r"n?a(" + _SP + _trie(nw.QUALIFIER_OF, reverse=True) + r")(?!\w)")  # nearly a
_PREV_WORD = re.compile(_SP + r"([a-z.:]+)")  # on the reversed text
# the word right before a number decides whether the full _REV is worth running
_LEFT_LAST_WORDS = frozenset(
    phrase.split()[-1]
    for phrases in (nw.QUALIFIER_OF, nw.REFERENCES, nw.CAPITALISED_REFERENCES, nw.MONTHS, nw.CHANGE_VERBS,
                    ("by", "of", "between", "from"))
    for phrase in phrases
)
_LEFT_CHARS = "£$€¥₹~≈∼#"
_LINE_START = re.compile(_HS + r"*(?:[-*•+>#]" + _HS + r"*)*(?:\n|$)")  # on the reversed text
_NEXT_WORD = re.compile(_SP + r"([^\W\d_]+)")  # on the original text: case matters

_NOUN_END = re.compile(_HS + r"*(?:$|[^\w\s]|\n|(?:in|of|on|since|from|to|over|for|compared|across|among|between"
                       r"|during|last|this|year|after|under|by|and|or|but|with|at|the)\b)")
_DETERMINER = re.compile(_SP + r"(?:n?a|eht|siht|taht|sti|rieht|sih|reh|ruo|rehtona|rehtruf)\b")  # reversed
_TIMES_NEXT = re.compile(_HS + r"+(?:" + "|".join(nw.TIMES_FOLLOWERS) + r")\b")
_OF_NEXT = re.compile(_SP + r"of\b(?!" + _HS + r"+all\b" + _HS + r"*(?:[^\w\s]|$))")
_FRAC_OK = re.compile(_HS + r"*(?:of\b|[^\w\s-]|$|\n)")
_REF_LIST = re.compile(r"(?:" + _HS + r"*(?:,|&|and|or|to|[-–—])" + _HS + r"*[0-9]+(?:\.[0-9]+)*)*")
_DAY_YEAR = re.compile(r",?" + _HS + r"*[0-9]{4}(?![0-9])")
_CALL_NEAR = re.compile(r"\b" + _trie(nw.CALL_WORDS) + r"\b")
_METRES = re.compile(_HS + r"*(?:high|long|wide|deep|tall|away|sprint|race|run|swim|metres|meters)\b")

_DROP_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009")
def _is_plural(word: str) -> bool:
    if not word.islower():
        return False
    if word in nw.IRREGULAR_PLURALS:
        return True
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))
            and word not in nw.NOT_PLURALS)


def _is_year(digits: str, value: float) -> bool:
    return len(digits) == 4 and 1800 <= value <= 2100 and digits.isdigit()


class _Units:
    """What is glued to a number, read once per distinct spelling (offsets from the end of the digits)."""

    __slots__ = ("mag", "mag_text", "num_end", "end", "pct", "pts", "currency", "factor", "times", "fold", "plus",
                 "odd", "att", "bare")

    def __init__(self, text: str) -> None:
        m = _UNITS.match(text)
        mag = m.group("mag")
        self.mag_text = mag.strip() if mag else ""
        self.mag = nw.MAGNITUDES[self.mag_text] if mag else 1.0
        self.num_end = m.end("mag") if mag else 0
        self.pct = m.group("pct") is not None
        self.pts = (m.group("pts") or "").strip()
        cw = m.group("cw")
        self.currency, self.factor = nw.CURRENCY_WORDS[cw.strip()] if cw else ("", 1.0)
        self.times = m.group("times") is not None
        self.fold = m.group("fold") is not None
        self.plus = m.group("plus") is not None
        self.odd = m.group("odd") is not None
        self.att = m.group("att") or ""
        self.end = m.start("att") if self.att else m.end()
        self.bare = not (mag or self.pct or self.pts or cw or self.times or self.fold or self.plus or self.odd)


_NO_UNITS = _Units("")
_UNIT_CACHE: dict[str, _Units] = {"": _NO_UNITS}


def _units(text: str | None) -> _Units:
    if not text:
        return _NO_UNITS
    u = _UNIT_CACHE.get(text)
    if u is None:
        if len(_UNIT_CACHE) > 4096:  # odd spacing in odd text: keep the cache small
            _UNIT_CACHE.clear()
            _UNIT_CACHE[""] = _NO_UNITS
        u = _UNIT_CACHE[text] = _Units(text)
    return u


_RUN_CACHE: dict[str, tuple[float, int, str, bool]] = {}


def _run_value(run: str) -> tuple[float, int, str, bool]:
    """A run of number words read by nw.words_value: (value, length used, the word if only one, all used?)."""
    got = _RUN_CACHE.get(run)
    if got is None:
        toks = [(t.group(), t.end()) for t in _TOKEN.finditer(run)]
        value, used = nw.words_value([t for t, _ in toks])
        got = (value, toks[used - 1][1] if used else 0, toks[0][0] if used == 1 else "", used == len(toks))
        if len(_RUN_CACHE) > 4096:
            _RUN_CACHE.clear()
        _RUN_CACHE[run] = got
    return got


# ---------------------------------------------------------------- scanning


class _Left:
    """What stands before a number: currency sign, between/from, hedge, change word, or a label word."""

    __slots__ = ("mon", "ref", "cur", "cur_start", "btw", "btw_start", "qual", "qual_phrase", "qual_start",
                 "chg", "chg_start")

    def __init__(self) -> None:
        self.mon = self.ref = False
        self.cur = self.btw = self.qual_phrase = ""
        self.qual: Qualifier | None = None
        self.chg = 0
        self.cur_start = self.btw_start = self.qual_start = self.chg_start = -1

    def start(self, default: int, *, change: bool = False) -> int:
        """Where the figure starts: at the hedge, the currency sign, or (for a change) the change word."""
        start = default
        if self.cur:
            start = min(start, self.cur_start)
        if self.qual is not None:
            start = min(start, self.qual_start)
        if change and self.chg:
            start = min(start, self.chg_start)
        return start


_NO_LEFT = _Left()  # shared, never changed


class _Num:
    """A number as written, with what is glued to it and what follows it (offsets into the padded text)."""

    __slots__ = ("start", "end", "end_num", "value", "digits", "word", "grouped", "u", "currency", "bare", "sign",
                 "right", "how")

    def __init__(self, start: int, end_num: int, value: float, digits: str, word: bool, grouped: bool,
                 u: _Units, right: re.Match) -> None:
        self.start, self.end_num, self.end = start, end_num + u.num_end, end_num + u.end
        self.value, self.digits, self.word, self.grouped = value, digits, word, grouped
        self.u, self.currency, self.bare, self.sign = u, u.currency, u.bare, 0
        self.right = right  # a match whose last group, if any, is what follows the number
        self.how = _RIGHT_GROUPS.get(right.lastgroup) if right is not None else None


class _Scan:
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
            return x.right is None and self.plural_next(x.end)
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
            return _Num(s, end, value, digits, True, False, _NO_UNITS, _RIGHT.match(self.low, end))
        andhalf, units = m.group("andhalf", "u")
        if andhalf is not None:
            value += 0.5
            if m.group("ahmag") is not None:
                value *= nw.MAGNITUDES[m.group("ahmag")]
            end = m.end("andhalf")
        return _Num(s, end, value, digits, True, False, _units(units) if units else _NO_UNITS, m)

    # ------------------------------------------------------------ digits

    def digits(self, s: int) -> int:
        low = self.low
        m = _NUMX.match(low, s)
        phone, num, tail, units = m.group("phone", "num", "tail", "u")
        if phone is not None or (num[0] == "0" and len(num) > 1 and num[1] != "."):
            return m.end()  # 0800 123 4567, 007
        sep = low[s - 1]
        if sep in "-/.:,'’+" and s >= 2:
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
        return self.percent(_Num(s, s + len(foldw), value, "", True, False, _units("fold"), _RIGHT.match(
            low, s + len(foldw))), L)

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

    # ------------------------------------------------------------ shared

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
                return _REF_LIST.match(low, x.end).end()
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
        joiner = r.group(r.lastgroup).strip()
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
