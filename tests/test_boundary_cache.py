"""A large glossary's jieba dictionary is kept on disk: loaded back, it is the dictionary built."""
from __future__ import annotations

import pytest

from mtaudit.glossary import boundaries

FORMS = ("王毅", "耶伦", "何立峰", "拜登", "布林肯")


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """Every size of glossary kept on disk, in a cache directory of this test's own."""
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(boundaries, "DISK_CACHE_FORMS", 1)
    boundaries._tokenizer.cache_clear()
    yield tmp_path
    boundaries._tokenizer.cache_clear()


def test_dictionary_loaded_from_disk_is_the_one_built(fresh) -> None:
    built = boundaries._tokenizer(FORMS)
    files = list((fresh / "jieba").glob("glossary-*.marshal"))
    assert len(files) == 1
    boundaries._tokenizer.cache_clear()
    loaded = boundaries._tokenizer(FORMS)
    assert loaded is not built
    assert loaded.FREQ == built.FREQ and loaded.total == built.total and loaded.FREQ["何立峰"] > 0
    assert [w for w in loaded.cut("国王毅然决定", HMM=False)] == [w for w in built.cut("国王毅然决定", HMM=False)]
    assert boundaries._tokenizer(FORMS[:-1]) is not loaded  # other forms, another dictionary
    assert len(list((fresh / "jieba").glob("glossary-*.marshal"))) == 2


def test_an_unreadable_cache_file_is_rebuilt(fresh) -> None:
    boundaries._tokenizer(FORMS)
    (path,) = (fresh / "jieba").glob("glossary-*.marshal")
    path.write_bytes(b"not marshal")
    boundaries._tokenizer.cache_clear()
    assert boundaries._tokenizer(FORMS).FREQ["布林肯"] > 0
