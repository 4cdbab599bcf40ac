"""HTML → visible text with a map back into the source."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlib.htmltext import html_text


def text_of(source: str) -> str:
    return html_text(source).text


@pytest.mark.parametrize(
    "hidden",
    [
        "<script>var x = '99%';</script>",
        "<script type='text/template'><p>99%</p></script>",
        "<style>p::after { content: '99%' }</style>",
        "<template><p>99%</p></template>",
        "<noscript>99% need JavaScript</noscript>",
        "<div hidden>99%</div>",
        "<div hidden=''><p>99%</p></div>",
        '<span aria-hidden="true">99%</span>',
        '<span aria-hidden="TRUE">99%</span>',
        '<p style="display:none">99%</p>',
        '<p style="color: red; DISPLAY : none">99%</p>',
        '<p style="visibility: hidden">99%</p>',
        "<iframe>99%</iframe>",
        "<svg><text>99%</text></svg>",
        "<title>99%</title>",
    ],
)
def test_hidden_content_is_dropped(hidden):
    text = text_of(f"<body><p>Before 70%.</p>{hidden}<p>After 1 in 7.</p></body>")
    assert "99" not in text
    assert text == "Before 70%.\n\nAfter 1 in 7."


def test_head_is_hidden_even_without_a_closing_tag():
    text = text_of("<html><head><title>Report 2021</title><meta charset=utf-8><p>Shown 70%</p>")
    assert text.strip() == "Shown 70%"


def test_aria_hidden_false_and_other_styles_are_visible():
    text = text_of('<span aria-hidden="false">a</span> <span style="display:block">b</span>')
    assert text == "a b"


def test_content_after_a_hidden_element_is_visible_again():
    assert text_of("<div><div hidden><p>x<p>y</div>z</div>") == "z"


def test_implied_end_of_a_hidden_paragraph():
    assert text_of("<p hidden>secret 99%<p>visible 70%") == "visible 70%"


def test_implied_end_of_list_items():
    assert text_of("<ul><li aria-hidden=true>no<li>yes</ul>") == "yes"


def test_entities_are_decoded():
    text = text_of("<p>AT&amp;T &pound;5 70&#37; it&#x2019;s &ldquo;q&rdquo; a&nbsp;b &pound5</p>")
    assert text == "AT&T \u00a35 70% it\u2019s \u201cq\u201d a\u00a0b \u00a35"


def test_blocks_are_paragraphs_br_ends_a_line_inline_elements_do_neither():
    source = (
        "<h1>Title</h1><p>One <b>bold</b> <i>it</i>al.</p><div>Two</div>Three<br>Four<br/>Five"
        "<ul><li>a</li><li>b</li></ul><table><tr><td>c</td><td>d</td></tr></table>"
    )
    assert text_of(source) == "Title\n\nOne bold ital.\n\nTwo\n\nThree\nFour\nFive\n\na\n\nb\n\nc\n\nd"
    assert text_of("<p>a<br></p><p>b</p>") == "a\n\nb"  # a <br> ending a paragraph adds no third break


def test_sentences_of_different_paragraphs_never_merge():
    text = text_of("<p>Rose by 70%</p><p>1 in 7 children</p>")
    assert "70%\n\n1 in 7" in text


def test_whitespace_collapses_like_a_browser():
    assert text_of("<p>\n   About \n\t 70%   of\r\nvictims  </p>") == "About 70% of victims"
    assert text_of("a <b> b </b> c") == "a b c"


def test_pre_keeps_its_whitespace():
    assert text_of("<pre>a  b\n  c</pre>") == "a  b\n  c"
    assert text_of("<p>x</p><pre>\n\n  y\n</pre>") == "x\n\n\n  y"  # the newline after <pre> is dropped


def test_every_word_maps_back_to_its_source_offset():
    source = (
        "<!doctype html>\n<html><head><title>T</title></head>\n<body>\n"
        "  <p>About   70% of\n    victims are &ldquo;women&rdquo; &amp; girls.</p>\n"
        "  <table><tr><td>Men</td><td>40%</td></tr></table>\n"
        "  <p>Rose <b>by</b> 125%<br>to 5,441 in 2020/21</p>\n"
        "<pre>  kept   12%\n  done</pre>\n</body></html>"
    )
    extracted = html_text(source)
    for m in re.finditer(r"[\w%,/]+", extracted.text):
        word = m.group()
        assert extracted.source_offset(m.start()) == source.index(word), word
        last = m.end() - 1  # offsets inside a run are exact too
        assert source[extracted.source_offset(last)] == word[-1], word


def test_an_entity_maps_to_its_ampersand():
    source = "<p>cost &pound;5 and 70&#37;</p>"
    extracted = html_text(source)
    assert extracted.source_offset(extracted.text.index("\u00a3")) == source.index("&pound;")
    assert extracted.source_offset(extracted.text.index("%")) == source.index("&#37;")
    assert extracted.source_offset(extracted.text.index("5")) == source.index("5")


def test_text_between_gives_the_visible_text_of_a_source_range():
    source = "<p>line one 70%</p>\n<p>line <b>two</b> &amp; more</p>\n<script>x</script>\n"
    extracted = html_text(source)
    second = source.index("<p>line <b>")
    assert extracted.text_between(second, source.index("\n", second)).strip() == "line two & more"
    third = source.index("<script>")
    assert extracted.text_between(third, len(source)).strip() == ""
    # a range starting inside a run of text
    assert extracted.text_between(source.index("one"), source.index("</p>")) == "one 70%"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<p>About <span data-fact="uk-grooming-rise">70%</span> of</p>', ("70%", "uk-grooming-rise")),
        ('<p>About <a href="fact:uk-grooming-rise">70%</a> of</p>', ("70%", "uk-grooming-rise")),
        ("<p>About <a href='FACT:uk-x'> 70% </a> of</p>", ("70%", "uk-x")),
        ('<p data-fact="whole-para">1 in 7 children</p>', ("1 in 7 children", "whole-para")),
        ('<p>x <span data-fact="n"><b>3,217</b> to <i>5,441</i></span></p>', ("3,217 to 5,441", "n")),
    ],
)
def test_fact_refs(source, expected):
    extracted = html_text(source)
    [(start, end, fact)] = extracted.refs
    assert (extracted.text[start:end], fact) == expected


def test_fact_refs_in_hidden_elements_and_ordinary_links_are_not_refs():
    extracted = html_text(
        '<div hidden><span data-fact="a">1</span></div><a href="https://x.org/fact:b">2</a>'
        '<span data-fact="">3</span>'
    )
    assert extracted.refs == ()


def test_unclosed_fact_element_runs_to_the_end():
    extracted = html_text('<p>x <span data-fact="a">70% of')
    [(start, end, fact)] = extracted.refs
    assert extracted.text[start:end] == "70% of"


def test_comments_are_returned_with_their_source_span():
    source = "<p>a</p>\n<!-- factlib: ignore figure.unsourced -->\n<p>b</p>"
    extracted = html_text(source)
    [(start, end, body)] = extracted.comments
    assert source[start:end] == "<!-- factlib: ignore figure.unsourced -->"
    assert body == " factlib: ignore figure.unsourced "
    assert extracted.text == "a\n\nb"


def test_unclosed_comment_hides_the_rest():
    assert text_of("<p>shown</p><!-- 99% hidden") == "shown"


def test_title():
    assert html_text("<head><title>\n  Grooming &amp;\n exploitation </title></head>").title == (
        "Grooming & exploitation"
    )
    assert html_text("<p>no title</p>").title == ""


def test_stray_and_mismatched_tags_do_not_lose_text():
    assert text_of("</div></p>a<b>b</i>c</span><p>d") == "abc\n\nd"


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' &;#apbdivhdnscrt-12%\n")), max_size=200))
def test_any_input_gives_a_monotonic_in_range_map(source):
    extracted = html_text(source)
    offsets = [extracted.source_offset(i) for i in range(len(extracted.text) + 1)]
    assert all(0 <= o <= len(source) for o in offsets)
    assert offsets == sorted(offsets)


TOKENS = [
    "<p>", "</p>", "<div data-fact='x'>", "</div>", "<br>", "&amp;", "&pound", "70%", " ", "  ", "\n",
    "<span hidden>", "</span>", "<!--", "-->", "<pre>", "</pre>", "<a href='fact:y'>", "</a>", "<script>",
    "</script>", "a", "<", ">", "<li>", "<td>", "<head>", "<title>", "</title>", "<br/>", "[fact:z]",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_any_markup_gives_refs_inside_the_text_and_a_monotonic_map(source):
    extracted = html_text(source)
    offsets = [extracted.source_offset(i) for i in range(len(extracted.text) + 1)]
    assert offsets == sorted(offsets) and all(0 <= o <= len(source) for o in offsets)
    for start, end, _ in extracted.refs:
        assert 0 <= start <= end <= len(extracted.text)
        assert extracted.text[start:end] == extracted.text[start:end].strip()
    assert not extracted.text.startswith("\n") and not extracted.text.endswith("\n")
