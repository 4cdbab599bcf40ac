"""The validator's rules: each broken rule is one finding with its file and line."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SHIPPED, source_text
from factlib.library.load import load_library
from factlib.library.validate import validate

TODAY = dt.date(2026, 11, 25)


def run(write_library, files: dict[str, str]):
    return validate(load_library(write_library(files)), today=TODAY)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][nth]


def test_a_clean_library_has_no_findings(write_library):
    assert run(write_library, {"nspcc-2021.toml": source_text()}) == []


def test_the_shipped_library_is_clean():
    assert validate(load_library(SHIPPED), today=TODAY) == []


def test_duplicate_fact_ids_across_files(write_library):
    findings = run(write_library, {"a.toml": source_text("a"), "b.toml": source_text("b")})
    (f,) = findings
    assert f.code == "id.duplicate" and f.file.endswith("b.toml") and "a.toml" in f.message
    assert f.line == line_of(source_text("b"), 'id = "grooming-rise"')


def test_source_id_must_match_file_name_and_be_a_slug(write_library):
    findings = run(write_library, {"other.toml": source_text("Bad_ID")})
    assert sorted(codes(findings)) == ["id.file-mismatch", "id.invalid"]


def test_cites_to_nowhere_and_cycles(write_library):
    a = source_text("a", [{"id": "fa"}]).replace('kind = "press-release"', 'kind = "press-release"\ncites = ["b", "ghost"]')
    b = source_text("b", [{"id": "fb"}]).replace('kind = "press-release"', 'kind = "press-release"\ncites = ["a"]')
    findings = run(write_library, {"a.toml": a, "b.toml": b})
    unknown = [f for f in findings if f.code == "ref.unknown"]
    assert len(unknown) == 1 and '"ghost"' in unknown[0].message and unknown[0].line == line_of(a, "cites")
    assert "ref.cycle" in codes(findings)


def test_superseded_needs_an_existing_successor(write_library):
    text = source_text(facts=[{"id": "old", "status": "superseded", "note": "newer data"}, {"id": "new", "measure": "x"}])
    assert run(write_library, {"nspcc-2021.toml": text}) != []  # no superseded_by yet
    fixed = text.replace('status = "superseded"', 'status = "superseded"\nsuperseded_by = "new"', 1)
    assert run(write_library, {"nspcc-2021.toml": fixed}) == []
    wrong = text.replace('status = "superseded"', 'status = "superseded"\nsuperseded_by = "nothing"', 1)
    (f,) = run(write_library, {"nspcc-2021.toml": wrong})
    assert f.code == "ref.unknown" and '"nothing"' in f.message


def test_corrected_by_only_on_a_disputed_fact_and_only_to_a_usable_fact(write_library):
    facts = [{"id": "wrong", "status": "disputed", "note": "unit error", "measure": "a"},
             {"id": "right", "measure": "b"},
             {"id": "also-wrong", "status": "disputed", "note": "garbled", "measure": "c"}]
    text = source_text(facts=facts)

    def with_line(after_status_of: str, line: str) -> str:
        at = text.index(f'id = "{after_status_of}"')
        status_end = text.index("\n", text.index("status = ", at)) + 1
        return text[:status_end] + line + "\n" + text[status_end:]

    assert run(write_library, {"nspcc-2021.toml": with_line("wrong", 'corrected_by = "right"')}) == []
    cases = {
        ("wrong", 'corrected_by = "nowhere"'): '"nowhere" is no fact id',
        ("wrong", 'corrected_by = "also-wrong"'): "is disputed",
        ("wrong", 'corrected_by = "wrong"'): "cannot correct itself",
        ("right", 'corrected_by = "wrong"'): 'status is "vetted"',
    }
    for (fact, line), says in cases.items():
        bad = with_line(fact, line)
        (f,) = run(write_library, {"nspcc-2021.toml": bad})
        assert f.code == "ref.unknown" and says in f.message and f.fact_id == fact, (line, f)
        assert f.line == line_of(bad, "corrected_by")


def test_the_seeds_known_errors_name_their_corrections():
    library = load_library(SHIPPED)
    corrected = {f.id: f.corrected_by for f, _ in library.facts() if f.corrected_by}
    assert corrected == {
        "iol-digital-2020-social-media-users-3-8-million": "tnw-digital-2020-social-media-users",
        "ccat-online-grooming-crimes-rise-70pc": "cypnow-online-grooming-crimes-rise-70pc",
        "freedomunited-ncmec-1-in-7-missing-children": "slk-ncmec-2017-one-in-seven-runaways",
        "htf-hti-2021-57pc-cases-child-victims": "foxnews-hti-2021-victims-minors-57pc",
        "htf-unodc-half-of-victims-online-recruitment": "htf-unodc-online-recruitment-almost-half-of-victims",
    }


def test_future_and_out_of_order_dates(write_library):
    future = source_text().replace("accessed = 2026-11-22", "accessed = 2027-01-01")
    (f,) = run(write_library, {"nspcc-2021.toml": future})
    assert f.code == "date.future" and f.line == line_of(future, "accessed")
    order = source_text().replace('published = "2021-08-24"', 'published = "2026-11-23"')
    (f,) = run(write_library, {"nspcc-2021.toml": order})
    assert f.code == "date.order"


def test_urls_must_be_absolute_http(write_library):
    text = source_text().replace("https://example.org/news/nspcc-2021", "example.org/news").replace(
        'kind = "press-release"', 'kind = "press-release"\narchive_url = "ftp://archive.org/x"')
    assert codes(run(write_library, {"nspcc-2021.toml": text})) == ["url.invalid", "url.invalid"]


def test_disputed_needs_a_note_and_fields_must_be_filled(write_library):
    text = source_text(facts=[{"status": "disputed"}]).replace('scope = "England and Wales"', 'scope = ""')
    assert sorted(codes(run(write_library, {"nspcc-2021.toml": text}))) == ["fact.empty-field", "fact.note-missing"]


@pytest.mark.parametrize("figure, code, says", [
    ('{ text = "increased by around 80 per cent", kind = "change", value = 80, qualifier = "approx" }',
     "figure.not-in-quote", "does not occur verbatim"),
    ('{ text = "increased by around 70 per cent", kind = "change", value = 60, qualifier = "approx" }',
     "figure.mismatch", "reads as 70, not 60"),
    ('{ text = "increased by around 70 per cent", kind = "share", value = 70, qualifier = "approx" }',
     "figure.mismatch", "reads as kind change, not share"),
    ('{ text = "increased by around 70 per cent", kind = "change", value = 70 }',
     "figure.mismatch", "reads as qualifier approx, not exact"),
    ('{ text = "The number of", kind = "count", value = 1 }', "figure.unparsed", "does not read as one figure"),
    ('{ text = "increased by around 70 per cent", kind = "range", value = 70 }', "figure.bad-value", "[low, high]"),
])
def test_figures_must_say_what_their_text_says(write_library, figure, code, says):
    text = source_text().replace(
        '{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }', figure)
    (f,) = run(write_library, {"nspcc-2021.toml": text})
    assert f.code == code and says in f.message and f.line == line_of(text, "figures =")


def test_declared_arithmetic(write_library):
    quote = "The 112 victims in these cases were comprised of 40 men, 32 girls, 23 women, 11 boys, and 6 undefined."
    figures = ", ".join(
        f'{{ text = "{t}", kind = "count", value = {v}, name = "{n}" }}'
        for t, v, n in [("112 victims", 112, "total"), ("40 men", 40, "men"), ("32 girls", 32, "girls"),
                        ("23 women", 23, "women"), ("11 boys", 11, "boys"), ("6 undefined", 6, "undefined")])
    base = source_text().replace(
        "The number of online grooming crimes increased by around 70 per cent in the past three years.", quote).replace(
        '{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }', figures)
    good = base.replace('status = "vetted"', 'status = "vetted"\narithmetic = ["men + girls + women + boys + undefined = total"]')
    assert run(write_library, {"nspcc-2021.toml": good}) == []
    bad = base.replace('status = "vetted"', 'status = "vetted"\narithmetic = ["men + girls + women + boys = total"]')
    (f,) = run(write_library, {"nspcc-2021.toml": bad})
    assert f.code == "arithmetic.fails" and "106 against 112" in f.message
    unknown = base.replace('status = "vetted"', 'status = "vetted"\narithmetic = ["men + ghosts = total"]')
    (f,) = run(write_library, {"nspcc-2021.toml": unknown})
    assert f.code == "arithmetic.invalid" and "ghosts" in f.message


def test_change_from_a_before_after_pair(write_library):
    quote = "5,441 offences were recorded, up from the 3,217 recorded in 2017-18, increasing by 69 per cent."
    figures = ('{ text = "increasing by 69 per cent", kind = "change", value = 69, name = "change" }, '
               '{ text = "5,441", kind = "count", value = 5441, name = "after" }, '
               '{ text = "3,217", kind = "count", value = 3217, name = "before" }')
    text = source_text().replace(
        "The number of online grooming crimes increased by around 70 per cent in the past three years.", quote).replace(
        '{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }', figures).replace(
        'status = "vetted"', 'status = "vetted"\narithmetic = ["change = (after - before) / before"]')
    assert run(write_library, {"nspcc-2021.toml": text}) == []
    (f,) = run(write_library, {"nspcc-2021.toml": text.replace("3,217", "3,111").replace("value = 3217", "value = 3111")})
    assert f.code == "arithmetic.fails"


def test_facts_of_one_measure_must_agree_unless_disputed(write_library):
    a = source_text("a", [{"id": "a-rise"}])
    b = source_text("b", [{"id": "b-rise"}]).replace("around 70 per cent", "around 90 per cent").replace("value = 70", "value = 90")
    (f,) = run(write_library, {"a.toml": a, "b.toml": b})
    assert f.code == "measure.disagree" and f.file.endswith("b.toml") and "a-rise" in f.message
    disputed = b.replace('status = "vetted"', 'status = "disputed"').replace('note = ""', 'note = "wrong"')
    assert run(write_library, {"a.toml": a, "b.toml": disputed}) == []
    other_period = b.replace('period = "2017/18 to 2020/21"', 'period = "2017/18 to 2021/22"')
    assert run(write_library, {"a.toml": a, "b.toml": other_period}) == []


def test_findings_come_sorted_with_lines(write_library):
    text = source_text(facts=[{"id": "Bad"}, {"id": "bad", "measure": "y"}]).replace("accessed = 2026-11-22", "accessed = 2030-01-01")
    findings = run(write_library, {"nspcc-2021.toml": text})
    assert [f.line for f in findings] == sorted(f.line for f in findings)
    assert all(f.line > 0 for f in findings)


def test_scope_fields_take_known_names(write_library):
    text = source_text().replace('tags = ["grooming", "uk"]',
                                 'tags = ["grooming", "uk"]\nplaces = ["England and Wales", "Atlantis"]\n'
                                 'platforms = ["Snapchat"]\npopulation = ["girls", "elves"]')
    findings = run(write_library, {"nspcc-2021.toml": text})
    assert [(f.code, f.line) for f in findings] == [("scope.unknown-name", line_of(text, "places =")),
                                                    ("scope.unknown-name", line_of(text, "population ="))]
    assert '"Atlantis"' in findings[0].message and "England and Wales" in findings[0].message


def test_scope_fields_must_be_arrays_of_strings(write_library):
    from factlib.errors import LibraryError

    text = source_text().replace('tags = ["grooming", "uk"]', 'tags = ["grooming", "uk"]\nplaces = "England"')
    with pytest.raises(LibraryError) as err:
        load_library(write_library({"nspcc-2021.toml": text}))
    assert "places" in str(err.value)
