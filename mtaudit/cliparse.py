"""Command-line values turned into Python values without pydantic, as typer would turn them.

typer coerces every parameter through a pydantic ``TypeAdapter`` (built when the command runs),
and its path parameters validate through one too: importing pydantic and building the adapters
of ``mtaudit audit``'s 30 parameters is ~60 ms and ~14 MiB of every run, a tenth of a one-row
audit. The plain annotations the commands use (``str``, ``Path``, ``int``, ``float`` with their
bounds, ``bool``, and lists of them) are coerced here to what typer gives for the same value;
anything else, and any value this does not accept (a bad number, an unreadable file), goes to
typer's own coercion, which gives its result or its error message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

#: Numbers whose value is the same whichever way they are parsed (no sign, spaces, underscores or exponent).
_INT = re.compile(r"[1-9][0-9]*|0")
_FLOAT = re.compile(r"(?:[1-9][0-9]*|0)(?:\.[0-9]+)?")


class Refused(Exception):
    """A value left to typer's own coercion."""


class PlainValues:
    """A parameter's coercion (what typer's ``get_runtime_param`` returns): plain values here,
    the rest by ``typer_own`` (the parameter's own ``get_runtime_param``)."""

    def __init__(self, annotation: Any, info: Any, typer_own: Callable[[], Any]) -> None:
        self.annotation, self.info, self.typer_own = annotation, info, typer_own

    def runtime(self) -> PlainValues:
        """What the parameter's ``get_runtime_param`` returns."""
        return self

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multiple = param.multiple or param.nargs == -1
        if value is None:
            return () if multiple else None
        try:
            if multiple:
                if not isinstance(value, (list, tuple)) or get_origin(self.annotation) is not list:
                    raise Refused
                (item,) = get_args(self.annotation)
                return [self._leaf(item, one) for one in value]
            return self._leaf(self.annotation, value)
        except Refused:
            return self.typer_own().coerce(value, param=param, ctx=ctx)

    def _leaf(self, annotation: Any, value: Any) -> Any:
        if annotation is str and isinstance(value, str):
            return value
        if annotation is Path:
            return self._path(value)
        if annotation in (int, float):
            return self._number(annotation, value)
        if annotation is bool and isinstance(value, bool):
            return value
        raise Refused

    def _path(self, value: Any) -> Path:
        """``Path(value)``, where typer's checks of the path would pass: no checks asked for but
        the default one, that an existing path is readable."""
        info = self.info
        checks = (info.exists, info.writable, info.resolve_path, info.allow_dash, info.path_type)
        if any(checks) or not (info.file_okay and info.dir_okay) or info.parser is not None:
            raise Refused
        if isinstance(value, Path):
            path = value
        elif isinstance(value, str) and value and "\0" not in value:
            path = Path(value)
        else:
            raise Refused
        if info.readable and os.path.exists(path) and not os.access(path, os.R_OK):
            raise Refused
        return path

    def _number(self, kind: type, value: Any) -> Any:
        """A number typed as digits (or given as a default of its own type), within the bounds."""
        info = self.info
        if info.clamp or info.parser is not None:
            raise Refused
        if isinstance(value, str) and (_INT if kind is int else _FLOAT).fullmatch(value):
            number = kind(value)
        elif type(value) is kind:
            number = value
        else:
            raise Refused
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            raise Refused
        return number


def plain_coercion(params: list[Any]) -> list[Any]:
    """``params``, each typer parameter given the plain coercion once (a typer without
    ``get_runtime_param``, which coerces through click's types, keeps its own)."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        own = getattr(param, "get_runtime_param", None)
        if descriptor is None or own is None or descriptor.file_annotation is not None:
            continue
        if not isinstance(getattr(own, "__self__", None), PlainValues):
            param.get_runtime_param = PlainValues(descriptor.annotation, descriptor.parameter_info, own).runtime
    return params
