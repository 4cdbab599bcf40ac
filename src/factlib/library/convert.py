"""The one cattrs converter: TOML data to records and back.

Structuring is strict: unknown keys, wrong types, bad dates and unknown enum
values are errors. :func:`structure_source` raises :class:`StructureErrors`
carrying every problem of a file at once, each as a (field path, message) pair
such as ``("facts[1].figures[0].value", 'expected a number, got "seventy"')``;
the loader adds the file and line.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import typing
from typing import Any, Callable, TypeVar

import attrs

import cattrs
from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn

from factlib.linkresult import LinkVerdict, QuoteVerdict, SourceReport
from factlib.model import Fact, Figure, Kind, PartialDate, Qualifier, Source, SourceKind, Status, Value


T = TypeVar("T")


class StructureErrors(Exception):
    """Every problem found while structuring one file: (field path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


class _Invalid(ValueError):
    """A value our hooks rejected, with the message to show as is."""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return "a table" if isinstance(value, dict) else "an array"
    return str(value)


def _structure_str(value: Any, _: type) -> str:
    if type(value) is not str:
        raise _Invalid(f"expected a string, got {_show(value)}")
    return value


def _structure_strings(value: Any, _: type) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Invalid(f"expected an array of strings, got {_show(value)}")
    for v in value:
        if type(v) is not str:
            raise _Invalid(f"expected an array of strings, got {_show(v)} in it")
    return tuple(value)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _Invalid(f"expected a date (YYYY-MM-DD), got a date and time {_show(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _Invalid(f"expected a real date as YYYY-MM-DD, got {_show(value)}") from None
    raise _Invalid(f"expected a date (YYYY-MM-DD), got {_show(value)}")


def _structure_optional_date(value: Any, t: type) -> dt.date | None:
    if value is None or value == "":
        return None
    return _structure_date(value, t)


def _structure_partial_date(value: Any, _: type) -> PartialDate:
    if isinstance(value, dt.datetime):
        raise _Invalid(f"expected a date, got a date and time {_show(value)}")
    if isinstance(value, dt.date):
        return PartialDate.of(value)
    if isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except ValueError as err:
            raise _Invalid(f"{err}") from None
    raise _Invalid(f'expected a date as "YYYY", "YYYY-MM" or "YYYY-MM-DD", got {_show(value)}')


def _structure_float(value: Any, _: type) -> float:
    return _number(value)


def _structure_bool(value: Any, _: type) -> bool:
    # registered apart: bool is an int, and the int hook below would refuse true and false
    if not isinstance(value, bool):
        raise _Invalid(f"expected true or false, got {_show(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"expected a whole number, got {_show(value)}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Invalid(f"expected a number, got {_show(value)}")
    if not math.isfinite(value):
        raise _Invalid(f"expected a finite number, got {value}")
    return float(value)


def _structure_value(value: Any, _: type) -> Value:
    if isinstance(value, list):
        if len(value) != 2:
            raise _Invalid(f"expected a number or [low, high], got an array of {len(value)}")
        low, high = _number(value[0]), _number(value[1])
        return (low, high)
    return _number(value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, type], enum.Enum]:
    choices = ", ".join(m.value for m in cls)

    members = {m.value: m for m in cls}

    def hook(value: Any, _: type) -> enum.Enum:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise _Invalid(f"expected one of {choices}, got {_show(value)}") from None

    return hook


def _unstructure_value(value: Value) -> Any:
    return plain_number(value)


def plain_number(value: Any) -> Any:
    """Numbers as people write them in JSON and TOML: 70, not 70.0; ranges as lists; others unchanged."""
    if isinstance(value, (tuple, list)):
        return [plain_number(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _table_hook(conv: cattrs.Converter, cls: type) -> Callable[[Any, type], Any]:
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True,
                                                              _cattrs_detailed_validation=conv.detailed_validation)

    def hook(value: Any, _: type) -> Any:
        if not isinstance(value, dict):
            raise _Invalid(f"expected a table, got {_show(value)}")
        return inner(value, cls)

    return hook


def _fast_tuple(hook: Callable[[Any, type], Any], cls: type) -> Callable[[Any, type], tuple]:
    def structure(value: Any, _: type) -> tuple:
        if type(value) is not list:
            raise _Invalid("expected an array")
        return tuple([hook(item, cls) for item in value])

    return structure


def _tuple_of(cls: type) -> Callable[[Any], bool]:
    """A predicate for the type tuple[cls, ...]."""
    return lambda t: typing.get_origin(t) is tuple and typing.get_args(t) == (cls, ...)


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """The converter: strict structuring from TOML data, plain unstructuring to JSON-ready data.

    `detailed` collects every problem with its field path; without it structuring is about
    twice as fast and stops at the first problem, so valid files take the fast path and an
    invalid one is structured again in detail for its messages.
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    # every attrs record (facts, configuration sections, link results) is a table with no unknown keys;
    # a record with a hook of its own (PartialDate) keeps it: hooks by class come before factories
    conv.register_structure_hook_factory(attrs.has, lambda cls: _table_hook(conv, cls))
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _structure_strings)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.date | None, _structure_optional_date)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_structure_hook(Value, _structure_value)
    # each enum by class: they subclass str, and the str hook must not catch them
    for cls in _ENUMS:
        conv.register_structure_hook(cls, _enum_hook(cls))
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    if not detailed:
        # the fast pass only has to succeed on valid files (a failure is structured again in
        # detail), so arrays of records skip cattrs' general sequence machinery; registered
        # before the enclosing record's hook is generated, which captures it
        for record in (Figure, Fact):
            conv.register_structure_hook_func(_tuple_of(record), _fast_tuple(conv.get_structure_hook(record), record))
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(Value, _unstructure_value)
    for cls in _ENUMS:
        conv.register_unstructure_hook(cls, lambda e: e.value)
    return conv


_ENUMS: tuple[type[enum.Enum], ...] = (Status, SourceKind, Kind, Qualifier, LinkVerdict, QuoteVerdict)


CONVERTER = make_converter()
_FAST = make_converter(detailed=False)


def structure_source(data: dict[str, Any], path: str = "") -> Source:
    """Build a Source (with its facts) from one fact file's TOML data.

    The file has a ``[source]`` table and an array of ``[[facts]]`` tables.
    Raises StructureErrors with every problem found.
    """
    problems: list[tuple[str, str]] = []
    if not isinstance(data.get("source"), dict):
        problems.append(("source", "missing [source] table"))
    extra = sorted(set(data) - {"source", "facts"})
    for key in extra:
        problems.append((key, "unknown key (a fact file holds [source] and [[facts]])"))
    facts = data.get("facts", [])
    if not isinstance(facts, list):
        problems.append(("facts", "expected an array of tables ([[facts]])"))
        facts = []
    if problems:
        raise StructureErrors(problems)
    merged = dict(data["source"])
    if "facts" in merged:
        raise StructureErrors([("source.facts", "unknown key (facts belong in [[facts]] tables)")])
    if "path" in merged:
        raise StructureErrors([("source.path", "unknown key")])
    for i, fact in enumerate(facts):
        if isinstance(fact, dict) and "figures" in fact and not isinstance(fact["figures"], list):
            # cattrs would read a string as a sequence of characters, one error each
            problems.append((f"facts[{i}].figures", f"expected an array of figure tables, got {_show(fact['figures'])}"))
    if problems:
        raise StructureErrors(problems)
    merged["facts"] = facts
    try:
        source = structure_strict(merged, Source)
    except StructureErrors as err:
        # facts live at the top level of the file, not inside [source]
        raise StructureErrors(
            [(p if p.startswith("facts") else f"source.{p}" if p else "source", m) for p, m in err.problems]
        ) from None
    return attrs.evolve(source, path=path)


def structure_strict(data: Any, cls: type[T], prefix: str = "") -> T:
    """Structure `data` as `cls`; raise StructureErrors with every problem, paths under `prefix`."""
    try:
        return _FAST.structure(data, cls)
    except Exception:  # noqa: BLE001 - any failure is reported by the detailed pass below
        pass
    try:
        return CONVERTER.structure(data, cls)
    except (BaseValidationError, _Invalid) as err:
        raise StructureErrors(_problems(err, prefix)) from None


# transform_error writes each problem as "message @ path"; an exception's message comes from _message.
# Unknown keys are one exception naming them all: each becomes its own problem, at its own path.
_AT = " @ "
_UNKNOWN_KEYS = "\x00unknown keys\x00"


def _problems(err: BaseException, prefix: str) -> list[tuple[str, str]]:
    problems = []
    for line in cattrs.transform_error(err, path=prefix, format_exception=_message):
        message, path = line.rsplit(_AT, 1)
        path = path.lstrip(".")  # a field of the root record, with no prefix: "id", not ".id"
        if message.startswith(_UNKNOWN_KEYS):
            problems += [(f"{path}.{key}" if path else key, "unknown key") for key in message.split("\x00")[2:]]
        else:
            problems.append((path, message))
    return problems


def _message(exc: BaseException, _: Any) -> str:
    if isinstance(exc, _Invalid):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return _UNKNOWN_KEYS + "\x00".join(sorted(exc.extra_fields))
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, TypeError) and "not iterable" in str(exc):
        return "expected an array"
    if isinstance(exc, (AttributeError, TypeError)) and ("keys" in str(exc) or "mapping" in str(exc)):
        return "expected a table"
    return f"invalid value ({exc})"


def structure_link_report(data: Any) -> SourceReport:
    """A link check's stored report (as :func:`unstructure` wrote it) back as a SourceReport.

    Keys left out take the record's defaults; anything else wrong raises StructureErrors.
    The link database reads its JSON through this, so link records are built by the one converter.
    """
    return structure_strict(data, SourceReport)


def unstructure(record: Any) -> Any:
    """Records to plain data (str, int, float, list, dict) ready for JSON or TOML."""
    return CONVERTER.unstructure(record)


def figure_data(figure: Figure) -> dict[str, Any]:
    """A figure as its fact file writes it: empty optional fields left out."""
    data = unstructure(figure)
    return {k: v for k, v in data.items() if v not in ("", None) or k in ("text", "kind", "value")}


def source_data(source: Source) -> dict[str, Any]:
    """A source as its fact file's data: a [source] table and [[facts]], empty optional fields left out."""
    record = unstructure(source)
    facts = record.pop("facts")
    record.pop("path", None)
    record["accessed"] = source.accessed  # TOML has dates: keep them dates
    out_facts = []
    for fact, data in zip(source.facts, facts):
        data["figures"] = [figure_data(f) for f in fact.figures]
        if fact.reviewed_on:
            data["reviewed_on"] = fact.reviewed_on
        out_facts.append({k: v for k, v in data.items() if v not in ("", None, [])})
    return {"source": {k: v for k, v in record.items() if v not in ("", None, [])}, "facts": out_facts}
