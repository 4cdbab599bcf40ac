"""A fetched page's body → text: kind by type and magic, charset cases, PDFs, refusals."""

from __future__ import annotations

import codecs
import io
import logging
import sys

import pytest

from factlib.text import pages as pagetext
from factlib.errors import FactlibError
from factlib.text.pagehtml import page_text_fast
from factlib.text.pages import PageText, UnsupportedContent, page_text, pdf_pages

QUOTE = "\u201cModern slavery\u201d costs \u00a31.2m \u2014 about 70% of victims are women."


def html_page(charset_meta: str = "", body: str = QUOTE) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>Report &amp; data</title>"
        f"<script>var x = 99;</script></head><body><h1>Findings</h1><p>{body}</p>"
        f"<div hidden>hidden 42%</div></body></html>"
    )


def make_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Annual report")
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


# -- HTML -----------------------------------------------------------------------------------------


def test_html_visible_text_and_title():
    page = page_text(html_page().encode("utf-8"), "text/html; charset=utf-8")
    assert page == PageText(f"Findings\n\n{QUOTE}", "html", "utf-8", "Report & data")


def test_windows_1252_page_declared_only_in_meta():
    body = html_page("windows-1252").encode("cp1252")
    page = page_text(body, "text/html")
    assert QUOTE in page.text  # curly quotes, pound sign and dash intact
    assert page.encoding == "windows-1252"


def test_header_charset_is_used():
    body = html_page().encode("cp1252")
    page = page_text(body, "text/html; charset=windows-1252")
    assert QUOTE in page.text and page.encoding == "windows-1252"


def test_header_iso_8859_1_reads_as_windows_1252():
    page = page_text(html_page().encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert QUOTE in page.text


def test_header_charset_beats_meta():
    body = html_page("utf-8", "Привет, 70%").encode("cp1251")
    assert "Привет, 70%" in page_text(body, "text/html; charset=windows-1251").text


def test_wrong_header_charset_on_a_windows_1252_page_still_decodes():
    page = page_text(html_page().encode("cp1252"), "text/html; charset=utf-8")
    assert QUOTE in page.text and page.encoding == "windows-1252"


def test_utf8_page_behind_a_latin1_header():
    page = page_text(html_page().encode("utf-8"), "text/html; charset=iso-8859-1")
    assert QUOTE in page.text and page.encoding == "utf-8"


def test_bom_wins():
    body = codecs.BOM_UTF16_LE + html_page("windows-1252").encode("utf-16-le")
    page = page_text(body, "text/html")
    assert QUOTE in page.text and page.encoding == "utf-16-le"


def test_sniffed_charset_without_any_declaration():
    assert QUOTE in page_text(html_page().encode("utf-8"), "text/html").text
    page = page_text(html_page().encode("cp1252"), "text/html")
    assert QUOTE in page.text and page.encoding == "windows-1252"


@pytest.mark.parametrize("content_type", [None, "", "application/octet-stream"])
def test_html_sniffed_without_a_useful_content_type(content_type):
    page = page_text(html_page().encode("utf-8"), content_type)
    assert page.kind == "html" and "42%" not in page.text and QUOTE in page.text


def test_xhtml_is_html():
    assert page_text(html_page().encode("utf-8"), "application/xhtml+xml").kind == "html"


def test_empty_body():
    assert page_text(b"", "text/html").text == ""


# -- HTML: lxml's fast path, and html_text when it gives up ---------------------------------------------

XHTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
    f"<head><title>Report &amp; data</title></head><body><h1>Findings</h1><p>{QUOTE}</p></body></html>"
)
HTML_BODIES = [
    (html_page().encode("utf-8"), "text/html; charset=utf-8", "utf-8"),
    (html_page("windows-1252").encode("cp1252"), "text/html", "windows-1252"),
    (XHTML.encode("utf-8"), "application/xhtml+xml", "utf-8"),
]


@pytest.fixture
def spies(monkeypatch):
    """Count the calls of the fast path and of the fallback, which pagetext looks up in its module."""
    calls = {"page_text_fast": 0, "html_text": 0}

    def spy(name):
        real = getattr(pagetext, name)

        def counted(source):
            calls[name] += 1
            return real(source)

        monkeypatch.setattr(pagetext, name, counted)

    spy("page_text_fast")
    spy("html_text")
    return calls


@pytest.mark.parametrize(("body", "content_type", "encoding"), HTML_BODIES)
def test_html_is_read_by_lxml_when_it_is_there(spies, body, content_type, encoding):
    pytest.importorskip("lxml")
    page = page_text(body, content_type)
    assert page == PageText(f"Findings\n\n{QUOTE}", "html", encoding, "Report & data")
    assert spies == {"page_text_fast": 1, "html_text": 0}


@pytest.mark.parametrize(("body", "content_type", "encoding"), HTML_BODIES)
def test_html_is_read_by_html_text_when_the_fast_path_gives_up(monkeypatch, body, content_type, encoding):
    monkeypatch.setattr(pagetext, "page_text_fast", lambda source: None)
    page = page_text(body, content_type)
    assert page == PageText(f"Findings\n\n{QUOTE}", "html", encoding, "Report & data")


def test_html_is_read_by_html_text_without_lxml(monkeypatch, spies):
    monkeypatch.setitem(sys.modules, "lxml", None)  # "from lxml import etree" raises ImportError
    assert page_text_fast("<p>x</p>") is None
    page = page_text(html_page().encode("utf-8"), "text/html")
    assert page == PageText(f"Findings\n\n{QUOTE}", "html", "utf-8", "Report & data")
    assert spies == {"page_text_fast": 1, "html_text": 1}


def test_empty_html_body_is_read_by_the_fast_path(spies):
    pytest.importorskip("lxml")
    assert page_text(b"", "text/html") == PageText("", "html", "utf-8")
    assert spies == {"page_text_fast": 1, "html_text": 0}


def test_markup_too_deep_for_lxml_is_read_by_html_text(spies):
    pytest.importorskip("lxml")
    body = ("<div>" * 5000 + "deep" + "</div>" * 5000 + f"<p>{QUOTE}</p>").encode("utf-8")
    page = page_text(body, "text/html; charset=utf-8")
    assert page.text == f"deep\n\n{QUOTE}"
    assert spies == {"page_text_fast": 1, "html_text": 1}


# -- text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        (QUOTE.encode("utf-8"), "text/plain", "utf-8"),
        (QUOTE.encode("cp1252"), "text/plain; charset=windows-1252", "windows-1252"),
        (QUOTE.encode("cp1252"), "text/plain", "windows-1252"),
        (QUOTE.encode("utf-8"), None, "utf-8"),
        (QUOTE.encode("utf-8"), "text/markdown", "utf-8"),
    ],
)
def test_text(body, content_type, encoding):
    assert page_text(body, content_type) == PageText(QUOTE, "text", encoding)


def test_text_plain_is_not_read_as_html():
    page = page_text(b"<p>1 in 7</p>", "text/plain")
    assert page.kind == "text" and page.text == "<p>1 in 7</p>"


# -- PDF -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "application/octet-stream", None, "text/html", "binary/octet-stream"]
)
def test_pdf_by_type_or_magic(content_type):
    page = page_text(make_pdf("About 70% of victims are women.\nSecond line."), content_type)
    assert page.kind == "pdf"
    assert page.text == "About 70% of victims are women.\nSecond line."
    assert page.title == "Annual report"


def test_pdf_pages_one_string_per_page():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in ("page one 70%", "page two 1 in 7"):
        pdf.add_page()
        pdf.cell(0, 8, text)
    pages, title = pdf_pages(bytes(pdf.output()))
    assert pages == ["page one 70%", "page two 1 in 7"]
    assert title == ""


def test_encrypted_pdf_is_refused(capfd):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(make_pdf("70%")))
    writer.encrypt("")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UnsupportedContent) as info:
        page_text(out.getvalue(), "application/pdf")
    assert info.value.message == "encrypted PDF"
    assert capfd.readouterr().err == ""


def test_damaged_pdf_is_refused_quietly(capfd, caplog):
    data = make_pdf("70%")
    with caplog.at_level(logging.WARNING):
        with pytest.raises(UnsupportedContent, match=r"not a valid PDF \(damaged or truncated\)"):
            page_text(data[: len(data) // 2], "application/pdf")
    assert capfd.readouterr().err == ""
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored


# -- refusals ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png", "unsupported content type image/png"),
        (b"GIF89a" + bytes(16), "image/gif", "unsupported content type image/gif"),
        (b"PK\x03\x04" + bytes(30), "application/zip", "unsupported content type application/zip"),
        (b"PK\x03\x04" + bytes(30), "application/octet-stream", "not text: a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n" + bytes(32), None, "not text: a PNG image"),
        (b"\x00\x01\x02\x03" * 64, "application/octet-stream", "binary content"),
        (b"\x00\x01\x02\x03" * 64, "text/plain", "binary content"),
        (b"%!PS-Adobe", "video/mp4", "unsupported content type video/mp4"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><text>70%</text></svg>", "image/svg+xml",
         "unsupported content type image/svg+xml"),
    ],
)
def test_unsupported_content(body, content_type, message):
    with pytest.raises(UnsupportedContent) as info:
        page_text(body, content_type)
    assert info.value.message.startswith(message)


def test_unsupported_content_is_a_factlib_error():
    assert issubclass(UnsupportedContent, FactlibError)


def test_pdfs_read_from_several_threads_stay_quiet_and_restore_the_logger(capfd, caplog):
    from concurrent.futures import ThreadPoolExecutor

    good = make_pdf("About 70% of victims.")
    bad = good[: len(good) // 2]

    def read(body: bytes) -> str:
        try:
            return page_text(body, "application/pdf").text
        except UnsupportedContent as e:
            return e.message

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read, [good, bad] * 20))
    assert results == ["About 70% of victims.", "not a valid PDF (damaged or truncated)"] * 20
    assert logging.getLogger("pypdf").level == logging.NOTSET
    assert capfd.readouterr().err == ""
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
