"""mtaudit: audit Chinese-to-English machine translation.

The public Python API is deliberately small and lazy: importing ``mtaudit`` loads neither
pandas nor torch until a function that needs them is called (the names are resolved on first
use, through :mod:`mtaudit.registry`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtaudit.registry import LazyFunction, resolve
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

__all__ = ["audit", "AuditResult", "load_report", "__version__"]

_AUDIT = LazyFunction("mtaudit.pipeline", "audit")
_LOAD_REPORT = LazyFunction("mtaudit.result", "load_report")


def audit(*args: Any, **kwargs: Any) -> AuditResult:
    """Run the whole audit; see :func:`mtaudit.pipeline.audit`."""
    result: AuditResult = _AUDIT(*args, **kwargs)
    return result


def load_report(path: Any) -> AuditResult:
    """Load a JSON report written by ``mtaudit audit --format json``."""
    result: AuditResult = _LOAD_REPORT(path)
    return result


def __getattr__(name: str) -> Any:
    if name == "AuditResult":
        return resolve("mtaudit.result", "AuditResult")
    raise AttributeError(name)
