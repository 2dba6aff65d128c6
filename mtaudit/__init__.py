"""mtaudit: audit Chinese-to-English machine translation.

The public Python API is deliberately small and lazy: importing ``mtaudit`` loads neither
pandas nor torch until a function that needs them is called (the names are resolved on first
use, through :mod:`mtaudit.registry`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mtaudit.options import CheckOptions, EngineOptions, MTOptions, ScoreOptions
from mtaudit.registry import LazyFunction, resolve
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from mtaudit.config import Config
    from mtaudit.engine import Engine
    from mtaudit.gate import GateConfig
    from mtaudit.result import AuditResult

__all__ = ["audit", "AuditResult", "load_report", "__version__"]

_AUDIT = LazyFunction("mtaudit.pipeline", "audit")
_LOAD_REPORT = LazyFunction("mtaudit.result", "load_report")


def audit(
    input: str | Path | pd.DataFrame,
    target: str | Path | None = None,
    *,
    glossaries: Iterable[str | Path] | None = None,
    mt: bool | None = False,
    checks: Iterable[str] | None = None,
    gate: GateConfig | None = None,
    options: CheckOptions | dict[str, Any] | None = None,
    config: Config | None = None,
    min_confidence: float | None = None,
    baseline: str | Path | None = None,
    changed_since: str | None = None,
    mt_options: MTOptions | dict[str, Any] | None = None,
    mt_from: Iterable[str | Path] | None = None,
    scores: ScoreOptions | None = None,
    engine: str | Engine | EngineOptions = "auto",
    chunk_rows: int | Literal["auto"] | None = "auto",
    spool: str | Path | None = None,
) -> AuditResult:
    """Audit INPUT — a file or directory as the command reads it (TARGET: the English side), or a
    pandas DataFrame with ``source`` and ``target`` columns — and return the result; nothing is
    written. A DataFrame is checked as a file is (a missing column or a cell that is not text is
    an :class:`mtaudit.errors.InputError`), and its rows get the ids a file's rows get, so findings
    join back to them: ``seg_id`` is its ``seg_id`` or ``id`` column, else the row's 1-based
    position in its document (``doc_id`` ``"dataframe"`` when it has none). Every parameter is
    explained at :func:`mtaudit.pipeline.audit`."""
    result: AuditResult = _AUDIT(
        input,
        target,
        glossaries=glossaries,
        mt=mt,
        checks=checks,
        gate=gate,
        options=options,
        config=config,
        min_confidence=min_confidence,
        baseline=baseline,
        changed_since=changed_since,
        mt_options=mt_options,
        mt_from=mt_from,
        scores=scores,
        engine=engine,
        chunk_rows=chunk_rows,
        spool=spool,
    )
    return result


def load_report(path: Any) -> AuditResult:
    """Load a JSON report written by ``mtaudit audit --format json``."""
    result: AuditResult = _LOAD_REPORT(path)
    return result


def __getattr__(name: str) -> Any:
    if name == "AuditResult":
        return resolve("mtaudit.result", "AuditResult")
    raise AttributeError(name)
