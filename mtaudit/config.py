"""Project configuration: gate thresholds and per-kind severities from ``mtaudit.toml`` or
``[tool.mtaudit]`` in ``pyproject.toml``.

The file is looked up from the current directory upward (the first ``mtaudit.toml``, or the first
``pyproject.toml`` that has a ``[tool.mtaudit]`` table); ``--config FILE`` names one explicitly.
Every key is checked: an unknown key is a :class:`ConfigError` naming the file and the key, so a
typo never silently switches a rule off.
"""

from __future__ import annotations

import difflib
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.checks import finding_kinds
from mtaudit.errors import ConfigError
from mtaudit.findings import SEVERITIES
from mtaudit.gate import METRIC_RULES, GateConfig
from mtaudit.options import CheckOptions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

if sys.version_info >= (3, 11):  # noqa: UP036 (requires-python is 3.10)
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "mtaudit.toml"
PYPROJECT = "pyproject.toml"
TOP_KEYS = ("gate", "kinds", "baseline", "min_confidence", "consistency_scope")
CONSISTENCY_SCOPES = CheckOptions.SCOPES
GATE_KEYS = ("max_errors", "max_warnings", "max_info", "max_per_kind", "fail_on_missing_metric", *METRIC_RULES)
KIND_KEYS = ("enabled", "severity")


@dataclass
class KindConfig:
    """What the project decided about one finding kind."""

    enabled: bool = True
    severity: str | None = None


@dataclass
class Config:
    """The gate, the per-kind overrides and an optional baseline report, with where they came from."""

    gate: GateConfig = field(default_factory=GateConfig)
    kinds: dict[str, KindConfig] = field(default_factory=dict)
    baseline: Path | None = None
    path: Path | None = None
    #: Findings less sure than this are not reported (None: CheckOptions.DEFAULT_MIN_CONFIDENCE).
    min_confidence: float | None = None
    #: Where a term's renderings are compared (None: per document, or per segment without documents).
    consistency_scope: str | None = None


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest ``mtaudit.toml`` or ``pyproject.toml`` with ``[tool.mtaudit]``, from ``start`` upward."""
    here = Path(start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and "mtaudit" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: str | Path | None = None, *, search: bool = True) -> Config:
    """Read ``path`` (or the nearest configuration when ``search``); defaults when there is none."""
    if path is None:
        path = find_config() if search else None
        if path is None:
            return Config()
    path = Path(path)
    if not path.is_file():
        raise ConfigError("configuration file not found", path)
    data = _read_toml(path)
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("mtaudit")
        if data is None:
            raise ConfigError("no [tool.mtaudit] table", path)
        where = "tool.mtaudit."
    else:
        where = ""
    return parse_config(data, path, where)


def parse_config(data: dict[str, Any], path: Path | None = None, where: str = "") -> Config:
    """Build a :class:`Config` from parsed TOML, refusing unknown keys and wrong types."""
    _check_keys(data, TOP_KEYS, path, where)
    config = Config(path=path)
    config.gate = _gate(_table(data, "gate", path, where), path, f"{where}gate.")
    kinds = _table(data, "kinds", path, where)
    if kinds:
        _check_keys(kinds, _known_kinds(), path, f"{where}kinds.")
    config.kinds = {
        kind: _kind(_table(kinds, kind, path, f"{where}kinds."), path, f"{where}kinds.{kind}.") for kind in kinds
    }
    if "baseline" in data:
        baseline = _typed(data, "baseline", str, path, where)
        base = path.parent if path is not None else Path.cwd()
        config.baseline = base / baseline
    if "min_confidence" in data:
        config.min_confidence = _number(data, "min_confidence", path, where)
        if not 0 <= config.min_confidence <= 1:
            raise ConfigError(f"{where}min_confidence is between 0 and 1, not {config.min_confidence}", path)
    if "consistency_scope" in data:
        scope = _typed(data, "consistency_scope", str, path, where)
        if scope not in CONSISTENCY_SCOPES:
            raise ConfigError(
                f"{where}consistency_scope must be one of {', '.join(CONSISTENCY_SCOPES)}, not '{scope}'", path
            )
        config.consistency_scope = scope
    return config


def _gate(table: dict[str, Any], path: Path | None, where: str) -> GateConfig:
    _check_keys(table, GATE_KEYS, path, where)
    gate = GateConfig()
    for key in ("max_errors", "max_warnings", "max_info"):
        if key in table:
            setattr(gate, key, _count(table, key, path, where))
    per_kind = _table(table, "max_per_kind", path, where)
    if per_kind:
        _check_keys(per_kind, _known_kinds(), path, f"{where}max_per_kind.")
    gate.max_per_kind = {kind: _count(per_kind, kind, path, f"{where}max_per_kind.") for kind in per_kind}
    if "fail_on_missing_metric" in table:
        gate.fail_on_missing_metric = _typed(table, "fail_on_missing_metric", bool, path, where)
    for group, allowed in METRIC_RULES.items():
        rules = _table(table, group, path, where)
        _check_keys(rules, allowed, path, f"{where}{group}.")
        for rule in rules:
            limit = _number(rules, rule, path, f"{where}{group}.")
            if group == "terms" and not 0 <= limit <= 1:
                raise ConfigError(f"{where}{group}.{rule} is a rate between 0 and 1, not {limit}", path)
            gate.metrics[f"{group}.{rule}"] = limit
    return gate


def _kind(table: dict[str, Any], path: Path | None, where: str) -> KindConfig:
    _check_keys(table, KIND_KEYS, path, where)
    kind = KindConfig()
    if "enabled" in table:
        kind.enabled = _typed(table, "enabled", bool, path, where)
    if "severity" in table:
        severity = _typed(table, "severity", str, path, where)
        if severity not in SEVERITIES:
            raise ConfigError(f"{where}severity must be one of {', '.join(SEVERITIES)}, not '{severity}'", path)
        kind.severity = severity
    return kind


def _known_kinds() -> tuple[str, ...]:
    """The finding kinds the checks declare (loading the check classes: only when the
    configuration names kinds)."""
    return tuple(finding_kinds())


def _read_toml(path: Path) -> dict[str, Any]:
    """The parsed file; a FIFO, bytes that are not UTF-8 (naming their line), nesting past the
    parser's depth and invalid TOML are each a ConfigError."""
    try:
        if not path.is_file():
            raise ConfigError("not a regular file", path)
        data = path.read_bytes()
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "bytes that are not UTF-8 (TOML is UTF-8)", path, data.count(b"\n", 0, exc.start) + 1
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror}", path) from None


def _check_keys(
    table: dict[str, Any], allowed: tuple[str, ...] | dict[str, Any], path: Path | None, where: str
) -> None:
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(allowed)})"
            raise ConfigError(f"unknown key '{where}{key}'{hint}", path)


def _table(data: dict[str, Any], key: str, path: Path | None, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"'{where}{key}' must be a table", path)
    return value


def _typed(data: dict[str, Any], key: str, kind: type, path: Path | None, where: str) -> Any:
    value = data[key]
    if not isinstance(value, kind):
        raise ConfigError(f"'{where}{key}' must be a {kind.__name__}, not {value!r}", path)
    return value


def _count(data: dict[str, Any], key: str, path: Path | None, where: str) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"'{where}{key}' must be a whole number ≥ 0, not {value!r}", path)
    return value


def _number(data: dict[str, Any], key: str, path: Path | None, where: str) -> float:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"'{where}{key}' must be a finite number, not {value!r}", path)
    return float(value)


def apply_kinds(findings: pd.DataFrame, kinds: dict[str, KindConfig], min_confidence: float = 0.0) -> pd.DataFrame:
    """Drop the findings of switched-off kinds and those less sure than ``min_confidence``, and set
    each kind's configured severity."""
    if min_confidence > 0 and not findings.empty:
        findings = findings[findings["confidence"] >= min_confidence].reset_index(drop=True)
    if findings.empty or not kinds:
        return findings
    disabled = [kind for kind, rule in kinds.items() if not rule.enabled]
    findings = findings[~findings["kind"].isin(disabled)].reset_index(drop=True)
    for kind, rule in kinds.items():
        if rule.severity is not None:
            findings.loc[findings["kind"] == kind, "severity"] = rule.severity
    return findings
