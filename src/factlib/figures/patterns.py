"""The patterns of figure scanning: the vocabulary compiled to regular expressions, and
the records of a number as written (what is glued to it, what stands before it).

:mod:`factlib.figures.scan` finds candidates and reads numbers with these;
:mod:`factlib.figures.kinds` decides what each number is. The words themselves
live in :mod:`factlib.figures.numwords`.
"""

from __future__ import annotations

import re

from factlib.figures import numwords as nw
from factlib.model import Qualifier

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


def _empty_match() -> re.Match[str]:
    m = re.compile("").match("")
    assert m is not None
    return m


_NO_RIGHT = _empty_match()  # what follows a number when nothing does: a match without groups
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
_LINE_HEAD = re.compile(_HS + r"*(?:\n|$)")  # on the reversed text: only spaces back to the line's start
_LIST_ITEM = re.compile(_HS + r"*([0-9]{1,2})[.)]" + _HS)  # a numbered list item's marker, "2. " or "3) "
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
        assert m is not None  # every part is optional: it always matches
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
        self.how = _RIGHT_GROUPS.get(right.lastgroup or "")
