"""notebooks/explore.ipynb runs top to bottom (nbclient + ipykernel) on a report this test writes."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from mtaudit.report import write_report
from tests.reportcase import sample_result

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "explore.ipynb"


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec for this interpreter, so the notebook runs in the test's own environment."""
    from ipykernel.kernelspec import install

    prefix = tmp_path / "jupyter"
    install(kernel_name="mtaudit-test", prefix=str(prefix))
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    return "mtaudit-test"


def test_notebook_runs_on_a_fresh_report(tmp_path: Path, kernel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = sample_result(tmp_path)
    result.segments["chrf"] = [float(10 * i) for i in range(len(result.segments))]
    write_report(result, "json", tmp_path / "report.json")
    monkeypatch.setenv("MTAUDIT_REPORT", str(tmp_path / "report.json"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # charts come back inline
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=60, kernel_name=kernel, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = ["".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", []))
               for cell in notebook.cells if cell.cell_type == "code"]
    assert "8 segments, 6 findings, gate FAILED" in outputs[0]
    assert "Biden (拜登)" in outputs[2]  # the worst entity: two findings
    assert outputs[3].index("news/a") < outputs[3].index("news/b") < outputs[3].index("news/c")  # worst first
    assert "[[Bayeng]]" in outputs[6]
    assert not any("Traceback" in o for o in outputs)
    everything = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    assert sum("image/png" in o.get("data", {}) for o in everything) == 2  # the bar charts and the score histogram
    assert [o["text"] for o in everything if o.get("name") == "stderr"] == []  # no warnings (e.g. missing glyphs)
