"""Reading drafts: Markdown, text, HTML, .docx and PDF; refs, suppressions and bad files."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.drafts import documents
from factlib.drafts.documents import (
    Document,
    DocumentError,
    FactRef,
    detect_format,
    document_from_text,
    read_document,
)
from factlib.errors import FactlibError

DATA = Path(__file__).parent / "data" / "documents"


def md(source: str) -> Document:
    return document_from_text(source, path="draft.md", format="markdown")


def source_position(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def assert_same_shape(source: str, text: str) -> None:
    assert len(text) == len(source)
    assert [m.start() for m in re.finditer("\n", text)] == [m.start() for m in re.finditer("\n", source)]


def assert_figure_in_place(doc: Document, source: str, figure: str) -> None:
    """The figure is in the text at its source offset, and reported at its source line and column."""
    offset = source.index(figure)
    assert doc.text[offset: offset + len(figure)] == figure
    assert doc.position(offset) == source_position(source, offset)


# -- Markdown: every construct blanked, offsets preserved -----------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "---\ntitle: Report 2021\ndate: 2021-05-01\n---\nAbout 70% of victims.\n",
        "---\r\ntitle: Report 2021\r\n...\r\nAbout 70% of victims.\r\n",
        '+++\ntitle = "Report 2021"\nyear = 2021\n+++\nAbout 70% of victims.\n',
        "Intro.\n\n```python\nx = 2021\n```\nAbout 70% of victims.\n",
        "Intro.\n\n~~~\nx = 2021\n```\nstill 2021\n~~~\nAbout 70% of victims.\n",
        "Intro.\n\n> ```\n> 2021\n> ```\nAbout 70% of victims.\n",
        "About 70% of victims; run `check --since 2021` and ``a ` 2021``.\n",
        "About 70% of victims.<!-- draft: was 2021 -->\n<!--\n2021\n-->\n",
        'About 70% of victims ([source](https://x.org/2021/a_(b) "Report 2021")).\n',
        "About 70% of victims ([source](<https://x.org/my 2021 page>)).\n",
        "About 70% of victims ![chart](img/2021.png 'Chart 2021').\n",
        "About 70% of victims [see][r].\n\n[r]: https://x.org/2021 \"Title 2021\"\n",
        "About 70% of victims, see https://x.org/2021/report.\n",
        "About 70% of victims, see www.example.org/2021.\n",
        "About 70% of victims, see <https://x.org/2021> or <info2021@x.org>.\n",
        'About <b class="n2021">70%</b> of victims.<br/>\n<img src="2021.png">\n',
        "About 70% of victims.[^2021]\n\n[^2021]: Source.\n",
        "About 70% of victims.\n<script>var y = 2021;</script>\n<style>p{width:50%}</style>\n",
        "About 70% of victims &#8211; &#x2014; &#2021;\n",
    ],
)
def test_markdown_non_prose_is_blanked_and_offsets_kept(source):
    doc = md(source)
    assert_same_shape(source, doc.text)
    assert "2021" not in doc.text
    assert_figure_in_place(doc, source, "70%")


def test_markdown_link_and_image_text_stays():
    source = "See [the 2021 report](https://x.org) and ![a chart of 40%](c.png).\n"
    doc = md(source)
    assert_figure_in_place(doc, source, "the 2021 report")
    assert_figure_in_place(doc, source, "a chart of 40%")
    assert "x.org" not in doc.text and "c.png" not in doc.text and "[" not in doc.text


def test_markdown_image_inside_a_link():
    source = "[![badge 2021](https://img.org/b.svg)](https://x.org/2021)\n"
    doc = md(source)
    assert_same_shape(source, doc.text)
    assert doc.text.strip() == "badge 2021"


def test_markdown_unclosed_fence_runs_to_the_end():
    source = "About 70%.\n```\ncode 2021\nmore 2021\n"
    doc = md(source)
    assert "2021" not in doc.text
    assert_figure_in_place(doc, source, "70%")


def test_markdown_fence_with_backticks_in_its_info_is_not_a_fence():
    source = "``` not a fence ` here 70% ```\nkept 1 in 7\n"
    assert "1 in 7" in md(source).text


def test_markdown_entities_keep_their_figure_readable():
    doc = md("It cost &pound;5 and rose 70&#37;.\n")
    assert "\u00a35" in doc.text and "70%" in doc.text


def test_markdown_prose_otherwise_untouched():
    source = "# Heading 2\n\n* **Bold** 1 in 7 _children_ | table | 40% |\n> quote 3,217\n"
    assert md(source).text == source


def test_markdown_fixture_file(tmp_path):
    path = DATA / "leaflet.md"
    source = path.read_text(encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "markdown"
    assert_same_shape(source, doc.text)
    for leaked in ("2021", "2022", "2019", "3.2", "nspcc.org", "chart-2021", "toml"):
        assert leaked not in doc.text, leaked
    for figure in ("about 70%", "83%", "1 in 3", "2020/21", "Chart of offences since 2017"):
        assert_figure_in_place(doc, source, figure)
    assert [r.fact_id for r in doc.refs] == ["uk-online-grooming-crimes-rise", "nspcc-girls-share-2021"]
    assert doc.suppressions == {12: frozenset({"figure.unsourced"})}


# -- Markdown refs ------------------------------------------------------------------------------------


def test_markdown_fact_link_binds_its_text():
    source = "Crimes rose by [about 70%](fact:uk-grooming-2021) in three years.\n"
    doc = md(source)
    assert doc.refs == (FactRef(source.index("about"), source.index("about") + 9, "uk-grooming-2021"),)
    assert "uk-grooming" not in doc.text and "2021" not in doc.text


def test_markdown_reference_style_fact_link():
    source = "Rose by [about 70%][g] and [1 in 7][].\n\n[g]: fact:uk-grooming-2021\n[1 in 7]: fact:one-in-7\n"
    doc = md(source)
    assert [(doc.text[r.start:r.end], r.fact_id) for r in doc.refs] == [
        ("about 70%", "uk-grooming-2021"),
        ("1 in 7", "one-in-7"),
    ]
    assert "2021" not in doc.text and "fact:" not in doc.text


def test_markdown_marker():
    source = "Girls were 83% of victims [fact:nspcc-girls-2021].\n"
    doc = md(source)
    start = source.index("[fact:")
    assert doc.refs == (FactRef(start, start, "nspcc-girls-2021", marker=True),)
    assert doc.text == source.replace("[fact:nspcc-girls-2021]", " " * 23)


def test_markdown_html_fact_elements():
    source = 'About <span data-fact="uk-2021">70%</span> and <a href="fact:b-2020">1 in 7</a>.\n'
    doc = md(source)
    assert [(doc.text[r.start:r.end], r.fact_id) for r in doc.refs] == [("70%", "uk-2021"), ("1 in 7", "b-2020")]
    assert "2021" not in doc.text and "2020" not in doc.text


def test_markers_in_code_are_not_refs():
    assert md("`[fact:x-2021]` and\n```\n[fact:y-2021]\n```\n").refs == ()


def test_ordinary_links_are_not_refs():
    assert md("[70%](https://x.org/fact:y) [fact](x.md)\n").refs == ()


# -- suppression ----------------------------------------------------------------------------------------


def test_markdown_suppression_silences_the_next_line():
    doc = md("<!-- factlib: ignore figure.unsourced -->\nNearly 1 in 3 parents.\nAnd 40%.\n")
    assert doc.suppressions == {2: frozenset({"figure.unsourced"})}


def test_suppression_skips_blank_lines_to_the_next_prose():
    doc = md("<!-- factlib: ignore figure.contradicts fact.stale -->\n\n   \nNearly 1 in 3.\n")
    assert doc.suppressions == {4: frozenset({"figure.contradicts", "fact.stale"})}


def test_suppression_without_codes_silences_everything():
    assert md("<!-- factlib: ignore -->\n70%\n").suppressions == {2: frozenset({"*"})}


def test_multiline_comment_counts_from_its_last_line():
    doc = md("<!--\nfactlib: ignore figure.unsourced\n-->\n70%\n")
    assert doc.suppressions == {4: frozenset({"figure.unsourced"})}
    assert md("<!-- note: factlib: ignore -->\n70%\n").suppressions == {}  # the directive opens the comment
    doc = md("<!-- factlib: ignore\n     figure.unsourced -->\n70%\n")
    assert doc.suppressions == {3: frozenset({"figure.unsourced"})}


def test_comments_in_code_do_not_suppress():
    assert md("```\n<!-- factlib: ignore -->\n```\n70%\n").suppressions == {}


def test_other_comments_do_not_suppress():
    assert md("<!-- remember to check 70% -->\n70%\n").suppressions == {}


def test_text_suppression_line():
    doc = document_from_text("intro\nfactlib: ignore figure.unsourced, fact.stale\n1 in 3\n")
    assert doc.suppressions == {3: frozenset({"figure.unsourced", "fact.stale"})}
    doc = document_from_text("# factlib: ignore the next line please\n70%\n")
    assert doc.suppressions == {2: frozenset({"*"})}


def test_suppressions_are_read_only():
    doc = md("<!-- factlib: ignore -->\n70%\n")
    with pytest.raises(TypeError):
        doc.suppressions[5] = frozenset({"*"})


# -- plain text ------------------------------------------------------------------------------------------

TEXT = "Leaflet \u2014 \u201cmodern slavery\u201d costs \u00a31.2m.\nAbout 70% of victims [fact:uk-v-2021] are women.\n"


@pytest.mark.parametrize(
    ("encode", "label"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8 with BOM"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("cp1252"), "windows-1252"),
        (lambda t: t.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-").encode("latin-1"), "latin-1"),
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "CRLF"),
    ],
)
def test_text_files_in_any_encoding(tmp_path, encode, label):
    path = tmp_path / "draft.txt"
    path.write_bytes(encode(TEXT))
    doc = read_document(path)
    assert doc.format == "text"
    assert "\u00a31.2m" in doc.text
    assert "2021" not in doc.text
    offset = doc.text.index("70%")
    assert doc.position(offset) == (2, 7)
    [ref] = doc.refs
    assert (ref.fact_id, ref.marker, doc.position(ref.start)) == ("uk-v-2021", True, (2, 22))
    assert doc.line_text(2) == "About 70% of victims " + " " * len("[fact:uk-v-2021]") + " are women."


def test_text_urls_are_blanked():
    source = "Rose 70% (https://x.org/2021/05/report.html).\n"
    doc = document_from_text(source)
    assert "2021" not in doc.text and doc.text.index("70%") == source.index("70%")
    assert doc.text.endswith(").\n")


def test_marker_ids_never_leak(tmp_path):
    source = "a 70% [fact:x-2021] b [FACT:y-2020] c [fact:Bad_Id_2019]\n"
    doc = document_from_text(source)
    assert not re.search(r"\d{4}", doc.text)
    assert [r.fact_id for r in doc.refs] == ["x-2021", "y-2020", "Bad_Id_2019"]


# -- HTML --------------------------------------------------------------------------------------------------


def test_html_fixture_file():
    path = DATA / "page.html"
    source = path.read_text(encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert "99%" not in doc.text and "42" not in doc.text and "2024" not in doc.text and "50%" not in doc.text
    assert "\u2014" in doc.text
    for figure in ("122,000", "1 in 550", "10%"):
        offset = doc.text.index(figure)
        assert doc.position(offset) == source_position(source, source.index(figure)), figure
    assert [(doc.text[r.start:r.end], r.fact_id, r.marker) for r in doc.refs] == [
        ("122,000", "uk-modern-slavery-estimate", False),
        ("10%", "nrm-referrals-rise", False),
        ("", "nrm-2022", True),
    ]
    line = source[: source.index("Referrals")].count("\n") + 1
    assert doc.suppressions == {line: frozenset({"figure.unsourced", "fact.stale"})}
    assert doc.line_text(line) == "Referrals rose by 10% in 2022 ."
    assert doc.line_text(1) == ""


def test_html_position_inside_a_run_and_after_entities():
    source = "<p>\n  It cost &pound;5 &amp; rose\n  by 70% in &lsquo;one&rsquo; year</p>"
    doc = document_from_text(source, format="html")
    assert doc.text == "It cost \u00a35 & rose by 70% in \u2018one\u2019 year"
    assert doc.position(doc.text.index("70%")) == (3, 6)
    assert doc.position(doc.text.index("year")) == source_position(source, source.index("year"))
    assert doc.position(doc.text.index("\u00a3")) == source_position(source, source.index("&pound;"))


def test_html_windows_1252_declared_in_meta(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        + "<body><p>\u201cIt costs \u00a35\u201d \u2014 70%</p></body></html>".encode("cp1252")
    )
    assert read_document(path).text == "\u201cIt costs \u00a35\u201d \u2014 70%"


def test_html_suppression_next_line_with_visible_text():
    source = "<p>a</p>\n<!-- factlib: ignore figure.unsourced -->\n<p>\n70%</p>\n"
    assert document_from_text(source, format="html").suppressions == {4: frozenset({"figure.unsourced"})}


# -- .docx --------------------------------------------------------------------------------------------------


def add_hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Grooming leaflet", level=1)
    p = document.add_paragraph("Crimes rose by ")
    add_hyperlink(p, "about 70%", "fact:uk-grooming-rise")
    p.add_run(" in three years.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Girls"
    table.cell(0, 1).text = "83% [fact:girls-share-2021]"
    document.add_paragraph("factlib: ignore figure.unsourced")
    q = document.add_paragraph("Nearly 1 in 3 parents, see ")
    add_hyperlink(q, "the report", "https://example.org/2021")
    document.add_paragraph("Tab\tand a ").add_run().add_break()
    document.save(path)
    return path


def test_docx(tmp_path):
    doc = read_document(make_docx(tmp_path / "leaflet.docx"))
    assert doc.format == "docx"
    lines = doc.text.split("\n")
    assert lines[:6] == [
        "Grooming leaflet",
        "Crimes rose by about 70% in three years.",
        "Girls",
        "83% " + " " * len("[fact:girls-share-2021]"),
        "factlib: ignore figure.unsourced",
        "Nearly 1 in 3 parents, see the report",
    ]
    assert lines[6:] == ["Tab\tand a  "]  # a line break inside a paragraph is a space: line N stays paragraph N
    assert doc.position(doc.text.index("70%")) == (2, 22)
    assert doc.position(doc.text.index("83%")) == (4, 1)
    assert [(doc.text[r.start:r.end], r.fact_id, r.marker) for r in doc.refs] == [
        ("about 70%", "uk-grooming-rise", False),
        ("", "girls-share-2021", True),
    ]
    assert doc.suppressions == {6: frozenset({"figure.unsourced"})}
    assert doc.line_text(2) == "Crimes rose by about 70% in three years."


def test_docx_truncated(tmp_path):
    data = make_docx(tmp_path / "a.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match=r"not a valid \.docx \(damaged or truncated\)$"):
        read_document(path)


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("just text", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"not a valid \.docx"):
        read_document(path)


def test_docx_zip_without_a_word_document(tmp_path):
    import zipfile

    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match=r"not a valid \.docx"):
        read_document(path)


def test_docx_encrypted_or_old_word(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(DocumentError, match="encrypted Word file or an old .doc"):
        read_document(path)


def test_docx_without_text(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(DocumentError, match="empty document"):
        read_document(path)


# -- PDF ------------------------------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, page)
    pdf.output(str(path))
    return path


PDF_PAGES = [
    "About 70% of victims are women.\nfactlib: ignore figure.unsourced\nNearly 1 in 3 parents.",
    "Page two: 3,217 to 5,441 [fact:nspcc-2021].",
]


def test_pdf_lines_count_across_pages(tmp_path):
    doc = read_document(make_pdf(tmp_path / "leaflet.pdf", PDF_PAGES))
    assert doc.format == "pdf"
    assert doc.position(doc.text.index("70%")) == (1, 7)
    assert doc.position(doc.text.index("1 in 3")) == (3, 8)
    assert doc.position(doc.text.index("3,217")) == (4, 11)
    assert doc.suppressions == {3: frozenset({"figure.unsourced"})}
    [ref] = doc.refs
    assert (ref.fact_id, ref.marker, doc.position(ref.start)) == ("nspcc-2021", True, (4, 26))
    assert "2021" not in doc.text


def assert_quiet(capfd, caplog) -> None:
    """Nothing on stderr and no log records from pypdf (pytest captures logging, so check both)."""
    assert capfd.readouterr().err == ""
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []


def test_pdf_encrypted_even_with_an_empty_password(tmp_path, capfd, caplog):
    from pypdf import PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", PDF_PAGES)
    writer = PdfWriter(clone_from=plain)
    writer.encrypt("")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert info.value.message == "encrypted PDF"
    assert_quiet(capfd, caplog)


@pytest.mark.parametrize("keep", [0.5, 0.97, 20])
def test_pdf_truncated_says_so_quietly(tmp_path, capfd, caplog, keep):
    data = make_pdf(tmp_path / "whole.pdf", PDF_PAGES).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep) if keep < 1 else keep])
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert info.value.message == "not a valid PDF (damaged or truncated)"
    assert_quiet(capfd, caplog)


def test_pdf_garbage(tmp_path, capfd, caplog):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with pytest.raises(DocumentError, match="not a valid PDF"):
        read_document(path)
    assert_quiet(capfd, caplog)


def test_pdf_without_text(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="no text in PDF"):
        read_document(path)


# -- bad files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.md", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n", "empty file"),
        ("bom-only.txt", codecs.BOM_UTF16_LE, "empty file"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary file"),
        ("controls.txt", bytes(range(1, 9)) * 100, "binary file"),
        ("noise.txt", bytes(range(0x80, 0x100)) * 3, "undecodable text"),
        ("empty.pdf", b"", "empty file"),
    ],
)
def test_bad_files(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert info.value.message.startswith(message)
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: {info.value.message}"
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nope.md")


def test_directory(tmp_path):
    with pytest.raises(DocumentError, match="is a directory"):
        read_document(tmp_path)
    with pytest.raises(DocumentError, match="is a directory"):
        read_document(tmp_path, format="markdown")


def test_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_text("70%", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(documents, "open", refuse, raising=False)
    with pytest.raises(DocumentError, match="permission denied"):
        read_document(path)


def test_unknown_format(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("70%", encoding="utf-8")
    with pytest.raises(DocumentError, match="unknown format 'rtf'"):
        read_document(path, format="rtf")


def test_document_error_is_a_factlib_error():
    assert issubclass(DocumentError, FactlibError)


# -- formats, API --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.md", "markdown"), ("a.MARKDOWN", "markdown"), ("a.txt", "text"), ("a.text", "text"),
     ("a.html", "html"), ("a.HTM", "html"), ("a.docx", "docx"), ("a.pdf", "pdf")],
)
def test_detect_format_by_extension(name, fmt):
    assert detect_format(name) == fmt  # no need for the file to exist


def test_detect_format_by_sniffing(tmp_path):
    (tmp_path / "page").write_text("<!DOCTYPE html><p>70%</p>", encoding="utf-8")
    (tmp_path / "notes").write_text("About 70%", encoding="utf-8")
    make_pdf(tmp_path / "x.pdf", ["70%"]).rename(tmp_path / "report")
    make_docx(tmp_path / "x.docx").rename(tmp_path / "leaflet")
    assert [detect_format(tmp_path / n) for n in ("page", "notes", "report", "leaflet")] == [
        "html", "text", "pdf", "docx",
    ]
    assert read_document(tmp_path / "report").format == "pdf"


def test_format_argument_overrides_the_extension(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("See `70%` in [70%](fact:x).\n", encoding="utf-8")
    markdown = read_document(path, format="markdown")
    assert markdown.format == "markdown" and "`" not in markdown.text  # a code span is blanked
    text = read_document(path)
    assert text.format == "text" and "`70%`" in text.text
    assert markdown.refs == text.refs == (FactRef(14, 17, "x"),)  # the Markdown form works in text too


# Every form of reference works in every format (PRODUCT.md §3).
REFERENCE_FORMS = {
    "link": ("Police saw [4,100](fact:calls-2023) calls.", "4,100", "calls-2023"),
    "span": ('Police saw <span data-fact="calls-2023">4,100</span> calls.', "4,100", "calls-2023"),
    "anchor": ("Police saw <a href='fact:calls-2023'>4,100</a> calls.", "4,100", "calls-2023"),
    "marker": ("Police saw 4,100 [fact:calls-2023] calls.", "", "calls-2023"),
}


def _in_format(fmt: str, line: str, tmp_path: Path) -> Document:
    if fmt == "markdown":
        return document_from_text(line + "\n", format="markdown")
    if fmt == "text":
        return document_from_text(line + "\n", format="text")
    if fmt == "html":
        # HTML tags are tags; the Markdown form and the marker are text
        return document_from_text(f"<!doctype html><p>{line}</p>", format="html")
    if fmt == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("Title")
        document.add_paragraph(line)
        document.save(tmp_path / "d.docx")
        return read_document(tmp_path / "d.docx")
    return read_document(make_pdf(tmp_path / "d.pdf", ["Title\n" + line]))


@pytest.mark.parametrize("form", REFERENCE_FORMS)
@pytest.mark.parametrize("fmt", ["markdown", "text", "html", "docx", "pdf"])
def test_every_reference_form_works_in_every_format(fmt, form, tmp_path):
    line, bound, fact = REFERENCE_FORMS[form]
    doc = _in_format(fmt, line, tmp_path)
    [ref] = doc.refs
    assert ref.fact_id == fact and doc.text[ref.start:ref.end] == bound
    assert ref.marker == (form == "marker")
    assert "fact" not in doc.text and "<" not in doc.text and "](" not in doc.text  # the markup is blanked
    prefix = len("<!doctype html><p>") if fmt == "html" else 0
    assert doc.position(doc.text.index("4,100"))[1] == prefix + line.index("4,100") + 1  # columns do not move


def test_a_literal_tag_in_html_text_is_text(tmp_path):
    doc = document_from_text('<p>See &lt;span data-fact="x"&gt;5%&lt;/span&gt; here.</p>', format="html")
    assert doc.refs == () and 'data-fact="x"' in doc.text


def test_document_from_text_rejects_binary_formats():
    with pytest.raises(ValueError):
        document_from_text("x", format="pdf")


def test_position_and_line_text_edges():
    doc = document_from_text("ab\ncd\n")
    assert doc.position(0) == (1, 1)
    assert doc.position(3) == (2, 1)
    assert doc.position(6) == (3, 1)
    assert doc.position(99) == (3, 1)
    assert doc.position(-5) == (1, 1)
    assert doc.line_text(2) == "cd"
    assert doc.line_text(0) == doc.line_text(10) == ""


def test_document_is_a_frozen_hashable_record():
    a = document_from_text("70% [fact:x]")
    b = document_from_text("70% [fact:x]")
    assert a == b and hash(a) == hash(b)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.text = "other"
    built = Document("x.md", "markdown", "70%", [FactRef(0, 3, "x")], {1: {"*"}})
    assert built.refs == (FactRef(0, 3, "x"),) and built.suppressions == {1: frozenset({"*"})}
    assert built.position(2) == (1, 3)


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("ab 7%[]()!<>`~-_:*#&;\n\\fact:htps/.w\"'^")), max_size=300))
def test_markdown_always_keeps_the_shape(source):
    doc = md(source)
    assert_same_shape(source, doc.text)
    for ref in doc.refs:
        assert 0 <= ref.start <= ref.end <= len(doc.text)


@settings(max_examples=100)
@given(st.text(min_size=1).filter(lambda s: "&" not in s))
def test_markdown_only_ever_blanks(source):
    doc = md(source)
    assert_same_shape(source, doc.text)
    assert all(t == s or t == " " for t, s in zip(doc.text, source))


MD_TOKENS = [
    "```", "~~~", "`", "---", "+++", "\n", "\n\n", " ", "70%", "[a](fact:x)", "[b][r]", "[r]: fact:y\n",
    "<!-- factlib: ignore figure.unsourced -->", "<!--", "-->", "[fact:z-2021]", "<span data-fact='w'>", "</span>",
    "https://x.org/2021", "&pound;", "&#37;", "![i](p.png)", "[^1]", "<b>", "(", ")", "[", "]", "\r\n",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(MD_TOKENS), max_size=40).map("".join))
def test_markdown_constructs_in_any_order_keep_the_shape(source):
    doc = md(source)
    assert_same_shape(source, doc.text)
    for ref in doc.refs:
        assert 0 <= ref.start <= ref.end <= len(doc.text)
    for line in doc.suppressions:
        assert 1 <= line <= source.count("\n") + 2


def test_large_markdown_is_read_in_one_pass():
    # not a timing test: a 2 MB draft with every construct goes through without pathological regexes
    block = (DATA / "leaflet.md").read_text(encoding="utf-8")
    source = block * (2_000_000 // len(block))
    doc = md(source)
    assert len(doc.text) == len(source)
