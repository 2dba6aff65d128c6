"""Exact metrics, fast: the whole audit of a ~2k-row file with a reference against sacrebleu's CLI.

Measured side by side in the same run, each a fresh process timed from outside, alternating, the
median of the runs:
  ours       mtaudit audit FILE.tsv --no-mt -o r.json      (every default check; BLEU, chrF, chrF++
                                                             and TER against the reference, corpus
                                                             and per segment; both cores)
  baseline   sacrebleu REF -i HYP -m bleu chrf ter -w 4    (corpus BLEU, chrF and TER, one core)
goal: ours <= 0.35x the baseline. The corpus figures must be the same (to 0.01).

The file is a WMT22 zh-en system (Online-A) with reference A when the development set is there
(``../shared/data/wmt22-zh-en``, or ``$MTAUDIT_REAL_DATA``: real segments, whose reordering is
what TER's shift search pays for), else a generated corpus with a reworded, reordered reference.

    make bench BENCH=metrics            # 3 runs each (~4 min); MTAUDIT_BENCH_RUNS=N for more
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import OUT, corpus_file
from benchmarks.real.data import DevSet

GOAL = 0.35
SYSTEM = "Online-A"


def inputs() -> tuple[Path, Path, Path, str]:
    """(audit TSV, reference lines, hypothesis lines, what they are), written under benchmarks/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    if DevSet.available():
        data = DevSet.load()
        rows = list(zip(data.source, data.outputs[SYSTEM], data.references["A"], strict=False))
        label = f"WMT22 zh-en {SYSTEM} vs reference A, {len(rows)} segments"
    else:
        with corpus_file(2_000).open(encoding="utf-8", newline="") as handle:
            generated = list(csv.DictReader(handle, delimiter="\t"))
        rows = [(r["source"], r["target"], _reworded(r["target"])) for r in generated]
        label = f"generated corpus, {len(rows)} segments, reworded and reordered reference"
    tsv, ref, hyp = OUT / "metrics-audit.tsv", OUT / "metrics-ref.txt", OUT / "metrics-hyp.txt"
    with tsv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "source", "target", "reference"])
        writer.writerows((f"s{k + 1}", *row) for k, row in enumerate(rows))
    hyp.write_text("".join(f"{h}\n" for _, h, _ in rows), encoding="utf-8")
    ref.write_text("".join(f"{r}\n" for _, _, r in rows), encoding="utf-8")
    return tsv, ref, hyp, label


def _reworded(text: str) -> str:
    words = text.replace("said", "stated").split()
    return " ".join(list(reversed(words[:6])) + words[6:])


def timed(command: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> None:
    runs = int(os.environ.get("MTAUDIT_BENCH_RUNS", "3"))
    tsv, ref, hyp, label = inputs()
    report = OUT / "metrics-report.json"
    ours_command = [str(Path(sys.executable).with_name("mtaudit")), "audit", str(tsv), "--no-mt", "-o", str(report)]
    sacrebleu_command = [
        str(Path(sys.executable).with_name("sacrebleu")),
        str(ref),
        "-i",
        str(hyp),
        "-m",
        "bleu",
        "chrf",
        "ter",
        "-w",
        "4",
    ]
    ours, theirs, expected = [], [], []
    for _ in range(runs):  # alternating, so that a busy spell on the machine slows both
        seconds, _ = timed(ours_command, ok=(0, 1))
        ours.append(seconds)
        seconds, output = timed(sacrebleu_command)
        theirs.append(seconds)
        expected = json.loads(output)
    figures = json.loads(report.read_text(encoding="utf-8"))["summary"]["metrics"]["reference"]
    same = {
        score["name"]: abs(figures[key] - score["score"]) <= 0.01
        for key, score in zip(("bleu", "chrf", "ter"), expected, strict=False)
    }
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    print(f"{label}; {runs} runs each, medians (every run: ours {_list(ours)}, sacrebleu {_list(theirs)})")
    print(
        f"corpus figures equal sacrebleu's to 0.01: {same}; ours BLEU {figures['bleu']:.4f} chrF "
        f"{figures['chrf']:.4f} chrF++ {figures['chrf++']:.4f} TER {figures['ter']:.4f}"
    )
    print("| run | seconds | ratio to sacrebleu | goal |")
    print("|---|---:|---:|---|")
    print(f"| sacrebleu CLI: BLEU, chrF, TER | {theirs_s:.2f} | 1x | baseline |")
    print(
        f"| mtaudit audit --no-mt: every default check, BLEU, chrF, chrF++, TER (corpus and segments) |"
        f" {ours_s:.2f} | {ours_s / theirs_s:.2f}x | <= {GOAL}x |"
    )


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    main()
