"""Report writers on a large audit: seconds per format, as a ratio to the JSON report.

Also the cost of searching TSV targets in the file (line/column for SARIF, the fallback for readers
that record no positions; the TSV reader itself records them) as a ratio to reading the file.
Target: every text format within a small multiple of JSON; locating within 1x of reading.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

SEGMENTS = 20_000


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _result():
    from mtaudit.findings import Finding
    from mtaudit.gate import FindingCounts, GateConfig
    from mtaudit.pipeline import audit_summary
    from mtaudit.result import AuditResult, findings_table

    segments = pd.DataFrame(
        {
            "doc_id": [f"doc{i // 100}" for i in range(SEGMENTS)],
            "seg_id": [str(i) for i in range(SEGMENTS)],
            "source": ["拜登政府表示将继续与北京保持沟通。"] * SEGMENTS,
            "target": ["The Bayeng administration said it would keep communicating."] * SEGMENTS,
            "reference": None,
            "mt": None,
            "field": None,
            "target_file": "en/news.md",
            "target_line": list(range(1, SEGMENTS + 1)),
            "target_column": 1,
        }
    ).astype(object)
    findings = findings_table(
        Finding(
            f"doc{i // 100}",
            str(i),
            "forbidden",
            "'Bayeng' is a known wrong rendering of 拜登: use 'Biden'",
            "error",
            entry_id="biden",
            source_term="拜登",
            expected="Biden",
            found="Bayeng",
            target_span=[4, 10],
            suggestion="Biden",
        )
        for i in range(SEGMENTS)
    )
    counts = FindingCounts()
    for kind, severity in zip(findings["kind"], findings["severity"], strict=True):
        counts.add(kind, severity, accepted=False)
    summary = audit_summary(
        len(segments), {"forbidden": len(findings)}, {"error": len(findings)}, counts, "bench", GateConfig(), []
    )
    return AuditResult(segments, findings, summary)


def main() -> None:
    from mtaudit.report import WRITERS, write_report

    result = _result()
    with tempfile.TemporaryDirectory() as directory:
        base = _timed(lambda: write_report(result, "json", Path(directory) / "r.json"))
        print(f"{SEGMENTS} findings; json {base:.2f} s = 1.00")
        for fmt in WRITERS:
            if fmt != "json":
                seconds = _timed(
                    lambda fmt=fmt: write_report(result, fmt, Path(directory) / f"r{WRITERS[fmt].extension}")
                )
                print(f"{fmt:>9} {seconds:.2f} s = {seconds / base:.2f}x json")
        _locate(Path(directory))


def _locate(directory: Path) -> None:
    from mtaudit.corpus import load_corpus
    from mtaudit.corpus.positions import add_target_positions

    tsv = directory / "big.tsv"
    rows = [f"s{i}\t拜登政府表示。\tThe Bayeng administration said, row {i}." for i in range(SEGMENTS * 5)]
    tsv.write_text("id\tsource\ttarget\n" + "\n".join(rows) + "\n", encoding="utf-8")
    segments = None

    def read() -> None:
        nonlocal segments
        segments = load_corpus(tsv)

    reading = _timed(read)
    # the TSV reader records positions as it reads; the search is what readers that do not get
    locating = _timed(lambda: add_target_positions(segments.drop(columns=["target_column"]), tsv))
    print(
        f"search targets in {SEGMENTS * 5} TSV rows (for readers that record no positions): "
        f"{locating:.2f} s = {locating / reading:.2f}x reading the file"
    )
