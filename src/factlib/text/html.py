"""HTML → the text a reader sees, with a map from every text offset back into the source.

Shared by drafts (figures must be reported at the source's line and column)
and fetched pages (quotes are looked for in what a visitor reads). Hidden
content is dropped: script, style, template, noscript, head and similar
elements, the ``hidden`` attribute, ``aria-hidden="true"`` and inline
``display:none`` / ``visibility:hidden``. Whitespace collapses as a browser
collapses it (``<pre>`` keeps its own). Block elements and table cells are
separated by a blank line, as paragraphs are in Markdown, and ``<br>`` ends a
line (two or more leave a blank line), so sentences of different paragraphs
never merge; the text neither begins nor ends with a line break.
Entities are decoded; an entity's characters map to the ``&`` that began it.
Malformed markup is read as browsers read it where that changes the text:
implied end tags, text-only elements (title, textarea, noscript, iframe),
comments, stray end tags, and markup cut short at the end of the document.

Elements with ``data-fact="ID"`` and links to ``fact:ID`` are returned as
``refs`` over their text, and comments as ``comments`` for inline directives.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from factlib.text.htmlmap import HtmlText, TextWriter
from factlib.text.htmlrules import (BLOCK, CLOSES_P, DL_SCOPE, DROPS_FIRST_NEWLINE, END_TAG_SCOPE, HEAD_CONTENT,
                                    HIDDEN, HIDING_STYLE, LIST_SCOPE, PRE, ROW_SCOPE, SCOPE, SELECT_SCOPE,
                                    TABLE_SCOPE, VOID)

__all__ = ["HtmlText", "html_text"]

_HTML_SPACE = "[ \t\n\r\f]"
_ALL_SPACE = re.compile(rf"{_HTML_SPACE}+\Z")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # html.unescape's own
_FACT_HREF = re.compile(r"\s*fact:(\S+)\s*\Z", re.IGNORECASE)
_COMMENT_END = re.compile(r"--!?>")
# at the end of the input, "<" before a letter, "/", "!" or "?" begins a tag, comment or
# declaration cut short: browsers drop it rather than show it
_UNFINISHED_MARKUP = re.compile(r"<[a-zA-Z/!?]")


def html_text(source: str) -> HtmlText:
    """Extract the visible text of ``source`` (already decoded) with its map back into the source."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    return parser.result()



class _Extractor(TextWriter, HTMLParser):
    # Elements that hold text only, as in browsers (with scripting on): no tag inside them
    # opens or closes anything ("<p><noscript><p>x</noscript>" does not close the first <p>).
    # The text of title, textarea and plaintext is shown; _flush decodes character references.
    CDATA_CONTENT_ELEMENTS = (  # type: ignore[misc]  # typeshed marks it Final; HTMLParser reads it from self
        "script", "style", "title", "textarea", "noscript", "iframe", "noembed", "noframes", "plaintext",
    )

    def __init__(self, source: str) -> None:
        TextWriter.__init__(self)
        HTMLParser.__init__(self, convert_charrefs=True)
        self._source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._stack: list[list] = []  # [tag, hides, fact id or None, text start]
        self._counts: dict[str, int] = {}  # open elements by tag, to skip scans of the stack
        self._hidden = 0
        self._pre_opened = False  # the last token was a <pre>, <listing> or <textarea> start tag
        self._comment_len = 0
        self._head_done = False  # a <head> was opened, or the body began: another <head> is ignored
        self._title_depth = 0
        self._title: list[str] | None = None
        self._title_done = False
        self._data_at: int | None = None
        self._refs: list[tuple[int, int, str]] = []
        self._comments: list[tuple[int, int, str]] = []

    # -- positions and deferred data ---------------------------------------------------------

    def _pos(self) -> int:
        return self._line_starts[self.lineno - 1] + self.offset  # getpos(), without the tuple

    def _flush(self, end: int, final: bool = False) -> None:
        # Data is written when the next token starts, so that its raw source slice is known
        # and offsets inside a run of text map exactly.
        if self._data_at is None:
            return
        start, self._data_at = self._data_at, None
        if not start and self._source.startswith("\ufeff"):
            start = 1  # a byte order mark the decoding left is no text
        raw = self._source[start:end]
        if final:
            cut = _UNFINISHED_MARKUP.search(raw)
            if cut and not self.cdata_elem:
                raw = raw[: cut.start()]
        if self._title_depth and not self._title_done and self._title is not None:
            self._title.append(raw)
        if self._hidden and self._stack[-1][0] == "head" and raw.strip(" \t\n\r\f"):
            self._pop_to("head", start)  # text in <head> ends it: the text belongs to the body
        if self._hidden or not raw:
            self._pre_opened = False
            return
        if not self._head_done and raw.strip(" \t\n\r\f"):
            self._head_done = True  # text: the body has begun
        if self._pre_opened:
            self._pre_opened = False
            if self._pre:  # a newline right after <pre> is not content, even one written &#10;
                m = _CHARREF.match(raw) if raw[0] == "&" else None
                skip = (len(m.group()) if m and html.unescape(m.group()) == "\n"
                        else 2 if raw.startswith("\r\n") else 1 if raw[0] in "\r\n" else 0)
                raw, start = raw[skip:], start + skip
                if not raw:
                    return
        if "&" not in raw:
            self._literal(raw, start)
            return
        at = 0
        for m in _CHARREF.finditer(raw):
            if m.start() > at:
                self._literal(raw[at: m.start()], start + at)
            decoded = html.unescape(m.group())
            if not decoded:
                pass  # a reference to a control character or a noncharacter: html.unescape drops it
            elif _ALL_SPACE.match(decoded) and not self._pre:
                self._note_space(start + m.start())
            else:
                self._word(decoded, start + m.start(), exact=decoded == m.group())
            at = m.end()
        if at < len(raw):
            self._literal(raw[at:], start + at)

    # -- the element stack -----------------------------------------------------------------------

    def _open(self, tag: str, attrs_: list[tuple[str, str | None]], src: int) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs_}
        hides = (
            tag in HIDDEN
            or "hidden" in attributes
            or attributes.get("aria-hidden", "").strip().lower() == "true"
            or bool(HIDING_STYLE.search(attributes.get("style", "")))
        )
        fact = attributes.get("data-fact", "").strip() or None
        if fact is None and tag == "a":
            m = _FACT_HREF.match(attributes.get("href", ""))
            fact = m.group(1) if m else None
        if tag in BLOCK and not self._hidden:
            self._break(src)
        if tag == "br" and not self._hidden and self._len and self._newlines < 2:
            # a <br> ends a line; more of them leave a blank line, which reads as a paragraph break
            self._emit("\n", src, False)
            self._space, self._line_start = None, True
        if tag in VOID:
            return
        self._stack.append([tag, hides, fact, self._len])
        self._counts[tag] = self._counts.get(tag, 0) + 1
        self._hidden += hides
        self._pre += tag in PRE
        self._pre_opened = tag in DROPS_FIRST_NEWLINE
        self._title_depth += tag == "title"
        if tag == "title" and self._title is None:
            self._title = []

    def _close_top(self, src: int) -> None:
        tag, hides, fact, start = self._stack.pop()
        self._counts[tag] -= 1
        self._hidden -= hides
        self._pre -= tag in PRE
        if tag == "title":
            self._title_depth -= 1
            if self._title is not None:
                self._title_done = True
        if self._hidden:
            return
        if fact is not None and not hides:
            self._refs.append((start, self._len, fact))
        if tag in BLOCK:
            self._break(src)

    def _in_scope(self, tag: str, boundary: frozenset[str] = SCOPE) -> bool:
        if not self._counts.get(tag):
            return False
        for entry in reversed(self._stack):
            if entry[0] == tag:
                return True
            if entry[0] in boundary:
                return False
        return False

    def _pop_to(self, tag: str, src: int) -> None:
        while self._stack:
            top = self._stack[-1][0]
            self._close_top(src)
            if top == tag:
                return

    def _implied_ends(self, tag: str, src: int) -> None:
        if tag not in HEAD_CONTENT and self._in_scope("head"):
            self._pop_to("head", src)
        if tag in CLOSES_P and self._in_scope("p"):
            self._pop_to("p", src)
        elif tag == "li" and self._in_scope("li", LIST_SCOPE):
            self._pop_to("li", src)
        elif tag in ("dt", "dd"):
            for other in ("dt", "dd"):
                if self._in_scope(other, DL_SCOPE):
                    self._pop_to(other, src)
        elif tag in ("td", "th"):
            for other in ("td", "th"):
                if self._in_scope(other, ROW_SCOPE):
                    self._pop_to(other, src)
        elif tag == "tr" and self._in_scope("tr", TABLE_SCOPE):
            self._pop_to("tr", src)
        elif tag in ("option", "optgroup") and self._in_scope("option", SELECT_SCOPE):
            self._pop_to("option", src)
        elif tag in ("a", "button") and self._in_scope(tag):
            self._pop_to(tag, src)  # a link (or button) never holds another: the first one ends

    # -- HTMLParser callbacks ------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        src = self._pos()
        self._flush(src)
        if tag == "head":
            if self._head_done:
                self._pre_opened = False
                return  # browsers ignore a second <head>, and one inside the body
            self._head_done = True
        elif not self._head_done and tag not in HEAD_CONTENT and tag != "html":
            self._head_done = True
        self._implied_ends(tag, src)
        self._open(tag, attrs_, src)

    def handle_startendtag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        # "<div/>" is a start tag in HTML; void elements need no end tag anyway
        self.handle_starttag(tag, attrs_)

    def handle_endtag(self, tag: str) -> None:
        src = self._pos()
        self._flush(src)
        self._pre_opened = False
        if self._stack and self._stack[-1][0] == tag:
            self._close_top(src)  # the common case: the element just opened ends
        elif tag in BLOCK:
            # as in browsers, the end tag of a block that is not open in scope is ignored,
            # except "</p>", which is an empty paragraph
            if self._in_scope(tag, END_TAG_SCOPE.get(tag, SCOPE)):
                self._pop_to(tag, src)
            elif tag == "p" and not self._hidden:
                self._break(src)
        elif self._counts.get(tag):
            self._pop_to(tag, src)
        elif tag == "br" and not self._hidden:
            self._open("br", [], src)

    def handle_data(self, data: str) -> None:
        if self._data_at is None:
            self._data_at = self._pos()

    def parse_comment(self, i: int, report: int = 1) -> int:
        # HTML's own comment syntax: "<!-->" and "<!--->" are empty comments, "--!>" ends one
        # too, "-- >" does not, and a comment never closed runs to the end of the document
        # (the whole source is fed at once, so an unclosed comment is never completed later)
        rawdata = self.rawdata
        if rawdata.startswith(">", i + 4) or rawdata.startswith("->", i + 4):
            body_end = i + 4
            end = rawdata.index(">", i + 4) + 1
        else:
            m = _COMMENT_END.search(rawdata, i + 4)
            body_end, end = (m.start(), m.end()) if m else (len(rawdata), len(rawdata))
        if report:
            self._comment_len = end - i
            self.handle_comment(rawdata[i + 4: body_end])
        return end

    def handle_comment(self, data: str) -> None:
        src = self._pos()
        self._flush(src)
        self._pre_opened = False
        if self._source.startswith("<!--", src):
            end = src + self._comment_len
        else:  # a bogus comment, "<!x>" or "</ x>": it ends at the first ">"
            end = self._source.find(">", src + 2)
            end = len(self._source) if end < 0 else end + 1
        self._comments.append((src, end, data))

    def handle_decl(self, decl: str) -> None:
        self._flush(self._pos())
        self._pre_opened = False

    def handle_pi(self, data: str) -> None:
        self._flush(self._pos())
        self._pre_opened = False

    def unknown_decl(self, data: str) -> None:
        self._flush(self._pos())
        self._pre_opened = False

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # "<![doctype ...>" and other unknown marked sections: Python's parser raises AssertionError
        # (found by tests/test_fuzz.py: exit 3); browsers read them as a bogus comment up to ">"
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            self._flush(self._pos())
            return len(self.rawdata) if end < 0 else end + 1

    def close(self) -> None:
        super().close()
        if self.rawdata and self.cdata_elem:
            # an element of raw text left open (script, style, title, textarea) runs to the end
            self.handle_data(self.rawdata)
        end = len(self._source)
        self._flush(end, final=True)
        while self._stack:
            self._close_top(end)

    def result(self) -> HtmlText:
        title = " ".join(html.unescape("".join(self._title)).split()) if self._title else ""
        return self.mapped(title, self._refs, self._comments)
