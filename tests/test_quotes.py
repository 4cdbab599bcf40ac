"""Finding quotes in page text: exact after normalising, elided, changed (with the figure), missing."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlib.links.quotes import CLOSE, QuoteVerdict, changed_figures, find_quote

QUOTE = ("According to the NSPCC, online grooming crimes reported by police have increased by "
         "approximately 70% since 2021, where it hit an all time high in the UK that year.")

PAGE = f"""Online Grooming and Human Trafficking in the UK

Online grooming is a gateway to trafficking. {QUOTE} In their article, which calls
for support of the Online Safety Bill, they obtained a Freedom of Information request
from 42 police forces in England/Wales and found:

Almost half of the offences used Facebook owned apps, including Instagram, WhatsApp and Messenger.
"""


def test_exact_quote_is_found_with_its_place():
    match = find_quote(QUOTE, PAGE)
    assert match.verdict is QuoteVerdict.FOUND
    assert match.score == 1.0
    assert PAGE[match.start:match.end] == QUOTE
    assert match.evidence == QUOTE
    assert match.changed_figures == ()


def test_case_whitespace_quotes_dashes_and_hyphenation_do_not_matter():
    page = ("\u201cTrust is now gained through empathy and emotions,\u201d Bogota\u2011based Arevalo,\n"
            "who has talked to hun-\ndreds of stu\u00addents about the dan\u00ad\ngers they face online.")
    quote = '"Trust is now gained through EMPATHY and emotions," Bogota-based Arevalo, who has talked to hundreds of students about the dangers they face online.'
    match = find_quote(quote, page)
    assert match.verdict is QuoteVerdict.FOUND
    assert match.evidence.startswith("\u201cTrust")
    assert match.evidence.endswith("online.")


def test_word_breaks_inside_hyphenated_words_do_not_matter():
    assert find_quote("a well-known figure", "It is a well-\nknown figure.").verdict is QuoteVerdict.FOUND
    assert find_quote("a wellknown figure", "It is a well-known figure.").verdict is QuoteVerdict.FOUND


def test_one_figure_changed_is_changed_and_named():
    page = PAGE.replace("approximately 70%", "approximately 80%")
    match = find_quote(QUOTE, page)
    assert match.verdict is QuoteVerdict.CHANGED
    assert CLOSE <= match.score < 1.0
    assert "80%" in match.evidence and "70%" not in match.evidence
    assert len(match.changed_figures) == 1
    old, new = match.changed_figures[0]
    assert old.endswith("70%") and new.endswith("80%")
    assert page[match.start:match.end].startswith("According to the NSPCC")


def test_changed_words_near_the_quote_edges_are_in_the_passage():
    page = PAGE.replace("According to the NSPCC", "Says the charity")
    match = find_quote(QUOTE, page)
    assert match.verdict is QuoteVerdict.CHANGED
    assert match.changed_figures == ()
    assert "NSPCC" not in match.evidence and "approximately 70%" in match.evidence


def test_quote_gone_is_missing():
    page = PAGE.replace(QUOTE, "The charity published new research last week about online safety.")
    match = find_quote(QUOTE, page)
    assert match.verdict is QuoteVerdict.MISSING
    assert match.evidence == "" and match.start == -1
    assert match.score < CLOSE


def test_soft_404_is_missing():
    match = find_quote(QUOTE, "Page not found. Sorry, the page you are looking for does not exist. Home | Search")
    assert match.verdict is QuoteVerdict.MISSING


@pytest.mark.parametrize("mark", [" [\u2026] ", " [...] ", " \u2026 ", " ... ", "[...]", "\u2026", " (...) "])
def test_elided_quote_is_found_when_each_part_is_there_in_order(mark):
    quote = f"According to the NSPCC{mark}where it hit an all time high in the UK that year."
    match = find_quote(quote, PAGE)
    assert match.verdict is QuoteVerdict.FOUND
    assert match.evidence == QUOTE  # from the first part to the last


def test_elided_quote_with_a_part_missing_is_missing():
    quote = "According to the NSPCC [\u2026] the moon is made of green cheese and always has been."
    assert find_quote(quote, PAGE).verdict is QuoteVerdict.MISSING


def test_elided_quote_with_a_figure_changed_names_it():
    quote = "online grooming crimes reported by police [\u2026] 42 police forces in England/Wales"
    match = find_quote(quote, PAGE.replace("from 42 police", "from 43 police"))
    assert match.verdict is QuoteVerdict.CHANGED
    assert "43" in match.evidence
    assert [(o[-2:], n[-2:]) for o, n in match.changed_figures] == [("42", "43")]


def test_elided_parts_out_of_order_are_changed_not_found():
    quote = "where it hit an all time high in the UK [\u2026] According to the NSPCC, online grooming crimes"
    assert find_quote(quote, PAGE).verdict is QuoteVerdict.CHANGED


def test_trailing_and_leading_ellipses_are_ignored():
    assert find_quote("\u2026 online grooming crimes reported by police \u2026", PAGE).verdict is QuoteVerdict.FOUND


@pytest.mark.parametrize("quote, page", [("", PAGE), (QUOTE, ""), ("...", PAGE), ("  ", "  "), ("\u200b", "x")])
def test_degenerate_input_is_missing(quote, page):
    assert find_quote(quote, page).verdict is QuoteVerdict.MISSING


def test_changed_figures_aligns_in_order():
    pairs = changed_figures("Crimes rose by 70% in 2021, with 3,217 cases.", "Crimes rose by 80% in 2022, with 3,217 cases.")
    assert [(old.split()[-1], new.split()[-1]) for old, new in pairs] == [("70%", "80%"), ("2021", "2022")]
    assert changed_figures("no figures here", "none here either") == ()


def test_long_evidence_is_clipped():
    quote = " ".join(f"word{i}" for i in range(120))
    page = quote.replace("word60", "other60")
    match = find_quote(quote, page)
    assert match.verdict is QuoteVerdict.CHANGED
    assert len(match.evidence) <= 310 and "[\u2026]" in match.evidence


def test_megabyte_page_is_searched_in_bounded_time():
    rng = random.Random(7)
    vocab = ["the", "of", "police", "crimes", "online", "grooming", "data", "report", "2021", "70%", "rose"]
    filler = " ".join(rng.choice(vocab) for _ in range(180_000))
    page = filler[: len(filler) // 2] + " " + QUOTE.replace("70%", "80%") + " " + filler[len(filler) // 2:]
    assert len(page) > 1_000_000
    match = find_quote(QUOTE, page)  # pytest-timeout bounds the time; no test asserts on speed
    assert match.verdict is QuoteVerdict.CHANGED and "80%" in match.evidence


# -- through pagetext: markup, entities and curly quotes ------------------------------------


def test_quote_split_across_tags_with_entities_is_found():
    pagetext = pytest.importorskip("factlib.text.pages")
    html = (b"<html><head><title>Grooming</title><script>var q = 'According to';</script></head><body>"
            b"<p>According to the <abbr title='National Society'>NSPCC</abbr>, online <em>grooming</em> "
            b"crimes reported by police have increased by <strong>approximately&nbsp;70%</strong> since 2021, "
            b"where it hit an all&#8209;time high in the UK that year.</p>"
            b"<p>It&rsquo;s &ldquo;a gateway&rdquo; &mdash; experts say.</p></body></html>")
    text = pagetext.page_text(html, "text/html; charset=utf-8").text
    quote = "According to the NSPCC, online grooming crimes reported by police have increased by approximately 70% since 2021, where it hit an all-time high in the UK that year."
    assert find_quote(quote, text).verdict is QuoteVerdict.FOUND
    assert find_quote("It\u2019s \u201ca gateway\u201d \u2013 experts say.", text).verdict is QuoteVerdict.FOUND
    changed = find_quote(quote.replace("70%", "80%"), text)
    assert changed.verdict is QuoteVerdict.CHANGED
    assert "70%" in changed.evidence


def test_soft_404_page_through_pagetext_is_missing():
    pagetext = pytest.importorskip("factlib.text.pages")
    html = b"<html><title>Page not found</title><body><h1>Page not found</h1><p>Try the search.</p></body></html>"
    text = pagetext.page_text(html, "text/html").text
    assert find_quote(QUOTE, text).verdict is QuoteVerdict.MISSING


# -- properties -----------------------------------------------------------------------------

_WORDS = st.lists(st.sampled_from(["crimes", "rose", "by", "70%", "in", "2021", "police", "the", "it's", "grooming",
                                   "well-known", "\u201crecord\u201d", "3,217", "U.K."]), min_size=3, max_size=25)
_SPACE = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t", " \r\n ", "\u202f", "\u200b "])
_CURLY = {"'": ["'", "\u2019", "\u2018", "\u02bc"], '"': ['"', "\u201c", "\u201d"], "-": ["-", "\u2010", "\u2011"]}


@st.composite
def _varied(draw, words):
    out = []
    for w in words:
        w = "".join(draw(st.sampled_from(_CURLY[c])) if c in _CURLY else c for c in w)
        if draw(st.booleans()):
            w = w.upper()
        out.append(w)
        out.append(draw(_SPACE))
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.data(), _WORDS, st.text(max_size=200), st.text(max_size=200))
def test_quote_inside_a_page_with_whitespace_and_quote_variations_is_found(data, words, before, after):
    quote = " ".join(words)
    page = before + " " + data.draw(_varied(words)) + " " + after
    match = find_quote(quote, page)
    assert match.verdict is QuoteVerdict.FOUND, (quote, page)
    assert 0 <= match.start < match.end <= len(page)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=2000))
def test_find_quote_never_raises(quote, page):
    match = find_quote(quote, page)
    assert match.verdict in (QuoteVerdict.FOUND, QuoteVerdict.CHANGED, QuoteVerdict.MISSING)
    assert 0.0 <= match.score <= 1.0
    if match.verdict is not QuoteVerdict.MISSING:
        assert 0 <= match.start <= match.end <= len(page)
