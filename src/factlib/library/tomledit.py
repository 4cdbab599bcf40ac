"""Fact files as text: changing fields in place, and writing new sources and facts in the house layout.

Edits go through tomlkit, which keeps every comment, blank line, key order and
quoting style the editor chose: a changed value keeps its line and its trailing
comment; a key the table does not have yet is put after its neighbour in the
order of PRODUCT.md §1 (``corrected_by`` after ``superseded_by`` or ``status``),
never after the comments that follow a table. New facts are appended as text,
so the bytes before them are the file's own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from factlib.errors import FactlibError
from factlib.library.convert import figure_data, plain_number, unstructure
from factlib.model import Fact, Source

# the order of PRODUCT.md §1: a new key goes after the nearest one before it that the table has
SOURCE_ORDER = ("id", "title", "publisher", "authors", "url", "published", "accessed", "archive_url", "kind",
                "cites", "note")
FACT_ORDER = ("id", "statement", "quote", "figures", "measure", "scope", "period", "status", "superseded_by",
              "corrected_by", "reviewed_by", "reviewed_on", "keywords", "tags", "note", "arithmetic")


class EditError(FactlibError):
    """A fact file that cannot be edited as asked (no such fact, no [source] table)."""


def set_fact_fields(text: str, fact_id: str, fields: dict[str, Any]) -> str:
    """The file's text with the fact's `fields` set; a value of None removes the key. Raises EditError."""
    doc = tomlkit.parse(text)
    facts = doc.get("facts")
    tables = list(facts) if isinstance(facts, (AoT, list)) else []
    for table in tables:
        if table.get("id") == fact_id:
            _set(table, fields, FACT_ORDER)
            return tomlkit.dumps(doc)
    raise EditError(f'no fact "{fact_id}" in this file')


def set_source_fields(text: str, fields: dict[str, Any]) -> str:
    """The file's text with the [source] table's `fields` set. Raises EditError."""
    doc = tomlkit.parse(text)
    table = doc.get("source")
    if not isinstance(table, Table):
        raise EditError("no [source] table in this file")
    _set(table, fields, SOURCE_ORDER)
    return tomlkit.dumps(doc)


def _set(table, fields: dict[str, Any], order: tuple[str, ...]) -> None:
    for key, value in fields.items():
        if value is None:
            if key in table:
                del table[key]
            continue
        item = tomlkit.item(value)
        if key in table:
            table[key] = item
            continue
        anchor = _anchor(table, key, order)
        container: Any = getattr(table, "value", None)
        if anchor is not None and container is not None:
            indent = _indent(container, anchor)
            if indent:
                item.trivia.indent = indent
        if anchor is None or container is None or not _insert_after(container, anchor, key, item):
            table[key] = item


def _insert_after(container, anchor: str, key: str, item) -> bool:
    """Put a new key right after `anchor`, among its neighbours: tomlkit's public API appends it after
    the table's trailing comments. Its private insertion changed in 0.15.3 (`_insert_after` became
    `_insert_at` only); tests/test_write.py holds either to the same bytes. False when neither is there."""
    if hasattr(container, "_insert_after"):
        container._insert_after(anchor, key, item)
        return True
    if hasattr(container, "_insert_at"):
        for index, (name, _) in enumerate(container.body):
            if name is not None and name.key == anchor:
                if index + 1 >= len(container.body):
                    return False  # the anchor ends the table: appending puts the key right after it
                container._insert_at(index + 1, key, item)
                return True
    return False


def _anchor(table, key: str, order: tuple[str, ...]) -> str | None:
    keys = list(table.keys())
    before = order[: order.index(key)] if key in order else order
    for candidate in reversed(before):
        if candidate in keys:
            return candidate
    return keys[-1] if keys else None


def _indent(container, key: str) -> str:
    try:
        return container.item(key).trivia.indent
    except (KeyError, AttributeError):
        return ""


# -- new text -------------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return _inline(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return tomlkit.item(plain_number(value) if not isinstance(value, (str, dt.date)) else value).as_string()


def _table(header: str, data: dict[str, Any], order: tuple[str, ...], required: tuple[str, ...] = ()) -> str:
    out = header + "\n"
    for key in order:
        value = data.get(key)
        if key == "figures":
            if value:
                rows = "".join(f"  {_inline(f)},\n" for f in value)
                out += f"figures = [\n{rows}]\n"
            continue
        if value in ("", (), [], None) and key not in required:
            continue
        out += f"{key} = {_value(value)}\n"
    return out


def source_toml(source: Source) -> str:
    """A new fact file's [source] table, in the order and layout of PRODUCT.md §1."""
    data = unstructure(source)
    data["accessed"] = source.accessed  # TOML has dates: keep them dates
    return _table("[source]", data, SOURCE_ORDER, ("title", "publisher", "url"))


def fact_toml(fact: Fact) -> str:
    """One [[facts]] table, figures as one inline table a line, empty optional fields left out."""
    data = unstructure(fact)
    data["figures"] = [figure_data(f) for f in fact.figures]
    data["reviewed_on"] = fact.reviewed_on
    return _table("[[facts]]", data, FACT_ORDER)


def _inline(data: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in data.items()) + " }"


def append_fact(text: str | None, fact: Fact, source: Source | None = None) -> str:
    """`text` (an existing fact file, or None for a new one with `source`) with `fact` added at its end."""
    if text is None:
        if source is None:
            raise ValueError("a new fact file needs its source")
        return source_toml(source) + "\n" + fact_toml(fact)
    body = text.rstrip("\r\n \t")
    newline = "\r\n" if "\r\n" in text else "\n"
    added = fact_toml(fact).replace("\n", newline)
    return body + newline + newline + added
