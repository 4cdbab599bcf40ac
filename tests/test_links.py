"""factlib links end to end against local servers: verdicts, archives, history, reuse, offline, CLI."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from typer.testing import CliRunner

from conftest import source_text
from factlib.cli.main import app
from factlib.library.load import load_library
from factlib.links.store import LinkStore
from factlib.linkresult import LinkVerdict, QuoteVerdict
from factlib.library.config import LinksConfig
from factlib.links.run import check_links, findings, report_record, select_sources
from factlib.errors import UsageError

QUOTE = "The number of online grooming crimes increased by around 70 per cent in the past three years."
PAGE = f"<html><body><h1>News</h1><p>{QUOTE}</p></body></html>".encode()
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def library_for(write_library, urls: dict[str, str], archive: dict[str, str] | None = None):
    files = {}
    for source_id, url in urls.items():
        text = source_text(source_id, [{"id": f"{source_id}-fact", "measure": f"m-{source_id}"}])
        text = text.replace(f"https://example.org/news/{source_id}", url)
        if archive and source_id in archive:
            text = text.replace('kind = "press-release"', f'kind = "press-release"\narchive_url = "{archive[source_id]}"')
        files[f"{source_id}.toml"] = text
    return load_library(write_library(files))


@pytest.fixture
def store(tmp_path):
    with LinkStore(tmp_path / ".factlib" / "links.sqlite") as s:
        yield s


def run(lib, store, fetcher, now=NOW, **options):
    return check_links(lib, store, LinksConfig(**options), fetcher=fetcher, now=now)


def test_found_changed_and_missing(write_library, server, store, fetcher):
    server.route("/same", 200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
    server.route("/changed", 200, PAGE.replace(b"70 per cent", b"80 per cent"), {"Content-Type": "text/html"})
    server.route("/soft404", 200, b"<html><body><h1>Page not found</h1></body></html>", {"Content-Type": "text/html"})
    lib = library_for(write_library, {"a": server.url("/same"), "b": server.url("/changed"), "c": server.url("/soft404")})
    a, b, c = run(lib, store, fetcher())
    assert (a.live.verdict, a.quotes[0].verdict) == (LinkVerdict.OK, QuoteVerdict.FOUND)
    assert (b.live.verdict, b.quotes[0].verdict) == (LinkVerdict.OK, QuoteVerdict.CHANGED)
    assert "80 per cent" in b.quotes[0].evidence
    assert any("70" in old and "80" in new for old, new in b.quotes[0].changed)
    assert (c.live.verdict, c.quotes[0].verdict) == (LinkVerdict.OK, QuoteVerdict.MISSING)
    assert a.live.http_status == 200 and a.live.checked_at == "2026-11-25T12:00:00+00:00"


def test_broken_link_falls_back_to_the_archive(write_library, server, store, fetcher):
    server.route("/gone", 404, b"not here")
    server.route("/snapshot", 200, PAGE, {"Content-Type": "text/html"})
    lib = library_for(write_library, {"a": server.url("/gone")}, archive={"a": server.url("/snapshot")})
    (report,) = run(lib, store, fetcher())
    assert report.live.verdict == LinkVerdict.BROKEN and report.live.http_status == 404
    assert report.archive.verdict == LinkVerdict.OK
    assert (report.quotes[0].verdict, report.quotes[0].where) == (QuoteVerdict.FOUND, "archive")
    record = report_record(report)
    assert record["archive"]["verdict"] == "ok" and record["quotes"][0]["where"] == "archive"


def test_walled_page_is_unverifiable_and_quotes_unchecked_without_archive(write_library, server, store, fetcher):
    server.route("/wall", 403, b"denied")
    lib = library_for(write_library, {"a": server.url("/wall")})
    (report,) = run(lib, store, fetcher())
    assert report.live.verdict == LinkVerdict.UNVERIFIABLE
    assert report.quotes[0].verdict == QuoteVerdict.UNCHECKED


def test_unsafe_url_sends_nothing(write_library, servers, store, fetcher):
    target = servers("127.0.0.2")
    target.route("/", 200, PAGE)
    lib = library_for(write_library, {"a": target.url("/")})
    (report,) = run(lib, store, fetcher(allow_network=("127.0.0.1/32",)))
    assert report.live.verdict == LinkVerdict.UNSAFE
    assert target.seen() == []


def test_history_counts_failures_and_fail_after(write_library, server, store, fetcher):
    server.route("/flaky", 500, b"oops")
    lib = library_for(write_library, {"a": server.url("/flaky")})
    (first,) = run(lib, store, fetcher(retries=0), now=NOW)
    (second,) = run(lib, store, fetcher(retries=0), now=NOW + dt.timedelta(days=1))
    assert (first.failures, second.failures) == (1, 2)
    assert second.failing_since == "2026-11-25T12:00:00+00:00"
    levels = lambda reports, n: {f.code: f.level.value for f in findings(reports, lib, n)}  # noqa: E731
    assert levels([second], 3)["link.broken"] == "warning"
    assert levels([second], 2)["link.broken"] == "error"
    server.route("/flaky", 200, PAGE, {"Content-Type": "text/html"})
    (third,) = run(lib, store, fetcher(retries=0), now=NOW + dt.timedelta(days=2))
    assert (third.failures, third.failing_since) == (0, "")


def test_successes_are_reused_within_max_age_and_failures_rechecked(write_library, server, store, fetcher):
    server.route("/ok", 200, PAGE, {"Content-Type": "text/html"})
    server.route("/bad", 404, b"")
    lib = library_for(write_library, {"a": server.url("/ok"), "b": server.url("/bad")})
    run(lib, store, fetcher(retries=0))
    before = len(server.seen())
    a, b = run(lib, store, fetcher(retries=0), now=NOW + dt.timedelta(hours=1))
    assert a.cached and not b.cached
    assert [s.path for s in server.seen()[before:]] == ["/bad"]
    a, _ = run(lib, store, fetcher(retries=0), now=NOW + dt.timedelta(days=8))
    assert not a.cached  # older than the default max age of 7 days


def test_a_changed_quote_in_the_library_is_rechecked(write_library, server, store, fetcher, tmp_path):
    server.route("/ok", 200, PAGE, {"Content-Type": "text/html"})
    lib = library_for(write_library, {"a": server.url("/ok")})
    run(lib, store, fetcher())
    folder = tmp_path / "facts"
    text = (folder / "a.toml").read_text().replace("in the past three years", "in three years")
    (folder / "a.toml").write_text(text)
    (report,) = run(load_library(folder), store, fetcher(), now=NOW + dt.timedelta(hours=1))
    assert not report.cached and report.quotes[0].verdict == QuoteVerdict.CHANGED


def test_reports_arrive_while_other_pages_are_fetched(write_library, server, store, fetcher):
    release = threading.Event()
    server.route("/fast", 200, PAGE, {"Content-Type": "text/html"})

    @server.handler("/slow")
    def slow(h):
        release.wait(10)  # answers only once the fast page's report is in
        h.respond(200, PAGE, {"Content-Type": "text/html"})

    lib = library_for(write_library, {"a": server.url("/slow"), "b": server.url("/fast")})
    seen = []

    def progress(done, total, report):
        seen.append(report.source_id)
        release.set()

    a, b = check_links(lib, store, LinksConfig(per_host=2), fetcher=fetcher(), now=NOW, on_progress=progress)
    assert seen == ["b", "a"] and a.quotes[0].verdict == b.quotes[0].verdict == QuoteVerdict.FOUND


def test_an_interrupted_run_keeps_what_it_checked(write_library, server, fetcher, tmp_path):
    for name in "abc":
        server.route(f"/{name}", 200, PAGE, {"Content-Type": "text/html"})
    lib = library_for(write_library, {name: server.url(f"/{name}") for name in "abc"})

    def progress(done, total, report):
        if done == 2:
            raise KeyboardInterrupt

    path = tmp_path / "links.sqlite"
    with LinkStore(path) as store:
        with pytest.raises(KeyboardInterrupt):
            check_links(lib, store, LinksConfig(per_host=1, concurrency=1), fetcher=fetcher(), now=NOW,
                        on_progress=progress)
        with LinkStore(path) as reader:  # on disk already, before this store is closed
            kept = [reader.latest(name, server.url(f"/{name}")) for name in "abc"]
    assert sum(r is not None for r in kept) == 2


def test_offline_reports_from_the_database_only(write_library, server, store, fetcher):
    server.route("/ok", 200, PAGE, {"Content-Type": "text/html"})
    lib = library_for(write_library, {"a": server.url("/ok"), "b": server.url("/never")})
    check_links(lib, store, LinksConfig(), fetcher=fetcher(), now=NOW, source_ids=["a"])
    seen = len(server.seen())
    a, b = check_links(lib, store, LinksConfig(), offline=True, now=NOW)
    assert len(server.seen()) == seen
    assert a.cached and a.live.verdict == LinkVerdict.OK and a.quotes[0].verdict == QuoteVerdict.FOUND
    assert b.live.verdict is None and "never checked" in b.live.error


def test_selecting_sources(write_library):
    lib = library_for(write_library, {"a": "https://example.org/a", "b": "https://example.org/b"})
    assert [s.id for s in select_sources(lib, ["b"])] == ["b"]
    with pytest.raises(UsageError):
        select_sources(lib, ["zzz"])


def test_findings_land_on_the_fact_file_lines(write_library, server, store, fetcher, tmp_path):
    server.route("/gone", 410, b"")
    lib = library_for(write_library, {"a": server.url("/gone")})
    reports = run(lib, store, fetcher(retries=0))
    link, quote = findings(reports, lib)
    text = (tmp_path / "facts" / "a.toml").read_text().splitlines()
    assert link.code == "link.broken" and text[link.line - 1].startswith("url =")
    assert quote.code == "quote.unchecked" and text[quote.line - 1].startswith("quote =")


def test_cli_links_json_and_exit_codes(write_library, server, tmp_path, monkeypatch):
    server.route("/ok", 200, PAGE, {"Content-Type": "text/html"})
    server.route("/changed", 200, PAGE.replace(b"70 per cent", b"80 per cent"), {"Content-Type": "text/html"})
    library_for(write_library, {"a": server.url("/ok"), "b": server.url("/changed")})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    out = runner.invoke(app, ["links", "a", "--allow-network", "127.0.0.0/8", "--format", "json", "--host-interval", "0"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    (source,) = data["sources"]
    assert {k: source[k] for k in ("source_id", "verdict", "http_status")} == {"source_id": "a", "verdict": "ok", "http_status": 200}
    assert source["quotes"] == [{"fact_id": "a-fact", "verdict": "found", "where": "live", "evidence": "", "changed": []}]
    assert data["summary"]["sources"] == 1
    out = runner.invoke(app, ["links", "--allow-network", "127.0.0.0/8", "--host-interval", "0"])
    assert out.exit_code == 1 and "quote.changed" in out.stdout
    assert (tmp_path / ".factlib" / "links.sqlite").exists()
    offline = runner.invoke(app, ["links", "--offline", "--format", "json"])
    assert offline.exit_code == 1 and json.loads(offline.stdout)["sources"][1]["quotes"][0]["verdict"] == "changed"


def test_cli_refuses_loopback_without_allow_network(write_library, server, tmp_path, monkeypatch):
    server.route("/ok", 200, PAGE)
    library_for(write_library, {"a": server.url("/ok")})
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(app, ["links", "--format", "json"])
    assert json.loads(out.stdout)["sources"][0]["verdict"] == "unsafe"
    assert server.seen() == []


@pytest.mark.parametrize("args, message", [
    (["--allow-network", "not-a-network"], "not-a-network"),
    (["--max-age", "soon"], "--max-age"),
    (["nope-source"], 'no source "nope-source"'),
])
def test_cli_bad_input_exits_2(write_library, tmp_path, monkeypatch, args, message):
    library_for(write_library, {"a": "https://example.org/a"})
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(app, ["links", "--offline", *args])
    assert out.exit_code == 2 and message in out.stderr


def test_database_sits_beside_the_library_and_offline_creates_none(write_library, tmp_path, monkeypatch):
    library_for(write_library, {"a": "https://example.org/a"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = CliRunner().invoke(app, ["links", "--offline", "--library", str(tmp_path / "facts"), "--format", "json"])
    assert out.exit_code == 0
    assert not (elsewhere / ".factlib").exists() and not (tmp_path / ".factlib").exists()
    out = CliRunner().invoke(app, ["links", "--library", str(tmp_path / "facts"), "--timeout", "1", "--format", "json"])
    assert (tmp_path / ".factlib" / "links.sqlite").exists() and not (elsewhere / ".factlib").exists()


# -- offline, cached, interrupted -------------------------------------------------------------------


def test_a_machine_without_a_network_records_nothing(write_library, store, fetcher):
    from conftest_http import resolver_stub

    from factlib.links.run import Offline

    lib = library_for(write_library, {"a": "https://a.test/x", "b": "https://b.test/y", "c": "https://c.test/z"})
    f = fetcher(resolver=resolver_stub({}), retries=0)
    with pytest.raises(Offline, match=r"^this machine looks offline: all 3 URLs fetched, on 3 hosts, failed for want "
                                      r"of a network \(could not resolve host 'a.test'.*nothing was recorded"):
        run(lib, store, f)
    assert [store.latest(s, f"https://{s}.test/{p}") for s, p in zip("abc", "xyz")] == [None] * 3
    assert store.streak("a", "https://a.test/x") == (0, "")  # nothing counts towards --fail-after


def test_one_host_that_does_not_resolve_is_a_dead_domain_not_an_offline_machine(write_library, server, store, fetcher):
    from conftest_http import resolver_stub

    server.route("/ok", 200, PAGE, {"Content-Type": "text/html"})
    lib = library_for(write_library, {"a": "https://gone.test/x", "b": server.url("/ok"), "c": "https://gone2.test/"})
    a, b, c = run(lib, store, fetcher(resolver=resolver_stub({}), retries=0))
    assert (a.live.verdict, b.live.verdict, c.live.verdict) == (LinkVerdict.BROKEN, LinkVerdict.OK, LinkVerdict.BROKEN)
    assert a.failures == 1 and store.streak("a", "https://gone.test/x")[0] == 1
    (a,) = check_links(lib, store, LinksConfig(), fetcher=fetcher(resolver=resolver_stub({}), retries=0), now=NOW,
                       source_ids=["a"])
    assert a.failures == 2  # alone, a name that does not resolve is a broken link


def test_cli_says_the_machine_looks_offline_and_exits_2(write_library, tmp_path, monkeypatch):
    import socket
    import sqlite3

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    library_for(write_library, {"a": "https://a.example/x", "b": "https://b.example/y"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    out = CliRunner().invoke(app, ["links", "--fail-after", "2", "--host-interval", "0"])
    assert out.exit_code == 2
    assert out.stderr.splitlines()[-1] == (
        "factlib: this machine looks offline: all 2 URLs fetched, on 2 hosts, failed for want of a network (could not "
        "resolve host 'a.example' ([Errno -3] Temporary failure in name resolution)); nothing was recorded. Check the "
        "connection, or report from the link database with --offline")
    rows = sqlite3.connect(tmp_path / ".factlib" / "links.sqlite").execute("SELECT count(*) FROM results").fetchone()
    assert rows == (0,)


def test_cached_results_say_so(write_library, server, tmp_path, monkeypatch):
    server.route("/ok", 200, PAGE, {"Content-Type": "text/html"})
    library_for(write_library, {"a": server.url("/ok")})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(app, ["links", "--allow-network", "127.0.0.0/8", "--host-interval", "0"])
    assert first.exit_code == 0 and first.stderr.splitlines()[0] == "[1/1] a: ok"
    again = runner.invoke(app, ["links", "--allow-network", "127.0.0.0/8", "--host-interval", "0"])
    assert again.stderr.splitlines() == [
        "[1/1] a: ok (cached just now)",
        "1 source: 1 ok, 0 redirected, 0 broken, 0 unverifiable, 0 timeout, 0 unsafe, 1 cached; quotes: 1 found, "
        "0 changed, 0 missing, 0 unchecked"]
    data = json.loads(runner.invoke(app, ["links", "--allow-network", "127.0.0.0/8", "--format", "json"]).stdout)
    assert data["sources"][0]["cached"] is True
    assert len(server.seen()) == 1


@pytest.mark.parametrize("checked, age", [
    ("2026-11-25T11:59:30+00:00", "just now"), ("2026-11-25T11:55:00+00:00", "5 min ago"),
    ("2026-11-25T10:00:00+00:00", "2 h ago"), ("2026-11-22T12:00:00+00:00", "3 d ago"), ("junk", "at an unknown time"),
])
def test_cached_age(checked, age):
    from factlib.links.run import cached_age

    assert cached_age(checked, NOW) == age


class StopsAfterOne:
    """A fetcher that fetches the first URL, then is interrupted (Ctrl-C)."""

    def fetch_many(self, requests_, *, on_result, **politeness):
        from factlib.links.http import Fetch

        first = list(requests_)[0]
        on_result(first, Fetch(first.url, first.url, LinkVerdict.OK, status=200, body=PAGE, content_type="text/html"))
        raise KeyboardInterrupt

    def close(self):
        pass


def test_ctrl_c_gives_what_was_checked(write_library, store):
    from factlib.links.run import Interrupted

    lib = library_for(write_library, {"a": "https://a.test/", "b": "https://b.test/"})
    with pytest.raises(Interrupted) as stop:
        run(lib, store, StopsAfterOne())
    assert [(r.source_id, r.live.verdict) for r in stop.value.reports] == [("a", LinkVerdict.OK)]
    assert store.latest("a", "https://a.test/").live.verdict == LinkVerdict.OK  # kept in the database


def test_cli_ctrl_c_prints_what_was_checked_and_exits_130(write_library, tmp_path, monkeypatch):
    from factlib.links import run as links_run

    library_for(write_library, {"a": "https://a.test/", "b": "https://b.test/"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(links_run, "_fetcher", lambda options: StopsAfterOne())
    out = CliRunner().invoke(app, ["links", "--format", "json"])
    assert out.exit_code == 130
    assert [s["source_id"] for s in json.loads(out.stdout)["sources"]] == ["a"]
    assert out.stderr.splitlines()[-1] == "factlib: interrupted: 1 source checked so far"
