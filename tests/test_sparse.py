"""sparse_finditer gives what finditer gives, for the patterns that use it (their stated shape), and the
periods' quick paths (the year pattern, periods without lengths of time) give what the plain ones give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.drafts import periods
from factlib.text import sparse
from factlib.text.sparse import sparse_finditer
from factlib.text.vocabulary import MONTHS, NUMBER_WORDS

ROOT = Path(__file__).resolve().parents[1]
# (pattern, the words every match names, back, forward) as drafts/periods.py calls them
USES = [(periods._POINT, periods._POINT_WORD, 8, 3, 12), (periods._DURATION, periods._DURATION_WORD, 5, 3, 12)]


def _vocabulary() -> list[str]:
    """Every word the patterns spell out, the months and number words, years and numbers, and the
    punctuation they read around them."""
    words = set()
    for pattern, _, _, _, _ in USES:
        words.update(re.findall(r"[A-Za-z]+", pattern.pattern.replace("\\s", " ").replace("\\b", " ").replace("\\d", " ")))
    words.update(m.capitalize() for m in MONTHS)
    words.update(NUMBER_WORDS)
    words.update(["2019", "2020", "2021", "1949", "1950", "2049", "2050", "19", "20", "21", "12", "3", "18", "30th", "1st",
                  "2019/20", "2020-21", "2019-2020", "2017/18", "20201999", "since", "between", "from", "and", "the",
                  "Year", "YEARS", "Months", "Annual", "%", "per", "cent", "victims", "rose", "x"])
    return sorted(words)


SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t", "", "-", "–", "/", ",", ".", "%", " %", "(", ")",
                              "\u00a0", ", ", ". ", "   \n\t  ", "-year-"])
TEXTS = st.lists(st.tuples(st.sampled_from(_vocabulary()), SEPARATORS), max_size=120).map(
    lambda parts: "".join(w + s for w, s in parts))


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


@settings(max_examples=400)
@given(TEXTS)
def test_sparse_scan_finds_what_finditer_finds(text):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sparse, "LONG", 0)  # every text read sparsely, however short
        for pattern, words, back, forward, longest in USES:
            assert _spans(sparse_finditer(pattern, text, words, back=back, forward=forward, longest=longest)) == _spans(pattern.finditer(text))


# the longest forms the patterns read, with the most words before and after their first word of time
LONGEST = ["in the last fifteen years", "over the past 12 months", "in the previous five years", "within the first 3 years",
           "during the twelve months ending September 30th, 2020", "in the year to March 2019", "the 12 months ended 2021",
           "fifteen-year period", "year-on-year", "year on year", "a year earlier", "over the last year", "2019 / 2020",
           "between 2017/18 and 2020/21", "since the start of 2019", "Sept. 3, 2021", "2020 %", "2019-20"]


@pytest.mark.parametrize("phrase", LONGEST)
@pytest.mark.parametrize("space", [" ", "  \n\t ", "\n\n"])
def test_sparse_scan_reads_the_longest_forms(phrase, space):
    text = ("Filler words here. " * 120) + "(" + phrase.replace(" ", space) + ") and " + phrase + "." + (" More." * 40)
    for pattern, words, back, forward, longest in USES:
        assert _spans(sparse_finditer(pattern, text, words, back=back, forward=forward, longest=longest)) == \
            _spans(pattern.finditer(text))
    assert len(text) > sparse.LONG


def test_sparse_scan_on_the_examples_and_a_long_draft():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / "examples").glob("*.[mt][dx]*"))]
    texts.append("\n\n".join(texts) * 3)  # long: read sparsely
    for text in texts:
        for pattern, words, back, forward, longest in USES:
            assert _spans(sparse_finditer(pattern, text, words, back=back, forward=forward, longest=longest)) == _spans(pattern.finditer(text))
    assert periods.period_mentions(texts[-1])  # the examples name periods


def test_a_short_text_is_read_whole():
    assert [m.group() for m in sparse_finditer(re.compile(r"\d+"), "1 and 22", re.compile(r"\d"), back=1, forward=1)] == ["1", "22"]


def test_the_words_of_time_are_year_month_annual_in_any_case():
    import itertools

    for word in ("year", "month", "annual"):
        for letters in itertools.product(*((c, c.upper()) for c in word)):
            assert periods._DURATION_WORD.fullmatch("".join(letters))
    assert not periods._DURATION_WORD.search("yeah, mouth, annul")


YEARISH = st.lists(st.sampled_from(["2019", "1899", "1799", "2020/21", "2019 - 20", "x2019", "_2019", "12019", "é2019",
                                    "20", "19", " ", "/", "-", "–", "a", "1", "2", "0", "9", "\n"]), max_size=20).map("".join)


@settings(max_examples=500)
@given(st.one_of(YEARISH, st.text()))
def test_the_year_pattern_reads_what_a_word_boundary_pattern_reads(text):
    plain = re.compile(r"\b(1[89]\d\d|20\d\d)(?:\s*[/–-]\s*(\d{2})\b)?")
    assert _spans(periods._YEAR.finditer(text)) == _spans(plain.finditer(text))


@settings(max_examples=300)
@given(TEXTS)
def test_periods_without_lengths_of_time_are_the_others(text):
    assert periods.period_mentions(text, durations=False) == [
        p for p in periods.period_mentions(text) if p[2].shape != "duration"]



@settings(max_examples=300)
@given(st.one_of(TEXTS, st.text()))
def test_a_text_names_a_time_where_either_of_its_words_is(text):
    assert bool(periods._ANY_TIME.search(text)) == bool(periods._POINT_WORD.search(text) or periods._DURATION_WORD.search(text))


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["U.S.", "U.K", "e.g", ".", "Mr", "Mrs.", "s.", "No.", "x", " ", "i.e.", "vs", "St.",
                                 "D", "r."]), max_size=8).map("".join))
def test_a_draft_holds_an_abbreviation_where_a_full_stop_ends_one(text):
    from factlib.drafts.check import _ABBREVIATION_END, _ABBREVIATIONS

    assert bool(_ABBREVIATION_END.search(text)) == any(a in text for a in _ABBREVIATIONS)
