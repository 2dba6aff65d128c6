"""The CLI contract: exit codes 0/1/2, reports written atomically, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import write_tsv


def test_wrong_name_fails_the_gate_and_names_biden(cli, tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登政府表示。", "The Bayeng administration said.")])
    report = tmp_path / "out" / "r.json"
    result = cli("audit", corpus, "--no-mt", "-g", glossary_file, "--output", report)
    assert result.returncode == 1, result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["schema"] == "mtaudit.report/1"
    assert data["summary"]["gate"]["passed"] is False
    (finding,) = data["findings"]
    assert finding["expected"] == "Biden" and finding["found"] == "Bayeng"


def test_checks_option_runs_only_the_checks_named(cli, tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(
        tmp_path / "c.tsv", [("拜登会见了人民银行副行长谢春燕。", "Bayeng met deputy governor Xiechun.")]
    )
    report = tmp_path / "r.json"
    assert cli("audit", corpus, "--no-mt", "-g", glossary_file, "-o", report).returncode == 1
    assert set(json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"]) == {"forbidden", "unlisted_name"}
    assert (
        cli("audit", corpus, "--no-mt", "-g", glossary_file, "--checks", "terms,inconsistent", "-o", report).returncode
        == 1
    )
    assert set(json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"]) == {"forbidden"}
    refused = cli("audit", corpus, "--no-mt", "-g", glossary_file, "--checks", "terms", "--checks", "spelling")
    assert refused.returncode == 2 and "unknown check 'spelling'" in refused.stderr


def test_clean_file_passes(cli, tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    result = cli("audit", corpus, "--no-mt", "-g", glossary_file, "-f", "markdown")
    assert result.returncode == 0, result.stderr
    assert "Gate: passed" in result.stdout


def test_bad_input_exits_2_with_one_line_and_no_report(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text("zh\ten\n拜登\tBiden\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = cli("audit", corpus, "--no-mt", "--output", report)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "source" in result.stderr and f"{corpus}:1" in result.stderr
    assert not report.exists() and list(tmp_path.iterdir()) == [corpus]


def test_bundled_glossary_is_used_by_default(cli, tmp_path: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("美国财长葉倫访华。", "Treasury Secretary Yurun visited China.")])
    result = cli("audit", corpus, "--no-mt")
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["expected"] == "Yellen"


def test_help_is_fast_and_does_not_import_torch() -> None:
    code = "import sys; from mtaudit.cli import app; assert 'torch' not in sys.modules and 'pandas' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
