"""The one text normaliser: what a quote and a page are compared on.

:func:`normalize` folds away the differences a copied quote and a page's text
may show without saying anything different: Unicode compatibility forms
(NFKC: ligatures, full-width forms, non-breaking spaces), curly quotes,
primes and guillemets (to ASCII ``'`` and ``"``), dashes and minus signs (to
``-``), soft hyphens and zero-width characters (dropped), runs of whitespace
(one space, none at the ends) and words hyphenated across a line break
("recor-\\nded" → "recorded": a letter, a hyphen, a line break and a lower-case
letter are joined; any other hyphen or dash at a line end stays, as "-", and
the break goes, so "2017-\\n18" → "2017-18" and "Anti-\\nSlavery" →
"Anti-Slavery"). Case is kept; searches casefold.

It is idempotent (tested with hypothesis) and takes a fraction of a second for
a 1 MB page: ASCII text skips the character folds, and the layout rules are
one regex whose matches are only the places that change.

:func:`normalize_with_map` also gives, for each character of the result, the
index in the original text it came from, so evidence can be cut from the
original.
"""

from __future__ import annotations

import operator
import re
import unicodedata

_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\uff07\u00b4\u02bc"
_DOUBLE = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b\u2e17"
_INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e"

# Applied before NFKC (which would turn a double prime into two primes) and after it
# (which makes new dashes and quotes out of compatibility characters).
_HYPHENS = "\u2010\u2011"
_FOLD: dict[int, str | None] = {ord(c): "'" for c in _SINGLE}
_FOLD.update({ord(c): '"' for c in _DOUBLE})
# Dashes become U+2013 here and "-" in the second stage, so that only true hyphens join words
# across a line break ("a\u2014\nb" is not a hyphenated word).
_FOLD.update({ord(c): "\u2013" for c in _DASHES if c not in _HYPHENS})
_FOLD.update({ord(c): "-" for c in _HYPHENS})
_FOLD.update({ord(c): None for c in _INVISIBLE})

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_FOLDABLE = re.compile("[" + re.escape(_SINGLE + _DOUBLE + _DASHES + _INVISIBLE) + "]")

# Soft hyphens (joining across a following line break), hyphens at a line end, and whitespace
# that is not already one plain space (a lone space needs no work: most of a page). The branches
# are unnamed and each starts with a fixed character set, so the regex engine can skip ahead
# fast (named groups defeat that); a match's first character tells which branch it is.
_LAYOUT = re.compile(
    r"\u00ad\u00ad*(?:[^\S\n]*\n\s*)?"
    r"|[-\u2013][^\S\n]*\n\s*(?=\S)|\u2013"  # the character before must not be a space: checked in code
    r"|[^\S ][\s\u00ad]*| [\s\u00ad]+"
)

_char_cache: dict[str, tuple[bool, str]] = {}


def _char_info(c: str) -> tuple[bool, str]:
    """(whether c continues the cluster before it, c folded and normalised on its own)."""
    info = _char_cache.get(c)
    if info is None:
        continues = bool(
            unicodedata.combining(c)
            or unicodedata.category(c) in ("Mn", "Mc", "Me")
            or "\u1160" <= c <= "\u11ff"  # Hangul medial and final jamo compose with what precedes
            or c in _INVISIBLE  # dropped: the marks on either side must meet in one cluster
            or c == "\u00ad"
        )
        info = (continues, _fold_cluster(c))
        if len(_char_cache) < 200_000:
            _char_cache[c] = info
    return info


def _fold_cluster(cluster: str) -> str:
    return unicodedata.normalize("NFKC", cluster.translate(_FOLD)).translate(_FOLD)


def _fold_run(seg: str, base: int, out: list[str], offs: list[int] | None) -> None:
    """Fold a run of characters that starts a cluster; append the result and its offsets."""
    if unicodedata.is_normalized("NFKC", seg) and not _FOLDABLE.search(seg):
        out.append(seg)
        if offs is not None:
            offs.extend(range(base, base + len(seg)))
        return
    start = 0
    n = len(seg)
    while start < n:
        end = start + 1
        while end < n and _char_info(seg[end])[0]:
            end += 1
        if end == start + 1:
            folded = _char_info(seg[start])[1]
        else:
            folded = _fold_cluster(seg[start:end])
        if folded:
            out.append(folded)
            if offs is not None:
                offs.extend([base + start] * len(folded))
        start = end


def _fold_chars(text: str, want_map: bool) -> tuple[str, list[int] | None]:
    """Stage one: NFKC and the character folds; None for an identity map."""
    if text.isascii():
        return text, None
    out: list[str] = []
    offs: list[int] | None = [] if want_map else None
    pos = 0
    for m in _NON_ASCII.finditer(text):
        start, end = m.span()
        # a combining mark right after an ASCII letter composes with it ("e" + U+0301)
        if start > pos and _char_info(text[start])[0]:
            start -= 1
        if start > pos:
            out.append(text[pos:start])
            if offs is not None:
                offs.extend(range(pos, start))
        _fold_run(text[start:end], start, out, offs)
        pos = end
    if pos < len(text):
        out.append(text[pos:])
        if offs is not None:
            offs.extend(range(pos, len(text)))
    return "".join(out), offs


def _layout(s: str, want_map: bool) -> tuple[str, list[int] | None]:
    """Stage two: soft hyphens, line-break hyphenation and whitespace, on folded text."""
    out: list[str] = []
    offs: list[int] | None = [] if want_map else None
    pos = 0
    n = len(s)
    for m in _LAYOUT.finditer(s):
        a, b = m.span()
        if a > pos:
            out.append(s[pos:a])
            if offs is not None:
                offs.extend(range(pos, a))
        first = s[a]
        rep = ""
        if first == "\u2013" and b == a + 1:
            rep = "-"
        elif first in "-\u2013":  # a hyphen or dash at a line end
            if a == 0 or s[a - 1].isspace():  # a dash standing alone: keep it, the whitespace after it is one space
                out.append("-")
                if offs is not None:
                    offs.append(a)
                rep = " " if b < n else ""
                a += 1
            elif first == "-" and s[a - 1].isalpha() and s[b].islower():
                rep = ""  # a word hyphenated at the line end
            else:
                rep = "-"
        elif first != "\u00ad" and a > 0 and b < n:
            rep = " "  # edge spaces are stripped below
        if rep:
            out.append(rep)
            if offs is not None:
                offs.append(a)
        pos = b
    if pos < n:
        out.append(s[pos:])
        if offs is not None:
            offs.extend(range(pos, n))
    result = "".join(out)
    # a soft hyphen or an invisible character next to the ends can leave an edge space
    lead = len(result) - len(result.lstrip(" "))
    trail = len(result) - len(result.rstrip(" "))
    if lead or trail:
        result = result[lead : len(result) - trail]
        if offs is not None:
            offs = offs[lead : len(offs) - trail]
    return result, offs


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index in ``text`` it came from.

    A character that expands (a ligature, "…" → "...") maps each of its
    parts to its own index; dropped characters have no entry. The original
    span of normalised ``[i:j]`` (j > i) is ``text[offsets[i]:offsets[j-1]+1]``,
    widened to the end of a character that expanded.
    """
    folded, map1 = _fold_chars(text, True)
    result, map2 = _layout(folded, True)
    assert map2 is not None
    if map1 is not None:
        map2 = _compose(map1, map2)
    if not _settled(result):
        result, map3 = _fold_chars(result, True)
        if map3 is not None:
            map2 = _compose(map2, map3)
    return result, map2


def _compose(first: list[int], second: list[int]) -> list[int]:
    """The map of two steps: ``first[second[i]]``."""
    if len(second) > 1:
        return list(operator.itemgetter(*second)(first))
    return [first[i] for i in second]


def _settled(s: str) -> bool:
    # Dropping a soft hyphen between a letter and a combining mark lets them compose only now.
    return s.isascii() or unicodedata.is_normalized("NFKC", s)


def normalize(text: str) -> str:
    """The text with quotes, dashes, invisible characters, whitespace and hyphenation folded (see the module)."""
    folded, _ = _fold_chars(text, False)
    result = _layout(folded, False)[0]
    return result if _settled(result) else _fold_chars(result, False)[0]
