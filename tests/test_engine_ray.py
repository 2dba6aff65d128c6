"""The Ray engine on one local Ray cluster per module (capped object store, time-boxed start): the
same report as the local engine, for the checks and for the MT stage run by model actors."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import mtaudit
from mtaudit.engine_ray import RayEngine
from tests.conftest import write_tsv
from tests.marian_factory import PAIRS
from tests.test_engine import _audit, _same, corpus, local  # noqa: F401  (module fixtures, rebuilt here)

ray = pytest.importorskip("ray", reason="ray is an optional extra: pip install 'mtaudit[ray]'")


@pytest.fixture(scope="module", autouse=True)
def ray_cluster() -> RayEngine:
    """Ray started once for the module; every RayEngine below finds it running. A failed start
    fails the tests (ConfigError), it does not skip them."""
    engine = RayEngine(workers=2, object_store_bytes=128 * 1024 * 1024, start_timeout=60)
    engine.start()
    yield engine
    ray.shutdown()


def test_ray_checks_give_the_local_report(corpus, local) -> None:  # noqa: F811
    _same(local, _audit(corpus, RayEngine(workers=2, chunk_rows=100)))


def test_ray_tasks_give_the_local_scores(corpus, monkeypatch) -> None:  # noqa: F811
    from mtaudit import metrics

    table = corpus[0].iloc[:90].assign(reference=lambda t: t["target"].str.replace("said", "stated"))
    here = metrics.score_segments(table)
    monkeypatch.setattr(metrics, "STATISTICS_PART", 25)
    spread = metrics.score_segments(table, map_parts=RayEngine(workers=2).map)
    assert spread[0].equals(here[0]) and spread[1] == here[1]


@pytest.fixture(scope="module")
def mt_table() -> pd.DataFrame:
    """Every learned sentence, one repeated, and one long source split into pieces (so are a few sentences)."""
    sources = [s for s, _ in PAIRS] + [PAIRS[0][0], PAIRS[0][0] + PAIRS[2][0] + PAIRS[3][0]]
    return pd.DataFrame({"doc_id": "d", "seg_id": [str(i) for i in range(len(sources))], "source": sources,
                         "target": ["Bayeng met Yellen."] + [t for _, t in PAIRS[1:]] + ["x", "y"]})


def _mt_audit(table: pd.DataFrame, glossary: Path, model: Path, cache: Path, engine) -> dict:
    options = {"model": str(model), "num_beams": 1, "batch_tokens": 30, "max_source_tokens": 8, "cache_dir": str(cache)}
    result = mtaudit.audit(table, glossaries=[glossary], mt=True, mt_options=options, engine=engine)
    return json.loads(result.to_json())


def _without_timing(report: dict) -> dict:
    """The report less what differs between any two runs: the seconds and the cache's location."""
    return {**report, "summary": {**report["summary"], "mt": {k: v for k, v in report["summary"]["mt"].items()
                                                             if k not in ("seconds", "cache_path")}}}


def _model_actors() -> int:
    """Model actors this cluster has started (Ray's GCS actor table; the state API needs the dashboard)."""
    from ray._private.state import actors

    return sum("_RayModel" in actor["ActorClassName"] for actor in actors().values())


def test_ray_mt_gives_the_local_report_and_a_warm_run_translates_nothing(
        mt_table, glossary_file: Path, tiny_marian: Path, tmp_path: Path) -> None:
    here = _mt_audit(mt_table, glossary_file, tiny_marian, tmp_path / "local", "local")
    actors_before = _model_actors()
    cold = _mt_audit(mt_table, glossary_file, tiny_marian, tmp_path / "ray", RayEngine(workers=2))
    assert _model_actors() == actors_before + 2  # two CPU actors shared the batches
    assert _without_timing(cold) == _without_timing(here)
    mt = cold["summary"]["mt"]
    assert mt["translated"] == len(PAIRS) + 1 and mt["split_sources"] > 0 and mt["batches"] > 1
    assert cold["segments"][-1]["mt"] == " ".join(t for _, t in (PAIRS[0], PAIRS[2], PAIRS[3]))

    warm = _mt_audit(mt_table, glossary_file, tiny_marian, tmp_path / "ray", RayEngine(workers=2))
    assert _model_actors() == actors_before + 2  # no actor: every source came from the cache
    assert warm["summary"]["mt"]["translated"] == 0 and warm["summary"]["mt"]["batches"] == 0
    assert warm["summary"]["mt"]["cache_hits"] == len(PAIRS) + 1
    assert [s["mt"] for s in warm["segments"]] == [s["mt"] for s in cold["segments"]]
    assert warm["summary"]["signature"] == cold["summary"]["signature"]


def test_an_address_where_no_cluster_answers_is_exit_2_in_one_line(tmp_path: Path, glossary_file: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tsv = write_tsv(tmp_path / "c.tsv", [(PAIRS[0][0], "Biden met Yellen.")])
    done = subprocess.run([sys.executable, "-m", "mtaudit", "audit", str(tsv), "-g", str(glossary_file), "--no-mt",
                           "--engine", "ray", "--ray-address", f"127.0.0.1:{port}", "--ray-start-timeout", "5",
                           "--output", str(tmp_path / "r.json")],
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in line
    assert not (tmp_path / "r.json").exists()


def test_a_malformed_address_is_a_config_error() -> None:
    from mtaudit.engine_ray import _probe_cluster

    with pytest.raises(mtaudit.errors.ConfigError, match="not a Ray cluster address"):
        _probe_cluster("head:port", timeout=0.5)
