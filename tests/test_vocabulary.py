"""The vocabulary's quick tests never miss what its patterns find (aboutness.mentions skips a
pattern for an ASCII text that its hint does not find)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.text import vocabulary as v

WORDS = sorted({*v.PLACES, *v.PLATFORMS, *v.ORGANISATIONS, *v.POPULATIONS, "Yorkshire", "Kent Police",
                "Thames Valley Constabulary", "under 13s", "under-18", "under the age of 16", "42 police forces",
                "41 UK forces", "three countries", "worldwide", "around the world", "the globe", "globally", "x"})
SEPARATORS = st.sampled_from([" ", " ", "", ".", ",", "-", "'s ", "\n", "(", ")"])
CASE = st.sampled_from([str, str.lower, str.upper, str.title, str.capitalize])
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), CASE, SEPARATORS), max_size=12).map(
    lambda parts: "".join(case(word) + sep for word, case, sep in parts)).filter(str.isascii)


@settings(max_examples=1000)
@given(TEXTS)
def test_a_hint_finds_a_word_wherever_its_pattern_matches(text):
    low = text.lower()
    if v.PLACE_PATTERN.search(text):
        assert v.PLACE_HINT.search(text) or any(h in low for h in v.WORLD_HINTS)
    if v.PLATFORM_PATTERN.search(text):
        assert v.PLATFORM_HINT.search(text)
    if v.ORGANISATION_PATTERN.search(text):
        assert v.ORGANISATION_HINT.search(text)
    if v.POPULATION_PATTERN.search(text):
        assert v.POPULATION_HINT.search(low)
    if v.UNITS_PATTERN.search(text):
        assert any(h in low for h in v.UNITS_HINTS)


def test_hints_find_the_words_they_stand_for():
    assert v.PLACE_HINT.search("in Yorkshire") and v.PLATFORM_HINT.search("on Snapchat")
    assert not v.PLATFORM_HINT.search("on snapchat")  # the pattern is case-sensitive too
    assert v.POPULATION_HINT.search("girls under 13") and not v.ORGANISATION_HINT.search("nothing here")
