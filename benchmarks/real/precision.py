"""Precision of the findings, from a seeded, stratified random sample judged by reading.

Strata are (mode, kind, severity). Every finding gets a rank from a hash of its key and the seed,
so the sample of a stratum is its lowest-ranked findings and stays the same while the tool does:
when the tool changes, only the findings it newly reports can enter the sample, and those are
listed to be judged. A stratum's quota is its share of its mode's ``SAMPLE``, at least ``FLOOR``
(or all of it). Estimates weight each judged finding by its stratum's size over its sample size,
so figures over several strata are those of the whole population, not of the sample's mix.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.real.run import KEY

LABELS = Path(__file__).parent / "labels" / "findings.tsv"
LABEL_COLUMNS = [*KEY, "label", "found_ok", "suggestion_ok", "reason"]
SEED = "mtaudit-real-1"
#: Findings sampled per mode (shared by its strata in proportion, each at least FLOOR or all of it).
SAMPLE = {"bilingual": 320}
SAMPLE_OTHER = 80
FLOOR = 40
VERDICTS = ("TRUE", "FALSE", "UNSURE")
#: The findings sampled in each mode (None: all). Triangulated audits add ``name_mismatch`` to the
#: bilingual audit's findings, which are the same and judged once, in the bilingual mode.
SAMPLED: dict[str, set[str] | None] = {
    "bilingual": None,
    "target_only": None,
    "triangulated": {"name_mismatch"},
    "triangulated-1": {"name_mismatch"},
}
#: Confidence bands of the calibration table (lower bounds).
BANDS = (0.0, 0.5, 0.7, 0.85, 0.95)


def key_of(row: pd.Series | dict) -> tuple[str, ...]:
    return tuple(str(row[k]) for k in KEY)


def rank(key: tuple[str, ...]) -> str:
    return hashlib.sha1("\x1f".join((SEED, *key)).encode("utf-8")).hexdigest()


def load_labels(path: Path = LABELS) -> dict[tuple[str, ...], dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    labels = {}
    for number, row in enumerate(rows, 2):
        if row["label"] not in VERDICTS:
            raise SystemExit(f"{path}:{number}: label must be one of {VERDICTS}, not {row['label']!r}")
        labels[key_of(row)] = row
    return labels


def sample(findings: pd.DataFrame) -> pd.DataFrame:
    """The judged sample: per stratum, its lowest-ranked findings (one per key), with ``weight``."""
    wanted = [
        mode in SAMPLED and (SAMPLED[mode] is None or kind in SAMPLED[mode])
        for mode, kind in zip(findings["mode"], findings["kind"], strict=True)
    ]
    frame = findings[wanted].copy()
    frame["key"] = [key_of(row) for row in frame[KEY].to_dict("records")]
    frame = frame.drop_duplicates("key")
    frame["rank"] = frame["key"].map(rank)
    totals = frame.groupby("mode").size()
    parts = []
    for (mode, _kind, _severity), group in frame.groupby(["mode", "kind", "severity"], sort=True):
        share = SAMPLE.get(mode, SAMPLE_OTHER) * len(group) / max(totals[mode], 1)
        quota = min(len(group), max(FLOOR, math.ceil(share)))
        chosen = group.sort_values("rank").head(quota).copy()
        chosen["weight"] = len(group) / quota
        chosen["stratum_size"] = len(group)
        parts.append(chosen)
    return pd.concat(parts, ignore_index=True) if parts else frame.assign(weight=[], stratum_size=[])


def with_labels(chosen: pd.DataFrame, labels: dict[tuple[str, ...], dict[str, str]]) -> pd.DataFrame:
    chosen = chosen.copy()
    chosen["label"] = [labels.get(k, {}).get("label", "") for k in chosen["key"]]
    return chosen


@dataclass
class Estimate:
    precision: float
    judged: int
    true: int
    false: int
    unsure: int
    population: float

    def __str__(self) -> str:
        if self.true + self.false == 0:
            return f"{'—':>6}  n={self.judged:<4} (of {self.population:.0f})"
        return (
            f"{self.precision:6.3f}  n={self.judged:<4} TRUE {self.true:<4} FALSE {self.false:<4} "
            f"UNSURE {self.unsure:<3} (of {self.population:.0f} findings)"
        )


def estimate(judged: pd.DataFrame) -> Estimate:
    """Weighted precision of the judged rows (UNSURE rows left out of the ratio)."""
    decided = judged[judged["label"].isin(("TRUE", "FALSE"))]
    weight = decided["weight"].sum()
    true_weight = decided.loc[decided["label"] == "TRUE", "weight"].sum()
    population = judged["weight"].sum()  # the findings the judged rows stand for
    return Estimate(
        true_weight / weight if weight else float("nan"),
        len(judged),
        int((judged["label"] == "TRUE").sum()),
        int((judged["label"] == "FALSE").sum()),
        int((judged["label"] == "UNSURE").sum()),
        float(population),
    )


def report(findings: pd.DataFrame, labels: dict[tuple[str, ...], dict[str, str]]) -> tuple[pd.DataFrame, list[str]]:
    """Lines of the precision tables, and the sample rows not judged yet."""
    chosen = with_labels(sample(findings), labels)
    judged = chosen[chosen["label"] != ""]
    lines = [
        f"precision, from {len(judged)} judged findings of a {len(chosen)}-finding sample "
        f"(seed {SEED!r}; {len(chosen) - len(judged)} not judged yet)"
    ]
    for mode in sorted(judged["mode"].unique()):
        part = judged[judged["mode"] == mode]
        if SAMPLED.get(mode) is not None:  # with the bilingual findings it adds to
            part = pd.concat([judged[judged["mode"] == "bilingual"], part], ignore_index=True).assign(mode=mode)
        lines.append(f"  [{mode}] all findings        {estimate(part)}")
        for severity in ("error", "warning", "info"):
            if (part["severity"] == severity).any():
                lines.append(f"  [{mode}] severity {severity:<8}  {estimate(part[part['severity'] == severity])}")
        for kind in sorted(part["kind"].unique()):
            lines.append(f"  [{mode}] kind {kind:<14} {estimate(part[part['kind'] == kind])}")
        if part["confidence"].notna().any():
            bands = pd.cut(part["confidence"], [*BANDS, 1.0001], right=False)
            for band, rows in part.groupby(bands, observed=True):
                lines.append(f"  [{mode}] confidence {str(band):<13} {estimate(rows)}")
    return chosen[chosen["label"] == ""], lines
