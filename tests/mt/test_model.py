"""The reference MT stage with a tiny real Marian model: translations, cache, batching, splitting."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mtaudit.errors import ConfigError, ModelUnavailableError
from mtaudit.mt import MTOptions, model_available, run_mt, translate_texts
from mtaudit.segments import segment_table
from tests.marian_factory import PAIRS


def options(model: Path, cache_dir: Path, **extra) -> dict:
    return {"model": str(model), "cache_dir": str(cache_dir), "num_beams": 1, **extra}


def test_the_tiny_model_translates_what_it_learned(tiny_marian: Path, tmp_path: Path) -> None:
    sources = [s for s, _ in PAIRS[:6]]
    out, run = translate_texts(sources, options(tiny_marian, tmp_path))
    assert out == [t for _, t in PAIRS[:6]]
    assert run.translated == 6 and run.cache_hits == 0 and run.revision.startswith("sha256:")


def test_second_run_translates_nothing(tiny_marian: Path, tmp_path: Path) -> None:
    sources = [s for s, _ in PAIRS] + [PAIRS[0][0]]  # a repeated source is translated once
    first, cold = translate_texts(sources, options(tiny_marian, tmp_path))
    second, warm = translate_texts(sources, options(tiny_marian, tmp_path))
    assert cold.sources == len(PAIRS) and cold.translated == len(PAIRS)
    assert warm.translated == 0 and warm.cache_hits == len(PAIRS) and warm.batches == 0
    assert second == first


def test_cache_is_keyed_by_generation_settings(tiny_marian: Path, tmp_path: Path) -> None:
    translate_texts([PAIRS[0][0]], options(tiny_marian, tmp_path))
    _, run = translate_texts([PAIRS[0][0]], options(tiny_marian, tmp_path, num_beams=2))
    assert run.translated == 1 and run.cache_hits == 0


def test_no_cache_translates_every_time(tiny_marian: Path, tmp_path: Path) -> None:
    for _ in range(2):
        _, run = translate_texts([PAIRS[0][0]], options(tiny_marian, tmp_path, cache=False))
        assert run.translated == 1 and run.cache_path is None
    assert not (tmp_path / "mt-cache.sqlite3").exists()


def test_batches_by_length_and_restores_order(tiny_marian: Path, tmp_path: Path) -> None:
    sources = [s for s, _ in PAIRS][::-1]
    out, run = translate_texts(sources, options(tiny_marian, tmp_path, batch_tokens=30))
    assert run.batches > 1
    assert out == [t for _, t in PAIRS][::-1]


def test_long_source_is_split_at_sentence_boundaries(tiny_marian: Path, tmp_path: Path) -> None:
    (s1, t1), (s2, t2), (s3, t3) = PAIRS[0], PAIRS[2], PAIRS[3]
    out, run = translate_texts([s1 + s2 + s3], options(tiny_marian, tmp_path, max_source_tokens=8))
    assert run.split_sources == 1 and run.pieces == 3
    assert out == [f"{t1} {t2} {t3}"]


def test_run_mt_fills_only_empty_mt(tiny_marian: Path, tmp_path: Path) -> None:
    table = segment_table(
        [
            {"doc_id": "d", "seg_id": "1", "source": PAIRS[0][0], "target": "x", "mt": "given by the user"},
            {"doc_id": "d", "seg_id": "2", "source": PAIRS[1][0], "target": "x"},
            {"doc_id": "d", "seg_id": "3", "source": "", "target": "x"},
        ]
    )
    filled, run = run_mt(table, options(tiny_marian, tmp_path))
    assert filled["mt"].tolist() == ["given by the user", PAIRS[1][1], None]
    assert run.sources == 1
    assert table["mt"].isna().sum() == 2  # the input table is not modified


def test_nothing_to_translate_does_not_look_for_the_model(tmp_path: Path) -> None:
    table = pd.DataFrame({"doc_id": ["d"], "seg_id": ["1"], "source": ["拜登"], "target": ["Biden"], "mt": ["Biden"]})
    filled, run = run_mt(table, {"model": str(tmp_path / "absent")})
    assert run is None and filled["mt"].tolist() == ["Biden"]


def test_unavailable_models(tmp_path: Path) -> None:
    assert not model_available(MTOptions())  # the default hub model is not cached here, and the hub is offline
    with pytest.raises(ModelUnavailableError, match="not available.*--mt-model"):
        translate_texts(["拜登"], {"cache_dir": str(tmp_path)}, allow_download=True)
    with pytest.raises(ModelUnavailableError, match="not found"):
        translate_texts(["拜登"], {"model": str(tmp_path / "nowhere")})
    with pytest.raises(ModelUnavailableError, match="no config.json"):
        translate_texts(["拜登"], {"model": str(tmp_path)})


def test_a_moved_model_keeps_its_cache_and_a_changed_one_does_not(tiny_marian: Path, tmp_path: Path) -> None:
    import shutil

    translate_texts([PAIRS[0][0]], options(tiny_marian, tmp_path))
    copy = tmp_path / "model"
    shutil.copytree(tiny_marian, copy)
    _, before = translate_texts([PAIRS[0][0]], options(copy, tmp_path))
    assert before.cache_hits == 1 and before.translated == 0
    config = copy / "generation_config.json"
    config.write_text(config.read_text(encoding="utf-8").replace("{", '{"length_penalty": 1.0,', 1), encoding="utf-8")
    _, after = translate_texts([PAIRS[0][0]], options(copy, tmp_path))
    assert after.revision != before.revision and after.translated == 1


def test_bad_options_are_config_errors(tiny_marian: Path) -> None:
    with pytest.raises(ConfigError, match="backend"):
        MTOptions(backend="marian")
    with pytest.raises(ConfigError, match="num_beams"):
        MTOptions(num_beams=0)
    with pytest.raises(ConfigError, match="unknown MT option"):
        MTOptions.from_mapping({"beams": 3})
    with pytest.raises(ConfigError, match="not available"):
        translate_texts(["拜登"], {"model": str(tiny_marian), "device": "cuda"})
