"""Lazily imported plug-ins: the one mechanism behind the input-format, glossary-format, check,
report-format and engine registries, and behind the stages the command line calls. An entry names
a module and an attribute; the module is imported only when the entry is used, so optional
dependencies stay optional and ``mtaudit --help`` stays fast (the way pip lists its commands)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from mtaudit.errors import ConfigError


def resolve(module: str, name: str) -> Any:
    """``module.name``, imported now; a bad module or name is a configuration error."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"cannot load {module}.{name}: {exc}") from None


@dataclass(frozen=True)
class LazyClass:
    """A registry entry: a class named by its module and name."""

    module: str
    cls: str

    def load_class(self) -> Any:
        """The class itself."""
        return resolve(self.module, self.cls)

    def load(self) -> Any:
        """An instance of the class (made without arguments)."""
        return self.load_class()()


@dataclass(frozen=True)
class LazyFunction:
    """A function named by its module and name, imported at its first call."""

    module: str
    name: str

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return resolve(self.module, self.name)(*args, **kwargs)
