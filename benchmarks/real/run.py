"""Audit every system's output of the development set as users would, and gather the findings.

Modes: ``bilingual`` (source + MT output, no reference: the CI case), ``target_only`` (the English
alone, glossary names), ``triangulated`` (as bilingual, with the next three systems' outputs as
second translations, ``mt_from``) and ``triangulated-1`` (with the next system's alone);
``triangulated-1+hints`` is that audit with ``--min-confidence 0.4``, which shows what one other
translation alone suggests (below the default reporting line). Each system's output is written as the TSV a user would
audit (``id`` = line number, no ``doc_id``) and audited with the bundled glossary, without the
reference model (its weights are not on these machines).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

import mtaudit
from benchmarks.real.data import DevSet

MODES = ("bilingual", "target_only", "triangulated", "triangulated-1", "triangulated-1+hints")
#: Other systems' outputs given to each triangulated mode's audit as second translations.
TRIANGULATE_WITH = {"triangulated": 3, "triangulated-1": 1, "triangulated-1+hints": 1}
#: Modes audited below the default reporting line.
MIN_CONFIDENCE = {"triangulated-1+hints": 0.4}
KEY = ["mode", "system", "line", "kind", "source_term", "found"]


def audit_system(dev: DevSet, system: str, mode: str, folder: Path) -> pd.DataFrame:
    """The findings of one system's audit in ``mode``, with ``mode``, ``system`` and ``line``."""
    tsv = dev.write_tsv(system, folder / f"{system}.{mode}.tsv", target_only=mode == "target_only")
    kwargs = {}
    if mode in TRIANGULATE_WITH:
        kwargs["mt_from"] = [
            dev.write_tsv(other, folder / f"{other}.tsv")
            for other in second_translations(dev, system, TRIANGULATE_WITH[mode])
        ]
    if mode in MIN_CONFIDENCE:
        kwargs["min_confidence"] = MIN_CONFIDENCE[mode]
    findings = mtaudit.audit(tsv, mt=False, **kwargs).findings.copy()
    findings.insert(0, "line", findings["seg_id"].astype(int))
    findings.insert(0, "system", system)
    findings.insert(0, "mode", mode)
    return findings


def second_translations(dev: DevSet, system: str, count: int) -> list[str]:
    """The ``count`` systems a triangulated audit of ``system`` compares with: the next ones in name order."""
    others = dev.systems[dev.systems.index(system) + 1 :] + dev.systems[: dev.systems.index(system)]
    return others[:count]


def audit_all(dev: DevSet, modes: tuple[str, ...] = MODES) -> tuple[pd.DataFrame, dict[str, float]]:
    """Every system's findings in every mode (one table), and the seconds each mode took."""
    tables, seconds = [], {}
    with tempfile.TemporaryDirectory(prefix="mtaudit-real-") as folder:
        for mode in modes:
            start = time.perf_counter()
            tables.extend(audit_system(dev, system, mode, Path(folder)) for system in dev.systems)
            seconds[mode] = time.perf_counter() - start
    findings = pd.concat(tables, ignore_index=True)
    for column in ("source_term", "found"):
        findings[column] = findings[column].fillna("").astype(str)
    if "confidence" not in findings.columns:  # the tool before findings carried a confidence
        findings["confidence"] = float("nan")
    return findings, seconds
