"""What a glossary adds to jieba's dictionary is kept on disk: loaded back, it is what was built."""

from __future__ import annotations

import pytest

from mtaudit.glossary import boundaries, segmenter

FORMS = ("王毅", "耶伦", "何立峰", "拜登", "布林肯")


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """A cache directory of this test's own (jieba's stock dictionary stays the session's)."""
    segmenter.prepared()
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    boundaries.dictionary.cache_clear()
    yield tmp_path
    boundaries.dictionary.cache_clear()


def test_dictionary_loaded_from_disk_is_the_one_built(fresh) -> None:
    built = boundaries.dictionary(FORMS)
    files = list((fresh / "jieba").glob("glossary-*.marshal"))
    assert len(files) == 1
    boundaries.dictionary.cache_clear()
    loaded = boundaries.dictionary(FORMS)
    assert loaded.tokenizer is not built.tokenizer and "立峰" in loaded.pairs and "立峰" in built.pairs
    assert loaded.tokenizer.FREQ.added == built.tokenizer.FREQ.added
    assert loaded.tokenizer.total == built.tokenizer.total
    assert loaded.tokenizer.FREQ["何立峰"] > 0
    cut = "国王毅然决定"
    assert list(loaded.tokenizer.cut(cut, HMM=False)) == list(built.tokenizer.cut(cut, HMM=False))
    assert boundaries.dictionary(FORMS[:-1]) is not loaded  # other forms, another dictionary
    assert len(list((fresh / "jieba").glob("glossary-*.marshal"))) == 2


def test_an_unreadable_cache_file_is_rebuilt(fresh) -> None:
    boundaries.dictionary(FORMS)
    (path,) = (fresh / "jieba").glob("glossary-*.marshal")
    path.write_bytes(b"not marshal")
    boundaries.dictionary.cache_clear()
    assert boundaries.dictionary(FORMS).tokenizer.FREQ["布林肯"] > 0
