"""Fact references typed as text (drafts/references.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.drafts.references import typed_references


def test_each_typed_form_binds_its_text_and_blanks_its_markup():
    text = ('Rents rose [18%](fact:rents-2024), <b data-fact="evictions">4,200</b> evictions, '
            "<a href='fact:arrears'>1 in 5</a> in arrears.")
    out, found = typed_references(text)
    assert len(out) == len(text)
    assert [(out[s:e], fact) for s, e, fact in found] == [("18%", "rents-2024"), ("4,200", "evictions"),
                                                           ("1 in 5", "arrears")]
    assert " ".join(out.split()) == "Rents rose 18% , 4,200 evictions, 1 in 5 in arrears."


def test_html_forms_only_when_asked_and_ordinary_links_untouched():
    text = 'See <span data-fact="x">5%</span> and [the report](https://example.org/fact:y).'
    out, found = typed_references(text, tags=False)
    assert out == text and found == []


def test_a_reference_does_not_span_lines():
    text = "[18%\n](fact:x) and <span data-fact='y'>5%\n</span>"
    assert typed_references(text) == (text, [])


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["[", "]", "(", ")", "fact:", "x", "18%", " ", "\n", "<span data-fact='a'>",
                                 "</span>", "<a href=\"fact:b\">", "</a>", "<", ">"]), max_size=40).map("".join))
def test_typed_references_keep_the_shape(text):
    out, found = typed_references(text)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    assert all(c == t or c == " " for c, t in zip(out, text))
    for start, end, fact in found:
        assert 0 <= start <= end <= len(text) and out[start:end] == text[start:end] and fact
