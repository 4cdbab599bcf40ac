"""Reading sentences: what a measure counts, in words (drafts/sentences.py)."""

from __future__ import annotations


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
