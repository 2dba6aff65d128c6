"""The default model's published layout, loaded as ``mtaudit audit --mt --mt-model DIR`` loads it.

Helsinki-NLP/opus-mt-zh-en's real config.json and SentencePiece tokenizer (kept outside the
repository: ``tests.marian_factory.noweights_model``) with seeded random weights at the real size.
The translations are noise, so these tests check the loading path, the real tokenisation, the
``mt`` column and the cache, never the words.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

import mtaudit
from mtaudit.mt.model import load_tokenizer
from tests.conftest import write_tsv
from tests.marian_factory import PUBLISHED_FILES, build_published_layout, has_noweights_model, noweights_model

pytestmark = pytest.mark.skipif(
    not has_noweights_model(),
    reason=f"the weightless opus-mt-zh-en is not at {noweights_model()} (set MTAUDIT_NOWEIGHTS_MODEL)",
)

#: Our own sentences; the first comes twice, so it is translated once.
ROWS = [
    (
        "国务院新闻办公室周二举行发布会，介绍一季度经济运行情况。",
        "The State Council Information Office held a briefing on Tuesday.",
    ),
    ("双方同意继续保持沟通。", "Both sides agreed to stay in touch."),
    (
        "国务院新闻办公室周二举行发布会，介绍一季度经济运行情况。",
        "The State Council Information Office held a briefing on Tuesday.",
    ),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real architecture (6+6 layers, 65001 pieces; ~300 MB) in the published layout, built once:
    4 s here, and only the real config.json says the directory is the published one."""
    import torch

    torch.set_num_threads(1)  # the two cores are shared: see tests/conftest.py
    return build_published_layout(tmp_path_factory.mktemp("opus-mt-zh-en") / "model")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return write_tsv(tmp_path / "c.tsv", ROWS)


@pytest.fixture
def transformers_log() -> Iterator[list[logging.LogRecord]]:
    """What transformers logs meanwhile (its loggers do not propagate: caplog sees nothing)."""
    handler = logging.handlers.BufferingHandler(capacity=10_000)
    logger = logging.getLogger("transformers")
    logger.addHandler(handler)
    try:
        yield handler.buffer
    finally:
        logger.removeHandler(handler)


def mt_audit(corpus: Path, glossary: Path, model: Path, cache: Path, **mt_options: object) -> mtaudit.AuditResult:
    options = {"model": str(model), "num_beams": 1, "max_new_tokens": 6, "cache_dir": str(cache), **mt_options}
    return mtaudit.audit(corpus, glossaries=[glossary], mt=True, mt_options=options)


def test_the_directory_is_laid_out_as_published(published: Path) -> None:
    names = sorted(path.name for path in published.iterdir())
    assert names == sorted([*PUBLISHED_FILES, "generation_config.json", "model.safetensors"])
    for name in PUBLISHED_FILES:
        assert (published / name).read_bytes() == (noweights_model() / name).read_bytes(), name


def test_the_real_tokenizer_reads_chinese_with_the_published_pieces(published: Path) -> None:
    import sentencepiece

    tokenizer = load_tokenizer(published)
    pieces = sentencepiece.SentencePieceProcessor(model_file=str(published / "source.spm"))
    assert type(tokenizer).__name__ == "MarianTokenizer" and len(tokenizer) == 65001
    for source, _ in ROWS[:2]:
        tokens = tokenizer.convert_ids_to_tokens(tokenizer(source)["input_ids"])
        assert tokens == [*pieces.encode(source, out_type=str), "</s>"]
        assert tokenizer.unk_token not in tokens


def test_the_audit_fills_the_mt_column_and_a_second_run_reads_the_cache(
    corpus: Path, glossary_file: Path, published: Path, tmp_path: Path, transformers_log: list[logging.LogRecord]
) -> None:
    cold = mt_audit(corpus, glossary_file, published, tmp_path / "cache")
    mt = cold.segments["mt"].tolist()
    assert all(isinstance(text, str) and text.strip() for text in mt) and mt[0] == mt[2]
    assert cold.summary["mt"]["sources"] == cold.summary["mt"]["translated"] == 2
    signature = cold.summary["signature"]["mt"]
    assert signature["model"] == str(published) and signature["revision"].startswith("sha256:")
    assert (signature["backend"], signature["dtype"]) == ("transformers", "float32")
    # the published generation_config.json's max_length is not warned about on every batch
    assert not [record for record in transformers_log if "max_length" in record.getMessage()]

    warm = mt_audit(corpus, glossary_file, published, tmp_path / "cache")
    assert warm.summary["mt"]["cache_hits"] == 2 and warm.summary["mt"]["translated"] == 0
    assert warm.segments["mt"].tolist() == mt


def test_the_ctranslate2_conversion_of_the_published_layout_translates(
    corpus: Path, glossary_file: Path, published: Path, tmp_path: Path
) -> None:
    pytest.importorskip("ctranslate2")
    from mtaudit.mt.ct2 import convert

    converted = convert(published, tmp_path / "ct2", quantization="int8")
    for name in PUBLISHED_FILES[1:]:  # the tokenizer files, as published (config.json is CTranslate2's)
        assert (converted / name).read_bytes() == (published / name).read_bytes(), name
    assert type(load_tokenizer(converted)).__name__ == "MarianTokenizer"  # no class named, no model_type

    result = mt_audit(corpus, glossary_file, converted, tmp_path / "cache", backend="ct2")
    mt = result.segments["mt"].tolist()
    assert all(isinstance(text, str) and text.strip() for text in mt) and mt[0] == mt[2]
    assert result.summary["mt"]["translated"] == 2
    assert (result.summary["signature"]["mt"]["backend"], result.summary["signature"]["mt"]["dtype"]) == ("ct2", "int8")
