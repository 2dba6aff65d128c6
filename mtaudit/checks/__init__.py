"""Checks stage: the registry of checks (check id → class, imported only when the check runs).

Adding a check is one module (a :class:`mtaudit.checks.base.Check` that declares its kinds), one
line here and its case in ``tests/checks/test_contract.py``. What a check id and a finding kind
are, and how they differ, is explained once, in :mod:`mtaudit.checks.base`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ConfigError
from mtaudit.registry import LazyClass

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.checks.base import Kind
    from mtaudit.options import CheckOptions

CHECKS: dict[str, LazyClass] = {
    "terms": LazyClass("mtaudit.checks.terms", "TermCheck"),
    "inconsistent": LazyClass("mtaudit.checks.consistency", "ConsistencyCheck"),
    "unlisted_name": LazyClass("mtaudit.checks.names", "UnlistedNameCheck"),
    "name_mismatch": LazyClass("mtaudit.checks.triangulate", "TriangulationCheck"),
    "wrong_abbreviation": LazyClass("mtaudit.checks.abbreviations", "AbbreviationCheck"),
}
DEFAULT_CHECKS = tuple(CHECKS)


def check_class(check_id: str) -> Any:
    """The class of the registered check ``check_id`` (a ConfigError when there is none)."""
    if check_id not in CHECKS:
        raise ConfigError(f"unknown check '{check_id}' (known: {', '.join(CHECKS)})")
    cls = CHECKS[check_id].load_class()
    if cls.check_id != check_id:
        raise ConfigError(
            f"check {CHECKS[check_id].module}.{cls.__name__} is registered as '{check_id}' "
            f"but calls itself '{cls.check_id}'"
        )
    return cls


def known_checks(check_ids: Iterable[str]) -> tuple[str, ...]:
    """``check_ids`` as a tuple, refused with a ConfigError when one is not a registered check."""
    check_ids = tuple(check_ids)
    for check_id in check_ids:
        check_class(check_id)
    return check_ids


def finding_kinds() -> dict[str, Kind]:
    """Every kind of finding the registered checks declare (name → :class:`~mtaudit.checks.base.Kind`),
    check by check in registry order: the one list of kinds. Loads the check classes."""
    return {kind.name: kind for check_id in CHECKS for kind in check_class(check_id).kinds}


def chunkable(options: CheckOptions) -> bool:
    """Whether the checks configured by ``options`` may see a table in chunks of whole documents
    (not when consistency is judged across the corpus)."""
    return options.consistency_scope in (None, "document", "segment")
