"""Lazily imported plug-ins: the one mechanism behind the input-format, glossary-format, check and
report-format registries. An entry names a module and a class; the module is imported only when
the entry is used, so optional dependencies stay optional and ``--help`` stays fast."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from mtaudit.errors import ConfigError


@dataclass(frozen=True)
class LazyClass:
    module: str
    cls: str

    def load(self) -> Any:
        """An instance of the named class; a bad module or class name is a configuration error."""
        try:
            return getattr(importlib.import_module(self.module), self.cls)()
        except (ImportError, AttributeError) as exc:
            raise ConfigError(f"cannot load {self.module}.{self.cls}: {exc}") from None
