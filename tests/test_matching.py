"""The binder's fast paths give what the plain definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.drafts.sentences import Sentence, _fields_terms, _words, match_terms

# ASCII text exercises the byte-translation paths; any text, the regular-expression ones
TEXT = st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text())


@settings(max_examples=500)
@given(TEXT)
def test_words_are_the_runs_of_letters_and_digits(text):
    lower = text.casefold()
    assert _words(lower) == re.findall(r"[a-z0-9]+", lower)


@settings(max_examples=300)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_fields_are_read_as_match_terms_reads_each(fields):
    assert _fields_terms(tuple(fields)) == [match_terms(field) for field in fields]


@settings(max_examples=300)
@given(TEXT)
def test_a_sentence_keeps_every_word_with_its_place(text):
    sentence = Sentence(text)
    found = list(re.finditer(r"[A-Za-z0-9]+", text))
    assert list(zip(sentence.starts, sentence.ends)) == [m.span() for m in found]
    informative = [(t, a, b) for t, a, b in zip(sentence.terms, sentence.starts, sentence.ends) if t]
    assert sentence.informative == informative
    assert [t for t, _, _ in informative] == match_terms(" ".join(text[a:b] for _, a, b in informative))


def test_words_that_say_nothing_are_left_out():
    sentence = Sentence("In 2020, 57% of the victims were recruited online.")
    assert "" in sentence.terms  # "in", "2020", "of", "the": kept in place, saying nothing
    assert all(t for t, _, _ in sentence.informative)
    assert match_terms("Victims RECRUITED online") == [t for t, _, _ in sentence.informative][-3:]
