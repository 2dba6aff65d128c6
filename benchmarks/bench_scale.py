"""Scale: audit time against the I/O floor, growth with glossary and corpus size, matching speed.

Figures (goals from the performance issues), each a ratio to a baseline measured in this run:
  (a) audit (no MT) / I/O floor at 200k segment pairs, 10k entries: the default checks <= 3x, the
      glossary checks alone <= 2x; peak memory < 1 GiB
      I/O floor: read the same TSV and write the same segment rows (the report's keys and values)
      as JSON in plain Python, measured right before and right after each audit (the ratio is to
      their mean: the machine's speed drifts while the benchmark runs)
  (b) time per segment as the glossary grows 1k -> 100k entries (flat: within 1.3x) and as the
      corpus grows (linear: time per segment flat)
  (c) source matching at 10k terms vs a naive `term in text` loop and one `re` alternation;
      goal >= 300k segments/s per core; building a 100k-entry automaton < 1 s
  (d) where the time of (a)'s default-engine glossary audit goes, stage by stage
  (e) peak memory of the command at 200k pairs (150k in the small run: three chunks or more, so
      the stream is full) and five times that (flat: memory does not grow with the corpus)
  (f) the CPU a row of (a) costs where a worker checks it (new rows, parts as the engine sends),
      beside the I/O floor's time per row: what the goals of (a) turn on, less noisy than the
      wall time of a whole run on a shared machine; and the default checks' on the same rows with
      their sources in traditional script (normalising them is then a real cost), and on the WMT22
      set's twelve systems with the bundled glossary (real MT output; where ``$MTAUDIT_REAL_DATA``
      or ``../shared/data/wmt22-zh-en`` holds it)
Every audit runs in a fresh process (so start-up, imports and peak memory are its own).

    make bench BENCH=scale                      # small sizes, a few minutes
    MTAUDIT_BENCH_FULL=1 make bench BENCH=scale # the issue's sizes (python -m benchmarks.bench_scale --full)
"""

from __future__ import annotations

import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from benchmarks.generate import OUT, corpus_file, glossary_file, traditional_corpus_file, write_corpus

SMALL = {
    "audit": 20_000,
    "glossaries": (1_000, 10_000),
    "sweep_corpus": 10_000,
    "corpora": (5_000, 10_000, 20_000),
    "memory": 150_000,
}
FULL = {
    "audit": 200_000,
    "glossaries": (1_000, 10_000, 100_000),
    "sweep_corpus": 50_000,
    "corpora": (50_000, 100_000, 200_000),
    "memory": 200_000,
}
GLOSSARY_CHECKS = ("terms", "inconsistent")


def io_floor(corpus: Path, out: Path, columns: str = "report", runs: int = 3) -> float:
    """Read the TSV and write its rows as the report's segments in plain Python: the same twelve
    keys and values the report gives each segment (``columns="report"``), or only the seven the
    floor first wrote (``"seven"``: no file, line and column). The best of ``runs`` runs (the lowest
    floor, so the ratios against it are the least flattering)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        rows = _floor_rows(corpus, full=columns == "report")
        out.write_text(json.dumps({"segments": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
        best = min(best, time.perf_counter() - start)
    return best


def _floor_rows(corpus: Path, full: bool) -> list[dict]:
    name = str(corpus)
    with corpus.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader)
        at = {column: index for index, column in enumerate(header)}
        doc, seg, source, target = at["doc_id"], at["id"], at["source"], at["target"]
        rows = []
        for cells in reader:
            row = {
                "doc_id": cells[doc],
                "seg_id": cells[seg],
                "source": cells[source],
                "target": cells[target],
                "reference": None,
                "mt": None,
                "field": None,
            }
            if full:  # unquoted TSV: the target cell starts after the cells before it and their tabs
                row.update(
                    source_file=name,
                    source_line=reader.line_num,
                    target_file=name,
                    target_line=reader.line_num,
                    target_column=sum(map(len, cells[:target])) + target + 1,
                )
            rows.append(row)
    return rows


def _child(corpus: str, glossary: str, checks: str, engine: str, out: str) -> None:
    """One audit in this (fresh) process; prints its seconds and number of findings as JSON."""
    start = time.perf_counter()
    import mtaudit
    from mtaudit.report import write_report

    result = mtaudit.audit(
        corpus, glossaries=[glossary], mt=False, engine=engine, checks=checks.split(",") if checks else None
    )
    write_report(result, "json", out)
    print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(result.findings)}))


def _phases(corpus: str, glossary: str, checks: str) -> None:
    """Where one default-engine audit spends its time, stage by stage, in this (fresh) process:
    the stages of :func:`mtaudit.audit` called one by one, timed over every chunk (``checks``:
    comma-separated, empty for the default checks)."""
    start = time.perf_counter()
    import tempfile

    from mtaudit.config import Config
    from mtaudit.engine import STREAM_ROWS, fewer_collections, make_engine
    from mtaudit.options import CheckOptions
    from mtaudit.pipeline import AuditRun, input_chunks
    from mtaudit.report import write_report
    from mtaudit.stream import WHOLE

    chosen = checks.split(",") if checks else None
    times: dict[str, float] = {"imports": time.perf_counter() - start}

    def lap(name: str) -> None:
        times[name] = times.get(name, 0.0) + time.perf_counter() - start - sum(times.values())

    with fewer_collections(), tempfile.TemporaryDirectory() as spool:
        engine = make_engine("auto")
        run = AuditRun.start(
            [glossary],
            CheckOptions(consistency_scope="document"),
            chosen,
            Config(),
            None,
            False,
            None,
            None,
            engine,
            spool,
        )
        lap("loading the glossary")
        chunks = input_chunks(corpus, None, None, False, None, STREAM_ROWS, engine)
        while (chunk := next(chunks, None)) is not None:
            lap(f"reading the corpus ({STREAM_ROWS} rows a chunk)")
            checked = run.check(chunk).result()  # one stage after the other (the audit overlaps them)
            lap("checks (warm-up, then forked workers)")
            run.keep(run.scorer.start(chunk), WHOLE, checked)
            lap("findings, scores, tables put aside")
        engine.close()
        lap("checks (warm-up, then forked workers)")
        write_report(run.result(), "json", OUT / "bench-phases.json")
        lap("summary and JSON report (tables read back)")
    print(json.dumps(times))


#: Rows a worker is sent at once in (f), and the most parts measured per set of checks.
WORKER_PART_ROWS = 5_000
WORKER_PARTS = 8


def _worker_cpu(corpus: str, glossary: str, checks: str, parts: str) -> None:
    """The checks' CPU per row as a forked worker spends it, in this (fresh) process: the step
    warmed up as before a fork, then parts of new rows one after another (a worker never sees a row
    twice); prints the microseconds of each part as JSON."""
    from itertools import islice

    from mtaudit.checks import DEFAULT_CHECKS
    from mtaudit.checks.step import WARM_UP_ROWS, CheckStep
    from mtaudit.corpus.tabular import TabularReader
    from mtaudit.engine import fewer_collections
    from mtaudit.glossary import load_glossaries, load_glossary
    from mtaudit.segments import segment_table

    rows = WARM_UP_ROWS + int(parts) * WORKER_PART_ROWS
    table = segment_table(islice(TabularReader().rows(Path(corpus), ""), rows))
    chosen = load_glossary(glossary) if glossary else load_glossaries(None)  # "": the bundled glossary
    step = CheckStep(chosen, None, checks.split(",") if checks else DEFAULT_CHECKS)
    step.warm_up(table)
    micros = []
    with fewer_collections():
        for start in range(WARM_UP_ROWS, rows, WORKER_PART_ROWS):
            part = table.iloc[start : start + WORKER_PART_ROWS]
            cpu = time.process_time()
            step(part)
            micros.append((time.process_time() - cpu) / len(part) * 1e6)
    print(json.dumps(micros))


def bench_worker_cpu(sizes: dict) -> None:
    n = sizes["audit"]
    corpus, glossary = corpus_file(n), glossary_file(10_000, "csv")
    floor_row = io_floor(corpus, OUT / "bench-floor.json") / n * 1e6
    from mtaudit.checks.step import WARM_UP_ROWS  # the rows _worker_cpu warms up on first

    parts = min(WORKER_PARTS, (n - WARM_UP_ROWS) // WORKER_PART_ROWS)
    print(
        f"(f) CPU per row in a worker ({parts} parts of {WORKER_PART_ROWS} new rows, 10k-entry glossary),"
        f" beside the I/O floor of (a): {floor_row:.1f} µs a row"
    )
    traditional = traditional_corpus_file(WARM_UP_ROWS + parts * WORKER_PART_ROWS)
    runs = [
        ("glossary checks", GLOSSARY_CHECKS, corpus, glossary, parts),
        ("all default checks", (), corpus, glossary, parts),
        ("the same, sources in traditional script", (), traditional, glossary, parts),
    ]
    real = _real_corpus()
    if real is not None:
        runs.append(("all default checks, WMT22 (bundled glossary)", (), real, "", REAL_PARTS))
    for label, checks, rows, entries, count in runs:
        command = [sys.executable, "-m", "benchmarks.bench_scale", "--worker-cpu", str(rows), str(entries)]
        micros = json.loads(run_measured([*command, ",".join(checks), str(count)])["stdout"].strip().splitlines()[-1])
        middle = statistics.median(micros)
        print(
            f"    {label:40s} median {middle:6.1f} µs a row = {middle / floor_row:4.1f}x the floor's"
            f" (parts: {' '.join(f'{m:.0f}' for m in micros)})"
        )


#: Parts of WORKER_PART_ROWS rows the WMT22 set's 22,500 rows give after the warm-up's.
REAL_PARTS = 4


def _real_corpus() -> Path | None:
    """The WMT22 development set's twelve systems as one TSV, a system a document (the real MT
    output the precision figures come from), where the set is here; None where it is not."""
    from benchmarks.real.data import DevSet

    if not DevSet.available():
        return None
    path = OUT / "wmt22-twelve-systems.tsv"
    if not path.exists():
        dev = DevSet.load()
        rows = [
            {"doc_id": system, "id": str(number), "source": source, "target": target}
            for system in dev.systems
            for number, (source, target) in enumerate(zip(dev.source, dev.outputs[system], strict=True), 1)
        ]
        write_corpus(path, rows)
    return path


def bench_phases(sizes: dict) -> None:
    for label, checks in (("glossary checks", GLOSSARY_CHECKS), ("all default checks", ())):
        command = [
            sys.executable,
            "-m",
            "benchmarks.bench_scale",
            "--phases",
            str(corpus_file(sizes["audit"])),
            str(glossary_file(10_000, "csv")),
            ",".join(checks),
        ]
        times = json.loads(run_measured(command)["stdout"].strip().splitlines()[-1])
        print(f"(d) where the time goes: {sizes['audit']} pairs, {label}, default engine, one fresh process")
        for name, seconds in times.items():
            print(f"    {name:45s} {seconds:6.2f} s")


def run_child(corpus: Path, glossary: Path, checks: tuple[str, ...] = (), engine: str = "auto") -> dict:
    out = OUT / "bench-report.json"
    command = [
        sys.executable,
        "-m",
        "benchmarks.bench_scale",
        "--child",
        str(corpus),
        str(glossary),
        ",".join(checks),
        engine,
        str(out),
    ]
    run = run_measured(command)
    return {**json.loads(run.pop("stdout").strip().splitlines()[-1]), **run}


def run_cli(corpus: Path, glossary: Path, checks: tuple[str, ...] = (), engine: str = "auto") -> dict:
    out = OUT / "bench-cli.json"
    command = [
        str(Path(sys.executable).with_name("mtaudit")),
        "audit",
        str(corpus),
        "--no-mt",
        "-g",
        str(glossary),
        "--engine",
        engine,
        "-o",
        str(out),
        *(["--checks", ",".join(checks)] if checks else []),
    ]
    start = time.perf_counter()
    run = run_measured(command, ok=(0, 1))
    run["seconds"] = time.perf_counter() - start
    return run


def run_measured(command: list[str], ok: tuple[int, ...] = (0,)) -> dict:
    """Run ``command`` and sample its memory every 200 ms from /proc (reading PSS costs the run
    CPU): ``peak``, the largest RSS of the process itself, and ``tree_peak``, the largest sum over
    it and its worker processes of their proportional set sizes (PSS: a page forked workers share
    with it counted once, split between them)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = tree_peak = 0
    while True:
        own, tree = _rss(process.pid), _tree_rss(process.pid)
        peak, tree_peak = max(peak, own), max(tree_peak, tree)
        try:
            stdout, stderr = process.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.returncode not in ok:
        raise RuntimeError(stderr)
    return {"stdout": stdout, "peak": peak, "tree_peak": tree_peak}


def _rss(pid: int, field: str = "VmRSS:", file: str = "status") -> int:
    try:
        text = Path(f"/proc/{pid}/{file}").read_text(encoding="utf-8")
    except OSError:  # gone, or not Linux
        return 0
    return next((int(line.split()[1]) * 1024 for line in text.splitlines() if line.startswith(field)), 0)


def _tree_rss(pid: int) -> int:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with suppress(OSError):
            children += [int(child) for child in task.read_text(encoding="utf-8").split()]
    return _rss(pid, "Pss:", "smaps_rollup") + sum(_tree_rss(child) for child in children)


def _gib(size: float) -> str:
    return f"{size / 2**30:.2f} GiB"


def bench_audit(sizes: dict) -> None:
    """Each audit beside the floor measured right before and right after it: this machine's speed
    drifts by up to 1.9x within an hour (other tenants), and a floor measured once at the start made the
    last runs' ratios the worst. A run's ratio is to the mean of its two floors (each the best of
    two), and those floors are printed with it."""
    n = sizes["audit"]
    corpus, glossary = corpus_file(n), glossary_file(10_000, "csv")
    floor = io_floor(corpus, OUT / "bench-floor.json")
    seven = io_floor(corpus, OUT / "bench-floor.json", columns="seven")
    print(
        f"(a) {n} segment pairs, 10k-entry glossary; I/O floor {floor:.2f} s (the report's 12 segment keys;"
        f" {seven:.2f} s writing only the 7 the floor first wrote)"
    )
    audits = (
        ("glossary checks (terms, inconsistent), one process", run_child, GLOSSARY_CHECKS, "local", ""),
        ("glossary checks, default engine (auto)", run_child, GLOSSARY_CHECKS, "auto", "<= 2x"),
        ("all default checks (+ unlisted_name), one process", run_child, (), "local", ""),
        ("all default checks, default engine (auto)", run_child, (), "auto", "<= 3x"),
        ("glossary checks, CLI mtaudit audit --no-mt --checks", run_cli, GLOSSARY_CHECKS, "auto", "<= 2x"),
        ("all default checks, CLI mtaudit audit --no-mt", run_cli, (), "auto", "<= 3x"),
    )
    print(
        f"    {'':55s} {'seconds':>9s}   {'ratio':>11s}  {'goal':6s} floors before, after; peak memory (goal < 1 GiB)"
    )
    before = io_floor(corpus, OUT / "bench-floor.json", runs=2)
    for label, runner, checks, engine, goal in audits:
        run = runner(corpus, glossary, checks, engine)
        after = io_floor(corpus, OUT / "bench-floor.json", runs=2)
        beside = (before + after) / 2
        workers = f", with its workers (PSS) {_gib(run['tree_peak'])}" if run["tree_peak"] > run["peak"] * 1.05 else ""
        print(
            f"    {label:55s} {run['seconds']:7.2f} s = {run['seconds'] / beside:5.1f}x floor  {goal:6s}"
            f" {before:.2f}, {after:.2f} s; peak RSS {_gib(run['peak'])}{workers}",
            flush=True,
        )
        before = after


def bench_growth(sizes: dict) -> None:
    n, small = sizes["sweep_corpus"], sizes["sweep_corpus"] // 10
    corpus, small_corpus = corpus_file(n), corpus_file(small)
    base = base_marginal = None
    print(
        f"(b) glossary size, {n} segments, glossary checks, one process (incl. start-up and load); the cost per"
        f" added segment from the same run on {small} segments, and the fixed cost that leaves"
    )
    for entries in sizes["glossaries"]:
        glossary = glossary_file(entries, "csv")
        run, short = (
            min((run_child(c, glossary, GLOSSARY_CHECKS, "local") for _ in range(2)), key=lambda r: r["seconds"])
            for c in (corpus, small_corpus)
        )  # the faster of two runs: the difference of two is noisy
        marginal = (run["seconds"] - short["seconds"]) / (n - small)
        fixed = short["seconds"] - marginal * small
        base, base_marginal = base or run["seconds"], base_marginal or marginal
        print(
            f"    {entries:>7} entries {run['seconds']:7.2f} s = {run['seconds'] / base:4.2f}x the 1k-entry run"
            f" (goal <= 1.3x); {marginal * 1e6:5.1f} us per segment = {marginal / base_marginal:4.2f}x;"
            f" fixed {fixed:5.2f} s"
        )
    print("    corpus size, 10k-entry glossary, all default checks, one process: time and peak memory")
    glossary, base, first = glossary_file(10_000, "csv"), None, None
    for n in sizes["corpora"]:
        run = run_child(corpus_file(n), glossary, (), "local")
        per = run["seconds"] / n
        base = base or per
        growth = f", +{(run['peak'] - first[1]) / (n - first[0]) / 1024:.1f} KiB per added segment" if first else ""
        first = first or (n, run["peak"])
        print(
            f"    {n:>7} segments {run['seconds']:7.2f} s, {per * 1e6:6.1f} us/segment = {per / base:4.2f}x the smallest;"
            f" peak {_gib(run['peak'])}{growth}"
        )


def bench_memory(sizes: dict) -> None:
    """Peak memory of the command (which streams the input and puts the tables aside on disk) on
    a corpus and on one five times longer: flat when memory does not grow with the corpus."""
    glossary, base = glossary_file(10_000, "csv"), None
    print("(e) memory as the corpus grows: mtaudit audit --no-mt --checks terms,inconsistent, 10k entries")
    for n in (sizes["memory"], 5 * sizes["memory"]):
        run = run_cli(corpus_file(n), glossary, GLOSSARY_CHECKS)
        base = base or run
        print(
            f"    {n:>8} pairs {run['seconds']:7.2f} s; peak RSS {_gib(run['peak'])} = {run['peak'] / base['peak']:4.2f}x,"
            f" with its workers (PSS) {_gib(run['tree_peak'])} = {run['tree_peak'] / base['tree_peak']:4.2f}x"
        )


def bench_matching() -> None:
    from mtaudit.glossary import load_glossary
    from mtaudit.glossary.matcher import SourceMatcher
    from mtaudit.glossary.normalize import normalize_zh

    glossary = load_glossary(glossary_file(10_000, "csv"))
    with corpus_file(20_000).open(encoding="utf-8", newline="") as handle:
        sources = [r["source"] for r in csv.DictReader(handle, delimiter="\t")]
    terms = [normalize_zh(form) for entry in glossary for form in entry.sources]
    matcher = SourceMatcher(glossary)
    matcher.find(sources[0])  # the boundary guard's dictionary loads on first use

    def rate(function, texts) -> float:
        """Segments per second, the best of three passes (one core; other work on the machine only slows a pass)."""
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for text in texts:
                function(text)
            best = min(best, time.perf_counter() - start)
        return len(texts) / best

    def fresh_find(text: str) -> list:
        return matcher._find(text)  # what find does for a source it has not seen (find remembers recent ones)

    few = sources[:500]
    naive = rate(lambda text: [t for t in terms if t in text], few)
    pattern = re.compile("|".join(sorted(map(re.escape, terms), key=len, reverse=True)))
    alternation = rate(pattern.findall, few)
    raw = rate(matcher._automaton.find_matches_as_indexes, sources)
    full = rate(fresh_find, sources)
    print(f"(c) source matching, {len(terms)} terms, segments/s on one core (best of 3 passes)")
    print(f"    naive `term in text` loop        {naive:>10,.0f}")
    print(f"    one re alternation               {alternation:>10,.0f} = {alternation / naive:6.1f}x naive")
    print(f"    Aho-Corasick automaton alone     {raw:>10,.0f} = {raw / naive:6.0f}x naive")
    print(
        f"    SourceMatcher (normalise + automaton + boundary guard + hits) {full:>10,.0f} = {full / naive:6.0f}x naive"
    )
    print_compiling(list(glossary)[:3000])
    big = load_glossary(glossary_file(100_000, "csv"))
    start = time.perf_counter()
    SourceMatcher(big)
    build = time.perf_counter() - start
    start = time.perf_counter()
    load_glossary(glossary_file(100_000, "csv"))
    load = time.perf_counter() - start
    print(f"    building the 100k-entry source matcher {build:.2f} s (loading the CSV glossary: {load:.2f} s)")


def print_compiling(entries: list) -> None:
    """Compiling an entry's rendering pattern (most of what an entry the corpus names costs), against
    compiling its forms as a bare alternation (the least any pattern of them costs); best of 3."""
    from mtaudit.glossary.matcher import _accepted_renderings

    def per_entry(compile_one) -> float:
        best = float("inf")
        for _ in range(3):
            re.purge()
            start = time.perf_counter()
            for entry in entries:
                compile_one(entry)
            best = min(best, time.perf_counter() - start)
        return best / len(entries) * 1000

    pattern = per_entry(lambda entry: _accepted_renderings(entry)._build(True))
    bare = per_entry(lambda entry: re.compile("|".join(map(re.escape, entry.accepted))))
    print(
        f"    an entry's rendering pattern compiled: {pattern:.3f} ms = {pattern / bare:.1f}x its bare forms ({bare:.3f} ms)"
    )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    full = "--full" in argv or os.environ.get("MTAUDIT_BENCH_FULL") == "1"
    sizes = FULL if full else SMALL
    print(f"sizes: {'full' if full else 'small (MTAUDIT_BENCH_FULL=1 for the issue sizes)'}; {os.cpu_count()} CPUs")
    bench_matching()
    bench_growth(sizes)
    bench_audit(sizes)
    bench_phases(sizes)
    bench_memory(sizes)
    bench_worker_cpu(sizes)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(*sys.argv[2:7])
    elif sys.argv[1:2] == ["--phases"]:
        _phases(*sys.argv[2:5])
    elif sys.argv[1:2] == ["--worker-cpu"]:
        _worker_cpu(*sys.argv[2:6])
    else:
        main()
