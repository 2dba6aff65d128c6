"""The Ray engine on one local Ray cluster per module (capped object store, time-boxed start): the
same report as the local engine, for the checks and for the MT stage run by model actors."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pandas as pd
import pytest

import mtaudit
from mtaudit.corpus import iter_corpus
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
    return pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": [str(i) for i in range(len(sources))],
            "source": sources,
            "target": ["Bayeng met Yellen."] + [t for _, t in PAIRS[1:]] + ["x", "y"],
        }
    )


def _mt_audit(table: pd.DataFrame, glossary: Path, model: Path, cache: Path, engine) -> dict:
    options = {"model": str(model), "num_beams": 1, "batch_tokens": 30, "max_source_tokens": 8, "cache_dir": str(cache)}
    result = mtaudit.audit(table, glossaries=[glossary], mt=True, mt_options=options, engine=engine)
    return json.loads(result.to_json())


def _without_timing(report: dict) -> dict:
    """The report less what differs between any two runs: the seconds and the cache's location."""
    return {
        **report,
        "summary": {
            **report["summary"],
            "mt": {k: v for k, v in report["summary"]["mt"].items() if k not in ("seconds", "cache_path")},
        },
    }


def _model_actors() -> int:
    """Model actors this cluster has started (Ray's GCS actor table; the state API needs the dashboard)."""
    from ray._private.state import actors

    return sum("ModelWorker" in actor["ActorClassName"] for actor in actors().values())


def test_ray_mt_gives_the_local_report_and_a_warm_run_translates_nothing(
    mt_table, glossary_file: Path, tiny_marian: Path, tmp_path: Path
) -> None:
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


def test_an_address_where_no_cluster_answers_is_exit_2_in_one_line(cli, tmp_path: Path, glossary_file: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tsv = write_tsv(tmp_path / "c.tsv", [(PAIRS[0][0], "Biden met Yellen.")])
    done = cli(
        "audit",
        tsv,
        "-g",
        glossary_file,
        "--no-mt",
        "--engine",
        "ray",
        "--ray-address",
        f"127.0.0.1:{port}",
        "--ray-start-timeout",
        "5",
        "--output",
        tmp_path / "r.json",
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in line
    assert not (tmp_path / "r.json").exists()


def test_a_malformed_address_is_a_config_error() -> None:
    from mtaudit.engine_ray import probe_cluster

    with pytest.raises(mtaudit.errors.ConfigError, match="not a Ray cluster address"):
        probe_cluster("head:port", timeout=0.5)


#: One document's paragraphs: (Chinese, English); the English of some renders a name wrongly.
_PARAGRAPHS = [
    (
        "拜登周{n}在华盛顿会见了耶伦。双方讨论了预算。",
        "Biden met Yellen in Washington on day {n}. They discussed the budget.",
    ),
    ("耶伦表示，财政部将继续合作。", "Janet Yellen said the Treasury would keep working together."),
    ("习近平当天也发表了讲话。", "Bayeng also gave a speech that day."),
    ("拜登说，会谈很有成果。", "Biden said the talks were fruitful."),
]


def _document(n: int, side: int, form: str) -> str:
    """Document ``n`` on one side (0: Chinese, 1: English), as Markdown, HTML or plain text."""
    paragraphs = [pair[side].format(n=n) for pair in _PARAGRAPHS[n % 2 :] + _PARAGRAPHS[: n % 2]]
    if form == "md":
        title = ["拜登会见耶伦", "Biden meets Yellen"][side]
        return f'---\ntitle: "{title} {n}"\n---\n' + "\n\n".join(paragraphs) + "\n"
    if form == "html":
        return "<html><body>" + "".join(f"<p>{p}</p>\n" for p in paragraphs) + "</body></html>\n"
    return "\n".join(paragraphs) + "\n"  # line-aligned: read as line pairs


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Ten documents in zh/ and en/ (Markdown, HTML and plain text, some in a subdirectory)."""
    root = tmp_path_factory.mktemp("ray-read")
    for n in range(10):
        form = ("md", "html", "txt")[n % 3]
        name = f"{'sub/' if n % 4 == 0 else ''}doc{n}.{form}"
        for side, language in enumerate(("zh", "en")):
            path = root / language / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_document(n, side, form), encoding="utf-8")
    return root / "zh", root / "en"


def _read_audit(input: Path, target: Path | None, glossary: Path, engine, chunk_rows="auto") -> mtaudit.AuditResult:
    return mtaudit.audit(input, target, glossaries=[glossary], mt=False, engine=engine, chunk_rows=chunk_rows)


def _driver_cannot_read(monkeypatch) -> None:
    """Readers that fail in this process only: Ray's worker processes keep the real ones."""
    import mtaudit.corpus
    from mtaudit.corpus import pairs

    def refuse(*args, **kwargs):
        raise AssertionError("a document was read in the driver")

    for module in (pairs, mtaudit.corpus):
        monkeypatch.setattr(module, "pair_rows", refuse)
        monkeypatch.setattr(module, "target_only_rows", refuse)


def _same_chunks(expected: list[pd.DataFrame], ray_read: list[pd.DataFrame]) -> None:
    assert len(ray_read) == len(expected) > 2
    for ours, theirs in zip(ray_read, expected, strict=True):
        pd.testing.assert_frame_equal(ours, theirs)


def test_ray_reads_directory_pairs_in_tasks_and_gives_the_local_report(
    documents, glossary_file: Path, monkeypatch
) -> None:
    zh, en = documents
    here = _read_audit(zh, en, glossary_file, "local")
    assert here.summary["segments"] > 40 and len(here.findings) > 10
    local_chunks = list(iter_corpus(zh, en, None, 12))
    _driver_cannot_read(monkeypatch)
    with pytest.raises(AssertionError, match="read in the driver"):
        list(iter_corpus(zh, en))
    _same_chunks(local_chunks, list(iter_corpus(zh, en, None, 12, engine=RayEngine(workers=2))))
    # each chunk's checks start Ray Data actors anew (seconds): two chunks here
    assert _read_audit(zh, en, glossary_file, RayEngine(workers=2), chunk_rows=30).to_json() == here.to_json()


def test_ray_reads_a_target_only_directory_in_tasks_and_gives_the_local_report(
    documents, glossary_file: Path, monkeypatch
) -> None:
    en = documents[1]
    here = _read_audit(en, None, glossary_file, "local")
    local_chunks = list(iter_corpus(en, None, None, 7))
    _driver_cannot_read(monkeypatch)
    _same_chunks(local_chunks, list(iter_corpus(en, None, None, 7, engine=RayEngine(workers=2, read_window=3))))
    assert _read_audit(en, None, glossary_file, RayEngine(workers=2), chunk_rows=25).to_json() == here.to_json()


@pytest.mark.parametrize("bad", ["chinese", "undecodable"])
def test_a_bad_file_read_in_a_task_raises_the_local_input_error(tmp_path: Path, bad: str) -> None:
    folder = tmp_path / "en"
    folder.mkdir()
    for n in range(6):
        (folder / f"doc{n}.md").write_text(_document(n, 1, "md"), encoding="utf-8")
    if bad == "chinese":
        (folder / "doc3.md").write_text(_document(3, 0, "md"), encoding="utf-8")
    else:
        (folder / "doc3.md").write_bytes(b"\x00\xff\xfe\x81" * 64 + b"\xc3\x28\x00")
    with pytest.raises(mtaudit.errors.InputError) as local_error:
        list(iter_corpus(folder, None, None, 10))
    with pytest.raises(mtaudit.errors.InputError) as ray_error:
        list(iter_corpus(folder, None, None, 10, engine=RayEngine(workers=2)))
    assert type(ray_error.value) is mtaudit.errors.InputError
    assert str(ray_error.value) == str(local_error.value) and ray_error.value.path == str(folder / "doc3.md")
    assert "Traceback" not in str(ray_error.value) and "Ray" not in str(ray_error.value)
