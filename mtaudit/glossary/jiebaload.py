"""jieba, imported without loading the HMM tables of its plain ``cut`` until they are used.

``import jieba`` imports ``jieba.finalseg``, whose three modules of dict literals (the HMM that
finds unknown words in ``jieba.cut(..., HMM=True)``) take 7-15 ms and 4 MiB at every import.
mtaudit never asks for that HMM: it segments with ``HMM=False`` and tags with jieba.posseg's
own HMM. So ``jieba.finalseg`` stands in as a module that imports jieba's real one at its first
attribute looked up (by ``jieba.cut`` with the HMM, ``jieba.suggest_freq``…), and is the real one
from then on. Every mtaudit module takes jieba from here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

FINALSEG = "jieba.finalseg"


class DeferredFinalseg(ModuleType):
    """``jieba.finalseg`` until an attribute of it is looked up: then jieba's own, imported."""

    def __getattr__(self, name: str) -> Any:
        real = sys.modules.get(FINALSEG)
        self.__dict__.update(vars(_import_finalseg() if real is None or real is self else real))
        return self.__dict__[name] if name in self.__dict__ else super().__getattribute__(name)


def _import_finalseg() -> ModuleType:
    """jieba's ``jieba.finalseg``, imported from its file (its own relative imports work as usual)."""
    folder = Path(sys.modules["jieba"].__file__ or "").parent / "finalseg"
    spec = importlib.util.spec_from_file_location(
        FINALSEG, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(FINALSEG)
    module = importlib.util.module_from_spec(spec)
    sys.modules[FINALSEG] = module
    spec.loader.exec_module(module)
    return module


def _imported() -> Any:
    """jieba, with ``jieba.finalseg`` deferred when jieba is not imported yet."""
    if "jieba" not in sys.modules and FINALSEG not in sys.modules:
        sys.modules[FINALSEG] = DeferredFinalseg(FINALSEG)
    import jieba as module  # deferred: after jieba.finalseg is put off

    return module


jieba = _imported()
