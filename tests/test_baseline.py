"""Baselines accept known findings, fail on new ones, survive edits elsewhere, count duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import mtaudit
from mtaudit.baseline import baseline_keys, mark_baseline
from tests.conftest import write_tsv

OLD = [("拜登政府表示。", "The Bayeng administration said."), ("耶伦访华。", "Yellen visited China.")]


def test_baseline_accepts_known_findings_and_fails_on_a_new_one(cli, tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", OLD)
    baseline = tmp_path / "baseline.json"
    done = cli("baseline", corpus, "-g", glossary_file, "-o", baseline)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(baseline.read_text(encoding="utf-8"))["findings"]) == 1
    assert (
        cli(
            "audit", corpus, "--no-mt", "-g", glossary_file, "--baseline", baseline, "-o", tmp_path / "r.json"
        ).returncode
        == 0
    )
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [f["baseline"] for f in report["findings"]] == [True] and report["summary"]["gate"]["accepted"] == 1

    # a line inserted above moves every row (new ids, new lines) and adds one new wrong name
    write_tsv(corpus, [("雷蒙多讲话。", "Raimondo spoke.")] + OLD + [("拜登会见耶伦。", "Bayeng met Yurun.")])
    done = cli("audit", corpus, "--no-mt", "-g", glossary_file, "--baseline", baseline, "-o", tmp_path / "r.json")
    assert done.returncode == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    marks = {(f["seg_id"], f["found"]): f["baseline"] for f in report["findings"]}
    assert marks[("s2", "Bayeng")] is True  # the old finding, now on row s2
    assert marks[("s4", "Bayeng")] is False  # the same wrong name again is new: the baseline held one
    failure = report["summary"]["gate"]["failures"][0]
    assert (failure["rule"], failure["actual"]) == ("max_errors", sum(not v for v in marks.values()))


def test_multiplicity_two_accept_two_and_a_third_is_new() -> None:
    finding = {
        "doc_id": "d",
        "seg_id": "1",
        "kind": "forbidden",
        "entry_id": "biden",
        "source_term": "拜登",
        "found": "Bayeng",
    }
    accepted = baseline_keys([finding, {**finding, "seg_id": "2"}])
    current = pd.DataFrame([{**finding, "seg_id": str(i)} for i in (7, 8, 9)], dtype=object)
    assert mark_baseline(current, accepted)["baseline"].tolist() == [True, True, False]


def test_match_ignores_segment_and_line_but_not_document_or_text() -> None:
    old = {
        "doc_id": "d",
        "seg_id": "1",
        "kind": "misrendered",
        "entry_id": "biden",
        "source_term": "拜登",
        "found": "Baideng",
        "target_span": [0, 7],
    }
    accepted = baseline_keys([old])
    current = pd.DataFrame(
        [
            {**old, "seg_id": "40", "target_span": [9, 16]},
            {**old, "doc_id": "other"},
            {**old, "found": "Bai Deng"},
            {**old, "kind": "forbidden"},
        ],
        dtype=object,
    )
    assert mark_baseline(current, accepted)["baseline"].tolist() == [True, False, False, False]


def test_missing_findings_match_with_no_found_text(tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登说。", "He said so.")])
    first = mtaudit.audit(corpus, glossaries=[glossary_file])
    (tmp_path / "b.json").write_text(first.to_json(), encoding="utf-8")
    again = mtaudit.audit(corpus, glossaries=[glossary_file], baseline=tmp_path / "b.json")
    assert again.findings["kind"].tolist() == ["missing"] and again.passed


def test_bad_baseline_is_an_input_error(cli, tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", OLD)
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    done = cli("audit", corpus, "--no-mt", "-g", glossary_file, "--baseline", tmp_path / "b.json")
    assert done.returncode == 2 and "not an mtaudit report" in done.stderr
