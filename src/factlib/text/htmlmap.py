"""The visible text of an HTML source with a map from every text offset back into the source.

:class:`TextWriter` writes text as a browser lays it out — whitespace collapsed
(``<pre>`` keeps its own), blocks separated by a blank line — and records, for
each run of text, where in the source it comes from. :class:`HtmlText` is what
it gives: the text and the map. The parser that drives it is :mod:`factlib.text.html`.
"""

from __future__ import annotations

import bisect
import re

import attrs

_HTML_SPACE = "[ \t\n\r\f]"
# whitespace that does not already read as the single space a browser shows
_COLLAPSE = re.compile(rf"\A{_HTML_SPACE}+|{_HTML_SPACE}+\Z|{_HTML_SPACE}{{2,}}|[\t\n\r\f]")
_INNER_SPACE = re.compile(r"[\t\n\r\f]|  ")
_CR = re.compile(r"\r\n?")
_LEADING_BLANK_LINES = re.compile(rf"{_HTML_SPACE}*\n")


@attrs.frozen(eq=False)
class HtmlText:
    """The visible text of an HTML source, and how to find each of its characters in the source."""

    text: str
    title: str
    refs: tuple[tuple[int, int, str], ...]  # (start, end, fact id) over the text
    comments: tuple[tuple[int, int, str], ...]  # (start, end, body) in the source
    _seg_text: list[int] = attrs.field(repr=False, alias="seg_text")
    _seg_source: list[int] = attrs.field(repr=False, alias="seg_source")
    _seg_exact: list[int] = attrs.field(repr=False, alias="seg_exact")

    def source_offset(self, offset: int) -> int:
        """The source offset a text offset comes from (exact inside a run of literal text)."""
        if not self._seg_text:
            return 0
        i = max(bisect.bisect_right(self._seg_text, offset) - 1, 0)
        delta = offset - self._seg_text[i]
        return self._seg_source[i] + min(max(delta, 0), self._seg_exact[i])

    def text_range(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text that comes from the source range [start, end) (empty when none does)."""
        lo = bisect.bisect_left(self._seg_source, start)
        hi = bisect.bisect_left(self._seg_source, end)
        if lo > 0 and self._seg_source[lo - 1] + self._seg_exact[lo - 1] > start:
            lo -= 1  # a literal run that begins before the range and reaches into it
        if lo >= hi:
            return (0, 0)
        t0 = self._seg_text[lo]
        if self._seg_exact[lo]:
            t0 += max(0, start - self._seg_source[lo])
        t1 = self._seg_text[hi] if hi < len(self._seg_text) else len(self.text)
        last_s, last_n = self._seg_source[hi - 1], self._seg_exact[hi - 1]
        if last_n and last_s + last_n > end:
            t1 = min(t1, self._seg_text[hi - 1] + (end - last_s))
        return (t0, t1)


class TextWriter:
    """Writes visible text run by run, keeping the map back into the source; subclassed by the parser."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._len = 0
        self._seg_t: list[int] = []
        self._seg_s: list[int] = []
        self._seg_n: list[int] = []
        self._pre = 0  # open elements that keep their whitespace
        self._space: int | None = None  # source offset of collapsed whitespace not yet written
        self._line_start = True
        self._newlines = 0  # how many line breaks the text ends with

    def _emit(self, s: str, src: int, exact: bool) -> None:
        n = len(s) if exact else 0
        if (
            n and self._seg_n and self._seg_n[-1]
            and self._seg_t[-1] + self._seg_n[-1] == self._len
            and self._seg_s[-1] + self._seg_n[-1] == src
        ):
            self._seg_n[-1] += n
        else:
            self._seg_t.append(self._len)
            self._seg_s.append(src)
            self._seg_n.append(n)
        self._pieces.append(s)
        self._len += len(s)
        if s[-1:] == "\n":
            kept = s.rstrip("\n")
            self._newlines = (0 if kept else self._newlines) + len(s) - len(kept)
        else:
            self._newlines = 0

    def _note_space(self, src: int) -> None:
        if self._space is None:
            self._space = src

    def _word(self, s: str, src: int, exact: bool = True) -> None:
        if self._space is not None:
            if not self._line_start:
                self._emit(" ", self._space, False)
            self._space = None
        self._emit(s, src, exact)
        self._line_start = s.endswith("\n") if self._pre else False

    def _literal(self, raw: str, src: int) -> None:
        if self._pre:
            if "\r" not in raw:
                self._word(raw, src)
                return
            at = 0  # CR LF and a lone CR are line feeds, as browsers read them
            for m in _CR.finditer(raw):
                if m.start() > at:
                    self._word(raw[at: m.start()], src + at)
                if m.end() - m.start() == 2:
                    at = m.start() + 1  # the LF stays, in an exact run
                else:
                    self._word("\n", src + m.start())
                    at = m.end()
            if at < len(raw):
                self._word(raw[at:], src + at)
            return
        if not _INNER_SPACE.search(raw):  # the common case: words and single spaces
            start, end = 0, len(raw)
            trailing = raw[-1] == " "
            if trailing:
                end -= 1
            if raw[0] == " " and (self._space is not None or self._line_start):
                start = 1  # a space already pending, or none wanted at the start of a line
            # else a leading space is a real single space: it stays in the exact run
            if end > start:
                self._word(raw[start:end], src + start)
            if trailing:
                self._note_space(src + end)
            return
        at = 0
        for m in _COLLAPSE.finditer(raw):
            if m.start() > at:
                self._word(raw[at: m.start()], src + at)
            self._note_space(src + m.start())
            at = m.end()
        if at < len(raw):
            self._word(raw[at:], src + at)

    def _break(self, src: int) -> None:
        # blocks are separated by a blank line, as paragraphs are in Markdown and plain text
        self._space = None
        if self._len and self._newlines < 2:
            self._emit("\n" * (2 - self._newlines), src, False)
        self._line_start = True

    def mapped(self, title: str, refs: list[tuple[int, int, str]], comments: list[tuple[int, int, str]]) -> HtmlText:
        """The text written, with its map, `refs` over it and `comments` in the source."""
        # The text neither begins nor ends with a line break or blank lines (only whitespace
        # kept by <pre> can put them there): they are trimmed, and the map with them.
        text = "".join(self._pieces).rstrip(" \t\n\r\f")
        m = _LEADING_BLANK_LINES.match(text)
        lead = m.end() if m else 0
        seg_t, seg_s, seg_n = self._seg_t, self._seg_s, self._seg_n
        if lead:
            text = text[lead:]
            i = bisect.bisect_right(seg_t, lead) - 1  # the segment the text now begins in
            cut = lead - seg_t[i]
            seg_t = [0] + [t - lead for t in seg_t[i + 1:]]
            seg_s = [seg_s[i] + min(cut, seg_n[i])] + seg_s[i + 1:]
            seg_n = [max(seg_n[i] - cut, 0)] + seg_n[i + 1:]
        trimmed = []
        for start, end, fact in refs:
            start, end = max(start - lead, 0), max(end - lead, 0)
            start, end = min(start, len(text)), min(end, len(text))
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            trimmed.append((start, end, fact))
        return HtmlText(
            text=text,
            title=title,
            refs=tuple(sorted(trimmed)),
            comments=tuple(comments),
            seg_text=seg_t,
            seg_source=seg_s,
            seg_exact=seg_n,
        )

