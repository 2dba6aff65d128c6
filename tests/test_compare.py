"""mtaudit compare: sacrebleu's paired tests, the per-term McNemar test, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU
from sacrebleu.significance import PairedTest

from mtaudit.compare import CompareOptions, compare, mcnemar_exact
from mtaudit.errors import InputError

SOURCES = [
    "拜登会见了耶伦。",
    "耶伦访问北京。",
    "普京访问北京。",
    "王毅会见了布林肯。",
    "拜登访问上海。",
    "会谈富有成果。",
] * 3
GOOD = [
    "Biden met Yellen.",
    "Yellen visited Beijing.",
    "Putin visited Beijing.",
    "Wang Yi met Blinken.",
    "Biden visited Shanghai.",
    "The talks were fruitful.",
] * 3
BAD = [
    "Bayeng met Yurun.",
    "Yurun went to Beijing.",
    "Putin visited Beijing.",
    "Wang Yi saw Blinken.",
    "Bayeng went to Shanghai.",
    "Talks were fruitful.",
] * 3


def write(path: Path, targets: list[str], refs: list[str] | None = None) -> Path:
    header = "source\ttarget" + ("\treference" if refs else "")
    rows = [
        f"{s}\t{t}" + (f"\t{refs[i]}" if refs else "") for i, (s, t) in enumerate(zip(SOURCES, targets, strict=True))
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path, glossary_file: Path) -> tuple[Path, Path]:
    return write(tmp_path / "a.tsv", BAD, refs=GOOD), write(tmp_path / "b.tsv", GOOD)


def test_b_is_better_with_sacrebleus_own_p_values(pair, glossary_file: Path) -> None:
    a, b = pair
    options = CompareOptions(bootstrap_samples=200, ar_trials=500)
    result = compare(a, b, glossaries=[glossary_file], options=options)
    bleu = result["metrics"]["bleu"]
    assert bleu["a"] == BLEU().corpus_score(BAD, [GOOD]).score and bleu["b"] == pytest.approx(100.0)
    _, scores = PairedTest([("A", BAD), ("B", GOOD)], {"BLEU": BLEU()}, [GOOD], test_type="ar", n_samples=500)()
    assert bleu["randomization"]["p_value"] == scores["BLEU"][1].p_value
    assert "seed:12345" in bleu["bootstrap"]["signature"] and "ar:500" in bleu["randomization"]["signature"]
    assert bleu["better"] == "B" and result["metrics"]["ter"]["better"] == "B"  # TER: lower is better
    terms = result["terms"]
    assert terms["a"] < terms["b"] == 1.0 and terms["a_only"] == 0 and terms["b_only"] == 12
    assert terms["p_value"] == pytest.approx(2 / 2**12) and terms["better"] == "B"
    assert result["verdict"].startswith("B is better on bleu")


def test_sources_must_match(tmp_path: Path) -> None:
    a = write(tmp_path / "a.tsv", GOOD)
    b = tmp_path / "b.tsv"
    b.write_text("source\ttarget\n另一句话。\tAnother sentence.\n", encoding="utf-8")
    with pytest.raises(InputError, match="same sources"):
        compare(a, b)


def test_mcnemar_exact() -> None:
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(3, 3) == 1.0
    assert mcnemar_exact(0, 5) == pytest.approx(2 / 32)
    assert mcnemar_exact(1, 9) == pytest.approx(2 * 11 / 1024)


def test_cli_compare_json_output(cli, pair, glossary_file: Path, tmp_path: Path) -> None:
    a, b = pair
    out = tmp_path / "out" / "cmp.json"
    done = cli(
        "compare",
        a,
        b,
        "-g",
        glossary_file,
        "--format",
        "json",
        "--output",
        out,
        "--bootstrap-samples",
        "100",
        "--ar-trials",
        "200",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "mtaudit.compare/1" and data["metrics"]["chrf"]["better"] == "B"
    markdown = cli("compare", a, b, "--ar-trials", "200")
    assert markdown.returncode == 0 and "| bleu |" in markdown.stdout and "B is better" in markdown.stdout
