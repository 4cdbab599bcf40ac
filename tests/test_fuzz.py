"""Every reader against generated and mutated input: a clean outcome, never a traceback.

Readers: Markdown, HTML, plain text, .docx, PDF (drafts and pages), fact TOML,
HTTP bodies (content types, codings) and headers. A clean outcome is a record
(a Document, PageText, Fetch, Library) or the reader's own error with a
one-line message, and for the commands an exit code of 0, 1 or 2 with no
"internal error". Memory is bounded: the Python heap's peak while reading one
input stays under a fixed ceiling (tracemalloc). Time is bounded by the test
timeout (a hang fails the test), never by a wall-clock assertion.

The budget is fixed (FUZZ_EXAMPLES examples a test, derandomized, so CI runs
the same inputs every time and the set takes well under a minute); raise it
locally with FACTLIB_FUZZ_EXAMPLES=500 to look further.
"""

from __future__ import annotations

import gzip
import io
import os
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SHIPPED, source_text
from factlib.cli.main import app
from factlib.drafts.binding import Matcher
from factlib.drafts.check import CheckOptions, check_document
from factlib.drafts.documents import DocumentError, read_document
from factlib.errors import LibraryError
from factlib.library.load import load_library
from factlib.library.validate import validate
from factlib.links.http import retry_after
from factlib.text import inflate
from factlib.text.pages import UnsupportedContent, page_text
from test_documents import make_docx
from test_pagetext import HELLO, raw_pdf

FUZZ_EXAMPLES = int(os.environ.get("FACTLIB_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_EXAMPLES <= 30, database=None,
                suppress_health_check=list(HealthCheck))
HEAP_CEILING = 64_000_000  # bytes of Python heap while reading one input of at most a few hundred kB
pytestmark = pytest.mark.timeout(120)

LIBRARY = load_library(SHIPPED)
MATCHER = Matcher(LIBRARY)
EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
runner = CliRunner()

# pieces that open, close or confuse the constructs each reader looks for
SPECIALS = [
    b"<", b">", b"<!--", b"-->", b"<!-- factlib: ignore -->", b"<script>", b"</p>", b"<a href=\"fact:", b"[", b"]",
    b"](fact:", b"[fact:", b"`", b"```", b"~~~", b"---\n", b"&", b"&#x1F600;", b"&#99999999;", b"\x00", b"\xff\xfe",
    b"\xef\xbb\xbf", b"\r", b"\n\n", b"\t", b"70%", b"1,240", b"\xc2\xa31.2m", b"1 in 7", b"2021/22", b"%PDF-",
    b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b'"', b"'", b"{", b"}", b"=", b"\\u", b"[[facts]]", b"\xe2\x80\xae",
]


@st.composite
def mutated(draw, seed: bytes, *, max_ops: int = 8) -> bytes:
    """``seed`` with a few bytes flipped, pieces inserted, spans deleted or duplicated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, max_ops))):
        op = draw(st.sampled_from(["flip", "insert", "special", "delete", "duplicate", "truncate"]))
        at = draw(st.integers(0, max(len(data), 1) - 1)) if data else 0
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(max_size=16))
        elif op == "special":
            data[at:at] = draw(st.sampled_from(SPECIALS)) * draw(st.integers(1, 40))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            span = bytes(data[at:at + draw(st.integers(1, 256))])
            data[at:at] = span * draw(st.integers(1, 20))
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def bounded(fn, *args):
    """Run ``fn(*args)``; fail if the Python heap's peak passes HEAP_CEILING. Returns what fn returns."""
    tracemalloc.start()
    try:
        out = fn(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < HEAP_CEILING, f"{peak:,} bytes of heap"
    return out


def one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message


# -- drafts ---------------------------------------------------------------------------------------------


def read_and_check(path: Path) -> None:
    try:
        doc = read_document(path)
    except DocumentError as err:
        one_line(err.message)
        return
    found, _ = check_document(doc, MATCHER, CheckOptions())
    for f in found:
        one_line(f.message)
        assert 1 <= f.line <= doc.line_count and f.column >= 1, f
    for offset in range(0, len(doc.text) + 1, max(1, len(doc.text) // 16)):
        line, column = doc.position(offset)
        assert 1 <= line <= doc.line_count and column >= 1
        doc.line_text(line)


TEXT_SEEDS = {ext: (EXAMPLES / name).read_bytes() for ext, name in
              ((".md", "leaflet.md"), (".html", "briefing.html"), (".txt", "press-release.txt"))
              if (EXAMPLES / name).exists()}


@pytest.mark.parametrize("ext", sorted(TEXT_SEEDS))
@FUZZ
@given(data=st.data())
def test_text_drafts_mutated(tmp_path, ext, data):
    path = tmp_path / f"draft{ext}"
    path.write_bytes(data.draw(mutated(TEXT_SEEDS[ext])))
    bounded(read_and_check, path)


@pytest.mark.parametrize("ext", [".md", ".html", ".txt"])
@FUZZ
@given(text=st.text(max_size=2000) | st.binary(max_size=2000).map(lambda b: b.decode("latin-1")))
def test_text_drafts_generated(tmp_path, ext, text):
    path = tmp_path / f"draft{ext}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    bounded(read_and_check, path)


@FUZZ
@given(depth=st.integers(1, 5000), tag=st.sampled_from(["div", "b", "span", "blockquote", "table"]),
       ext=st.sampled_from([".html", ".md"]))
def test_deeply_nested_markup(tmp_path, depth, tag, ext):
    path = tmp_path / f"deep{ext}"
    path.write_text(f"<{tag}>" * depth + "About 70% of victims." + f"</{tag}>" * depth)
    bounded(read_and_check, path)


DOCX_SEED = None


def docx_seed(tmp: Path) -> bytes:
    global DOCX_SEED
    if DOCX_SEED is None:
        DOCX_SEED = make_docx(tmp / "seed.docx").read_bytes()
    return DOCX_SEED


@FUZZ
@given(data=st.data())
def test_example_docx_mutated(tmp_path, data):
    path = tmp_path / "draft.docx"
    path.write_bytes(data.draw(mutated((EXAMPLES / "briefing.docx").read_bytes())))
    bounded(read_and_check, path)


@FUZZ
@given(data=st.data())
def test_docx_bytes_mutated(tmp_path, data):
    path = tmp_path / "draft.docx"
    path.write_bytes(data.draw(mutated(docx_seed(tmp_path))))
    bounded(read_and_check, path)


XML_SPECIALS = [b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
                b"&a;", b"<w:p>", b"</w:p>", b"<w:t>", b"</w:t>", b"<w:hyperlink r:id=\"rId99\">", b"<w:tbl>"]


@FUZZ
@given(data=st.data())
def test_docx_xml_mutated(tmp_path, data):
    seed = zipfile.ZipFile(io.BytesIO(docx_seed(tmp_path)))
    xml = seed.read("word/document.xml")
    at = data.draw(st.integers(0, len(xml)))
    xml = xml[:at] + data.draw(st.sampled_from(XML_SPECIALS)) * data.draw(st.integers(1, 300)) + xml[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in seed.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else seed.read(info))
    path = tmp_path / "draft.docx"
    path.write_bytes(out.getvalue())
    bounded(read_and_check, path)


PDF_SEEDS = [raw_pdf(HELLO), raw_pdf(HELLO, deflate=False), (EXAMPLES / "leaflet.pdf").read_bytes()]


@FUZZ
@given(data=st.data())
def test_pdf_mutated(tmp_path, data):
    seed = data.draw(st.sampled_from(PDF_SEEDS))
    path = tmp_path / "draft.pdf"
    path.write_bytes(data.draw(mutated(seed)))
    bounded(read_and_check, path)


@FUZZ
@given(content=st.binary(max_size=400) | st.sampled_from(SPECIALS).map(lambda s: b"BT (" + s * 500 + b") Tj ET"),
       deflate=st.booleans())
def test_pdf_content_streams_generated(tmp_path, content, deflate):
    path = tmp_path / "draft.pdf"
    path.write_bytes(raw_pdf(content, deflate=deflate))
    bounded(read_and_check, path)


@FUZZ
@given(data=st.data())
def test_check_command_on_mutated_drafts(tmp_path, data):
    ext = data.draw(st.sampled_from(sorted(TEXT_SEEDS) + [".docx", ".pdf"]))
    seed = TEXT_SEEDS.get(ext) or (docx_seed(tmp_path) if ext == ".docx" else PDF_SEEDS[0])
    path = tmp_path / f"draft{ext}"
    path.write_bytes(data.draw(mutated(seed)))
    out = runner.invoke(app, ["check", str(path), "--library", str(SHIPPED), "--format", "json"])
    assert out.exit_code in (0, 1, 2), out.output
    assert "internal error" not in out.stderr and "Traceback" not in out.output


# -- fact TOML ------------------------------------------------------------------------------------------

TOML_SEED = source_text().encode()


def load_and_validate(folder: Path) -> None:
    try:
        lib = load_library(folder)
    except LibraryError as err:
        assert err.problems
        for problem in err.problems:
            one_line(str(problem))
            assert str(problem).startswith(str(folder))
        return
    for finding in validate(lib):
        one_line(finding.message)


@FUZZ
@given(data=st.data())
def test_fact_files_mutated(tmp_path, data):
    folder = tmp_path / "facts"
    folder.mkdir(exist_ok=True)
    (folder / "nspcc-2021.toml").write_bytes(data.draw(mutated(TOML_SEED)))
    bounded(load_and_validate, folder)


@FUZZ
@given(data=st.data())
def test_validate_command_on_mutated_fact_files(tmp_path, data):
    folder = tmp_path / "facts"
    folder.mkdir(exist_ok=True)
    (folder / "nspcc-2021.toml").write_bytes(data.draw(mutated(TOML_SEED)))
    out = runner.invoke(app, ["validate", "--library", str(folder)])
    assert out.exit_code in (0, 1, 2), out.output
    assert "internal error" not in out.stderr and "Traceback" not in out.output
    if out.exit_code == 2:
        assert all(line.startswith(f"factlib: {folder}") for line in out.stderr.splitlines()), out.stderr


# -- HTTP bodies and headers -----------------------------------------------------------------------------

CONTENT_TYPES = st.sampled_from([
    None, "", "text/html", "text/html; charset=utf-8", "text/html; charset=nonsense", "text/plain; charset=utf-16",
    "application/pdf", "application/octet-stream", "image/png", "application/xhtml+xml", "text/xml",
    "application/json", "multipart/mixed", ";;;", "text/html; charset=", "application/x-pdf",
]) | st.text(max_size=40)
BODY_SEEDS = [(EXAMPLES / "briefing.html").read_bytes(), (EXAMPLES / "leaflet.pdf").read_bytes(), PDF_SEEDS[0],
              b"About 70% of victims.", gzip.compress(b"<p>x</p>")]


def read_body(body: bytes, content_type: str | None) -> None:
    try:
        page = page_text(body, content_type)
    except UnsupportedContent as err:
        one_line(err.message)
        return
    assert isinstance(page.text, str) and page.kind in ("html", "pdf", "text")


@FUZZ
@given(data=st.data(), content_type=CONTENT_TYPES)
def test_page_bodies_mutated(data, content_type):
    body = data.draw(mutated(data.draw(st.sampled_from(BODY_SEEDS))))
    bounded(read_body, body, content_type)


@FUZZ
@given(body=st.binary(max_size=3000), content_type=CONTENT_TYPES)
def test_page_bodies_generated(body, content_type):
    bounded(read_body, body, content_type)


CODINGS = st.lists(st.sampled_from(["gzip", "x-gzip", "deflate", "br", "identity", "zstd", "compress", "", " GZIP "]),
                   max_size=8).map(", ".join) | st.text(max_size=30)


def compressed(body: bytes, codings: str) -> bytes:
    import brotli

    for coding in [c.strip().lower() for c in codings.split(",")]:
        if coding in ("gzip", "x-gzip"):
            body = gzip.compress(body)
        elif coding == "deflate":
            body = zlib.compress(body)
        elif coding == "br":
            body = brotli.compress(body)
    return body


@FUZZ
@given(data=st.data(), codings=CODINGS, limit=st.integers(1, 65536))
def test_content_encodings_decode_boundedly(data, codings, limit):
    try:
        chain = inflate.decoder(codings)
    except inflate.Undecodable as err:
        one_line(str(err))
        return
    body = data.draw(mutated(compressed(b"<p>About 70% of victims.</p>" * 50, codings), max_ops=3))
    # a decoder gives at most `limit` bytes a step (br: one 32 KiB block more, as its buffer grows by
    # blocks); with none (identity) the input passes as it came
    names = [c.strip().lower() for c in codings.split(",")]
    step = limit + (inflate.BROTLI_BLOCK if "br" in names else 0)
    if all(c in ("", "identity") for c in names):
        step = len(body)
    try:
        for piece in [*chain.feed(body, limit), *chain.flush(limit)]:
            assert len(piece) <= step
    except inflate.Undecodable as err:
        one_line(str(err))


@FUZZ
@given(value=st.text(max_size=60) | st.sampled_from(["-1", "nan", "inf", "1e400", "Wed, 21 Oct 2015 07:28:00 GMT",
                                                      "Wed, 31 Feb 99999 25:61:00 GMT", "0", " 120 "]))
def test_retry_after_never_raises(value):
    wait = retry_after(value, 1_700_000_000.0)
    assert wait is None or wait >= 0


HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=60)


@pytest.fixture(scope="module")
def fuzz_server():
    from httpserver import LocalServer

    server = LocalServer()
    yield server
    server.close()


@FUZZ
@given(status=st.sampled_from([200, 200, 204, 301, 302, 303, 307, 308, 400, 404, 429, 500, 503, 999]),
       headers=st.dictionaries(st.sampled_from(["Content-Type", "Content-Encoding", "Location", "Retry-After",
                                                "Set-Cookie", "Content-Disposition", "X-Junk"]),
                               HEADER_TEXT | CODINGS.filter(lambda s: "\n" not in s and "\r" not in s), max_size=4),
       body=st.binary(max_size=500), want_body=st.booleans())
def test_fetch_against_hostile_headers(fuzz_server, status, headers, body, want_body):
    from conftest_http import LOCAL, resolver_stub
    from factlib.links.http import Fetch, Fetcher, FetchPolicy

    headers = {k: v for k, v in headers.items() if all(32 <= ord(c) < 256 and c != "\x7f" for c in v)}
    fuzz_server.route("/h", status, body, headers)
    policy = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, deadline=3.0, retries=1, backoff=0.0, max_wait=0.0,
                         allow_network=LOCAL, max_redirects=3)
    with Fetcher(policy, sleep=lambda s: None, resolver=resolver_stub({})) as fetcher:
        result = fetcher.fetch(fuzz_server.url("/h"), want_body=want_body)
    assert isinstance(result, Fetch)
    assert "\n" not in result.error
