"""Writing fact files: layout kept byte for byte, validated, atomic, and safe with concurrent writers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, source_text
from factlib.errors import LibraryError, UsageError
from factlib.library.load import load_library, load_source
from factlib.library.tomledit import EditError, append_fact, fact_toml, set_fact_fields, set_source_fields, source_toml
from factlib.library.write import write_fact_file
from factlib.model import Fact, Figure, Kind, PartialDate, Qualifier, Source, SourceKind, Status

TODAY = dt.date(2026, 12, 3)

ODD = textwrap.dedent('''\
    # NSPCC press release, checked by hand
    [source]
    id   =   "nspcc-2021"   # the file's name
    title = 'Record high number of recorded grooming crimes'
    publisher = "NSPCC"
    url = "https://example.org/news/nspcc-2021"
    published = "2021-08-24"
    accessed = 2026-11-22    # last seen
    kind = "press-release"

    [[facts]]
      id = "grooming-rise"
      statement = """Online grooming crimes recorded by police rose by about 70% \\
    in the three years to 2020/21."""
      quote = "The number of online grooming crimes increased by around 70 per cent in the past three years."
      figures = [
        { text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" },   # the one
      ]
      measure = "grooming-change"
      scope = "England and Wales"
      period = "2017/18 to 2020/21"
      status = "vetted"      # was checked in November
      keywords = [ "grooming",
                   "crimes" ]

    # the record-high fact follows; keep it last

    [[facts]]
    id = "grooming-record"
    statement = "Online grooming crimes recorded by police rose by about 70% in the three years to 2020/21."
    quote = "The number of online grooming crimes increased by around 70 per cent in the past three years."
    figures = [{ text = "increased by around 70 per cent", kind = "change", value = 70, qualifier = "approx" }]
    measure = "grooming-change"
    scope = "England and Wales"
    period = "2017/18 to 2020/21"
    status = "vetted"
    note = ""

    # end of file
    ''')


@pytest.fixture
def odd(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts").mkdir()
    path = tmp_path / "facts" / "nspcc-2021.toml"
    path.write_text(ODD, encoding="utf-8")
    return path


def _edit(path: Path, fact_id: str, fields: dict):
    return write_fact_file(path.parent, path, lambda text: set_fact_fields(text, fact_id, fields), today=TODAY)


def _diff(before: str, after: str) -> list[str]:
    import difflib

    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_a_change_keeps_every_other_byte(odd):
    _edit(odd, "grooming-rise", {"status": "disputed", "note": "wrong base year", "reviewed_on": TODAY})
    after = odd.read_text()
    assert _diff(ODD, after) == ['-   status = "vetted"      # was checked in November',
                                 '+   status = "disputed"      # was checked in November',
                                 "+   reviewed_on = 2026-12-03", '+   note = "wrong base year"']
    # new keys sit among the fact's keys (with their indent), before the comment that follows the table
    assert after.index('note = "wrong base year"') < after.index("# the record-high fact follows; keep it last")


def test_a_change_to_the_last_fact_and_the_source_keeps_the_trailing_comment(odd):
    _edit(odd, "grooming-record", {"reviewed_on": TODAY})
    write_fact_file(odd.parent, odd, lambda t: set_source_fields(t, {"accessed": TODAY, "url": "https://example.org/new"}))
    assert _diff(ODD, odd.read_text()) == [
        '- url = "https://example.org/news/nspcc-2021"', '+ url = "https://example.org/new"',
        "- accessed = 2026-11-22    # last seen", "+ accessed = 2026-12-03    # last seen",
        "+ reviewed_on = 2026-12-03"]
    assert odd.read_text().endswith('status = "vetted"\nreviewed_on = 2026-12-03\nnote = ""\n\n# end of file\n')


def test_crlf_and_bom_are_kept(tmp_path):
    (tmp_path / "facts").mkdir()
    path = tmp_path / "facts" / "nspcc-2021.toml"
    path.write_bytes(b"\xef\xbb\xbf" + source_text().replace("\n", "\r\n").encode())
    _edit(path, "grooming-rise", {"status": "draft"})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b'status = "draft"\r\n' in raw and raw.count(b"\r\n") == raw.count(b"\n")


def test_a_change_that_breaks_a_rule_writes_nothing(odd):
    with pytest.raises(LibraryError) as err:
        _edit(odd, "grooming-rise", {"status": "retracted"})
    assert str(err.value) == ("facts/nspcc-2021.toml:22: fact.note-missing: a retracted fact needs a note saying "
                              "what is wrong and what to use instead (not written)")
    assert odd.read_text() == ODD
    assert sorted(p.name for p in odd.parent.iterdir()) == ["nspcc-2021.toml"]


def test_malformed_result_writes_nothing(odd):
    with pytest.raises(LibraryError) as err:
        write_fact_file(odd.parent, odd, lambda t: t + "\n[[facts]]\nid = 3\n")
    assert "facts/nspcc-2021.toml" in str(err.value) and odd.read_text() == ODD


def test_a_failing_rename_leaves_the_file_and_no_temporary(odd, monkeypatch):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        _edit(odd, "grooming-rise", {"status": "draft"})
    assert odd.read_text() == ODD
    assert [p.name for p in odd.parent.iterdir()] == ["nspcc-2021.toml"]


def test_problems_elsewhere_in_the_library_do_not_block_a_change(odd):
    # another file breaks a rule already (an unknown superseded_by); the change does not add to it
    other = source_text("other-2021", [{"id": "old-one", "measure": "m", "status": "superseded", "note": "x"}])
    (odd.parent / "other-2021.toml").write_text(other)
    _edit(odd, "grooming-rise", {"status": "draft"})
    assert 'status = "draft"' in odd.read_text()


def test_unknown_fact_and_file_outside_the_library(odd, tmp_path):
    with pytest.raises(EditError, match='no fact "nothing" in this file'):
        _edit(odd, "nothing", {"status": "draft"})
    with pytest.raises(UsageError, match="is not in the library folder"):
        write_fact_file(odd.parent, tmp_path / "elsewhere.toml", lambda t: t)


def test_the_mode_of_the_file_is_kept(odd):
    odd.chmod(0o640)
    _edit(odd, "grooming-rise", {"status": "draft"})
    assert odd.stat().st_mode & 0o777 == 0o640


WRITER = """
import sys, time
from pathlib import Path
from factlib.library.tomledit import set_fact_fields
from factlib.library.write import write_fact_file
path = Path(sys.argv[1])
fact_id, key, value = sys.argv[2], sys.argv[3], sys.argv[4]
Path(sys.argv[5]).write_text("ready")
while not Path(sys.argv[6]).exists():
    time.sleep(0.01)

def edit(text):
    time.sleep(0.3)  # read, then think: without the lock another writer's edit would be lost
    return set_fact_fields(text, fact_id, {key: value})

write_fact_file(path.parent, path, edit)
"""


def test_writers_in_three_processes_all_land(odd, tmp_path):
    go = tmp_path / "go"
    procs = []
    edits = (("grooming-rise", "note", "note 0"), ("grooming-record", "note", "note 1"), ("grooming-rise", "reviewed_by", "Ann"))
    for n, edit in enumerate(edits):
        ready = tmp_path / f"ready{n}"
        procs.append((ready, subprocess.Popen([sys.executable, "-c", WRITER, str(odd), *edit, str(ready), str(go)],
                                              cwd=tmp_path)))
    while not all(r.exists() for r, _ in procs):
        pass
    go.write_text("go")
    for _, p in procs:
        assert p.wait(timeout=60) == 0
    facts = {f.id: f for f in load_source(odd).facts}
    assert facts["grooming-rise"].note == "note 0" and facts["grooming-record"].note == "note 1"
    assert facts["grooming-rise"].reviewed_by == "Ann"
    assert [p.name for p in odd.parent.iterdir()] == ["nspcc-2021.toml"]


# -- generated fact files: dump -> load -> modify -> load -----------------------------------------

_slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)
_number = st.floats(-1e12, 1e12, allow_nan=False).map(lambda v: round(v, 4))
_figure = st.one_of(
    st.builds(Figure, _text, st.sampled_from([k for k in Kind if k != Kind.RANGE]), _number,
              st.sampled_from(list(Qualifier)), st.sampled_from(["", "points", "victims"]),
              st.sampled_from(["", "GBP"]), st.sampled_from(["", "total"])),
    st.builds(lambda t, a, b: Figure(t, Kind.RANGE, (min(a, b), max(a, b))), _text, _number, _number),
)


@st.composite
def sources(draw) -> Source:
    source_id = draw(_slug)
    facts = []
    for n in range(draw(st.integers(1, 3))):
        figures = tuple(draw(st.lists(_figure, max_size=3)))
        facts.append(Fact(f"{source_id}-f{n}", draw(_text), draw(_text), draw(_slug), draw(_text), draw(_text),
                          draw(st.sampled_from(list(Status))), figures, superseded_by=draw(st.sampled_from(["", "x-y"])),
                          reviewed_by=draw(st.sampled_from(["", "Ann"])),
                          reviewed_on=draw(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1)))),
                          keywords=tuple(draw(st.lists(_text, max_size=3))), tags=tuple(draw(st.lists(_slug, max_size=2))),
                          note=draw(st.sampled_from(["", "a \"quoted\" note\non two lines", "'single' \\ back"])),
                          arithmetic=tuple(draw(st.lists(st.just("a + b = total"), max_size=1)))))
    return Source(source_id, draw(_text), draw(_text), "https://example.org/" + source_id,
                  draw(st.builds(PartialDate, st.integers(1990, 2025), st.sampled_from([None, 1, 12]))),
                  dt.date(2026, 1, 2), draw(st.sampled_from(list(SourceKind))), tuple(draw(st.lists(_text, max_size=2))),
                  archive_url=draw(st.sampled_from(["", "https://web.archive.org/web/2020/x"])),
                  cites=tuple(draw(st.lists(_slug, max_size=2))), note=draw(st.sampled_from(["", "n"])),
                  facts=tuple(facts))


@given(sources(), st.sampled_from(list(Status)), _text)
def test_generated_files_round_trip_and_change_only_what_was_asked(tmp_path_factory, source, status, note):
    folder = tmp_path_factory.mktemp("lib")
    path = folder / f"{source.id}.toml"
    text = source_toml(source)
    for fact in source.facts:
        text = append_fact(text, fact)
    path.write_text(text, encoding="utf-8")
    loaded = load_source(path)
    assert loaded == source
    target = source.facts[-1]
    fields = {"status": status.value, "note": note, "reviewed_on": TODAY}
    path.write_text(set_fact_fields(text, target.id, fields), encoding="utf-8")
    changed = load_source(path)
    assert changed.facts[:-1] == source.facts[:-1]
    assert changed.facts[-1] == attrs.evolve(target, status=status, note=note, reviewed_on=TODAY)


def test_fact_toml_is_the_house_layout():
    fact = Fact("a-b", "S.", "Q 70%", "m", "s", "p", Status.DRAFT, (Figure("70%", Kind.SHARE, 70.0),), keywords=("x",))
    assert fact_toml(fact) == textwrap.dedent('''\
        [[facts]]
        id = "a-b"
        statement = "S."
        quote = "Q 70%"
        figures = [
          { text = "70%", kind = "share", value = 70, qualifier = "exact" },
        ]
        measure = "m"
        scope = "s"
        period = "p"
        status = "draft"
        keywords = ["x"]
        ''')


def test_the_shipped_library_survives_a_no_op_write_of_every_file(tmp_path):
    import shutil

    folder = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", folder)
    before = {p.name: p.read_bytes() for p in folder.glob("*.toml")}
    for p in sorted(folder.glob("*.toml")):
        write_fact_file(folder, p, lambda t: set_source_fields(t, {}))
    assert {p.name: p.read_bytes() for p in folder.glob("*.toml")} == before
    assert load_library(folder).sources
