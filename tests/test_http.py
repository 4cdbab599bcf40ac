"""The fetcher against local servers (lychee-style): verdicts, redirects, safety, retries, caps, pacing.

Every server is on 127.0.0.x; the fetchers are allowed 127.0.0.0/8 only
(unless a test narrows it) and record their waits instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import socket
import ssl
import threading
import time
import zlib
from pathlib import Path

import brotli
import pytest
import urllib3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest_http import resolver_stub

from factlib.text.inflate import ACCEPT_ENCODING
from httpserver import LocalServer

import factlib
import factlib.links.http.pinning
from factlib.links.http.pacing import HostGate as _HostGate
from factlib.links.http import (
    USER_AGENT,
    Fetch,
    FetchPolicy,
    FetchRequest,
    LinkVerdict,
    retry_after,
    status_verdict,
)

HTML = b"<html><head><title>T</title></head><body><p>Crimes rose by 70% in 2021.</p></body></html>"


@pytest.fixture
def connections(monkeypatch):
    """Every (address, port) the fetcher opened a socket to."""
    opened: list[tuple[str, int]] = []
    real = urllib3.util.connection.create_connection

    def spy(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", spy)
    return opened


# -- plain answers ----------------------------------------------------------------


def test_ok_with_body(server, fetcher):
    server.route("/page", 200, HTML, {"Content-Type": "text/html; charset=utf-8"})
    result = fetcher().fetch(server.url("/page"), want_body=True)
    assert result.verdict is LinkVerdict.OK
    assert (result.status, result.body, result.content_type) == (200, HTML, "text/html; charset=utf-8")
    assert result.final_url == server.url("/page") and result.redirects == () and not result.permanent_redirect
    assert result.attempts == 1 and result.size == len(HTML) and not result.too_large and result.error == ""
    [seen] = server.seen("/page")
    assert seen.method == "GET"
    assert seen.headers["User-Agent"] == USER_AGENT == f"factlib/{factlib.__version__} (+{factlib.PROJECT_URL})"
    assert seen.headers["Accept-Encoding"] == ACCEPT_ENCODING == "gzip, deflate, br"


def test_status_only_uses_head(server, fetcher):
    server.route("/page", 200, HTML, {"Content-Type": "text/html"})
    result = fetcher().fetch(server.url("/page"))
    assert result.verdict is LinkVerdict.OK and result.body is None and result.content_type == "text/html"
    assert [r.method for r in server.seen()] == ["HEAD"]


def test_no_content_type(server, fetcher):
    server.route("/bare", 200, b"plain words")
    result = fetcher().fetch(server.url("/bare"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.content_type is None and result.body == b"plain words"


def test_chunked_body(server, fetcher):
    @server.handler("/chunked")
    def chunked(h):
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for part in (b"Crimes ", b"rose ", b"by 70%."):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        h.wfile.write(b"0\r\n\r\n")

    result = fetcher().fetch(server.url("/chunked"), want_body=True)
    assert result.body == b"Crimes rose by 70%."


@pytest.mark.parametrize("status", [404, 410, 500, 400, 451])
def test_client_and_server_errors_are_broken(server, fetcher, status):
    server.route("/gone", status, b"nope")
    f = fetcher()
    result = f.fetch(server.url("/gone"), want_body=True)
    assert result.verdict is LinkVerdict.BROKEN and result.status == status
    assert result.error == f"HTTP {status}" and result.body is None
    assert result.attempts == 1 and f.sleeps == []  # not retried


@pytest.mark.parametrize("status", [401, 403, 999])
def test_bot_walls_are_unverifiable(server, fetcher, status):
    server.route("/wall", status, b"who are you")
    result = fetcher().fetch(server.url("/wall"))
    assert result.verdict is LinkVerdict.UNVERIFIABLE and result.status == status


def test_403_for_unknown_clients_is_passed_by_our_user_agent(server, fetcher):
    @server.handler("/picky")
    def picky(h):
        if h.headers.get("User-Agent", "").startswith("factlib/"):
            h.respond(200, HTML)
        else:
            h.respond(403, b"bots go away")

    assert fetcher().fetch(server.url("/picky")).verdict is LinkVerdict.OK
    other = fetcher(user_agent="Mozilla/5.0").fetch(server.url("/picky"))
    assert other.verdict is LinkVerdict.UNVERIFIABLE and other.status == 403
    assert [r.method for r in server.seen()][-2:] == ["HEAD", "GET"]  # a 403 to HEAD is tried again with GET


@pytest.mark.parametrize("status", [405, 501, 403, 400])
def test_head_refused_falls_back_to_get(server, fetcher, status):
    @server.handler("/nohead")
    def nohead(h):
        h.respond(status if h.command == "HEAD" else 200, HTML)

    result = fetcher().fetch(server.url("/nohead"))
    assert result.verdict is LinkVerdict.OK and result.status == 200 and result.body is None
    assert [r.method for r in server.seen()] == ["HEAD", "GET"]
    assert result.attempts == 2


def test_head_dropped_without_answer_falls_back_to_get(server, fetcher):
    @server.handler("/drop")
    def drop(h):
        if h.command == "HEAD":
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        h.respond(200, HTML)

    f = fetcher()
    result = f.fetch(server.url("/drop"))
    assert result.verdict is LinkVerdict.OK
    assert [r.method for r in server.seen()] == ["HEAD", "GET"]
    assert f.sleeps == []


def test_soft_404_is_ok_but_the_quote_is_missing(server, fetcher):
    from factlib.links.quotes import QuoteVerdict, find_quote

    server.route("/moved-away", 200, b"<html><title>Page not found</title><body><h1>Page not found</h1>"
                                      b"<p>Sorry.</p></body></html>", {"Content-Type": "text/html"})
    result = fetcher().fetch(server.url("/moved-away"), want_body=True)
    assert result.verdict is LinkVerdict.OK
    pagetext = pytest.importorskip("factlib.text.pages")
    text = pagetext.page_text(result.body, result.content_type).text
    assert find_quote("Crimes rose by 70% in 2021.", text).verdict is QuoteVerdict.MISSING


# -- redirects ----------------------------------------------------------------------


def test_redirect_chain_with_a_permanent_hop(server, fetcher):
    server.route("/a", 302, headers={"Location": "/b"})
    server.route("/b", 301, headers={"Location": server.url("/c")})
    server.route("/c", 307, headers={"Location": "d?x=1#frag"})
    server.route("/d", 200, HTML)
    result = fetcher().fetch(server.url("/a"), want_body=True)
    assert result.verdict is LinkVerdict.REDIRECTED and result.permanent_redirect
    assert result.final_url == server.url("/d?x=1#frag") and result.body == HTML
    assert [(h.url, h.status, h.location) for h in result.redirects] == [
        (server.url("/a"), 302, server.url("/b")),
        (server.url("/b"), 301, server.url("/c")),
        (server.url("/c"), 307, server.url("/d?x=1#frag")),
    ]
    assert result.attempts == 4


def test_temporary_redirects_only_are_ok(server, fetcher):
    server.route("/a", 302, headers={"Location": "/b"})
    server.route("/b", 308 - 1, headers={"Location": "/c"})
    server.route("/c", 200, HTML)
    result = fetcher().fetch(server.url("/a"))
    assert result.verdict is LinkVerdict.OK and not result.permanent_redirect and len(result.redirects) == 2


def test_permanent_redirect_308(server, fetcher):
    server.route("/old", 308, headers={"Location": "/new"})
    server.route("/new", 200, HTML)
    result = fetcher().fetch(server.url("/old"))
    assert result.verdict is LinkVerdict.REDIRECTED and result.final_url == server.url("/new")


def test_fragment_is_kept_across_redirects(server, fetcher):
    server.route("/a", 301, headers={"Location": "/b"})
    server.route("/b", 200, HTML)
    result = fetcher().fetch(server.url("/a#:~:text=Crimes"))
    assert result.final_url == server.url("/b#:~:text=Crimes")


def test_redirect_loop_is_broken(server, fetcher):
    server.route("/x", 302, headers={"Location": "/y"})
    server.route("/y", 302, headers={"Location": "/x"})
    result = fetcher().fetch(server.url("/x"))
    assert result.verdict is LinkVerdict.BROKEN and result.error == "redirect loop"
    assert len(result.redirects) <= 4


def test_redirect_to_itself_to_set_a_cookie_is_followed(server, fetcher):
    @server.handler("/cookie")
    def cookie(h):
        if "seen=1" in h.headers.get("Cookie", ""):
            h.respond(200, HTML)
        else:
            h.respond(302, headers={"Location": "/cookie", "Set-Cookie": "seen=1; Path=/"})

    result = fetcher().fetch(server.url("/cookie"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.body == HTML and len(result.redirects) == 1


def test_redirect_cap(server, fetcher):
    for i in range(12):
        server.route(f"/r{i}", 302, headers={"Location": f"/r{i + 1}"})
    server.route("/r12", 200, HTML)
    capped = fetcher().fetch(server.url("/r0"))
    assert capped.verdict is LinkVerdict.BROKEN and capped.error == "more than 10 redirects"
    assert len(capped.redirects) == 11
    assert fetcher(max_redirects=12).fetch(server.url("/r0")).verdict is LinkVerdict.OK


def test_redirect_without_location_is_broken(server, fetcher):
    server.route("/odd", 302)
    result = fetcher().fetch(server.url("/odd"))
    assert result.verdict is LinkVerdict.BROKEN and result.error == "redirect without a Location header"


def test_redirect_body_is_not_read(server, fetcher):
    @server.handler("/heavy")
    def heavy(h):
        h.start(302, {"Location": "/light"})
        chunk = b"z" * 65536
        for _ in range(3200):  # 200 MB, if anyone read it
            h.wfile.write(chunk)

    server.route("/light", 200, HTML)
    result = fetcher().fetch(server.url("/heavy"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.body == HTML


# -- safety ----------------------------------------------------------------------------


def test_refused_target_gets_no_connection(server, fetcher, connections):
    server.route("/", 200, HTML)
    result = fetcher(allow_network=()).fetch(server.url("/"), want_body=True)
    assert result.verdict is LinkVerdict.UNSAFE and "loopback" in result.error
    assert result.attempts == 0 and result.status is None
    assert server.connections == 0 and connections == []


def test_redirect_to_another_loopback_address_not_allowed(servers, fetcher, connections):
    a = servers("127.0.0.1")
    b = servers("127.0.0.2")
    b.route("/inside", 200, b"secret")
    a.route("/out", 302, headers={"Location": b.url("/inside")})
    result = fetcher(allow_network=["127.0.0.1/32"]).fetch(a.url("/out"), want_body=True)
    assert result.verdict is LinkVerdict.UNSAFE and "127.0.0.2" in result.error
    assert result.final_url == b.url("/inside") and result.body is None
    assert [h.status for h in result.redirects] == [302]
    assert b.connections == 0 and b.requests == []
    assert all(address[0] == "127.0.0.1" for address in connections)
    # the same redirect is followed when the whole network is allowed
    assert fetcher().fetch(a.url("/out")).verdict is LinkVerdict.OK and b.connections == 1


def test_redirect_to_metadata_address_is_refused(server, fetcher, connections):
    server.route("/meta", 302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    result = fetcher(allow_network=["0.0.0.0/0"]).fetch(server.url("/meta"))
    assert result.verdict is LinkVerdict.UNSAFE and "169.254.169.254" in result.error
    assert [a for a, _ in connections] == ["127.0.0.1"]


def test_redirect_to_a_name_resolving_to_metadata_is_refused(server, fetcher, connections):
    calls: list[str] = []
    resolve = resolver_stub({"metadata.test": ["169.254.169.254"], "site.test": ["127.0.0.1"]}, calls)
    server.route("/meta", 302, headers={"Location": "http://metadata.test/computeMetadata/v1/"})
    result = fetcher(resolver=resolve, allow_network=["0.0.0.0/0", "::/0"]).fetch(server.url("/meta", host="site.test"))
    assert result.verdict is LinkVerdict.UNSAFE and "link-local" in result.error
    assert calls == ["site.test", "metadata.test"]
    assert [a for a, _ in connections] == ["127.0.0.1"]


def test_host_with_any_private_address_is_refused(server, fetcher, connections):
    resolve = resolver_stub({"mixed.test": ["127.0.0.1", "10.0.0.7"]})
    result = fetcher(resolver=resolve).fetch(server.url("/", host="mixed.test"))
    assert result.verdict is LinkVerdict.UNSAFE and "10.0.0.7" in result.error
    assert connections == [] and server.connections == 0


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/html,<p>hi</p>",
                                    "javascript:alert(1)"])
def test_redirect_to_another_scheme_is_refused(server, fetcher, connections, target):
    server.route("/jump", 302, headers={"Location": target})
    result = fetcher().fetch(server.url("/jump"), want_body=True)
    assert result.verdict is LinkVerdict.UNSAFE and "scheme" in result.error
    assert result.final_url == target and result.attempts == 1
    assert len(connections) == 1


def test_a_host_is_resolved_once_and_its_verdict_kept(server, fetcher, connections):
    server.route("/", 200, HTML)
    calls: list[str] = []
    resolve = resolver_stub({"kept.test": ["127.0.0.1"], "meta.test": ["169.254.169.254"]}, calls)
    f = fetcher(resolver=resolve, allow_network=["127.0.0.0/8"])
    assert [f.fetch(server.url("/", host="kept.test")).verdict for _ in range(3)] == [LinkVerdict.OK] * 3
    refused = [f.fetch("http://meta.test/latest/") for _ in range(2)]
    assert all(r.verdict is LinkVerdict.UNSAFE and "169.254.169.254" in r.error for r in refused)
    assert calls == ["kept.test", "meta.test"]
    assert {a for a, _ in connections} == {"127.0.0.1"}


def test_a_failed_lookup_is_not_kept_and_answers_expire(server, fetcher, monkeypatch):
    server.route("/", 200, HTML)
    calls: list[str] = []
    f = fetcher(resolver=resolver_stub({"fresh.test": ["127.0.0.1"]}, calls), retries=0)
    assert [f.fetch("http://nowhere.test/").verdict for _ in range(2)] == [LinkVerdict.BROKEN] * 2
    monkeypatch.setattr(factlib.links.http.pinning, "DNS_TTL", -1.0)  # every answer already stale
    assert [f.fetch(server.url("/", host="fresh.test")).verdict for _ in range(2)] == [LinkVerdict.OK] * 2
    assert calls == ["nowhere.test", "nowhere.test", "fresh.test", "fresh.test"]


@pytest.mark.parametrize("url", ["http://user:pw@example.org/a b?x=1#frag", "https://EXAMPLE.org",
                                 "http://b\u00fccher.de/\u00e4", "http://example.org/x?q=%41&r=\u00e9"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_requests_are_prepared_as_the_session_would(fetcher, url, method):
    import requests

    f = fetcher()
    f._session.cookies.set("session", "abc", domain="example.org", path="/")
    ours, theirs = f._prepare(method, url), f._session.prepare_request(requests.Request(method, url))
    f._credentials(ours)
    assert (ours.method, ours.url, list(ours.headers.items()), ours.body) == \
           (theirs.method, theirs.url, list(theirs.headers.items()), theirs.body)


def test_a_cookie_set_by_one_page_goes_with_the_requests_waiting_for_the_host(server, fetcher):
    for path in ("/a", "/b", "/c"):
        @server.handler(path)
        def consent(h):
            if "consent=yes" in h.headers.get("Cookie", ""):
                h.respond(200, HTML)
            else:
                h.respond(200, HTML, {"Set-Cookie": "consent=yes; Path=/"})

    urls = [server.url(p) for p in ("/a", "/b", "/c")]
    results = fetcher().fetch_many(urls, concurrency=3, per_host=1, host_interval=0)
    assert [r.verdict for r in results] == [LinkVerdict.OK] * 3
    cookies = [seen.headers.get("Cookie") for seen in server.seen()]
    assert cookies.count("consent=yes") == 2  # all but the first, though all three were queued at once


def test_non_http_url_is_refused_without_resolving(fetcher):
    calls: list[str] = []
    result = fetcher(resolver=resolver_stub({}, calls)).fetch("file:///etc/passwd")
    assert result.verdict is LinkVerdict.UNSAFE and result.attempts == 0 and calls == []


def test_connection_goes_to_the_checked_address(server, fetcher, connections, monkeypatch):
    """DNS pinning: the name is resolved once, by our resolver, and the socket goes to that address."""
    server.route("/", 200, HTML)
    calls: list[str] = []
    looked_up: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result = fetcher(resolver=resolver_stub({"pinned.test": ["127.0.0.1"]}, calls)).fetch(
        server.url("/", host="pinned.test"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.body == HTML
    assert calls == ["pinned.test"]
    assert "pinned.test" not in looked_up  # nobody else asked DNS about the name
    assert connections == [("127.0.0.1", server.port)]
    assert server.seen()[0].headers["Host"] == f"pinned.test:{server.port}"


@pytest.mark.parametrize("url, verdict", [
    ("http://[::1]:8/", LinkVerdict.UNSAFE),
    ("http://0.0.0.0:8/", LinkVerdict.UNSAFE),
    ("http://[::ffff:169.254.169.254]/", LinkVerdict.UNSAFE),
    ("http://[::1/", LinkVerdict.BROKEN),
    ("http:///no-host", LinkVerdict.BROKEN),
    ("http://127.0.0.1:99999/", LinkVerdict.BROKEN),
    ("no scheme at all", LinkVerdict.UNSAFE),
])
def test_odd_urls_get_a_verdict_and_no_connection(fetcher, connections, url, verdict):
    result = fetcher().fetch(url, want_body=True)
    assert result.verdict is verdict, result
    assert connections == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["http://", "https://", "HTTP://", "", "ftp://"]), st.text(max_size=40))
def test_fetch_never_raises(fetcher, prefix, rest):
    def nothing_resolves(host: str, port: int) -> list[str]:  # not even IP literals: no test reaches the web
        raise OSError("no DNS in this test")

    f = fetcher(resolver=nothing_resolves, allow_network=(), retries=0)
    result = f.fetch(prefix + rest)
    assert result.verdict in (LinkVerdict.UNSAFE, LinkVerdict.BROKEN)
    assert result.attempts == 0


def test_each_checked_address_is_tried_in_turn(server, fetcher, connections):
    server.route("/", 200, HTML)
    resolve = resolver_stub({"two.test": ["127.0.0.2", "127.0.0.1"]})  # nothing listens on 127.0.0.2
    result = fetcher(resolver=resolve, retries=0).fetch(server.url("/", host="two.test"))
    assert result.verdict is LinkVerdict.OK
    assert connections == [("127.0.0.2", server.port), ("127.0.0.1", server.port)]


def test_unresolvable_host_is_broken(fetcher):
    result = fetcher(resolver=resolver_stub({})).fetch("http://nowhere.test/")
    assert result.verdict is LinkVerdict.BROKEN and "could not resolve host 'nowhere.test'" in result.error
    assert result.attempts == 0


# -- TLS with a pinned address: SNI and the certificate check still use the name ----------------


@pytest.fixture
def tls_files(tmp_path):
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def make(name: str) -> tuple[str, str]:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = dt.datetime.now(dt.timezone.utc)
        cert = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        cert_path = tmp_path / f"{name}.pem"
        key_path = tmp_path / f"{name}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        return str(cert_path), str(key_path)

    return make


def _tls_server(cert: str, key: str, sni: list[str]) -> LocalServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: sni.append(name)
    return LocalServer(ssl_context=context)


def test_https_to_a_pinned_address_checks_the_name(tls_files, fetcher):
    cert, key = tls_files("pinned.test")
    sni: list[str] = []
    tls = _tls_server(cert, key, sni)
    try:
        tls.route("/", 200, HTML)
        resolve = resolver_stub({"pinned.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
        good = fetcher(resolver=resolve, verify=cert).fetch(tls.url("/", host="pinned.test"), want_body=True)
        assert good.verdict is LinkVerdict.OK and good.body == HTML
        assert sni[0] == "pinned.test"
        assert tls.seen()[0].headers["Host"] == f"pinned.test:{tls.port}"
        wrong = fetcher(resolver=resolve, verify=cert).fetch(tls.url("/", host="other.test"))
        assert wrong.verdict is LinkVerdict.BROKEN and wrong.error.startswith("TLS error")
        assert "other.test" in sni  # the name asked for, not the address, went out as SNI
    finally:
        tls.close()


# -- retries ---------------------------------------------------------------------------


def test_503_that_recovers(server, fetcher):
    answers = iter([503, 503, 200])

    @server.handler("/flaky")
    def flaky(h):
        h.respond(next(answers), HTML)

    f = fetcher(retries=3, backoff=0.5, max_wait=2.0)
    result = f.fetch(server.url("/flaky"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.attempts == 3 and result.body == HTML
    assert len(f.sleeps) == 2
    assert 0 <= f.sleeps[0] <= 0.5 and 0 <= f.sleeps[1] <= 1.0  # full jitter under a doubling ceiling


def test_503_that_persists_is_broken(server, fetcher):
    server.route("/down", 503, b"down")
    f = fetcher(retries=2)
    result = f.fetch(server.url("/down"))
    assert result.verdict is LinkVerdict.BROKEN and result.status == 503 and result.attempts == 3
    assert len(f.sleeps) == 2


def test_429_with_retry_after_seconds_is_capped_and_then_unverifiable(server, fetcher):
    server.route("/busy", 429, b"slow down", {"Retry-After": "120"})
    f = fetcher(retries=2, max_wait=0.75, deadline=60)
    result = f.fetch(server.url("/busy"))
    assert result.verdict is LinkVerdict.UNVERIFIABLE and result.status == 429 and result.attempts == 3
    assert f.sleeps == [0.75, 0.75]


def test_429_with_retry_after_date(server, fetcher):
    answers = iter([429, 200])
    when = dt.datetime(2026, 11, 22, 9, 0, 0, tzinfo=dt.timezone.utc)

    @server.handler("/busy")
    def busy(h):
        h.respond(next(answers), HTML, {"Retry-After": email.utils.format_datetime(when, usegmt=True)})

    f = fetcher(max_wait=5.0, now=lambda: when.timestamp() - 3)
    result = f.fetch(server.url("/busy"))
    assert result.verdict is LinkVerdict.OK and f.sleeps == [3.0]
    capped = fetcher(max_wait=1.0, now=lambda: when.timestamp() - 3600)
    answers = iter([429, 200])
    capped.fetch(server.url("/busy"))
    assert capped.sleeps == [1.0]


def test_unreadable_retry_after_falls_back_to_backoff(server, fetcher):
    answers = iter([429, 200])

    @server.handler("/busy")
    def busy(h):
        h.respond(next(answers), HTML, {"Retry-After": "soon"})

    f = fetcher(backoff=0.2)
    assert f.fetch(server.url("/busy")).verdict is LinkVerdict.OK
    assert len(f.sleeps) == 1 and 0 <= f.sleeps[0] <= 0.2


def test_no_wait_is_longer_than_the_cap(server, fetcher):
    server.route("/down", 503, b"down")
    f = fetcher(retries=6, backoff=10.0, max_wait=0.5)
    f.fetch(server.url("/down"))
    assert len(f.sleeps) == 6 and max(f.sleeps) <= 0.5


def test_a_wait_past_the_deadline_is_not_taken(server, fetcher):
    server.route("/busy", 429, b"", {"Retry-After": "5"})
    f = fetcher(max_wait=30.0, deadline=2.0)
    result = f.fetch(server.url("/busy"))
    assert result.verdict is LinkVerdict.UNVERIFIABLE and result.attempts == 1 and f.sleeps == []


def test_connection_refused_is_retried_then_broken(fetcher):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    f = fetcher(retries=2)
    result = f.fetch(f"http://127.0.0.1:{port}/")
    assert result.verdict is LinkVerdict.BROKEN and result.error == "connection refused"
    assert result.attempts == 3 and len(f.sleeps) == 2


@pytest.mark.parametrize(
    "value, seconds",
    [("120", 120.0), ("0", 0.0), ("-5", 0.0), ("1.5", 1.5), ("Sun, 22 Nov 2026 09:00:10 GMT", 10.0),
     ("Sun, 22 Nov 2026 08:59:00 GMT", 0.0), ("Sun, 22 Nov 2026 09:00:10 -0000", 10.0),
     ("soon", None), ("", None), (None, None), ("nan", None)],
)
def test_retry_after_values(value, seconds):
    now = dt.datetime(2026, 11, 22, 9, 0, 0, tzinfo=dt.timezone.utc).timestamp()
    assert retry_after(value, now) == seconds


# -- timeouts --------------------------------------------------------------------------------


def test_server_that_never_answers_times_out(silent_server, fetcher):
    f = fetcher(read_timeout=0.3)
    result = f.fetch(silent_server.url("/"), want_body=True)
    assert result.verdict is LinkVerdict.TIMEOUT and result.error == "read timed out"
    assert result.status is None and silent_server.connections == 1


def test_trickling_body_is_stopped_by_the_deadline(server, fetcher):
    @server.handler("/trickle")
    def trickle(h):
        h.start(200, {"Content-Type": "text/html"})
        for _ in range(100):  # 5 s at most, if nobody stops reading
            h.wfile.write(b"x")
            time.sleep(0.05)

    f = fetcher(read_timeout=2.0, deadline=0.5)
    result = f.fetch(server.url("/trickle"), want_body=True)
    assert result.verdict is LinkVerdict.TIMEOUT and result.status == 200 and result.body is None
    assert "deadline" in result.error or "timed out" in result.error
    assert result.elapsed < 2.0  # the deadline, not the read timeout (each byte came well within it), ended it


# -- size caps ----------------------------------------------------------------------------------


def test_200_megabyte_body_stops_at_the_cap(server, fetcher):
    @server.handler("/huge")
    def huge(h):
        h.start(200, {"Content-Type": "text/plain"})
        chunk = b"a" * 65536
        for _ in range(3200):  # 200 MB, generated as it is sent
            h.wfile.write(chunk)

    result = fetcher().fetch(server.url("/huge"), want_body=True)
    assert FetchPolicy().max_bytes == 20_000_000
    assert result.verdict is LinkVerdict.OK and result.too_large and result.body is None
    assert 20_000_000 < result.size <= 20_000_000 + 2 * 65536


def test_declared_length_over_the_cap_is_not_read(server, fetcher):
    @server.handler("/declared")
    def declared(h):
        h.send_response(200)
        h.send_header("Content-Length", str(200 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"a" * 1000)

    result = fetcher(max_bytes=1_000_000).fetch(server.url("/declared"), want_body=True)
    assert result.too_large and result.body is None and result.size == 0


def _deflate(data: bytes, wbits: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return c.compress(data) + c.flush()


ZEROS = b"\0" * (16 * 1024 * 1024)


@pytest.mark.parametrize(
    "encoding, make",
    [
        ("gzip", lambda: gzip.compress(ZEROS, 9)),
        ("deflate", lambda: _deflate(ZEROS, 15)),  # zlib-wrapped, as the RFC says
        ("deflate", lambda: _deflate(ZEROS, -15)),  # raw, as many servers send
        ("br", lambda: brotli.compress(ZEROS, quality=5)),
        ("gzip, br", lambda: brotli.compress(gzip.compress(ZEROS, 9), quality=5)),
    ],
)
def test_compression_bombs_stop_at_the_cap(server, fetcher, encoding, make):
    bomb = make()
    assert len(bomb) < 100_000  # small on the wire: 16 MB once decompressed
    server.route("/bomb", 200, bomb, {"Content-Type": "text/html", "Content-Encoding": encoding})
    result = fetcher(max_bytes=1_000_000).fetch(server.url("/bomb"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.too_large and result.body is None
    assert 1_000_000 < result.size <= 1_000_000 + 3 * 65536


def test_gigabyte_gzip_bomb_stops_at_the_default_cap(server, fetcher):
    member = gzip.compress(b"\0" * (1 << 20), 9)
    bomb = member * 1024  # 1 GiB in ~1 MB of multi-member gzip
    server.route("/bomb", 200, bomb, {"Content-Encoding": "gzip"})
    result = fetcher().fetch(server.url("/bomb"), want_body=True)
    assert result.too_large and result.body is None and result.size <= 20_000_000 + 3 * 65536


@pytest.mark.parametrize(
    "encoding, make",
    [("gzip", gzip.compress), ("x-gzip", gzip.compress), ("deflate", lambda d: _deflate(d, 15)),
     ("deflate", lambda d: _deflate(d, -15)), ("br", brotli.compress), ("identity", lambda d: d),
     ("gzip, gzip", lambda d: gzip.compress(gzip.compress(d)))],
)
def test_compressed_bodies_are_decoded(server, fetcher, encoding, make):
    server.route("/z", 200, make(HTML * 50), {"Content-Encoding": encoding, "Content-Type": "text/html"})
    result = fetcher().fetch(server.url("/z"), want_body=True)
    assert result.body == HTML * 50 and result.size == len(HTML) * 50


@pytest.mark.parametrize("encoding, body, message", [
    ("gzip", b"this is not gzip at all", "damaged gzip"),
    ("zstd", b"\x28\xb5\x2f\xfd", "unsupported Content-Encoding 'zstd'"),
])
def test_undecodable_bodies_keep_the_link_verdict(server, fetcher, encoding, body, message):
    server.route("/z", 200, body, {"Content-Encoding": encoding})
    result = fetcher().fetch(server.url("/z"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.body is None and message in result.error


def test_a_long_content_encoding_chain_is_one_error_not_a_crash(server, fetcher):
    body = HTML
    for _ in range(600):
        body = gzip.compress(body, 1)
    server.route("/chain", 200, body, {"Content-Type": "text/html", "Content-Encoding": ", ".join(["gzip"] * 600)})
    [result] = fetcher().fetch_many([FetchRequest(server.url("/chain"), want_body=True)], host_interval=0)
    assert result.verdict is LinkVerdict.OK and result.body is None
    assert result.error == "too many Content-Encodings (600; at most 5 are decoded)"


def test_an_answer_with_too_many_headers_is_malformed_not_a_dropped_connection(server, fetcher):
    @server.handler("/headers")
    def many(h):
        h.send_response(200)
        for i in range(150):
            h.send_header(f"X-Junk-{i}", "x")
        h.send_header("Content-Length", "0")
        h.end_headers()

    result = fetcher().fetch(server.url("/headers"))
    assert result.verdict is LinkVerdict.BROKEN
    assert result.error == "malformed answer (got more than 100 headers)"
    assert result.attempts == 1  # not retried: the server will say the same again


# -- concurrency and pacing -----------------------------------------------------------------------


def test_fetch_many_keeps_order_and_reports_each_result_in_the_calling_thread(server, fetcher):
    for i in range(6):
        server.route(f"/p{i}", 200 if i != 3 else 404, HTML)
    seen: list[tuple[str, str, str]] = []
    f = fetcher(sleep=time.sleep)
    asked = [FetchRequest(server.url(f"/p{i}"), want_body=i % 2 == 0) for i in range(6)]
    results = f.fetch_many(asked, concurrency=3, per_host=3, host_interval=0,
                           on_result=lambda req, res: seen.append((req.url, res.url, threading.current_thread().name)))
    assert [r.url for r in results] == [a.url for a in asked]
    assert [r.verdict for r in results] == [LinkVerdict.OK] * 3 + [LinkVerdict.BROKEN] + [LinkVerdict.OK] * 2
    assert [r.body is not None for r in results] == [True, False, True, False, True, False]
    assert sorted(u for u, _, _ in seen) == sorted(a.url for a in asked)
    assert all(req == res and name == threading.current_thread().name for req, res, name in seen)


def test_per_host_limit_is_observed_by_the_server(server, fetcher):
    @server.handler("/slow")
    def slow(h):
        time.sleep(0.1)
        h.respond(200, HTML)

    resolve = resolver_stub({"a.test": ["127.0.0.1"], "b.test": ["127.0.0.1"]})
    f = fetcher(resolver=resolve, sleep=time.sleep)
    urls = [server.url(f"/slow?{i}", host=h) for i in range(6) for h in ("a.test", "b.test")]
    results = f.fetch_many(urls, concurrency=8, per_host=2, host_interval=0)
    assert all(r.verdict is LinkVerdict.OK for r in results)
    assert server.max_in_flight[f"a.test:{server.port}"] <= 2
    assert server.max_in_flight[f"b.test:{server.port}"] <= 2
    assert len(server.seen()) == 12


def test_host_interval_spaces_request_starts(server, fetcher):
    server.route("/p", 200, HTML)
    f = fetcher(sleep=time.sleep)
    interval = 0.1
    started = time.monotonic()
    f.fetch_many([server.url(f"/p?{i}") for i in range(4)], concurrency=4, per_host=4, host_interval=interval)
    arrivals = sorted(r.at for r in server.seen())
    assert len(arrivals) == 4
    # a request cannot reach the server before it started, and starts are reserved `interval` apart
    for k, at in enumerate(arrivals):
        assert at - started >= k * interval - 0.005


def test_interrupted_fetch_many_does_not_wait_out_its_fetches(server, fetcher):
    server.route("/ok", 200, HTML)
    server.route("/busy", 503, b"", {"Retry-After": "20"})

    class Stop(Exception):
        pass

    def on_result(request, result):
        raise Stop  # as Ctrl-C would, while /busy waits to retry

    f = fetcher(sleep=None, max_wait=20.0, deadline=60.0, retries=3)
    started = time.monotonic()
    with pytest.raises(Stop):
        f.fetch_many([server.url("/busy"), server.url("/ok")], concurrency=2, per_host=2, host_interval=0,
                     on_result=on_result)
    assert time.monotonic() - started < 10  # not the 60 s the busy URL could take
    assert len(server.seen("/busy")) == 1


def test_host_gate_spaces_starts_and_limits_slots_with_a_fake_clock():
    clock = [100.0]
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        clock[0] += s

    gate = _HostGate(per_host=2, interval=1.0, clock=lambda: clock[0], sleep=sleep)
    releases = [gate.enter("a.test"), gate.enter("a.test")]
    assert waits == [1.0]  # the second start waited for the interval
    other = gate.enter("b.test")  # another host is not held up
    assert waits == [1.0]
    blocked = threading.Event()

    def third() -> None:
        gate.enter("a.test")()
        blocked.set()

    t = threading.Thread(target=third, daemon=True)
    t.start()
    assert not blocked.wait(0.1)  # both slots of a.test are taken
    releases[0]()
    assert blocked.wait(2.0)
    t.join(2.0)
    releases[1]()
    releases[1]()  # releasing twice is harmless
    other()


# -- records --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, permanent, verdict",
    [(200, False, "ok"), (204, False, "ok"), (200, True, "redirected"), (404, False, "broken"),
     (410, True, "broken"), (500, False, "broken"), (503, False, "broken"), (401, False, "unverifiable"),
     (403, False, "unverifiable"), (429, False, "unverifiable"), (999, False, "unverifiable")],
)
def test_status_verdicts(status, permanent, verdict):
    assert status_verdict(status, permanent).value == verdict


def test_verdicts_are_exactly_the_products():
    assert [v.value for v in LinkVerdict] == ["ok", "redirected", "broken", "unverifiable", "timeout", "unsafe"]


def test_fetch_is_frozen():
    result = Fetch("http://x.test/", "http://x.test/", LinkVerdict.OK)
    with pytest.raises(AttributeError):
        result.status = 200  # type: ignore[misc]


def test_policy_rejects_nonsense():
    with pytest.raises(ValueError):
        FetchPolicy(deadline=0)
    with pytest.raises(ValueError):
        FetchPolicy(retries=-1)


# -- end to end: fetched, read, quote looked for --------------------------------------------------

PAGES = Path(__file__).parent / "data" / "pages"
F01 = ("According to the NSPCC, online grooming crimes reported by police have increased by approximately 70% "
       "since 2021, where it hit an all time high in the UK that year.")


def test_fetched_legacy_encoded_page_has_its_quotes(server, fetcher):
    pagetext = pytest.importorskip("factlib.text.pages")
    from factlib.links.quotes import QuoteVerdict, find_quote

    page = (PAGES / "ccat-grooming-cp1252.html").read_bytes()
    server.route("/post", 200, gzip.compress(page), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    result = fetcher().fetch(server.url("/post"), want_body=True)
    assert result.verdict is LinkVerdict.OK and result.body == page
    text = pagetext.page_text(result.body, result.content_type).text
    assert find_quote(F01, text).verdict is QuoteVerdict.FOUND  # split across tags, soft hyphen, &nbsp;
    assert find_quote("It's a process anti-trafficking campaigners call 'grooming' - and it starts online.",
                      text).verdict is QuoteVerdict.FOUND  # cp1252 curly quotes and dashes
    changed = find_quote(F01.replace("70%", "80%"), text)
    assert changed.verdict is QuoteVerdict.CHANGED and "70%" in changed.evidence
    assert [(old.split()[-1], new.split()[-1]) for old, new in changed.changed_figures] == [("80%", "70%")]
    assert "90%" not in text  # hidden text is not on the page a reader sees


def test_fetched_pdf_has_its_quote_across_a_hyphenated_line_break(server, fetcher):
    pagetext = pytest.importorskip("factlib.text.pages")
    fpdf = pytest.importorskip("fpdf")
    from factlib.links.quotes import QuoteVerdict, find_quote

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Across the cases reviewed, 79% of victims were recrui-\nted through social media, "
                         "and most were aged 14 to 17.")
    server.route("/brief.pdf", 200, bytes(pdf.output()), {"Content-Type": "application/pdf"})
    result = fetcher().fetch(server.url("/brief.pdf"), want_body=True)
    text = pagetext.page_text(result.body, result.content_type).text
    match = find_quote("79% of victims were recruited through social media", text)
    assert match.verdict is QuoteVerdict.FOUND and "recrui-\nted" in text[match.start:match.end]


def test_waiting_for_a_turn_at_a_busy_host_does_not_time_a_url_out(server, fetcher):
    @server.handler("/slow")
    def slow(h):
        time.sleep(0.05)
        h.respond(200, b"ok", {"Content-Type": "text/plain"})

    f = fetcher(deadline=0.4, read_timeout=0.4, connect_timeout=0.4, sleep=None)
    urls = [server.url(f"/slow?n={i}") for i in range(16)]  # 16 x 50 ms queued one at a time: 0.8 s > deadline
    results = f.fetch_many(urls, concurrency=16, per_host=1, host_interval=0)
    assert [r.verdict for r in results] == [LinkVerdict.OK] * 16
