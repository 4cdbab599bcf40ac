"""Benchmark: hostile and careless inputs, each run as a user would, with its peak memory and time.

    python bench/bench_hostile.py [--markdown]

Every input is built in a temporary folder (bombs, broken files, careless paths, a
hostile local HTTP server) and handed to the `factlib` command in a process of its
own; the table gives what the command answered (exit code and first stderr or
stdout line), the process's peak resident memory (ru_maxrss, from os.wait4) and
its wall time. The first row is the baseline: `factlib check` on a one-line draft,
measured in the same run. docs/hostile-inputs.md holds the table of the last run.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
SOURCE = """[source]
id = "{id}"
title = "A page"
publisher = "Somebody"
url = "{url}"
published = "2024"
accessed = 2026-11-22
kind = "article"

[[facts]]
id = "{id}-fact"
statement = "About 70% of victims were recruited online."
quote = "About 70% of victims were recruited online."
figures = [{{ text = "About 70%", kind = "share", value = 70, qualifier = "approx" }}]
measure = "m-{id}"
scope = "World"
period = "2024"
status = "vetted"
reviewed_by = "bench"
reviewed_on = 2026-11-22
"""


# -- a hostile server -------------------------------------------------------------------------------


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError, TimeoutError):
            pass  # the client stopped reading, as a capped fetcher does

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        route = ROUTES.get(self.path)
        if route is None:
            self._send(404, b"no")
            return
        route(self)

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass


def _chain(n: int) -> bytes:
    body = b"<p>About 70% of victims were recruited online.</p>"
    for _ in range(n):
        body = gzip.compress(body, 1)
    return body


def _trickle(h: Hostile) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    try:
        for _ in range(600):
            h.wfile.write(b"<p>.</p>")
            h.wfile.flush()
            time.sleep(0.05)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _many_headers(h: Hostile) -> None:
    h.send_response(200)
    for i in range(300):
        h.send_header(f"X-Junk-{i}", "x" * 100)
    h.send_header("Content-Length", "0")
    h.end_headers()


GZIP_BOMB = gzip.compress(b"\0" * (1 << 20), 9) * 1024  # 1 GiB unpacked in ~1 MB of gzip members
CHAIN = _chain(600)
ROUTES = {
    "/gzip-bomb": lambda h: h._send(200, GZIP_BOMB, {"Content-Type": "text/html", "Content-Encoding": "gzip"}),
    "/chain": lambda h: h._send(200, CHAIN, {"Content-Type": "text/html",
                                             "Content-Encoding": ", ".join(["gzip"] * 600)}),
    "/trickle": _trickle,
    "/loop": lambda h: h._send(302, b"", {"Location": "/loop"}),
    "/headers": _many_headers,
    "/bad-length": lambda h: h._send(200, b"<p>short</p>", {"Content-Type": "text/html; charset=\x01\x02"}),
}


# -- inputs ---------------------------------------------------------------------------------------


def docx_with(path: Path, parts: dict[str, int], xml: bytes | None = None) -> Path:
    """A minimal .docx (one paragraph), with extra parts of so many zero bytes, or another document.xml."""
    body = xml or (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   b"<w:body><w:p><w:r><w:t>About 70% of victims.</w:t></w:r></w:p></w:body></w:document>")
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
          b'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
          b'main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", body)
        block = bytes(1 << 20)
        for name, size in parts.items():
            with z.open(name, "w", force_zip64=True) as f:
                for _ in range(size >> 20):
                    f.write(block)
                f.write(bytes(size & ((1 << 20) - 1)))
    return path


def _deflated_spaces(size: int) -> bytes:
    """A Flate stream of text operators and then ``size`` spaces, packed a block at a time."""
    packer = zlib.compressobj(9)
    out = [packer.compress(b"BT /F1 12 Tf 72 712 Td (About 70%) Tj ET ")]
    block = b" " * (1 << 20)
    out += [packer.compress(block) for _ in range(size >> 20)]
    out.append(packer.flush())
    return b"".join(out)


def pdf_with(content: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    """A one-page PDF around a content stream (packed here for /FlateDecode; as given otherwise)."""
    if filters == b"/FlateDecode-packed":
        stream, filters = content, b"/FlateDecode"
    else:
        stream = zlib.compress(content, 9) if filters == b"/FlateDecode" else content
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def cases(tmp: Path, server: str) -> list[tuple[str, str, list[str]]]:
    """(what, group, argv) for every hostile input, built in tmp."""
    def draft(name: str, data: bytes | str) -> str:
        path = tmp / "drafts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return str(path)

    def links_library(name: str, urls: dict[str, str]) -> str:
        folder = tmp / name / "facts"
        folder.mkdir(parents=True)
        for sid, url in urls.items():
            (folder / f"{sid}.toml").write_text(SOURCE.format(id=sid, url=url))
        return str(folder)

    def fact_file(name: str, text: bytes | str) -> str:
        folder = tmp / name / "facts"
        folder.mkdir(parents=True)
        (folder / "x.toml").write_bytes(text.encode() if isinstance(text, str) else text)
        return str(folder)

    check = ["check", "--library", str(FACTS)]
    links = ["links", "--allow-network", "127.0.0.0/8", "--timeout", "2", "--max-age", "0"]
    (tmp / "empty").mkdir()
    (tmp / "pictures").mkdir()
    (tmp / "pictures" / "a.png").write_bytes(b"\x89PNG")
    big = tmp / "drafts" / "huge.md"
    big.parent.mkdir(parents=True, exist_ok=True)
    with open(big, "wb") as f:
        f.truncate(60_000_000)  # sparse: 60 MB on paper
    fifo = tmp / "pipe.md"
    os.mkfifo(fifo)
    ok = draft("ok.md", "About 70% of victims were recruited online.\n")
    twice = tmp / "twice" / "leaflet.md"
    twice.parent.mkdir()
    twice.write_text("About 70% of victims were recruited online.\n")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(8))
              + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              b"<w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")
    nested = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body>" + b"<w:sdt><w:sdtContent>" * 5000 + b"<w:p><w:r><w:t>70%</w:t></w:r></w:p>"
              + b"</w:sdtContent></w:sdt>" * 5000 + b"</w:body></w:document>")
    return [
        ("baseline: a one-line draft", "draft", [*check, ok]),
        (".docx zip bomb: 2 parts of 1 GiB of zeros (2 MB on disk)", "draft",
         [*check, str(docx_with(tmp / "drafts" / "bomb.docx", {"word/media/a.bin": 1 << 30, "word/media/b.bin": 1 << 30}))]),
        (".docx of 60 parts of 0.9 MB (54 MB unpacked, each under the ratio floor)", "draft",
         [*check, str(docx_with(tmp / "drafts" / "many.docx", {f"word/media/p{i}.bin": 900_000 for i in range(60)}))]),
        (".docx whose document.xml is a billion-laughs entity bomb", "draft",
         [*check, str(docx_with(tmp / "drafts" / "laughs.docx", {}, laughs))]),
        (".docx nested 5,000 content controls deep", "draft",
         [*check, str(docx_with(tmp / "drafts" / "nested.docx", {}, nested))]),
        (".docx that is a zip without Word parts", "draft", [*check, draft("other.docx", _zip_of({"a.txt": b"hi"}))]),
        ("PDF with a 1 GB Flate content stream (1 MB on disk)", "draft",
         [*check, draft("bomb.pdf", pdf_with(_deflated_spaces(1 << 30), b"/FlateDecode-packed"))]),
        ("PDF with a filter pypdf does not know", "draft", [*check, draft("filter.pdf", pdf_with(b"BT ET", b".Flate"))]),
        ("PDF cut in half", "draft", [*check, draft("cut.pdf", pdf_with(b"BT (About 70%) Tj ET")[:300])]),
        ("Markdown: 1 MB on one line, 46,000 figures", "draft", [*check, draft("line.md", "About 70% of victims, " * 46_000)]),
        ("Markdown: 200,000 unclosed [ and ](", "draft", [*check, draft("brackets.md", "[a](" * 200_000)]),
        ("Markdown: 200,000 unclosed <!-- and `", "draft", [*check, draft("comments.md", "<!-- ` " * 200_000)]),
        ("HTML: 100,000 nested <div>", "draft", [*check, draft("deep.html", "<div>" * 100_000 + "70%")]),
        ("HTML: 1,000,000 entities", "draft", [*check, draft("entities.html", "<p>" + "&amp;&#37;" * 1_000_000)]),
        ("binary file named .md", "draft", [*check, draft("blob.md", bytes(range(256)) * 100)]),
        ("draft of 60 MB (sparse)", "draft", [*check, str(big)]),
        ("a named pipe named as a draft", "draft", [*check, str(fifo)]),
        ("an empty file", "draft", [*check, draft("empty.md", b"")]),
        ("an empty folder", "path", [*check, str(tmp / "empty")]),
        ("a folder with no drafts in it", "path", [*check, str(tmp / "pictures")]),
        ("a path that does not exist", "path", [*check, str(tmp / "nope")]),
        ("the same draft named twice, and its folder", "path", [*check, str(twice), str(twice), str(twice.parent)]),
        ("fact file: arrays nested 50,000 deep", "toml", ["validate", "--library", fact_file("deep", "a = " + "[" * 50_000)]),
        ("fact file: not UTF-8", "toml", ["validate", "--library", fact_file("latin", b"[source]\nid = \"caf\xe9\"\n")]),
        ("fact file: a 1e400 value and a NUL", "toml", ["validate", "--library", fact_file(
            "nul", SOURCE.format(id="x", url="https://example.org/").replace("value = 70", "value = 1e400") + "\x00")]),
        ("fact file: =HYPERLINK in a note, exported as CSV", "toml", ["export", "--format", "csv", "--library", fact_file(
            "csv", SOURCE.format(id="x", url="https://example.org/") + 'note = "=HYPERLINK(\\"https://evil.example\\")"\n')]),
        ("body: 1 GiB gzip bomb (1 MB on the wire)", "http", [*links, "--library", links_library("gz", {"a": f"{server}/gzip-bomb"})]),
        ("body: Content-Encoding of 600 x gzip", "http", [*links, "--library", links_library("ch", {"a": f"{server}/chain"})]),
        ("body trickling 8 bytes every 50 ms", "http", [*links, "--library", links_library("tr", {"a": f"{server}/trickle"})]),
        ("redirect loop", "http", [*links, "--library", links_library("lo", {"a": f"{server}/loop"})]),
        ("300 response headers", "http", [*links, "--library", links_library("hd", {"a": f"{server}/headers"})]),
        ("a charset with control characters", "http", [*links, "--library", links_library("cs", {"a": f"{server}/bad-length"})]),
        ("no network: 3 hosts that do not resolve", "http", ["links", "--timeout", "2", "--library", links_library(
            "off", {"a": "https://a.invalid/", "b": "https://b.invalid/", "c": "https://c.invalid/"})]),
    ]


def _zip_of(files: dict[str, bytes]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


# Runs each command and reports its exit status, peak RSS and time. It is started before the inputs are
# built, while this process is small: a child forked from a process holding hundreds of MB counts them in
# its own peak RSS.
LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    argv, cwd, out, err = json.loads(line)
    start = time.perf_counter()
    with open(out, "wb") as o, open(err, "wb") as e:  # files, not pipes: this process must stay small
        proc = subprocess.Popen([sys.executable, "-m", "factlib", *argv], cwd=cwd, stdout=o, stderr=e,
                                env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, seconds]), flush=True)
"""


class Launcher:
    """A small process that runs `factlib` commands for us and measures each."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], cwd: Path) -> tuple[int, str, float, float]:
        """(exit code, the telling line of output, peak RSS in MB, seconds) of `factlib argv`."""
        import json

        assert self.proc.stdin and self.proc.stdout
        out, err = cwd / ".out", cwd / ".err"
        self.proc.stdin.write(json.dumps([argv, str(cwd), str(out), str(err)]) + "\n")
        self.proc.stdin.flush()
        code, mb, seconds = json.loads(self.proc.stdout.readline())
        lines = (out.read_bytes() + b"\n" + err.read_bytes()).decode("utf-8", "replace").splitlines()
        telling = ("document.unreadable", "factlib:", "link.", "quote.", "HYPERLINK", "Error:")
        first = next((line for line in lines if any(t in line for t in telling)),
                     next((line for line in lines if line.strip() and not line.startswith("[")), ""))
        if "HYPERLINK" in first:  # the cell, not the start of its row
            first = "… " + first[first.index("HYPERLINK") - 2:]
        return code, first, mb, seconds

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    launcher = Launcher()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    worst_mb, worst_s = 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        rows = cases(Path(tmp), url)
        if args.markdown:
            print("| # | hostile input | reader | exit | what factlib says | peak RSS | time |")
            print("|---|---|---|---|---|---|---|")
        for n, (what, group, command) in enumerate(rows):
            code, first, mb, seconds = launcher.run(command, Path(tmp))
            first = first.replace(tmp, "…")[:150].replace("|", "\\|")
            if n:
                worst_mb, worst_s = max(worst_mb, mb), max(worst_s, seconds)
            if args.markdown:
                print(f"| {n} | {what} | {group} | {code} | {first} | {mb:.0f} MB | {seconds:.1f} s |")
            else:
                print(f"{n:2} {what[:60]:60} {group:5} exit {code:3} {mb:6.0f} MB {seconds:6.2f} s  {first[:90]}")
    server.shutdown()
    launcher.close()
    print(f"\n{len(rows) - 1} hostile inputs; worst peak RSS {worst_mb:.0f} MB, worst time {worst_s:.1f} s "
          f"(baseline: row 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
