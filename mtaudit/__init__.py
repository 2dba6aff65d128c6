"""mtaudit: audit Chinese-to-English machine translation.

The public Python API is deliberately small and lazy: importing ``mtaudit`` loads neither
pandas nor torch until a function that needs them is called.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["audit", "AuditResult", "load_report", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.pipeline import AuditResult


def audit(*args: Any, **kwargs: Any) -> "AuditResult":
    """Run the whole audit; see :func:`mtaudit.pipeline.audit`."""
    from mtaudit.pipeline import audit as _audit

    return _audit(*args, **kwargs)


def load_report(path: Any) -> "AuditResult":
    """Load a JSON report written by ``mtaudit audit --format json``."""
    from mtaudit.pipeline import load_report as _load

    return _load(path)


def __getattr__(name: str) -> Any:
    if name == "AuditResult":
        from mtaudit.pipeline import AuditResult

        return AuditResult
    raise AttributeError(name)
