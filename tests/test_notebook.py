"""notebooks/explore.ipynb runs top to bottom (nbclient + ipykernel), started in notebooks/ as Jupyter
would be, auditing examples/ itself: no report has to exist before it runs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[dict]], Path]:
    """The notebook run once, in a kernel of this interpreter: each tagged code cell's outputs, and
    the folder it exported to."""
    from ipykernel.kernelspec import install

    tmp = tmp_path_factory.mktemp("notebook")
    install(kernel_name="mtaudit-test", prefix=str(tmp / "jupyter"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(tmp / "jupyter" / "share" / "jupyter"))
        patch.setenv("MTAUDIT_EXPORT_DIR", str(tmp / "export"))
        patch.delenv("MPLBACKEND", raising=False)  # charts come back inline
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        NotebookClient(
            notebook, timeout=120, kernel_name="mtaudit-test", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        ).execute()
    outputs = {cell.metadata["tags"][0]: cell.outputs for cell in notebook.cells if cell.cell_type == "code"}
    return outputs, tmp / "export"


@pytest.fixture
def executed(run: tuple[dict[str, list[dict]], Path]) -> dict[str, list[dict]]:
    return run[0]


def text(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)


def test_the_notebook_audits_the_examples_itself_and_walks_through_them(executed: dict[str, list[dict]]) -> None:
    source = NOTEBOOK.read_text(encoding="utf-8")
    assert "reports/demo" not in source and "make demo" not in source  # nothing has to run first
    assert list(executed) == [
        "setup",
        "load",
        "tables",
        "metrics",
        "filter",
        "review",
        "entities",
        "documents",
        "plots",
        "scores",
        "drill",
        "export",
    ]
    assert "news: 11 segments, 8 findings, gate FAILED" in text(executed["load"])
    assert "docs: 8 segments, 4 findings, gate FAILED" in text(executed["load"])
    assert "chrF against the human reference" in text(executed["metrics"])
    assert "12 findings: 9 wrong renderings, 9 errors, 11 at confidence 0.9 or more" in text(executed["filter"])
    assert "Zang Wei" in text(executed["review"]) and "Bayeng" not in text(executed["review"])
    entities = text(executed["entities"]).splitlines()
    assert entities[2].split()[:3] == ["Yellen", "(耶伦)", "4"]  # the worst entity: four findings, two documents
    documents = text(executed["documents"])
    assert documents.index("news") < documents.index("trade-talks") < documents.index("central-bank")
    assert "The [[Bayeng]] administration" in text(executed["drill"])


def test_score_plots_take_only_the_numeric_score_columns(executed: dict[str, list[dict]]) -> None:
    # the segment tables also hold numeric positions (source_line, target_column, source_column…)
    plotted = "score columns: bleu_reference, chrf_reference, chrfpp_reference, ter_reference\n"
    assert plotted in text(executed["scores"])
    images = {tag: sum("image/png" in o.get("data", {}) for o in outputs) for tag, outputs in executed.items()}
    assert {tag: n for tag, n in images.items() if n} == {"plots": 1, "scores": 1}


def test_the_findings_are_exported_and_the_report_reads_back(run: tuple[dict[str, list[dict]], Path]) -> None:
    executed, export = run
    csv = pd.read_csv(export / "findings.csv")
    parquet = pd.read_parquet(export / "findings.parquet")
    assert len(csv) == len(parquet) == 12 and {"corpus", "kind", "confidence", "suggestion"} <= set(parquet.columns)
    assert list(parquet["target_span"][0]) == [4, 10]  # typed in Parquet, not text
    assert "news.json read back: 8 findings, 11 segments, gate FAILED" in text(executed["export"])


def test_the_notebook_runs_clean(executed: dict[str, list[dict]]) -> None:
    everything = [o for outputs in executed.values() for o in outputs]
    assert [o for o in everything if o.get("output_type") == "error"] == []
    assert [o["text"] for o in everything if o.get("name") == "stderr"] == []  # no warnings (e.g. missing glyphs)
