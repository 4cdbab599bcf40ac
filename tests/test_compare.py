"""Rounding and qualifiers: which figures can both be true (PRODUCT.md §3)."""

from __future__ import annotations

import attrs
import pytest

from factlib.figures.compare import ArithmeticError_, agrees, check_relation, comparable, interval, precision
from factlib.model import Kind, Qualifier


@attrs.frozen
class Fig:
    text: str
    kind: Kind
    value: object
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = ""
    currency: str = ""


S, C, N = Kind.SHARE, Kind.CHANGE, Kind.COUNT
Q = Qualifier
ABOUT_70 = Fig("about 70%", C, 70, Q.APPROX)


@pytest.mark.parametrize("a, b", [
    (Fig("almost half", S, 50, Q.ALMOST), Fig("48%", S, 48)),
    (Fig("over a quarter", S, 25, Q.OVER), Fig("26%", S, 26)),
    (Fig("70%", S, 70), Fig("69.1%", S, 69.1)),
    (Fig("69 per cent", C, 69), ABOUT_70),
    (Fig("around 70 per cent", C, 70, Q.APPROX), ABOUT_70),
    (Fig("1 in 7", S, 100 / 7), Fig("14.4%", S, 14.4)),
    (Fig("Nearly 300 million", N, 3e8, Q.ALMOST), Fig("298 million", N, 2.98e8)),
    (Fig("over 4.5 billion", N, 4.5e9, Q.OVER), Fig("4.54 billion", N, 4.54e9)),
    (Fig("more than half", S, 50, Q.OVER), Fig("57%", S, 57)),
    (Fig("approximately 40%", S, 40, Q.APPROX), Fig("41 percent", S, 41)),
    (Fig("5,441", N, 5441), Fig("5,441 offences", N, 5441)),  # exact counts: one value each
])
def test_agree(a, b):
    assert agrees(a, b) and agrees(b, a)


@pytest.mark.parametrize("a, b", [
    (Fig("80%", C, 80), ABOUT_70),
    (Fig("more than three quarters", C, 75, Q.OVER), ABOUT_70),
    (Fig("over a quarter", S, 25, Q.OVER), Fig("48%", S, 48)),
    (Fig("3.8 million", N, 3.8e6), Fig("3.80 billion", N, 3.8e9)),
    (Fig("1 in 7", S, 100 / 7), Fig("1 in 6", S, 100 / 6)),
    (Fig("57%", S, 57), Fig("40%", S, 40)),
    (Fig("70%", S, 70), Fig("74%", S, 74)),
    (Fig("seven percent", S, 7), Fig("8%", S, 8)),  # roundings that only touch (6.5-7.5, 7.5-8.5)
    (Fig("69%", C, 69), Fig("70.5%", C, 70.5)),
])
def test_disagree(a, b):
    assert not agrees(a, b) and not agrees(b, a)


def test_words_in_ratios_need_the_figure_parser():
    four_in_five = Fig("four in five", S, 80)
    assert precision("four in five", S, 80) == pytest.approx(25 / 5)
    assert not agrees(four_in_five, ABOUT_70)


def test_precision_follows_the_digits_given():
    assert precision("69.1%", S, 69.1) == pytest.approx(0.05)
    assert precision("3.8 billion", N, 3.8e9) == pytest.approx(0.05e9)
    assert precision("5,441", N, 5441) == 0
    assert precision("40 men", N, 40) == 0
    assert precision("750,000", N, 750000) == 5000
    assert precision("70%", S, 70) == 1.0


def test_intervals_by_qualifier():
    assert interval(Fig("over a quarter", S, 25, Q.OVER)) == pytest.approx((25, 28.75))
    assert interval(Fig("almost 300 million", N, 3e8, Q.ALMOST)) == pytest.approx((2.7e8, 3e8))
    assert interval(Fig("more than 4.5 billion", N, 4.5e9, Q.OVER)) == pytest.approx((4.5e9, 5.175e9))
    assert interval(Fig("almost half", S, 50, Q.ALMOST)) == pytest.approx((45, 50))
    assert interval(Fig("about 70%", S, 70, Q.APPROX)) == pytest.approx((66.5, 73.5))


def test_comparable_needs_same_kind_unit_and_currency():
    assert comparable(Fig("70%", S, 70), Fig("half", S, 50))
    assert not comparable(Fig("70%", S, 70), Fig("70", N, 70))
    assert not comparable(Fig("up 3 points", C, 3, unit="points"), Fig("3%", C, 3))
    assert not comparable(Fig("£5", Kind.MONEY, 5, currency="GBP"), Fig("$5", Kind.MONEY, 5, currency="USD"))
    assert not comparable(Fig("2021", Kind.YEAR, 2021), Fig("2021", Kind.YEAR, 2021))


def test_parts_and_whole():
    figs = {n: Fig(str(v), N, v) for n, v in dict(men=40, girls=32, women=23, boys=11, undefined=6, total=112).items()}
    assert check_relation("men + girls + women + boys + undefined = total", figs)[0]
    figs["total"] = Fig("113", N, 113)
    holds, lhs, rhs = check_relation("men + girls + women + boys + undefined = total", figs)
    assert not holds and lhs == (112, 112) and rhs == (113, 113)


def test_change_between_a_from_to_pair():
    figs = {"before": Fig("3,217", N, 3217), "after": Fig("5,441", N, 5441), "change": Fig("69 per cent", C, 69)}
    assert check_relation("change = (after - before) / before", figs)[0]
    figs["change"] = Fig("84%", C, 84)
    assert not check_relation("change = (after - before) / before", figs)[0]


@pytest.mark.parametrize("relation", ["a + = b", "a = b = c", "a = nothing", "a = __import__('os')", "a = b ** 2"])
def test_bad_relations_are_refused(relation):
    with pytest.raises(ArithmeticError_):
        check_relation(relation, {"a": Fig("1", N, 1), "b": Fig("1", N, 1)})
