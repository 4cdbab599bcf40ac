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

import bisect
import html
import re
from html.parser import HTMLParser

import attrs

_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
_HIDDEN = frozenset(
    "script style template noscript noembed noframes head title iframe object svg canvas audio video datalist".split()
)
# (not html and body: they enclose all the text, and a second <body> tag, or text after
# </body>, continues the same body in browsers)
_BLOCK = frozenset(
    """address article aside blockquote caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr legend li listing
    main menu nav ol optgroup option p pre section summary table tbody td tfoot th thead tr ul""".split()
)
_PRE = frozenset(("pre", "textarea", "listing", "plaintext"))
_DROPS_FIRST_NEWLINE = frozenset(("pre", "textarea", "listing"))  # a newline right after the start tag
# start tags that close an open <p> (HTML's "p in button scope" rule, simplified)
_CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul""".split()
)
_HEAD_CONTENT = frozenset("base basefont bgsound link meta noscript script style template title".split())
_SCOPE = frozenset("html body table td th caption button object template".split())
_LIST_SCOPE = _SCOPE | {"ul", "ol"}
_DL_SCOPE = _SCOPE | {"dl"}
_ROW_SCOPE = frozenset(("tr", "table", "html"))
_TABLE_SCOPE = frozenset(("table", "html"))
_SELECT_SCOPE = _SCOPE | {"select"}
_END_TAG_SCOPE = {"li": _LIST_SCOPE} | dict.fromkeys("caption table tbody td tfoot th thead tr".split(), _TABLE_SCOPE)

_HTML_SPACE = "[ \t\n\r\f]"
# whitespace that does not already read as the single space a browser shows
_COLLAPSE = re.compile(rf"\A{_HTML_SPACE}+|{_HTML_SPACE}+\Z|{_HTML_SPACE}{{2,}}|[\t\n\r\f]")
_INNER_SPACE = re.compile(r"[\t\n\r\f]|  ")
_ALL_SPACE = re.compile(rf"{_HTML_SPACE}+\Z")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # html.unescape's own
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_FACT_HREF = re.compile(r"\s*fact:(\S+)\s*\Z", re.IGNORECASE)
_COMMENT_END = re.compile(r"--!?>")
_CR = re.compile(r"\r\n?")
# at the end of the input, "<" before a letter, "/", "!" or "?" begins a tag, comment or
# declaration cut short: browsers drop it rather than show it
_UNFINISHED_MARKUP = re.compile(r"<[a-zA-Z/!?]")
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


def html_text(source: str) -> HtmlText:
    """Extract the visible text of ``source`` (already decoded) with its map back into the source."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    return parser.result()


class _Extractor(HTMLParser):
    # Elements that hold text only, as in browsers (with scripting on): no tag inside them
    # opens or closes anything ("<p><noscript><p>x</noscript>" does not close the first <p>).
    # The text of title, textarea and plaintext is shown; _flush decodes character references.
    CDATA_CONTENT_ELEMENTS = (
        "script", "style", "title", "textarea", "noscript", "iframe", "noembed", "noframes", "plaintext",
    )

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._pieces: list[str] = []
        self._len = 0
        self._seg_t: list[int] = []
        self._seg_s: list[int] = []
        self._seg_n: list[int] = []
        self._stack: list[list] = []  # [tag, hides, fact id or None, text start]
        self._counts: dict[str, int] = {}  # open elements by tag, to skip scans of the stack
        self._hidden = 0
        self._pre = 0
        self._pre_opened = False  # the last token was a <pre>, <listing> or <textarea> start tag
        self._comment_len = 0
        self._head_done = False  # a <head> was opened, or the body began: another <head> is ignored
        self._title_depth = 0
        self._title: list[str] | None = None
        self._title_done = False
        self._space: int | None = None  # source offset of collapsed whitespace not yet written
        self._line_start = True
        self._newlines = 0  # how many line breaks the text ends with
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
        if self._title_depth and not self._title_done:
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

    # -- writing text -------------------------------------------------------------------------

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

    # -- the element stack -----------------------------------------------------------------------

    def _open(self, tag: str, attrs_: list[tuple[str, str | None]], src: int) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs_}
        hides = (
            tag in _HIDDEN
            or "hidden" in attributes
            or attributes.get("aria-hidden", "").strip().lower() == "true"
            or bool(_HIDING_STYLE.search(attributes.get("style", "")))
        )
        fact = attributes.get("data-fact", "").strip() or None
        if fact is None and tag == "a":
            m = _FACT_HREF.match(attributes.get("href", ""))
            fact = m.group(1) if m else None
        if tag in _BLOCK and not self._hidden:
            self._break(src)
        if tag == "br" and not self._hidden and self._len and self._newlines < 2:
            # a <br> ends a line; more of them leave a blank line, which reads as a paragraph break
            self._emit("\n", src, False)
            self._space, self._line_start = None, True
        if tag in _VOID:
            return
        self._stack.append([tag, hides, fact, self._len])
        self._counts[tag] = self._counts.get(tag, 0) + 1
        self._hidden += hides
        self._pre += tag in _PRE
        self._pre_opened = tag in _DROPS_FIRST_NEWLINE
        self._title_depth += tag == "title"
        if tag == "title" and self._title is None:
            self._title = []

    def _close_top(self, src: int) -> None:
        tag, hides, fact, start = self._stack.pop()
        self._counts[tag] -= 1
        self._hidden -= hides
        self._pre -= tag in _PRE
        if tag == "title":
            self._title_depth -= 1
            if self._title is not None:
                self._title_done = True
        if self._hidden:
            return
        if fact is not None and not hides:
            self._refs.append((start, self._len, fact))
        if tag in _BLOCK:
            self._break(src)

    def _in_scope(self, tag: str, boundary: frozenset[str] = _SCOPE) -> bool:
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
        if tag not in _HEAD_CONTENT and self._in_scope("head"):
            self._pop_to("head", src)
        if tag in _CLOSES_P and self._in_scope("p"):
            self._pop_to("p", src)
        elif tag == "li" and self._in_scope("li", _LIST_SCOPE):
            self._pop_to("li", src)
        elif tag in ("dt", "dd"):
            for other in ("dt", "dd"):
                if self._in_scope(other, _DL_SCOPE):
                    self._pop_to(other, src)
        elif tag in ("td", "th"):
            for other in ("td", "th"):
                if self._in_scope(other, _ROW_SCOPE):
                    self._pop_to(other, src)
        elif tag == "tr" and self._in_scope("tr", _TABLE_SCOPE):
            self._pop_to("tr", src)
        elif tag in ("option", "optgroup") and self._in_scope("option", _SELECT_SCOPE):
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
        elif not self._head_done and tag not in _HEAD_CONTENT and tag != "html":
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
        elif tag in _BLOCK:
            # as in browsers, the end tag of a block that is not open in scope is ignored,
            # except "</p>", which is an empty paragraph
            if self._in_scope(tag, _END_TAG_SCOPE.get(tag, _SCOPE)):
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
        refs = []
        for start, end, fact in self._refs:
            start, end = max(start - lead, 0), max(end - lead, 0)
            start, end = min(start, len(text)), min(end, len(text))
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            refs.append((start, end, fact))
        title = ""
        if self._title:
            title = " ".join(html.unescape("".join(self._title)).split())
        return HtmlText(
            text=text,
            title=title,
            refs=tuple(sorted(refs)),
            comments=tuple(self._comments),
            seg_text=seg_t,
            seg_source=seg_s,
            seg_exact=seg_n,
        )


# Break marks in the page text: lone surrogates, which no text lxml gives can hold (it reads only
# valid UTF-8): U+D800 for a block's edge, U+D801 for a <br>. A run of marks, with the spaces
# between and around them, becomes one break: a paragraph when it holds a block's edge or two
# <br>, else a line.
_BLOCK_MARK, _BR_MARK = "\ud800", "\ud801"
_BR_RUN = re.compile(" ?\ud801[ \ud801]*")
_MANY_SPACES = re.compile("  +")
# controls that reach the text through character references ("&#1;"), which html_text drops
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# lxml refuses a str that begins with an XML declaration naming an encoding (the text is decoded
# already, so the declaration says nothing); other processing instructions are dropped anyway,
# and one never closed runs to the end, as in browsers
_XML_DECLARATIONS = re.compile(r"(?:<\?xml[^>]*(?:>|\Z))+")
# characters libxml2 cannot hold: it would read each C0 control as U+FFFD (a form feed, which is
# HTML whitespace, too) and stops reading at a lone surrogate, losing the rest of the page
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


# <head> itself is not skipped: libxml2 leaves the elements it does not know (section, main, nav,
# article...) in a <head> that was never closed, where a browser starts the body with them. What
# html_text hides as head content is hidden here by its own tag (title, script, style...), and
# meta, link and base hold no text.
_PAGE_HIDDEN = _HIDDEN - {"head"}


def _readable(m: re.Match) -> str:
    c = m.group()
    return " " if c == "\f" else "\ufffd" if c >= "\ud800" else ""  # other controls are not seen


def _br_break(m: re.Match) -> str:
    return "\n\n" if m.group().count(_BR_MARK) > 1 else "\n"


def _page_layout(text: str) -> str:
    """Whitespace runs as one space, and break marks as paragraph and line breaks.

    String methods do what two regular expressions did at a tenth of the cost: a pattern that
    cannot start with a literal is tried at every character, and pages are mostly plain text.
    """
    text = text.replace("\t", " ").replace("\n", " ").replace("\r", " ").replace("\f", " ")
    if "  " in text:
        text = _MANY_SPACES.sub(" ", text)
    paragraphs = []
    for part in text.split(_BLOCK_MARK):
        part = part.strip(" " + _BR_MARK)
        if part:
            paragraphs.append(_BR_RUN.sub(_br_break, part) if _BR_MARK in part else part)
    return "\n\n".join(paragraphs)


def page_text_fast(source: str) -> tuple[str, str] | None:
    """The visible text and title of a fetched page, without source positions, by lxml's C parser.

    Pages are only searched for quotes, so they need no map back to their source; the same
    rules as :func:`html_text` decide what is hidden and where paragraphs break, and the two
    give the same words, paragraph breaks and title. Differences that no quote search sees are
    left: whitespace inside ``<pre>`` and ``<textarea>`` collapses here; C0 control characters
    are dropped, a lone surrogate reads as U+FFFD and a reference to a noncharacter ("&#xFFFE;")
    is kept (html_text keeps raw controls and drops such references). About ten times
    faster than the position-keeping parser; None when lxml is missing or cannot read the whole page
    (markup nested deeper than libxml2's limit of 2048 elements), and the caller falls
    back to :func:`html_text`. Never raises.
    """
    try:  # imported here: drafts read HTML without it, and it costs start-up time
        from lxml import etree
    except ImportError:  # a declared dependency; a broken install still reads pages, by html_text
        return None
    source = _UNREADABLE.sub(_readable, source)
    declarations = _XML_DECLARATIONS.match(source)
    if declarations:
        source = source[declarations.end():]
    # plain etree elements: lxml.html's element classes cost a Python call per element;
    # huge_tree lifts libxml2's depth limit from 256 to 2048 elements (and its text size limits)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(source, parser)
    except (ValueError, etree.LxmlError):
        return None
    if parser.error_log.filter_types([etree.ErrorTypes.ERR_RESOURCE_LIMIT]):
        return None  # libxml2 stopped reading (too deep): the rest of the page would be lost
    if root is None:  # nothing but whitespace, comments, processing instructions or a doctype
        return ("", "")
    title = " ".join(_CONTROLS.sub("", root.findtext(".//title") or "").split())
    parts: list[str] = []
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        tag = el.tag
        if event == "start":
            if not isinstance(tag, str):  # a comment or processing instruction: only its tail is text
                continue
            if tag in _PAGE_HIDDEN or (el.keys() and (  # most elements have no attributes to look up
                    el.get("hidden") is not None
                    or (el.get("aria-hidden") or "").strip(" \t\n\r\f").lower() == "true"
                    or _HIDING_STYLE.search(el.get("style") or ""))):
                walk.skip_subtree()  # its end event still comes, with its tail
                if tag in _BLOCK:
                    parts.append(_BLOCK_MARK)  # a hidden block still ends a paragraph, as in html_text
                continue
            if tag in _BLOCK:
                parts.append(_BLOCK_MARK)
            elif tag == "br":
                parts.append(_BR_MARK)
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK:
                parts.append(_BLOCK_MARK)
            if el.tail and el is not root:
                parts.append(el.tail)
    return _page_layout(_CONTROLS.sub("", "".join(parts))), title
