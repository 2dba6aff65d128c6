"""Terminology engine quality on synthetic sets built from the bundled glossary.

Figures (goals from the terminology issue):
  clean segments flagged            <= 1 in 100
  garbled/dropped names flagged     >= 99 in 100
  garbles located (found == garble) >= 9 in 10
  target-only: garbles located      >= 8 in 10; clean segments flagged <= 2 in 100
Each figure is printed with and without the glossary's forbidden lists, so the locator itself
is measured and not only the lists.
"""
from __future__ import annotations

import dataclasses
import sys
from collections import Counter

import pandas as pd

import mtaudit
from benchmarks.termdata import Case, clean_cases, garbled_cases
from mtaudit.glossary import load_glossaries
from mtaudit.glossary.model import Glossary

TERM_KINDS = {"missing", "misrendered", "forbidden", "inconsistent"}


def _findings(cases: list[Case], glossary: Glossary, target_only: bool) -> pd.DataFrame:
    table = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(cases))], "seg_id": "1",
        "source": ["" if target_only else c.source for c in cases], "target": [c.target for c in cases],
    })
    from mtaudit.checks import run_checks
    from mtaudit.checks.context import CheckContext
    from mtaudit.pipeline import findings_table
    from mtaudit.segments import normalise_segments

    return findings_table(run_checks(normalise_segments(table), CheckContext(glossary)))


def _rates(cases: list[Case], glossary: Glossary, target_only: bool) -> dict[str, float]:
    findings = _findings(cases, glossary, target_only)
    findings = findings[findings.kind.isin(TERM_KINDS)]
    by_doc = {doc: group for doc, group in findings.groupby("doc_id")}
    flagged = located = garbles = 0
    misses: Counter[str] = Counter()
    for i, case in enumerate(cases):
        group = by_doc.get(f"d{i}")
        if group is None:
            misses[case.method] += 1
            continue
        flagged += 1
        if case.garble is not None:
            garbles += 1
            if case.garble in set(group.found.dropna()):
                located += 1
            else:
                misses[case.method] += 1
    result = {"flagged": flagged / len(cases)}
    if any(c.garble for c in cases):
        result["located"] = located / max(1, sum(1 for c in cases if c.garble))
    result["misses"] = dict(misses)  # type: ignore[assignment]
    return result


def main(count: int = 300) -> None:
    bundled = load_glossaries()
    bare = Glossary([dataclasses.replace(e, forbidden=()) for e in bundled], bundled.origins)
    clean, garbled = clean_cases(bundled, count), garbled_cases(bundled, count)
    for label, glossary in (("with forbidden lists", bundled), ("locator only", bare)):
        c = _rates(clean, glossary, False)
        g = _rates(garbled, glossary, False)
        tc = _rates(clean, glossary, True)
        tg = _rates([x for x in garbled if x.garble], glossary, True)
        print(f"[{label}] {count} cases each")
        print(f"  bilingual  clean flagged    {c['flagged']:.3f}  (goal <= 0.010)  misses={c['misses']}")
        print(f"  bilingual  garbled flagged  {g['flagged']:.3f}  (goal >= 0.990)")
        print(f"  bilingual  garbles located  {g['located']:.3f}  (goal >= 0.900)  misses={g['misses']}")
        print(f"  target-only garbles located {tg['located']:.3f}  (goal >= 0.800)  misses={tg['misses']}")
        print(f"  target-only clean flagged   {tc['flagged']:.3f}  (goal <= 0.020)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
