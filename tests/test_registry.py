"""Every registry entry loads, and a bad entry is a configuration error naming its dotted path."""

from __future__ import annotations

import pytest

from mtaudit.checks import CHECKS
from mtaudit.corpus import READERS
from mtaudit.errors import ConfigError
from mtaudit.glossary import FORMATS
from mtaudit.registry import LazyClass
from mtaudit.report import WRITERS


@pytest.mark.parametrize(
    "spec",
    [*CHECKS.values(), *READERS.values(), *FORMATS.values(), *WRITERS.values()],
    ids=lambda spec: f"{spec.module}.{spec.cls}",
)
def test_every_registered_class_loads(spec: LazyClass) -> None:
    assert type(spec.load()).__name__ == spec.cls


@pytest.mark.parametrize("spec", [LazyClass("mtaudit.nowhere", "X"), LazyClass("mtaudit.checks.terms", "Nothing")])
def test_a_bad_entry_names_its_dotted_path(spec: LazyClass) -> None:
    with pytest.raises(ConfigError, match=f"cannot load {spec.module}.{spec.cls}"):
        spec.load()
