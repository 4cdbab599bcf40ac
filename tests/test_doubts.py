"""When a differing figure is not called a contradiction: it may be about something else (drafts/doubts.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from conftest import SHIPPED

from factlib.drafts.check import CheckOptions, CheckRun
from factlib.drafts.documents import document_from_text
from factlib.drafts.doubts import _digits, another_size
from factlib.library.load import load_library
from factlib.model import Kind


@pytest.fixture(scope="module")
def shipped():
    return load_library(SHIPPED)


def judged(library, text: str, figure: str) -> tuple[str, str]:
    """The code of the finding on `figure`, and the fact it names (for unsourced: its nearest)."""
    doc = document_from_text(text, path="draft.md", format="markdown")
    [(_, findings)] = CheckRun([doc], library, CheckOptions(today=dt.date(2026, 11, 25)))
    [found] = [f for f in findings if f.text == figure and f.code.startswith("figure.")]
    nearest = found.message.split("nearest: ")[1].split(" ")[0] if "nearest: " in found.message else ""
    return found.code, found.fact_id or nearest


def count(value: float, kind: Kind = Kind.COUNT):
    return SimpleNamespace(kind=kind, value=value, text=str(value))


@pytest.mark.parametrize("a, b, apart", [
    (196, 5441, True),            # one region's count against the nation's
    (50_000, 750_000, True),
    (45_000_000, 112, True),
    (3.8e6, 3.8e9, False),        # a slip of scale keeps the digits: still the fact misquoted
    (544, 5441, False),           # a dropped digit
    (75_000, 750_000, False),
    (5_000, 5_441, False),        # near enough to be a wrong value of the same count
    (4_000, 5_441, False),
])
def test_a_count_ten_times_apart_with_other_digits_counts_something_else(a, b, apart):
    assert another_size(count(a), count(b)) is apart
    assert another_size(count(b), count(a)) is apart


def test_only_counts_and_money_are_sized():
    assert not another_size(count(1, Kind.SHARE), count(40, Kind.SHARE))


def test_significant_digits():
    assert [_digits(v) for v in (750_000, 4.14e9, 196, 0.5)] == ["75", "414", "196", "5"]


def test_a_regional_count_is_not_a_contradiction_of_the_national_one(shipped):
    sentence = "Police recorded {} offences of sexual communication with a child in 2020/21.\n"
    assert judged(shipped, sentence.format("196"), "196") == ("figure.unsourced", "cypnow-online-grooming-offences-2020-21")
    assert judged(shipped, sentence.format("5,414"), "5,414")[0] == "figure.contradicts"
    assert judged(shipped, sentence.format("544"), "544")[0] == "figure.contradicts"  # a dropped digit


def test_a_sentence_with_no_time_on_a_page_about_other_times(shipped):
    alone = "Snapchat was used in 14% of online grooming offences where the platform was known.\n"
    assert judged(shipped, alone, "14%")[0] == "figure.contradicts"
    older = "The data from April 2017 to September 2018 were released to the NSPCC.\n\n" + alone
    assert judged(shipped, older, "14%")[0] == "figure.unsourced"
    fitting = "The data for 2020/21 were released to the NSPCC.\n\n" + alone
    assert judged(shipped, fitting, "14%")[0] == "figure.contradicts"


def test_since_runs_to_the_time_of_writing(shipped):
    sentence = "Since 2000, traffickers have recruited 55% of all sex trafficking victims online.\n"
    assert judged(shipped, sentence, "55%") == ("figure.contradicts", "thenewscare-hti-2000-2020-recruited-online-30pc")
    later = "The hotline identified 16,554 likely victims in 2021.\n\n" + sentence
    assert judged(shipped, later, "55%") == ("figure.unsourced", "thenewscare-hti-2000-2020-recruited-online-30pc")


def test_another_facts_very_figure_misdated_is_that_facts(shipped):
    sentence = "In 85% of all cases, the internet was the primary form of advertising (2020 Human Trafficking Report).\n"
    assert judged(shipped, sentence, "85%") == ("figure.unsourced", "guardiangroup-hti-2021-defendants-solicit-buyers-online-85pc")
    # another platform's figure given to Snapchat is a wrong value, not Meta's figure misdated
    assert judged(shipped, "Snapchat was used in almost half of grooming offences.\n", "almost half")[0] == "figure.contradicts"


def test_a_copied_quote_with_a_changed_figure_stays_an_error_on_any_page(shipped):
    quote = "Snapchat was used in over a quarter of offences, meaning the big four were used in 74% of instances where platform was known"
    text = "The data from April 2017 to September 2018 were released.\n\n" + quote.replace("over a quarter", "over a half") + ".\n"
    assert judged(shipped, text, "over a half")[0] == "figure.contradicts"


def test_a_figure_is_supported_only_by_the_most_precise_fact_of_its_measure(shipped):
    # "more than 4.5 billion" and "4.54 billion" are one measure, scope and period: 4.57 is not 4.54
    stated = "In January 2020, {} people worldwide used the internet.\n"
    assert judged(shipped, stated.format("4.54 billion"), "4.54 billion")[0] == "figure.supported"
    assert judged(shipped, stated.format("4.57 billion"), "4.57 billion") == (
        "figure.unsourced", "marcomm-digital-2020-internet-users")  # named as the fact to use
    # a figure as loose as the fact it agrees with is judged as loosely
    assert judged(shipped, stated.format("more than 4.5 billion"), "more than 4.5 billion")[0] == "figure.supported"


def test_a_figure_bound_to_a_known_error_is_sized_against_the_right_figure(shipped):
    # the words fit the disputed "3.8 million social media users" best; 6.8 billion is measured
    # against the vetted 3.80 billion it corrects, not called another size of the error
    text = "The audience of social networks in 2020 totals 6.8 billion people - compared with 3.484 billion last year\n"
    assert judged(shipped, text, "6.8 billion") == ("figure.contradicts", "tnw-digital-2020-social-media-users")


def test_a_changed_figure_beside_another_facts_repeated_count_is_still_caught(shipped):
    # the sentence repeats the 2020/21 count's words; its change figure, changed, is the rise's, not a stray number
    text = ("There were 5,441 Sexual Communication with a Child offences recorded between April 2020 and March 2021, "
            "an increase of around {} from recorded crimes in 2017/18.\n")
    assert judged(shipped, text.format("70%"), "increase of around 70%")[0] == "figure.supported"
    assert judged(shipped, text.format("112%"), "increase of around 112%")[0] == "figure.contradicts"


def test_a_pages_times_are_weighed_once_per_fact_not_once_per_figure(shipped, monkeypatch):
    # a page of 200 sentences naming no time, each tied to the same fact, on a page of 200 dates:
    # weighing the page's times per figure made checking it quadratic
    from factlib.drafts import sentences

    calls = []
    real = sentences.times_outside

    def counted(periods, about):
        calls.append(about.fact.id)
        return real(periods, about)

    monkeypatch.setattr(sentences, "times_outside", counted)
    text = "Snapchat was used in 14% of grooming offences.\n\nThe data were published in March 2019.\n\n" * 200
    doc = document_from_text(text, path="draft.md", format="markdown")
    [(_, findings)] = CheckRun([doc], shipped, CheckOptions(today=dt.date(2026, 11, 25)))
    assert sum(f.text == "14%" for f in findings) == 200
    assert len(calls) == len(set(calls)) >= 1


def test_a_web_pages_title_opens_it(shipped):
    # the page names Northern Ireland only in its <title>: its counts are not the England and Wales ones
    body = "<p>Online grooming offences increased by 139 per cent between 2017/18 and 2020/21.</p>"
    titled = f"<html><head><title>Record grooming crimes in Northern Ireland</title></head><body>{body}</body></html>"
    untitled = f"<html><head><title>Record grooming crimes</title></head><body>{body}</body></html>"

    def codes(source):
        doc = document_from_text(source, path="page.html", format="html")
        [(_, findings)] = CheckRun([doc], shipped, CheckOptions(today=dt.date(2026, 11, 25)))
        return {f.code for f in findings if f.code.startswith("figure.")}

    assert codes(titled) == {"figure.unsourced"}
    assert codes(untitled) == {"figure.contradicts"}


def test_the_sentence_before_places_one_that_names_no_place(shipped):
    sentence = "Snapchat was used in 14% of online grooming offences where the platform was known.\n"
    assert judged(shipped, "Police in Kent recorded 300 such offences in 2020/21. " + sentence, "14%")[0] == "figure.unsourced"
    assert judged(shipped, "Police recorded 5,441 such offences in 2020/21. " + sentence, "14%")[0] == "figure.contradicts"
