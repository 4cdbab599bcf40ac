"""Comparing figures with their rounding and qualifiers.

A figure admits an interval of values: "70%" admits 69–71 (a round figure is
taken as rounded), "69.1%" admits 69.05–69.15, "about 70%" admits about ±5%,
"over a quarter" admits 25–30%, "almost half" 45–50%. Two figures agree when
their intervals meet. The validator uses this for facts of one measure and for
declared arithmetic; the draft checker for draft figures against facts.
"""

from __future__ import annotations

import ast
import functools
import math
import re
from typing import Any, Hashable, Mapping, Protocol, cast

from factlib.model import Kind, Qualifier

Interval = tuple[float, float]

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_RATIO = re.compile(r"\b(?:in|out of|of)\s+(?:every\s+|the\s+)?([\w,.-]+)\s*$", re.IGNORECASE)
_FRACTION_WORDS = re.compile(r"\b(half|halves|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths|most)\b", re.I)

_MOST = re.compile(r"\bmost\b", re.IGNORECASE)

# relative slack for hedged figures: "about 70%" admits 66.5–73.5
APPROX = 0.05
OVER = 0.15    # "over a quarter" stops short of 29%, "more than half" at 57.5%
ALMOST = 0.10  # "almost half" starts at 45%


class FigureLike(Protocol):
    """What comparing needs of a figure: a library Figure, a figure found in a draft (read-only fields)."""

    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> Any: ...
    @property
    def value(self) -> Any: ...
    @property
    def qualifier(self) -> Any: ...


def _num(value: Any) -> float:
    return float(value)


def precision(text: str, kind: Kind, value: float) -> float:
    """Half the unit of the last significant digit the text gives, in the value's units."""
    kind = Kind(kind)
    if kind == Kind.SHARE:
        m = _RATIO.search(text)
        if m and not text.rstrip().endswith("%"):
            denominator = _denominator(m.group(1))
            if denominator:
                # "1 in 7" is nearer 1/7 than 1/6 or 1/8; "four in five" is nearer 80% than 70% or 90%
                return min(abs(value) * 0.45, 25.0) / denominator
    numbers = _NUMBER.findall(text)
    if not numbers:
        if _FRACTION_WORDS.search(text):
            return 2.0  # "half", "a quarter": a fraction word is a rounding of a percentage
        whole = float(value).is_integer()
        return _round_precision(kind, 1.0, _whole_zeros(int(abs(value))) if whole else 0, 0, abs(value))
    token = numbers[-1].replace(",", "")
    decimals = len(token.split(".")[1]) if "." in token else 0
    token_value = float(token)
    scale = abs(value) / token_value if token_value and kind in (Kind.COUNT, Kind.MONEY, Kind.RANGE) else 1.0
    zeros = 0 if decimals else _whole_zeros(int(token_value))
    return _round_precision(kind, scale, zeros, decimals, abs(value))


def _round_precision(kind: Kind, scale: float, zeros: int, decimals: int, size: float = 0.0) -> float:
    if decimals:
        return 0.5 * 10 ** -decimals * scale
    if kind in (Kind.SHARE, Kind.CHANGE):
        return 1.0 if zeros else 0.5  # "70%" is read as 69–71, "69%" as 68.5–69.5
    if scale > 1:
        return 0.5 * 10 ** zeros * scale  # "3 million" is 2.5–3.5 million
    if zeros and size >= 1000:
        return 0.5 * 10 ** zeros  # "750,000" is a round number: 745,000–755,000
    return 0.0  # "40 men", "5,441 offences": counts are exact


def _whole_zeros(n: int) -> int:
    zeros = 0
    while n and n % 10 == 0:
        n //= 10
        zeros += 1
    return zeros


def _denominator(word: str) -> float | None:
    word = word.strip(".,")
    if word.replace(",", "").isdigit():
        return float(word.replace(",", ""))
    from factlib.figures.scan import parse_figure

    found = parse_figure(word)
    if found is not None and found.kind == Kind.COUNT and isinstance(found.value, (int, float)):
        return float(found.value)
    return None


def interval(figure: FigureLike) -> Interval:
    """The values a figure admits, given its rounding and its qualifier."""
    try:
        return _interval(cast(Hashable, figure))
    except TypeError:  # an unhashable stand-in (tests' simple records): compute without the cache
        return _interval.__wrapped__(figure)


@functools.lru_cache(maxsize=65536)
def _interval(figure: FigureLike) -> Interval:
    kind = Kind(figure.kind)
    if kind == Kind.RANGE:
        low, high = (float(v) for v in figure.value)
        r = precision(figure.text, kind, high)
        return (low - r, high + r)
    value = _num(figure.value)
    r = precision(figure.text, kind, value)
    q = Qualifier(figure.qualifier)
    size = abs(value)
    if q == Qualifier.EXACT:
        return (value - r, value + r)
    if q == Qualifier.APPROX:
        slack = max(r, APPROX * size, 1.0 if kind in (Kind.SHARE, Kind.CHANGE) else 0.0)
        return (value - slack, value + slack)
    # A hedge says which side of the figure the truth lies and roughly how far: "over a quarter"
    # is above 25% and short of 30%, "almost 300 million" 270-300 million. The rounding of a round
    # number ("300 million" alone may mean 250-350 million) does not widen a hedged figure.
    floor = 0.5 if kind in (Kind.SHARE, Kind.CHANGE) else 0.0
    if q in (Qualifier.OVER, Qualifier.AT_LEAST):
        if kind == Kind.SHARE and _MOST.search(figure.text):
            return (value, 100.0)  # "most of them" is anything above half
        return (value, value + max(floor, OVER * size))
    if q in (Qualifier.UNDER, Qualifier.AT_MOST):
        return (value - max(floor, OVER * size), value)
    return (value - max(floor, ALMOST * size), value)  # almost / nearly: just below the figure


def signature(figure: FigureLike) -> tuple:
    """What two figures must share to be compared: kind, scale ("points", "percent") and currency.

    A count's unit ("police forces") is free text and does not count.
    """
    unit = getattr(figure, "unit", "") or ""
    return (Kind(figure.kind), unit if unit in ("points", "percent") else "", getattr(figure, "currency", "") or "")


def comparable(a: FigureLike, b: FigureLike) -> bool:
    """Whether two figures measure in the same terms, so that comparing means something (years never do)."""
    sa = signature(a)
    return sa[0] != Kind.YEAR and sa == signature(b)


def agrees(a: FigureLike, b: FigureLike) -> bool:
    """Whether two comparable figures can both be true."""
    if Kind(a.kind) == Kind.RANGE and Kind(b.kind) == Kind.RANGE:
        (alo, ahi), (blo, bhi) = a.value, b.value
        ra, rb = precision(a.text, Kind.RANGE, ahi), precision(b.text, Kind.RANGE, bhi)
        return abs(alo - blo) <= ra + rb and abs(ahi - bhi) <= ra + rb
    return _meet(interval(a), interval(b), strict=True)


def _meet(a: Interval, b: Interval, strict: bool = False) -> bool:
    """Whether two intervals share a value. `strict`: two roundings that only touch share none
    ("7%" is 6.5–7.5 and "8%" 7.5–8.5, yet nobody reads them as one figure)."""
    eps = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
    if not strict or a[0] == a[1] or b[0] == b[1]:
        return a[0] <= b[1] + eps and b[0] <= a[1] + eps
    return min(a[1], b[1]) - max(a[0], b[0]) > eps


# -- declared arithmetic -------------------------------------------------------


class ArithmeticError_(ValueError):
    """A relation that cannot be evaluated: bad syntax or an unknown figure name."""


def check_relation(relation: str, figures: Mapping[str, FigureLike]) -> tuple[bool, Interval, Interval]:
    """Evaluate "lhs = rhs" over named figures with interval arithmetic.

    Share and change figures enter as fractions (69% is 0.69). Returns whether the
    two sides can be equal within the figures' rounding, and both sides' intervals.
    """
    if relation.count("=") != 1:
        raise ArithmeticError_(f"expected one '=' in {relation!r}")
    left, right = relation.split("=")
    values = {name: _as_operand(fig) for name, fig in figures.items()}
    lhs, rhs = _evaluate(left, values), _evaluate(right, values)
    return _meet(lhs, rhs), lhs, rhs


def _as_operand(figure: FigureLike) -> Interval:
    low, high = interval(figure)
    if Kind(figure.kind) in (Kind.SHARE, Kind.CHANGE):
        return (low / 100.0, high / 100.0)
    return (low, high)


def _evaluate(expression: str, values: dict[str, Interval]) -> Interval:
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        raise ArithmeticError_(f"cannot read {expression.strip()!r}") from None
    return _eval(tree.body, values)


def _eval(node: ast.AST, values: dict[str, Interval]) -> Interval:
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise ArithmeticError_(f"no figure named {node.id!r}")
        return values[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return (float(node.value), float(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        lo, hi = _eval(node.operand, values)
        return (-hi, -lo)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        a, b = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Add):
            return (a[0] + b[0], a[1] + b[1])
        if isinstance(node.op, ast.Sub):
            return (a[0] - b[1], a[1] - b[0])
        if isinstance(node.op, ast.Div):
            if b[0] <= 0 <= b[1]:
                raise ArithmeticError_("division by a figure that may be zero")
            b = (1.0 / b[1], 1.0 / b[0])
        products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
        return (min(products), max(products))
    raise ArithmeticError_("only figure names, numbers, + - * / and parentheses are allowed")


def show_value(value: Any) -> str:
    """A value as people write it: 70, 14.29, 3800000000, [11, 15]."""
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    v = float(value)
    if math.isfinite(v) and v.is_integer():
        return str(int(v))
    return f"{v:.4g}" if abs(v) < 1000 else f"{v:,.0f}"
