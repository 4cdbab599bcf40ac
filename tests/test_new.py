"""`factlib new`: a draft fact from a page and a quote, against local servers only."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from conftest import source_text
from factlib.authoring.new import NotAdded, Page, quote_figures, quote_on_page
from factlib.cli.main import app
from factlib.library.load import load_library
from factlib.model import Kind, Qualifier, SourceKind, Status

runner = CliRunner()
TODAY = dt.date.today()
QUOTE = "online grooming crimes have jumped by more than 80% in four years"
PAGE = """<!doctype html><html><head><title>Grooming crimes rise | NSPCC</title>{meta}</head>
<body><nav>Home</nav><article><p>Exclusive figures we&rsquo;ve obtained show that Online grooming crimes have
<b>jumped by more than 80%</b> in four years.</p></article></body></html>"""
CITATION = ('<meta name="citation_title" content="Online grooming crimes rise">'
            '<meta name="citation_author" content="Smith, Jane"><meta name="citation_publisher" content="NSPCC">'
            '<meta name="citation_publication_date" content="2022/08/15">')
OPEN_GRAPH = ('<meta property="og:title" content="Online grooming crimes rise"><meta property="og:site_name" content="NSPCC">'
              '<meta property="article:published_time" content="2022-08-15T10:00:00Z"><meta name="author" content="Jane Smith">')
JSON_LD = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Online grooming crimes rise", '
           '"datePublished": "2022-08-15", "author": {"@type": "Person", "name": "Jane Smith"}, '
           '"publisher": {"@type": "Organization", "name": "NSPCC"}}</script>')
FLAGS = ["--measure", "uk-grooming-change", "--scope", "UK", "--period", "2017/18 to 2021/22"]


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new(*args: str, input: str | None = None):
    return runner.invoke(app, ["new", *args, "--allow-network", "127.0.0.0/8"], input=input, catch_exceptions=False)


def _html(meta: str) -> bytes:
    return PAGE.format(meta=meta).encode()


@pytest.mark.parametrize("meta, kind", [(CITATION, SourceKind.ARTICLE), (OPEN_GRAPH, SourceKind.ARTICLE),
                                        (JSON_LD, SourceKind.ARTICLE)])
def test_a_page_with_each_metadata_style(here, server, meta, kind):
    server.route("/news", 200, _html(meta), {"Content-Type": "text/html; charset=utf-8"})
    out = new(server.url("/news"), "--quote", QUOTE, "--yes", *FLAGS)
    assert out.exit_code == 0, out.output
    assert out.stdout == (
        "added draft fact nspcc-online-grooming-crimes-jumped-80pc to facts/nspcc-2022-online-grooming-crimes-rise.toml"
        " (new source nspcc-2022-online-grooming-crimes-rise)\n"
        f"  quote found on {server.url('/news')}\n"
        '  figure: "jumped by more than 80%" = 80 (change, over)\n'
        "review it, then: factlib status nspcc-online-grooming-crimes-jumped-80pc vetted\n")
    (source,) = load_library(here / "facts").sources
    assert (source.title, source.publisher, source.authors, str(source.published), source.kind, source.url, source.accessed) == (
        "Online grooming crimes rise", "NSPCC", ("Jane Smith",), "2022-08-15", kind, server.url("/news"), TODAY)
    (fact,) = source.facts
    # the quote as the page words it (capital O), the figure as the validator reads it
    assert fact.quote == "Online grooming crimes have jumped by more than 80% in four years"
    assert fact.statement == "Online grooming crimes have jumped by more than 80% in four years."
    assert [(f.text, f.kind, f.value, f.qualifier) for f in fact.figures] == [("jumped by more than 80%", Kind.CHANGE, 80, Qualifier.OVER)]
    assert (fact.status, fact.measure, fact.scope, fact.period) == (Status.DRAFT, "uk-grooming-change", "UK", "2017/18 to 2021/22")
    assert fact.keywords == ("online", "grooming", "crimes", "jumped", "rise")
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_new_then_check_of_its_citation_is_supported(here, server):
    server.route("/news", 200, _html(CITATION), {"Content-Type": "text/html"})
    assert new(server.url("/news"), "--quote", QUOTE, "--yes", "--id", "grooming-80pc", *FLAGS).exit_code == 0
    cited = runner.invoke(app, ["cite", "grooming-80pc"])
    (here / "draft.md").write_text(cited.stdout)
    out = runner.invoke(app, ["check", "draft.md", "--format", "json"])
    findings = json.loads(out.stdout)["findings"]
    assert out.exit_code == 0
    assert [(f["code"], f["fact_id"]) for f in findings] == [("figure.supported", "grooming-80pc")]


def test_a_pdf(here, server):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Federal Human Trafficking Report 2020")
    pdf.set_author("Ann One")
    pdf.set_creation_date(dt.datetime(2021, 6, 1, tzinfo=dt.timezone.utc))
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "In 2020, 59% of online recruitment of victims took place on Facebook, the report found.")
    server.route("/report.pdf", 200, bytes(pdf.output()), {"Content-Type": "application/pdf"})
    out = new(server.url("/report.pdf"), "--quote", "59% of online recruitment of victims took place on Facebook",
              "--yes", *FLAGS, "--id", "hti-facebook-59pc")
    assert out.exit_code == 0, out.output
    source = load_library(here / "facts").sources[0]
    assert (source.title, source.authors, str(source.published), source.kind, source.publisher) == (
        "Federal Human Trafficking Report 2020", ("Ann One",), "2021-06-01", SourceKind.REPORT, "127.0.0.1")
    assert source.facts[0].figures[0].text == "59%"


def test_a_page_without_the_quote(here, server):
    server.route("/news", 200, _html(CITATION), {"Content-Type": "text/html"})
    out = new(server.url("/news"), "--quote", "Nine in ten parents never talk to their children about apps", "--yes", *FLAGS)
    assert (out.exit_code, out.stdout) == (1, "")
    assert out.stderr == f"factlib: not added: the quote is not on {server.url('/news')}, nor anything close to it\n"
    assert not (here / "facts").exists()


def test_a_page_where_the_figure_changed(here, server):
    server.route("/news", 200, _html(CITATION), {"Content-Type": "text/html"})
    out = new(server.url("/news"), "--quote", "online grooming crimes have jumped by more than 70% in four years", "--yes", *FLAGS)
    assert out.exit_code == 1
    assert out.stderr == (f'factlib: not added: the quote is not on {server.url("/news")} ("jumped by more than 70%" is '
                          '"jumped by more than 80%" there); the closest passage is: Online grooming crimes have jumped by '
                          "more than 80% in four years.\n")


def test_an_unsafe_redirect_is_refused_before_anything_is_sent_there(here, server):
    server.route("/moved", 301, b"", {"Location": "http://10.0.0.1/news"})
    out = new(server.url("/moved"), "--quote", QUOTE, "--yes", *FLAGS)
    assert out.exit_code == 2
    assert out.stderr.startswith(f"factlib: refused {server.url('/moved')}: ") and "10.0.0.1" in out.stderr
    assert not (here / "facts").exists()


def test_a_permanent_redirect_gives_the_final_url_and_an_existing_source_gets_the_fact(here, server):
    server.route("/old", 301, b"", {"Location": server.url("/news")})
    server.route("/news", 200, _html(CITATION), {"Content-Type": "text/html"})
    assert new(server.url("/old"), "--quote", QUOTE, "--yes", *FLAGS, "--id", "first").exit_code == 0
    out = new(server.url("/news"), "--quote", "jumped by more than 80%", "--yes", *FLAGS, "--id", "second",
              "--measure", "other-measure")
    assert out.stdout.startswith("added draft fact second to facts/nspcc-2022-online-grooming-crimes-rise.toml\n")
    (source,) = load_library(here / "facts").sources
    assert source.url == server.url("/news") and [f.id for f in source.facts] == ["first", "second"]


def test_without_a_terminal_missing_fields_and_proposals_are_errors(here, server):
    server.route("/news", 200, _html(CITATION), {"Content-Type": "text/html"})
    out = new(server.url("/news"), "--quote", QUOTE, "--yes")
    assert (out.exit_code, out.stderr) == (2, "factlib: no terminal to ask on: give --measure, --scope, --period\n")
    out = new(server.url("/news"), "--quote", QUOTE, *FLAGS)
    assert out.exit_code == 2
    assert out.stderr == ("factlib: no terminal to confirm the proposals on (title, publisher, authors, --published, kind, "
                          "source id, --id, --statement, keywords): pass --yes to accept them, or give them as flags\n")
    assert not (here / "facts").exists()


def test_on_a_terminal_it_asks_and_offers_the_library_measures(here, server, monkeypatch, write_library):
    write_library({"nspcc-2021.toml": source_text()})
    monkeypatch.setattr("factlib.cli.authoring._interactive", lambda: True)
    server.route("/news", 200, _html(OPEN_GRAPH), {"Content-Type": "text/html"})
    answers = ["", "", "", "", "", "", "my-fact", "Grooming crimes rose by over 80%.", "1", "", "2017/18 to 2021/22", ""]
    out = new(server.url("/news"), "--quote", QUOTE, input="\n".join(answers) + "\n")
    assert out.exit_code == 0, out.output
    assert "    1. grooming-change (1 fact)" in out.stderr
    fact, source = load_library(here / "facts").fact("my-fact")
    assert (fact.statement, fact.measure, fact.scope, fact.period) == (
        "Grooming crimes rose by over 80%.", "grooming-change", "England and Wales", "2017/18 to 2021/22")
    assert source.id == "nspcc-2022-online-grooming-crimes-rise"


def test_a_local_html_file_with_url(here):
    page = here / "saved.html"
    page.write_bytes(_html(JSON_LD))
    out = new(str(page), "--quote", QUOTE, "--yes", *FLAGS, "--url", "https://www.nspcc.org.uk/news")
    assert out.exit_code == 0, out.output
    assert load_library(here / "facts").sources[0].url == "https://www.nspcc.org.uk/news"
    out = new(str(here / "missing.html"), "--quote", QUOTE, "--yes", *FLAGS)
    assert out.exit_code == 2 and "missing.html: cannot read: No such file or directory" in out.stderr


def test_a_new_fact_that_breaks_a_rule_is_not_written(here, server, write_library):
    write_library({"nspcc-2021.toml": source_text()})
    before = (here / "facts" / "nspcc-2021.toml").read_text()
    server.route("/news", 200, _html(CITATION), {"Content-Type": "text/html"})
    out = new(server.url("/news"), "--quote", QUOTE, "--yes", *FLAGS, "--id", "grooming-rise", "--file", "nspcc-2021.toml")
    assert out.exit_code == 2
    # the line is the new text's: the appended fact's id, past the end of the file as it was
    assert out.stderr == ('factlib: facts/nspcc-2021.toml:25: id.duplicate: fact id "grooming-rise" is also used in '
                          "facts/nspcc-2021.toml (not written)\n")
    assert len(before.splitlines()) < 25
    assert (here / "facts" / "nspcc-2021.toml").read_text() == before


def test_quote_helpers():
    page = Page("p", "https://x.org", "Some 1 in 7 children, aged 11 to 15, said so in 2021.", "text")
    assert quote_on_page(page, "  1 in 7   children ") == "1 in 7 children"
    assert [(f.text, f.kind) for f in quote_figures("Some 1 in 7 children, aged 11 to 15, said so in 2021.")] == [
        ("Some 1 in 7", Kind.SHARE), ("11 to 15", Kind.RANGE)]
    html = Page("p", "https://x.org", "It rose by\u00a0about 70\u00ad%, in\u200b all\n areas.", "html")
    assert quote_on_page(html, "It rose by about 70%, in all areas") == "It rose by about 70%, in all areas"
    with pytest.raises(NotAdded, match="the quote has no figure"):
        quote_figures("Nothing here but words, in 2021, for four years.")
