"""Corpus stage speed: streaming readers, hostile-file refusal, document alignment.

Figures are ratios to a baseline measured in the same run:
- issue 7 I/O at 200k segments (the generated corpus): read rows, build the segment table and
  write the JSON report, each vs its plain-Python floor (csv.DictReader over the file; json.dumps
  of the same rows with indent=2); and the peak memory of writing the 200k JSON report streamed
  (now) vs rendered whole first (before), each in a fresh process;
- TSV/JSONL/TMX rows per second vs the standard library reading the same file (csv, json);
- hostile files: time to refusal vs loading a valid 4-row file of the same format;
- a 120-paragraph document pair: load + align time vs reading both files as text.
Run: ``make bench BENCH=corpus``.
"""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROW = (
    "国家统计局周三公布的数据显示，今年前三个季度粮食产量增长。拜登会见了耶伦。",
    "Data released by the statistics bureau on Wednesday showed grain output grew. Biden met Yellen.",
)


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _write_inputs(folder: Path, rows: int) -> dict[str, Path]:
    tsv, jsonl, tmx = folder / "big.tsv", folder / "big.jsonl", folder / "big.tmx"
    with (
        tsv.open("w", encoding="utf-8") as t,
        jsonl.open("w", encoding="utf-8") as j,
        tmx.open("w", encoding="utf-8") as x,
    ):
        t.write("id\tsource\ttarget\n")
        x.write('<tmx version="1.4"><header srclang="zh"/><body>\n')
        for i in range(rows):
            t.write(f"r{i}\t{ROW[0]}\t{ROW[1]}\n")
            j.write(json.dumps({"id": f"r{i}", "source": ROW[0], "target": ROW[1]}, ensure_ascii=False) + "\n")
            x.write(
                f'<tu tuid="r{i}"><tuv xml:lang="zh"><seg>{ROW[0]}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{ROW[1]}</seg></tuv></tu>\n'
            )
        x.write("</body></tmx>\n")
    return {"tsv": tsv, "jsonl": jsonl, "tmx": tmx}


def _bench_streaming(folder: Path) -> None:
    from mtaudit.corpus import reader_for

    rows = 50_000
    files = _write_inputs(folder, rows)

    def stdlib_tsv() -> None:
        with files["tsv"].open(encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle, delimiter="\t"):
                pass

    def stdlib_jsonl() -> None:
        with files["jsonl"].open(encoding="utf-8") as handle:
            for line in handle:
                json.loads(line)

    baselines = {"tsv": stdlib_tsv, "jsonl": stdlib_jsonl, "tmx": stdlib_tsv}
    for name, path in files.items():
        ours = _best(lambda path=path: sum(1 for _ in reader_for(path).rows(path, "big")))
        base = _best(baselines[name])
        size = path.stat().st_size / 1e6
        print(
            f"{name:6} {rows} rows, {size:.1f} MB: {rows / ours:,.0f} rows/s; "
            f"{ours / base:.1f}x the stdlib csv/json pass over the {'TSV' if name == 'tmx' else name.upper()}"
        )


def _bench_hostile(folder: Path) -> None:
    from mtaudit.corpus import load_corpus
    from mtaudit.errors import InputError
    from tests.corpus.test_hostile import CASES

    valid = folder / "valid.tsv"
    valid.write_text("source\ttarget\n" + f"{ROW[0]}\t{ROW[1]}\n" * 4, encoding="utf-8")
    base = _best(lambda: load_corpus(valid), 5)
    worst = 0.0
    for case, (name, content, _, _) in CASES.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

        def refuse(path: Path = path, case: str = case) -> None:
            try:
                load_corpus(path)
            except InputError:
                return
            raise AssertionError(f"{case} was not refused")

        seconds = _best(refuse, 5)
        worst = max(worst, seconds)
        print(f"hostile {case:22} refused in {seconds * 1000:6.2f} ms = {seconds / base:.2f}x a valid 4-row load")
    print(f"hostile worst case {worst * 1000:.2f} ms (valid 4-row load {base * 1000:.2f} ms)")


def _bench_alignment(folder: Path) -> None:
    from mtaudit.corpus import load_corpus

    zh, en = folder / "zh.md", folder / "en.md"
    zh.write_text("\n\n".join(f"第{i}段。" + ROW[0] * (1 + i % 3) for i in range(120)), encoding="utf-8")
    en.write_text("\n\n".join(f"Paragraph {i}. " + ROW[1] * (1 + i % 3) for i in range(120)), encoding="utf-8")
    ours = _best(lambda: load_corpus(zh, en))
    base = _best(lambda: (zh.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")))
    print(
        f"align  120-paragraph pair ({len(load_corpus(zh, en))} units): {ours * 1000:.0f} ms "
        f"= {ours / base:.0f}x reading both files"
    )


IO_ROWS = 200_000


def _bench_io(folder: Path) -> None:
    from benchmarks.generate import corpus_file
    from mtaudit.corpus import _table, reader_for
    from mtaudit.pipeline import AuditResult, findings_table
    from mtaudit.report import write_report

    path = corpus_file(IO_ROWS)
    floor_rows: list[dict[str, str]] = []

    def floor_read() -> None:
        nonlocal floor_rows
        with path.open(encoding="utf-8", newline="") as handle:
            floor_rows = list(csv.DictReader(handle, delimiter="\t"))

    def floor_write() -> None:
        rows = [
            {
                "doc_id": r["doc_id"],
                "seg_id": r["id"],
                "source": r["source"],
                "target": r["target"],
                "reference": None,
                "mt": None,
                "field": None,
            }
            for r in floor_rows
        ]
        (folder / "floor.json").write_text(
            json.dumps({"segments": rows}, ensure_ascii=False, indent=2), encoding="utf-8"
        )

    rows: list[dict] = []

    def read() -> None:
        nonlocal rows
        rows = list(reader_for(path).rows(path, path.stem))

    read_floor, read_ours = _best(floor_read, 2), _best(read, 2)
    table = _best(lambda: _table(rows), 2)
    result = AuditResult(_table(rows), findings_table([]), {"segments": len(rows)})
    write_floor = _best(floor_write, 2)
    write_ours = _best(lambda: write_report(result, "json", folder / "ours.json"), 2)
    print(
        f"io     {len(rows)} rows: read {read_ours:.2f} s = {read_ours / read_floor:.2f}x csv.DictReader ({read_floor:.2f} s); "
        f"table {table:.2f} s = {table / read_floor:.2f}x; "
        f"JSON report {write_ours:.2f} s = {write_ours / write_floor:.2f}x json.dumps(indent=2) of the rows ({write_floor:.2f} s)"
    )
    streamed, whole = (_write_memory(path, folder / "child.json", how) for how in ("streamed", "whole"))
    print(
        f"io     peak memory writing the {IO_ROWS} JSON report: streamed {_mib(streamed)} "
        f"vs rendered whole first {_mib(whole)} (Python heap while writing; process peak RSS "
        f"{_mib(streamed['rss'])} vs {_mib(whole['rss'])}, after loading {_mib(streamed['loaded'])})"
    )


def _write_memory(corpus: Path, out: Path, how: str) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_corpus", "--write-child", str(corpus), str(out), how],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _write_child(corpus: str, out: str, how: str) -> None:
    """Load the corpus, then write its JSON report (streamed, or rendered whole first as before
    the streaming writer); prints the Python heap peak while writing and the process peak RSS."""
    import tracemalloc

    from mtaudit.corpus import load_corpus
    from mtaudit.files import write_atomic
    from mtaudit.report import render, write_report
    from mtaudit.result import AuditResult, findings_table

    result = AuditResult(load_corpus(corpus), findings_table([]), {"segments": 0})
    loaded = _peak_rss()
    tracemalloc.start()
    if how == "streamed":
        write_report(result, "json", out)
    else:
        write_atomic(out, render(result, "json"))
    heap = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"heap": heap, "rss": _peak_rss(), "loaded": loaded}))


def _peak_rss() -> int:
    """This process's peak RSS: VmHWM (ru_maxrss keeps the parent's peak across fork and exec)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) * 1024


def _mib(figure: dict[str, int] | int) -> str:
    return f"{(figure['heap'] if isinstance(figure, dict) else figure) / 2**20:.0f} MiB"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _bench_io(folder)
        _bench_streaming(folder)
        _bench_hostile(folder)
        _bench_alignment(folder)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-child"]:
        _write_child(*sys.argv[2:5])
    else:
        main()
