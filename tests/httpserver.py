"""Local HTTP servers for tests: never the web, never a hang.

:class:`LocalServer` is a ThreadingHTTPServer on 127.0.0.x, port 0, driven
by a route table set per test: ``server.route("/a", 200, b"body")`` for a
fixed answer, ``@server.handler("/b")`` for code that writes its own
(a :class:`Handler` is passed in). It records every request, counts the
connections it accepted, and the requests in flight per Host header.
:class:`SilentServer` accepts connections and never answers.

Every socket has a timeout and every thread is joined with one; ``close()``
is called by the fixtures in ``conftest_http.py``.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import attrs

JOIN_TIMEOUT = 5.0
SOCKET_TIMEOUT = 5.0


@attrs.frozen
class Seen:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the handler started


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT  # a keep-alive connection left idle must not hold a thread forever
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError, socket.timeout, ssl.SSLError):
            pass  # the client closed without reading all, as a capped fetcher does

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    @property
    def owner(self) -> LocalServer:
        return self.server.owner

    def _dispatch(self) -> None:
        owner = self.owner
        host = self.headers.get("Host", "")
        owner._enter(Seen(self.command, self.path, {k: v for k, v in self.headers.items()}, time.monotonic()), host)
        try:
            route = owner.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.respond(404, b"no route\n")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True  # the client went away, as it may when it stops reading
        finally:
            owner._leave(host)

    def respond(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
                length: bool = True) -> None:
        """Send a whole answer; ``length=False`` sends no Content-Length and closes the connection."""
        self.send_response(status)
        headers = dict(headers or {})
        for name, value in headers.items():
            self.send_header(name, value)
        if length and "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        if not length:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def start(self, status: int, headers: dict[str, str] | None = None) -> None:
        """Send the status line and headers of a body to be streamed (no length; the connection closes)."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # the default 5 drops connections when a test opens many at once
    block_on_close = False  # close() must not wait for a handler stuck on a client that never reads
    owner: LocalServer
    ssl_context: ssl.SSLContext | None = None

    def get_request(self) -> tuple[socket.socket, object]:
        sock, addr = super().get_request()
        sock.settimeout(SOCKET_TIMEOUT)
        with self.owner._lock:
            self.owner.connections += 1
        if self.ssl_context is not None:
            # the handshake happens here, bounded by the timeout; a failed one raises OSError and is dropped
            try:
                sock = self.ssl_context.wrap_socket(sock, server_side=True)
            except OSError:
                sock.close()
                raise
        return sock, addr


class LocalServer:
    """An HTTP server on ``host`` (any 127.x address), port 0, for one test."""

    def __init__(self, host: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None) -> None:
        self.scheme = "https" if ssl_context else "http"
        self.routes: dict[str, Callable[[Handler], None]] = {}
        self.requests: list[Seen] = []
        self.connections = 0
        self.max_in_flight: dict[str, int] = {}
        self._in_flight: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = _Server((host, 0), Handler)
        self._server.owner = self
        self._server.ssl_context = ssl_context
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name=f"test-server-{self.port}", daemon=True)
        self._thread.start()

    def url(self, path: str = "/", host: str | None = None) -> str:
        """The URL of ``path`` here; ``host`` names the server differently (a resolver stub maps it back)."""
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(self, path: str, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        """Answer ``path`` with a fixed response."""
        self.routes[path] = lambda h: h.respond(status, body, headers)

    def handler(self, path: str) -> Callable[[Callable[[Handler], None]], Callable[[Handler], None]]:
        """Decorator: answer ``path`` with a function of the handler."""

        def register(fn: Callable[[Handler], None]) -> Callable[[Handler], None]:
            self.routes[path] = fn
            return fn

        return register

    def seen(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def _enter(self, seen: Seen, host: str) -> None:
        with self._lock:
            self.requests.append(seen)
            now = self._in_flight.get(host, 0) + 1
            self._in_flight[host] = now
            self.max_in_flight[host] = max(self.max_in_flight.get(host, 0), now)

    def _leave(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] -= 1

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(JOIN_TIMEOUT)


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers; counts what it accepted."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name=f"silent-server-{self.port}", daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            self._held.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(JOIN_TIMEOUT)
        for conn in self._held:
            conn.close()
        self._sock.close()
