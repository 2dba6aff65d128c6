"""Hangs: work that should take under a second must. Each child is killed after 10 s (and above
1.5 GiB), which counts as a failure; a refusal must come in under a second.

The bounds: alias expansion in YAML refused, size limits on entries and lines with a clear message,
matching linear in the text, and inputs that are FIFOs read once or refused — never waited on.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.conftest import Work
from tests.hostile.helpers import (
    MIB,
    REFUSAL_MIB,
    FifoWriter,
    assert_fast_and_small,
    assert_one_line_error,
    assert_refused,
    refusal_seconds,
)

ANCHORS = 9  # 10**9 strings once expanded


def _laughs_top_level() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, ANCHORS)]
    return (
        "\n".join(lines)
        + f"\nentries:\n  - id: x\n    source: [拜登]\n    target: Biden\n    forbidden: *a{ANCHORS - 1}\n"
    )


def _laughs_in_entries() -> str:
    """Every key a legal entry key: the anchors ride in the ``note`` of ordinary entries."""
    out = [
        "entries:",
        '  - {id: e0, source: [拜登], target: Biden, note: &a0 ["lol","lol","lol","lol","lol",'
        '"lol","lol","lol","lol","lol"]}',
    ]
    for i in range(1, ANCHORS):
        refs = ",".join([f"*a{i - 1}"] * 10)
        out.append(f"  - {{id: e{i}, source: [耶伦{i}], target: Yellen{i}, note: &a{i} [{refs}]}}")
    out.append(f"  - {{id: last, source: [雷蒙多], target: Raimondo, forbidden: *a{ANCHORS - 1}}}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("builder", [_laughs_top_level, _laughs_in_entries], ids=["top-level", "in-entries"])
def test_yaml_billion_laughs_glossary_is_refused(work: Work, builder) -> None:
    (work.dir / "lol.yaml").write_text(builder(), encoding="utf-8")
    assert_refused(work.audit("a.tsv", "-g", "lol.yaml"), "lol.yaml")


MEGABYTE_ENTRIES = {
    "yaml-source": ("big.yaml", 'entries:\n  - id: x\n    source: ["' + "拜登" * 170_000 + '"]\n    target: Biden\n'),
    "yaml-target": ("big.yaml", 'entries:\n  - id: x\n    source: [拜登]\n    target: "' + "Biden " * 170_000 + '"\n'),
    "csv-forbidden": (
        "big.csv",
        "source,target,forbidden\n拜登,Biden," + "|".join(f"Bay{i}eng" for i in range(90_000)) + "\n",
    ),
}


@pytest.mark.parametrize("case", list(MEGABYTE_ENTRIES))
def test_glossary_entry_of_a_megabyte_is_refused(work: Work, case: str) -> None:
    name, text = MEGABYTE_ENTRIES[case]
    (work.dir / name).write_text(text, encoding="utf-8")
    assert (work.dir / name).stat().st_size >= 1_000_000
    assert_refused(work.audit("a.tsv", "-g", name), name)


@pytest.fixture(scope="session")
def long_line_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile-long-line") / "long.jsonl"
    with open(
        path, "w", encoding="utf-8"
    ) as handle:  # written in pieces: this process stays small (see child_peak_mib)
        handle.write(json.dumps({"source": "拜登说。", "target": "Biden said."}, ensure_ascii=False) + "\n")
        handle.write('{"source": "\\u62dc\\u767b\\u8bf4\\u3002", "target": "Biden said ')
        for _ in range(50):
            handle.write("x" * 1_000_000)
        handle.write('"}\n')
    return path


def test_jsonl_line_of_50_megabytes_is_refused(work: Work, long_line_jsonl: Path) -> None:
    """Refused at line 2 with a size limit. Memory: the 200 MiB of a small refusal plus the line
    held twice (bytes and text) at most — a limit should stop reading well before that."""
    run = work.audit(str(long_line_jsonl))
    assert_one_line_error(run, "long.jsonl:2")
    assert_fast_and_small(run, mib=REFUSAL_MIB + 2 * 50_000_000 / MIB)


def _forms(count: int) -> list[str]:
    return [f"Bay{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}eng" for i in range(count)]


HITS = {
    # a glossary of one forbidden form, a target holding it 10000 times (70 kB, under CSV's field limit)
    "one-form-10000-times": (None, "Bayeng " * 10_000),
    # one entry with 3000 forbidden forms, a target holding each of them
    "3000-forms-once-each": (_forms(3000), " ".join(_forms(3000))),
}


@pytest.mark.parametrize("case", ["one-form-10000-times", "3000-forms-once-each"])
def test_segment_with_thousands_of_forbidden_hits_is_linear(work: Work, case: str) -> None:
    """The audit itself is the answer here: it may take as long as a one-hit audit with the same
    glossary, plus under a second of CPU for the thousands of hits (linear matching and reporting
    cost well under 0.1 ms a hit; quadratic work shows as seconds)."""
    forms, target = HITS[case]
    glossary = "g.yaml"
    if forms:
        glossary = "forms.yaml"
        (work.dir / glossary).write_text(
            f"entries:\n  - id: biden\n    source: [拜登]\n    target: Biden\n    forbidden: [{', '.join(forms)}]\n",
            encoding="utf-8",
        )
    (work.dir / "one.tsv").write_text("source\ttarget\n拜登说。\tBayeng said.\n", encoding="utf-8")
    (work.dir / "hits.tsv").write_text(f"source\ttarget\n拜登说。\t{target}\n", encoding="utf-8")
    work.audit("one.tsv", "-g", glossary)  # builds what is cached per glossary, so the two below compare fairly
    one = work.audit("one.tsv", "-g", glossary)
    hits = work.audit("hits.tsv", "-g", glossary)
    assert one.returncode == 1 and hits.returncode == 1, (one.describe(), hits.describe())
    extra = hits.cpu - one.cpu
    assert extra < refusal_seconds(), f"thousands of hits took {extra:.2f}s of CPU more than one\n{hits.describe()}"


# --- FIFOs as inputs --------------------------------------------------------------------------


def test_input_fifo_without_a_writer_is_refused(work: Work) -> None:
    os.mkfifo(work.dir / "in.tsv")
    assert_refused(work.audit("in.tsv"), "in.tsv")


def test_glossary_fifo_without_a_writer_is_refused(work: Work) -> None:
    os.mkfifo(work.dir / "fifo.yaml")
    assert_refused(work.audit("a.tsv", "-g", "fifo.yaml"), "fifo.yaml")


def test_config_fifo_without_a_writer_is_refused(work: Work) -> None:
    os.mkfifo(work.dir / "mtaudit.toml")
    assert_refused(work.audit("a.tsv", "--config", "mtaudit.toml"), "mtaudit.toml")


def test_input_fifo_with_a_one_shot_writer(work: Work) -> None:
    """``mtaudit audit <(generate)``: the writer writes once. Read it once and audit it, or refuse
    it at once — never open it a second time and wait."""
    fifo = work.dir / "in.tsv"
    os.mkfifo(fifo)
    writer = FifoWriter(fifo, work.input.read_bytes(), once=True)
    try:
        run = work.audit("in.tsv")
    finally:
        writer.stop()
    if run.returncode == 2:
        assert_refused(run, "in.tsv")
    else:
        assert run.returncode == 1, run.describe()
        assert json.loads(run.text)["summary"]["segments"] == 2


def test_baseline_fifo_without_a_writer_is_refused(work: Work) -> None:
    os.mkfifo(work.dir / "base.json")
    assert_refused(work.audit("a.tsv", "--baseline", "base.json"), "base.json")


def test_mt_from_fifo_without_a_writer_is_refused(work: Work) -> None:
    os.mkfifo(work.dir / "other.tsv")
    assert_refused(work.audit("a.tsv", "--mt-from", "other.tsv"), "other.tsv")


def test_english_side_fifo_of_a_pair_is_refused(work: Work) -> None:
    (work.dir / "zh.txt").write_text("拜登昨天说。\n", encoding="utf-8")
    os.mkfifo(work.dir / "en.txt")
    assert_refused(work.audit("zh.txt", "en.txt"), "en.txt")
