"""The process engine's two ways of starting workers, and what ``auto`` chooses."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

import mtaudit
from benchmarks.generate import glossary_entries, segment_rows
from mtaudit import engine as engines
from mtaudit.engine import AutoEngine, LocalEngine, ProcessEngine


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, str]:
    path = tmp_path_factory.mktemp("process") / "g.yaml"
    path.write_text(yaml.safe_dump({"entries": glossary_entries(40)}, allow_unicode=True), encoding="utf-8")
    rows = segment_rows(900, glossary_entries(80), seed=9, doc_size=30)
    return pd.DataFrame(rows).rename(columns={"id": "seg_id"}), str(path)


def _json(corpus, engine) -> str:
    table, glossary = corpus
    return mtaudit.audit(table, glossaries=[glossary], engine=engine).to_json()


def test_forked_and_spawned_workers_give_the_local_report(corpus, monkeypatch) -> None:
    local = _json(corpus, "local")
    for can_fork in (True, False):
        monkeypatch.setattr(engines, "_can_fork", lambda can_fork=can_fork: can_fork)
        assert _json(corpus, ProcessEngine(workers=2, chunk_rows=100)) == local


def test_auto_uses_workers_only_for_large_tables_on_several_cores_where_it_can_fork(monkeypatch) -> None:
    monkeypatch.setattr(engines, "_can_fork", lambda: True)
    assert isinstance(AutoEngine(workers=2).choose(engines.AUTO_PROCESS_ROWS), ProcessEngine)
    assert isinstance(AutoEngine(workers=2).choose(engines.AUTO_PROCESS_ROWS - 1), LocalEngine)
    assert isinstance(AutoEngine(workers=1).choose(10 * engines.AUTO_PROCESS_ROWS), LocalEngine)
    monkeypatch.setattr(engines, "_can_fork", lambda: False)  # e.g. torch loaded by the MT stage
    assert isinstance(AutoEngine(workers=2).choose(10 * engines.AUTO_PROCESS_ROWS), LocalEngine)
    # the mtaudit command survives fresh workers re-importing its main module
    assert isinstance(
        engines.make_engine("auto", 2, may_start_fresh=True).choose(engines.AUTO_PROCESS_ROWS), ProcessEngine
    )


def test_auto_keeps_its_started_workers_for_small_chunks_too(corpus, monkeypatch) -> None:
    """Once started, the workers check every chunk of several rows (the last, short chunk of a long
    input), and the report is the one checked here."""
    monkeypatch.setattr(engines, "_can_fork", lambda: True)
    auto = AutoEngine(workers=2)
    process = auto.choose(engines.AUTO_PROCESS_ROWS)
    assert isinstance(process, ProcessEngine) and not process.started
    assert isinstance(auto.choose(100), LocalEngine)  # not started yet: a small table is checked here
    table, glossary = corpus
    step = mtaudit.checks.step.CheckStep(mtaudit.glossary.load_glossaries([glossary]), None, ["terms"])
    first = process.submit(step, [table.iloc[:450], table.iloc[450:]])
    assert process.started and auto.choose(100) is process and isinstance(auto.choose(1), LocalEngine)
    small = step.start(table.iloc[:60], auto).result()
    assert [f.to_dict() for f in small.findings] == [f.to_dict() for f in step.check(table.iloc[:60]).findings]
    first.result()
    auto.close()
    assert not process.started


def test_auto_starts_fresh_workers_where_the_main_module_is_no_file() -> None:
    """A notebook, the REPL or ``python -c`` has no main module file for fresh workers to re-import:
    after the MT stage loaded torch there, ``auto`` still checks on every core; a script does not."""
    import subprocess
    import sys

    choose = (
        "import torch, mtaudit.engine as e; print(type(e.AutoEngine(workers=2).choose(e.AUTO_PROCESS_ROWS)).__name__)"
    )
    assert (
        subprocess.run([sys.executable, "-c", choose], capture_output=True, text=True, check=True).stdout.strip()
        == "ProcessEngine"
    )
    assert engines._main_is_a_file()  # pytest's own main module is a file


def test_scores_spread_over_workers_are_the_local_scores(corpus, monkeypatch) -> None:
    from mtaudit import metrics

    table = corpus[0].iloc[:120].copy()
    table["reference"] = [t.replace("said", "stated") for t in table["target"]]
    table["mt"] = [" ".join(reversed(t.split())) for t in table["target"]]
    local = metrics.score_segments(table)
    monkeypatch.setattr(metrics, "STATISTICS_PART", 25)
    for can_fork in (True, False):
        monkeypatch.setattr(engines, "_can_fork", lambda can_fork=can_fork: can_fork)
        spread = metrics.score_segments(table, map_parts=ProcessEngine(workers=2).map)
        assert spread[0].equals(local[0]) and spread[1] == local[1] and spread[2] == local[2]
    assert local[1]["mt"]["ter"] > local[1]["reference"]["ter"]  # the texts differ as meant
