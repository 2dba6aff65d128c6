"""Glossary formats: YAML and CSV/TSV give the same entries; errors name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.errors import GlossaryError
from mtaudit.glossary import (
    bundled_glossary_paths,
    load_glossaries,
    load_glossary,
    save_glossary,
)


def test_yaml_entry_fields(glossary_file: Path) -> None:
    entries = load_glossary(glossary_file).by_id()
    assert entries["yellen"].sources == ("耶伦", "葉倫")
    assert entries["biden"].forbidden == ("Bayeng",)
    assert entries["biden"].is_case_sensitive
    assert not entries["fentanyl"].is_case_sensitive
    assert entries["xi"].short == ("Xi",)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".yaml"])
def test_round_trip_through_every_format(glossary_file: Path, tmp_path: Path, suffix: str) -> None:
    original = load_glossary(glossary_file)
    copy = tmp_path / f"copy{suffix}"
    save_glossary(original, copy)
    assert load_glossary(copy).entries == original.entries


def test_csv_with_pipe_lists(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target,forbidden,case_sensitive\n耶伦|葉倫,Yellen,Yurun|Yelun,false\n", encoding="utf-8")
    entry = load_glossary(path).entries[0]
    assert entry.sources == ("耶伦", "葉倫") and entry.forbidden == ("Yurun", "Yelun")
    assert entry.case_sensitive is False and entry.id == "yellen"


def test_yaml_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("entries:\n  - source: 拜登\n    target: Biden\n  - source: 耶伦\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g.yaml:4: entry '耶伦' has no target"):
        load_glossary(path)


def test_csv_without_target_column(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,english\n拜登,Biden\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="lacks column"):
        load_glossary(path)


def test_bundled_glossaries_load_and_cover_the_seed_names() -> None:
    assert bundled_glossary_paths()
    glossary = load_glossaries()
    sources = {s for e in glossary for s in e.sources}
    assert {"拜登", "耶伦", "葉倫", "蒲亭", "普京", "何立峰"} <= sources
    ids = [e.id for e in glossary]
    assert len(ids) == len(set(ids)), "entry ids must be unique across bundled glossaries"


def test_the_fingerprint_is_kept_with_the_cached_glossary(glossary_file: Path) -> None:
    """Worked out once and put aside with the merged glossary: a large glossary's start does not pay
    for hashing its entries again, and the value is the one its entries give."""
    first, again = load_glossaries([glossary_file]), load_glossaries([glossary_file])
    fresh = load_glossary(glossary_file)
    assert fresh._fingerprint is None
    assert again._fingerprint == first.fingerprint() == fresh.fingerprint()
