"""factlib site without a browser: pages, relative links, escaping, file names, rebuilding."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from audit_scenario import HOSTILE, write_repository
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from factlib.cli.main import app
from factlib.site.build import MARKER, page_names

runner = CliRunner()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))


@pytest.fixture
def built(tmp_path, monkeypatch):
    root = write_repository(tmp_path / "repo", hostile=True)
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["site", "public", "--today", "2026-12-03"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "public", result


def test_the_command_says_what_it_wrote(built):
    out, result = built
    pages = len(list(out.rglob("*.html")))
    assert re.fullmatch(rf"wrote {pages} pages \(\d+\.\d MB\) to public; open public/index\.html\n", result.stderr)
    assert result.stdout == ""
    for page in ("index.html", "facts/grooming-rise.html", "sources/nspcc-2021.html", "tags/grooming.html",
                 "measures/grooming-change.html", "audit/index.html", "audit/facts.html", "audit/sources.html",
                 "search/index.js", "search/docs.js", "static/lunr.min.js", MARKER):
        assert (out / page).is_file(), page


def test_every_link_is_relative_and_lands_on_a_file(built):
    out, _ = built
    for page in out.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text())
        for tag, link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                assert tag == "a", f"{page}: {tag} loads {link} from the network"
                continue
            assert not parts.scheme and not link.startswith("/"), f"{page}: {link}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page}: {link}"


def test_values_from_fact_files_are_escaped_everywhere(built):
    out, _ = built
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, page
        # and were escaping ever to fail, the page's policy runs only the site's own script files
        assert "content=\"default-src 'none'; script-src 'self';" in text and "<script>" not in text, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp;amp; Co" in (
        out / "facts" / "hostile-fact.html").read_text()


def test_a_fact_page_has_its_status_reason_citations_and_audit(built):
    out, _ = built
    page = (out / "facts" / "old-rise.html").read_text()
    assert "RETRACTED: " in page and page.count('class="copy"') == 5
    assert 'href="../audit/facts.html#fact-old-rise"' in page and "drafts/leaflet.md:5" in page
    source = (out / "sources" / "hti-2020.html").read_text()
    assert '<span class="verdict-broken">broken</span> <span class="muted">2026-11-22</span>' in source
    superseded = (out / "facts" / "hti-rise.html").read_text()
    assert 'Use instead: <a href="../facts/grooming-rise.html">grooming-rise</a>' in superseded


def test_a_source_url_that_is_not_http_is_never_a_link(tmp_path, monkeypatch):
    root = write_repository(tmp_path / "repo")
    text = (root / "facts" / "hti-2020.toml").read_text().replace("https://example.org/news/hti-2020", "javascript:alert(1)")
    (root / "facts" / "hti-2020.toml").write_text(text)
    monkeypatch.chdir(root)
    assert runner.invoke(app, ["site", "public"], catch_exceptions=False).exit_code == 0
    page = (root / "public" / "facts" / "hti-rise.html").read_text()
    assert 'href="javascript' not in page and "No citation: the source URL is not an http(s) URL" in page


def test_a_site_is_rebuilt_whole_but_a_foreign_folder_is_refused(built, tmp_path):
    out, _ = built
    (out / "facts" / "stale-page.html").write_text("from an older build")
    assert runner.invoke(app, ["site", "public"], catch_exceptions=False).exit_code == 0
    assert not (out / "facts" / "stale-page.html").exists() and (out / "index.html").exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".public")] == []
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    result = runner.invoke(app, ["site", str(foreign)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == f"factlib: {foreign}: not an empty folder nor a site factlib built; choose a new folder\n"
    assert (foreign / "notes.txt").read_text() == "keep me"


@given(st.lists(st.text(min_size=1, max_size=40), max_size=30))
def test_page_names_are_safe_and_unique_ignoring_case(keys):
    names = page_names(keys)
    assert set(names) == set(keys)
    stems = [n[:-5].lower() for n in names.values()]
    assert len(set(stems)) == len(stems) and "index" not in stems
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*\.html", n) for n in names.values())


def test_a_slug_keeps_its_own_name_and_anything_else_gets_a_hash():
    names = page_names(["grooming-rise", "Child Abuse", "index"])
    assert names["grooming-rise"] == "grooming-rise.html"
    assert re.fullmatch(r"child-abuse-[0-9a-f]{8}\.html", names["Child Abuse"])
    assert re.fullmatch(r"index-[0-9a-f]{8}\.html", names["index"])


@given(st.integers(min_value=0, max_value=10**7))
def test_an_index_ref_is_the_records_position_in_base_36(position):
    from factlib.site.search import ref

    assert int(ref(position), 36) == position and ref(position) == ref(position).lower()


def test_forked_workers_write_the_same_site_as_one_process(tmp_path, monkeypatch):
    from factlib.audit.run import audit_library
    from factlib.library.config import load_config
    from factlib.library.load import load_library
    from factlib.site import build

    root = write_repository(tmp_path / "repo", hostile=True)
    lib = load_library(root / "facts")
    audit = audit_library(lib, load_config(root), root / ".factlib" / "links.sqlite")
    one = build.build_site(lib, audit, tmp_path / "one", built="2026-12-03", version="x", workers=1)
    monkeypatch.setattr(build, "PARALLEL_FROM", 0)
    monkeypatch.setattr(build, "CHUNK", 3)
    two = build.build_site(lib, audit, tmp_path / "two", built="2026-12-03", version="x", workers=2)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert all((tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes() for f in files)
    assert (one.pages, one.bytes) == (two.pages, two.bytes) and one.pages > 10
