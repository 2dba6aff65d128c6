"""The fast JSON writer writes exactly what json.dumps(result.to_dict(), indent=2) writes."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

import mtaudit
from mtaudit.pipeline import AuditResult, load_report
from mtaudit.report import render
from mtaudit.report.json_report import _default


def _reference(result: AuditResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=_default) + "\n"


def test_same_text_as_json_dumps_on_an_audit(tmp_path: Path, glossary_file: Path) -> None:
    corpus = pd.DataFrame({"doc_id": "d", "seg_id": ["1", "2", "3"],
                           "source": ["拜登会见了耶伦。", "习近平发表讲话。", "𠀀池瑶公主到达。"],
                           "target": ["Bayeng met Janet Yellen.", 'Xi Jinping gave a "speech"\twith a tab.',
                                      "The princess arrived\nlate."]})
    result = mtaudit.audit(corpus, glossaries=[glossary_file])
    assert len(result.findings) > 0
    assert render(result, "json") == _reference(result)
    assert load_report_text(tmp_path, render(result, "json")).summary == result.summary


def load_report_text(tmp_path: Path, text: str) -> AuditResult:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    return load_report(path)


def test_same_text_for_unusual_values() -> None:
    segments = pd.DataFrame({
        "doc_id": ["d", "d"], "seg_id": ["1", "2"], "source": ["中文\u0001", "𠀀"], "target": ["a\\b", "é\u2028"],
        "target_line": [3, 4], "score": [0.1, float("nan")], "ratio": [float("inf"), 1e-7],
        "flag": pd.Series([True, None], dtype=object), "span": [[1, 2], {"k": [None]}],
        "count": pd.Series([np.int64(7), pd.NA], dtype=object), "empty": [{}, []],
    })
    findings = pd.DataFrame(columns=["doc_id", "kind"]).astype(object)
    result = AuditResult(segments, findings, {"segments": 2, "nested": {"a": [1, {"b": None}]}, "gate": {"passed": True}})
    assert render(result, "json") == _reference(result)
