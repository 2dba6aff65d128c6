"""The Python API: ``mtaudit.audit`` checks a DataFrame as the command checks a file (the same
errors), gives its rows ids that findings join back on, and makes or refuses its spool directory
with a clear error."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path

import pandas as pd
import pytest

import mtaudit
from mtaudit.errors import ConfigError, InputError
from tests.conftest import write_tsv


def _cli_error(cli, path: Path) -> str:
    """The command's error for a file, without the ``mtaudit: error: FILE:LINE:`` before it."""
    done = cli("audit", path, "--no-mt")
    assert done.returncode == 2
    return done.stderr.strip().split(": ", 3)[-1]


def test_the_signature_is_explicit() -> None:
    parameters = inspect.signature(mtaudit.audit).parameters
    assert list(parameters)[:2] == ["input", "target"] and {"glossaries", "mt", "spool", "engine"} <= set(parameters)
    assert parameters["glossaries"].kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize("columns", [["id", "source"], ["target"], ["src", "tgt"]])
def test_a_frame_without_source_or_target_is_refused_as_a_file_is(columns: list[str], tmp_path: Path, cli) -> None:
    path = tmp_path / "c.tsv"
    path.write_text("\t".join(columns) + "\n" + "\t".join(["拜登"] * len(columns)) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        mtaudit.audit(pd.read_csv(path, sep="\t"))
    assert refused.value.message == _cli_error(cli, path)


def test_a_cell_that_is_not_text_is_refused_as_in_json_lines(tmp_path: Path, cli) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"source": "拜登会见了耶伦。", "target": 2024}\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        mtaudit.audit(pd.DataFrame({"source": ["拜登会见了耶伦。"], "target": [2024]}))
    words = "'target' must be a string"  # the same words as a JSON Lines file gets, and the row
    assert words in _cli_error(cli, path) and words in refused.value.message and "row 1" in refused.value.message
    with pytest.raises(InputError, match="no segments to audit"):
        mtaudit.audit(pd.DataFrame({"source": [], "target": []}))


def test_a_frame_audits_as_the_file_it_was_read_from(tmp_path: Path, glossary_file: Path) -> None:
    rows = [
        ("拜登会见了耶伦。", "Biden met Yellen."),
        ("拜登政府表示。", "The Bayeng administration said."),
        ("耶伦说。", None),
    ]
    frame = pd.DataFrame(rows, columns=["source", "target"])  # no ids at all; a missing target is empty
    result = mtaudit.audit(frame, glossaries=[glossary_file])
    assert not result.passed
    assert result.segments[["doc_id", "seg_id"]].values.tolist() == [
        ["dataframe", "1"],
        ["dataframe", "2"],
        ["dataframe", "3"],
    ]
    joined = result.findings.assign(row=result.findings["seg_id"].astype(int) - 1)
    assert {frame.iloc[row]["source"] for row in joined["row"]} == {"拜登政府表示。", "耶伦说。"}
    path = tmp_path / "c.tsv"
    frame.fillna("").to_csv(path, sep="\t", index=False)
    from_file = mtaudit.audit(path, glossaries=[glossary_file])
    assert from_file.findings[["seg_id", "kind", "found"]].equals(result.findings[["seg_id", "kind", "found"]])


def test_ids_and_documents_of_a_frame_are_kept_or_counted_per_document(glossary_file: Path) -> None:
    frame = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "Source": ["拜登政府表示。"] * 3, "target": ["The Bayeng administration said."] * 3}
    )
    result = mtaudit.audit(frame, glossaries=[glossary_file])
    assert result.findings[["doc_id", "seg_id"]].values.tolist() == [["a", "1"], ["a", "2"], ["b", "1"]]
    with_ids = mtaudit.audit(frame.assign(id=["x", "y", "z"]), glossaries=[glossary_file])
    assert with_ids.findings["seg_id"].tolist() == ["x", "y", "z"]


def test_spool_is_created_when_missing(tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登政府表示。", "The Bayeng administration said.")])
    spool = tmp_path / "not" / "yet"
    result = mtaudit.audit(corpus, glossaries=[glossary_file], spool=spool)
    assert spool.is_dir() and json.loads(result.to_json())["findings"][0]["found"] == "Bayeng"


def test_a_spool_that_is_a_file_or_unwritable_is_refused_clearly(tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    file = tmp_path / "spool.txt"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="spool must be a directory"):
        mtaudit.audit(corpus, glossaries=[glossary_file], spool=file)
    with pytest.raises(ConfigError, match="cannot keep the tables"):
        mtaudit.audit(corpus, glossaries=[glossary_file], spool=file / "below")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root writes anywhere a mode allows nothing: not under /sys
        locked = Path("/sys/mtaudit-spool")
    with pytest.raises(
        ConfigError, match="cannot keep the tables in this spool directory: (Permission denied|Operation not permitted)"
    ):
        mtaudit.audit(corpus, glossaries=[glossary_file], spool=locked)
