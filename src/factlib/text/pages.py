"""A fetched page's body → the text a visitor reads: HTML, PDF or plain text.

The kind comes from the Content-Type, with the body's own evidence winning
where servers are known to mislabel (a PDF is a PDF whatever the header says);
a missing or generic type is sniffed. The charset of HTML and text follows
:func:`factlib.text.decoding.decode`: BOM, the header's charset, ``<meta>``, then
sniffing. HTML keeps only visible text (:mod:`factlib.text.html`).

PDF text is extracted here with pypdf for pages and drafts alike
(:func:`pdf_pages`); pypdf's log lines are kept off stderr, and its failures
become one :class:`UnsupportedContent` message.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import threading
import zlib

import attrs

from factlib.text.decoding import content_type_charset, decode, looks_binary
from factlib.errors import FactlibError
from factlib.text.html import html_text
from factlib.text.pagehtml import page_text_fast

_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml", "text/xml", "application/xml"))
_PDF_TYPES = frozenset(("application/pdf", "application/x-pdf", "application/acrobat"))
_GENERIC_TYPES = frozenset(("", "application/octet-stream", "binary/octet-stream", "application/unknown",
                            "application/x-download", "application/force-download"))
_TEXT_TYPES = frozenset(("application/json", "application/ld+json", "application/javascript"))
_UNSUPPORTED_PREFIXES = ("image/", "audio/", "video/", "font/", "model/", "multipart/")
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0", "an Office 97 document"),
)
_HTML_SNIFF = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|title|meta|script|p|div|table|h1|a|br|iframe)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)

_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_level = logging.NOTSET


class UnsupportedContent(FactlibError):
    """A body factlib cannot read as text: an image, an archive, an encrypted or damaged PDF..."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@attrs.frozen
class PageText:
    """The readable text of a page, and what it was read as."""

    text: str
    kind: str  # "html" | "pdf" | "text"
    encoding: str = ""  # the charset used, for HTML and text
    title: str = ""


def page_text(body: bytes, content_type: str | None) -> PageText:
    """Read a response body as text, trusting ``content_type`` where the body does not contradict it.

    Raises :class:`UnsupportedContent` for images, archives, other binary data,
    and PDFs that are encrypted or damaged.
    """
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    charset = content_type_charset(content_type)
    head = body[:1024]
    if mime in _PDF_TYPES or head.lstrip().startswith(b"%PDF-") or (
        mime in _GENERIC_TYPES and b"%PDF-" in head
    ):
        pages, title = pdf_pages(body)
        return PageText("\n".join(pages), "pdf", title=title)
    if mime in _HTML_TYPES or (mime.endswith("+xml") and not mime.startswith(_UNSUPPORTED_PREFIXES)):
        return _html(body, charset)
    if mime.startswith("text/") or mime in _TEXT_TYPES:
        return _text(body, charset, mime)
    if mime.startswith(_UNSUPPORTED_PREFIXES) or (mime and mime not in _GENERIC_TYPES):
        raise UnsupportedContent(f"unsupported content type {mime}")
    for magic, what in _MAGIC:
        if body.startswith(magic):
            raise UnsupportedContent(f"not text: {what}")
    if _HTML_SNIFF.match(body, 0, 1024):
        return _html(body, charset)
    return _text(body, charset, mime or "no content type")


def pdf_pages(data: bytes) -> tuple[list[str], str]:
    """The text of each page of a PDF, and its title from the metadata ("" when none).

    Raises :class:`UnsupportedContent` with "encrypted PDF" for any encrypted
    file (even one that opens with an empty password: its text may not be
    ours to check) and "not a valid PDF (damaged or truncated)" when pypdf
    cannot read it.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise UnsupportedContent("encrypted PDF")
            pages = [_page_text(page) for page in reader.pages]
            title = _title(reader)
        # pypdf raises its own errors for most damage, and these builtins for the rest
        except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError,
                AssertionError, RecursionError, zlib.error, EOFError) as e:
            raise UnsupportedContent("not a valid PDF (damaged or truncated)") from e
    return pages, title


def _page_text(page) -> str:
    text = page.extract_text() or ""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


def _title(reader) -> str:
    metadata = reader.metadata
    title = metadata.title if metadata else None
    return " ".join(str(title).split()) if title else ""


@contextlib.contextmanager
def _quiet_pypdf():
    """Keep pypdf's log records (a warning for every robustness fix it applies) off stderr.

    The "pypdf" logger's level is raised while any thread reads a PDF and
    restored when the last one is done; the lock guards only that bookkeeping,
    so PDFs are still read concurrently.
    """
    global _quiet_depth, _saved_level
    logger = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            _saved_level = logger.level
            logger.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                logger.setLevel(_saved_level)


def _html(body: bytes, charset: str | None) -> PageText:
    decoded = decode(body, declared=charset, html=True)
    fast = page_text_fast(decoded.text)
    if fast is not None:
        return PageText(fast[0], "html", decoded.encoding, fast[1])
    extracted = html_text(decoded.text)
    return PageText(extracted.text, "html", decoded.encoding, extracted.title)


def _text(body: bytes, charset: str | None, mime: str) -> PageText:
    decoded = decode(body, declared=charset)
    if looks_binary(decoded.text):
        raise UnsupportedContent(f"binary content ({mime})")
    return PageText(decoded.text, "text", decoded.encoding)
