"""Reading periods from drafts and facts, and whether they fit (drafts/periods.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlib.drafts.periods import Period, period_fits, period_mentions, periods_in, read_period

@pytest.mark.parametrize("text, shape, words", [
    ("It rose between 2016/17 and 2019/20.", "range", "between 2016/17 and 2019/20"),
    ("from 2012 to 2015", "range", "from 2012 to 2015"),
    ("in 2014-2016", "range", "2014-2016"),
    ("since 2016", "since", "since 2016"),
    ("as compared to March 2018", "base", "compared to March 2018"),
    ("in 2019/20", "point", "2019/20"),
    ("in the year to June 2018", "point", "in the year to June 2018"),
    ("on May 3, 2016", "point", "May 3, 2016"),
    ("in five years", "duration", "in five years"),
    ("over the past 3 years", "duration", "over the past 3 years"),
    ("a year-on-year rise", "duration", "year-on-year"),
])
def test_period_shapes(text, shape, words):
    (found,) = period_mentions(text)
    assert (found[2].shape, found[3]) == (shape, words)


def test_a_number_that_is_not_a_year_names_no_period():
    assert period_mentions("2,000 people, 2019% and 1999.5") == []


def test_fact_periods_are_read_only_when_plain():
    assert read_period("2016/17 to 2019/20").span_years() == 3
    assert read_period("March 2018 to March 2019").span_years() == 1
    assert read_period("2016").shape == "point"
    for unclear in ("not stated (c. 2010)", "up to 2015", "cases collected for a 2019 report (published 2020)"):
        assert read_period(unclear) is None


def _said(text: str) -> Period:
    return period_mentions(text)[0][2]


@pytest.mark.parametrize("said, fact, change, fits", [
    ("in 2016/17", "2016/17", False, True),
    ("in 2017", "2016/17", False, True),            # a calendar year a financial year falls in
    ("in 2017/18", "2016/17", False, False),
    ("in April 2016", "January 2016", False, False),
    ("in 2016", "January 2016", False, True),
    ("in three years", "2016/17 to 2019/20", True, True),
    ("in four years", "2016/17 to 2019/20", True, False),
    ("annual", "2016/17 to 2019/20", True, False),
    ("annual", "2019/20", False, True),
    ("since 2016/17", "2016/17 to 2019/20", True, True),
    ("since 2015", "2016/17 to 2019/20", True, False),
    ("between 2016/17 and 2019/20", "2016/17 to 2019/20", True, True),
    ("between 2016/17 and 2018/19", "2016/17 to 2019/20", True, False),
    ("in 2019/20", "2016/17 to 2019/20", True, True),   # a change may name either end
    ("in 2019", "2000 to 2019", False, False),          # a share over twenty years is not one year's
    ("in 2018", "January 2018 to January 2019", False, True),  # the point covers the range
])
def test_period_fits(said, fact, change, fits):
    assert period_fits(_said(said), read_period(fact), change) is fits


@given(st.integers(1950, 2048), st.integers(1950, 2048))
def test_a_year_fits_itself_and_no_other(a, b):
    assert period_fits(_said(f"in {a}"), read_period(str(b))) is (a == b)




def test_periods_in_reads_financial_years_as_both_years():
    assert periods_in("in 2020/21 and 2019") == {(2020, 2021), (2019, 2019)}


def test_a_length_in_months_is_read_in_years():
    [(_, _, period, words)] = period_mentions("5,161 reports were made in 18 months")
    assert (period.shape, period.years, words) == ("duration", 1.5, "in 18 months")
    assert not period_fits(period, read_period("2020/21"))  # eighteen months are not one financial year
    [(_, _, year, _)] = period_mentions("over the past 12 months")
    assert year.years == 1 and period_fits(year, read_period("2020/21"))
