"""The CTranslate2 backend on the tiny Marian model: converted, it translates as transformers does."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.errors import ModelUnavailableError
from mtaudit.mt import translate_texts
from tests.marian_factory import PAIRS

pytest.importorskip("ctranslate2")


@pytest.fixture(scope="module")
def converted(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mtaudit.mt.ct2 import convert

    return convert(tiny_marian, tmp_path_factory.mktemp("ct2") / "model", quantization="int8")


def test_ct2_int8_matches_transformers(tiny_marian: Path, converted: Path, tmp_path: Path) -> None:
    sources = [s for s, _ in PAIRS]
    common = {"cache_dir": str(tmp_path), "num_beams": 1}
    reference, _ = translate_texts(sources, {"model": str(tiny_marian), **common})
    fast, run = translate_texts(sources, {"model": str(converted), "backend": "ct2", **common})
    assert run.compute == {"device": "cpu", "dtype": "int8"} and run.translated == len(sources)
    assert fast == reference
    _, again = translate_texts(sources, {"model": str(converted), "backend": "ct2", **common})
    assert again.translated == 0


def test_ct2_needs_a_converted_directory(tiny_marian: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="no model.bin"):
        translate_texts(["拜登"], {"model": str(tiny_marian), "backend": "ct2"})
    with pytest.raises(ModelUnavailableError, match="ct2-transformers-converter"):
        translate_texts(["拜登"], {"backend": "ct2"})
