"""Engines: the same findings, in the same order, with the same summary, whichever runs the checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import mtaudit
from benchmarks.generate import glossary_entries, segment_rows
from mtaudit.engine import ProcessEngine
from mtaudit.stream import cut_table as document_chunks

LAVROV = {
    "id": "lavrov",
    "source": ["拉夫罗夫"],
    "target": "Sergei Lavrov",
    "variants": ["Sergey Lavrov"],
    "type": "person",
}


def _inconsistent_doc(doc_id: str) -> list[dict]:
    targets = ["Sergei Lavrov said so.", "Sergei Lavrov agreed.", "Sergey Lavrov left."]
    return [{"doc_id": doc_id, "id": str(i), "source": "拉夫罗夫表示。", "target": t} for i, t in enumerate(targets, 1)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    """Generated documents (names half outside the glossary, some garbled) between two documents
    with inconsistent renderings, so every finding kind occurs in several chunks."""
    path = tmp_path_factory.mktemp("engine") / "g.yaml"
    path.write_text(yaml.safe_dump({"entries": glossary_entries(40) + [LAVROV]}, allow_unicode=True), encoding="utf-8")
    rows = (
        _inconsistent_doc("first")
        + segment_rows(1200, glossary_entries(80), seed=5, doc_size=30)
        + _inconsistent_doc("last")
    )
    table = pd.DataFrame(rows).rename(columns={"id": "seg_id"})
    return table, path


@pytest.fixture(scope="module")
def local(corpus) -> mtaudit.AuditResult:
    return _audit(corpus, "local")


def _audit(corpus, engine) -> mtaudit.AuditResult:
    table, glossary = corpus
    return mtaudit.audit(table, glossaries=[glossary], engine=engine)


def _same(a: mtaudit.AuditResult, b: mtaudit.AuditResult) -> None:
    assert a.to_json() == b.to_json()


def test_every_kind_is_exercised(local) -> None:
    kinds = set(local.findings.kind)
    assert {"missing", "misrendered", "forbidden", "inconsistent", "unlisted_name"} <= kinds


def test_process_engine_gives_identical_results(corpus, local) -> None:
    engine = ProcessEngine(workers=2, chunk_rows=100)
    assert len(document_chunks(corpus[0], 2, min_rows=100)) > 4
    _same(local, _audit(corpus, engine))


def test_chunks_are_cut_only_between_documents(corpus) -> None:
    table = corpus[0]
    chunks = document_chunks(table, 2, min_rows=100)
    assert pd.concat(chunks).equals(table)
    assert all(a["doc_id"].iloc[-1] != b["doc_id"].iloc[0] for a, b in zip(chunks, chunks[1:], strict=False))
    shuffled = pd.concat([table.iloc[:50], table.iloc[200:260], table.iloc[50:200]])  # a document split in two
    assert len(document_chunks(shuffled, 2, min_rows=10)) == 1
    assert len(document_chunks(table, 2, chunkable=False, min_rows=10)) == 1


def test_corpus_wide_consistency_is_not_chunked(corpus) -> None:
    table, glossary = corpus
    options = {"consistency_scope": "corpus"}
    local = mtaudit.audit(table, glossaries=[glossary], options=options)
    pooled = mtaudit.audit(table, glossaries=[glossary], options=options, engine=ProcessEngine(2, chunk_rows=100))
    _same(local, pooled)


def test_unknown_engine_is_a_config_error(corpus) -> None:
    with pytest.raises(mtaudit.errors.ConfigError, match="unknown engine"):
        _audit(corpus, "spark")
