"""The Markdown summary: fit for a pull-request comment (verdict first, size-bounded, escaped)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mtaudit.gate import GateConfig
from mtaudit.report import render
from tests.reportcase import sample_result


def test_verdict_rules_and_not_evaluated_metrics(tmp_path: Path) -> None:
    text = render(sample_result(tmp_path, gate=GateConfig(metrics={"reference.min_chrf": 50.0})), "markdown")
    assert text.startswith("<!-- mtaudit-report -->\n# mtaudit report\n\n❌ **Gate: FAILED**")
    assert "| `max_errors` | 0 | 5 | 5 |" in text
    assert "rule `reference.min_chrf` not evaluated: metric reference.chrf is absent" in text


def test_baseline_findings_are_counted_apart_and_not_listed(tmp_path: Path) -> None:
    from mtaudit.report import write_report

    write_report(sample_result(tmp_path), "json", tmp_path / "b.json")
    text = render(sample_result(tmp_path, baseline=tmp_path / "b.json"), "markdown")
    assert "✅ **Gate: passed** — 8 segments, 6 findings, 0 new (6 accepted by the baseline)." in text
    assert "| forbidden | error | 0 | 2 |" in text and "## New findings" not in text


def test_huge_result_stays_under_the_comment_limit(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    row = result.findings.iloc[0].to_dict()
    many = [{**row, "seg_id": str(i), "message": "x" * 400 + " | pipe"} for i in range(5000)]
    result.findings = pd.DataFrame(many, dtype=object)
    text = render(result, "markdown")
    assert len(text) < 65_536
    assert "more findings (see the JSON report)" in text and "x \\| pipe" in text


def test_each_finding_shows_its_sentence_with_the_term_and_the_wrong_span_in_bold(tmp_path: Path) -> None:
    text = render(sample_result(tmp_path), "markdown")
    assert "| source | translation | use instead | message |" in text
    assert (
        "| site/en/a.md:3 | forbidden | error | 0.97 | <b>拜登</b>政府表示。 | The <b>Bayeng</b> administration "
        "said. | `Biden` |"
    ) in text
    assert "| <b>拜登</b>说。 | He said so. | `Biden` |" in text  # missing: nothing to mark in the translation


def test_an_empty_target_says_no_translation_was_aligned(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.tsv"
    corpus.write_text("id\tsource\ttarget\ns1\t拜登说。\t\n", encoding="utf-8")
    text = render(mtaudit.audit(corpus, glossaries=[glossary_file]), "markdown")
    assert "| <b>拜登</b>说。 | *no translation aligned* |" in text


def test_metrics_are_named_in_words(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.summary["metrics"]["reference"] = {"bleu": 41.23, "ter": 52.0, "signatures": {"bleu": "nrefs:1"}}
    text = render(result, "markdown")
    assert "| measure | value |" in text
    assert "| BLEU against the reference translation | 41.2 |" in text
    assert "| TER against the reference translation (lower is better) | 52.0 |" in text
    assert "| terms rendered as the glossary says | 37.5% |" in text
    assert "| glossary terms in the sources | 8 |" in text
    assert "| terms |" not in text and "success_rate" not in text and "signatures" not in text
