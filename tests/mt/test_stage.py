"""The MT stage in the pipeline and the CLI: offline skip notice, --mt exit 2, scores and signature."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mtaudit
from mtaudit.errors import ModelUnavailableError
from tests.conftest import write_tsv
from tests.marian_factory import PAIRS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    rows = [
        (PAIRS[0][0], "Bayeng met Yellen."),
        (PAIRS[2][0], "Putin visited Beijing."),
        (PAIRS[9][0], "Lei Mengduo met Wang Yi."),
    ]
    return write_tsv(tmp_path / "c.tsv", rows)


def test_offline_default_skips_with_one_notice(corpus: Path, glossary_file: Path, mt_cache_dir: Path) -> None:
    result = mtaudit.audit(corpus, glossaries=[glossary_file], mt=None)
    (notice,) = result.summary["notices"]
    assert notice.startswith("reference MT skipped") and "--mt-model" in notice
    assert result.segments["mt"].isna().all() and "mt" not in result.summary["metrics"]


def test_required_mt_without_model_raises(corpus: Path, glossary_file: Path, mt_cache_dir: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="--mt-model"):
        mtaudit.audit(corpus, glossaries=[glossary_file], mt=True)


def test_pipeline_fills_mt_scores_it_and_signs_it(
    corpus: Path, glossary_file: Path, tiny_marian: Path, mt_cache_dir: Path
) -> None:
    result = mtaudit.audit(
        corpus, glossaries=[glossary_file], mt=None, mt_options={"model": str(tiny_marian), "num_beams": 1}
    )
    assert result.segments["mt"].tolist() == [PAIRS[0][1], PAIRS[2][1], PAIRS[9][1]]
    metrics = result.summary["metrics"]["mt"]
    assert set(metrics) >= {"bleu", "chrf", "chrf++", "ter", "signatures"}
    assert result.segments["bleu_mt"].iloc[1] == pytest.approx(100.0)
    signature = result.summary["signature"]["mt"]
    assert signature["revision"].startswith("sha256:") and signature["num_beams"] == 1
    assert result.summary["mt"]["translated"] == 3 and result.summary["notices"] == []
    # "Lei Mengduo" differs from the MT's "Raimondo", but the glossary covers 雷蒙多: the terms check owns it
    assert result.summary["findings"] == {"forbidden": 1, "misrendered": 1}


def test_cli_mt_exit_codes_and_warm_cache(
    cli, corpus: Path, glossary_file: Path, tiny_marian: Path, mt_cache_dir: Path, tmp_path: Path
) -> None:
    required = cli("audit", corpus, "-g", glossary_file, "--mt", "--output", tmp_path / "r0.json")
    assert required.returncode == 2 and "Traceback" not in required.stderr
    assert len(required.stderr.strip().splitlines()) == 1 and "--mt-model" in required.stderr
    assert not (tmp_path / "r0.json").exists()

    args = (
        "audit",
        corpus,
        "-g",
        glossary_file,
        "--mt",
        "--mt-model",
        tiny_marian,
        "--num-beams",
        "1",
        "--mt-batch-tokens",
        "64",
        "--output",
    )
    cold = cli(*args, tmp_path / "r1.json")
    warm = cli(*args, tmp_path / "r2.json")
    assert cold.returncode == warm.returncode == 1, cold.stderr  # Bayeng is a glossary error
    first = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert first["summary"]["mt"]["translated"] == 3
    assert second["summary"]["mt"]["translated"] == 0 and second["summary"]["mt"]["cache_hits"] == 3
    assert second["summary"]["mt"]["cache_path"].startswith(str(mt_cache_dir))
    assert [s["mt"] for s in second["segments"]] == [s["mt"] for s in first["segments"]]
    assert "\r" not in cold.stderr  # no progress bar when stderr is not a terminal
