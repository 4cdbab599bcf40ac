"""The text normaliser: each fold, the offsets map, and properties under hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.text.normalize import _INVISIBLE, normalize, normalize_with_map


def original_span(offsets: list[int], i: int, j: int, original: str) -> tuple[int, int]:
    """The span of ``original`` that normalised characters ``[i:j]`` came from.

    It reaches to the next kept character, so combining marks and expanded
    characters are whole, less any whitespace and invisible characters at its end.
    """
    n = len(offsets)
    i = max(0, min(i, n))
    j = max(i, min(j, n))
    start = offsets[i] if i < n else len(original)
    end = offsets[j] if j < n else len(original)
    if j > i:
        last = offsets[j - 1] + 1
        end = max(end, last)
        while end > last and (original[end - 1].isspace() or original[end - 1] in _INVISIBLE + "\u00ad"):
            end -= 1
    return start, end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u201cTrust\u201d is \u2018gained\u2019", "\"Trust\" is 'gained'"),
        ("\u201eQuote\u201c and \u00abguillemets\u00bb, \u2039single\u203a", '"Quote" and "guillemets", \'single\''),
        ("5\u2032 11\u2033", "5' 11\""),
        ("it\u02bcs, don\u00b4t", "it's, don't"),
        ("2017\u201318 \u2014 up \u2212 down \u2012 fig \u2010 hy \u2011 nb \u2015 bar", "2017-18 - up - down - fig - hy - nb - bar"),
        ("\uff0d\ufe63\ufe58", "---"),
        ("soft\u00adhyphen", "softhyphen"),
        ("zero\u200bwidth\u200c\u200djoin\u2060ers\ufeff", "zerowidthjoiners"),
        ("a\u00a0b\u202fc\u2009d\u3000e\tf\r\ng", "a b c d e f g"),
        ("  many   spaces \n\n here  ", "many spaces here"),
        ("\ufb01nancial \ufb02ow", "financial flow"),  # ligatures (NFKC)
        ("\uff17\uff10\uff05", "70%"),  # full-width digits and percent
        ("caf\u0065\u0301", "caf\u00e9"),  # combining accent composed
        ("wait\u2026", "wait..."),
        ("Case Kept", "Case Kept"),
    ],
)
def test_folds(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("recor-\nded", "recorded"),
        ("recor-  \n  ded", "recorded"),
        ("recor\u00ad\nded", "recorded"),
        ("recor\u2010\nded", "recorded"),
        ("2017-\n18", "2017-18"),
        ("anti-\nSlavery", "anti-Slavery"),
        ("word -\nnext", "word - next"),
        ("well- known", "well- known"),  # no line break: not hyphenation
        ("a\u2013\nb", "a-b"),  # a dash at a line end stays, as "-"; the break goes
        ("recor\u2014\nded", "recor-ded"),  # only hyphens join words
        ("crimes \u2013\nwhich", "crimes - which"),
    ],
)
def test_line_break_hyphenation(text, expected):
    assert normalize(text) == expected


def test_map_points_each_character_back_to_the_original():
    text = "\u201cOnline\u00a0grooming\u201d  rose by ~70\u200b% \u2014 recor-\nded"
    norm, offsets = normalize_with_map(text)
    assert norm == '"Online grooming" rose by ~70% - recorded'
    assert len(offsets) == len(norm)
    assert offsets == sorted(offsets)
    at = norm.index("70%")
    start, end = original_span(offsets, at, at + 3, text)
    assert text[start:end] == "70\u200b%"
    at = norm.index("recorded")
    start, end = original_span(offsets, at, at + len("recorded"), text)
    assert text[start:end] == "recor-\nded"


def test_map_of_expanding_characters():
    text = "x \ufb01ne\u2026"
    norm, offsets = normalize_with_map(text)
    assert norm == "x fine..."
    assert offsets == [0, 1, 2, 2, 3, 4, 5, 5, 5]
    assert original_span(offsets, 2, len(norm), text) == (2, 6)


def test_ascii_text_maps_to_itself():
    norm, offsets = normalize_with_map("plain text")
    assert norm == "plain text" and offsets == list(range(10))


def test_empty_and_blank():
    assert normalize_with_map("") == ("", [])
    assert normalize_with_map(" \n\u00ad\u200b\t ") == ("", [])


_TRICKY = st.sampled_from(
    list(" \t\n\r\u00a0\u202f\u2009-\u2010\u2013\u2014\u2212\u00ad\u200b\u200d\ufeff\u2018\u2019\u201c\u201d\u2032\u2033\u00ab\u00bb"
         "\u0301\u0308\u1160\u11a8\u1100\u3099\ufb01\u2026\u00b4\u1fbd\u0345\u0130\u00dfaAzZ09.%\u00bd")
)
_TEXT = st.one_of(st.text(), st.text(alphabet=_TRICKY), st.lists(st.one_of(_TRICKY, st.text(max_size=3))).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_normalize_is_idempotent_and_never_raises(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_map_agrees_with_normalize(text):
    norm, offsets = normalize_with_map(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm)
    assert all(0 <= o < len(text) for o in offsets)
    assert offsets == sorted(offsets)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghij0123456789%", min_size=1, max_size=8), min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", " \t", "\u202f", "\r\n"]), min_size=12, max_size=12))
def test_whitespace_variants_normalise_alike(words, gaps):
    plain = " ".join(words)
    varied = "".join(w + g for w, g in zip(words, gaps)).rstrip()
    assert normalize(varied) == normalize(plain) == plain
