"""`factlib render`: references become the fact's figure and a citation, in Markdown, HTML and text."""

from __future__ import annotations

import textwrap

import pytest
from typer.testing import CliRunner

from conftest import source_text
from factlib.authoring.render import figure_words, render_text
from factlib.cli.main import app
from factlib.library.load import load_library
from factlib.model import Figure, Kind, Qualifier

runner = CliRunner()
NOTE = ("NSPCC (2021). [Record high number of recorded grooming crimes](https://example.org/news/nspcc-2021"
        "#:~:text=The%20number%20of%20online%20grooming%20crimes,cent%20in%20the%20past%20three%20years.)."
        " Accessed 2026-11-22.")


@pytest.fixture
def lib(write_library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    facts = [{}, {"id": "grooming-draft", "measure": "m2", "status": "draft"},
             {"id": "grooming-old", "measure": "m3", "status": "superseded", "note": "newer figures"},
             {"id": "grooming-wrong", "measure": "m4", "status": "retracted", "note": "misread"},
             {"id": "grooming-disputed", "measure": "m5", "status": "disputed", "note": "base year"}]
    text = source_text(facts=facts).replace('status = "superseded"', 'status = "superseded"\nsuperseded_by = "grooming-rise"')
    return write_library({"nspcc-2021.toml": text})


def test_markdown_links_markers_and_footnotes(lib):
    draft = textwrap.dedent("""\
        # Leaflet

        Grooming crimes rose by [70%](fact:grooming-rise) in three years.
        The same rise, again: up by about 70 per cent [fact:grooming-rise].
        """)
    out = render_text(draft, load_library(lib), format="markdown")
    assert out.errors == () and out.warnings == () and out.notes == 1
    assert out.text == textwrap.dedent(f"""\
        # Leaflet

        Grooming crimes rose by around 70 per cent[^1] in three years.
        The same rise, again: up by about 70 per cent[^1].

        <!-- factlib: ignore -->
        [^1]: {NOTE}
        """)


def test_markdown_reference_links_and_inline_html(lib):
    draft = ('A [rise][g] and <span data-fact="grooming-rise">70%</span> and <a href="fact:grooming-rise">70%</a>.\n'
             "\n[g]: fact:grooming-rise\n")
    out = render_text(draft, load_library(lib), format="markdown")
    assert out.text.split("\n\n")[0] == ('A around 70 per cent[^1] and <span data-fact="grooming-rise">around 70 per cent</span>[^1] '
                                         'and <span data-fact="grooming-rise">around 70 per cent</span>[^1].')
    assert "[g]:" not in out.text


def test_html_elements_become_spans_with_sup_links_to_notes(lib):
    draft = ('<html><body>\n<p>Crimes <a href="fact:grooming-rise">rose 70%</a> &amp; '
             '<span class="f" data-fact="grooming-rise">70%</span>.</p>\n</body></html>\n')
    out = render_text(draft, load_library(lib), format="html")
    sup = '<sup class="factlib-ref"><a href="#factlib-note-1" id="factlib-ref-1">1</a></sup>'
    assert out.text.splitlines()[1] == (f'<p>Crimes <span data-fact="grooming-rise">around 70 per cent</span>{sup} &amp; '
                                        f'<span class="f" data-fact="grooming-rise">around 70 per cent</span>{sup}.</p>')
    assert out.text.splitlines()[2:4] == ['<ol class="factlib-notes">', "<!-- factlib: ignore -->"]
    assert out.text.splitlines()[4].startswith('<li id="factlib-note-1">NSPCC (2021). <a href="https://example.org/news/nspcc-2021#:~:text=')
    assert out.text.endswith("</ol>\n</body></html>\n")


def test_a_marker_alone_on_a_line_joins_the_line_before(lib):
    out = render_text("Rose by about 70 per cent\n  [fact:grooming-rise].\n\n[fact:grooming-rise] starts a paragraph.\n",
                      load_library(lib), format="markdown")
    assert out.text.startswith("Rose by about 70 per cent[^1].\n\n[^1] starts a paragraph.\n")


def test_text_markers_become_numbered_notes(lib):
    out = render_text("Rose by around 70% [fact:grooming-rise], says [fact:grooming-draft].\n", load_library(lib), format="text")
    assert out.text.splitlines()[:4] == [
        "Rose by around 70%[1], says[2].", "", "Notes",
        '[1] NSPCC (2021). "Record high number of recorded grooming crimes". https://example.org/news/nspcc-2021'
        "#:~:text=The%20number%20of%20online%20grooming%20crimes,cent%20in%20the%20past%20three%20years."
        " (accessed 2026-11-22)"]
    assert out.warnings == ("<text>:1:47: grooming-draft is a draft, not yet vetted",)


def test_unknown_retracted_and_superseded_facts_are_errors(lib):
    draft = "A [1](fact:nothing), B [fact:grooming-wrong], C [fact:grooming-old], D [fact:grooming-disputed].\n"
    out = render_text(draft, load_library(lib), format="markdown", path="d.md")
    assert out.text == ""
    assert [(f.code, f.line, f.column, f.message) for f in out.errors] == [
        ("fact.unknown", 1, 4, '"nothing" is no fact in the library'),
        ("fact.retracted", 1, 24, "grooming-wrong is retracted: misread"),
        ("fact.superseded", 1, 49, "grooming-old is superseded by grooming-rise: cite that fact instead")]
    assert out.warnings == ("d.md:1:72: grooming-disputed is disputed: base year",)


@pytest.mark.parametrize("text, kind, words", [
    ("increased by approximately 70%", Kind.CHANGE, "approximately 70%"),
    ("nearly a 95% increase", Kind.CHANGE, "nearly 95%"),
    ("increasing by more than 9 percent", Kind.CHANGE, "more than 9 percent"),
    ("over a quarter", Kind.SHARE, "over a quarter"),
    ("doubled", Kind.CHANGE, "doubled"),
])
def test_figure_words(text, kind, words):
    assert figure_words(Figure(text, kind, 70.0, Qualifier.EXACT)) == words


def test_cli_render_writes_the_output_or_nothing(lib, tmp_path):
    good = tmp_path / "good.md"
    good.write_text("Rose by [70%](fact:grooming-rise).\n")
    out = runner.invoke(app, ["render", str(good)])
    assert (out.exit_code, out.stdout) == (0, f"Rose by around 70 per cent[^1].\n\n<!-- factlib: ignore -->\n[^1]: {NOTE}\n")
    target = tmp_path / "out.md"
    out = runner.invoke(app, ["render", str(good), "-o", str(target)])
    assert (out.exit_code, out.stderr) == (0, f"factlib: {target}: 1 note(s)\n") and target.read_text().startswith("Rose by around")
    target.unlink()
    bad = tmp_path / "bad.md"
    bad.write_text("Rose by [70%](fact:grooming-old).\n")
    out = runner.invoke(app, ["render", str(bad), "-o", str(target)])
    assert out.exit_code == 1 and not target.exists()
    assert out.stderr == (f"{bad}:1:10: error fact.superseded grooming-old is superseded by grooming-rise: cite that fact instead\n"
                          "factlib: not rendered: 1 reference(s) to facts that cannot be cited\n")
    docx = tmp_path / "d.docx"
    docx.write_bytes(b"PK")
    out = runner.invoke(app, ["render", str(docx)])
    assert (out.exit_code, out.stderr) == (2, f"factlib: {docx}: render reads Markdown, HTML and text drafts, not docx\n")


def test_a_rendered_draft_checks_as_supported(lib, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text("Online grooming crimes rose by [70%](fact:grooming-rise) in the past three years.\n")
    rendered = tmp_path / "r.md"
    assert runner.invoke(app, ["render", str(draft), "-o", str(rendered)]).exit_code == 0
    out = runner.invoke(app, ["check", str(rendered), "--format", "json"])
    import json

    codes = [f["code"] for f in json.loads(out.stdout)["findings"]]
    assert out.exit_code == 0 and "figure.supported" in codes and "figure.contradicts" not in codes
