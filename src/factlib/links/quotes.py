"""Finding a fact's quote in a page's text, and saying how it changed when it is not there verbatim.

Both texts go through :func:`factlib.text.normalize.normalize` and are casefolded;
whitespace and hyphens inside words are then ignored, so markup, entities,
curly quotes, dashes, soft hyphens and line breaks never hide a quote.
An elided quote ("A [...] B", "A … B") matches when each part is on the page,
in order.

When the quote is not there, the closest passage is found the way annotation
tools re-anchor a quote (Hypothesis' text-quote anchoring): candidate places
are seeded from the quote's rarest words, each place is aligned word by word
with :class:`difflib.SequenceMatcher`, and the best alignment's similarity
(2·matched words / (quote words + passage words)) decides between
``changed`` (≥ :data:`CLOSE`) and ``missing``. The figures of the quote and
the passage are compared in order to name the ones that changed.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import itertools
import re
import string
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs

from factlib.linkresult import QuoteVerdict  # found, changed, missing, unchecked (PRODUCT.md §4)
from factlib.text.normalize import normalize, normalize_with_map

CLOSE = 0.6  # word similarity from which a passage is the quote, changed
EVIDENCE_CHARS = 300
_MAX_QUOTE_WORDS = 400  # longer quotes are compared on their first words only
_SEED_WORDS = 12  # rarest quote words used to seed candidate places
_CANDIDATES = 6  # places aligned in full per quote part
_SEED_POSITIONS = 5000  # page positions of seed words considered, at most (the rarest word always counts)

_ELISION = re.compile(r"\s*(?:\[\s*\.{3,}\s*\]|\(\s*\.{3,}\s*\)|\.{3,})\s*")
_BLOCK = 4096
# stripped from the ends of space-separated chunks to make words; "%" stays: "70%" is a word
_EDGE_PUNCT = "".join(c for c in string.punctuation if c != "%") + "\u00a1\u00a7\u00b6\u00b7\u00bf\u2020\u2021\u2022"


@attrs.frozen
class QuoteMatch:
    """The outcome of looking for a quote: the verdict, the passage that shows it, the figures that changed.

    ``start``/``end`` are the passage's offsets in the page text (-1 when
    there is none); ``evidence`` is that passage with whitespace collapsed,
    shortened to about :data:`EVIDENCE_CHARS` characters. ``score`` is the
    word similarity of quote and passage, 1.0 for an exact match.
    """

    verdict: QuoteVerdict
    evidence: str = ""
    changed_figures: tuple[tuple[str, str], ...] = ()
    score: float = 0.0
    start: int = -1
    end: int = -1


# -- the page, prepared once -------------------------------------------------


class _Page:
    """A page's text in the forms the search needs, each with a way back to the original.

    ``fold`` is the normalised, casefolded text (single spaces only); ``key``
    is ``fold`` without spaces and in-word hyphens. Key and fold positions
    are converted through counts per block of fold text rather than a full
    map, which would cost a Python step per space of a 1 MB page.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        norm, offsets = normalize_with_map(text)
        self.fold, self.fold_orig = _casefold_with_map(norm, offsets)
        self._hyphens = _inword_hyphens(self.fold)
        self.key = _remove(self.fold, self._hyphens).replace(" ", "")
        self._block_keys = [0]
        for b in range(0, len(self.fold), _BLOCK):
            e = min(len(self.fold), b + _BLOCK)
            self._block_keys.append(self._block_keys[-1] + (e - b) - self._removed(b, e))
        self._words: list[str] | None = None
        self._chunks: list[str] = []
        self._chunk_starts: list[int] = []
        self._word_chunk: list[int] = []
        self._word_starts: list[int] = []

    def _removed(self, b: int, e: int) -> int:
        hyphens = bisect.bisect_left(self._hyphens, e) - bisect.bisect_left(self._hyphens, b)
        return self.fold.count(" ", b, e) + hyphens

    def words(self) -> list[str]:
        """The page's words (space-separated chunks without their edge punctuation)."""
        if self._words is None:
            self._chunks = self.fold.split(" ")
            self._chunk_starts = list(itertools.accumulate((len(c) + 1 for c in self._chunks), initial=0))
            stripped = [c.strip(_EDGE_PUNCT) for c in self._chunks]
            self._word_chunk = [i for i, w in enumerate(stripped) if w]
            self._words = [stripped[i] for i in self._word_chunk]
            self._word_starts = [self._chunk_starts[i] for i in self._word_chunk]
        return self._words

    def word_at_or_after(self, fold_pos: int) -> int:
        self.words()
        return bisect.bisect_left(self._word_starts, fold_pos)

    def word_span(self, i: int, j: int) -> tuple[int, int]:
        """Fold-text span of words [i, j), with the punctuation that closes the last word."""
        first = self._chunks[self._word_chunk[i]]
        start = self._word_starts[i] + len(first) - len(first.lstrip(_EDGE_PUNCT))
        last_chunk = self._word_chunk[j - 1]
        end = self._chunk_starts[last_chunk] + len(self._chunks[last_chunk])
        return start, end

    def key_to_fold(self, k: int) -> int:
        block = bisect.bisect_right(self._block_keys, k) - 1
        f = block * _BLOCK
        kept = self._block_keys[block]
        lo = bisect.bisect_left(self._hyphens, f)
        hyphens = set(self._hyphens[lo : bisect.bisect_left(self._hyphens, f + _BLOCK)])
        while f < len(self.fold):
            if self.fold[f] != " " and f not in hyphens:
                if kept == k:
                    return f
                kept += 1
            f += 1
        return len(self.fold)

    def fold_to_key(self, f: int) -> int:
        f = max(0, min(f, len(self.fold)))
        block = min(f // _BLOCK, len(self._block_keys) - 1)
        b = block * _BLOCK
        return self._block_keys[block] + (f - b) - self._removed(b, f)

    def original(self, fold_start: int, fold_end: int) -> tuple[int, int]:
        if fold_end <= fold_start or not self.fold_orig:
            return -1, -1
        start = self.fold_orig[fold_start]
        end = self.fold_orig[fold_end - 1] + 1
        # keep a character's combining marks with it
        while end < len(self.text) and unicodedata.combining(self.text[end]):
            end += 1
        return start, end


def _casefold_with_map(s: str, offsets: list[int]) -> tuple[str, list[int]]:
    folded = s.casefold()
    if len(folded) == len(s):  # casefold never shortens a character, so this is 1:1
        return folded, offsets
    out: list[str] = []
    mapped: list[int] = []
    for c, at in zip(s, offsets):
        f = c.casefold()
        out.append(f)
        mapped.extend([at] * len(f))
    return "".join(out), mapped


def _inword_hyphens(s: str) -> list[int]:
    """Positions of hyphens between two letters ("well-known"), which the key drops: "wellknown" matches."""
    found = []
    i = s.find("-")
    while i >= 0:
        if 0 < i < len(s) - 1 and s[i - 1].isalpha() and s[i + 1].isalpha():
            found.append(i)
        i = s.find("-", i + 1)
    return found


def _remove(s: str, positions: list[int]) -> str:
    if not positions:
        return s
    pieces = []
    pos = 0
    for p in positions:
        pieces.append(s[pos:p])
        pos = p + 1
    pieces.append(s[pos:])
    return "".join(pieces)


def _compact(s: str) -> str:
    """The search key of normalised, casefolded text: no spaces, no in-word hyphens."""
    return _remove(s, _inword_hyphens(s)).replace(" ", "")


def _words(s: str) -> list[str]:
    words = (c.strip(_EDGE_PUNCT) for c in s.split(" "))
    return [w for w in words if w]


# -- figures -----------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,.]*\d%?|\d%?")


def _figure_finder() -> Callable[[str], list[tuple[Any, str]]]:
    """(key, text) for each figure in a text: factlib.figures.scan when there, else bare numbers."""
    try:
        from factlib.figures.scan import find_figures
    except ImportError:
        return lambda text: [(m.group(), m.group()) for m in _NUMBER.finditer(text)]

    def found(text: str) -> list[tuple[Any, str]]:
        out = []
        for f in find_figures(text):
            value = f.value
            if isinstance(value, list):
                value = tuple(value)
            key = (str(getattr(f.kind, "value", f.kind)), value, str(getattr(f.qualifier, "value", f.qualifier)),
                   f.unit or "", f.currency or "")
            out.append((key, f.text))
        return out

    return found


def changed_figures(quote: str, passage: str) -> tuple[tuple[str, str], ...]:
    """The figures that differ between a quote and a passage, aligned in order: (("70%", "80%"),).

    A figure with no counterpart pairs with "".
    """
    finder = _figure_finder()
    try:
        old, new = finder(quote), finder(passage)
    except Exception:  # a figure parser's bug must not cost the link report
        return ()
    pairs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, [k for k, _ in old], [k for k, _ in new], autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds = [t for _, t in old[a0:a1]]
        news = [t for _, t in new[b0:b1]]
        width = max(len(olds), len(news))
        olds += [""] * (width - len(olds))
        news += [""] * (width - len(news))
        pairs.extend(zip(olds, news))
    return tuple(pairs)


# -- the search ----------------------------------------------------------------


@attrs.frozen
class _Part:
    verdict: QuoteVerdict
    score: float
    fold_start: int = -1
    fold_end: int = -1


def _parts(quote: str) -> list[str]:
    return [p for p in _ELISION.split(normalize(quote).casefold()) if _compact(p)]


def _exact(page: _Page, part: str, from_key: int) -> tuple[int, int] | None:
    k = _compact(part)
    at = page.key.find(k, from_key)
    if at < 0:
        return None
    return page.key_to_fold(at), page.key_to_fold(at + len(k) - 1) + 1


def _seed(page_words: list[str], quote_words: list[str], lo: int) -> list[int]:
    """Likely start positions of the quote among the page's words (from word ``lo`` on)."""
    vocab = set(quote_words)
    positions: dict[str, list[int]] = {w: [] for w in vocab}
    for i in [i for i, w in enumerate(page_words) if w in vocab and i >= lo]:
        positions[page_words[i]].append(i)
    present = sorted((len(p), w) for w, p in positions.items() if p)
    # the rarest words anchor best; stop adding words once they bring many positions
    rare: list[str] = []
    budget = 0
    for count, w in present:
        if len(rare) >= _SEED_WORDS or (rare and budget + count > _SEED_POSITIONS):
            break
        rare.append(w)
        budget += count
    at_index: dict[str, list[int]] = {}
    for qi, qw in enumerate(quote_words):
        at_index.setdefault(qw, []).append(qi)
    votes: dict[int, float] = {}
    for w in rare:
        weight = 1.0 / len(positions[w])
        for qi in at_index[w]:
            for p in positions[w]:
                d = p - qi
                votes[d] = votes.get(d, 0.0) + weight
    if not votes:
        return []
    width = max(4, len(quote_words) // 2)
    buckets: dict[int, float] = {}
    best_in: dict[int, tuple[float, int]] = {}
    for d, v in votes.items():
        b = d // width
        buckets[b] = buckets.get(b, 0.0) + v
        if (v, -d) > best_in.get(b, (-1.0, 0)):
            best_in[b] = (v, -d)

    def around(b: int) -> float:
        return buckets.get(b - 1, 0.0) + buckets[b] + buckets.get(b + 1, 0.0)

    top = heapq.nsmallest(_CANDIDATES, buckets, key=lambda b: (-around(b), b))
    return [-best_in[b][1] for b in top]


def _align(page_words: list[str], quote_words: list[str], start: int, lo: int) -> tuple[float, int, int]:
    """(similarity, first word, end word) of the best passage around page word ``start``."""
    n = len(quote_words)
    w0 = max(lo, start - n // 2)
    w1 = min(len(page_words), start + n + n // 2 + 1)
    window = page_words[w0:w1]
    matcher = difflib.SequenceMatcher(None, quote_words, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, -1, -1
    matched = sum(b.size for b in blocks)
    first, last = blocks[0], blocks[-1]
    p0 = first.b - min(first.a, first.b)  # words of the quote before the first match, changed
    p1 = last.b + last.size
    p1 += min(n - (last.a + last.size), len(window) - p1)
    score = 2.0 * matched / (n + (p1 - p0))
    return score, w0 + p0, w0 + p1


def _closest(page: _Page, part: str, from_fold: int) -> _Part:
    quote_words = _words(part)[:_MAX_QUOTE_WORDS]
    page_words = page.words()
    if not quote_words or not page_words:
        return _Part(QuoteVerdict.MISSING, 0.0)
    lo = page.word_at_or_after(from_fold)
    best = (0.0, -1, -1)
    for start in _seed(page_words, quote_words, lo):
        found = _align(page_words, quote_words, start, lo)
        if (found[0], -found[1]) > (best[0], -best[1]):
            best = found
    score, i, j = best
    if i < 0 or score < CLOSE:
        return _Part(QuoteVerdict.MISSING, score)
    a, b = page.word_span(i, j)
    same = page_words[i:j] == quote_words
    return _Part(QuoteVerdict.FOUND if same else QuoteVerdict.CHANGED, 1.0 if same else score, a, b)


def _search_part(page: _Page, part: str, from_fold: int) -> _Part:
    key_from = page.fold_to_key(from_fold)
    span = _exact(page, part, key_from)
    if span:
        return _Part(QuoteVerdict.FOUND, 1.0, *span)
    found = _closest(page, part, from_fold)
    if found.verdict is QuoteVerdict.MISSING and from_fold > 0:
        # the part may stand before the previous one on the page: close, but not in order
        anywhere = _search_part(page, part, 0)
        if anywhere.verdict is not QuoteVerdict.MISSING:
            return attrs.evolve(anywhere, verdict=QuoteVerdict.CHANGED, score=min(anywhere.score, 0.99))
    return found


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EVIDENCE_CHARS:
        return text
    half = EVIDENCE_CHARS // 2 - 3
    return text[:half].rstrip() + " […] " + text[-half:].lstrip()


def find_quote(quote: str, page_text: str) -> QuoteMatch:
    """Look for ``quote`` in ``page_text``: found, changed (with the passage and the changed figures) or missing.

    Never raises; the time taken grows with the page's length and, for a
    quote that is not there verbatim, with the quote's length (capped at
    :data:`_MAX_QUOTE_WORDS` words).
    """
    parts = _parts(quote or "")
    if len(parts) == 1:
        # the common case, a quote still on the page as it was: one regular-expression search over
        # the original text, before any normalising of a page that may be a megabyte long
        exact = _verbatim(quote, page_text or "")
        if exact is not None:
            start, end = exact
            return QuoteMatch(QuoteVerdict.FOUND, _clip(page_text[start:end]), (), 1.0, start, end)
    page = _Page(page_text or "")
    if not parts or not page.fold:
        return QuoteMatch(QuoteVerdict.MISSING)

    results: list[_Part] = []
    pos = 0
    for part in parts:
        found = _search_part(page, part, pos)
        results.append(found)
        if found.verdict is QuoteVerdict.MISSING:
            return QuoteMatch(QuoteVerdict.MISSING, score=_weighted(parts, results))
        pos = max(pos, found.fold_end)

    score = _weighted(parts, results)
    if all(r.verdict is QuoteVerdict.FOUND for r in results):
        start, end = page.original(results[0].fold_start, results[-1].fold_end)
        return QuoteMatch(QuoteVerdict.FOUND, _clip(page.text[start:end]), (), 1.0, start, end)

    changed = [(part, r) for part, r in zip(_split_original(quote or ""), results) if r.verdict is QuoteVerdict.CHANGED]
    evidence: list[str] = []
    figures: list[tuple[str, str]] = []
    spans = []
    for original_part, r in changed:
        start, end = page.original(r.fold_start, r.fold_end)
        spans.append((start, end))
        passage = page.text[start:end]
        evidence.append(passage)
        figures.extend(changed_figures(original_part, passage))
    return QuoteMatch(
        QuoteVerdict.CHANGED,
        _clip(" […] ".join(evidence)),
        tuple(figures),
        round(score, 4),
        min(a for a, _ in spans),
        max(b for _, b in spans),
    )


def _verbatim(quote: str, text: str) -> tuple[int, int] | None:
    """Where the quote stands word for word in the text, whatever the whitespace between words.

    str.find on the quote's longest word, then the neighbouring words checked in place: no
    regular expression to compile per quote, no pass over the page in Python.
    """
    words = quote.split()
    if not words or len(words) > _MAX_QUOTE_WORDS:
        return None
    k = max(range(len(words)), key=lambda i: len(words[i]))
    anchor = words[k]
    at = text.find(anchor)
    while at >= 0:
        start = _words_before(text, at, words[:k])
        end = _words_after(text, at + len(anchor), words[k + 1:]) if start >= 0 else -1
        if end >= 0:
            return start, end
        at = text.find(anchor, at + 1)
    return None


def _words_before(text: str, end: int, words: list[str]) -> int:
    for word in reversed(words):
        i = end
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i == end or not text.startswith(word, i - len(word)):
            return -1
        end = i - len(word)
    return end


def _words_after(text: str, start: int, words: list[str]) -> int:
    for word in words:
        i = start
        while i < len(text) and text[i].isspace():
            i += 1
        if i == start or not text.startswith(word, i):
            return -1
        start = i + len(word)
    return start


def _split_original(quote: str) -> list[str]:
    """The quote's parts as written (for figures), aligned with :func:`_parts`."""
    pieces = _ELISION.split(normalize(quote))
    return [p for p in pieces if _compact(p.casefold())]


def _weighted(parts: list[str], results: list[_Part]) -> float:
    sizes = [max(1, len(_words(p))) for p in parts]
    total = sum(sizes)
    got = sum(size * r.score for size, r in zip(sizes, results))
    return round(got / total, 4) if total else 0.0
