"""Reading drafts: Markdown, plain text, HTML, Word .docx and PDF, as one :class:`Document`.

``Document.text`` is the prose to scan for figures, and ``position()`` turns an
offset in it into the line and column the user sees:

- Markdown and plain text: the decoded file itself, with non-prose blanked to
  spaces (front matter, code, comments, link destinations, URLs, tags, fact
  markers), so the text has the source's length, lines and columns.
- HTML: the visible text (:mod:`factlib.text.html`); positions map back to the
  source's own line and column.
- .docx: body and table-cell paragraphs in document order, joined by "\\n":
  line N is paragraph N, the column is the offset in the paragraph + 1.
  Headers, footers, footnotes, comments and text boxes are not read.
- PDF: the text pypdf extracts from every page, pages joined by "\\n"; line N
  is line N of that extracted text counted across pages (not a line number a
  PDF viewer shows), the column the offset in that line + 1.

Fact references: ``[text](fact:ID)``, ``data-fact="ID"`` / ``<a href="fact:ID">``
elements and ``[fact:ID]`` markers, each in every format (PRODUCT.md §3): parsed
as Markdown and HTML where the format has them, and read from the text where it
does not (the Markdown form in HTML; both forms in plain text, .docx and PDF),
plus Word hyperlinks to ``fact:ID``. Suppression:
``<!-- factlib: ignore CODE... -->`` in Markdown and HTML, a line containing
``factlib: ignore CODE...`` in text, .docx and PDF; it silences the codes on
the next line that has prose (``"*"``: every code, when none is named).
"""

from __future__ import annotations

import bisect
import html
import os
import re
import stat
import types
import zipfile
from collections.abc import Mapping

import attrs

from factlib.drafts.markdown import code_spans
from factlib.drafts.references import typed_references
from factlib.text.decoding import decode, looks_binary
from factlib.errors import FactlibError
from factlib.text.html import HtmlText, html_text
from factlib.text.pages import UnsupportedContent, pdf_pages

FORMATS = ("markdown", "text", "html", "docx", "pdf")
_EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx", ".pdf": "pdf",
}

_MARKER = re.compile(r"\[fact:([^\]\s]+)\]", re.IGNORECASE)
# the look-behinds sit after the first letter so that the scan can skip ahead to an "h" or a "w"
_URL = re.compile(
    r"(?:h(?<![\w.@/-]h)ttps?://|w(?<![\w.@/-]w)ww\.)[^\s<>\"'`\[\]{}|\\^]*[^\s<>\"'`\[\]{}|\\^().,;:!?*_~]"
)
_CODE = re.compile(r"[A-Za-z][\w-]*(?:\.[\w-]+)+")
_DIRECTIVE = re.compile(r"factlib:[ \t]*ignore\b((?:[ \t,]+[A-Za-z][\w-]*(?:\.[\w-]+)+)*)", re.IGNORECASE)
_COMMENT_DIRECTIVE = re.compile(r"\s*factlib:\s*ignore\b(.*)", re.IGNORECASE | re.DOTALL)
_HTML_SNIFF = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body)[\s>]", re.IGNORECASE)
_NEWLINE = re.compile("\n")
_NOT_NEWLINE = re.compile(r"[^\r\n]")


class DocumentError(FactlibError):
    """A draft that cannot be read: ``path`` and a one-line ``message``."""

    def __init__(self, path: str | os.PathLike, message: str) -> None:
        self.path = os.fspath(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


@attrs.frozen
class FactRef:
    """An explicit reference binding a span of ``Document.text`` to a fact."""

    start: int
    end: int
    fact_id: str
    marker: bool = False  # a "[fact:ID]" marker: start == end == where it began; binds the figure before it


def _freeze_suppressions(value: Mapping[int, frozenset[str]]) -> Mapping[int, frozenset[str]]:
    return types.MappingProxyType({int(line): frozenset(codes) for line, codes in dict(value).items()})


@attrs.frozen
class Document:
    """A draft read for checking: its prose, its fact references and its suppressions."""

    path: str
    format: str  # "markdown" | "text" | "html" | "docx" | "pdf"
    text: str
    refs: tuple[FactRef, ...] = attrs.field(default=(), converter=tuple)
    suppressions: Mapping[int, frozenset[str]] = attrs.field(
        factory=dict, converter=_freeze_suppressions, hash=False
    )
    # HTML only: the visible-text map and the source it maps into
    _html: HtmlText | None = attrs.field(default=None, eq=False, repr=False, alias="html")
    _source: str = attrs.field(default="", eq=False, repr=False, alias="source")
    _line_starts: list[int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        coordinates = self._source if self._html is not None else self.text
        starts = [0] + [m.end() for m in _NEWLINE.finditer(coordinates)]
        object.__setattr__(self, "_line_starts", starts)

    @property
    def title(self) -> str:
        """An HTML draft's <title> (a page's title is its opening as a reader sees it); else ""."""
        return self._html.title if self._html is not None else ""

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset in the file as the user sees it."""
        offset = min(max(offset, 0), len(self.text))
        if self._html is not None:
            offset = self._html.source_offset(offset)
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def line_text(self, line: int) -> str:
        """That line's prose, for messages ("" for a line the file does not have)."""
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        if self._html is not None:
            end = starts[line] - 1 if line < len(starts) else len(self._source)
            t0, t1 = self._html.text_range(start, end)
            return " ".join(self.text[t0:t1].split())
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip()

    @property
    def line_count(self) -> int:
        return len(self._line_starts)


def detect_format(path: str | os.PathLike) -> str:
    """The format of a draft: by extension, else by sniffing its first bytes ("text" when in doubt)."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    head = _read_bytes(path, limit=2048)
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(os.fspath(path)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError):
            pass
        return "text"  # reading it as text will say "binary file"
    if _HTML_SNIFF.match(decode(head).text):
        return "html"
    return "text"


def read_document(path: str | os.PathLike, *, format: str | None = None) -> Document:
    """Read a draft from disk. Raises :class:`DocumentError` for any file that cannot be used."""
    name = os.fspath(path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise DocumentError(name, f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    data = _read_bytes(path)
    if not data:
        raise DocumentError(name, "empty file")
    if fmt == "docx":
        from factlib.drafts.word import Unusable, read_docx

        try:
            text, links = read_docx(data, MAX_BYTES)
        except Unusable as e:
            raise DocumentError(name, e.message) from e
        return _finish(name, fmt, text, [FactRef(start, end, fact) for start, end, fact in links])
    if fmt == "pdf":
        return _pdf(name, data)
    decoded = decode(data, html=fmt == "html")
    if looks_binary(decoded.text):
        raise DocumentError(name, "binary file")
    if decoded.origin == "fallback" and decoded.errors:
        raise DocumentError(name, "undecodable text (not UTF-8, UTF-16 or a recognised legacy encoding)")
    if not decoded.text.strip():
        raise DocumentError(name, "empty file")
    return document_from_text(decoded.text, path=name, format=fmt)


def document_from_text(text: str, *, path: str = "<text>", format: str = "text") -> Document:
    """Build a Document from already-decoded Markdown, plain text or HTML."""
    if format == "markdown":
        blanked, refs, comments = _markdown(text)
        return _finish(path, format, blanked, refs, comments=comments)
    if format == "html":
        extracted = html_text(text)
        refs = [FactRef(start, end, fact) for start, end, fact in extracted.refs]
        comments = [(end - 1, body) for _, end, body in extracted.comments]
        return _finish(path, format, extracted.text, refs, comments=comments, html=extracted, source=text)
    if format == "text":
        return _finish(path, format, text, [])
    raise ValueError(f"cannot build a {format!r} document from text")


# -- shared finishing: markers, URLs, suppressions -------------------------------------------------


def _finish(path, fmt, text, refs, *, comments=None, html=None, source=""):
    refs = list(refs)
    if fmt != "markdown":  # Markdown parsed its links and tags already; every form works in every format
        text, found = typed_references(text, tags=fmt != "html")
        refs += [FactRef(start, end, fact) for start, end, fact in found]

    def marker(m: re.Match) -> str:
        refs.append(FactRef(m.start(), m.start(), m.group(1), marker=True))
        return " " * len(m.group())

    text = _MARKER.sub(marker, text)
    if fmt != "markdown" and ("http" in text or "www." in text):  # Markdown's URLs are gone already
        text = _URL.sub(_blank_match, text)
    refs = sorted((_trimmed(ref, text) for ref in refs), key=lambda r: (r.start, r.end))
    doc = Document(path, fmt, text, refs, html=html, source=source)
    if comments is None:  # text, docx and pdf: directives are lines of text
        directives = [(m.start(), _codes(m.group(1))) for m in _DIRECTIVE.finditer(text)]
    else:
        directives = []
        for end, body in comments:
            m = _COMMENT_DIRECTIVE.match(body)
            if m:
                directives.append((end, _codes(m.group(1))))
    if not directives:
        return doc
    suppressions: dict[int, set[str]] = {}
    for offset, codes in directives:
        line = bisect.bisect_right(doc._line_starts, offset)
        target = _next_prose_line(doc, line)
        suppressions.setdefault(target, set()).update(codes)
    return attrs.evolve(doc, suppressions=suppressions)


def _codes(text: str) -> frozenset[str]:
    codes = frozenset(code.lower() for code in _CODE.findall(text))
    return codes or frozenset({"*"})


def _next_prose_line(doc: Document, line: int) -> int:
    for candidate in range(line + 1, doc.line_count + 1):
        if doc.line_text(candidate).strip():
            return candidate
    return line + 1


def _trimmed(ref: FactRef, text: str) -> FactRef:
    if any(c.isspace() or not c.isprintable() for c in ref.fact_id) or len(ref.fact_id) > 200:
        # a damaged attribute can run over lines: never an id, and it must not break a one-line message
        ref = attrs.evolve(ref, fact_id=" ".join("".join(c if c.isprintable() else " " for c in ref.fact_id)
                                                 .split())[:200])
    if ref.marker:
        return ref
    start, end = ref.start, ref.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return attrs.evolve(ref, start=start, end=end)


def _blank(s: str) -> str:
    if "\n" in s or "\r" in s:
        return _NOT_NEWLINE.sub(" ", s)
    return " " * len(s)


def _blank_match(m: re.Match) -> str:
    return _blank(m.group())


# -- Markdown ---------------------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_RAW_BLOCK = re.compile(r"<(script|style|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?!`)((?:[^\n]|\n(?![ \t]*\r?\n))+?)(?<!`)\1(?!`)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[A-Za-z]+)>")
_REF_DEF = re.compile(
    r"""^[ \t]{0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)"""
    r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\r?$""",
    re.MULTILINE,
)
_LINK = re.compile(
    r"""(!\[|\[)([^\[\]]*)\]\([ \t]*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"""
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t]*\)"""
)
_REF_LINK = re.compile(r"(!\[|\[)([^\[\]]+)\]\[([^\[\]]*)\]")  # a branch, not "!?": scans faster
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>"']|"[^"]*"|'[^']*')*)>""")
_TAG_FACT = re.compile(
    r"""\bdata-fact\s*=\s*["']?\s*([^"'\s>]+)|\bhref\s*=\s*["']?\s*fact:([^"'\s>]+)""", re.IGNORECASE
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CURRENCY = frozenset("£$€¥₹")


def _markdown(src: str) -> tuple[str, list[FactRef], list[tuple[int, str]]]:
    """Blank the non-prose of Markdown to spaces; return the text, fact refs and comments."""
    refs: list[FactRef] = []
    comments: list[tuple[int, str]] = []
    work = _blank_front_matter(src)
    work = _blank_code_blocks(work)

    def comment(m: re.Match) -> str:
        comments.append((m.end() - 1, m.group(1)))
        return _blank(m.group())

    if "<" in work:
        work = _COMMENT.sub(comment, work)
        work = _RAW_BLOCK.sub(_blank_match, work)
    if "`" in work:
        work = _CODE_SPAN.sub(_blank_match, work)
    if "<" in work:
        work = _AUTOLINK.sub(_blank_match, work)

    definitions: dict[str, str] = {}

    def definition(m: re.Match) -> str:
        definitions.setdefault(_label(m.group(1)), m.group(2).strip("<>"))
        return _blank(m.group())

    if "]:" in work:
        work = _REF_DEF.sub(definition, work)

    def link(m: re.Match) -> str:
        opener, text = m.group(1), m.group(2)
        _fact_ref(refs, m.group(3).strip("<>"), m.start(2), m.end(2))
        return " " * len(opener) + text + _blank(m.group()[len(opener) + len(text):])

    for _ in range(4):  # innermost first: an image inside a link, then the link
        if "](" not in work:
            break
        work, n = _LINK.subn(link, work)
        if not n:
            break

    def ref_link(m: re.Match) -> str:
        label = _label(m.group(3) or m.group(2))
        if label not in definitions:
            return m.group()
        opener, text = m.group(1), m.group(2)
        _fact_ref(refs, definitions[label], m.start(2), m.end(2))
        return " " * len(opener) + text + _blank(m.group()[len(opener) + len(text):])

    if definitions and "][" in work:
        work = _REF_LINK.sub(ref_link, work)
    if "[^" in work:
        work = _FOOTNOTE.sub(_blank_match, work)
    if "http" in work or "www." in work:  # (what every URL _URL reads starts with)
        work = _URL.sub(_blank_match, work)  # before entities: "&amp;" in a URL would split it
    if "<" in work:
        work = _blank_tags(work, refs)
    if "&" in work:
        work = _ENTITY.sub(_entity, work)
    return work, refs, comments


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _fact_ref(refs: list[FactRef], destination: str, start: int, end: int) -> None:
    if destination[:5].lower() == "fact:" and len(destination) > 5:
        refs.append(FactRef(start, end, destination[5:]))


def _blank_front_matter(src: str) -> str:
    first_end = src.find("\n")
    first = src[: first_end if first_end >= 0 else len(src)].rstrip()
    if first_end < 0 or first not in ("---", "+++"):
        return src
    closers = r"(?:---|\.\.\.)" if first == "---" else r"\+\+\+"
    m = re.compile(rf"^{closers}[ \t]*\r?$", re.MULTILINE).search(src, first_end + 1)
    if not m:
        return src
    return _blank(src[: m.end()]) + src[m.end():]


def _blank_code_blocks(src: str) -> str:
    spans = code_spans(src)
    if not spans:
        return src
    out, at = [], 0
    for start, end in spans:
        out += [src[at:start], _blank(src[start:end])]
        at = end
    out.append(src[at:])
    return "".join(out)


def _blank_tags(work: str, refs: list[FactRef]) -> str:
    open_facts: list[tuple[str, str, int]] = []  # (tag, fact id, text start)

    def tag(m: re.Match) -> str:
        closing, name = m.group(1), m.group(2).lower()
        if closing:
            for i in range(len(open_facts) - 1, -1, -1):
                if open_facts[i][0] == name:
                    _, fact, start = open_facts.pop(i)
                    refs.append(FactRef(start, m.start(), fact))
                    break
        else:
            f = _TAG_FACT.search(m.group(3))
            if f and not m.group(3).rstrip().endswith("/"):
                open_facts.append((name, f.group(1) or f.group(2), m.end()))
        return _blank(m.group())

    return _TAG.sub(tag, work)


def _entity(m: re.Match) -> str:
    entity = m.group()
    char = html.unescape(entity)
    if char == entity:
        return entity
    if len(char) != 1 or char.isspace() or not char.isprintable():
        return " " * len(entity)
    pad = " " * (len(entity) - 1)
    # a currency sign leads its number ("&pound;5"); other signs follow theirs ("70&#37;")
    return pad + char if char in _CURRENCY else char + pad


# -- PDF ------------------------------------------------------------------------------------------------


def _pdf(path: str, data: bytes) -> Document:
    try:
        pages, _ = pdf_pages(data)
    except UnsupportedContent as e:
        raise DocumentError(path, e.message) from e
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(path, "no text in PDF (a scanned document needs OCR first)")
    return _finish(path, "pdf", text, [])


# -- files ---------------------------------------------------------------------------------------------


MAX_BYTES = 50_000_000  # a draft larger than this is not a campaign document


def _read_bytes(path: str | os.PathLike, limit: int = -1) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise DocumentError(path, "not a regular file")
        if info.st_size > MAX_BYTES:
            raise DocumentError(path, f"too large ({info.st_size:,} bytes; drafts are read up to {MAX_BYTES:,})")
        with open(path, "rb") as f:
            return f.read(limit)
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(path, "is a directory") from None
    except PermissionError:
        raise DocumentError(path, "permission denied") from None
    except OSError as e:
        raise DocumentError(path, f"cannot read: {e.strerror or e}") from None
