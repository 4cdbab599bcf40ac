"""How parameters read in help and in errors: clean metavars and plain messages.

Typer's own help shows a parameter's Python type (``--tag <list[str]>``,
``--limit <int range>``, ``Usage: ... {query}...``) and its errors carry
pydantic's wording ("Value error, 'x' is not one of ...", "Input should be
greater than or equal to 1"). Every factlib command is built with
:class:`Command`, which gives each parameter a metavar as a man page would
(``--tag TAG``, ``--limit N``, ``QUERY...``, choices as ``text|json``) and
rewrites those messages in plain words.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand

_PLAIN = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"must be \1 or more"),
    (re.compile(r"^Input should be greater than (\S+)$"), r"must be more than \1"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"must be \1 or less"),
    (re.compile(r"^Input should be a valid integer.*$"), "must be a whole number"),
    (re.compile(r"^Input should be a valid number.*$"), "must be a number"),
)
_TYPE_METAVARS = {"int": "N", "float": "NUMBER", "Path": "PATH", "str": None}


def plain(message: str) -> str:
    """An error message from typer's validation in plain words."""
    for pattern, replacement in _PLAIN:
        message = pattern.sub(replacement, message)
    return message


class _Argument(TyperArgument):
    """An argument shown by its metavar alone: ``ID``, ``QUERY...``, ``[SOURCE_ID...]``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self._metavar()

    def _usage_display_name(self) -> str:
        return self._metavar()

    def _metavar(self) -> str:
        if self.metavar:
            return self.metavar
        name = (self.name or "arg").upper()
        name += "..." if self.nargs != 1 else ""
        return name if self.required else f"[{name}]"


class Command(TyperCommand):
    """A factlib command: parameters with clean metavars, errors in plain words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.__class__ = _Argument
            elif getattr(param, "metavar", None) is None and not getattr(param, "is_flag", False):
                param.metavar = _option_metavar(param)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as err:
            err.message = plain(str(err.message))
            raise


def _option_metavar(param: Any) -> str | None:
    """choices as "a|b|c"; a number as N or NUMBER; a path as PATH; a list of words by the option's name."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:  # an older typer: click's own metavars are already clean
        return None
    if descriptor.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    bare = param.bare_type() if not descriptor.is_list else param._bare_type(_element(descriptor.annotation))
    if descriptor.is_path or bare == "Path":
        return "PATH"
    metavar = _TYPE_METAVARS.get(bare)
    if descriptor.is_ranged:
        metavar = "N" if "int" in descriptor.ranged_type_name else "NUMBER"
    return metavar or (param.name or "value").upper()


def _element(annotation: Any) -> Any:
    from typing import get_args

    args = get_args(annotation)
    return args[0] if args else annotation
