"""A small audit with every kind of finding, shared by the report tests (our own fixture text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

import mtaudit
from mtaudit.result import AuditResult

GLOSSARY = """entries:
  - id: biden
    source: [拜登]
    target: Biden
    forbidden: [Bayeng]
    type: person
  - id: yellen
    source: [耶伦]
    target: Yellen
    forbidden: [Yurun]
    type: person
  - id: raimondo
    source: [雷蒙多]
    target: Raimondo
    type: person
  - id: fentanyl
    source: [芬太尼]
    target: fentanyl
    type: substance
  - id: lavrov
    source: [拉夫罗夫]
    target: Sergei Lavrov
    variants: [Sergey Lavrov]
    type: person
"""

#: Segments as a document reader gives them: with the agreed position columns.
ROWS: list[dict[str, Any]] = [
    {
        "doc_id": "news/a",
        "seg_id": "1",
        "source": "拜登政府表示。",
        "target": "The Bayeng administration said.",
        "target_file": "site/en/a.md",
        "target_line": 3,
        "target_column": 1,
    },
    {
        "doc_id": "news/a",
        "seg_id": "2",
        "source": "耶伦将访问北京。",
        "target": "Treasury chief Yurun will visit Beijing.",
        "target_file": "site/en/a.md",
        "target_line": 5,
        "target_column": 1,
    },
    {
        "doc_id": "news/a",
        "seg_id": "3",
        "source": "雷蒙多宣布。",
        "target": "Secretary\nLei Mengduo announced it.",
        "target_file": "site/en/a.md",
        "target_line": 7,
        "target_column": 3,
    },
    {
        "doc_id": "news/b",
        "seg_id": "1",
        "source": "双方同意遏制芬太尼。",
        "target": "Both agreed to curb <script>alert('x')</script> & <b>Fantanil</b>.",
        "target_file": "site/en/b.md",
        "target_line": 2,
        "target_column": 5,
    },
    {
        "doc_id": "news/b",
        "seg_id": "2",
        "source": "拉夫罗夫说。",
        "target": "Sergei Lavrov said.",
        "target_file": "site/en/b.md",
        "target_line": 4,
        "target_column": 1,
    },
    {
        "doc_id": "news/b",
        "seg_id": "3",
        "source": "拉夫罗夫补充道。",
        "target": "Sergey Lavrov added.",
        "target_file": "site/en/b.md",
        "target_line": 5,
        "target_column": 1,
    },
    {
        "doc_id": "news/b",
        "seg_id": "4",
        "source": "耶伦也在场。",
        "target": "Yellen was there too.",
        "target_file": "site/en/b.md",
        "target_line": 6,
        "target_column": 1,
    },
    {
        "doc_id": "news/c",
        "seg_id": "1",
        "source": "拜登说。",
        "target": "He said \x0b so.",
        "target_file": "site/en/c.md",
        "target_line": 1,
        "target_column": 1,
    },
]


def glossary(directory: Path) -> Path:
    path = directory / "reports-glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def sample_result(directory: Path, **options: Any) -> AuditResult:
    return mtaudit.audit(pd.DataFrame(ROWS), glossaries=[glossary(directory)], **options)
