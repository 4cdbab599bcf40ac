"""Field paths to lines, for every way TOML can spell a fact file."""

from factlib.library.tomlpos import field_lines, line_of

TEXT = '''# a comment
[source]
id = "x"   # trailing comment
title = """multi
line"""
authors = ["a",
  "b"]

[[facts]]
id = "f1"
figures = [{ text = "70%", kind = "share", value = 70 }]

[[facts]]
id = "f2"
quote = 'it''s fine [not a header]'
figures = [
  { text = "a", kind = "count", value = 1, name = "x" },
  { text = "b, c", kind = "range", value = [1, 2] },
]
'''


def test_keys_tables_and_arrays_of_tables():
    lines = field_lines(TEXT)
    assert lines["source"] == 2
    assert lines["source.id"] == 3
    assert lines["source.title"] == 4
    assert lines["source.authors"] == 6 and lines["source.authors[1]"] == 7
    assert lines["facts[0]"] == 9 and lines["facts[0].figures[0].value"] == 11
    assert lines["facts[1].id"] == 14
    assert lines["facts[1].figures[0].name"] == 17
    assert lines["facts[1].figures[1].value"] == 18


def test_nested_arrays_of_tables():
    text = "[[facts]]\nid = 1\n[[facts.figures]]\ntext = 1\n[[facts.figures]]\ntext = 2\n[[facts]]\n[[facts.figures]]\nvalue = 3\n"
    lines = field_lines(text)
    assert lines["facts[0].figures[1].text"] == 6
    assert lines["facts[1].figures[0].value"] == 9


def test_line_of_falls_back_to_the_nearest_ancestor():
    lines = field_lines(TEXT)
    assert line_of(lines, "facts[1].figures[1].qualifier") == 18
    assert line_of(lines, "facts[1].status") == 13
    assert line_of(lines, "nowhere") == 0
