"""Scores stage: sacrebleu BLEU/chrF/chrF++/TER, corpus and segment level, against a reference and an MT column.

Figures, each a ratio to the way scores were first computed, measured in the same run:
  baseline      sacrebleu's public API: corpus_score, then sentence_score for every segment
                (each segment tokenised and matched twice; sacrebleu's own TER)
  one pass      mtaudit.metrics.score_segments in this process: one pass of segment statistics,
                TER by mtaudit.ter
  two workers   the same through ProcessEngine(2).map (forked workers, where the platform forks)
The generated targets serve as hypotheses; the reference changes a word, the MT column reorders
the first six words (which is what makes TER's shift search work). Scores must be identical.

    make bench BENCH=scores          # 4,000 segments (~1.5 min); MTAUDIT_BENCH_FULL=1 for 10,000
"""

from __future__ import annotations

import csv
import os
import time

from benchmarks.generate import corpus_file


def _table(n: int):
    import pandas as pd

    with corpus_file(max(n, 5_000)).open(encoding="utf-8", newline="") as handle:
        rows = [r for _, r in zip(range(n), csv.DictReader(handle, delimiter="\t"), strict=False)]
    table = pd.DataFrame(
        {
            "doc_id": [r["doc_id"] for r in rows],
            "seg_id": [r["id"] for r in rows],
            "source": [r["source"] for r in rows],
            "target": [r["target"] for r in rows],
        }
    )
    table["reference"] = [t.replace("said", "stated") for t in table["target"]]
    table["mt"] = [" ".join(list(reversed(t.split()[:6])) + t.split()[6:]) for t in table["target"]]
    return table


def _public_api(table) -> dict:
    """What score_segments computes, with sacrebleu's public calls and its own TER."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    corpus = {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    sentence = {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    result = {}
    for against in ("reference", "mt"):
        hyps, refs = list(table["target"]), list(table[against])
        for name, metric in corpus.items():
            result[(against, name)] = metric.corpus_score(hyps, [refs]).score
            [sentence[name].sentence_score(h, [r]) for h, r in zip(hyps, refs, strict=True)]
    return result


def main(argv: list[str] | None = None) -> None:
    from mtaudit.engine import ProcessEngine
    from mtaudit.metrics import score_segments

    n = 10_000 if os.environ.get("MTAUDIT_BENCH_FULL") == "1" else 4_000
    table = _table(n)
    start = time.perf_counter()
    expected = _public_api(table)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    frame, summary, _ = score_segments(table)
    one = time.perf_counter() - start
    start = time.perf_counter()
    frame2, summary2, _ = score_segments(table, map_parts=ProcessEngine(2).map)
    two = time.perf_counter() - start
    same = all(summary[a][m] == v for (a, m), v in expected.items()) and frame.equals(frame2) and summary == summary2
    print(f"scores of {n} segments against a reference and an MT column (4 metrics each); same scores: {same}")
    print(f"    sacrebleu corpus_score + sentence_score  {baseline:7.2f} s  baseline")
    print(f"    one pass of segment statistics           {one:7.2f} s = {baseline / one:4.1f}x faster")
    print(f"    the same, 2 forked workers               {two:7.2f} s = {baseline / two:4.1f}x faster")


if __name__ == "__main__":
    main()
