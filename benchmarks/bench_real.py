"""mtaudit on real MT output (WMT22 zh→en, twelve systems): precision and recall from labels
made by reading. See :mod:`benchmarks.real`. Run: ``make bench BENCH=real``."""

from __future__ import annotations

import inspect

import mtaudit.pipeline
from benchmarks.real import precision, recall
from benchmarks.real.data import DevSet, data_directory
from benchmarks.real.run import MODES, audit_all

#: Unjudged findings of the sample printed (all are written by ``python -m benchmarks.real.judge``).
SHOW_UNJUDGED = 20


def main() -> None:
    if not DevSet.available():
        print(f"skipped: the WMT22 development set is not at {data_directory()} (set MTAUDIT_REAL_DATA)")
        return
    dev = DevSet.load()
    modes = MODES if "mt_from" in inspect.signature(mtaudit.pipeline.audit).parameters else MODES[:2]
    findings, seconds = audit_all(dev, modes)
    print(
        f"{len(dev.systems)} systems x {len(dev.source)} segments; audit seconds: "
        + ", ".join(f"{mode} {s:.1f}" for mode, s in seconds.items())
    )
    counts = findings.groupby(["mode", "kind", "severity"]).size()
    print("findings: " + "; ".join(f"{m}/{k}/{s} {n}" for (m, k, s), n in counts.items()))
    unjudged, lines = precision.report(findings, precision.load_labels())
    print("\n".join(lines))
    if len(unjudged):
        print(
            f"  {len(unjudged)} findings of the sample are not judged yet "
            "(python -m benchmarks.real.judge findings --out DIR writes them with their sentences):"
        )
        for row in unjudged.head(SHOW_UNJUDGED).to_dict("records"):
            print("    " + " | ".join(str(row[k]) for k in ("mode", "system", "line", "kind", "source_term", "found")))
    print("\n".join(recall.report(dev, findings, recall.load_labels())))


if __name__ == "__main__":
    main()
