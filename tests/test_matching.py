"""The binder's fast paths give what the plain definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.drafts.sentences import NEAR, Sentence, _fields_terms, _words, match_terms

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
    assert list(zip(sentence.informative, sentence.inf_starts, sentence.inf_ends)) == informative
    assert [t for t, _, _ in informative] == match_terms(" ".join(text[a:b] for _, a, b in informative))


def test_words_that_say_nothing_are_left_out():
    sentence = Sentence("In 2020, 57% of the victims were recruited online.")
    assert "" in sentence.terms  # "in", "2020", "of", "the": kept in place, saying nothing
    assert all(sentence.informative)
    assert match_terms("Victims RECRUITED online") == sentence.informative[-3:]


def _weighted_words_plainly(sentence: Sentence, start: int, end: int, segment) -> dict[str, float]:
    """Sentence.weighted_words by its definition: every word weighed in turn, the heaviest kept."""
    seg_start, seg_end = segment or (0, len(sentence.text))
    if segment is not None and segment != (0, len(sentence.text)):
        breaks_before = [b for b in sentence.breaks if seg_start <= b < start]
        breaks_after = [b for b in sentence.breaks if end <= b < seg_end]
        seg_start = breaks_before[-1] if breaks_before else seg_start
        seg_end = breaks_after[0] if breaks_after else seg_end
    clause_start = max([b for b in sentence.breaks if b < start] + [0, seg_start])
    clause_end = min([b for b in sentence.breaks if b >= end] + [len(sentence.text), seg_end])
    words = list(zip(sentence.terms, sentence.starts, sentence.ends))
    before = [t for t, a, b in words if a >= clause_start and b <= start]
    after = [t for t, a, b in words if a >= end and b <= clause_end]
    near = set(before[-NEAR:]) | set(after[:NEAR])
    counted = next((t for t in after[:3] if t), "")
    out: dict[str, float] = {}
    for term, a, b in words:
        if not term or (a >= start and b <= end):
            continue
        weight = 3.0 if term == counted else 2.0 if term in near else 1.0 if seg_start <= a and b <= seg_end else 0.25
        if weight > out.get(term, 0.0):
            out[term] = weight
    return out


WORDY = st.lists(st.sampled_from(["victims", "rose", "by", "the", "police", "in", "2020", "57%", ",", ";", " - ",
                                  "offences", "and", "12", "users", "of"]), max_size=30).map(" ".join)


@settings(max_examples=500)
@given(st.one_of(WORDY, TEXT), st.data())
def test_weighted_words_are_the_plain_weights_in_the_same_order(text, data):
    sentence = Sentence(text)
    n = len(text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    segment = data.draw(st.one_of(st.none(), st.tuples(st.integers(0, start), st.integers(end, n))))
    got = sentence.weighted_words(start, end, segment)
    want = _weighted_words_plainly(sentence, start, end, segment)
    assert list(got.items()) == list(want.items())
