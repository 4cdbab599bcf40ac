"""Reading sentences: what a measure counts, in words (drafts/sentences.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


def test_measure_words_leave_out_kind_and_scope_and_map_spellings():
    from factlib.drafts.sentences import match_terms, measure_words, names_measure
    from factlib.model import Fact, Figure, Kind, Status

    fact = Fact(id="f", statement="s", quote="q", measure="uk-police-recorded-grooming-offences-share", scope="UK",
                period="2020", status=Status.VETTED, keywords=("abuse", "online grooming"),
                figures=(Figure("9%", Kind.SHARE, 9.0),))
    words = measure_words(fact)
    assert not words & set(match_terms("uk share")) and set(match_terms("grooming abuse")) <= words
    assert names_measure(match_terms("Grooming offenses rose."), fact)
    assert names_measure(match_terms("9% of offenses"), fact)  # "offenses" is counted as "offences"
    assert not names_measure(match_terms("9% of the UK's share"), fact)


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ab1. !?\n\t\"')]”")), max_size=600))
def test_the_last_sentence_end_is_where_a_scan_of_the_whole_window_ends(text):
    from factlib.drafts.sentences import _SENTENCE_END, _last_end

    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    assert _last_end(text) == (ends[-1] if ends else 0)


@given(st.text(alphabet=st.sampled_from(list("ab -\t\n,;:—–")), max_size=40))
def test_clause_breaks_are_the_punctuation_and_spaced_hyphens(text):
    from factlib.drafts.sentences import _CLAUSE, Sentence

    assert Sentence(text).breaks == [m.start() for m in _CLAUSE.finditer(text)]
