"""Word folding: the one rule by which search and the binder compare words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factlib.library import search
from factlib.text.fold import STOP, WORD, fold_word, terms


def test_stems_synonyms_and_stop_words():
    assert [fold_word(w) for w in ("crimes", "rising", "increased", "children", "the", "percent")] == [
        "crime", "rise", "rise", "child", "", ""]
    assert terms("Grooming crimes ROSE by 70 per cent") == ["groom", "crime", "rise", "70"]


def test_search_folds_with_the_same_rule():
    assert search.terms is terms


@given(st.text(st.characters(categories=("Ll", "Lu", "Nd", "Zs")), max_size=40))
def test_terms_are_lowercase_words_never_stop_words(text):
    for term in terms(text):
        assert term and term == term.casefold() and WORD.fullmatch(term)
        assert term not in STOP
