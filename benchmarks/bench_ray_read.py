"""Ray read: a directory pair of Markdown documents read into chunks by Ray tasks
(``RayEngine.read``) against the driver reading it (``corpus.iter_corpus``), as a ratio.

Documents of two sizes (sentences per paragraph, paragraphs per document from
:func:`benchmarks.generate.segment_rows`); each read is the best of three, after one read that
warms the Ray workers' imports. On one machine the tasks share its cores with the driver, so
the ratio shows the overhead (listing, a task and an object-store trip per document) more than a
cluster's gain.

    make bench BENCH=ray_read
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.generate import OUT, glossary_entries, segment_rows

SIZES = ((400, 10), (100, 200))  # (documents, segments per document)


def write_documents(root: Path, documents: int, per_document: int) -> tuple[Path, Path]:
    """zh/ and en/ Markdown files, one paragraph per generated segment pair."""
    rows = segment_rows(documents * per_document, glossary_entries(200), seed=5, doc_size=per_document)
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    for language, key in (("zh", "source"), ("en", "target")):
        folder = root / language
        folder.mkdir(parents=True, exist_ok=True)
        for doc_id, doc_rows in by_doc.items():
            (folder / f"{doc_id}.md").write_text("\n\n".join(r[key] for r in doc_rows) + "\n", encoding="utf-8")
    return root / "zh", root / "en"


def _best(read, zh: Path, en: Path, runs: int = 3) -> tuple[float, int]:
    """The best time of ``runs`` reads in chunks of 5,000 rows, and the rows read."""
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = sum(len(chunk) for chunk in read(zh, en, None, 5_000))
        times.append(time.perf_counter() - start)
    return min(times), rows


def main() -> None:
    from mtaudit.corpus import iter_corpus
    from mtaudit.engine_ray import RayEngine

    workers = len(os.sched_getaffinity(0))
    engine = RayEngine(workers=workers, object_store_bytes=256 * 1024 * 1024)
    engine.start()
    for documents, per_document in SIZES:
        zh, en = write_documents(OUT / f"ray_read_{documents}x{per_document}", documents, per_document)
        list(engine.read(zh, en, None, 5_000))
        here, rows = _best(iter_corpus, zh, en)
        there, ray_rows = _best(engine.read, zh, en)
        assert rows == ray_rows
        print(
            f"{documents} documents x {per_document} segments ({rows} rows), {workers} Ray workers: "
            f"driver {here:.2f} s, Ray tasks {there:.2f} s = {there / here:.2f}x the driver's time",
            flush=True,
        )


if __name__ == "__main__":
    main()
