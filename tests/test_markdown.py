"""Markdown block structure (drafts/markdown.py): code blocks by CommonMark's rules."""

from __future__ import annotations

from hypothesis import given, strategies as st

from factlib.drafts.documents import document_from_text
from factlib.drafts.markdown import code_spans


def md(source: str):
    return document_from_text(source, path="d.md", format="markdown")


def test_an_indented_code_block_is_not_prose():
    doc = md("Grooming rose by about 70%.\n\n    rate = 40%\n    other = 12%\n\nBack to prose: 32%.\n")
    assert "40%" not in doc.text and "12%" not in doc.text
    assert "70%" in doc.text and "32%" in doc.text


def test_an_indented_line_inside_a_list_item_is_prose():
    doc = md("- first item\n\n    continued at four spaces: 40% of offences\n")
    assert "40%" in doc.text


def test_a_lazy_continuation_line_is_prose():
    doc = md("A paragraph that goes on\n    with 40% indented by four spaces.\n")
    assert "40%" in doc.text


def test_a_fence_inside_a_block_quote_is_code():
    doc = md("> ```\n> rate = 40%\n> ```\n\n> A quote of 70%.\n")
    assert "40%" not in doc.text and "70%" in doc.text


def test_spans_are_offsets_in_the_source_whatever_its_line_breaks():
    source = "Prose 70%.\r\n\r\n    code 40%\r\nProse 32%.\r"
    (start, end), = code_spans(source)
    assert source[start:end] == "    code 40%\r\n"


def test_no_fence_and_no_indent_means_no_parse():
    assert code_spans("Plain prose with 70%.\n\n- a list 40%\n") == []


@given(st.text(alphabet=" \t\n\r>-*`~abc70%", max_size=200))
def test_blanking_keeps_every_line_and_length(source):
    doc = md(source)
    assert len(doc.text) == len(source)
    assert [len(x) for x in doc.text.splitlines()] == [len(x) for x in source.splitlines()]



@given(st.text(alphabet=st.sampled_from(list(" \t\n\r>`~ax")), max_size=40))
def test_a_text_may_hold_code_where_a_line_may_start_a_block(text):
    from factlib.drafts.markdown import _CODE_LINE, _CODE_START, _MAYBE_CODE

    assert bool(_CODE_START.match(text) or _CODE_LINE.search(text)) == bool(_MAYBE_CODE.search(text))
