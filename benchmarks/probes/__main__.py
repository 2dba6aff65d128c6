"""Our own probes, written for this purpose (no test set's text): ``python -m benchmarks.probes``.

``wrong_names.tsv``: 160 translations, each with one name rendered wrongly in an MT-like way, labelled
with the name, the wrong and the correct rendering and the error type; prints the share caught per
type (a finding on the name's characters whose ``found`` is the wrong text, or nothing where it was
dropped). ``correct_names.tsv``: 250 correct translations naming people, places, organisations and
brands in many conventions; prints every finding, for reading (each is a false alarm or a debatable
convention). Both were written by a helper session and read through where the tool disagreed.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import mtaudit

HERE = Path(__file__).parent


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _caught(row: dict[str, str], findings: list[dict]) -> bool:
    wrong = row["wrong"]
    for finding in findings:
        on_name = bool(set(str(finding["source_term"] or "")) & set(row["source_name"]))
        found = str(finding["found"] or "")
        if on_name and (not wrong or not found or found in wrong or wrong in found):
            return True
    return False


def recall() -> None:
    path = HERE / "wrong_names.tsv"
    rows = _rows(path)
    by_segment: dict[str, list[dict]] = {}
    for finding in mtaudit.audit(str(path), mt=False).findings.to_dict("records"):
        by_segment.setdefault(str(finding["seg_id"]), []).append(finding)
    total, caught = Counter(), Counter()
    for key, row in rows.items():
        total[row["error_type"]] += 1
        caught[row["error_type"]] += _caught(row, by_segment.get(key, []))
    print(f"wrong names caught: {sum(caught.values())} of {sum(total.values())}")
    for kind in sorted(total):
        print(f"    {kind:<28} {caught[kind]:>3} of {total[kind]}")


def false_alarms() -> None:
    path = HERE / "correct_names.tsv"
    rows = _rows(path)
    findings = mtaudit.audit(str(path), mt=False).findings.to_dict("records")
    print(f"findings on {len(rows)} correct translations: {len(findings)}")
    for finding in findings:
        row = rows[str(finding["seg_id"])]
        print(
            f"    {finding['seg_id']} {finding['kind']} {finding['severity']} {finding['source_term']} | "
            f"{finding['found']} | {finding['suggestion']} | {row['target'][:100]}"
        )


if __name__ == "__main__":
    recall()
    false_alarms()
