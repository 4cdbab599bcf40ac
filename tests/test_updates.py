"""`factlib links --update`: final URLs of permanent redirects and accessed dates written back."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from conftest import source_text
from factlib.authoring.updates import apply_link_updates
from factlib.cli.main import app
from factlib.library.config import LinksConfig
from factlib.library.load import load_library
from factlib.links.run import check_links
from factlib.links.store import LinkStore

QUOTE = "The number of online grooming crimes increased by around 70 per cent in the past three years."
PAGE = f"<html><body><p>{QUOTE}</p></body></html>".encode()
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
TODAY = dt.date(2026, 12, 3)


def _library(write_library, server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server.route("/old", 301, b"", {"Location": server.url("/new")})
    server.route("/new", 200, PAGE, {"Content-Type": "text/html"})
    server.route("/temp", 302, b"", {"Location": server.url("/new")})
    server.route("/changed", 200, PAGE.replace(b"70 per cent", b"80 per cent"), {"Content-Type": "text/html"})
    files = {}
    for source_id, path in (("moved", "/old"), ("ok", "/new"), ("temp", "/temp"), ("changed", "/changed")):
        text = source_text(source_id, [{"id": f"{source_id}-fact", "measure": f"m-{source_id}"}])
        files[f"{source_id}.toml"] = text.replace(f"https://example.org/news/{source_id}", server.url(path)).replace(
            "accessed = 2026-11-22", "accessed = 2026-11-22  # seen by hand")
    return write_library(files)


def test_updates_follow_what_the_check_proved(write_library, server, tmp_path, monkeypatch, fetcher):
    folder = _library(write_library, server, tmp_path, monkeypatch)
    before = {p.name: p.read_text() for p in folder.iterdir()}
    lib = load_library(folder)
    with LinkStore(tmp_path / "links.sqlite") as store:
        reports = check_links(lib, store, LinksConfig(host_interval=0), fetcher=fetcher(), now=NOW)
    changes = apply_link_updates(lib, reports, today=TODAY)
    assert [str(c) for c in changes] == [
        f"facts/moved.toml: url {server.url('/old')} -> {server.url('/new')}; accessed 2026-11-22 -> 2026-11-25",
        "facts/ok.toml: accessed 2026-11-22 -> 2026-11-25",
        "facts/temp.toml: accessed 2026-11-22 -> 2026-11-25",  # a temporary redirect keeps its URL
    ]
    moved = (folder / "moved.toml").read_text()
    assert moved == before["moved.toml"].replace(server.url("/old"), server.url("/new")).replace(
        "accessed = 2026-11-22  # seen by hand", "accessed = 2026-11-25  # seen by hand")
    assert (folder / "changed.toml").read_text() == before["changed.toml"]
    # what is proved once is not written again
    assert apply_link_updates(load_library(folder), [r for r in reports if r.source_id == "ok"], today=TODAY) == []


def test_cli_links_update(write_library, server, tmp_path, monkeypatch):
    folder = _library(write_library, server, tmp_path, monkeypatch)
    runner = CliRunner()
    out = runner.invoke(app, ["links", "moved", "changed", "--update", "--allow-network", "127.0.0.0/8", "--host-interval", "0"])
    assert out.exit_code == 1  # the changed quote is still an error
    today = dt.date.today().isoformat()
    updated = [line for line in out.stderr.splitlines() if line.startswith("updated ")]
    assert updated == [f"updated facts/moved.toml: url {server.url('/old')} -> {server.url('/new')}; accessed 2026-11-22 -> {today}"]
    assert load_library(folder).source("moved").url == server.url("/new")
